// SPDX-License-Identifier: MIT
#pragma once

#include "follow/RunFollower.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;

namespace Dbtu::Ui {

/**
 * The API tab's "Upload new runs automatically" switch. While it is on, a RunFollower watches
 * the folder the tab's files come from and sends each new dbt run once, through the sessions
 * the page makes (its endpoint, key and integration at the time it was switched on), recorded
 * with origin follow. Each event goes into the status line and out through followEvent() (the
 * window's tray notifies). It goes off with stop(), a fatal error, or when the page's profile
 * changes. The switch is enabled while the files come from one folder (setFolder()).
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
    /** Starts following folder() (the page calls it when the switch is turned on). */
    void start(RunFollower::Options options, RunFollower::SendFactory factory,
               HistoryStore *history);
    /** Stops following (the switch goes off); an upload under way is cancelled. */
    void stop();
    bool isFollowing() const { return m_follower != nullptr; }
    /** Disabled while the page runs an upload of its own, unless following already. */
    void setBusy(bool busy);

    /** The folder of @p paths: a folder given (or its target/), else the files' common folder;
     * empty when they are not in one. */
    static QString folderOf(const QStringList &paths);

signals:
    /** The user turned the switch on: the page calls start() (or leaves it off, saying why). */
    void startRequested();
    void followingChanged(bool following);
    void followEvent(const Dbtu::FollowEvent &event);

private:
    void onToggled(bool on);
    void onEvent(const FollowEvent &event);
    void onFinished();
    void updateEnabled();

    QCheckBox *m_check = nullptr;
    QLabel *m_status = nullptr;
    QString m_folder;
    QPointer<RunFollower> m_follower;
    bool m_busy = false;
};

} // namespace Dbtu::Ui
