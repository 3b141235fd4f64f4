// SPDX-License-Identifier: MIT
#include "api/FollowPanel.h"

#include "PageWidgets.h"
#include "artifacts/Inspector.h"
#include "history/UploadRecord.h"
#include "secoda/UploadSession.h"
#include "settings/AppSettings.h"

#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace Dbtu::Ui {

namespace {

/** "The sync finished at …." for an upload's event; empty when no sync was started. */
QString syncOutcome(const UploadSession &s)
{
    const QString end = s.syncEndText();
    return end.isEmpty() ? QString() : FollowPanel::tr("The sync %1.").arg(end);
}

} // namespace

FollowPanel::FollowPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_check = new QCheckBox(tr("Upload new runs auto&matically"), this);
    m_check->setObjectName(QStringLiteral("followCheckBox"));
    m_check->setAccessibleName(tr("Upload new runs automatically"));
    m_check->setToolTip(tr("Watch the files' folder and upload each new dbt run once, as soon "
                           "as both files are written"));
    layout->addWidget(m_check);
    m_status = PageWidgets::statusLabel(QStringLiteral("followStatusLabel"),
                                        tr("Automatic uploads"), this);
    layout->addWidget(m_status);
    connect(m_check, &QCheckBox::toggled, this, &FollowPanel::onToggled);
    updateEnabled();
}

FollowPanel::~FollowPanel()
{
    if (m_follower) {
        m_follower->disconnect(this); // the window closes: the switch stays on for next time
        delete m_follower;
    }
}

QString FollowPanel::folderOf(const QStringList &paths)
{
    if (paths.size() == 1 && QFileInfo(paths.first()).isDir()) {
        return QDir::cleanPath(artifactFolder(paths.first()));
    }
    QString folder;
    for (const QString &p : paths) {
        const QString parent = QFileInfo(p).absolutePath();
        if (!folder.isEmpty() && parent != folder) {
            return {};
        }
        folder = parent;
    }
    return folder;
}

void FollowPanel::setFolder(const QString &folder)
{
    m_folder = folder;
    updateEnabled();
}

void FollowPanel::setBusy(bool busy)
{
    m_busy = busy;
    updateEnabled();
}

void FollowPanel::updateEnabled()
{
    m_check->setEnabled(isFollowing() || (!m_folder.isEmpty() && !m_busy));
    if (!isFollowing() && m_status->text().isEmpty()) {
        m_status->setVisible(false);
    }
}

void FollowPanel::onToggled(bool on)
{
    if (on && !isFollowing()) {
        start();
        if (!isFollowing()) {
            const QSignalBlocker blocker(m_check); // the page said why it did not start
            m_check->setChecked(false);
        }
    } else if (!on && isFollowing()) {
        stop();
    }
}

void FollowPanel::start()
{
    if (const std::optional<Setup> setup = m_source ? m_source() : std::nullopt) {
        start(*setup);
    }
}

QString FollowPanel::showProfile(const QString &profile)
{
    if (isFollowing() && profile != m_profile) {
        suspend();
    }
    const QString saved = profile.isEmpty() ? QString() : AppSettings().followFolder(profile);
    m_resumeFor = !saved.isEmpty() && QFileInfo(saved).isDir() ? profile : QString();
    if (m_resumeFor.isEmpty()) {
        return {};
    }
    setFolder(saved);
    return saved;
}

void FollowPanel::resume()
{
    if (m_resumeFor.isEmpty() || isFollowing()) {
        return; // nothing waits, or the profile before has not stopped yet (it calls again)
    }
    m_resumeFor.clear();
    start();
}

void FollowPanel::start(const Setup &setup)
{
    if (isFollowing() || m_folder.isEmpty() || !setup.nam) {
        return;
    }
    const QString host = setup.endpoint.baseUrl().host();
    RunFollower::Options options;
    options.destinationKey = UploadRecord::apiDestinationKey(host, setup.integrationId);
    options.destination = QStringLiteral("%1 integration %2").arg(host, setup.integrationId);
    const FollowPreferences preferences = AppSettings().followPreferences();
    options.settle = setup.settle ? *setup.settle : std::chrono::seconds(preferences.settleSeconds);
    options.allowManifestOnly = preferences.allowManifestOnly;
    options.includeDocsGenerate = preferences.includeDocsGenerate;
    UploadSession::Options session = setup.session;
    session.waitOnWarnings = false; // nobody may be there to confirm
    session.watch = true;           // the sync's end is part of the event
    const RunFollower::SendFactory factory = [setup, session](const QStringList &paths) {
        auto *s = new UploadSession(*setup.nam, setup.endpoint, setup.key, setup.integrationId,
                                    session);
        s->setHistory({setup.history, UploadRecord::Origin::Follow, setup.profile});
        // A manifest alone goes through the separate style's manifest endpoint.
        const UploadStyle style = paths.size() == 1 ? UploadStyle::Separate : setup.style;
        return RunFollower::Send{s, [s, paths, style] { s->startUpload(paths, style); },
                                 [s] { return s->isUploaded(); }, [s] { return s->historyId(); },
                                 [s] {
                                     return syncOutcome(*s);
                                 }};
    };
    m_follower = new RunFollower(m_folder, options, factory, setup.history, this);
    connect(m_follower, &RunFollower::reported, this, &FollowPanel::onEvent);
    connect(m_follower, &Job::finished, this, &FollowPanel::onFinished);
    m_profile = setup.profile;
    if (!m_profile.isEmpty()) {
        AppSettings().setFollowFolder(m_profile, m_folder);
    }
    {
        const QSignalBlocker blocker(m_check);
        m_check->setChecked(true);
    }
    m_follower->start();
    updateEnabled();
    emit followingChanged(true);
}

void FollowPanel::stop()
{
    if (m_follower) {
        m_follower->cancel(); // onFinished() follows
    }
}

void FollowPanel::suspend()
{
    if (m_follower) {
        m_suspending = true;
        m_follower->cancel();
    }
}

void FollowPanel::onEvent(const FollowEvent &event)
{
    m_status->setText(QStringLiteral("%1 %2").arg(PageWidgets::localTime(event.at), event.message));
    m_status->setVisible(true);
    emit followEvent(event);
    if (event.kind == FollowEvent::Kind::Uploaded || event.kind == FollowEvent::Kind::Failed
        || event.kind == FollowEvent::Kind::Rejected) {
        emit recorded();
    }
}

void FollowPanel::onFinished()
{
    RunFollower *follower = m_follower;
    m_follower.clear();
    follower->deleteLater();
    const bool suspended = std::exchange(m_suspending, false);
    if (!m_profile.isEmpty() && !suspended) {
        AppSettings().setFollowFolder(m_profile, {}); // turned off: not started again
    }
    if (follower->error() && follower->error()->code != ErrorCode::Cancelled) {
        m_status->setText(tr("Automatic uploads stopped: %1 %2")
                              .arg(follower->error()->message, follower->error()->hint));
    } else if (suspended) {
        m_status->setText(
            tr("Automatic uploads of profile \"%1\" go on when it is shown again.").arg(m_profile));
    } else {
        m_status->setText(tr("Automatic uploads are off."));
    }
    {
        const QSignalBlocker blocker(m_check);
        m_check->setChecked(false);
    }
    updateEnabled();
    emit followingChanged(false);
    resume(); // the profile shown now may wait for this one to stop
}

} // namespace Dbtu::Ui
