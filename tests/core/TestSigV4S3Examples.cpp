// SPDX-License-Identifier: MIT
// The five S3 examples published in the AWS S3 API reference ("Signature Calculations for the
// Authorization Header: Transferring Payload in a Single Chunk" and "Authenticating Requests:
// Using Query Parameters"), written in here so they run on a fresh clone. The expected values are
// the documented ones (also in shared/sigv4-vectors/s3-doc-examples, recomputed there by botocore).
#include "TestHelpers.h"
#include "bucket/SigV4Signer.h"

#include <QTest>

using namespace Dbtu;

namespace {

SigV4Signer signer()
{
    return SigV4Signer(
        AwsCredentials{QStringLiteral("AKIAIOSFODNN7EXAMPLE"),
                       Secret(QByteArray("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")), Secret()},
        QStringLiteral("us-east-1"), QStringLiteral("s3"), SigV4Signer::Options::s3());
}

QDateTime exampleTime()
{
    return QDateTime(QDate(2013, 5, 24), QTime(0, 0), Qt::UTC);
}

const QByteArray kEmptySha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const QByteArray kHost = "examplebucket.s3.amazonaws.com";

} // namespace

class TestSigV4S3Examples : public QObject
{
    Q_OBJECT

private slots:
    void headerExamples_data();
    void headerExamples();
    void presignedGet();
    void errors();
};

void TestSigV4S3Examples::headerExamples_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("query");
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("canonicalRequest");
    QTest::addColumn<QByteArray>("stringToSign");
    QTest::addColumn<QByteArray>("signature");

    QTest::newRow("GET object with Range")
        << QByteArray("GET") << "/test.txt"
        << "" << HttpHeaders{{"Host", kHost}, {"Range", "bytes=0-9"}} << QByteArray()
        << QByteArray("GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
                      "x-amz-content-sha256:"
                      + kEmptySha
                      + "\nx-amz-date:20130524T000000Z\n\n"
                        "host;range;x-amz-content-sha256;x-amz-date\n"
                      + kEmptySha)
        << QByteArray("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                      "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972")
        << QByteArray("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");

    const QByteArray putSha = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    QTest::newRow("PUT object test$file.text")
        << QByteArray("PUT") << "/test$file.text"
        << ""
        << HttpHeaders{{"Host", kHost},
                       {"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                       {"x-amz-storage-class", "REDUCED_REDUNDANCY"}}
        << QByteArray("Welcome to Amazon S3.")
        << QByteArray("PUT\n/test%24file.text\n\ndate:Fri, 24 May 2013 00:00:00 GMT\n"
                      "host:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:"
                      + putSha
                      + "\nx-amz-date:20130524T000000Z\nx-amz-storage-class:REDUCED_REDUNDANCY\n\n"
                        "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class\n"
                      + putSha)
        << QByteArray("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                      "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d")
        << QByteArray("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");

    QTest::newRow("GET bucket lifecycle")
        << QByteArray("GET") << "/"
        << "lifecycle" << HttpHeaders{{"Host", kHost}} << QByteArray()
        << QByteArray("GET\n/\nlifecycle=\nhost:examplebucket.s3.amazonaws.com\n"
                      "x-amz-content-sha256:"
                      + kEmptySha
                      + "\nx-amz-date:20130524T000000Z\n\n"
                        "host;x-amz-content-sha256;x-amz-date\n"
                      + kEmptySha)
        << QByteArray("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                      "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca")
        << QByteArray("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");

    QTest::newRow("GET bucket list, max-keys and prefix")
        << QByteArray("GET") << "/"
        << "max-keys=2&prefix=J" << HttpHeaders{{"Host", kHost}} << QByteArray()
        << QByteArray("GET\n/\nmax-keys=2&prefix=J\nhost:examplebucket.s3.amazonaws.com\n"
                      "x-amz-content-sha256:"
                      + kEmptySha
                      + "\nx-amz-date:20130524T000000Z\n\n"
                        "host;x-amz-content-sha256;x-amz-date\n"
                      + kEmptySha)
        << QByteArray("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                      "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7")
        << QByteArray("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

void TestSigV4S3Examples::headerExamples()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, query);
    QFETCH(HttpHeaders, headers);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, canonicalRequest);
    QFETCH(QByteArray, stringToSign);
    QFETCH(QByteArray, signature);

    const auto result
        = signer().sign({method, path, query, headers, QByteArray(), body}, exampleTime());
    QVERIFY_OK(result);
    const SigV4Signer::Signature &s = result.value();
    QCOMPARE(s.canonicalRequest, canonicalRequest);
    QCOMPARE(s.stringToSign, stringToSign);
    QCOMPARE(s.signature, signature);
    const QByteArray signedHeaders
        = canonicalRequest.split('\n').value(canonicalRequest.count('\n') - 1);
    QCOMPARE(s.authorization,
             "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
             "SignedHeaders="
                 + signedHeaders + ", Signature=" + signature);
    QCOMPARE(s.headersToSet.size(), 3); // X-Amz-Date, X-Amz-Content-SHA256, Authorization
    QCOMPARE(s.headersToSet.last().first, QByteArray("Authorization"));
}

void TestSigV4S3Examples::presignedGet()
{
    const auto result = signer().presign({"GET",
                                          QStringLiteral("/test.txt"),
                                          QString(),
                                          {{"Host", kHost}},
                                          SigV4Signer::kUnsignedPayload.toByteArray(),
                                          QByteArray()},
                                         exampleTime(), 86400);
    QVERIFY_OK(result);
    QCOMPARE(result.value().presignedQuery,
             QByteArray("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F"
                        "20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&"
                        "X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature="
                        "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"));
    QVERIFY(result.value().authorization.isEmpty());
    QVERIFY(result.value().headersToSet.isEmpty());
}

void TestSigV4S3Examples::errors()
{
    const SigV4Signer::Request noHost{"GET", QStringLiteral("/"), QString(), {}, {}, {}};
    const auto missingHost = signer().sign(noHost, exampleTime());
    QVERIFY(!missingHost.ok());
    QVERIFY(missingHost.error().message.contains(QLatin1String("Host")));

    const SigV4Signer::Request ok{"GET", QStringLiteral("/"), QString(), {{"Host", kHost}}, {}, {}};
    QVERIFY(!signer().presign(ok, exampleTime(), 0).ok());
    QVERIFY(!signer().presign(ok, exampleTime(), 604801).ok());
    QVERIFY(!signer().sign(ok, QDateTime()).ok());
    const SigV4Signer noSecret(AwsCredentials{QStringLiteral("AKID"), Secret(), Secret()},
                               QStringLiteral("us-east-1"), QStringLiteral("s3"));
    const auto empty = noSecret.sign(ok, exampleTime());
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().code, ErrorCode::InvalidInput);
}

QTEST_GUILESS_MAIN(TestSigV4S3Examples)
#include "TestSigV4S3Examples.moc"
