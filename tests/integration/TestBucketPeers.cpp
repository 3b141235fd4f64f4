// SPDX-License-Identifier: MIT
// The bucket jobs against real peers: S3 (s3rver behind a SigV4-checking front), the same peer
// in GCS mode (region "auto"), and azurite. Success end to end, and each failure a peer makes.
#include "AzureSharedKeySigner.h"
#include "BucketUploadJob.h"
#include "CredentialTestJob.h"
#include "PeerProcess.h"
#include "TestHelpers.h"
#include "TestPaths.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>

using namespace Dbtu;
using Step = CredentialTestJob::StepId;
using State = CredentialTestJob::StepState;

namespace {
const QString kBucket = QStringLiteral("dbt-artifacts");
const QString kFull = QStringLiteral("AKIAPEERFULL00000001");
const QString kReadOnly = QStringLiteral("AKIAPEERREADONLY0001");
const QString kListOnly = QStringLiteral("AKIAPEERLISTONLY0001");
} // namespace

class TestBucketPeers : public QObject
{
    Q_OBJECT

private:
    Test::PeerProcess m_s3;
    Test::PeerProcess m_gcs;
    Test::PeerProcess m_azure;
    QNetworkAccessManager m_nam;
    int m_closedPort = 0;

    BucketConfig config(const QString &provider, const QString &prefix = QStringLiteral("dbt/prod"))
    {
        BucketConfig c;
        c.prefix = prefix;
        if (provider == QLatin1String("azure")) {
            c.provider = BucketProvider::Azure;
            c.container = kBucket;
            c.connectionString = Secret(
                QStringLiteral("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                               "AccountKey=%1;BlobEndpoint=http://127.0.0.1:%2/devstoreaccount1;")
                    .arg(AzureConnectionString::kDevKey)
                    .arg(m_azure.port()));
            return c;
        }
        const bool gcs = provider == QLatin1String("gcs");
        c.provider = gcs ? BucketProvider::Gcs : BucketProvider::S3;
        c.region = gcs ? QStringLiteral("auto") : QStringLiteral("us-east-1");
        c.bucket = kBucket;
        c.endpoint
            = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(gcs ? m_gcs.port() : m_s3.port()));
        c.credentials = {kFull, Secret(QByteArray("peer-full-secret")), Secret()};
        return c;
    }

    void upload(const BucketConfig &c, bool gzip, QList<BucketUploadJob::Item> *items = nullptr)
    {
        BucketUploadJob job(m_nam, c,
                            {{Test::dataDir() + QStringLiteral("/core/v12-manifest.json"),
                              QStringLiteral("manifest.json"),
                              {},
                              0,
                              false},
                             {Test::dataDir() + QStringLiteral("/core/v6-run_results.json"),
                              QStringLiteral("run_results.json"),
                              {},
                              0,
                              false}},
                            gzip);
        job.setBlockSize(4096); // Azure: Put Block + Put Block List for these files
        QSignalSpy finished(&job, &BucketUploadJob::finished);
        QSignalSpy progress(&job, &BucketUploadJob::progressChanged);
        job.start();
        QVERIFY(finished.wait(20000));
        if (job.error()) {
            QFAIL(QTest::toString(*job.error()));
        }
        QVERIFY(!progress.isEmpty());
        for (const auto &item : job.items()) {
            QVERIFY2(item.confirmed, qPrintable(item.key));
        }
        if (items) {
            *items = job.items();
        }
    }

    CredentialTestJob *runTest(const BucketConfig &c, qint64 clockOffset = 0)
    {
        auto *job = new CredentialTestJob(m_nam, c, this);
        if (clockOffset) {
            job->setClock(
                [clockOffset] { return QDateTime::currentDateTimeUtc().addSecs(clockOffset); });
        }
        job->setTimeout(std::chrono::seconds(10));
        QSignalSpy finished(job, &CredentialTestJob::finished);
        job->start();
        if (!finished.wait(20000)) {
            return nullptr;
        }
        return job;
    }

    void createAzureContainer()
    {
        QUrl url(QStringLiteral("http://127.0.0.1:%1/devstoreaccount1/%2?restype=container")
                     .arg(m_azure.port())
                     .arg(kBucket));
        AzureSharedKeySigner signer(AzureConnectionString::kDevAccount,
                                    Secret(QString(AzureConnectionString::kDevKey)));
        auto sig
            = signer.sign({"PUT", url, {{"Content-Length", ""}}}, QDateTime::currentDateTimeUtc());
        QVERIFY_OK(sig);
        QNetworkRequest request(url);
        for (const auto &h : sig.value().headersToSet) {
            request.setRawHeader(h.first, h.second);
        }
        QNetworkReply *reply = m_nam.put(request, QByteArray());
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(5000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
        reply->deleteLater();
    }

private slots:
    void initTestCase()
    {
        QString why;
        const QStringList keys
            = {QStringLiteral("--bucket"), kBucket,
               QStringLiteral("--key"),    kFull + QStringLiteral(":peer-full-secret:lrw"),
               QStringLiteral("--key"),    kReadOnly + QStringLiteral(":peer-readonly-secret:r"),
               QStringLiteral("--key"),    kListOnly + QStringLiteral(":peer-listonly-secret:l")};
        QVERIFY2(
            m_s3.startS3(
                keys + QStringList{QStringLiteral("--region"), QStringLiteral("us-east-1")}, &why),
            qPrintable(why));
        QVERIFY2(m_gcs.startS3(keys + QStringList{QStringLiteral("--gcs")}, &why), qPrintable(why));
        QVERIFY2(m_azure.startAzurite(&why), qPrintable(why));
        createAzureContainer();
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        m_closedPort = probe.serverPort();
        probe.close();
        // Something to find for the failure cases that get past the listing.
        for (const QString &p :
             {QStringLiteral("s3"), QStringLiteral("gcs"), QStringLiteral("azure")}) {
            upload(config(p, QStringLiteral("fixed")), false);
        }
    }

    void uploadThenTest_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<bool>("gzip");
        for (const char *p : {"s3", "gcs", "azure"}) {
            QTest::addRow("%s plain", p) << QString::fromLatin1(p) << false;
            QTest::addRow("%s gzip", p) << QString::fromLatin1(p) << true;
        }
    }
    void uploadThenTest()
    {
        QFETCH(QString, provider);
        QFETCH(bool, gzip);
        const QString prefix = QStringLiteral("up/%1/%2").arg(provider).arg(gzip ? 1 : 0);
        QList<BucketUploadJob::Item> items;
        upload(config(provider, prefix), gzip, &items);
        if (QTest::currentTestFailed()) {
            return;
        }
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[0].key, prefix
                                   + (gzip ? QStringLiteral("/manifest.json.gz")
                                           : QStringLiteral("/manifest.json")));
        if (!gzip) {
            QCOMPARE(items[0].uploadSize,
                     QFileInfo(Test::dataDir() + QStringLiteral("/core/v12-manifest.json")).size());
        }
        std::unique_ptr<CredentialTestJob> job(runTest(config(provider, prefix)));
        QVERIFY(job);
        QVERIFY2(!job->error(), job->error() ? qPrintable(job->error()->toString()) : "");
        for (const auto &s : job->steps()) {
            QVERIFY2(s.state == State::Ok, qPrintable(s.title + QStringLiteral(": ") + s.message));
        }
        QVERIFY(job->manifest());
        QVERIFY(job->manifest()->schemaVersion.contains(QLatin1String("manifest/v12")));
        QVERIFY(job->manifest()->runResults);
        QCOMPARE(job->manifest()->object.size, items[0].uploadSize);
    }

    void failures_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("change");
        QTest::addColumn<int>("failedStep");
        QTest::addColumn<QString>("providerCode");
        QTest::addColumn<int>("errorCode");
        const int signIn = int(Step::SignIn);
        const int list = int(Step::ListPrefix);
        for (const char *p : {"s3", "gcs"}) {
            const QString pr = QString::fromLatin1(p);
            QTest::addRow("%s wrong secret", p)
                << pr << "secret" << signIn << "SignatureDoesNotMatch"
                << int(ErrorCode::Unauthorized);
            QTest::addRow("%s unknown key", p)
                << pr << "key" << signIn << "InvalidAccessKeyId" << int(ErrorCode::Unauthorized);
            QTest::addRow("%s list denied", p)
                << pr << "readonly" << list << "AccessDenied" << int(ErrorCode::Forbidden);
            QTest::addRow("%s read denied", p) << pr << "listonly" << int(Step::ReadManifest)
                                               << "AccessDenied" << int(ErrorCode::Forbidden);
            QTest::addRow("%s missing bucket", p)
                << pr << "bucket" << list << "NoSuchBucket" << int(ErrorCode::InvalidInput);
            QTest::addRow("%s wrong region", p)
                << pr << "region" << signIn << "AuthorizationHeaderMalformed"
                << int(ErrorCode::InvalidInput);
            QTest::addRow("%s clock skew", p) << pr << "clock" << signIn << "RequestTimeTooSkewed"
                                              << int(ErrorCode::Unauthorized);
            QTest::addRow("%s endpoint down", p)
                << pr << "down" << int(Step::ReachEndpoint) << "" << int(ErrorCode::Network);
            QTest::addRow("%s no manifest", p)
                << pr << "empty" << int(Step::FindArtifacts) << "" << int(ErrorCode::InvalidInput);
        }
        QTest::addRow("azure wrong key")
            << "azure"
            << "secret" << signIn << "AuthorizationFailure" << int(ErrorCode::Unauthorized);
        QTest::addRow("azure missing container")
            << "azure"
            << "bucket" << list << "ContainerNotFound" << int(ErrorCode::InvalidInput);
        QTest::addRow("azure endpoint down")
            << "azure"
            << "down" << int(Step::ReachEndpoint) << "" << int(ErrorCode::Network);
        QTest::addRow("azure no manifest")
            << "azure"
            << "empty" << int(Step::FindArtifacts) << "" << int(ErrorCode::InvalidInput);
    }
    void failures()
    {
        QFETCH(QString, provider);
        QFETCH(QString, change);
        QFETCH(int, failedStep);
        QFETCH(QString, providerCode);
        QFETCH(int, errorCode);
        BucketConfig c = config(provider, QStringLiteral("fixed"));
        qint64 clockOffset = 0;
        const bool azure = provider == QLatin1String("azure");
        if (change == QLatin1String("secret")) {
            if (azure) {
                c.connectionString = Secret(
                    QStringLiteral("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                                   "AccountKey=%1;BlobEndpoint=http://127.0.0.1:%2/"
                                   "devstoreaccount1;")
                        .arg(QString::fromLatin1(QByteArray(64, 'k').toBase64()))
                        .arg(m_azure.port()));
            } else {
                c.credentials.secretAccessKey = Secret(QByteArray("not-the-secret"));
            }
        } else if (change == QLatin1String("key")) {
            c.credentials.accessKeyId = QStringLiteral("AKIAUNKNOWNKEY000001");
        } else if (change == QLatin1String("readonly")) {
            c.credentials = {kReadOnly, Secret(QByteArray("peer-readonly-secret")), Secret()};
        } else if (change == QLatin1String("listonly")) {
            c.credentials = {kListOnly, Secret(QByteArray("peer-listonly-secret")), Secret()};
        } else if (change == QLatin1String("bucket")) {
            c.bucket = QStringLiteral("no-such-bucket");
            c.container = QStringLiteral("no-such-container");
        } else if (change == QLatin1String("region")) {
            c.region = azure || provider == QLatin1String("s3") ? QStringLiteral("eu-west-1")
                                                                : QStringLiteral("us-central1");
        } else if (change == QLatin1String("clock")) {
            clockOffset = 3600;
        } else if (change == QLatin1String("down")) {
            if (azure) {
                c.connectionString = Secret(
                    QStringLiteral("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                                   "AccountKey=%1;BlobEndpoint=http://127.0.0.1:%2/"
                                   "devstoreaccount1;")
                        .arg(AzureConnectionString::kDevKey)
                        .arg(m_closedPort));
            } else {
                c.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_closedPort));
            }
        } else if (change == QLatin1String("empty")) {
            c.prefix = QStringLiteral("nothing/here");
        }
        std::unique_ptr<CredentialTestJob> job(runTest(c, clockOffset));
        QVERIFY(job);
        QVERIFY(job->error());
        const auto &steps = job->steps();
        for (int i = 0; i < steps.size(); ++i) {
            const State expected = i < failedStep    ? State::Ok
                                   : i == failedStep ? State::Failed
                                                     : State::Skipped;
            QVERIFY2(
                steps[i].state == expected,
                qPrintable(QStringLiteral("%1: %2 (%3)")
                               .arg(steps[i].title, CredentialTestJob::stateName(steps[i].state),
                                    steps[i].message)));
        }
        QCOMPARE(steps[failedStep].providerCode, providerCode);
        QCOMPARE(int(job->error()->code), errorCode);
        QVERIFY(!job->error()->hint.isEmpty());
        if (change == QLatin1String("region")) {
            QCOMPARE(job->suggestedRegion(), provider == QLatin1String("gcs")
                                                 ? QStringLiteral("auto")
                                                 : QStringLiteral("us-east-1"));
            QVERIFY(job->error()->hint.contains(job->suggestedRegion()));
        }
        if (change == QLatin1String("readonly")) {
            QVERIFY(job->error()->hint.contains(QLatin1String("list")));
        }
        if (change == QLatin1String("listonly")) {
            QVERIFY(job->error()->hint.contains(QLatin1String("read"))
                    || job->error()->hint.contains(QLatin1String("Viewer")));
        }
        if (change == QLatin1String("clock") || change == QLatin1String("secret")) {
            if (!azure) {
                QVERIFY(job->error()->hint.contains(QLatin1String("clock")));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestBucketPeers)
#include "TestBucketPeers.moc"
