// SPDX-License-Identifier: MIT
// BucketClient's requests, built without a network: when a PUT signs UNSIGNED-PAYLOAD (https
// only) and when it signs the file's SHA-256 (plain http), as x-amz-content-sha256 shows.
#include "TestHelpers.h"
#include "bucket/BucketClient.h"
#include "bucket/SigningUtil.h"

#include <QTest>

using namespace Dbtu;

namespace {
const QByteArray kFileSha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

BucketConfig s3Config(BucketProvider provider, const QString &endpoint)
{
    BucketConfig c;
    c.provider = provider;
    c.region
        = provider == BucketProvider::Gcs ? QStringLiteral("auto") : QStringLiteral("us-east-1");
    c.bucket = QStringLiteral("dbt-artifacts");
    c.prefix = QStringLiteral("dbt");
    if (!endpoint.isEmpty()) {
        c.endpoint = QUrl(endpoint);
    }
    c.credentials
        = {QStringLiteral("AKIAUNITTEST00000001"), Secret(QByteArray("unit-secret")), Secret()};
    if (provider == BucketProvider::S3Role) {
        c.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/secoda");
        c.externalId = QStringLiteral("ext-1");
    }
    return c;
}

QByteArray signedHeaders(const QNetworkRequest &request)
{
    const QByteArray auth = request.rawHeader("Authorization");
    const int at = auth.indexOf("SignedHeaders=");
    return at < 0 ? QByteArray() : auth.mid(at).split(',').constFirst();
}
} // namespace

class TestBucketClient : public QObject
{
    Q_OBJECT

private slots:
    void payloadHash_data()
    {
        QTest::addColumn<int>("provider");
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<bool>("https");
        QTest::addRow("s3 default endpoint") << int(BucketProvider::S3) << QString() << true;
        QTest::addRow("s3 role, default endpoint")
            << int(BucketProvider::S3Role) << QString() << true;
        QTest::addRow("s3 https custom endpoint")
            << int(BucketProvider::S3) << QStringLiteral("https://s3.example.com") << true;
        QTest::addRow("s3 https loopback")
            << int(BucketProvider::S3) << QStringLiteral("https://127.0.0.1:9443") << true;
        QTest::addRow("gcs default endpoint") << int(BucketProvider::Gcs) << QString() << true;
        QTest::addRow("s3 http loopback")
            << int(BucketProvider::S3) << QStringLiteral("http://127.0.0.1:9000") << false;
        QTest::addRow("s3 http localhost")
            << int(BucketProvider::S3) << QStringLiteral("http://localhost:9000") << false;
        QTest::addRow("gcs http loopback")
            << int(BucketProvider::Gcs) << QStringLiteral("http://127.0.0.1:9000") << false;
    }
    void payloadHash()
    {
        QFETCH(int, provider);
        QFETCH(QString, endpoint);
        QFETCH(bool, https);
        Result<BucketClient> client
            = BucketClient::create(s3Config(BucketProvider(provider), endpoint));
        QVERIFY_OK(client);
        const BucketClient &c = client.value();
        QCOMPARE(c.needsPayloadHash(), !https);

        // What BucketUploadJob does: a hash only when needsPayloadHash().
        const QByteArray given = c.needsPayloadHash() ? kFileSha : QByteArray();
        Result<QNetworkRequest> put
            = c.putRequest(QStringLiteral("dbt/manifest.json"), 4, given, "application/json");
        QVERIFY_OK(put);
        QCOMPARE(put.value().url().scheme(),
                 https ? QStringLiteral("https") : QStringLiteral("http"));
        QCOMPARE(put.value().rawHeader("x-amz-content-sha256"),
                 https ? QByteArray("UNSIGNED-PAYLOAD") : kFileSha);
        QVERIFY(signedHeaders(put.value()).contains("x-amz-content-sha256"));

        // Over http an empty hash is refused, never turned into UNSIGNED-PAYLOAD.
        Result<QNetworkRequest> unsignedPut
            = c.putRequest(QStringLiteral("dbt/manifest.json"), 4, {}, "application/json");
        if (https) {
            QVERIFY_OK(unsignedPut);
            QCOMPARE(unsignedPut.value().rawHeader("x-amz-content-sha256"),
                     QByteArray("UNSIGNED-PAYLOAD"));
        } else {
            QVERIFY(!unsignedPut);
            QCOMPARE(unsignedPut.error().code, ErrorCode::InvalidInput);
            QVERIFY(!unsignedPut.error().hint.isEmpty());
        }

        // A hash given over https is signed as given (stronger, never weaker).
        Result<QNetworkRequest> hashed
            = c.putRequest(QStringLiteral("dbt/manifest.json"), 4, kFileSha, "application/json");
        QVERIFY_OK(hashed);
        QCOMPARE(hashed.value().rawHeader("x-amz-content-sha256"), kFileSha);

        // Bodiless requests sign the empty body's hash, on either scheme.
        const QByteArray empty = SigningUtil::sha256Hex(QByteArray());
        Result<QNetworkRequest> list = c.listRequest(QStringLiteral("dbt/"), QString());
        QVERIFY_OK(list);
        QCOMPARE(list.value().rawHeader("x-amz-content-sha256"), empty);
        Result<QNetworkRequest> get = c.getRequest(QStringLiteral("dbt/manifest.json"), 1024);
        QVERIFY_OK(get);
        QCOMPARE(get.value().rawHeader("x-amz-content-sha256"), empty);
    }

    void azureHasNoPayloadHash()
    {
        BucketConfig c;
        c.provider = BucketProvider::Azure;
        c.container = QStringLiteral("dbt-artifacts");
        c.connectionString = Secret(QStringLiteral(
            "DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey="
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/"
            "KBHBeksoGMGw==;EndpointSuffix=core.windows.net"));
        Result<BucketClient> client = BucketClient::create(c);
        QVERIFY_OK(client);
        QVERIFY(!client.value().needsPayloadHash());
        Result<QNetworkRequest> put = client.value().putRequest(QStringLiteral("dbt/manifest.json"),
                                                                4, {}, "application/json");
        QVERIFY_OK(put);
        QVERIFY(!put.value().hasRawHeader("x-amz-content-sha256"));
        QVERIFY(put.value().rawHeader("Authorization").startsWith("SharedKey "));
    }
};

QTEST_GUILESS_MAIN(TestBucketClient)
#include "TestBucketClient.moc"
