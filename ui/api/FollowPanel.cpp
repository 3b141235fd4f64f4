// SPDX-License-Identifier: MIT
#include "api/FollowPanel.h"

#include "PageWidgets.h"

#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace Dbtu::Ui {

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
    delete m_follower;
}

QString FollowPanel::folderOf(const QStringList &paths)
{
    if (paths.size() == 1 && QFileInfo(paths.first()).isDir()) {
        const QDir dir(paths.first());
        const bool inTarget = !dir.exists(QStringLiteral("manifest.json"))
                              && dir.exists(QStringLiteral("target/manifest.json"));
        return QDir::cleanPath(inTarget ? dir.filePath(QStringLiteral("target")) : dir.path());
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
        emit startRequested();
        if (!isFollowing()) {
            const QSignalBlocker blocker(m_check); // the page said why it did not start
            m_check->setChecked(false);
        }
    } else if (!on && isFollowing()) {
        stop();
    }
}

void FollowPanel::start(RunFollower::Options options, RunFollower::SendFactory factory,
                        HistoryStore *history)
{
    if (isFollowing() || m_folder.isEmpty()) {
        return;
    }
    m_follower = new RunFollower(m_folder, std::move(options), std::move(factory), history, this);
    connect(m_follower, &RunFollower::reported, this, &FollowPanel::onEvent);
    connect(m_follower, &Job::finished, this, &FollowPanel::onFinished);
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

void FollowPanel::onEvent(const FollowEvent &event)
{
    m_status->setText(QStringLiteral("%1 %2").arg(PageWidgets::localTime(event.at), event.message));
    m_status->setVisible(true);
    emit followEvent(event);
}

void FollowPanel::onFinished()
{
    RunFollower *follower = m_follower;
    m_follower.clear();
    follower->deleteLater();
    if (follower->error() && follower->error()->code != ErrorCode::Cancelled) {
        m_status->setText(tr("Automatic uploads stopped: %1 %2")
                              .arg(follower->error()->message, follower->error()->hint));
    } else {
        m_status->setText(tr("Automatic uploads are off."));
    }
    {
        const QSignalBlocker blocker(m_check);
        m_check->setChecked(false);
    }
    updateEnabled();
    emit followingChanged(false);
}

} // namespace Dbtu::Ui
