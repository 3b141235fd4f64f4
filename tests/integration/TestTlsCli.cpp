// SPDX-License-Identifier: MIT
// Company CAs, end to end: an https sandbox whose certificate comes from a CA made here with
// openssl. Without that CA every network command fails with exit 5, naming the certificate and
// how to add the CA; with it (--ca-file, SSL_CERT_FILE or SSL_CERT_DIR) the same commands work.
// A bad CA file is exit 3 naming it. The key comes from SECODA_API_KEY (no keychain).
#include "SandboxProcess.h"
#include "TestCa.h"
#include "TestPaths.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using Dbtu::Test::SandboxProcess;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestTlsCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void untrustedCertificateIsNamed();
    void caFileOnEveryApiCommand_data();
    void caFileOnEveryApiCommand();
    void environment_data();
    void environment();
    void badCaFile_data();
    void badCaFile();
    void bucketCommandsTrustTheCa();

private:
    Run cli(const QStringList &args, const QMap<QString, QString> &env = {});
    QStringList api() const { return {QStringLiteral("--api-url"), m_sandbox->apiUrl()}; }

    QTemporaryDir m_tmp;
    Dbtu::Test::TestCa m_ca;
    std::unique_ptr<SandboxProcess> m_sandbox;
    QString m_manifest;
    QString m_runResults;
};

void TestTlsCli::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QVERIFY2(QFile::exists(Dbtu::Test::binaryPath()), "build dbt-uploader first");
    m_ca.dir = m_tmp.filePath(QStringLiteral("ca"));
    QVERIFY(QDir().mkpath(m_ca.dir));
    QString why;
    QVERIFY2(m_ca.make(&why), qPrintable(why));
    m_sandbox = SandboxProcess::start(
        m_tmp.filePath(QStringLiteral("sandbox")),
        m_ca.sandboxArgs()
            + QStringList{QStringLiteral("--api-key"), QStringLiteral("trust-test-key"),
                          QStringLiteral("--sync-seconds"), QStringLiteral("1")});
    QVERIFY2(m_sandbox->port, m_sandbox->output.constData());
    QCOMPARE(m_sandbox->scheme, QStringLiteral("https"));
    m_manifest = Dbtu::Test::dataDir() + QStringLiteral("/core/v12-manifest.json");
    m_runResults = Dbtu::Test::dataDir() + QStringLiteral("/core/v6-run_results.json");
}

Run TestTlsCli::cli(const QStringList &args, const QMap<QString, QString> &env)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    const QString home = m_tmp.filePath(QStringLiteral("home"));
    e.insert(QStringLiteral("HOME"), home);
    e.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    e.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    e.insert(QStringLiteral("DBTU_WATCH_POLL_MS"), QStringLiteral("100"));
    e.insert(QStringLiteral("SECODA_API_KEY"), QStringLiteral("trust-test-key"));
    e.remove(QStringLiteral("SSL_CERT_FILE"));
    e.remove(QStringLiteral("SSL_CERT_DIR"));
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
    return r;
}

void TestTlsCli::untrustedCertificateIsNamed()
{
    const Run r = cli(QStringList{QStringLiteral("integrations")} + api());
    QVERIFY2(r.exitCode == 5, r.err.constData());
    QVERIFY2(r.err.contains("error: Listing integrations: the secure connection to 127.0.0.1 "
                            "failed: its certificate “dbtu test server” issued by “dbtu test CA” "
                            "is not trusted"),
             r.err.constData());
    QVERIFY2(r.err.contains("hint: ") && r.err.contains("--ca-file FILE")
                 && r.err.contains("SSL_CERT_FILE") && r.err.contains("never ignores TLS errors"),
             r.err.constData());
    QVERIFY(!r.err.contains("trust-test-key"));
}

void TestTlsCli::caFileOnEveryApiCommand_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<QByteArray>("said");
    QTest::newRow("integrations") << QStringList{QStringLiteral("integrations")}
                                  << QByteArray("dbt Core (sandbox)");
    QTest::newRow("upload") << QStringList{QStringLiteral("upload"), QStringLiteral("--watch")}
                            << QByteArray("");
    QTest::newRow("trigger") << QStringList{QStringLiteral("trigger"), QStringLiteral("--watch")}
                             << QByteArray("");
}

void TestTlsCli::caFileOnEveryApiCommand()
{
    QFETCH(QStringList, command);
    QFETCH(QByteArray, said);
    QStringList args = command + QStringList{QStringLiteral("--ca-file"), m_ca.caFile()};
    if (command.first() != QLatin1String("integrations")) {
        args += QStringList{QStringLiteral("--integration"), SandboxProcess::dbtIntegrationId()};
    }
    args += QStringList{QStringLiteral("--api-url"), m_sandbox->apiUrl()};
    if (command.first() == QLatin1String("upload")) {
        args += QStringList{m_manifest, m_runResults};
    }
    const Run trusted = cli(args);
    QVERIFY2(trusted.exitCode == 0, trusted.err.constData());
    QVERIFY2(trusted.out.contains(said), trusted.out.constData());
    // The same command without the CA: refused at the handshake.
    QStringList without = args;
    without.removeAt(without.indexOf(QStringLiteral("--ca-file")) + 1);
    without.removeOne(QStringLiteral("--ca-file"));
    const Run refused = cli(without);
    QVERIFY2(refused.exitCode == 5, refused.err.constData());
    QVERIFY2(refused.err.contains("“dbtu test server” issued by “dbtu test CA” is not trusted"),
             refused.err.constData());
}

void TestTlsCli::environment_data()
{
    QTest::addColumn<QString>("variable");
    QTest::addColumn<bool>("folder");
    QTest::newRow("SSL_CERT_FILE") << QStringLiteral("SSL_CERT_FILE") << false;
    QTest::newRow("SSL_CERT_DIR") << QStringLiteral("SSL_CERT_DIR") << true;
}

void TestTlsCli::environment()
{
    QFETCH(QString, variable);
    QFETCH(bool, folder);
    QString value = m_ca.caFile();
    if (folder) {
        // OpenSSL's layout: the certificate and other files (here a note) in one folder; the
        // folders list is separated by ':' and may name one that is missing.
        const QString dir = m_tmp.filePath(QStringLiteral("cert-dir"));
        QVERIFY(QDir().mkpath(dir));
        QFile::remove(dir + QStringLiteral("/company-ca.crt"));
        QVERIFY(QFile::copy(m_ca.caFile(), dir + QStringLiteral("/company-ca.crt")));
        QFile note(dir + QStringLiteral("/README"));
        QVERIFY(note.open(QIODevice::WriteOnly));
        note.write("not a certificate\n");
        note.close();
        value = dir;
    }
    const Run r = cli(QStringList{QStringLiteral("integrations")} + api(), {{variable, value}});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("dbt Core (sandbox)"), r.out.constData());
}

void TestTlsCli::badCaFile_data()
{
    QTest::addColumn<QString>("variable"); // empty: --ca-file
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("said");
    const QString missing = m_tmp.filePath(QStringLiteral("no-such-ca.pem"));
    const QString notCert = Dbtu::Test::dataDir() + QStringLiteral("/core/v12-manifest.json");
    const QString emptyDir = m_tmp.filePath(QStringLiteral("empty-dir"));
    QDir().mkpath(emptyDir);
    QTest::newRow("--ca-file missing")
        << QString() << missing << ("error: --ca-file " + missing.toUtf8() + ": does not exist");
    QTest::newRow("--ca-file not a certificate")
        << QString() << notCert
        << ("error: --ca-file " + notCert.toUtf8() + ": holds no certificate");
    QTest::newRow("SSL_CERT_FILE missing")
        << QStringLiteral("SSL_CERT_FILE") << missing
        << ("error: SSL_CERT_FILE " + missing.toUtf8() + ": does not exist");
    QTest::newRow("SSL_CERT_DIR empty")
        << QStringLiteral("SSL_CERT_DIR") << emptyDir
        << ("error: SSL_CERT_DIR " + emptyDir.toUtf8() + ": holds no certificate");
}

void TestTlsCli::badCaFile()
{
    QFETCH(QString, variable);
    QFETCH(QString, path);
    QFETCH(QByteArray, said);
    QStringList args = QStringList{QStringLiteral("integrations")} + api();
    QMap<QString, QString> env;
    if (variable.isEmpty()) {
        args += QStringList{QStringLiteral("--ca-file"), path};
    } else {
        env.insert(variable, path);
    }
    const Run r = cli(args, env);
    QVERIFY2(r.exitCode == 3, r.err.constData());
    QVERIFY2(r.err.contains(said), r.err.constData());
    QVERIFY2(r.err.contains("hint: "), r.err.constData());
}

void TestTlsCli::bucketCommandsTrustTheCa()
{
    // The sandbox is no bucket: with the CA the request gets through TLS and the sandbox's answer
    // is read (some server error); without it, the handshake is refused (exit 5, the certificate
    // named). Either way nothing is uploaded anywhere else.
    const QString endpoint = QStringLiteral("https://127.0.0.1:%1").arg(m_sandbox->port);
    const QStringList base{QStringLiteral("bucket"),     QStringLiteral("test"),
                           QStringLiteral("--provider"), QStringLiteral("s3"),
                           QStringLiteral("--bucket"),   QStringLiteral("trust-bucket"),
                           QStringLiteral("--region"),   QStringLiteral("us-east-1"),
                           QStringLiteral("--endpoint"), endpoint};
    const QMap<QString, QString> env{
        {QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIATRUSTTESTKEY0001")},
        {QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("trust/test/secret/0001")}};
    const Run refused = cli(base, env);
    QVERIFY2(refused.exitCode == 5, refused.err.constData());
    QVERIFY2(refused.err.contains("“dbtu test server” issued by “dbtu test CA” is not trusted"),
             refused.err.constData());
    const Run trusted = cli(base + QStringList{QStringLiteral("--ca-file"), m_ca.caFile()}, env);
    QVERIFY2(trusted.exitCode != 0 && trusted.exitCode != 5, trusted.err.constData());
    QVERIFY2(!trusted.err.contains("not trusted"), trusted.err.constData());
    const Run bad = cli(base + QStringList{QStringLiteral("--ca-file"), endpoint}, env);
    QVERIFY2(bad.exitCode == 3, bad.err.constData());
}

QTEST_GUILESS_MAIN(TestTlsCli)
#include "TestTlsCli.moc"
