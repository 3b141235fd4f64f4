// SPDX-License-Identifier: MIT
// The window's Help menu, through the real window: About says where things live, Show Log shows
// this run's redacted log and copies it, Report a Problem carries the version and platform and
// nothing else.
#include "ApiPageTestSupport.h"
#include "ApiUploadPage.h"
#include "HelpMenu.h"
#include "MainWindow.h"
#include "history/HistoryStore.h"
#include "log/DebugLog.h"
#include "sandbox/SandboxServer.h"

#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace Dbtu;
using namespace Dbtu::Ui;

Q_LOGGING_CATEGORY(lcHelpTest, "dbtu.test.help")

class TestHelpMenu : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void menuHasItsActions();
    void aboutSaysWhereThingsLive();
    void showLogShowsAndCopiesTheRedactedLog();
    void reportProblemCarriesVersionAndPlatformOnly();
    void firstRunSaysWhereToGetAKey();
    void tryWithSandboxFailsClearly();
    void tryWithSandboxStartsOneInTheWindow();

private:
    QAction *action(const QString &name) const;
    template<typename T>
    T *openDialog(const QString &action, const QString &dialog);

    QTemporaryDir m_tmp;
    std::unique_ptr<Sandbox::SandboxServer> m_sandbox;
    std::unique_ptr<MainWindow> m_window;
};

void TestHelpMenu::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("dbt-uploader-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("TestHelpMenu"));
    QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7"));
    QSettings().clear();
    QVERIFY(m_tmp.isValid());
    qputenv("DBTU_LOG_FILE", m_tmp.filePath(QStringLiteral("debug.log")).toLocal8Bit());
    DebugLog::install();
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestHelpMenu::cleanupTestCase()
{
    m_window.reset();
    m_sandbox.reset();
    DebugLog::uninstall();
}

QAction *TestHelpMenu::action(const QString &name) const
{
    return m_window->findChild<QAction *>(name);
}

template<typename T>
T *TestHelpMenu::openDialog(const QString &actionName, const QString &dialogName)
{
    QAction *a = action(actionName);
    if (!a) {
        return nullptr;
    }
    a->trigger();
    QDialog *dialog = nullptr;
    for (int i = 0; i < 100 && !dialog; ++i) {
        QTest::qWait(20);
        for (QDialog *d : m_window->findChildren<QDialog *>(dialogName)) {
            if (d->isVisible()) {
                dialog = d;
            }
        }
    }
    return qobject_cast<T *>(dialog);
}

void TestHelpMenu::menuHasItsActions()
{
    auto *menu = m_window->menuBar()->findChild<QMenu *>(QStringLiteral("helpMenu"));
    QVERIFY(menu);
    QStringList names;
    for (QAction *a : menu->actions()) {
        if (!a->isSeparator()) {
            names << a->objectName();
            QVERIFY2(a->text().contains(QLatin1Char('&')), qPrintable(a->text())); // mnemonic
        }
    }
    QCOMPARE(names,
             (QStringList{QStringLiteral("gettingStartedAction"),
                          QStringLiteral("tryWithSandboxAction"), QStringLiteral("showLogAction"),
                          QStringLiteral("reportProblemAction"), QStringLiteral("aboutAction")}));
    QCOMPARE(HelpMenu::gettingStartedUrl().scheme(), QStringLiteral("https"));
}

void TestHelpMenu::aboutSaysWhereThingsLive()
{
    auto *dialog
        = openDialog<QDialog>(QStringLiteral("aboutAction"), QStringLiteral("aboutDialog"));
    QVERIFY(dialog);
    const QString text = dialog->findChild<QLabel *>(QStringLiteral("aboutText"))->text();
    QVERIFY2(text.contains(QLatin1String("9.8.7")), qPrintable(text));
    QVERIFY2(text.contains(QString::fromLatin1(qVersion())), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("MIT")), qPrintable(text));
    QVERIFY2(text.contains(QSettings().fileName()), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("secoda/<profile>/api-key")), qPrintable(text));
    QVERIFY2(text.contains(m_tmp.filePath(QStringLiteral("debug.log"))), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Upload history (never a secret): ")
                           + Dbtu::HistoryStore::defaultPath()),
             qPrintable(text));
    dialog->findChild<QPushButton *>(QStringLiteral("closeButton"))->click();
    QTRY_VERIFY(!dialog->isVisible());
}

void TestHelpMenu::showLogShowsAndCopiesTheRedactedLog()
{
    // A line with a credential in it: the log (and so the dialog) holds it redacted.
    qCWarning(lcHelpTest) << "help-menu-marker Authorization: Bearer help-menu-secret-token";
    auto *dialog
        = openDialog<QDialog>(QStringLiteral("showLogAction"), QStringLiteral("debugLogDialog"));
    QVERIFY(dialog);
    const QString text
        = dialog->findChild<QPlainTextEdit *>(QStringLiteral("debugLogText"))->toPlainText();
    QVERIFY2(text.contains(QLatin1String("help-menu-marker")), qPrintable(text.right(2000)));
    QVERIFY2(!text.contains(QLatin1String("help-menu-secret-token")), qPrintable(text.right(2000)));
    QApplication::clipboard()->clear();
    dialog->findChild<QPushButton *>(QStringLiteral("copyLogButton"))->click();
    QCOMPARE(QApplication::clipboard()->text(), text);
    dialog->findChild<QPushButton *>(QStringLiteral("closeButton"))->click();
    QTRY_VERIFY(!dialog->isVisible());
}

void TestHelpMenu::reportProblemCarriesVersionAndPlatformOnly()
{
    const QUrl url = HelpMenu::reportProblemUrl();
    QCOMPARE(url.scheme(), QStringLiteral("https"));
    QVERIFY(url.path().endsWith(QLatin1String("/issues/new")));
    const QString body = QUrlQuery(url).queryItemValue(QStringLiteral("body"), QUrl::FullyDecoded);
    QVERIFY2(body.contains(QLatin1String("dbt Uploader 9.8.7")), qPrintable(body));
    QVERIFY2(body.contains(QString::fromLatin1(qVersion())), qPrintable(body));
    QVERIFY2(body.contains(QSysInfo::currentCpuArchitecture()), qPrintable(body));
    // No path of this machine, no setting, no log line.
    QVERIFY2(!body.contains(QDir::homePath()) && !body.contains(m_tmp.path()), qPrintable(body));
    QVERIFY2(!body.contains(QLatin1String("help-menu-marker")), qPrintable(body));
}

// A first run (no saved profile, no integration, no key): the API tab says where to get a key,
// and offers Try with a local sandbox once the window can start one.
void TestHelpMenu::firstRunSaysWhereToGetAKey()
{
    ApiUploadPage *page = m_window->apiUploadPage();
    m_window->tabWidget()->setCurrentWidget(page);
    auto *panel = page->findChild<QWidget *>(QStringLiteral("firstRunPanel"));
    auto *label = page->findChild<QLabel *>(QStringLiteral("firstRunLabel"));
    auto *tryIt = page->findChild<QPushButton *>(QStringLiteral("firstRunSandboxButton"));
    QVERIFY(panel && label && tryIt);
    QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible(), 10000); // once the keychain has answered
    QVERIFY2(label->text().contains(QStringLiteral("Settings → API")), qPrintable(label->text()));
    QVERIFY(!panel->accessibleName().isEmpty());
    QVERIFY(!tryIt->isVisible()); // no sandbox starter yet: nothing to offer

    // A typed key is enough to leave the first run; clearing it brings the panel back.
    auto *key = page->findChild<QLineEdit *>(QStringLiteral("apiKeyLineEdit"));
    QVERIFY(key);
    key->setText(QStringLiteral("typed-key"));
    QTRY_VERIFY(!panel->isVisible());
    key->clear();
    QTRY_VERIFY(panel->isVisible());
}

void TestHelpMenu::tryWithSandboxFailsClearly()
{
    QAction *tryIt = action(QStringLiteral("tryWithSandboxAction"));
    QVERIFY(tryIt);
    QVERIFY(!tryIt->isEnabled()); // no starter yet
    m_window->setSandboxStarter([]() -> Result<MainWindow::Sandbox> {
        return Error{ErrorCode::Network,
                     QStringLiteral("The sandbox could not listen on 127.0.0.2"),
                     QStringLiteral("Free a port and try again."),
                     {},
                     0};
    });
    QVERIFY(tryIt->isEnabled());
    tryIt->trigger();
    QCOMPARE(m_window->tabWidget()->currentWidget(), m_window->apiUploadPage());
    const QString shown
        = Test::bannerText(m_window->apiUploadPage(), QStringLiteral("apiErrorBanner"));
    QVERIFY2(shown.contains(QLatin1String("could not listen")), qPrintable(shown));
    QVERIFY(!m_window->isSandboxMode());
    QVERIFY(tryIt->isEnabled()); // it may be tried again
}

void TestHelpMenu::tryWithSandboxStartsOneInTheWindow()
{
    int starts = 0;
    m_window->setSandboxStarter([this, &starts]() -> Result<MainWindow::Sandbox> {
        ++starts;
        Sandbox::SandboxOptions options;
        options.syncSeconds = 0.3;
        m_sandbox = std::make_unique<Sandbox::SandboxServer>(options);
        if (Result<void> started = m_sandbox->start(); !started) {
            return started.error();
        }
        return MainWindow::Sandbox{m_sandbox->apiBaseUrl(), m_sandbox->apiKey(),
                                   Sandbox::SandboxServer::dbtIntegrationId()};
    });
    // The first-run panel's button starts it, as Help → Try with a Local Sandbox does.
    auto *firstRunButton = m_window->apiUploadPage()->findChild<QPushButton *>(
        QStringLiteral("firstRunSandboxButton"));
    QVERIFY(firstRunButton);
    QTRY_VERIFY(firstRunButton->isVisible());
    QTest::mouseClick(firstRunButton, Qt::LeftButton);
    QAction *tryIt = action(QStringLiteral("tryWithSandboxAction"));
    QCOMPARE(starts, 1);
    QVERIFY(!m_window->apiUploadPage()
                 ->findChild<QWidget *>(QStringLiteral("firstRunPanel"))
                 ->isVisible());
    QVERIFY(m_window->isSandboxMode());
    QVERIFY(m_window->apiUploadPage()->isSandboxMode());
    QCOMPARE(m_window->apiUploadPage()->currentProfileName(), QStringLiteral("sandbox"));
    QCOMPARE(m_window->apiUploadPage()->integrationId(),
             Sandbox::SandboxServer::dbtIntegrationId());
    QCOMPARE(m_window->tabWidget()->currentWidget(), m_window->apiUploadPage());
    QVERIFY(m_window->windowTitle().contains(QLatin1String("Sandbox")));
    QVERIFY(!tryIt->isEnabled()); // one sandbox per window
    tryIt->trigger();
    QCOMPARE(starts, 1);
    // The sandbox profile is never saved over the user's.
    QVERIFY(!AppSettings().profileNames().contains(QStringLiteral("sandbox")));
}

QTEST_MAIN(TestHelpMenu)
#include "TestHelpMenu.moc"
