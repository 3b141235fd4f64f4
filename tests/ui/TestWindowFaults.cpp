// SPDX-License-Identifier: MIT
// The window against servers that misbehave (a real HTTP server on loopback, scripted): an HTML
// gateway page, a 200 login page, an endless reply, a reply that drips, a redirect to another
// host (127.0.0.2), an absurd Retry-After. Each ends in the API tab's banner with a short,
// markup-free message and the page in Details…, never a frozen window; Settings → Request
// timeout sets the deadline that ends the dripping reply.
//
// Then the API tab's whole upload flow (check → upload → trigger → watch), driven through its
// widgets against an in-process sandbox with its faults: the connection cut in the middle of
// the request or of the reply, lost replies, a storm of 503s shorter and longer than the retry
// budget, and the sandbox restarted (on the same port and data dir) while an upload is in
// flight. Each ends in a clear error or a correct retry: the window is idle again, the sandbox
// saw no more upload POSTs than the retry policy allows and never a second trigger, and what it
// stored is only ever whole copies of the files sent.
#include "ApiPageTestSupport.h"
#include "BigArtifacts.h"
#include "HistoryFiles.h"
#include "ScriptedHttpServer.h"
#include "TestPaths.h"
#include "net/NetworkJob.h"
#include "net/RetryPolicy.h"
#include "sandbox/SandboxServer.h"
#include "sandbox/UploadStore.h"
#include "secoda/UploadSession.h"
#include "settings/AppSettings.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>

using namespace Dbtu;
using namespace Dbtu::Test;
using namespace Dbtu::Ui;
using namespace DbtuTest;
using namespace std::chrono_literals;

namespace {

const QString kSandboxKey = QStringLiteral("dbtu-window-fault-sandbox-key");
const QString kSandboxReadOnlyKey = QStringLiteral("dbtu-window-fault-read-only-key");

QByteArray sha256Of(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly)
               ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex()
               : QByteArray();
}

/** The fault settings of a row: JSON with {upload} and {trigger} for the two POST paths. */
Dbtu::Result<Dbtu::Sandbox::FaultSettings> faultsFrom(QByteArray json)
{
    const QByteArray base
        = "/api/v1/integration/dbt/" + Dbtu::Sandbox::SandboxServer::dbtIntegrationId().toLatin1();
    json.replace("{upload}", base + "/upload_artifacts/");
    json.replace("{trigger}", base + "/trigger/");
    QJsonParseError parseError{};
    const QJsonObject patch = QJsonDocument::fromJson(json, &parseError).object();
    if (parseError.error != QJsonParseError::NoError) {
        return Dbtu::Error{Dbtu::ErrorCode::InvalidInput, parseError.errorString(),
                           QString::fromUtf8(json), QString(), 0};
    }
    return Dbtu::Sandbox::FaultSettings().patched(patch);
}

} // namespace

/** Runs a check helper and ends the test at its first failure (a QVERIFY in it returns only
 * from the helper). */
#define CHECK(call)                                                                                \
    do {                                                                                           \
        call;                                                                                      \
        if (QTest::currentTestFailed()) {                                                          \
            return;                                                                                \
        }                                                                                          \
    } while (false)

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
    void uploadFlowUnderFaults_data();
    void uploadFlowUnderFaults();
    void sandboxRestartMidUpload_data();
    void sandboxRestartMidUpload();

private:
    QWidget *page() const { return m_window->apiUploadPage(); }
    ApiUploadPage *apiPage() const { return m_window->apiUploadPage(); }
    /** Points the API tab at @p server, clicks Test connection, returns the banner's text. */
    QString testConnection(const ScriptedHttpServer &server);

    /** Starts m_sandbox on port (0: any) with its data in m_sandboxDir. */
    void startSandbox(quint16 port = 0);
    /** Points the API tab at m_sandbox, its dbt integration and paths (the files m_sent). */
    void pointAtSandbox(const QStringList &paths);
    /** Clicks Upload (and Upload anyway when a check warns), as a user would. */
    void startUpload();
    /** The window after the session ended: idle, and either done or showing a clear error. */
    void checkEndState(bool succeeded, const QStringList &shown, const QStringList &notShown,
                       const QString &outcome);
    /** What the sandbox stored: each file sent exactly copies times, and nothing else. */
    void checkStored(qint64 copies);

    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QTemporaryDir> m_sandboxDir;
    std::unique_ptr<Dbtu::Sandbox::SandboxServer> m_sandbox;
    QStringList m_sent; ///< the files an upload sends
    std::unique_ptr<QSignalSpy> m_done;
    std::unique_ptr<QSignalSpy> m_retries;
    const int m_maxAttempts = RetryPolicy().maxAttempts;
};

void TestWindowFaults::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("dbt-uploader-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("TestWindowFaults"));
    QSettings().clear();
}

void TestWindowFaults::init()
{
    m_window.reset();
    Dbtu::Test::removeHistory();
    m_window = std::make_unique<MainWindow>();
    apiPage()->setWatchPollInterval(100ms, 300ms);
    m_window->tabWidget()->setCurrentWidget(page());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY(
        !text(page(), QStringLiteral("keyStatusLabel")).contains(QStringLiteral("Looking")));
}

void TestWindowFaults::cleanup()
{
    m_done.reset();
    m_retries.reset();
    m_window.reset();
    m_sandbox.reset();
    m_sandboxDir.reset();
    m_sent.clear();
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

void TestWindowFaults::startSandbox(quint16 port)
{
    if (!m_sandboxDir) {
        m_sandboxDir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_sandboxDir->isValid());
    }
    Dbtu::Sandbox::SandboxOptions options;
    options.port = port;
    options.dataDir = m_sandboxDir->path();
    options.apiKey = kSandboxKey; // the same after a restart
    options.readOnlyKey = kSandboxReadOnlyKey;
    options.syncSeconds = 1.0;
    options.postsPerMinute = 0;
    m_sandbox = std::make_unique<Dbtu::Sandbox::SandboxServer>(options);
    QVERIFY_OK(m_sandbox->start());
    QVERIFY(port == 0 || m_sandbox->port() == port);
}

void TestWindowFaults::pointAtSandbox(const QStringList &paths)
{
    setCustomUrl(page(), m_sandbox->apiBaseUrl().toString());
    child<QLineEdit>(page(), QStringLiteral("apiKeyLineEdit"))->setText(kSandboxKey);
    // Typed as a user would paste it: no integration listing goes out before the upload.
    child<QComboBox>(page(), QStringLiteral("integrationComboBox"))
        ->setEditText(Dbtu::Sandbox::SandboxServer::dbtIntegrationId());
    QCOMPARE(apiPage()->integrationId(), Dbtu::Sandbox::SandboxServer::dbtIntegrationId());
    apiPage()->setPaths(paths);
}

void TestWindowFaults::startUpload()
{
    auto *start = child<QPushButton>(page(), QStringLiteral("startUploadButton"));
    QVERIFY(start && start->isEnabled());
    m_done = std::make_unique<QSignalSpy>(apiPage(), &ApiUploadPage::sessionFinished);
    QTest::mouseClick(start, Qt::LeftButton);
    const QPointer<UploadSession> session = apiPage()->session();
    QVERIFY(session);
    m_retries = std::make_unique<QSignalSpy>(session.data(), &UploadSession::retrying);
    // tests/data/ui/target draws a pair-check warning: accept it as a user would.
    auto *anyway = child<QPushButton>(page(), QStringLiteral("uploadAnywayButton"));
    QTRY_VERIFY_WITH_TIMEOUT(anyway->isVisible() || !m_done->isEmpty() || !session
                                 || session->phase() >= UploadSession::Phase::Uploading,
                             30000);
    if (anyway->isVisible()) {
        anyway->click();
    }
    QVERIFY2(m_done->isEmpty(), qPrintable(bannerText(page(), QStringLiteral("apiErrorBanner"))));
}

void TestWindowFaults::checkEndState(bool succeeded, const QStringList &shown,
                                     const QStringList &notShown, const QString &outcome)
{
    QCOMPARE(m_done->count(), 1);
    QVERIFY(!apiPage()->isBusy());
    QVERIFY(child<QPushButton>(page(), QStringLiteral("startUploadButton"))->isEnabled());
    QVERIFY(child<QPushButton>(page(), QStringLiteral("triggerSyncButton"))->isEnabled());
    QVERIFY(!child<QPushButton>(page(), QStringLiteral("cancelUploadButton"))->isEnabled());
    QVERIFY(!child<QPushButton>(page(), QStringLiteral("uploadAnywayButton"))->isVisible());
    const QWidget *modal = QApplication::activeModalWidget();
    QVERIFY2(!modal, qPrintable(modal ? modal->objectName() : QString()));
    QVERIFY(text(page(), QStringLiteral("retryLabel")).isEmpty());
    auto *banner = child<Banner>(page(), QStringLiteral("apiErrorBanner"));
    const QString shownText = bannerText(page(), QStringLiteral("apiErrorBanner"));
    auto *history = child<QTableWidget>(page(), QStringLiteral("historyTableWidget"));
    QCOMPARE(history->rowCount(), 1);
    const QString recorded = history->item(0, 4)->text();
    QVERIFY2(recorded.startsWith(outcome),
             qPrintable(QStringLiteral("history: %1; expected %2").arg(recorded, outcome)));
    if (succeeded) {
        QVERIFY2(!banner->isVisible(), qPrintable(shownText));
        QCOMPARE(child<QProgressBar>(page(), QStringLiteral("overallProgressBar"))->value(), 100);
        QVERIFY2(
            text(page(), QStringLiteral("syncStatusLabel")).contains(QStringLiteral("finished at")),
            qPrintable(text(page(), QStringLiteral("syncStatusLabel"))));
        return;
    }
    QVERIFY(banner->isVisible());
    // Says what went wrong (the host, for a network or server failure) and what to do, in a
    // few lines without markup.
    for (const QString &expected : shown) {
        QVERIFY2(shownText.contains(expected), qPrintable(shownText));
    }
    for (const QString &unexpected : notShown) {
        QVERIFY2(!shownText.contains(unexpected, Qt::CaseInsensitive), qPrintable(shownText));
    }
    bool hasHint = false;
    for (const QLabel *hint : banner->findChildren<QLabel *>(QStringLiteral("hintLabel"))) {
        hasHint = hasHint || !hint->text().trimmed().isEmpty();
    }
    QVERIFY2(hasHint, qPrintable(shownText));
    QVERIFY2(!shownText.contains(QLatin1Char('<')), qPrintable(shownText));
    QVERIFY2(shownText.count(QLatin1Char('\n')) <= 4, qPrintable(shownText));
    QVERIFY2(!shownText.contains(kSandboxKey), qPrintable(shownText));
}

void TestWindowFaults::checkStored(qint64 copies)
{
    QHash<QByteArray, qint64> stored;
    QList<QByteArray> sent;
    for (const QString &path : std::as_const(m_sent)) {
        sent << sha256Of(path);
    }
    const QJsonArray uploads = Dbtu::Sandbox::UploadStore(m_sandboxDir->path()).list();
    for (const QJsonValue &u : uploads) {
        const QByteArray sha = u[QLatin1String("sha256")].toString().toLatin1();
        QVERIFY2(sent.contains(sha),
                 qPrintable(QStringLiteral("the sandbox holds %1, which is not a file that was "
                                           "sent (a partial upload?)")
                                .arg(u[QLatin1String("name")].toString())));
        ++stored[sha];
    }
    for (const QByteArray &sha : std::as_const(sent)) {
        QCOMPARE(stored.value(sha), copies);
    }
}

void TestWindowFaults::uploadFlowUnderFaults_data()
{
    QTest::addColumn<QByteArray>("faults");
    QTest::addColumn<bool>("succeeds");
    QTest::addColumn<int>("postsSeen");        // POST heads the sandbox's front saw
    QTest::addColumn<int>("uploadPosts");      // upload POSTs that reached the API whole
    QTest::addColumn<int>("uploadsStored");    // of which stored
    QTest::addColumn<int>("triggerPosts");     // trigger POSTs that reached the API whole
    QTest::addColumn<int>("triggersStarted");  // of which started a sync
    QTest::addColumn<int>("retries");          // retries the window announced
    QTest::addColumn<QStringList>("shown");    // in the error banner
    QTest::addColumn<QStringList>("notShown"); // never in the error banner
    QTest::addColumn<QString>("outcome");      // the history's outcome starts with it
    const int n = RetryPolicy().maxAttempts;
    const QStringList none;
    const QString host = QStringLiteral("127.0.0.1");
    const QString closed = QStringLiteral("127.0.0.1 closed the connection before answering");
    // A re-sent trigger would start a second sync: after one that may have reached the server,
    // the window says so and never suggests triggering (or trying) again.
    const QString unknown = QStringLiteral("may or may not have started");
    const QStringList retrigger{QStringLiteral("not triggered"), QStringLiteral("Try again"),
                                QStringLiteral("Use Trigger sync")};
    const QString syncsPage = QStringLiteral("Syncs page before you trigger again");
    // An upload is never sent again once it may have reached the server (a connection that was
    // up and then failed), only after a 503 ("unable to handle"); the trigger is never sent
    // twice once it may have reached the server.
    const QString notResent = QStringLiteral("so they were not sent again");
    QTest::newRow("request cut mid-body, once")
        << QByteArray(R"({"drop_after_bytes": 1000, "only_path_prefix": "{upload}",
                          "fault_count": 1})")
        << false << 1 << 0 << 0 << 0 << 0 << 0 << QStringList{closed, notResent} << none
        << "failed: ";
    QTest::newRow("request cut mid-body, every time")
        << QByteArray(R"({"drop_after_bytes": 1000, "only_path_prefix": "{upload}"})") << false << 1
        << 0 << 0 << 0 << 0 << 0 << QStringList{closed, notResent} << none << "failed: ";
    QTest::newRow("reply cut mid-body, once")
        << QByteArray(R"({"cut_reply_after_bytes": 5, "only_path_prefix": "{upload}",
                          "fault_count": 1})")
        << false << 1 << 1 << 1 << 0 << 0 << 0 << QStringList{closed, notResent} << none
        << "failed: ";
    QTest::newRow("reply cut mid-body, every time")
        << QByteArray(R"({"cut_reply_after_bytes": 5, "only_path_prefix": "{upload}"})") << false
        << 1 << 1 << 1 << 0 << 0 << 0 << QStringList{closed, notResent} << none << "failed: ";
    QTest::newRow("reply lost, every time")
        << QByteArray(R"({"drop_reply": true, "only_path_prefix": "{upload}"})") << false << 1 << 1
        << 1 << 0 << 0 << 0 << QStringList{closed, notResent} << none << "failed: ";
    QTest::newRow("503 twice, then OK")
        << QByteArray(R"({"status_sequence": [503, 503], "only_path_prefix": "{upload}"})") << true
        << 4 << 3 << 1 << 1 << 1 << 2 << none << none << "sync finished";
    QTest::newRow("503 storm past the retry budget")
        << QByteArray(R"({"status_sequence": [503, 503, 503, 503, 503, 503, 503, 503],
                          "only_path_prefix": "{upload}"})")
        << false << n << n << 0 << 0 << 0 << n - 1 << QStringList{host, QStringLiteral("503")}
        << none << "failed: ";
    QTest::newRow("trigger's reply lost")
        << QByteArray(R"({"drop_reply": true, "only_path_prefix": "{trigger}"})") << false << 2 << 1
        << 1 << 1 << 1 << 0 << QStringList{unknown, closed, syncsPage} << retrigger << "uploaded; ";
    QTest::newRow("trigger's reply cut mid-body")
        << QByteArray(R"({"cut_reply_after_bytes": 5, "only_path_prefix": "{trigger}"})") << false
        << 2 << 1 << 1 << 1 << 1 << 0 << QStringList{unknown, closed, syncsPage} << retrigger
        << "uploaded; ";
    QTest::newRow("503 storm on the trigger")
        << QByteArray(R"({"status_sequence": [503, 503, 503, 503, 503, 503, 503, 503],
                          "only_path_prefix": "{trigger}"})")
        << false << 2 << 1 << 1 << 1 << 0 << 0
        << QStringList{unknown, host, QStringLiteral("503"), syncsPage} << retrigger
        << "uploaded; ";
    // Refused by the API: surely not started, so triggering again is the right advice (an
    // answer about the key, which names no host).
    QTest::newRow("trigger refused (403)")
        << QByteArray(R"({"status_sequence": [403], "only_path_prefix": "{trigger}"})") << false
        << 2 << 1 << 1 << 1 << 0 << 0
        << QStringList{QStringLiteral("not triggered"), QStringLiteral("Use Trigger sync")}
        << QStringList{unknown} << "uploaded; ";
}

void TestWindowFaults::uploadFlowUnderFaults()
{
    QFETCH(QByteArray, faults);
    QFETCH(bool, succeeds);
    QFETCH(int, postsSeen);
    QFETCH(int, uploadPosts);
    QFETCH(int, uploadsStored);
    QFETCH(int, triggerPosts);
    QFETCH(int, triggersStarted);
    QFETCH(int, retries);
    QFETCH(QStringList, shown);
    QFETCH(QStringList, notShown);
    QFETCH(QString, outcome);
    CHECK(startSandbox());
    const auto parsed = faultsFrom(faults);
    QVERIFY_OK(parsed);
    m_sandbox->setFaults(parsed.value());
    const QString target = Dbtu::Test::dataDir() + QStringLiteral("/ui/target");
    m_sent
        = {target + QStringLiteral("/manifest.json"), target + QStringLiteral("/run_results.json")};
    CHECK(pointAtSandbox({target}));
    CHECK(startUpload());
    // The retries wait about 1 s, 2 s and 4 s: a hang, not a speed, is what the bound catches
    // (generous for a sanitizer build).
    QTRY_VERIFY_WITH_TIMEOUT(!m_done->isEmpty(), 90000);
    CHECK(checkEndState(succeeds, shown, notShown, outcome));
    QCOMPARE(int(m_retries->count()), retries);
    const Dbtu::Sandbox::SandboxCounters c = m_sandbox->counters();
    QCOMPARE(int(c.postsSeen), postsSeen);
    QVERIFY(c.postsSeen - c.triggerPosts <= m_maxAttempts);
    QCOMPARE(int(c.uploadPosts), uploadPosts);
    QCOMPARE(int(c.uploadsStored), uploadsStored);
    QCOMPARE(int(c.triggerPosts), triggerPosts);
    QCOMPARE(int(c.triggersStarted), triggersStarted);
    CHECK(checkStored(uploadsStored));
}

void TestWindowFaults::sandboxRestartMidUpload_data()
{
    QTest::addColumn<QByteArray>("faults");
    QTest::addColumn<bool>("stored"); // whether the first sandbox stored the upload
    // Held at the front, body and all, never reaching the API; or stored by the API, its
    // answer dripping out a byte at a time.
    QTest::newRow("before the API has it")
        << QByteArray(R"({"delay_ms": 600000, "only_path_prefix": "{upload}", "fault_count": 1})")
        << false;
    QTest::newRow("while its answer drips")
        << QByteArray(R"({"drip_bytes_per_second": 10, "only_path_prefix": "{upload}",
                          "fault_count": 1})")
        << true;
}

void TestWindowFaults::sandboxRestartMidUpload()
{
    QFETCH(QByteArray, faults);
    QFETCH(bool, stored);
    CHECK(startSandbox());
    const auto parsed = faultsFrom(faults);
    QVERIFY_OK(parsed);
    m_sandbox->setFaults(parsed.value());
    const quint16 port = m_sandbox->port();
    const QString big = m_sandboxDir->filePath(QStringLiteral("big/manifest.json"));
    QVERIFY(QDir().mkpath(QFileInfo(big).path()));
    QVERIFY(Dbtu::Test::writeBigManifest(big, 2LL * 1024 * 1024) > 0);
    m_sent = {big, Dbtu::Test::dataDir() + QStringLiteral("/ui/target/run_results.json")};
    CHECK(pointAtSandbox(m_sent));
    CHECK(startUpload());
    // The upload is in flight: held at the front, or stored with its answer not yet out.
    QTRY_VERIFY_WITH_TIMEOUT(stored ? m_sandbox->counters().uploadsStored == 1
                                    : m_sandbox->counters().faulted == 1,
                             60000);
    QVERIFY(m_done->isEmpty());
    QCOMPARE(int(m_retries->count()), 0);
    const Dbtu::Sandbox::SandboxCounters before = m_sandbox->counters();
    QCOMPARE(int(before.postsSeen), 1);
    m_sandbox.reset(); // stops it: every connection closes, as when its process dies
    CHECK(startSandbox(port));

    // The server may have had the whole upload (it had, in the second row), so it is not sent
    // again: the window ends with the error, and the restarted sandbox sees nothing.
    QTRY_VERIFY_WITH_TIMEOUT(!m_done->isEmpty(), 90000);
    CHECK(checkEndState(
        false, {QStringLiteral("127.0.0.1"), QStringLiteral("so they were not sent again")}, {},
        QStringLiteral("failed: ")));
    QCOMPARE(int(m_retries->count()), 0);
    const Dbtu::Sandbox::SandboxCounters after = m_sandbox->counters();
    QCOMPARE(int(after.postsSeen), 0);
    QCOMPARE(int(before.triggerPosts + after.triggerPosts), 0);
    CHECK(checkStored(before.uploadsStored + after.uploadsStored));
}

QTEST_MAIN(TestWindowFaults)
#include "TestWindowFaults.moc"
