// SPDX-License-Identifier: MIT
// Credentials stay with their origin, for every network command of the real CLI: the configured
// API URL or bucket endpoint is a server on 127.0.0.1 that answers every request with a redirect
// to another host, 127.0.0.2 (302 for GET/HEAD, 307 for a request with a body, as a hijacked
// proxy or a mistyped URL would); the other host records every connection. The command must end
// with exit 6, name the other address and say to fix the URL, and the other host must never be
// reached: no Bearer key, no SigV4 or SharedKey signature, no session token.
#include "ScriptedHttpServer.h"
#include "TestPaths.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace DbtuTest;

namespace {

constexpr char kApiKey[] = "dbtu-origin-api-key-93c1";
constexpr char kAccessKey[] = "AKIAORIGINTEST93C1XX";
constexpr char kSecret[] = "origin/secret+93c1abcdefghijklmnopqrstu";
constexpr char kToken[] = "ORIGINTOKEN93c1";
// base64("origin-account-key-93c1-0123456789")
constexpr char kAccountKey[] = "b3JpZ2luLWFjY291bnQta2V5LTkzYzEtMDEyMzQ1Njc4OQ==";

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestCredentialOrigin : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void apiCommands_data();
    void apiCommands();
    void bucketCommands_data();
    void bucketCommands();
    void sameOriginRedirectOfTheUpload();
    void untrustedCertificateIsNeverIgnored();

private:
    /** Runs the CLI without blocking this event loop (the servers live in it). */
    Run cli(const QStringList &args, const QMap<QString, QString> &env = {});
    void checkRefused(const Run &r);

    QTemporaryDir m_home;
    std::unique_ptr<ScriptedHttpServer> m_other;
    std::unique_ptr<ScriptedHttpServer> m_front;
    QString m_target;
};

void TestCredentialOrigin::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_other = std::make_unique<ScriptedHttpServer>([](const RecordedRequest &) {
        return ScriptedReply::status(200, "OK", R"({"results": [], "links": {"next": null}})");
    });
    QVERIFY2(m_other->listen(QHostAddress(QStringLiteral("127.0.0.2"))),
             "cannot listen on 127.0.0.2 (the other host)");
    m_front = std::make_unique<ScriptedHttpServer>([this](const RecordedRequest &r) {
        const bool safe = r.method == "GET" || r.method == "HEAD";
        return ScriptedReply::redirect(safe ? 302 : 307, m_other->origin() + r.target);
    });
    QVERIFY(m_front->listen());
    m_target = Dbtu::Test::dataDir() + QStringLiteral("/core");
}

Run TestCredentialOrigin::cli(const QStringList &args, const QMap<QString, QString> &env)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("HOME"), m_home.path());
    e.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral(".config")));
    e.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral(".local/share")));
    e.insert(QStringLiteral("DBTU_WATCH_POLL_MS"), QStringLiteral("100"));
    for (const char *name : {"SECODA_API_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                             "AWS_SESSION_TOKEN", "AZURE_STORAGE_CONNECTION_STRING"}) {
        e.remove(QString::fromLatin1(name));
    }
    for (auto it = env.begin(); it != env.end(); ++it) {
        e.insert(it.key(), it.value());
    }
    p.setProcessEnvironment(e);
    QEventLoop loop;
    QObject::connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    p.start(Dbtu::Test::binaryPath(), args);
    if (!p.waitForStarted(10000)) {
        return {};
    }
    loop.exec();
    Run r;
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished(5000);
        r.exitCode = -3; // hung
    } else {
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

void TestCredentialOrigin::checkRefused(const Run &r)
{
    QVERIFY2(
        r.exitCode == 6,
        qPrintable(QStringLiteral("exit %1\n%2").arg(r.exitCode).arg(QString::fromUtf8(r.err))));
    QVERIFY2(r.err.contains(m_other->origin()), r.err.constData());
    QVERIFY2(r.err.contains("hint:"), r.err.constData());
    QVERIFY2(r.err.contains("base URL or endpoint"), r.err.constData());
    QCOMPARE(m_other->connections(), 0);
    QVERIFY(m_other->requests().isEmpty());
    // the redirecting server got its own credentials, and the command never got past it
    QVERIFY(!m_front->requests().isEmpty());
}

void TestCredentialOrigin::apiCommands_data()
{
    QTest::addColumn<QStringList>("args"); // @manifest, @run_results: the test's artifacts
    QTest::newRow("integrations") << QStringList{QStringLiteral("integrations")};
    QTest::newRow("upload, combined") << QStringList{
        QStringLiteral("upload"), QStringLiteral("--integration"), QStringLiteral("i-1"),
        QStringLiteral("@manifest"), QStringLiteral("@run_results")};
    QTest::newRow("upload, separate") << QStringList{
        QStringLiteral("upload"),        QStringLiteral("--style"), QStringLiteral("separate"),
        QStringLiteral("--integration"), QStringLiteral("i-1"),     QStringLiteral("@manifest")};
    QTest::newRow("trigger") << QStringList{QStringLiteral("trigger"),
                                            QStringLiteral("--integration"), QStringLiteral("i-1")};
    QTest::newRow("watch") << QStringList{QStringLiteral("watch"), QStringLiteral("--integration"),
                                          QStringLiteral("i-1"), QStringLiteral("--timeout"),
                                          QStringLiteral("20")};
    QTest::newRow("integrations --json")
        << QStringList{QStringLiteral("integrations"), QStringLiteral("--json")};
}

void TestCredentialOrigin::apiCommands()
{
    QFETCH(QStringList, args);
    for (QString &a : args) {
        if (a == QLatin1String("@manifest")) {
            a = m_target + QStringLiteral("/v12-manifest.json");
        } else if (a == QLatin1String("@run_results")) {
            a = m_target + QStringLiteral("/v6-run_results.json");
        }
    }
    args << QStringLiteral("--api-url") << QString::fromLatin1(m_front->origin() + "/api/v1");
    const Run r = cli(args, {{QStringLiteral("SECODA_API_KEY"), QString::fromLatin1(kApiKey)}});
    checkRefused(r);
    QVERIFY(!r.err.contains(kApiKey));
    QVERIFY(!r.out.contains(kApiKey));
    QCOMPARE(m_front->requests().constLast().header("Authorization"),
             QByteArray("Bearer ") + kApiKey);
}

void TestCredentialOrigin::bucketCommands_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("action");
    for (const char *provider : {"s3", "gcs", "azure"}) {
        for (const char *action : {"test", "upload"}) {
            QTest::addRow("%s %s", provider, action)
                << QString::fromLatin1(provider) << QString::fromLatin1(action);
        }
    }
}

void TestCredentialOrigin::bucketCommands()
{
    QFETCH(QString, provider);
    QFETCH(QString, action);
    const QString endpoint = QString::fromLatin1(m_front->origin());
    QStringList args{QStringLiteral("bucket"), action, QStringLiteral("--provider"), provider};
    QMap<QString, QString> env;
    if (provider == QLatin1String("azure")) {
        args << QStringLiteral("--account") << QStringLiteral("originacct")
             << QStringLiteral("--container") << QStringLiteral("dbt");
        env.insert(QStringLiteral("AZURE_STORAGE_CONNECTION_STRING"),
                   QStringLiteral("DefaultEndpointsProtocol=http;AccountName=originacct;"
                                  "AccountKey=%1;BlobEndpoint=%2/originacct;")
                       .arg(QString::fromLatin1(kAccountKey), endpoint));
    } else {
        args << QStringLiteral("--bucket") << QStringLiteral("dbt-artifacts")
             << QStringLiteral("--region")
             << (provider == QLatin1String("gcs") ? QStringLiteral("auto")
                                                  : QStringLiteral("us-east-1"))
             << QStringLiteral("--endpoint") << endpoint;
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QString::fromLatin1(kAccessKey));
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QString::fromLatin1(kSecret));
        if (provider == QLatin1String("s3")) {
            env.insert(QStringLiteral("AWS_SESSION_TOKEN"), QString::fromLatin1(kToken));
        }
    }
    if (action == QLatin1String("upload")) {
        args << m_target + QStringLiteral("/v12-manifest.json")
             << m_target + QStringLiteral("/v6-run_results.json");
    }
    const Run r = cli(args, env);
    QVERIFY2(
        r.exitCode == 6,
        qPrintable(QStringLiteral("exit %1\n%2").arg(r.exitCode).arg(QString::fromUtf8(r.err))));
    // nobody checked the keys, so the checklist must not say they were accepted
    QVERIFY2(!r.err.contains("credentials were accepted"), r.err.constData());
    QVERIFY2(r.err.contains(m_other->origin()), r.err.constData());
    QCOMPARE(m_other->connections(), 0);
    for (const char *secret : {kSecret, kToken, kAccountKey}) {
        QVERIFY(!r.err.contains(secret));
        QVERIFY(!r.out.contains(secret));
    }
    QVERIFY(!m_front->requests().isEmpty());
    QVERIFY(!m_front->requests().constLast().header("Authorization").isEmpty());
}

void TestCredentialOrigin::sameOriginRedirectOfTheUpload()
{
    // 307 to the same origin on the upload POST: not followed either (the files would go twice).
    ScriptedHttpServer api(
        [](const RecordedRequest &r) { return ScriptedReply::redirect(307, r.target + "again/"); });
    QVERIFY(api.listen());
    const Run r = cli({QStringLiteral("upload"), QStringLiteral("--no-trigger"),
                       QStringLiteral("--integration"), QStringLiteral("i-1"),
                       QStringLiteral("--api-url"), QString::fromLatin1(api.origin() + "/api/v1"),
                       m_target + QStringLiteral("/v12-manifest.json"),
                       m_target + QStringLiteral("/v6-run_results.json")},
                      {{QStringLiteral("SECODA_API_KEY"), QString::fromLatin1(kApiKey)}});
    QVERIFY2(r.exitCode == 6, r.err.constData());
    QVERIFY2(r.err.contains("not sent again"), r.err.constData());
    QCOMPARE(api.requests().size(), 1);
}

void TestCredentialOrigin::untrustedCertificateIsNeverIgnored()
{
    // A TLS server with a certificate nobody trusts (made here with openssl): the request fails
    // with exit 5 and says why; the key is never sent over a connection that was not verified.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess req;
    req.start(QStringLiteral("openssl"),
              {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
               QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
               QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
               QStringLiteral("-keyout"), dir.filePath(QStringLiteral("key.pem")),
               QStringLiteral("-out"), dir.filePath(QStringLiteral("cert.pem"))});
    QVERIFY2(req.waitForFinished(60000) && req.exitCode() == 0,
             req.readAllStandardError().constData());
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    QProcess server;
    server.start(QStringLiteral("openssl"),
                 {QStringLiteral("s_server"), QStringLiteral("-quiet"), QStringLiteral("-www"),
                  QStringLiteral("-accept"), QStringLiteral("127.0.0.1:%1").arg(port),
                  QStringLiteral("-cert"), dir.filePath(QStringLiteral("cert.pem")),
                  QStringLiteral("-key"), dir.filePath(QStringLiteral("key.pem"))});
    QVERIFY(server.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(
        [port] {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, port);
            return s.waitForConnected(200);
        }(),
        20000);
    const Run r = cli({QStringLiteral("integrations"), QStringLiteral("--api-url"),
                       QStringLiteral("https://127.0.0.1:%1/api/v1").arg(port)},
                      {{QStringLiteral("SECODA_API_KEY"), QString::fromLatin1(kApiKey)}});
    server.kill();
    server.waitForFinished(5000);
    QVERIFY2(
        r.exitCode == 5,
        qPrintable(QStringLiteral("exit %1\n%2").arg(r.exitCode).arg(QString::fromUtf8(r.err))));
    QVERIFY2(r.err.contains("secure connection"), r.err.constData());
    QVERIFY2(r.err.contains("never ignores TLS errors"), r.err.constData());
    QVERIFY(!r.err.contains(kApiKey));
}

QTEST_GUILESS_MAIN(TestCredentialOrigin)
#include "TestCredentialOrigin.moc"
