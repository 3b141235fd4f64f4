// SPDX-License-Identifier: MIT
// The window against servers that misbehave (a real HTTP server on loopback, scripted): an HTML
// gateway page, a 200 login page, an endless reply, a reply that drips, a redirect to another
// host (127.0.0.2), an absurd Retry-After. Each ends in the API tab's banner with a short,
// markup-free message and the page in Details…, never a frozen window; Settings → Request
// timeout sets the deadline that ends the dripping reply.
#include "ApiPageTestSupport.h"
#include "AppSettings.h"
#include "NetworkJob.h"
#include "ScriptedHttpServer.h"

#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>

using namespace Dbtu;
using namespace Dbtu::Test;
using namespace Dbtu::Ui;
using namespace DbtuTest;
using namespace std::chrono_literals;

class TestWindowFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void faults_data();
    void faults();
    void redirectToAnotherHost();
    void requestTimeoutSetting();

private:
    QWidget *page() const { return m_window->apiUploadPage(); }
    /** Points the API tab at @p server, clicks Test connection, returns the banner's text. */
    QString testConnection(const ScriptedHttpServer &server);

    std::unique_ptr<MainWindow> m_window;
};

void TestWindowFaults::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("dbt-uploader-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_windowfaults"));
    QSettings().clear();
}

void TestWindowFaults::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->tabWidget()->setCurrentWidget(page());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY(
        !text(page(), QStringLiteral("keyStatusLabel")).contains(QStringLiteral("Looking")));
}

void TestWindowFaults::cleanup()
{
    m_window.reset();
    AppSettings().setRequestTimeoutSeconds(0);
    NetworkJob::setDefaultDeadline(std::nullopt);
}

QString TestWindowFaults::testConnection(const ScriptedHttpServer &server)
{
    setCustomUrl(page(), QString::fromLatin1(server.origin() + "/api/v1"));
    child<QLineEdit>(page(), QStringLiteral("apiKeyLineEdit"))
        ->setText(QStringLiteral("dbtu-window-fault-key"));
    auto *button = child<QPushButton>(page(), QStringLiteral("testConnectionButton"));
    if (!button || !button->isEnabled()) {
        return QStringLiteral("<Test connection is not enabled>");
    }
    QTest::mouseClick(button, Qt::LeftButton);
    auto *banner = child<Banner>(page(), QStringLiteral("apiErrorBanner"));
    if (!QTest::qWaitFor([banner] { return banner->isVisible(); }, 60000)) {
        return QStringLiteral("<no banner; status: %1>")
            .arg(text(page(), QStringLiteral("connectionStatusLabel")));
    }
    return bannerText(page(), QStringLiteral("apiErrorBanner"));
}

void TestWindowFaults::faults_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<QString>("inDetails");
    QTest::newRow("HTML 502 from a gateway") << 0 << "502 Bad Gateway"
                                             << "<title>502 Bad Gateway";
    QTest::newRow("200 login page") << 1 << "Sign in to Corp"
                                    << "<form";
    QTest::newRow("endless reply") << 2 << "longer than"
                                   << "";
    QTest::newRow("Retry-After of 11 days") << 3 << "999999 s"
                                            << "";
    QTest::newRow("broken JSON") << 4 << "did not answer like Secoda's API"
                                 << "{\"status\"";
}

void TestWindowFaults::faults()
{
    QFETCH(int, kind);
    QFETCH(QString, shown);
    QFETCH(QString, inDetails);
    ScriptedHttpServer server([kind](const RecordedRequest &) {
        switch (kind) {
        case 0:
            return ScriptedReply::status(
                502, "Bad Gateway",
                "<html><head><title>502 Bad Gateway</title><style>body{}</style></head><body>"
                "<h1>502 Bad Gateway</h1><script>track()</script></body></html>",
                {}, "text/html");
        case 1:
            return ScriptedReply::status(200, "OK",
                                         "<!DOCTYPE html><html><head><title>Sign in to Corp"
                                         "</title></head><body><form></form></body></html>",
                                         {}, "text/html");
        case 2: {
            ScriptedReply r = ScriptedReply::status(200, "OK");
            r.endless = true;
            return r;
        }
        case 3:
            return ScriptedReply::status(429, "Too Many Requests", {}, "Retry-After: 999999\r\n");
        default:
            return ScriptedReply::status(200, "OK", R"({"status": )");
        }
    });
    QVERIFY(server.listen());
    const QString banner = testConnection(server);
    QVERIFY2(banner.contains(shown), qPrintable(banner));
    for (const char *markup : {"<html", "<head", "<title", "<body", "<script", "<style",
                               "<!DOCTYPE", "</", "<h1", "<form"}) { // never markup on screen
        QVERIFY2(!banner.contains(QLatin1String(markup), Qt::CaseInsensitive), qPrintable(banner));
    }
    QVERIFY2(banner.count(QLatin1Char('\n')) <= 4, qPrintable(banner));
    if (!inDetails.isEmpty()) {
        auto *details = child<Banner>(page(), QStringLiteral("apiErrorBanner"))
                            ->findChild<QPlainTextEdit *>(QStringLiteral("detailsTextEdit"));
        QVERIFY(details);
        QVERIFY2(details->toPlainText().contains(inDetails), qPrintable(details->toPlainText()));
    }
}

void TestWindowFaults::redirectToAnotherHost()
{
    ScriptedHttpServer other([](const RecordedRequest &) {
        return ScriptedReply::status(200, "OK", R"({"status": "ok"})");
    });
    QVERIFY(other.listen(QHostAddress(QStringLiteral("127.0.0.2"))));
    ScriptedHttpServer server([&other](const RecordedRequest &r) {
        return ScriptedReply::redirect(302, other.origin() + r.target);
    });
    QVERIFY(server.listen());
    const QString banner = testConnection(server);
    QVERIFY2(banner.contains(QString::fromLatin1(other.origin())), qPrintable(banner));
    QVERIFY(banner.contains(QStringLiteral("base URL")));
    QCOMPARE(other.connections(), 0);
}

void TestWindowFaults::requestTimeoutSetting()
{
    m_window->setRequestTimeout(2);
    QCOMPARE(AppSettings().requestTimeoutSeconds(), 2);
    QCOMPARE(NetworkJob::defaultDeadline(), std::optional(2000ms));
    ScriptedHttpServer server([](const RecordedRequest &) {
        ScriptedReply r = ScriptedReply::status(200, "OK", R"({"status": "ok"})");
        r.dripIntervalMs = 300; // never idle long enough for the 30 s idle timer
        return r;
    });
    QVERIFY(server.listen());
    QElapsedTimer t;
    t.start();
    const QString banner = testConnection(server);
    QVERIFY2(banner.contains(QStringLiteral("2 s")), qPrintable(banner));
    QVERIFY2(t.elapsed() < 20000, qPrintable(QString::number(t.elapsed())));

    // The saved setting applies to a new window; 0 goes back to automatic.
    m_window = std::make_unique<MainWindow>();
    QCOMPARE(NetworkJob::defaultDeadline(), std::optional(2000ms));
    m_window->setRequestTimeout(0);
    QCOMPARE(NetworkJob::defaultDeadline(), std::nullopt);
}

QTEST_MAIN(TestWindowFaults)
#include "TestWindowFaults.moc"
