// SPDX-License-Identifier: MIT
#include "api/SyncPanel.h"

#include "PageWidgets.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSystemTrayIcon>
#include <QVBoxLayout>

namespace Dbtu::Ui {

using PageWidgets::localTime;

SyncPanel::SyncPanel(QWidget *parent)
    : QGroupBox(tr("Sync"), parent)
{
    setObjectName(QStringLiteral("syncGroupBox"));
    auto *layout = new QVBoxLayout(this);
    m_status = PageWidgets::statusLabel(QStringLiteral("syncStatusLabel"), tr("Sync status"), this);
    m_status->setText(tr("No sync watched yet."));
    layout->addWidget(m_status);
    auto *row = new QHBoxLayout;
    auto *limitLabel = new QLabel(tr("&Watch for up to"), this);
    m_limit = new QSpinBox(this);
    m_limit->setObjectName(QStringLiteral("watchLimitSpinBox"));
    m_limit->setAccessibleName(tr("Watch limit in minutes"));
    m_limit->setRange(1, 240);
    m_limit->setValue(15);
    m_limit->setSuffix(tr(" min"));
    limitLabel->setBuddy(m_limit);
    m_openSyncs = PageWidgets::button(tr("Open the Syncs pa&ge"), QStringLiteral("openSyncsButton"),
                                      tr("Open the Syncs page in the browser"), this);
    row->addWidget(limitLabel);
    row->addWidget(m_limit);
    row->addStretch(1);
    row->addWidget(m_openSyncs);
    layout->addLayout(row);
    connect(m_openSyncs, &QPushButton::clicked, this, &SyncPanel::openSyncsRequested);
}

std::chrono::minutes SyncPanel::watchLimit() const
{
    return std::chrono::minutes(m_limit->value());
}

void SyncPanel::setStatus(const QString &text)
{
    m_status->setText(text);
}

void SyncPanel::showTriggering()
{
    m_status->setText(tr("Triggering a sync…"));
}

void SyncPanel::showWatching(const QDateTime &startedAt)
{
    m_status->setText(tr("Sync started at %1; watching it…").arg(localTime(startedAt)));
}

void SyncPanel::showPolled(const QDateTime &startedAt, qint64 elapsedMs,
                           const std::optional<QDateTime> &lastRun)
{
    m_status->setText(tr("Sync started at %1; polling (%2 s so far, last run %3)…")
                          .arg(localTime(startedAt))
                          .arg(elapsedMs / 1000)
                          .arg(lastRun ? localTime(*lastRun) : tr("never")));
}

void SyncPanel::showFinished(const QDateTime &startedAt, const QString &when)
{
    m_status->setText(tr("Sync started at %1, finished at %2.").arg(localTime(startedAt), when));
}

void SyncPanel::notifyFinished(const QString &integrationId, const QString &when)
{
    if (window()->isActiveWindow()) {
        return;
    }
    const QString title = tr("Secoda sync finished");
    const QString text = tr("The sync of integration %1 finished at %2.").arg(integrationId, when);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        auto *tray = findChild<QSystemTrayIcon *>(QStringLiteral("syncTrayIcon"));
        if (!tray) {
            tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
            tray->setObjectName(QStringLiteral("syncTrayIcon"));
        }
        tray->show();
        tray->showMessage(title, text);
    } else {
        QApplication::alert(window());
    }
}

void SyncPanel::showGaveUp(const QDateTime &startedAt)
{
    m_status->setText(
        tr("The sync started at %1 had not finished after %2 min; it goes on in Secoda. "
           "Follow it on the Syncs page.")
            .arg(localTime(startedAt))
            .arg(m_limit->value()));
}

void SyncPanel::showStopped()
{
    m_status->setText(
        tr("Stopped watching; the sync goes on in Secoda. Follow it on the Syncs page."));
}

} // namespace Dbtu::Ui
