// SPDX-License-Identifier: MIT
// The fault matrix: the real CLI (`upload`, `trigger`, `integrations`, `watch`) against the real
// sandbox process with each fault it can inject, and for each case the contract the CLI keeps:
// its exit code, that it ends well before a generous bound (a hang, not a speed, is what is
// caught), an `error:` line naming the host and a `hint:` line, no raw HTML on the terminal, a
// short error, what the sandbox stored (only ever whole copies of the files sent) and at most
// one trigger per run. The key comes from SECODA_API_KEY, so no keychain is needed.
#include "BigArtifacts.h"
#include "SandboxControl.h"
#include "SandboxProcess.h"
#include "TestCa.h"
#include "TestPaths.h"
#include "net/RetryPolicy.h"

#include "Sanitizers.h"
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <QTest>

#include <csignal>
#include <optional>

using Dbtu::Test::SandboxProcess;

namespace {

struct Run
{
    int exitCode = -1; ///< -1: killed at the bound (a hang)
    qint64 elapsedMs = 0;
    qint64 maxRssKiB = 0; ///< the CLI's peak resident memory (VmHWM)
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

/** What the sandbox must hold after a run. */
enum class Stored {
    Nothing,   ///< no upload stored
    Files,     ///< exactly the files sent, each once
    NoPartial, ///< nothing, or whole copies of the files sent (a retry may store twice)
};

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

qint64 peakRssKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) {
        return 0;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:")) {
            return line.mid(6).trimmed().split(' ').first().toLongLong();
        }
    }
    return 0;
}

/** A server on another origin (127.0.0.2) that records every byte it gets and says 200. */
class OtherOrigin : public QObject
{
public:
    OtherOrigin()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    received += socket->readAll();
                    if (received.contains("\r\n\r\n")) {
                        // What a client that followed would be happy with: a valid answer.
                        const QByteArray body = R"({"count": 0, "results": [], "links": {}})";
                        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                      "Content-Length: "
                                      + QByteArray::number(body.size())
                                      + "\r\nConnection: close\r\n\r\n" + body);
                        socket->disconnectFromHost();
                    }
                });
            }
        });
    }
    bool listen(const QString &address) { return m_server.listen(QHostAddress(address), 0); }
    quint16 port() const { return m_server.serverPort(); }

    QByteArray received;

private:
    QTcpServer m_server;
};

} // namespace

/** Runs a check helper and ends the test at its first failure (a QVERIFY in it returns only
 * from the helper; and QSignalSpy::wait no longer waits once a test has failed). */
#define CHECK(call)                                                                                \
    do {                                                                                           \
        call;                                                                                      \
        if (QTest::currentTestFailed()) {                                                          \
            return;                                                                                \
        }                                                                                          \
    } while (false)

class TestFaultMatrix : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void serverRestartMidUpload();
    void connectionCutMidRequest();
    void connectionCutMidReply();
    void malformedJson();
    void htmlServerError();
    void htmlErrorOnTrigger();
    void triggerReplyLost();
    void uploadReplyLost();
    void loginPage();
    void loginPageWhileWatching();
    void wrongContentType();
    void endlessReply();
    void drippingReply();
    void rateLimitedWithoutRetryAfter();
    void rateLimitedRetryAfterOne();
    void rateLimitedRetryAfterHuge();
    void serviceUnavailableStorm();
    void redirectSameOriginGet();
    void redirectSameOriginUploadPost();
    void redirectOtherOrigin();
    void redirectHttpsToHttp();
    void dnsFailure();

private:
    std::unique_ptr<SandboxProcess> sandbox(const QString &name, const QStringList &args);
    /** Runs the CLI, killing it at boundMs; polls its peak memory while it runs. */
    Run cli(const QStringList &args, qint64 boundMs);
    QStringList api(const SandboxProcess &s) const
    {
        return {QStringLiteral("--api-url"), s.apiUrl(), QStringLiteral("--integration"),
                SandboxProcess::dbtIntegrationId()};
    }
    QStringList upload(const SandboxProcess &s, const QStringList &extra = {}) const
    {
        return QStringList{QStringLiteral("upload")} + extra + api(s)
               + QStringList{m_manifest, m_runResults};
    }
    /** GET (or with @p post, POST) of a sandbox control route; its JSON answer. */
    QJsonObject control(const SandboxProcess &s, const QString &path,
                        const std::optional<QJsonObject> &post = std::nullopt);
    /** Sets the sandbox's faults at run time (POST /sandbox/faults/). */
    void setFaults(const SandboxProcess &s, const QJsonObject &faults)
    {
        const QJsonObject answer = control(s, QStringLiteral("/sandbox/faults/"), faults);
        QVERIFY2(!answer.isEmpty() && !answer.contains(QLatin1String("detail")),
                 QJsonDocument(answer).toJson().constData());
    }
    QJsonObject counts(const SandboxProcess &s)
    {
        return control(s, QStringLiteral("/sandbox/counts/"));
    }
    /** The failure contract: exit code, bound, error + hint naming host, no HTML, short. */
    void checkFailure(const Run &r, int exitCode, qint64 boundMs, const QString &host);
    void checkStored(const SandboxProcess &s, Stored expected);
    void checkAtMostOneTrigger(const SandboxProcess &s);

    QTemporaryDir m_tmp;
    QString m_home;
    QByteArray m_key;
    QString m_manifest;
    QString m_runResults;
    QList<QByteArray> m_sentSha; ///< sha256 of the files an upload sends
    const int m_maxAttempts = Dbtu::RetryPolicy().maxAttempts;
};

void TestFaultMatrix::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QVERIFY2(QFile::exists(Dbtu::Test::binaryPath()), "build dbt-uploader first");
    m_home = m_tmp.filePath(QStringLiteral("home"));
    QDir().mkpath(m_home);
    m_key = "fault-matrix-key-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch(), 16);
    QFile keyFile(m_tmp.filePath(QStringLiteral("api-key")));
    QVERIFY(keyFile.open(QIODevice::WriteOnly));
    keyFile.write(m_key);
    keyFile.close();
    m_manifest = Dbtu::Test::dataDir() + QStringLiteral("/core/v12-manifest.json");
    m_runResults = Dbtu::Test::dataDir() + QStringLiteral("/core/v6-run_results.json");
    m_sentSha = {sha256(readAll(m_manifest)), sha256(readAll(m_runResults))};
    QVERIFY(!readAll(m_manifest).isEmpty() && !readAll(m_runResults).isEmpty());
}

std::unique_ptr<SandboxProcess> TestFaultMatrix::sandbox(const QString &name,
                                                         const QStringList &args)
{
    auto s = SandboxProcess::start(
        m_tmp.filePath(name),
        QStringList{QStringLiteral("--api-key-file"), m_tmp.filePath(QStringLiteral("api-key")),
                    QStringLiteral("--sync-seconds"), QStringLiteral("1"),
                    QStringLiteral("--post-limit"), QStringLiteral("0")}
            + args);
    if (s->port == 0) {
        qWarning("sandbox did not start: %s", s->output.constData());
    }
    return s;
}

Run TestFaultMatrix::cli(const QStringList &args, qint64 boundMs)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("DBTU_WATCH_POLL_MS"), QStringLiteral("100"));
    env.insert(QStringLiteral("SECODA_API_KEY"), QString::fromUtf8(m_key));
    p.setProcessEnvironment(env);
    QElapsedTimer clock;
    clock.start();
    p.start(Dbtu::Test::binaryPath(), args);
    Run r;
    if (!p.waitForStarted(10000)) {
        return r;
    }
    const qint64 pid = p.processId();
    // Spin the event loop (the other-origin server lives in this process) and poll the peak
    // memory until it ends, or kill it at the bound.
    while (p.state() != QProcess::NotRunning && clock.elapsed() < boundMs + 5000) {
        r.maxRssKiB = std::max(r.maxRssKiB, peakRssKiB(pid));
        QTest::qWait(25);
    }
    r.elapsedMs = clock.elapsed();
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished(5000);
        r.err = p.readAllStandardError();
        qWarning("the CLI was still running after %lld ms; killed. stderr:\n%s", r.elapsedMs,
                 r.err.constData());
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QJsonObject TestFaultMatrix::control(const SandboxProcess &s, const QString &path,
                                     const std::optional<QJsonObject> &post)
{
    return Dbtu::Test::sandboxControl(s, path, post);
}

void TestFaultMatrix::checkFailure(const Run &r, int exitCode, qint64 boundMs, const QString &host)
{
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(r.exitCode == exitCode, qPrintable(QStringLiteral("exit %1, expected %2; stderr:\n%3")
                                                    .arg(r.exitCode)
                                                    .arg(exitCode)
                                                    .arg(err)));
    QVERIFY2(r.elapsedMs < boundMs,
             qPrintable(QStringLiteral("took %1 ms (bound %2 ms)").arg(r.elapsedMs).arg(boundMs)));
    const QStringList lines = err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const qsizetype errorLine = lines.indexOf(QRegularExpression(QStringLiteral("^error: .*")));
    QVERIFY2(errorLine >= 0, qPrintable(QStringLiteral("no error: line in\n%1").arg(err)));
    QVERIFY2(lines[errorLine].contains(host),
             qPrintable(QStringLiteral("the error does not name %1:\n%2").arg(host, err)));
    QVERIFY2(lines.indexOf(QRegularExpression(QStringLiteral("^hint: .+")), errorLine) > errorLine,
             qPrintable(QStringLiteral("no hint: line after the error in\n%1").arg(err)));
    for (const char *html : {"<html", "<script", "<!doctype", "<head", "<style"}) {
        QVERIFY2(!err.contains(QLatin1String(html), Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("raw HTML on stderr:\n%1").arg(err)));
    }
    QVERIFY2(lines.size() - errorLine <= 6,
             qPrintable(QStringLiteral("the error is %1 lines long:\n%2")
                            .arg(lines.size() - errorLine)
                            .arg(err)));
    QVERIFY2(!err.contains(QString::fromLatin1(m_key)), "the key is on stderr");
}

void TestFaultMatrix::checkStored(const SandboxProcess &s, Stored expected)
{
    const QJsonArray uploads
        = control(s, QStringLiteral("/sandbox/uploads/")).value(QLatin1String("results")).toArray();
    QList<QByteArray> stored;
    for (const QJsonValue &u : uploads) {
        const QByteArray sha = u[QLatin1String("sha256")].toString().toLatin1();
        QVERIFY2(m_sentSha.contains(sha),
                 qPrintable(QStringLiteral("the sandbox holds %1, which is not a file that was "
                                           "sent (a partial upload?)")
                                .arg(u[QLatin1String("name")].toString())));
        stored << sha;
    }
    switch (expected) {
    case Stored::Nothing:
        QVERIFY2(stored.isEmpty(),
                 qPrintable(QStringLiteral("%1 uploads stored, expected none").arg(stored.size())));
        break;
    case Stored::Files: {
        QList<QByteArray> sorted = stored;
        QList<QByteArray> sent = m_sentSha;
        std::sort(sorted.begin(), sorted.end());
        std::sort(sent.begin(), sent.end());
        QCOMPARE(sorted, sent);
        break;
    }
    case Stored::NoPartial:
        break; // every stored file was checked above
    }
}

void TestFaultMatrix::checkAtMostOneTrigger(const SandboxProcess &s)
{
    const int triggers = counts(s).value(QLatin1String("trigger_posts")).toInt(-1);
    QVERIFY2(triggers >= 0 && triggers <= 1,
             qPrintable(QStringLiteral("%1 trigger POSTs reached the API").arg(triggers)));
}

void TestFaultMatrix::serverRestartMidUpload()
{
    // A big upload; the first POST is held at the front (body read, no answer) while the server
    // is killed, then it comes back on the same port and data dir.
    const QString big = m_tmp.filePath(QStringLiteral("big/manifest.json"));
    QDir().mkpath(QFileInfo(big).path());
    QVERIFY(Dbtu::Test::writeBigManifest(big, 16LL * 1024 * 1024) > 0);
    const QList<QByteArray> sentBefore = m_sentSha;
    m_sentSha = {sha256(readAll(big)), sha256(readAll(m_runResults))};
    const auto restore = qScopeGuard([&] { m_sentSha = sentBefore; });

    const QString dataDir = QStringLiteral("restart");
    auto first = sandbox(dataDir, {QStringLiteral("--delay-ms"), QStringLiteral("60000"),
                                   QStringLiteral("--only-method"), QStringLiteral("POST"),
                                   QStringLiteral("--fault-count"), QStringLiteral("1")});
    QVERIFY(first->port);
    const quint16 port = first->port;

    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home);
    env.insert(QStringLiteral("SECODA_API_KEY"), QString::fromUtf8(m_key));
    p.setProcessEnvironment(env);
    QElapsedTimer clock;
    clock.start();
    p.start(Dbtu::Test::binaryPath(),
            QStringList{QStringLiteral("upload")} + api(*first) + QStringList{big, m_runResults});
    QVERIFY(p.waitForStarted());
    // Wait until the front holds the upload (its head seen and faulted), then let the body in.
    QDeadlineTimer seen(30000);
    while (counts(*first).value(QLatin1String("faulted")).toInt() < 1 && !seen.hasExpired()) {
        QTest::qWait(100);
    }
    QVERIFY2(!seen.hasExpired(), "the upload never reached the sandbox");
    QTest::qWait(500);
    ::kill(pid_t(first->process->processId()), SIGKILL);
    first->process->waitForFinished(5000);
    auto second = SandboxProcess::start(m_tmp.filePath(dataDir),
                                        {QStringLiteral("--port"), QString::number(port),
                                         QStringLiteral("--api-key-file"),
                                         m_tmp.filePath(QStringLiteral("api-key")),
                                         QStringLiteral("--sync-seconds"), QStringLiteral("1")});
    QVERIFY2(second->port == port, second->output.constData());

    while (p.state() != QProcess::NotRunning && clock.elapsed() < 75000) {
        QTest::qWait(50);
    }
    Run r;
    r.elapsedMs = clock.elapsed();
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.err = p.readAllStandardError();
    // The server may have had the whole upload when it went away: it is not sent again, and
    // the error says so; the restarted server sees nothing.
    qInfo("server restart: exit %d after %lld ms\n%s", r.exitCode, r.elapsedMs, r.err.constData());
    CHECK(checkFailure(r, 5, 75000, QStringLiteral("127.0.0.1")));
    QVERIFY2(r.err.contains("so they were not sent again"), r.err.constData());
    CHECK(checkStored(*second, Stored::Nothing));
    QCOMPARE(counts(*second).value(QLatin1String("posts_seen")).toInt(), 0);
    CHECK(checkAtMostOneTrigger(*second));
}

void TestFaultMatrix::connectionCutMidRequest()
{
    auto s = sandbox(QStringLiteral("cut-request"),
                     {QStringLiteral("--drop-after-bytes"), QStringLiteral("1000")});
    QVERIFY(s->port);
    const Run r = cli(upload(*s), 45000);
    CHECK(checkFailure(r, 5, 45000, QStringLiteral("127.0.0.1")));
    CHECK(checkStored(*s, Stored::Nothing));
    const QJsonObject c = counts(*s);
    // The connection was up: the upload is not sent again (the server cannot be known not to
    // have it), and the error says so.
    QCOMPARE(c.value(QLatin1String("posts_seen")).toInt(), 1);
    QVERIFY2(r.err.contains("so they were not sent again"), r.err.constData());
    QCOMPARE(c.value(QLatin1String("trigger_posts")).toInt(), 0);
}

void TestFaultMatrix::connectionCutMidReply()
{
    // The reply's head and 5 bytes of its body, then the connection closes: a network failure,
    // whatever those 5 bytes were.
    auto s = sandbox(QStringLiteral("cut-reply"),
                     {QStringLiteral("--cut-reply-after-bytes"), QStringLiteral("5")});
    QVERIFY(s->port);
    const Run r
        = cli({QStringLiteral("integrations"), QStringLiteral("--api-url"), s->apiUrl()}, 45000);
    CHECK(checkFailure(r, 5, 45000, QStringLiteral("127.0.0.1")));
    QVERIFY(counts(*s).value(QLatin1String("requests_seen")).toInt() <= m_maxAttempts);
}

void TestFaultMatrix::malformedJson()
{
    auto s = sandbox(QStringLiteral("malformed"), {QStringLiteral("--malformed-json")});
    QVERIFY(s->port);
    const Run r
        = cli({QStringLiteral("integrations"), QStringLiteral("--api-url"), s->apiUrl()}, 30000);
    CHECK(checkFailure(r, 6, 30000, QStringLiteral("127.0.0.1")));
    QVERIFY2(r.err.contains("Secoda"), r.err.constData()); // "did not answer like Secoda's API"
}

void TestFaultMatrix::htmlServerError()
{
    auto s = sandbox(QStringLiteral("html-500"), {QStringLiteral("--html-error")});
    QVERIFY(s->port);
    const Run r = cli(upload(*s), 45000);
    CHECK(checkFailure(r, 6, 45000, QStringLiteral("127.0.0.1")));
    // The page is summarized by its title.
    QVERIFY2(r.err.contains("500 Internal Server Error"), r.err.constData());
    CHECK(checkStored(*s, Stored::Nothing));
    CHECK(checkAtMostOneTrigger(*s));
}

void TestFaultMatrix::htmlErrorOnTrigger()
{
    // A trigger that may have reached the server is never sent again.
    auto s = sandbox(QStringLiteral("html-502"),
                     {QStringLiteral("--html-error"), QStringLiteral("--status-sequence"),
                      QStringLiteral("502,200")});
    QVERIFY(s->port);
    const Run r = cli(QStringList{QStringLiteral("trigger")} + api(*s), 45000);
    CHECK(checkFailure(r, 6, 45000, QStringLiteral("127.0.0.1")));
    QVERIFY2(r.err.contains("502 Bad Gateway"), r.err.constData());
    QVERIFY2(r.err.contains("may or may not have started"), r.err.constData());
    QCOMPARE(counts(*s).value(QLatin1String("posts_seen")).toInt(), 1);
}

void TestFaultMatrix::triggerReplyLost()
{
    // The API started the sync, the answer was lost: the trigger may have arrived, so it is
    // never sent again (neither by the retry policy nor by the HTTP stack under it).
    auto s = sandbox(QStringLiteral("trigger-lost"), {QStringLiteral("--drop-reply")});
    QVERIFY(s->port);
    const Run r = cli(QStringList{QStringLiteral("trigger")} + api(*s), 45000);
    CHECK(checkFailure(r, 5, 45000, QStringLiteral("127.0.0.1")));
    QCOMPARE(counts(*s).value(QLatin1String("trigger_posts")).toInt(), 1);
    // It says the sync may have started, and never to trigger (or try) again.
    QVERIFY2(r.err.contains("may or may not have started") && r.err.contains("Syncs page")
                 && !r.err.contains("Try again"),
             r.err.constData());
}

void TestFaultMatrix::uploadReplyLost()
{
    // The upload is stored, its answer lost: it is not sent again (it reached the server), the
    // error says so, and no trigger follows a failed upload.
    auto s = sandbox(QStringLiteral("upload-lost"),
                     {QStringLiteral("--drop-reply"), QStringLiteral("--only-path-prefix"),
                      QStringLiteral("/api/v1/integration/dbt/%1/upload_artifacts/")
                          .arg(SandboxProcess::dbtIntegrationId())});
    QVERIFY(s->port);
    const Run r = cli(upload(*s), 45000);
    CHECK(checkFailure(r, 5, 45000, QStringLiteral("127.0.0.1")));
    QVERIFY2(r.err.contains("so they were not sent again"), r.err.constData());
    CHECK(checkStored(*s, Stored::Files));
    const QJsonObject c = counts(*s);
    QCOMPARE(c.value(QLatin1String("upload_posts")).toInt(), 1);
    QCOMPARE(c.value(QLatin1String("trigger_posts")).toInt(), 0);
}

void TestFaultMatrix::loginPage()
{
    auto s = sandbox(QStringLiteral("login"), {QStringLiteral("--login-page")});
    QVERIFY(s->port);
    const Run r
        = cli({QStringLiteral("integrations"), QStringLiteral("--api-url"), s->apiUrl()}, 30000);
    CHECK(checkFailure(r, 6, 30000, QStringLiteral("127.0.0.1")));
    QVERIFY2(r.err.contains("Secoda"), r.err.constData());
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(QLatin1String("proxy"), Qt::CaseInsensitive)
                 || err.contains(QLatin1String("SSO"))
                 || err.contains(QLatin1String("sign"), Qt::CaseInsensitive)
                 || err.contains(QLatin1String("login"), Qt::CaseInsensitive),
             r.err.constData());
}

void TestFaultMatrix::loginPageWhileWatching()
{
    auto s = sandbox(QStringLiteral("login-watch"), {QStringLiteral("--login-page")});
    QVERIFY(s->port);
    const Run r
        = cli(QStringList{QStringLiteral("watch"), QStringLiteral("--timeout"), QStringLiteral("5")}
                  + api(*s),
              20000);
    CHECK(checkFailure(r, 6, 20000, QStringLiteral("127.0.0.1")));
}

void TestFaultMatrix::wrongContentType()
{
    for (const QString &type :
         {QStringLiteral("text/plain"), QStringLiteral("application/octet-stream")}) {
        auto s = sandbox(QStringLiteral("content-type-") + type.section(QLatin1Char('/'), 1),
                         {QStringLiteral("--wrong-content-type"), type});
        QVERIFY(s->port);
        const Run r = cli(
            {QStringLiteral("integrations"), QStringLiteral("--api-url"), s->apiUrl()}, 30000);
        CHECK(checkFailure(r, 6, 30000, QStringLiteral("127.0.0.1")));
        QVERIFY2(r.err.contains("Secoda"), r.err.constData());
    }
}

void TestFaultMatrix::endlessReply()
{
    auto s = sandbox(QStringLiteral("endless"), {QStringLiteral("--endless-body")});
    QVERIFY(s->port);
    const Run r
        = cli({QStringLiteral("integrations"), QStringLiteral("--api-url"), s->apiUrl()}, 60000);
    CHECK(checkFailure(r, 6, 60000, QStringLiteral("127.0.0.1")));
    // "too large", or "longer than N MB": the message says the reply passed the cap.
    QVERIFY2(QString::fromUtf8(r.err).contains(
                 QRegularExpression(QStringLiteral("too large|longer than [0-9.]+ [kM]B"))),
             r.err.constData());
    qInfo("endless reply: the CLI's peak memory was %lld KiB", r.maxRssKiB);
    if (Dbtu::Test::kRssIsMeaningful) {
        QVERIFY2(r.maxRssKiB > 0 && r.maxRssKiB < 100 * 1024,
                 qPrintable(QStringLiteral("the CLI's peak memory: %1 KiB").arg(r.maxRssKiB)));
    }
}

void TestFaultMatrix::drippingReply()
{
    // One byte a second never trips an idle timer; --timeout is a total deadline.
    auto s = sandbox(QStringLiteral("drip"),
                     {QStringLiteral("--drip-bytes-per-second"), QStringLiteral("1")});
    QVERIFY(s->port);
    const Run r = cli({QStringLiteral("integrations"), QStringLiteral("--timeout"),
                       QStringLiteral("5"), QStringLiteral("--api-url"), s->apiUrl()},
                      5000 + 15000);
    CHECK(checkFailure(r, 5, 5000 + 15000, QStringLiteral("127.0.0.1")));
}

void TestFaultMatrix::rateLimitedWithoutRetryAfter()
{
    auto s = sandbox(QStringLiteral("429-bare"),
                     {QStringLiteral("--status-sequence"), QStringLiteral("429"),
                      QStringLiteral("--retry-after"), QStringLiteral("none"),
                      QStringLiteral("--fault-count"), QStringLiteral("1")});
    QVERIFY(s->port);
    const Run r = cli(upload(*s, {QStringLiteral("--no-trigger")}), 45000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.elapsedMs < 45000);
    QVERIFY2(r.err.contains("retrying"), r.err.constData());
    CHECK(checkStored(*s, Stored::Files));
    QCOMPARE(counts(*s).value(QLatin1String("upload_posts")).toInt(), 2);
}

void TestFaultMatrix::rateLimitedRetryAfterOne()
{
    auto s = sandbox(QStringLiteral("429-one"),
                     {QStringLiteral("--status-sequence"), QStringLiteral("429"),
                      QStringLiteral("--retry-after"), QStringLiteral("1")});
    QVERIFY(s->port);
    const Run r = cli(upload(*s), 45000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("retrying in 1"), r.err.constData());
    QVERIFY2(r.elapsedMs >= 900, qPrintable(QString::number(r.elapsedMs))); // it did wait
    QVERIFY(r.elapsedMs < 45000);
    CHECK(checkStored(*s, Stored::Files));
    QCOMPARE(counts(*s).value(QLatin1String("upload_posts")).toInt(), 2);
    CHECK(checkAtMostOneTrigger(*s));
}

void TestFaultMatrix::rateLimitedRetryAfterHuge()
{
    // Not waited for: the app waits at most 60 s, and says what the server asked.
    auto s = sandbox(QStringLiteral("429-huge"),
                     {QStringLiteral("--status-sequence"), QStringLiteral("429,429,429,429"),
                      QStringLiteral("--retry-after"), QStringLiteral("999999")});
    QVERIFY(s->port);
    const Run r = cli(upload(*s), 30000);
    QVERIFY2(r.exitCode == 6 || r.exitCode == 5, r.err.constData());
    CHECK(checkFailure(r, r.exitCode, 30000, QStringLiteral("127.0.0.1")));
    QVERIFY2(r.err.contains("999999"), r.err.constData());
    QVERIFY2(r.err.contains("60"), r.err.constData());
    QCOMPARE(counts(*s).value(QLatin1String("upload_posts")).toInt(), 1);
    CHECK(checkStored(*s, Stored::Nothing));
    CHECK(checkAtMostOneTrigger(*s));
}

void TestFaultMatrix::serviceUnavailableStorm()
{
    auto s
        = sandbox(QStringLiteral("503-storm"), {QStringLiteral("--status-sequence"),
                                                QStringLiteral("503,503,503,503,503,503,503,503")});
    QVERIFY(s->port);
    const Run r = cli(upload(*s), 60000);
    CHECK(checkFailure(r, 6, 60000, QStringLiteral("127.0.0.1")));
    QCOMPARE(int(r.err.count("retrying")), m_maxAttempts - 1);
    QCOMPARE(counts(*s).value(QLatin1String("upload_posts")).toInt(), m_maxAttempts);
    CHECK(checkStored(*s, Stored::Nothing));
    CHECK(checkAtMostOneTrigger(*s));
}

void TestFaultMatrix::redirectSameOriginGet()
{
    auto s
        = sandbox(QStringLiteral("redirect-get"),
                  {QStringLiteral("--redirect"), QStringLiteral("301:/integration/integrations/"),
                   QStringLiteral("--only-path-prefix"), QStringLiteral("/api/v1/")});
    QVERIFY(s->port);
    const Run r = cli({QStringLiteral("integrations"), QStringLiteral("--json"),
                       QStringLiteral("--api-url"), s->apiUrl()},
                      30000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json().value(QLatin1String("integrations")).toArray().size(), 5);
    QVERIFY(counts(*s).value(QLatin1String("faulted")).toInt() >= 1); // it was redirected
}

void TestFaultMatrix::redirectSameOriginUploadPost()
{
    // A 307 would re-send the body; an upload is never re-sent to where a redirect points.
    const QString path = QStringLiteral("/integration/dbt/%1/upload_artifacts/")
                             .arg(SandboxProcess::dbtIntegrationId());
    auto s = sandbox(QStringLiteral("redirect-post"),
                     {QStringLiteral("--redirect"), QStringLiteral("307:") + path,
                      QStringLiteral("--only-path-prefix"), QStringLiteral("/api/v1") + path});
    QVERIFY(s->port);
    const Run r = cli(upload(*s), 30000);
    CHECK(checkFailure(r, 6, 30000, QStringLiteral("127.0.0.1")));
    CHECK(checkStored(*s, Stored::Nothing));
    QCOMPARE(counts(*s).value(QLatin1String("upload_posts")).toInt(), 0);
}

void TestFaultMatrix::redirectOtherOrigin()
{
    // Another host (127.0.0.2), and the same host on another port: both other origins.
    for (const QString &host : {QStringLiteral("127.0.0.2"), QStringLiteral("127.0.0.1")}) {
        OtherOrigin other;
        QVERIFY2(other.listen(host), qPrintable(QStringLiteral("cannot listen on ") + host));
        const QString elsewhere = QStringLiteral("%1:%2").arg(host).arg(other.port());
        // The key never goes to the other origin, in a header or anywhere else in the request.
        const auto checkNoLeak = [&] {
            QVERIFY2(!other.received.contains(m_key), other.received.constData());
            QVERIFY2(!other.received.toLower().contains("authorization:"),
                     other.received.constData());
        };
        for (const QString &code : {QStringLiteral("302"), QStringLiteral("307")}) {
            auto s = sandbox(
                QStringLiteral("redirect-other-%1-%2").arg(host, code),
                {QStringLiteral("--redirect"),
                 code + QStringLiteral(":http://") + elsewhere + QStringLiteral("{path}")});
            QVERIFY(s->port);
            const Run list = cli(
                {QStringLiteral("integrations"), QStringLiteral("--api-url"), s->apiUrl()}, 30000);
            CHECK(checkNoLeak());
            CHECK(checkFailure(list, 6, 30000, QStringLiteral("127.0.0.1")));
            QVERIFY2(list.err.contains(elsewhere.toLatin1()), list.err.constData()); // where to
            const Run up = cli(upload(*s), 30000);
            CHECK(checkNoLeak());
            CHECK(checkFailure(up, 6, 30000, QStringLiteral("127.0.0.1")));
            QVERIFY2(up.err.contains(elsewhere.toLatin1()), up.err.constData());
            CHECK(checkStored(*s, Stored::Nothing));
        }
    }
}

void TestFaultMatrix::redirectHttpsToHttp()
{
    // An https sandbox (its CA made here) that redirects to http: to the same host and port,
    // and to a plain-http listener on the same host that records what it gets. Never followed:
    // no request and no key goes out without TLS, for a GET (302) and for the upload (307).
    Dbtu::Test::TestCa ca{m_tmp.filePath(QStringLiteral("https-ca"))};
    QVERIFY(QDir().mkpath(ca.dir));
    QString why;
    QVERIFY2(ca.make(&why), qPrintable(why));
    OtherOrigin plain;
    QVERIFY(plain.listen(QStringLiteral("127.0.0.1")));
    int round = 0;
    for (const bool samePort : {true, false}) {
        for (const QString &code : {QStringLiteral("302"), QStringLiteral("307")}) {
            // The sandbox's own port is known once it runs: the redirect is set then.
            const QString name = QStringLiteral("https-to-http-%1").arg(++round);
            auto s = sandbox(name, ca.sandboxArgs());
            QVERIFY(s->port);
            s->caFile = ca.caFile();
            const quint16 port = samePort ? s->port : plain.port();
            const QString target = QStringLiteral("http://127.0.0.1:%1").arg(port);
            QJsonObject faults{
                {QStringLiteral("redirect"),
                 QJsonObject{{QStringLiteral("status"), code.toInt()},
                             {QStringLiteral("location"), target + QStringLiteral("{path}")}}}};
            CHECK(setFaults(*s, faults));
            const QStringList trust{QStringLiteral("--ca-file"), ca.caFile()};
            const Run list = cli(QStringList{QStringLiteral("integrations"),
                                             QStringLiteral("--api-url"), s->apiUrl()}
                                     + trust,
                                 30000);
            CHECK(checkFailure(list, 6, 30000, QStringLiteral("127.0.0.1")));
            QVERIFY2(list.err.contains(target.toLatin1()), list.err.constData()); // where to
            const Run up = cli(upload(*s, trust), 30000);
            CHECK(checkFailure(up, 6, 30000, QStringLiteral("127.0.0.1")));
            QVERIFY2(up.err.contains(target.toLatin1()), up.err.constData());
            CHECK(checkStored(*s, Stored::Nothing));
            QVERIFY2(plain.received.isEmpty(), plain.received.constData());
        }
    }
}

void TestFaultMatrix::dnsFailure()
{
    const Run r = cli({QStringLiteral("integrations"), QStringLiteral("--api-url"),
                       QStringLiteral("https://nonexistent.invalid/api/v1")},
                      60000);
    CHECK(checkFailure(r, 5, 60000, QStringLiteral("nonexistent.invalid")));
}

QTEST_GUILESS_MAIN(TestFaultMatrix)
#include "TestFaultMatrix.moc"
