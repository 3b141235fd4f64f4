// SPDX-License-Identifier: MIT
// The API upload tab when no keychain exists: run by CTest under a private D-Bus session with
// no services at all (tests/support/dbus-no-services.conf), so QtKeychain finds no Secret
// Service. The page must say so and offer a session-only key, never a file.
#include "ApiPageTestSupport.h"
#include "sandbox/SandboxServer.h"

#include <QSettings>
#include <QStandardPaths>

#include <memory>

using namespace Dbtu::Ui;
using Dbtu::Test::bannerText;
using Dbtu::Test::child;
using Dbtu::Test::text;

class TestApiUploadNoKeychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void bannerAndSessionOnlyKey();

private:
    std::unique_ptr<Dbtu::Sandbox::SandboxServer> m_sandbox;
};

void TestApiUploadNoKeychain::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("dbt-uploader-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("TestApiUploadNoKeychain"));
    QSettings().clear();
    m_sandbox = std::make_unique<Dbtu::Sandbox::SandboxServer>(Dbtu::Sandbox::SandboxOptions{});
    QVERIFY_OK(m_sandbox->start());
}

void TestApiUploadNoKeychain::bannerAndSessionOnlyKey()
{
    MainWindow window;
    window.tabWidget()->setCurrentWidget(window.apiUploadPage());
    window.show();
    QWidget *page = window.apiUploadPage();
    auto *banner = child<Banner>(page, QStringLiteral("keychainBanner"));
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 15000);
    QVERIFY2(
        bannerText(page, QStringLiteral("keychainBanner")).contains(QStringLiteral("No keychain")),
        qPrintable(bannerText(page, QStringLiteral("keychainBanner"))));
    auto *session = child<QPushButton>(page, QStringLiteral("sessionKeyButton"));
    QVERIFY(session->isVisible());

    Dbtu::Test::setCustomUrl(page, m_sandbox->apiBaseUrl().toString());
    child<QLineEdit>(page, QStringLiteral("apiKeyLineEdit"))->setText(m_sandbox->apiKey());
    QTest::mouseClick(session, Qt::LeftButton);
    QVERIFY(text(page, QStringLiteral("keyStatusLabel")).contains(QStringLiteral("session only")));
    QVERIFY(child<QLineEdit>(page, QStringLiteral("apiKeyLineEdit"))->text().isEmpty());

    // The session key works.
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("testConnectionButton")),
                      Qt::LeftButton);
    QTRY_VERIFY2(
        text(page, QStringLiteral("connectionStatusLabel")).startsWith(QStringLiteral("Connected")),
        qPrintable(text(page, QStringLiteral("connectionStatusLabel"))));

    // And it was written nowhere.
    QSettings().sync();
    const QString found
        = Dbtu::Test::fileContaining(QString::fromLocal8Bit(qgetenv("HOME")),
                                     m_sandbox->apiKey().toUtf8(), m_sandbox->dataDir());
    QVERIFY2(found.isEmpty(), qPrintable(found));
}

QTEST_MAIN(TestApiUploadNoKeychain)
#include "TestApiUploadNoKeychain.moc"
