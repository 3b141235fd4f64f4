// SPDX-License-Identifier: MIT
// Company proxies, end to end: a real tinyproxy on loopback with Basic authentication, and the
// sandbox over http and over https (its CA made here). The API and bucket commands go through
// the proxy named by http_proxy / https_proxy (https with CONNECT), reach the server, and leave
// a line in the proxy's log; no_proxy sends them directly; a refused sign-in or an unreachable
// proxy is exit 5 naming the proxy; the proxy's password is never printed or logged.
#include "SandboxProcess.h"
#include "TestCa.h"
#include "TestPaths.h"
#include "TinyProxy.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using Dbtu::Test::SandboxProcess;

namespace {

constexpr char kProxyPassword[] = "Proxy-s3cret.4412";
constexpr char kApiKey[] = "proxy-test-api-key-4412";

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestProxyCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void httpThroughTheProxy();
    void httpUploadThroughTheProxy();
    void httpsThroughConnect_data();
    void httpsThroughConnect();
    void noProxyGoesDirectly();
    void signInRefused_data();
    void signInRefused();
    void unreachableProxy();
    void invalidProxyUrl();
    void bucketCommandsUseTheProxy();
    void passwordNeverShown();

private:
    Run cli(const QStringList &args, const QMap<QString, QString> &env);
    QStringList trust() const { return {QStringLiteral("--ca-file"), m_ca.caFile()}; }

    QTemporaryDir m_tmp;
    Dbtu::Test::TestCa m_ca;
    Dbtu::Test::TinyProxy m_proxy;
    std::unique_ptr<SandboxProcess> m_http;
    std::unique_ptr<SandboxProcess> m_https;
    QString m_logFile;
    QByteArray m_allOutput; ///< everything every run printed
};

void TestProxyCli::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QVERIFY2(QFile::exists(Dbtu::Test::binaryPath()), "build dbt-uploader first");
    m_ca.dir = m_tmp.filePath(QStringLiteral("ca"));
    QVERIFY(QDir().mkpath(m_ca.dir));
    QString why;
    QVERIFY2(m_ca.make(&why), qPrintable(why));
    m_proxy.dir = m_tmp.path();
    m_proxy.user = QStringLiteral("proxyuser");
    m_proxy.password = QString::fromLatin1(kProxyPassword);
    QVERIFY2(m_proxy.start(&why), qPrintable(why));
    const QStringList common{QStringLiteral("--api-key"),      QString::fromLatin1(kApiKey),
                             QStringLiteral("--sync-seconds"), QStringLiteral("1"),
                             QStringLiteral("--post-limit"),   QStringLiteral("0")};
    m_http = SandboxProcess::start(m_tmp.filePath(QStringLiteral("http")), common);
    QVERIFY2(m_http->port, m_http->output.constData());
    m_https = SandboxProcess::start(m_tmp.filePath(QStringLiteral("https")),
                                    common + m_ca.sandboxArgs());
    QVERIFY2(m_https->port, m_https->output.constData());
    m_https->caFile = m_ca.caFile();
    m_logFile = m_tmp.filePath(QStringLiteral("debug.log"));
}

Run TestProxyCli::cli(const QStringList &args, const QMap<QString, QString> &env)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    const QString home = m_tmp.filePath(QStringLiteral("home"));
    e.insert(QStringLiteral("HOME"), home);
    e.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    e.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    e.insert(QStringLiteral("DBTU_WATCH_POLL_MS"), QStringLiteral("100"));
    e.insert(QStringLiteral("DBTU_LOG_FILE"), m_logFile);
    e.insert(QStringLiteral("SECODA_API_KEY"), QString::fromLatin1(kApiKey));
    for (const char *name : {"http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY",
                             "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"}) {
        e.remove(QString::fromLatin1(name));
    }
    for (auto it = env.cbegin(); it != env.cend(); ++it) {
        e.insert(it.key(), it.value());
    }
    p.setProcessEnvironment(e);
    p.start(Dbtu::Test::binaryPath(), args);
    Run r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished(5000);
        qWarning("the CLI did not end: %s", p.readAllStandardError().constData());
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    m_allOutput += r.out + r.err;
    return r;
}

void TestProxyCli::httpThroughTheProxy()
{
    const qsizetype before = m_proxy.log().size();
    const Run r
        = cli({QStringLiteral("integrations"), QStringLiteral("--api-url"), m_http->apiUrl()},
              {{QStringLiteral("http_proxy"), m_proxy.url()}});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("dbt Core (sandbox)"), r.out.constData());
    const QByteArray log = m_proxy.log().mid(before);
    QVERIFY2(
        log.contains("GET "
                     + m_http->url(QStringLiteral("/api/v1/integration/integrations/")).toLatin1()),
        log.constData());
}

void TestProxyCli::httpUploadThroughTheProxy()
{
    // An upload body is read once, so the proxy's credentials must be in the first request:
    // Qt's own way (wait for the 407, send again) cannot send the body a second time.
    const qsizetype before = m_proxy.log().size();
    const Run r = cli({QStringLiteral("upload"), QStringLiteral("--no-trigger"),
                       QStringLiteral("--integration"), SandboxProcess::dbtIntegrationId(),
                       QStringLiteral("--api-url"), m_http->apiUrl(),
                       Dbtu::Test::dataDir() + QStringLiteral("/core/v12-manifest.json"),
                       Dbtu::Test::dataDir() + QStringLiteral("/core/v6-run_results.json")},
                      {{QStringLiteral("http_proxy"), m_proxy.url()}});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray log = m_proxy.log().mid(before);
    QVERIFY2(
        log.contains("POST " + m_http->url(QStringLiteral("/api/v1/integration/dbt/")).toLatin1()),
        log.constData());
    QVERIFY2(log.contains("upload_artifacts"), log.constData());
    // Without credentials the proxy refuses it, and the error names the proxy.
    const Run refused = cli({QStringLiteral("upload"), QStringLiteral("--no-trigger"),
                             QStringLiteral("--integration"), SandboxProcess::dbtIntegrationId(),
                             QStringLiteral("--api-url"), m_http->apiUrl(),
                             Dbtu::Test::dataDir() + QStringLiteral("/core/v12-manifest.json"),
                             Dbtu::Test::dataDir() + QStringLiteral("/core/v6-run_results.json")},
                            {{QStringLiteral("http_proxy"), m_proxy.url(false)}});
    QVERIFY2(refused.exitCode == 5, refused.err.constData());
    QVERIFY2(refused.err.contains("the proxy " + m_proxy.address().toLatin1()),
             refused.err.constData());
}

void TestProxyCli::httpsThroughConnect_data()
{
    QTest::addColumn<QString>("variable");
    QTest::newRow("https_proxy") << QStringLiteral("https_proxy");
    QTest::newRow("HTTPS_PROXY") << QStringLiteral("HTTPS_PROXY");
    QTest::newRow("all_proxy") << QStringLiteral("all_proxy");
}

void TestProxyCli::httpsThroughConnect()
{
    QFETCH(QString, variable);
    const qsizetype before = m_proxy.log().size();
    const Run r
        = cli(QStringList{QStringLiteral("upload"), QStringLiteral("--integration"),
                          SandboxProcess::dbtIntegrationId(), QStringLiteral("--api-url"),
                          m_https->apiUrl(),
                          Dbtu::Test::dataDir() + QStringLiteral("/core/v12-manifest.json"),
                          Dbtu::Test::dataDir() + QStringLiteral("/core/v6-run_results.json")}
                  + trust(),
              {{variable, m_proxy.url()}});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray log = m_proxy.log().mid(before);
    QVERIFY2(log.contains("CONNECT 127.0.0.1:" + QByteArray::number(m_https->port)),
             log.constData());
    // The proxy saw a tunnel only: not the request inside it.
    QVERIFY2(!log.contains("upload_artifacts"), log.constData());
}

void TestProxyCli::noProxyGoesDirectly()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const QString nowhere = QStringLiteral("http://127.0.0.1:%1").arg(closed.serverPort());
    closed.close();
    for (const QString &noProxy :
         {QStringLiteral("127.0.0.1"), QStringLiteral("localhost,127.0.0.0/8"),
          QStringLiteral("127.0.0.1:%1").arg(m_https->port), QStringLiteral("*")}) {
        const Run r = cli(
            QStringList{QStringLiteral("integrations"), QStringLiteral("--api-url"),
                        m_https->apiUrl()}
                + trust(),
            {{QStringLiteral("https_proxy"), nowhere}, {QStringLiteral("no_proxy"), noProxy}});
        QVERIFY2(r.exitCode == 0, qPrintable(noProxy + QLatin1Char(' ') + r.err));
    }
    // no_proxy for another port of that host does not apply.
    const Run r = cli(
        QStringList{QStringLiteral("integrations"), QStringLiteral("--api-url"), m_https->apiUrl()}
            + trust(),
        {{QStringLiteral("https_proxy"), nowhere},
         {QStringLiteral("NO_PROXY"), QStringLiteral("127.0.0.1:1")}});
    QVERIFY2(r.exitCode == 5, r.err.constData());
}

void TestProxyCli::signInRefused_data()
{
    QTest::addColumn<bool>("overHttps");
    QTest::addColumn<bool>("withCredentials");
    QTest::addColumn<QByteArray>("said");
    QTest::newRow("https, no credentials (407)")
        << true << false << QByteArray("refused the sign-in (HTTP 407");
    // tinyproxy refuses a wrong password in the CONNECT with a 401, which Qt names a protocol
    // error of the proxy.
    QTest::newRow("https, wrong password") << true << true << QByteArray("failed");
    QTest::newRow("http, no credentials (407)")
        << false << false << QByteArray("refused the sign-in (HTTP 407");
    // Over plain http, that 401 comes back as the request's own answer: still the proxy's.
    QTest::newRow("http, wrong password (401)")
        << false << true << QByteArray("refused the sign-in (HTTP 401");
}

void TestProxyCli::signInRefused()
{
    QFETCH(bool, overHttps);
    QFETCH(bool, withCredentials);
    QFETCH(QByteArray, said);
    const QString proxy
        = withCredentials ? QStringLiteral("http://proxyuser:wrong-pass@%1").arg(m_proxy.address())
                          : m_proxy.url(false);
    const Run r
        = overHttps
              ? cli(QStringList{QStringLiteral("integrations"), QStringLiteral("--api-url"),
                                m_https->apiUrl()}
                        + trust(),
                    {{QStringLiteral("https_proxy"), proxy}})
              : cli({QStringLiteral("integrations"), QStringLiteral("--api-url"), m_http->apiUrl()},
                    {{QStringLiteral("http_proxy"), proxy}});
    QVERIFY2(r.exitCode == 5, r.err.constData());
    QVERIFY2(
        r.err.contains("error: Listing integrations: the proxy " + m_proxy.address().toLatin1()),
        r.err.constData());
    QVERIFY2(r.err.contains(said), r.err.constData());
    QVERIFY2(r.err.contains("hint: "), r.err.constData());
    QVERIFY(!r.err.contains("wrong-pass"));
}

void TestProxyCli::unreachableProxy()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(closed.serverPort());
    closed.close();
    for (const bool https : {false, true}) {
        const SandboxProcess &s = https ? *m_https : *m_http;
        const Run r = cli(
            QStringList{QStringLiteral("integrations"), QStringLiteral("--api-url"), s.apiUrl()}
                + trust(),
            {{https ? QStringLiteral("https_proxy") : QStringLiteral("http_proxy"),
              QStringLiteral("http://someone:pw-unreachable@") + address}});
        QVERIFY2(r.exitCode == 5, r.err.constData());
        QVERIFY2(r.err.contains("the proxy " + address.toLatin1() + " refused the connection"),
                 r.err.constData());
        QVERIFY(!r.err.contains("pw-unreachable"));
    }
}

void TestProxyCli::invalidProxyUrl()
{
    const Run r
        = cli({QStringLiteral("integrations"), QStringLiteral("--api-url"), m_http->apiUrl()},
              {{QStringLiteral("http_proxy"),
                QStringLiteral("ftp://proxyuser:pw-invalid@127.0.0.1:21")}});
    QVERIFY2(r.exitCode == 3, r.err.constData());
    QVERIFY2(r.err.contains("error: http_proxy is not a proxy this app can use "
                            "(ftp://***@127.0.0.1:21)"),
             r.err.constData());
    QVERIFY(!r.err.contains("pw-invalid"));
}

void TestProxyCli::bucketCommandsUseTheProxy()
{
    // The https sandbox plays the bucket endpoint: through the proxy the request gets through
    // the tunnel and TLS (whatever the sandbox answers to an S3 request); with a proxy that
    // refuses, the error is the proxy's.
    const QString endpoint = QStringLiteral("https://127.0.0.1:%1").arg(m_https->port);
    const QStringList args = QStringList{QStringLiteral("bucket"),     QStringLiteral("test"),
                                         QStringLiteral("--provider"), QStringLiteral("s3"),
                                         QStringLiteral("--bucket"),   QStringLiteral("proxy-b"),
                                         QStringLiteral("--region"),   QStringLiteral("us-east-1"),
                                         QStringLiteral("--endpoint"), endpoint}
                             + trust();
    const QMap<QString, QString> credentials{
        {QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIAPROXYTESTKEY0001")},
        {QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("proxy/test/secret/0001")}};
    QMap<QString, QString> env = credentials;
    env.insert(QStringLiteral("https_proxy"), m_proxy.url(false));
    const Run refused = cli(args, env);
    QVERIFY2(refused.exitCode == 5, refused.err.constData());
    QVERIFY2(refused.err.contains("the proxy " + m_proxy.address().toLatin1()),
             refused.err.constData());
    const qsizetype before = m_proxy.log().size();
    env.insert(QStringLiteral("https_proxy"), m_proxy.url());
    const Run through = cli(args, env);
    QVERIFY2(!through.err.contains("the proxy"), through.err.constData());
    QVERIFY2(!through.err.contains("not trusted"), through.err.constData());
    QVERIFY2(m_proxy.log().mid(before).contains("CONNECT 127.0.0.1:"
                                                + QByteArray::number(m_https->port)),
             m_proxy.log().constData());
}

void TestProxyCli::passwordNeverShown()
{
    // Every run above had the password in its environment: none printed it, nor logged it.
    QVERIFY(!m_allOutput.isEmpty());
    QVERIFY(!m_allOutput.contains(kProxyPassword));
    QFile log(m_logFile);
    QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(m_logFile));
    const QByteArray logged = log.readAll();
    QVERIFY(logged.contains("integrations")); // the log was written
    QVERIFY(!logged.contains(kProxyPassword));
    QVERIFY(!logged.contains(QByteArray(kProxyPassword).toPercentEncoding()));
}

QTEST_GUILESS_MAIN(TestProxyCli)
#include "TestProxyCli.moc"
