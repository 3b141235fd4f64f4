// SPDX-License-Identifier: MIT
#include "FollowTray.h"

#include "ApiUploadPage.h"
#include "settings/AppSettings.h"

#include <QApplication>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

namespace Dbtu::Ui {

FollowTray::FollowTray(QWidget *window, ApiUploadPage *page)
    : QObject(window)
    , m_window(window)
    , m_page(page)
{
    connect(page, &ApiUploadPage::followingChanged, this, &FollowTray::onFollowingChanged);
    connect(page, &ApiUploadPage::followEvent, this, &FollowTray::onEvent);
}

FollowTray::~FollowTray()
{
    delete m_icon;
}

void FollowTray::onFollowingChanged(bool following)
{
    if (!following) {
        delete m_icon;
        return;
    }
    if (m_icon || !QSystemTrayIcon::isSystemTrayAvailable()) {
        return;
    }
    m_icon = new QSystemTrayIcon(QApplication::windowIcon(), this);
    m_icon->setObjectName(QStringLiteral("followTrayIcon"));
    m_icon->setToolTip(tr("dbt Uploader: uploading new dbt runs automatically"));
    auto *menu = new QMenu(m_window);
    menu->setObjectName(QStringLiteral("followTrayMenu"));
    connect(m_icon, &QObject::destroyed, menu, &QObject::deleteLater);
    menu->addAction(tr("&Pause automatic uploads"), m_page, &ApiUploadPage::stopFollowing);
    menu->addAction(tr("&Open dbt Uploader"), this, [this] {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    });
    menu->addSeparator();
    menu->addAction(tr("&Quit"), qApp, &QCoreApplication::quit);
    m_icon->setContextMenu(menu);
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
        if (r == QSystemTrayIcon::Trigger) {
            m_window->showNormal();
            m_window->raise();
            m_window->activateWindow();
        }
    });
    m_icon->show();
}

void FollowTray::onEvent(const FollowEvent &event)
{
    switch (event.kind) {
    case FollowEvent::Kind::Uploaded:
        notify(event.error ? tr("Run uploaded, sync failed") : tr("Run uploaded"), event.message,
               bool(event.error));
        break;
    case FollowEvent::Kind::Failed:
        notify(tr("Automatic upload failed"), event.message, true);
        break;
    case FollowEvent::Kind::Rejected:
        notify(tr("Run refused"), event.message, true);
        break;
    case FollowEvent::Kind::Superseded:
        notify(tr("Older run given up"), event.message, false);
        break;
    case FollowEvent::Kind::Watching:
    case FollowEvent::Kind::Waiting:
    case FollowEvent::Kind::Skipped:
    case FollowEvent::Kind::Uploading:
        break;
    }
}

void FollowTray::notify(const QString &title, const QString &text, bool failure)
{
    if (!AppSettings().followPreferences().notifies(failure)) {
        return; // Preferences → Automatic uploads → Notifications
    }
    m_last = title + QStringLiteral(": ") + text;
    if (m_icon) {
        m_icon->showMessage(title, text,
                            failure ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
    } else if (!m_window->isActiveWindow()) {
        QApplication::alert(m_window);
    }
}

} // namespace Dbtu::Ui
