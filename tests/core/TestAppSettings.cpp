// SPDX-License-Identifier: MIT
// AppSettings' bucket profiles: saved and read back, and never a secret in the settings file.
#include "TestHelpers.h"
#include "settings/AppSettings.h"

#include <QCoreApplication>
#include <QFile>
#include <QStandardPaths>

using namespace Dbtu;

class TestAppSettings : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("dbtu-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("TestAppSettings"));
        AppSettings settings;
        QFile::remove(settings.fileName());
    }

    void bucketProfileRoundTrip_data()
    {
        QTest::addColumn<int>("provider");
        QTest::newRow("S3 keys") << int(BucketProvider::S3);
        QTest::newRow("S3 role") << int(BucketProvider::S3Role);
        QTest::newRow("GCS") << int(BucketProvider::Gcs);
        QTest::newRow("Azure") << int(BucketProvider::Azure);
    }
    void bucketProfileRoundTrip()
    {
        QFETCH(int, provider);
        BucketConfig c;
        c.provider = BucketProvider(provider);
        c.region = QStringLiteral("eu-west-1");
        c.bucket = QStringLiteral("acme-dbt-artifacts");
        c.prefix = QStringLiteral("dbt/prod");
        c.endpoint = QUrl(QStringLiteral("https://storage.example.com"));
        c.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/secoda-reader");
        c.externalId = QStringLiteral("ext-1234");
        c.accountName = QStringLiteral("acmestorage");
        c.container = QStringLiteral("dbt-container");
        c.credentials = {QStringLiteral("AKIAKEYIDNOTSAVED001"),
                         Secret(QByteArray("very-secret-access-key-xyz")),
                         Secret(QByteArray("very-secret-session-token-xyz"))};
        c.connectionString
            = Secret(QByteArray("AccountName=acmestorage;AccountKey=c2VjcmV0LWtleQ=="));

        const QString name = QStringLiteral("prod-%1").arg(provider);
        {
            AppSettings settings;
            settings.saveBucketProfile(BucketProfile::fromConfig(name, c));
            settings.setLastBucketProfile(name);
            settings.sync();
        }
        AppSettings settings;
        QVERIFY(settings.bucketProfileNames().contains(name));
        QCOMPARE(settings.lastBucketProfile(), name);
        const BucketProfile p = settings.bucketProfile(name);
        QCOMPARE(int(p.provider), provider);
        QCOMPARE(p.region, c.region);
        QCOMPARE(p.bucket, c.bucket);
        QCOMPARE(p.prefix, c.prefix);
        QCOMPARE(p.endpoint, c.endpoint.toString());
        QCOMPARE(p.roleArn, c.roleArn);
        QCOMPARE(p.externalId, c.externalId);
        QCOMPARE(p.accountName, c.accountName);
        QCOMPARE(p.container, c.container);
        const BucketConfig back = p.toConfig();
        QVERIFY(!back.hasCredentials() || back.isAzure());
        QVERIFY(back.connectionString.isEmpty());
        QVERIFY(back.credentials.secretAccessKey.isEmpty());

        // The file on disk: the bucket is there, no secret is.
        QFile file(settings.fileName());
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
        const QByteArray written = file.readAll();
        QVERIFY(written.contains("acme-dbt-artifacts"));
        QVERIFY(written.contains("ext-1234"));
        for (const QByteArray &secret :
             {QByteArray("very-secret-access-key-xyz"), QByteArray("very-secret-session-token-xyz"),
              QByteArray("AKIAKEYIDNOTSAVED001"), QByteArray("c2VjcmV0LWtleQ"),
              QByteArray("AccountKey")}) {
            QVERIFY2(!written.contains(secret), secret.constData());
        }
    }

    void removeBucketProfile()
    {
        AppSettings settings;
        BucketProfile p;
        p.name = QStringLiteral("to-remove");
        p.bucket = QStringLiteral("gone-bucket");
        settings.saveBucketProfile(p);
        QVERIFY(settings.bucketProfileNames().contains(p.name));
        settings.removeBucketProfile(p.name);
        QVERIFY(!settings.bucketProfileNames().contains(p.name));
        // API profiles are a separate list.
        QVERIFY(!settings.profileNames().contains(QStringLiteral("prod-0")));
    }
};

QTEST_GUILESS_MAIN(TestAppSettings)
#include "TestAppSettings.moc"
