// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QUrl>

class QAction;
class QMenu;
class QMenuBar;
class QWidget;

namespace Dbtu::Ui {

/**
 * The window's Help menu: About (version, Qt, licence, and where settings, keychain entries, the
 * upload history and the debug log live), Getting started (the README), Show Log (the redacted
 * debug log of this run, with Copy) and Report a Problem (the issues page with the version and
 * platform filled in; never a secret, a path or a setting).
 *
 * Try with a Local Sandbox asks the window to start one (tryWithSandboxRequested).
 *
 * Object names: helpMenu, aboutAction, gettingStartedAction, tryWithSandboxAction,
 * showLogAction, reportProblemAction; dialogs aboutDialog, debugLogDialog (its text debugLogText,
 * its buttons copyLogButton and closeButton).
 */
class HelpMenu : public QObject
{
    Q_OBJECT
public:
    /** Adds the menu to @p bar; dialogs open over @p window. */
    HelpMenu(QMenuBar *bar, QWidget *window);

    QMenu *menu() const { return m_menu; }

    /** What About says, as plain text (the dialog shows it). */
    static QString aboutText();
    /** The new-issue page with the version and platform in its body. */
    static QUrl reportProblemUrl();
    /** Where the README is read on the web. */
    static QUrl gettingStartedUrl();

    /** Whether Try with a Local Sandbox can be used (a starter is set, not in sandbox mode). */
    void setSandboxAvailable(bool available);

signals:
    void tryWithSandboxRequested();

public slots:
    void showAbout();
    void showLog();

private:
    QWidget *m_window;
    QMenu *m_menu = nullptr;
    QAction *m_sandbox = nullptr;
};

} // namespace Dbtu::Ui
