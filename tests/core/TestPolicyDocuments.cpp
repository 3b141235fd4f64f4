// SPDX-License-Identifier: MIT
#include "TestHelpers.h"
#include "bucket/ArtifactDiscovery.h"
#include "bucket/GzipFile.h"
#include "bucket/PolicyDocuments.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

using namespace Dbtu;

class TestPolicyDocuments : public QObject
{
    Q_OBJECT
private slots:
    void userPolicy()
    {
        QJsonParseError e;
        const QJsonDocument d = QJsonDocument::fromJson(PolicyDocuments::iamUserPolicy("b1"), &e);
        QCOMPARE(e.error, QJsonParseError::NoError);
        const QJsonObject s = d.object()[QLatin1String("Statement")].toArray()[0].toObject();
        QCOMPARE(s[QLatin1String("Action")].toArray().size(), 6);
        QCOMPARE(
            s[QLatin1String("Resource")].toArray(),
            (QJsonArray{QStringLiteral("arn:aws:s3:::b1"), QStringLiteral("arn:aws:s3:::b1/*")}));
    }
    void uploaderPolicy()
    {
        const auto statements = [](const QString &bucket, const QString &prefix) {
            QJsonParseError e;
            const QJsonDocument d
                = QJsonDocument::fromJson(PolicyDocuments::uploaderPolicy(bucket, prefix), &e);
            [&] {
                QCOMPARE(e.error, QJsonParseError::NoError);
            }();
            return d.object()[QLatin1String("Statement")].toArray();
        };
        const QJsonArray s = statements(QStringLiteral("b1"), QStringLiteral("dbt/prod/"));
        QCOMPARE(s.size(), 2);
        // Nothing but a put under the prefix and a list of the prefix.
        const QJsonObject put = s[0].toObject();
        QCOMPARE(put[QLatin1String("Effect")].toString(), QStringLiteral("Allow"));
        QCOMPARE(put[QLatin1String("Action")].toString(), QStringLiteral("s3:PutObject"));
        QCOMPARE(put[QLatin1String("Resource")].toString(),
                 QStringLiteral("arn:aws:s3:::b1/dbt/prod/*"));
        const QJsonObject list = s[1].toObject();
        QCOMPARE(list[QLatin1String("Action")].toString(), QStringLiteral("s3:ListBucket"));
        QCOMPARE(list[QLatin1String("Resource")].toString(), QStringLiteral("arn:aws:s3:::b1"));
        QCOMPARE(list[QLatin1String("Condition")]
                     .toObject()[QLatin1String("StringLike")]
                     .toObject()[QLatin1String("s3:prefix")]
                     .toArray(),
                 QJsonArray{QStringLiteral("dbt/prod/*")});
        // The whole bucket: objects anywhere, the list unconditioned.
        const QJsonArray root = statements(QStringLiteral("b1"), QString());
        QCOMPARE(root[0].toObject()[QLatin1String("Resource")].toString(),
                 QStringLiteral("arn:aws:s3:::b1/*"));
        QVERIFY(!root[1].toObject().contains(QLatin1String("Condition")));
        // IAM's wildcards in a path are written as the characters themselves.
        const QJsonArray odd = statements(QStringLiteral("b1"), QStringLiteral("a*b?$/"));
        QCOMPARE(odd[0].toObject()[QLatin1String("Resource")].toString(),
                 QStringLiteral("arn:aws:s3:::b1/a${*}b${?}${$}/*"));
    }
    void rolePolicies()
    {
        const QByteArray trust = PolicyDocuments::roleTrustPolicy(QStringLiteral("ext-42"));
        const QJsonObject s = QJsonDocument::fromJson(trust)
                                  .object()[QLatin1String("Statement")]
                                  .toArray()[0]
                                  .toObject();
        QCOMPARE(s[QLatin1String("Principal")].toObject()[QLatin1String("AWS")].toString(),
                 QStringLiteral("arn:aws:iam::482836992928:root"));
        QCOMPARE(s[QLatin1String("Condition")]
                     .toObject()[QLatin1String("StringEquals")]
                     .toObject()[QLatin1String("sts:ExternalId")]
                     .toString(),
                 QStringLiteral("ext-42"));
        const QByteArray perms = PolicyDocuments::rolePermissionsPolicy(QStringLiteral("b1"));
        QVERIFY(!QJsonDocument::fromJson(perms).isNull());
        QVERIFY(!perms.contains("<"));
        QVERIFY(perms.contains("arn:aws:s3:::b1/*"));
    }
    void cors()
    {
        const QJsonArray a = QJsonDocument::fromJson(PolicyDocuments::gcsCors()).array();
        QCOMPARE(a.size(), 1);
        const QJsonObject o = a[0].toObject();
        QCOMPARE(o[QLatin1String("maxAgeSeconds")].toInt(), 3600);
        QCOMPARE(o[QLatin1String("method")].toArray().size(), 5);
        QCOMPARE(PolicyDocuments::gcsCorsCommand(QStringLiteral("b1")),
                 QStringLiteral("gsutil cors set cors.json gs://b1"));
    }
    void discoveryRule()
    {
        QVERIFY(ArtifactDiscovery::matchesRule(QStringLiteral("p/manifest.json"),
                                               QStringLiteral("p/")));
        QVERIFY(ArtifactDiscovery::matchesRule(QStringLiteral("p/x_manifest.json.gz"),
                                               QStringLiteral("p/")));
        QVERIFY(!ArtifactDiscovery::matchesRule(QStringLiteral("p/manifest.txt"),
                                                QStringLiteral("p/")));
        QVERIFY(ArtifactDiscovery::matchesRule(QStringLiteral("manifest-1.json"), QString()));
        QVERIFY(!ArtifactDiscovery::matchesRule(QStringLiteral("my_manifest.json"), QString()));
        QVERIFY(!ArtifactDiscovery::matchesRule(QStringLiteral("d/manifest.json"), QString()));
        const QDateTime t = QDateTime::currentDateTimeUtc();
        const auto found
            = ArtifactDiscovery::discover({{QStringLiteral("p/semantic_manifest.json"), 5, t},
                                           {QStringLiteral("p/manifest.json"), 10, t.addDays(-1)},
                                           {QStringLiteral("p/old_manifest.json"), 7, t},
                                           {QStringLiteral("p/run_results.json"), 3, t}},
                                          QStringLiteral("p/"));
        QVERIFY(found.manifest);
        QCOMPARE(found.manifest->key, QStringLiteral("p/manifest.json"));
        QVERIFY(found.runResults);
        QCOMPARE(found.warnings.size(), 2); // semantic_manifest + several candidates
    }
    void gzipRoundTrip()
    {
        QTemporaryDir dir;
        const QString src = dir.filePath(QStringLiteral("m.json"));
        QFile f(src);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray text = "{\"metadata\": {\"dbt_schema_version\": "
                                "\"https://schemas.getdbt.com/dbt/manifest/v12.json\"}, "
                                + QByteArray(300000, ' ') + "}";
        f.write(text);
        f.close();
        const QString gz = dir.filePath(QStringLiteral("m.json.gz"));
        Result<qint64> size = GzipFile::compress(src, gz);
        QVERIFY_OK(size);
        QFile g(gz);
        QVERIFY(g.open(QIODevice::ReadOnly));
        const QByteArray head = g.read(64 * 1024);
        QCOMPARE(head.left(2), QByteArray("\x1f\x8b"));
        Result<QString> schema = ArtifactDiscovery::checkManifestHead(head, true);
        QVERIFY_OK(schema);
        QVERIFY(schema.value().contains(QLatin1String("manifest/v12")));
        QProcess gunzip; // an independent reader
        gunzip.start(QStringLiteral("gzip"), {QStringLiteral("-dc"), gz});
        QVERIFY(gunzip.waitForFinished(10000));
        QCOMPARE(gunzip.readAllStandardOutput(), text);
        Result<QByteArray> sha = GzipFile::sha256Hex(src);
        QVERIFY_OK(sha);
        QCOMPARE(sha.value(), QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
    }
};

QTEST_GUILESS_MAIN(TestPolicyDocuments)
#include "TestPolicyDocuments.moc"
