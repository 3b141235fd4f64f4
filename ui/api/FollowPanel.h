// SPDX-License-Identifier: MIT
#pragma once

#include "follow/RunFollower.h"
#include "secoda/ApiEndpoint.h"
#include "secoda/UploadArtifactsJob.h"
#include "secoda/UploadSession.h"
#include "secrets/Secret.h"

#include <QPointer>
#include <QWidget>

#include <QWidget>
#include <functional>
#include <optional>

class QCheckBox;
class QLabel;
class QNetworkAccessManager;

namespace Dbtu::Ui {

/**
 * The API tab's "Upload new runs automatically" switch. While it is on, a RunFollower watches
 * the folder the tab's files come from and sends each new dbt run once, through an
 * UploadSession per run with the page's endpoint, key and integration at the time it was
 * switched on (Setup), recorded with origin follow; warnings do not wait (nobody may be there).
 * Each event goes into the status line and out through followEvent() (the window's tray
 * notifies). The switch is kept per profile (AppSettings::followFolder): turned off by the
 * user or by an error no retry can change, it is forgotten; suspend() (the page shows another
 * profile) stops it and keeps it, and the page starts it again when the profile is shown
 * (also after a restart). The switch is enabled while the files come from one folder.
 * Widgets (objectNames): followCheckBox, followStatusLabel.
 */
class FollowPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FollowPanel(QWidget *parent = nullptr);
    ~FollowPanel() override;

    /** The folder the tab's files come from (empty: none; the switch is then disabled). */
    void setFolder(const QString &folder);
    QString folder() const { return m_folder; }
    /** What the sessions send with: the page's at the time the switch was turned on. */
    struct Setup
    {
        QNetworkAccessManager *nam = nullptr;
        ApiEndpoint endpoint;
        Secret key;
        QString integrationId;
        QString profile; ///< whose switch it is (saved under it); empty: not saved (sandbox)
        UploadStyle style = UploadStyle::Combined;
        HistoryStore *history = nullptr; ///< open, or null
        std::optional<std::chrono::milliseconds> settle;
        /** Its watch limit and polling (each run's sync is followed to its end). */
        UploadSession::Options session;
    };

    /** The page's Setup now, or nullopt after it showed why it cannot start (no key…). */
    using SetupSource = std::function<std::optional<Setup>()>;
    /** Where start() gets its Setup when the switch is turned on or resumed. */
    void setSetupSource(SetupSource source) { m_source = std::move(source); }

    /** Starts following folder() with the Setup of the source. */
    void start();
    /**
     * The page shows @p profile (empty: a transient one, never saved): another profile's
     * switch is suspended; when this one's was on, its folder is returned (the page loads it)
     * and it starts again at the next resume().
     */
    QString showProfile(const QString &profile);
    /** Starts the shown profile's saved switch, if it waits (the page: its key is known). */
    void resume();
    /** Turns the switch off (the user, the tray's Pause): forgotten for its profile; an upload
     * under way is cancelled. */
    void stop();
    /** Stops following but keeps the switch on for its profile (another profile is shown). */
    void suspend();
    bool isFollowing() const { return m_follower != nullptr; }
    /** Disabled while the page runs an upload of its own, unless following already. */
    void setBusy(bool busy);

    /** The folder of @p paths: a folder given (or its target/), else the files' common folder;
     * empty when they are not in one. */
    static QString folderOf(const QStringList &paths);

signals:
    void followingChanged(bool following);
    void followEvent(const Dbtu::FollowEvent &event);
    /** An upload ended and its session recorded it (Last uploads may read it). */
    void recorded();

private:
    void onToggled(bool on);
    void start(const Setup &setup);
    void onEvent(const FollowEvent &event);
    void onFinished();
    void updateEnabled();

    QCheckBox *m_check = nullptr;
    QLabel *m_status = nullptr;
    QString m_folder;
    QPointer<RunFollower> m_follower;
    QString m_profile;   ///< whose switch runs now
    QString m_resumeFor; ///< the profile whose saved switch waits for resume()
    SetupSource m_source;
    bool m_busy = false;
    bool m_suspending = false;
};

} // namespace Dbtu::Ui
