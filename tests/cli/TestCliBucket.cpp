// SPDX-License-Identifier: MIT
// `dbt-uploader bucket …` run as a process against the S3 peer: exit codes, JSON output, and no
// secret in any output.
#include "BigArtifacts.h"
#include "ClosedPort.h"
#include "PeerProcess.h"
#include "ProcessSignals.h"
#include "TestPaths.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {
const QByteArray kSecret = "cli-peer-secret-value";
const QString kKey = QStringLiteral("AKIACLIPEERKEY000001");
const QString kTemporaryKey = QStringLiteral("ASIACLIPEERKEY000001");
const QByteArray kToken = "cli-peer-session-token";
const QByteArray kExpiredToken = "cli-peer-expired-session-token";
} // namespace

class TestCliBucket : public QObject
{
    Q_OBJECT

private:
    Dbtu::Test::PeerProcess m_s3;
    Dbtu::Test::PeerProcess m_s3Token; ///< its key needs kToken; kExpiredToken has expired

    struct Run
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };
    static QProcessEnvironment keyEnv(const QString &keyId, const QByteArray &secret,
                                      const QByteArray &token = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name :
             {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}) {
            env.remove(QString::fromLatin1(name));
        }
        if (!keyId.isEmpty()) {
            env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), keyId);
            env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QString::fromLatin1(secret));
        }
        if (!token.isEmpty()) {
            env.insert(QStringLiteral("AWS_SESSION_TOKEN"), QString::fromLatin1(token));
        }
        return env;
    }
    Run run(const QStringList &args, const QByteArray &secret = kSecret)
    {
        return runWith(args, keyEnv(kKey, secret));
    }
    Run runWith(const QStringList &args, const QProcessEnvironment &env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(Dbtu::Test::binaryPath(), args);
        p.waitForFinished(60000);
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }
    QStringList s3Args(const QString &action, int port = 0)
    {
        return {QStringLiteral("bucket"),
                action,
                QStringLiteral("--provider"),
                QStringLiteral("s3"),
                QStringLiteral("--bucket"),
                QStringLiteral("dbt-artifacts"),
                QStringLiteral("--region"),
                QStringLiteral("us-east-1"),
                QStringLiteral("--endpoint"),
                QStringLiteral("http://127.0.0.1:%1").arg(port ? port : m_s3.port()),
                QStringLiteral("--prefix"),
                QStringLiteral("cli")};
    }
    void noSecret(const Run &r)
    {
        QVERIFY(!r.out.contains(kSecret));
        QVERIFY(!r.err.contains(kSecret));
        QVERIFY(!r.out.contains("not-the-secret"));
        QVERIFY(!r.err.contains("not-the-secret"));
    }

    /** A valid manifest of at least @p minBytes, written as text (fast, unlike a QJsonObject
     * of that many nodes). */
    static bool writeNodesManifest(const QString &path, qint64 minBytes)
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) {
            return false;
        }
        f.write(R"({"metadata": {"dbt_schema_version": )"
                R"("https://schemas.getdbt.com/dbt/manifest/v12.json", "dbt_version": "1.10.2", )"
                R"("generated_at": "2025-05-01T12:00:00Z", "invocation_id": "big-check", )"
                R"("project_name": "big"}, "nodes": {)");
        const QByteArray description(4000, 'x');
        for (qint64 i = 0; f.size() < minBytes; ++i) {
            f.write((i ? ", " : "") + QByteArray("\"model.big.m") + QByteArray::number(i)
                    + "\": {\"resource_type\": \"model\", \"package_name\": \"big\", "
                      "\"description\": \""
                    + description + "\"}");
        }
        f.write(R"(}, "sources": {}, "macros": {}, "exposures": {}, "metrics": {}})");
        return f.error() == QFile::NoError;
    }

private slots:
    void initTestCase()
    {
        QString why;
        QVERIFY2(m_s3.startS3({QStringLiteral("--bucket"), QStringLiteral("dbt-artifacts"),
                               QStringLiteral("--key"),
                               kKey + QLatin1Char(':') + QString::fromLatin1(kSecret)
                                   + QStringLiteral(":lrw")},
                              &why),
                 qPrintable(why));
        QVERIFY2(m_s3Token.startS3({QStringLiteral("--bucket"), QStringLiteral("dbt-artifacts"),
                                    QStringLiteral("--key"),
                                    kTemporaryKey + QLatin1Char(':') + QString::fromLatin1(kSecret)
                                        + QStringLiteral(":lrw"),
                                    QStringLiteral("--session-token"), QString::fromLatin1(kToken),
                                    QStringLiteral("--expired-token"),
                                    QString::fromLatin1(kExpiredToken)},
                                   &why),
                 qPrintable(why));
    }
    void followPushesEachRunToASavedProfile()
    {
        // `follow --bucket-profile`: each new run in the folder is pushed under the profile's
        // prefix, once; the peer's listing then holds the pair Secoda would sync.
        QTemporaryDir home;
        QVERIFY(home.isValid());
        {
            QSettings saved(home.filePath(QStringLiteral("dbt-uploader/dbt-uploader.conf")),
                            QSettings::IniFormat);
            saved.beginGroup(QStringLiteral("bucketProfiles/follower"));
            saved.setValue(QStringLiteral("provider"), QStringLiteral("s3"));
            saved.setValue(QStringLiteral("region"), QStringLiteral("us-east-1"));
            saved.setValue(QStringLiteral("bucket"), QStringLiteral("dbt-artifacts"));
            saved.setValue(QStringLiteral("prefix"), QStringLiteral("cli-follow"));
            saved.setValue(QStringLiteral("endpoint"),
                           QStringLiteral("http://127.0.0.1:%1").arg(m_s3.port()));
            saved.endGroup();
        }
        QProcessEnvironment env = keyEnv(kKey, kSecret);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.path() + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home.path() + QStringLiteral("/cache"));
        const QString target = home.filePath(QStringLiteral("target"));
        QVERIFY(QDir().mkpath(target));
        const QString data = Dbtu::Test::dataDir() + QStringLiteral("/diff/old/");
        for (const char *name : {"manifest.json", "run_results.json"}) {
            QVERIFY(QFile::copy(data + QLatin1String(name),
                                target + QLatin1Char('/') + QLatin1String(name)));
        }
        const auto follow = [&](const char *expected) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(Dbtu::Test::binaryPath(),
                    {QStringLiteral("follow"), QStringLiteral("--json"),
                     QStringLiteral("--bucket-profile"), QStringLiteral("follower"),
                     QStringLiteral("--settle"), QStringLiteral("0.2"), target});
            QByteArray out;
            QDeadlineTimer deadline(30000);
            const QByteArray event = QByteArray("\"event\":\"") + expected + '"';
            while (!out.contains(event) && !deadline.hasExpired()
                   && p.state() != QProcess::NotRunning) {
                p.waitForReadyRead(100);
                out += p.readAllStandardOutput();
            }
            ::kill(pid_t(p.processId()), SIGTERM);
            p.waitForFinished(5000);
            out += p.readAllStandardOutput();
            const QByteArray err = p.readAllStandardError();
            QVERIFY2(out.contains(event), (out + err).constData());
            QCOMPARE(p.exitCode(), 0);
            QVERIFY(!out.contains(kSecret) && !err.contains(kSecret));
        };
        follow("uploaded");
        Run test = runWith({QStringLiteral("bucket"), QStringLiteral("test"),
                            QStringLiteral("--profile"), QStringLiteral("follower"),
                            QStringLiteral("--json")},
                           env);
        QVERIFY2(test.code == 0, (test.out + test.err).constData());
        QCOMPARE(QJsonDocument::fromJson(test.out)
                     .object()[QLatin1String("manifest")]
                     .toObject()[QLatin1String("run_results")]
                     .toString(),
                 QStringLiteral("cli-follow/run_results.json"));
        // Started again on the same folder: the history shows the pair as pushed there.
        follow("skipped");
    }
    void uploadThenTest()
    {
        Run up = run(s3Args(QStringLiteral("upload"))
                     << QStringLiteral("--json") << QStringLiteral("--gzip")
                     << Dbtu::Test::dataDir() + QStringLiteral("/core/v12-manifest.json")
                     << Dbtu::Test::dataDir() + QStringLiteral("/core/v6-run_results.json"));
        QVERIFY2(up.code == 0, up.err.constData());
        noSecret(up);
        const QJsonArray files
            = QJsonDocument::fromJson(up.out).object()[QLatin1String("files")].toArray();
        QCOMPARE(files.size(), 2);
        QCOMPARE(files[0].toObject()[QLatin1String("key")].toString(),
                 QStringLiteral("cli/manifest.json.gz"));
        QVERIFY(files[0].toObject()[QLatin1String("confirmed")].toBool());

        Run test = run(s3Args(QStringLiteral("test")) << QStringLiteral("--json"));
        QVERIFY2(test.code == 0, test.err.constData());
        noSecret(test);
        const QJsonObject o = QJsonDocument::fromJson(test.out).object();
        QVERIFY(o[QLatin1String("ok")].toBool());
        const QJsonArray steps = o[QLatin1String("steps")].toArray();
        QCOMPARE(steps.size(), 7);
        for (const auto &s : steps) {
            QCOMPARE(s.toObject()[QLatin1String("state")].toString(), QStringLiteral("ok"));
        }
        QCOMPARE(o[QLatin1String("manifest")].toObject()[QLatin1String("run_results")].toString(),
                 QStringLiteral("cli/run_results.json.gz"));
    }
    void fieldsFromASavedProfile()
    {
        // A profile the Bucket settings tab saved (its settings file, as the tab writes it):
        // --profile alone gives every field; an option overrides one.
        QTemporaryDir config;
        QVERIFY(config.isValid());
        {
            QSettings saved(config.filePath(QStringLiteral("dbt-uploader/dbt-uploader.conf")),
                            QSettings::IniFormat);
            saved.beginGroup(QStringLiteral("bucketProfiles/peer"));
            saved.setValue(QStringLiteral("provider"), QStringLiteral("s3"));
            saved.setValue(QStringLiteral("region"), QStringLiteral("us-east-1"));
            saved.setValue(QStringLiteral("bucket"), QStringLiteral("dbt-artifacts"));
            saved.setValue(QStringLiteral("prefix"), QStringLiteral("cli-profile"));
            saved.setValue(QStringLiteral("endpoint"),
                           QStringLiteral("http://127.0.0.1:%1").arg(m_s3.port()));
            saved.endGroup();
        }
        QProcessEnvironment env = keyEnv(kKey, kSecret);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), config.path() + QStringLiteral("/data"));
        const QStringList profileArgs{QStringLiteral("--profile"), QStringLiteral("peer"),
                                      QStringLiteral("--json")};

        Run up = runWith(QStringList{QStringLiteral("bucket"), QStringLiteral("upload")}
                             << profileArgs
                             << Dbtu::Test::dataDir() + QStringLiteral("/core/v12-manifest.json"),
                         env);
        QVERIFY2(up.code == 0, up.err.constData());
        const QJsonArray files
            = QJsonDocument::fromJson(up.out).object()[QLatin1String("files")].toArray();
        QCOMPARE(files.size(), 1);
        QCOMPARE(files[0].toObject()[QLatin1String("key")].toString(),
                 QStringLiteral("cli-profile/manifest.json"));

        // The push is in the history: `diff @last` against the profile's bucket and prefix
        // finds it, and the same manifest again changes nothing.
        Run diff = runWith({QStringLiteral("diff"), QStringLiteral("--json"),
                            QStringLiteral("--bucket-profile"), QStringLiteral("peer"),
                            QStringLiteral("@last"),
                            Dbtu::Test::dataDir() + QStringLiteral("/core/v12-manifest.json")},
                           env);
        QVERIFY2(diff.code == 0, diff.err.constData());
        const QJsonObject compared = QJsonDocument::fromJson(diff.out).object();
        const QJsonObject last = compared[QLatin1String("old")][QLatin1String("upload")].toObject();
        QVERIFY2(last[QLatin1String("destination")].toString().startsWith(
                     u"s3://dbt-artifacts/cli-profile"),
                 diff.out.constData());
        QCOMPARE(last[QLatin1String("files")].toArray().size(), 1);
        QVERIFY(compared[QLatin1String("resources")].isObject());
        QVERIFY(compared[QLatin1String("resources")].toObject().isEmpty());

        Run test = runWith(
            QStringList{QStringLiteral("bucket"), QStringLiteral("test")} << profileArgs, env);
        QVERIFY2(test.code == 0, test.err.constData());
        QVERIFY(QJsonDocument::fromJson(test.out).object()[QLatin1String("ok")].toBool());

        // An option wins over the saved field.
        Run missing = runWith(QStringList{QStringLiteral("bucket"), QStringLiteral("test")}
                                  << profileArgs << QStringLiteral("--bucket")
                                  << QStringLiteral("no-such-bucket-here"),
                              env);
        QVERIFY2(missing.out.contains("NoSuchBucket"), missing.out.constData());
        QVERIFY(missing.code != 0);

        // A profile that was never saved names itself and says how to make one.
        Run unknown = runWith({QStringLiteral("bucket"), QStringLiteral("test"),
                               QStringLiteral("--profile"), QStringLiteral("never-saved")},
                              env);
        QCOMPARE(unknown.code, 3);
        QVERIFY2(unknown.err.contains("never-saved") && unknown.err.contains("Bucket settings tab"),
                 unknown.err.constData());
        noSecret(up);
        noSecret(test);
    }
    void exitCodes()
    {
        Run wrong
            = run(s3Args(QStringLiteral("test")) << QStringLiteral("--json"), "not-the-secret");
        QCOMPARE(wrong.code, 4);
        noSecret(wrong);
        const QJsonObject o = QJsonDocument::fromJson(wrong.out).object();
        QVERIFY(!o[QLatin1String("ok")].toBool());
        QCOMPARE(o[QLatin1String("steps")]
                     .toArray()[2]
                     .toObject()[QLatin1String("provider_code")]
                     .toString(),
                 QStringLiteral("SignatureDoesNotMatch"));
        // The embedded error has the shape of every --json failure's {"error": …}.
        const QJsonObject error = o[QLatin1String("error")].toObject();
        QCOMPARE(error[QLatin1String("code")].toString(), QStringLiteral("Unauthorized"));
        QCOMPARE(error[QLatin1String("exit_code")].toInt(), 4);
        QCOMPARE(error[QLatin1String("http_status")].toInt(), 403);
        QVERIFY(!error[QLatin1String("message")].toString().isEmpty());
        QVERIFY(!error[QLatin1String("hint")].toString().isEmpty());
        QVERIFY(wrong.err.startsWith("error: "));
        QVERIFY(wrong.err.contains("\nhint: "));

        QStringList missing = s3Args(QStringLiteral("test"));
        missing[5] = QStringLiteral("no-such-bucket");
        QCOMPARE(run(missing).code, 3);

        QStringList region = s3Args(QStringLiteral("test")) << QStringLiteral("--json");
        region[7] = QStringLiteral("eu-west-1");
        Run r = run(region);
        QCOMPARE(r.code, 3);
        QCOMPARE(
            QJsonDocument::fromJson(r.out).object()[QLatin1String("suggested_region")].toString(),
            QStringLiteral("us-east-1"));

        const Dbtu::Test::ClosedPort closedPort;
        const int closed = closedPort.port();
        QVERIFY(closed != 0);
        QCOMPARE(run(s3Args(QStringLiteral("test"), closed)).code, 5);

        QStringList remote = s3Args(QStringLiteral("test"));
        remote[9] = QStringLiteral("http://example.com");
        QCOMPARE(run(remote).code, 3);
        QCOMPARE(run({QStringLiteral("bucket"), QStringLiteral("frobnicate")}).code, 2);
    }
    void sessionToken()
    {
        const QString manifest = Dbtu::Test::dataDir() + QStringLiteral("/core/v12-manifest.json");
        const QStringList upload = s3Args(QStringLiteral("upload"), m_s3Token.port()) << manifest;
        const QStringList test = s3Args(QStringLiteral("test"), m_s3Token.port())
                                 << QStringLiteral("--json");
        Run up = runWith(upload, keyEnv(kTemporaryKey, kSecret, kToken));
        QVERIFY2(up.code == 0, up.err.constData());
        Run ok = runWith(test, keyEnv(kTemporaryKey, kSecret, kToken));
        QVERIFY2(ok.code == 0, ok.err.constData());
        QVERIFY(QJsonDocument::fromJson(ok.out).object()[QLatin1String("ok")].toBool());
        QVERIFY(!ok.out.contains(kToken) && !ok.err.contains(kToken));

        const QList<QPair<QByteArray, QString>> refused
            = {{QByteArray(), QStringLiteral("InvalidAccessKeyId")},
               {QByteArray("not-the-token"), QStringLiteral("InvalidToken")}};
        for (const auto &[token, code] : refused) {
            Run r = runWith(test, keyEnv(kTemporaryKey, kSecret, token));
            QCOMPARE(r.code, 4);
            const QJsonObject o = QJsonDocument::fromJson(r.out).object();
            const QJsonObject signIn = o[QLatin1String("steps")].toArray()[2].toObject();
            QCOMPARE(signIn[QLatin1String("state")].toString(), QStringLiteral("failed"));
            QCOMPARE(signIn[QLatin1String("provider_code")].toString(), code);
            QVERIFY2(r.err.contains("hint: ") && r.err.contains("session token"),
                     r.err.constData());
            Run up2 = runWith(upload, keyEnv(kTemporaryKey, kSecret, token));
            QCOMPARE(up2.code, 4);
            QVERIFY2(up2.err.contains("session token"), up2.err.constData());
        }
    }
    void expiredSessionToken()
    {
        // Temporary keys whose session token has expired: S3 answers 400 ExpiredToken, and its
        // error body repeats the token, which must not reach the output.
        const QProcessEnvironment env = keyEnv(kTemporaryKey, kSecret, kExpiredToken);
        const auto hintLine = [](const QByteArray &err) {
            for (const QByteArray &line : err.split('\n')) {
                if (line.startsWith("hint: ")) {
                    return line;
                }
            }
            return QByteArray();
        };

        Run test = runWith(
            s3Args(QStringLiteral("test"), m_s3Token.port()) << QStringLiteral("--json"), env);
        QCOMPARE(test.code, 4);
        const QJsonObject o = QJsonDocument::fromJson(test.out).object();
        const QJsonObject signIn = o[QLatin1String("steps")].toArray()[2].toObject();
        QCOMPARE(signIn[QLatin1String("state")].toString(), QStringLiteral("failed"));
        QCOMPARE(signIn[QLatin1String("provider_code")].toString(), QStringLiteral("ExpiredToken"));
        QVERIFY2(hintLine(test.err).contains("fresh")
                     && hintLine(test.err).contains("session token"),
                 test.err.constData());

        Run up = runWith(s3Args(QStringLiteral("upload"), m_s3Token.port())
                             << Dbtu::Test::dataDir() + QStringLiteral("/core/v12-manifest.json"),
                         env);
        QCOMPARE(up.code, 4);
        QVERIFY2(up.err.contains("ExpiredToken"), up.err.constData());
        QVERIFY2(hintLine(up.err).contains("fresh") && hintLine(up.err).contains("session token"),
                 up.err.constData());
        for (const Run *r : {&test, &up}) {
            for (const QByteArray &secret : {kSecret, kExpiredToken}) {
                QVERIFY2(!r->out.contains(secret) && !r->err.contains(secret), secret.constData());
            }
        }
    }
    void roleWithoutKeys()
    {
        QStringList args = s3Args(QStringLiteral("test"))
                           << QStringLiteral("--role-arn")
                           << QStringLiteral("arn:aws:iam::123456789012:role/secoda-dbt")
                           << QStringLiteral("--external-id") << QStringLiteral("secoda-ext-1");
        Run text = runWith(args, keyEnv(QString(), {}));
        QVERIFY2(text.code == 0, text.err.constData());
        QVERIFY2(text.out.contains("cannot assume Secoda's role"), text.out.constData());
        QVERIFY2(text.out.contains("AWS_ACCESS_KEY_ID"), text.out.constData());
        QCOMPARE(text.out.count("AWS_ACCESS_KEY_ID"), 1); // the shared hint once, not per step

        Run json = runWith(args << QStringLiteral("--json"), keyEnv(QString(), {}));
        QVERIFY2(json.code == 0, json.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(json.out).object();
        QVERIFY(o[QLatin1String("ok")].toBool());
        QCOMPARE(o[QLatin1String("provider")].toString(), QStringLiteral("s3-role"));
        QVERIFY(!o.contains(QLatin1String("error")));
        const QJsonArray steps = o[QLatin1String("steps")].toArray();
        QCOMPARE(steps.size(), 7);
        for (int i = 0; i < steps.size(); ++i) {
            const QJsonObject st = steps[i].toObject();
            for (const char *field : {"id", "title", "state", "message", "hint"}) {
                QVERIFY2(st.contains(QLatin1String(field)), field);
            }
            QCOMPARE(st[QLatin1String("state")].toString(),
                     i == 0 ? QStringLiteral("ok") : QStringLiteral("skipped"));
            QVERIFY(!st[QLatin1String("message")].toString().isEmpty());
        }
        QCOMPARE(steps[0].toObject()[QLatin1String("id")].toString(),
                 QStringLiteral("ParseFields"));

        // With keys, the same command tests the bucket.
        Run withKeys = run(args);
        QVERIFY2(withKeys.code == 0 || withKeys.code == 3, withKeys.err.constData());
        const QJsonArray tested
            = QJsonDocument::fromJson(withKeys.out).object()[QLatin1String("steps")].toArray();
        QCOMPARE(tested[2].toObject()[QLatin1String("state")].toString(), QStringLiteral("ok"));
    }
    void cancelMidUpload()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString manifest = dir.filePath(QStringLiteral("manifest.json"));
        QVERIFY(Dbtu::Test::writeBigManifest(manifest, 4 * 1024 * 1024) > 0);
        // An endpoint that takes the request and never answers: the upload stays in flight.
        qint64 received = 0;
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        connect(&silent, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *socket = silent.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket,
                        [socket, &received] { received += socket->readAll().size(); });
            }
        });
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), kKey);
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QString::fromLatin1(kSecret));
        p.setProcessEnvironment(env);
        p.start(Dbtu::Test::binaryPath(), s3Args(QStringLiteral("upload"), silent.serverPort())
                                              << manifest);
        QVERIFY(p.waitForStarted());
        // Ctrl+C once the request body is arriving.
        QTRY_VERIFY_WITH_TIMEOUT(received > 0, 30000);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(10000));
        const Run r{p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
        QCOMPARE(r.code, 130);
        QVERIFY2(r.err.contains("cancelled"), r.err.constData());
        QVERIFY2(r.err.contains("hint: "), r.err.constData());
        noSecret(r);
    }
    // Ctrl+C while the files are still being checked stops the check (it runs off the main
    // thread): exit 130, nothing sent. The check of a big manifest takes a while; if it ended
    // before the signal came (the push had begun), the next, bigger file is tried.
    void cancelWhileChecking()
    {
        qint64 received = 0;
        QTcpServer silent; // never answers: a push that began would stay in flight
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        connect(&silent, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *socket = silent.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket,
                        [socket, &received] { received += socket->readAll().size(); });
            }
        });
        bool duringCheck = false;
        for (const qint64 mib : {96, 384}) {
            QTemporaryDir dir;
            QVERIFY(dir.isValid());
            const QString manifest = dir.filePath(QStringLiteral("manifest.json"));
            QVERIFY(writeNodesManifest(manifest, mib * 1024 * 1024));
            QProcess p;
            p.setProcessEnvironment(keyEnv(kKey, kSecret));
            p.start(Dbtu::Test::binaryPath(), s3Args(QStringLiteral("upload"), silent.serverPort())
                                                  << manifest);
            QVERIFY(p.waitForStarted());
            QTRY_VERIFY_WITH_TIMEOUT(Dbtu::Test::catchesSigint(p.processId()), 30000);
            ::kill(pid_t(p.processId()), SIGINT);
            QVERIFY(p.waitForFinished(30000));
            const Run r{p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
            noSecret(r);
            QCOMPARE(r.code, 130);
            if (r.err.contains("Preparing")) {
                continue; // the check was over: the push was cancelled instead
            }
            QVERIFY2(r.err.contains("error: Cancelled: nothing was sent."), r.err.constData());
            QVERIFY2(!r.err.contains("Uploaded"), r.err.constData());
            duringCheck = true;
            break;
        }
        QVERIFY2(duringCheck, "every check ended before Ctrl+C");
        QTest::qWait(200);
        QCOMPARE(received, qint64(0));
    }
    void policies()
    {
        Run user
            = run({QStringLiteral("bucket"), QStringLiteral("policy"), QStringLiteral("--kind"),
                   QStringLiteral("user"), QStringLiteral("--bucket"), QStringLiteral("b-12")});
        QCOMPARE(user.code, 0);
        QVERIFY(!QJsonDocument::fromJson(user.out).isNull());
        Run role = run(
            {QStringLiteral("bucket"), QStringLiteral("policy"), QStringLiteral("--kind"),
             QStringLiteral("role"), QStringLiteral("--bucket"), QStringLiteral("b-12"),
             QStringLiteral("--external-id"), QStringLiteral("ext-1"), QStringLiteral("--json")});
        QCOMPARE(role.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(role.out).object();
        QVERIFY(o.contains(QLatin1String("trust_policy")));
        QVERIFY(o.contains(QLatin1String("permissions_policy")));
        Run cors
            = run({QStringLiteral("bucket"), QStringLiteral("policy"), QStringLiteral("--kind"),
                   QStringLiteral("cors"), QStringLiteral("--bucket"), QStringLiteral("b-12")});
        QCOMPARE(cors.code, 0);
        QVERIFY(QJsonDocument::fromJson(cors.out).isArray());
        QVERIFY(cors.err.contains("gsutil cors set cors.json gs://b-12"));
        QCOMPARE(run({QStringLiteral("bucket"), QStringLiteral("policy"), QStringLiteral("--kind"),
                      QStringLiteral("role"), QStringLiteral("--bucket"), QStringLiteral("b-12")})
                     .code,
                 2);
        Run uploader = run(
            {QStringLiteral("bucket"), QStringLiteral("policy"), QStringLiteral("--kind"),
             QStringLiteral("uploader"), QStringLiteral("--bucket"), QStringLiteral("b-12"),
             QStringLiteral("--prefix"), QStringLiteral("dbt/prod"), QStringLiteral("--json")});
        QCOMPARE(uploader.code, 0);
        const QJsonObject u = QJsonDocument::fromJson(uploader.out).object();
        QCOMPARE(u[QLatin1String("kind")].toString(), QStringLiteral("uploader"));
        const QJsonArray statements
            = u[QLatin1String("policy")].toObject()[QLatin1String("Statement")].toArray();
        QCOMPARE(statements.size(), 2);
        QCOMPARE(statements[0].toObject()[QLatin1String("Resource")].toString(),
                 QStringLiteral("arn:aws:s3:::b-12/dbt/prod/*"));
        QStringList actions;
        for (const QJsonValue &statement : statements) {
            actions << statement.toObject()[QLatin1String("Action")].toString();
        }
        QCOMPARE(actions,
                 (QStringList{QStringLiteral("s3:PutObject"), QStringLiteral("s3:ListBucket")}));
        Run uploaderText
            = run({QStringLiteral("bucket"), QStringLiteral("policy"), QStringLiteral("--kind"),
                   QStringLiteral("uploader"), QStringLiteral("--bucket"), QStringLiteral("b-12")});
        QCOMPARE(uploaderText.code, 0);
        QVERIFY(uploaderText.out.contains("arn:aws:s3:::b-12/*"));
        QVERIFY(uploaderText.err.contains("grants no reads"));
        Run badPrefix
            = run({QStringLiteral("bucket"), QStringLiteral("policy"), QStringLiteral("--kind"),
                   QStringLiteral("uploader"), QStringLiteral("--bucket"), QStringLiteral("b-12"),
                   QStringLiteral("--prefix"), QStringLiteral("/dbt")});
        QCOMPARE(badPrefix.code, 3);
        QVERIFY2(badPrefix.err.contains("leading"), badPrefix.err.constData());
        QCOMPARE(run({QStringLiteral("bucket"), QStringLiteral("policy"), QStringLiteral("--kind"),
                      QStringLiteral("user"), QStringLiteral("--bucket"), QStringLiteral("B_1")})
                     .code,
                 3);
    }
};

QTEST_GUILESS_MAIN(TestCliBucket)
#include "TestCliBucket.moc"
