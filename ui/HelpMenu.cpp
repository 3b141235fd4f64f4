// SPDX-License-Identifier: MIT
#include "HelpMenu.h"

#include "PageWidgets.h"
#include "history/HistoryStore.h"
#include "log/DebugLog.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSysInfo>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace Dbtu::Ui {

namespace {

const QString kHome = QStringLiteral("https://github.com/dbt-uploader/dbt-uploader");

QDialog *newDialog(QWidget *window, const QString &name, const QString &title)
{
    auto *dialog = new QDialog(window);
    dialog->setObjectName(name);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(title);
    return dialog;
}

} // namespace

HelpMenu::HelpMenu(QMenuBar *bar, QWidget *window)
    : QObject(window)
    , m_window(window)
{
    m_menu = bar->addMenu(tr("&Help"));
    m_menu->setObjectName(QStringLiteral("helpMenu"));
    QAction *started = m_menu->addAction(tr("&Getting Started"), this,
                                         [] { QDesktopServices::openUrl(gettingStartedUrl()); });
    started->setObjectName(QStringLiteral("gettingStartedAction"));
    started->setShortcut(QKeySequence::HelpContents);
    m_sandbox = m_menu->addAction(tr("&Try with a Local Sandbox"), this,
                                  &HelpMenu::tryWithSandboxRequested);
    m_sandbox->setObjectName(QStringLiteral("tryWithSandboxAction"));
    m_sandbox->setStatusTip(tr("Starts a local test server in this window; nothing reaches "
                               "Secoda"));
    m_sandbox->setEnabled(false);
    QAction *log = m_menu->addAction(tr("Show &Log…"), this, &HelpMenu::showLog);
    log->setObjectName(QStringLiteral("showLogAction"));
    QAction *report = m_menu->addAction(tr("&Report a Problem…"), this,
                                        [] { QDesktopServices::openUrl(reportProblemUrl()); });
    report->setObjectName(QStringLiteral("reportProblemAction"));
    m_menu->addSeparator();
    QAction *about = m_menu->addAction(tr("&About dbt Uploader"), this, &HelpMenu::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
}

void HelpMenu::setSandboxAvailable(bool available)
{
    m_sandbox->setEnabled(available);
}

QString HelpMenu::aboutText()
{
    return tr("dbt Uploader %1 (Qt %2)\n"
              "Gets dbt Core artifacts into the Secoda data catalog.\n"
              "MIT licence: free to use, change and share; no warranty.\n\n"
              "Settings and profiles (never a secret): %3\n"
              "Upload history (never a secret): %6\n"
              "Keys and secrets: the system keychain, service \"dbt-uploader\", entries "
              "secoda/<profile>/api-key, bucket/<profile>/<field> and proxy/password\n"
              "Debug log (redacted): %4\n\n"
              "%5")
        .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()),
             QSettings().fileName(), DebugLog::filePath(), kHome,
             QDir::toNativeSeparators(HistoryStore::defaultPath()));
}

QUrl HelpMenu::reportProblemUrl()
{
    QUrl url(kHome + QStringLiteral("/issues/new"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("body"),
                       tr("What I did:\n\nWhat I expected:\n\nWhat happened (the message, or the "
                          "lines of Help → Show Log that matter; they are redacted):\n\n"
                          "---\ndbt Uploader %1, Qt %2, %3 (%4)")
                           .arg(QCoreApplication::applicationVersion(),
                                QString::fromLatin1(qVersion()), QSysInfo::prettyProductName(),
                                QSysInfo::currentCpuArchitecture()));
    url.setQuery(query);
    return url;
}

QUrl HelpMenu::gettingStartedUrl()
{
    return QUrl(kHome + QStringLiteral("#readme"));
}

void HelpMenu::showAbout()
{
    QDialog *dialog = newDialog(m_window, QStringLiteral("aboutDialog"), tr("About dbt Uploader"));
    auto *layout = new QVBoxLayout(dialog);
    auto *text = new QLabel(aboutText(), dialog);
    text->setObjectName(QStringLiteral("aboutText"));
    text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    text->setTextFormat(Qt::PlainText);
    text->setWordWrap(true);
    layout->addWidget(text);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeButton"));
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->resize(560, dialog->sizeHint().height());
    dialog->open();
}

void HelpMenu::showLog()
{
    QDialog *dialog = newDialog(m_window, QStringLiteral("debugLogDialog"), tr("Debug log"));
    auto *layout = new QVBoxLayout(dialog);
    auto *where = new QLabel(DebugLog::isInstalled()
                                 ? tr("This run's log, redacted (no key or secret). The file: %1")
                                       .arg(DebugLog::filePath())
                                 : tr("The debug log is off in this run."),
                             dialog);
    where->setWordWrap(true);
    where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(where);
    auto *text = new QPlainTextEdit(dialog);
    text->setObjectName(QStringLiteral("debugLogText"));
    text->setAccessibleName(tr("Debug log"));
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    DebugLog::flush();
    text->setPlainText(DebugLog::recentLines().join(QLatin1Char('\n')));
    text->moveCursor(QTextCursor::End);
    layout->addWidget(text, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeButton"));
    QPushButton *copy = PageWidgets::button(tr("&Copy"), QStringLiteral("copyLogButton"),
                                            tr("Copy the log"), dialog);
    buttons->addButton(copy, QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, dialog,
            [text] { QApplication::clipboard()->setText(text->toPlainText()); });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->resize(760, 480);
    dialog->open();
}

} // namespace Dbtu::Ui
