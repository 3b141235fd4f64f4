// SPDX-License-Identifier: MIT
#pragma once

#include "follow/FollowEvent.h"

#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>

class QWidget;

namespace Dbtu::Ui {

class ApiUploadPage;

/**
 * While the API tab uploads new runs automatically: a tray icon (where the desktop has a tray)
 * with Pause automatic uploads, Open dbt Uploader and Quit, and a notification for each upload
 * that ends or fails (a tray message; without a tray, the window asks for attention when it is
 * not the active one), as Preferences → Automatic uploads → Notifications says (every one,
 * failures only, none). Owned by the window.
 * Objects (objectNames): followTrayIcon, followTrayMenu.
 */
class FollowTray : public QObject
{
    Q_OBJECT
public:
    FollowTray(QWidget *window, ApiUploadPage *page);
    ~FollowTray() override;

    /** The icon, or null when the desktop has no tray (or automatic uploads are off). */
    QSystemTrayIcon *icon() const { return m_icon; }
    /** The last notification shown, "title: text" (for tests; empty before the first). */
    QString lastNotification() const { return m_last; }

private:
    void onFollowingChanged(bool following);
    void onEvent(const FollowEvent &event);
    void notify(const QString &title, const QString &text, bool failure);

    QWidget *m_window;
    ApiUploadPage *m_page;
    QPointer<QSystemTrayIcon> m_icon;
    QString m_last;
};

} // namespace Dbtu::Ui
