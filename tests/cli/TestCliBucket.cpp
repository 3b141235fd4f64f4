// SPDX-License-Identifier: MIT
// `dbt-uploader bucket …` run as a process against the S3 peer: exit codes, JSON output, and no
// secret in any output.
#include "PeerProcess.h"
#include "TestPaths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

namespace {
const QByteArray kSecret = "cli-peer-secret-value";
const QString kKey = QStringLiteral("AKIACLIPEERKEY000001");
} // namespace

class TestCliBucket : public QObject
{
    Q_OBJECT

private:
    Dbtu::Test::PeerProcess m_s3;

    struct Run
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };
    Run run(const QStringList &args, const QByteArray &secret = kSecret)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), kKey);
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QString::fromLatin1(secret));
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

        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const int closed = probe.serverPort();
        probe.close();
        QCOMPARE(run(s3Args(QStringLiteral("test"), closed)).code, 5);

        QStringList remote = s3Args(QStringLiteral("test"));
        remote[9] = QStringLiteral("http://example.com");
        QCOMPARE(run(remote).code, 3);
        QCOMPARE(run({QStringLiteral("bucket"), QStringLiteral("frobnicate")}).code, 2);
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
        QCOMPARE(run({QStringLiteral("bucket"), QStringLiteral("policy"), QStringLiteral("--kind"),
                      QStringLiteral("user"), QStringLiteral("--bucket"), QStringLiteral("B_1")})
                     .code,
                 3);
    }
};

QTEST_GUILESS_MAIN(TestCliBucket)
#include "TestCliBucket.moc"
