// SPDX-License-Identifier: MIT
#include "TestHelpers.h"
#include "bucket/AzureConnectionString.h"
#include "bucket/BucketConfig.h"
#include "bucket/BucketFieldValidation.h"

using namespace Dbtu;
using Purpose = BucketFieldValidation::Purpose;

namespace {

BucketConfig s3Config()
{
    BucketConfig c;
    c.provider = BucketProvider::S3;
    c.region = QStringLiteral("us-east-1");
    c.bucket = QStringLiteral("my-bucket");
    c.credentials.accessKeyId = QStringLiteral("AKIAPEERFULL00000001");
    c.credentials.secretAccessKey = Secret(QStringLiteral("secret"));
    return c;
}

BucketConfig azureConfig()
{
    BucketConfig c;
    c.provider = BucketProvider::Azure;
    c.accountName = QString(AzureConnectionString::kDevAccount);
    c.container = QStringLiteral("dbt-artifacts");
    c.connectionString = Secret(QStringLiteral("DefaultEndpointsProtocol=https;AccountName=%1;"
                                               "AccountKey=%2;EndpointSuffix=core.windows.net")
                                    .arg(QString(AzureConnectionString::kDevAccount),
                                         QString(AzureConnectionString::kDevKey)));
    return c;
}

QList<BucketField> fieldsOf(const QList<BucketFieldProblem> &problems)
{
    QList<BucketField> fields;
    for (const BucketFieldProblem &p : problems) {
        fields.append(p.field);
    }
    return fields;
}

} // namespace

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
        // a name is quoted as typed, even one that looks like a placeholder
        QTest::newRow("s3 short percent") << "s3"
                                          << "%2" << false << "\"%2\" has 2 characters";
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

    void formProblemsTagTheirFields()
    {
        namespace V = BucketFieldValidation;
        QVERIFY(V::formProblems(s3Config(), Purpose::Push).isEmpty());

        // In the order of the form, each with its field; empty ones say so.
        BucketConfig c = s3Config();
        c.bucket = QStringLiteral("My_Bucket");
        c.region.clear();
        c.prefix = QStringLiteral("/lead");
        QList<BucketFieldProblem> problems = V::formProblems(c, Purpose::Test);
        QCOMPARE(fieldsOf(problems), (QList<BucketField>{BucketField::Region, BucketField::Bucket,
                                                         BucketField::Prefix}));
        QVERIFY(problems[0].empty);
        QVERIFY(!problems[1].empty);
        QVERIFY(problems[1].error.message.contains(QStringLiteral("My_Bucket")));
        QCOMPARE(problems[1].error.code, ErrorCode::InvalidInput);

        // The secret: its own text for GCS.
        c = s3Config();
        c.provider = BucketProvider::Gcs;
        c.region = QStringLiteral("auto");
        c.credentials.secretAccessKey = Secret();
        problems = V::formProblems(c, Purpose::Test);
        QCOMPARE(fieldsOf(problems), QList<BucketField>{BucketField::SecretAccessKey});
        QVERIFY(problems[0].empty);
        QVERIFY2(problems[0].error.message.contains(QStringLiteral("HMAC")),
                 qPrintable(problems[0].error.message));
        QVERIFY(!problems[0].error.hint.isEmpty());
    }

    void formProblemsOfARole()
    {
        namespace V = BucketFieldValidation;
        BucketConfig c = s3Config();
        c.provider = BucketProvider::S3Role;
        c.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/secoda");
        c.externalId = QStringLiteral("secoda-ext-1");
        c.credentials = {};
        // Its own keys are optional for a test, needed for a push.
        QVERIFY(V::formProblems(c, Purpose::Test).isEmpty());
        QList<BucketFieldProblem> problems = V::formProblems(c, Purpose::Push);
        QCOMPARE(fieldsOf(problems), QList<BucketField>{BucketField::AccessKeyId});
        QVERIFY(problems[0].empty);
        QVERIFY(problems[0].error.message.contains(QStringLiteral("your own keys")));
        // The keys go together: a secret alone asks for its key ID.
        c.credentials.secretAccessKey = Secret(QStringLiteral("secret"));
        problems = V::formProblems(c, Purpose::Test);
        QCOMPARE(fieldsOf(problems), QList<BucketField>{BucketField::AccessKeyId});
        QVERIFY(problems[0].empty);
        // A bad ARN comes first.
        c.roleArn = QStringLiteral("arn:aws:iam::1234:role/secoda");
        problems = V::formProblems(c, Purpose::Test);
        QCOMPARE(problems.first().field, BucketField::RoleArn);
        QVERIFY(problems.first().error.message.contains(QStringLiteral("ARN")));
    }

    void formProblemsOfAzure()
    {
        namespace V = BucketFieldValidation;
        QVERIFY(V::formProblems(azureConfig(), Purpose::Push).isEmpty());
        // The account is required in the form.
        BucketConfig c = azureConfig();
        c.accountName.clear();
        QList<BucketFieldProblem> problems = V::formProblems(c, Purpose::Test);
        QCOMPARE(fieldsOf(problems), QList<BucketField>{BucketField::AccountName});
        QVERIFY(problems[0].empty);
        // A rule across fields: the connection string must be the named account's.
        c = azureConfig();
        c.accountName = QStringLiteral("otheraccount");
        problems = V::formProblems(c, Purpose::Test);
        QCOMPARE(fieldsOf(problems), QList<BucketField>{BucketField::ConnectionString});
        QVERIFY(!problems[0].empty);
        QVERIFY(problems[0].error.message.contains(QStringLiteral("otheraccount")));
        QVERIFY(problems[0].error.hint.contains(QStringLiteral("otheraccount")));
        // An empty one says where to copy it from; a broken one is an error.
        c = azureConfig();
        c.connectionString = Secret();
        problems = V::formProblems(c, Purpose::Test);
        QCOMPARE(fieldsOf(problems), QList<BucketField>{BucketField::ConnectionString});
        QVERIFY(problems[0].empty);
        QVERIFY(problems[0].error.hint.contains(QStringLiteral("Access keys")));
        c.connectionString = Secret(QStringLiteral("this is not a connection string"));
        problems = V::formProblems(c, Purpose::Test);
        QCOMPARE(fieldsOf(problems), QList<BucketField>{BucketField::ConnectionString});
        QVERIFY(!problems[0].empty);
    }

    void connectionStringAccount()
    {
        namespace V = BucketFieldValidation;
        const QString text = QString::fromUtf8(azureConfig().connectionString.reveal());
        QVERIFY(V::connectionStringAccount(text, QString(AzureConnectionString::kDevAccount)).ok());
        QVERIFY(V::connectionStringAccount(text, QString()).ok());
        const Result<void> r = V::connectionStringAccount(text, QStringLiteral("otheraccount"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(TestBucketFieldValidation)
#include "TestBucketFieldValidation.moc"
