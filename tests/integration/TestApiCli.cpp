// SPDX-License-Identifier: MIT
// The real CLI (`upload`, `trigger`, `watch`, `integrations`, `key`) against the real sandbox
// process over loopback, and a real Secret Service (this test runs under with-keyring.sh).
// Every failure the issue names: 401, 403, 404, 413, 429 + Retry-After, 5xx until the retries
// run out, a server that never answers, a connection dropped mid-upload, Ctrl+C mid-upload, a
// file changed while sent; and at the end, that the key shows in no output and no file.
#include "ProcessSignals.h"
#include "SandboxProcess.h"
#include "TestPaths.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using Dbtu::Test::catchesSigint;
using Dbtu::Test::SandboxProcess;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestApiCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void integrationsFollowThePages();
    void uploadCombinedTriggerAndWatch();
    void uploadSeparate();
    void triggerAndWatch();
    void refusedKey();
    void keyWithoutWriteRights();
    void unknownIntegration();
    void bodyTooLarge();
    void rateLimitedThenRetried();
    void serverErrorsUntilRetriesRunOut();
    void serverNeverAnswers();
    void connectionDroppedMidUpload();
    void cancelMidUpload();
    void fileChangedWhileSent();
    void brokenFileIsNeverSent();
    void keychainFlow();
    void noSecretService();
    void keyLeaksNowhere();

private:
    Run cli(const QStringList &args, const QByteArray &key, const QByteArray &stdinData = {},
            int timeoutMs = 60000);
    QStringList api(const SandboxProcess &s) const
    {
        return {QStringLiteral("--api-url"), s.apiUrl(), QStringLiteral("--integration"),
                SandboxProcess::dbtIntegrationId()};
    }
    std::unique_ptr<SandboxProcess> sandbox(const QString &name, const QStringList &args = {});
    QJsonArray uploads(const SandboxProcess &s);

    QTemporaryDir m_tmp;
    QString m_home;
    QByteArray m_key;
    QString m_manifest;
    QString m_runResults;
    QList<QByteArray> m_outputs; // everything the CLI printed, for the leak test
    QNetworkAccessManager m_nam;
};

void TestApiCli::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBTU_KEYRING_SESSION"),
             "run this test through tests/support/with-keyring.sh (ctest does)");
    m_home = m_tmp.filePath(QStringLiteral("home"));
    QDir().mkpath(m_home);
    // A distinctive key: the leak test looks for it everywhere afterwards.
    m_key = "dbtu-leak-probe-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch(), 16)
            + "-9f3c2a7e";
    QFile keyFile(m_tmp.filePath(QStringLiteral("api-key")));
    QVERIFY(keyFile.open(QIODevice::WriteOnly));
    keyFile.write(m_key);
    keyFile.close();
    m_manifest = Dbtu::Test::dataDir() + QStringLiteral("/core/v12-manifest.json");
    m_runResults = Dbtu::Test::dataDir() + QStringLiteral("/core/v6-run_results.json");
}

std::unique_ptr<SandboxProcess> TestApiCli::sandbox(const QString &name, const QStringList &args)
{
    auto s = SandboxProcess::start(
        m_tmp.filePath(name),
        QStringList{QStringLiteral("--api-key-file"), m_tmp.filePath(QStringLiteral("api-key")),
                    QStringLiteral("--sync-seconds"), QStringLiteral("1")}
            + args);
    if (s->port == 0) {
        qWarning("sandbox did not start: %s", s->output.constData());
    }
    return s;
}

Run TestApiCli::cli(const QStringList &args, const QByteArray &key, const QByteArray &stdinData,
                    int timeoutMs)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("DBTU_WATCH_POLL_MS"), QStringLiteral("100"));
    env.remove(QStringLiteral("SECODA_API_KEY"));
    if (!key.isEmpty()) {
        env.insert(QStringLiteral("SECODA_API_KEY"), QString::fromUtf8(key));
    }
    p.setProcessEnvironment(env);
    p.start(Dbtu::Test::binaryPath(), args);
    p.write(stdinData);
    p.closeWriteChannel();
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    m_outputs << r.out << r.err;
    return r;
}

QJsonArray TestApiCli::uploads(const SandboxProcess &s)
{
    QNetworkRequest request(QUrl(s.url(QStringLiteral("/api/v1/sandbox/uploads/"))));
    request.setRawHeader("Authorization", "Bearer " + m_key);
    QNetworkReply *reply = m_nam.get(request);
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(10000);
    reply->deleteLater();
    const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());
    return doc.object().value(QLatin1String("results")).toArray();
}

void TestApiCli::integrationsFollowThePages()
{
    auto s
        = sandbox(QStringLiteral("pages"), {QStringLiteral("--page-size"), QStringLiteral("2"),
                                            QStringLiteral("--integrations"), QStringLiteral("5")});
    QVERIFY(s->port);
    const Run r = cli({QStringLiteral("integrations"), QStringLiteral("--json"),
                       QStringLiteral("--api-url"), s->apiUrl()},
                      m_key);
    QCOMPARE(r.exitCode, 0);
    const QJsonArray list = r.json().value(QLatin1String("integrations")).toArray();
    QCOMPARE(list.size(), 5); // three pages of two
    QCOMPARE(list.first()[QLatin1String("id")].toString(), SandboxProcess::dbtIntegrationId());
    QVERIFY(list.first()[QLatin1String("looks_like_dbt")].toBool()); // dbt first
}

void TestApiCli::uploadCombinedTriggerAndWatch()
{
    auto s = sandbox(QStringLiteral("combined"));
    QVERIFY(s->port);
    const Run r = cli(QStringList{QStringLiteral("upload"), QStringLiteral("--json"),
                                  QStringLiteral("--watch"), QStringLiteral("--timeout"),
                                  QStringLiteral("30")}
                          + api(*s) + QStringList{m_manifest, m_runResults},
                      m_key);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject j = r.json();
    QCOMPARE(j[QLatin1String("style")].toString(), QStringLiteral("combined"));
    QVERIFY(j[QLatin1String("triggered")].toBool());
    QCOMPARE(j[QLatin1String("sync")][QLatin1String("outcome")].toString(),
             QStringLiteral("finished"));
    QVERIFY(j[QLatin1String("syncs_page")].toString().endsWith(SandboxProcess::dbtIntegrationId()
                                                               + QStringLiteral("/syncs")));
    // What arrived is what was sent.
    const QJsonArray stored = uploads(*s);
    QCOMPARE(stored.size(), 2);
    qint64 total = 0;
    for (const QJsonValue &u : stored) {
        total += u[QLatin1String("size")].toInteger();
    }
    QCOMPARE(total, QFileInfo(m_manifest).size() + QFileInfo(m_runResults).size());
    QVERIFY(r.err.contains("warning: 1 result(s)")); // the pair checks were run and shown
}

void TestApiCli::uploadSeparate()
{
    auto s = sandbox(QStringLiteral("separate"));
    QVERIFY(s->port);
    const Run r = cli(QStringList{QStringLiteral("upload"), QStringLiteral("--json"),
                                  QStringLiteral("--style"), QStringLiteral("separate"),
                                  QStringLiteral("--watch")}
                          + api(*s) + QStringList{m_manifest, m_runResults},
                      m_key);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[QLatin1String("style")].toString(), QStringLiteral("separate"));
    QCOMPARE(r.json()[QLatin1String("sync")][QLatin1String("outcome")].toString(),
             QStringLiteral("finished"));
    const QJsonArray stored = uploads(*s);
    QCOMPARE(stored.size(), 2);
    const QByteArray names = QJsonDocument(stored).toJson();
    QVERIFY2(names.contains("manifest_file") && names.contains("run_result_file"),
             names.constData());

    // Separate style may send one file alone; combined may not.
    const Run one = cli(
        QStringList{QStringLiteral("upload"), QStringLiteral("--style"), QStringLiteral("separate")}
            + api(*s) + QStringList{m_runResults},
        m_key);
    QCOMPARE(one.exitCode, 0);
    const Run combinedOne
        = cli(QStringList{QStringLiteral("upload")} + api(*s) + QStringList{m_runResults}, m_key);
    QCOMPARE(combinedOne.exitCode, 3);
    QVERIFY(combinedOne.err.contains("manifest.json is missing"));
}

void TestApiCli::triggerAndWatch()
{
    auto s = sandbox(QStringLiteral("trigger"));
    QVERIFY(s->port);
    const Run r = cli(
        QStringList{QStringLiteral("trigger"), QStringLiteral("--watch"), QStringLiteral("--json")}
            + api(*s),
        m_key);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[QLatin1String("sync")][QLatin1String("outcome")].toString(),
             QStringLiteral("finished"));
    QVERIFY(!r.json()[QLatin1String("sync")][QLatin1String("last_run")].isNull());

    // Watching with nothing running gives up politely and says where to look.
    const Run w = cli(QStringList{QStringLiteral("watch"), QStringLiteral("--timeout"),
                                  QStringLiteral("1"), QStringLiteral("--json")}
                          + api(*s),
                      m_key);
    QCOMPARE(w.exitCode, 0);
    QCOMPARE(w.json()[QLatin1String("sync")][QLatin1String("outcome")].toString(),
             QStringLiteral("gave_up"));
    QVERIFY(w.err.contains("Syncs page: http://127.0.0.1"));
}

void TestApiCli::refusedKey()
{
    auto s = sandbox(QStringLiteral("401"));
    QVERIFY(s->port);
    const Run r = cli(QStringList{QStringLiteral("upload"), QStringLiteral("--json")} + api(*s)
                          + QStringList{m_manifest, m_runResults},
                      "not-the-key");
    QCOMPARE(r.exitCode, 4);
    QVERIFY(r.err.contains("rejected the API key (401)"));
    QCOMPARE(r.json()[QLatin1String("error")][QLatin1String("http_status")].toInt(), 401);
}

void TestApiCli::keyWithoutWriteRights()
{
    auto s = sandbox(QStringLiteral("403"),
                     {QStringLiteral("--read-only-key"), QStringLiteral("ro-key-123")});
    QVERIFY(s->port);
    const Run r = cli(QStringList{QStringLiteral("trigger")} + api(*s), "ro-key-123");
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains("not allowed"), r.err.constData());
}

void TestApiCli::unknownIntegration()
{
    auto s = sandbox(QStringLiteral("404"));
    QVERIFY(s->port);
    const Run r = cli({QStringLiteral("trigger"), QStringLiteral("--api-url"), s->apiUrl(),
                       QStringLiteral("--integration"), QStringLiteral("no-such-integration")},
                      m_key);
    QCOMPARE(r.exitCode, 6);
    QVERIFY(r.err.contains("(404)"));
    QVERIFY(r.err.contains("hint: Check the integration ID"));
}

void TestApiCli::bodyTooLarge()
{
    auto s = sandbox(QStringLiteral("413"), {QStringLiteral("--max-body-mb"), QStringLiteral("1")});
    QVERIFY(s->port);
    // A valid manifest of ~2 MB.
    const QString big = m_tmp.filePath(QStringLiteral("big/manifest.json"));
    QDir().mkpath(QFileInfo(big).path());
    QFile f(big);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QByteArray text = readAll(m_manifest);
    text.insert(text.indexOf("\"nodes\": {") + 10,
                "\"model.analytics.padding\": {\"resource_type\": \"model\", \"raw_code\": \""
                    + QByteArray(2 << 20, 'x') + "\"}, ");
    f.write(text);
    f.close();
    const Run r = cli(
        QStringList{QStringLiteral("upload")} + api(*s) + QStringList{big, m_runResults}, m_key);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("(413)"), r.err.constData());
    QVERIFY(r.err.contains("client_max_body_size"));
}

void TestApiCli::rateLimitedThenRetried()
{
    auto s = sandbox(QStringLiteral("429"),
                     {QStringLiteral("--status-sequence"), QStringLiteral("429,200")});
    QVERIFY(s->port);
    const Run r = cli(QStringList{QStringLiteral("upload"), QStringLiteral("--no-trigger")}
                          + api(*s) + QStringList{m_manifest, m_runResults},
                      m_key);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // Retry-After: 1 from the sandbox is honoured and the retry is shown.
    QVERIFY2(r.err.contains("note: HTTP 429; retrying in 1.0 s (attempt 2 of 4)"),
             r.err.constData());
    QCOMPARE(uploads(*s).size(), 2);
}

void TestApiCli::serverErrorsUntilRetriesRunOut()
{
    auto s = sandbox(QStringLiteral("503"),
                     {QStringLiteral("--status-sequence"), QStringLiteral("503,503,503,503,503")});
    QVERIFY(s->port);
    const Run r = cli(QStringList{QStringLiteral("upload"), QStringLiteral("--no-trigger")}
                          + api(*s) + QStringList{m_manifest, m_runResults},
                      m_key);
    QCOMPARE(r.exitCode, 6);
    QCOMPARE(r.err.count("retrying in"), 3); // 4 attempts in all
    QVERIFY(r.err.contains("the server failed (HTTP 503)"));

    // A trigger is never sent twice once it may have reached the server: a 502 is final.
    auto t = sandbox(QStringLiteral("502"),
                     {QStringLiteral("--status-sequence"), QStringLiteral("502,200")});
    QVERIFY(t->port);
    const Run trig = cli(QStringList{QStringLiteral("trigger")} + api(*t), m_key);
    QCOMPARE(trig.exitCode, 6);
    QVERIFY(!trig.err.contains("retrying"));
}

void TestApiCli::serverNeverAnswers()
{
    auto s = sandbox(QStringLiteral("hang"), {QStringLiteral("--hang")});
    QVERIFY(s->port);
    QElapsedTimer clock;
    clock.start();
    const Run r
        = cli(QStringList{QStringLiteral("integrations"), QStringLiteral("--request-timeout"),
                          QStringLiteral("1"), QStringLiteral("--api-url"), s->apiUrl()},
              m_key);
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains("did not answer in time"), r.err.constData());
    QVERIFY(clock.elapsed() < 20000); // a timeout, not a hang
}

void TestApiCli::connectionDroppedMidUpload()
{
    auto s = sandbox(QStringLiteral("drop"),
                     {QStringLiteral("--drop-after-bytes"), QStringLiteral("1000")});
    QVERIFY(s->port);
    const Run r = cli(QStringList{QStringLiteral("upload"), QStringLiteral("--no-trigger")}
                          + api(*s) + QStringList{m_manifest, m_runResults},
                      m_key);
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains("closed the connection"), r.err.constData());
    QCOMPARE(uploads(*s).size(), 0);
}

void TestApiCli::cancelMidUpload()
{
    auto s = sandbox(QStringLiteral("cancel"), {QStringLiteral("--hang")});
    QVERIFY(s->port);
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SECODA_API_KEY"), QString::fromUtf8(m_key));
    env.insert(QStringLiteral("HOME"), m_home);
    p.setProcessEnvironment(env);
    p.start(Dbtu::Test::binaryPath(), QStringList{QStringLiteral("upload")} + api(*s)
                                          + QStringList{m_manifest, m_runResults});
    QVERIFY(p.waitForStarted());
    // The server holds the request; once the client waits for it (a fixed wait was too short
    // for a sanitized client on a busy machine), Ctrl+C ends it.
    QTRY_VERIFY_WITH_TIMEOUT(catchesSigint(p.processId()), 30000);
    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(10000));
    m_outputs << p.readAllStandardOutput() << p.readAllStandardError();
    QCOMPARE(p.exitCode(), 130);
    QVERIFY(m_outputs.last().contains("cancelled"));
}

void TestApiCli::fileChangedWhileSent()
{
    // The server waits before answering; meanwhile the file is rewritten.
    auto s = sandbox(QStringLiteral("changed"),
                     {QStringLiteral("--delay-ms"), QStringLiteral("2500")});
    QVERIFY(s->port);
    const QString copy = m_tmp.filePath(QStringLiteral("changing/manifest.json"));
    QDir().mkpath(QFileInfo(copy).path());
    QVERIFY(QFile::copy(m_manifest, copy));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SECODA_API_KEY"), QString::fromUtf8(m_key));
    env.insert(QStringLiteral("HOME"), m_home);
    p.setProcessEnvironment(env);
    p.start(Dbtu::Test::binaryPath(),
            QStringList{QStringLiteral("upload"), QStringLiteral("--no-trigger")} + api(*s)
                + QStringList{copy, m_runResults});
    QVERIFY(p.waitForStarted());
    // Once the upload has started (the client waits for the network) and the small files are
    // sent, well before the answer 2.5 s later. A fixed wait from the process start raced a
    // sanitized client's slow start on a busy machine.
    QTRY_VERIFY_WITH_TIMEOUT(catchesSigint(p.processId()), 30000);
    QTest::qWait(1000);
    {
        QFile f(copy);
        QVERIFY(f.open(QIODevice::Append));
        f.write("\n");
    }
    QVERIFY(p.waitForFinished(30000));
    const QByteArray err = p.readAllStandardError();
    m_outputs << err;
    QCOMPARE(p.exitCode(), 3);
    QVERIFY2(err.contains("changed while it was being sent"), err.constData());
}

void TestApiCli::brokenFileIsNeverSent()
{
    auto s = sandbox(QStringLiteral("broken"));
    QVERIFY(s->port);
    const QString broken = m_tmp.filePath(QStringLiteral("broken/manifest.json"));
    QDir().mkpath(QFileInfo(broken).path());
    QFile f(broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(readAll(m_manifest).left(1500)); // starts like a manifest, then stops
    f.close();
    const Run r = cli(
        QStringList{QStringLiteral("upload")} + api(*s) + QStringList{broken, m_runResults}, m_key);
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.err.contains("ends before its JSON is complete"));
    QVERIFY(!r.err.contains("Sync triggered"));
}

void TestApiCli::keychainFlow()
{
    auto s = sandbox(QStringLiteral("keychain"));
    QVERIFY(s->port);
    const QStringList profile{QStringLiteral("--profile"), QStringLiteral("kc-test")};
    QCOMPARE(
        cli(QStringList{QStringLiteral("key"), QStringLiteral("clear")} + profile, {}).exitCode, 0);
    Run r = cli(QStringList{QStringLiteral("key"), QStringLiteral("status")} + profile, {});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("No API key is stored"));

    // Without any key: a clear error, exit 4.
    r = cli(QStringList{QStringLiteral("trigger")} + api(*s) + profile, {});
    QCOMPARE(r.exitCode, 4);
    QVERIFY(r.err.contains("no API key"));
    QVERIFY(r.err.contains("key set"));

    // set reads stdin; then the commands find the key in the keychain.
    r = cli(QStringList{QStringLiteral("key"), QStringLiteral("set")} + profile, {}, m_key + "\n");
    QCOMPARE(r.exitCode, 0);
    r = cli(QStringList{QStringLiteral("key"), QStringLiteral("status")} + profile, {});
    QVERIFY(r.out.contains("An API key is stored"));
    r = cli(QStringList{QStringLiteral("trigger")} + api(*s) + profile, {});
    QVERIFY2(r.exitCode == 0, r.err.constData());

    // --api-key-stdin works without the keychain.
    r = cli(QStringList{QStringLiteral("integrations"), QStringLiteral("--api-key-stdin"),
                        QStringLiteral("--api-url"), s->apiUrl(), QStringLiteral("--profile"),
                        QStringLiteral("other")},
            {}, m_key + "\n");
    QCOMPARE(r.exitCode, 0);

    QCOMPARE(
        cli(QStringList{QStringLiteral("key"), QStringLiteral("clear")} + profile, {}).exitCode, 0);
    r = cli(QStringList{QStringLiteral("trigger")} + api(*s) + profile, {});
    QCOMPARE(r.exitCode, 4);
}

void TestApiCli::noSecretService()
{
    // A session bus with no services at all: QtKeychain finds no Secret Service.
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home);
    env.remove(QStringLiteral("SECODA_API_KEY"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("dbus-run-session"),
            {QStringLiteral("--config-file=%1/../support/dbus-no-services.conf")
                 .arg(Dbtu::Test::dataDir()),
             QStringLiteral("--"), Dbtu::Test::binaryPath(), QStringLiteral("key"),
             QStringLiteral("set")});
    p.write(m_key + "\n");
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(30000));
    const QByteArray err = p.readAllStandardError();
    m_outputs << p.readAllStandardOutput() << err;
    QCOMPARE(p.exitCode(), 4);
    QVERIFY2(err.contains("No keychain is available"), err.constData());
    QVERIFY(err.contains("never written to a plain file"));
}

void TestApiCli::keyLeaksNowhere()
{
    // Nothing the CLI printed holds the key...
    for (const QByteArray &output : std::as_const(m_outputs)) {
        QVERIFY2(!output.contains(m_key), output.constData());
    }
    QVERIFY(m_outputs.size() > 20);
    // ...and no file under the HOME the CLI ran with (settings, caches) holds it.
    QDirIterator it(m_home, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QVERIFY2(!readAll(path).contains(m_key), qPrintable(path));
    }
}

QTEST_GUILESS_MAIN(TestApiCli)
#include "TestApiCli.moc"
