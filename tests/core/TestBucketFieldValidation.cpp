// SPDX-License-Identifier: MIT
#include "TestHelpers.h"
#include "bucket/BucketFieldValidation.h"

using namespace Dbtu;

class TestBucketFieldValidation : public QObject
{
    Q_OBJECT
private slots:
    void fields_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("reason"); // a word the refusal must name
        QTest::newRow("s3 ok") << "s3"
                               << "my-dbt.artifacts" << true << "";
        QTest::newRow("s3 short") << "s3"
                                  << "ab" << false << "3 to 63";
        QTest::newRow("s3 upper") << "s3"
                                  << "MyBucket" << false << "lower-case";
        QTest::newRow("s3 ip") << "s3"
                               << "192.168.1.1" << false << "IP address";
        QTest::newRow("s3 double dot") << "s3"
                                       << "a..b" << false << "periods";
        QTest::newRow("s3 xn--") << "s3"
                                 << "xn--bucket" << false << "reserved";
        QTest::newRow("s3 -s3alias") << "s3"
                                     << "bucket-s3alias" << false << "reserved";
        QTest::newRow("s3 ends dash") << "s3"
                                      << "bucket-" << false << "begin and end";
        QTest::newRow("gcs underscore") << "gcs"
                                        << "my_bucket" << true << "";
        QTest::newRow("gcs google") << "gcs"
                                    << "my-google-bucket" << false << "google";
        QTest::newRow("gcs goog prefix") << "gcs"
                                         << "goog-bucket" << false << "goog";
        QTest::newRow("container ok") << "container"
                                      << "dbt-artifacts" << true << "";
        QTest::newRow("container double dash") << "container"
                                               << "dbt--x" << false << "hyphens";
        QTest::newRow("container upper") << "container"
                                         << "Dbt" << false << "lower-case";
        QTest::newRow("container $root") << "container"
                                         << "$root" << true << "";
        QTest::newRow("account ok") << "account"
                                    << "devstoreaccount1" << true << "";
        QTest::newRow("account dash") << "account"
                                      << "my-acct" << false << "3 to 24";
        QTest::newRow("region ok") << "region"
                                   << "eu-west-1" << true << "";
        QTest::newRow("region gov") << "region"
                                    << "us-gov-west-1" << true << "";
        QTest::newRow("region bad") << "region"
                                    << "europe" << false << "not an AWS region";
        QTest::newRow("gcs region auto") << "gcsregion"
                                         << "auto" << true << "";
        QTest::newRow("arn ok") << "arn"
                                << "arn:aws:iam::123456789012:role/secoda" << true << "";
        QTest::newRow("arn path") << "arn"
                                  << "arn:aws:iam::123456789012:role/svc/secoda" << true << "";
        QTest::newRow("arn short account") << "arn"
                                           << "arn:aws:iam::1234:role/x" << false << "12 digits";
        QTest::newRow("arn user") << "arn"
                                  << "arn:aws:iam::123456789012:user/x" << false << "role/NAME";
        QTest::newRow("arn s3") << "arn"
                                << "arn:aws:s3:::bucket" << false << "IAM";
        QTest::newRow("arn garbage") << "arn"
                                     << "secoda-role" << false << "arn:";
        QTest::newRow("external id ok") << "externalid"
                                        << "abc-123_x" << true << "";
        QTest::newRow("external id space") << "externalid"
                                           << "a b" << false << "2 to 1224";
        QTest::newRow("key id ok") << "keyid"
                                   << "AKIAIOSFODNN7EXAMPLE" << true << "";
        QTest::newRow("key id short") << "keyid"
                                      << "AKIA" << false << "16 to 128";
        QTest::newRow("prefix ok") << "prefix"
                                   << "dbt/prod/" << true << "";
        QTest::newRow("prefix leading slash") << "prefix"
                                              << "/dbt" << false << "leading slash";
        QTest::newRow("prefix dotdot") << "prefix"
                                       << "dbt/../x" << false << "\"..\"";
        QTest::newRow("endpoint https") << "endpoint"
                                        << "https://storage.googleapis.com" << true << "";
        QTest::newRow("endpoint loopback http") << "endpoint"
                                                << "http://127.0.0.1:9000" << true << "";
        QTest::newRow("endpoint remote http") << "endpoint"
                                              << "http://example.com" << false << "loopback";
        QTest::newRow("conn ok") << "conn"
                                 << "UseDevelopmentStorage=true" << true << "";
        QTest::newRow("conn no key") << "conn"
                                     << "AccountName=acct" << false << "";
    }
    void fields()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(bool, valid);
        QFETCH(QString, reason);
        namespace V = BucketFieldValidation;
        Result<void> r = field == QLatin1String("s3")           ? V::s3BucketName(value)
                         : field == QLatin1String("gcs")        ? V::gcsBucketName(value)
                         : field == QLatin1String("container")  ? V::azureContainerName(value)
                         : field == QLatin1String("account")    ? V::azureAccountName(value)
                         : field == QLatin1String("region")     ? V::awsRegion(value)
                         : field == QLatin1String("gcsregion")  ? V::gcsRegion(value)
                         : field == QLatin1String("arn")        ? V::roleArn(value)
                         : field == QLatin1String("externalid") ? V::externalId(value)
                         : field == QLatin1String("keyid")      ? V::accessKeyId(value)
                         : field == QLatin1String("prefix")     ? V::prefix(value)
                         : field == QLatin1String("endpoint")   ? V::endpoint(QUrl(value))
                                                                : V::connectionString(value);
        QCOMPARE(r.ok(), valid);
        if (!valid) {
            QCOMPARE(r.error().code, ErrorCode::InvalidInput);
            QVERIFY2(r.error().message.contains(reason), qPrintable(r.error().message));
            QVERIFY(!r.error().hint.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestBucketFieldValidation)
#include "TestBucketFieldValidation.moc"
