// SPDX-License-Identifier: MIT
// The bucket jobs against real peers: S3 (s3rver behind a SigV4-checking front), the same peer
// in GCS mode (region "auto"), and azurite. Success end to end, and each failure a peer makes.
#include "AzuriteContainer.h"
#include "BigArtifacts.h"
#include "ClosedPort.h"
#include "PeerProcess.h"
#include "TestHelpers.h"
#include "TestPaths.h"
#include "bucket/AzureSharedKeySigner.h"
#include "bucket/BucketListJob.h"
#include "bucket/BucketUploadJob.h"
#include "bucket/CredentialTestJob.h"

#include <QNetworkAccessManager>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

using namespace Dbtu;
using Step = CredentialTestJob::StepId;
using State = CredentialTestJob::StepState;

namespace {
const QString kBucket = QStringLiteral("dbt-artifacts");
const QString kFull = QStringLiteral("AKIAPEERFULL00000001");
const QString kReadOnly = QStringLiteral("AKIAPEERREADONLY0001");
const QString kListOnly = QStringLiteral("AKIAPEERLISTONLY0001");
const QString kTemporary = QStringLiteral("ASIAPEERTEMPORARY001"); // ASIA: an STS key
const QByteArray kToken = "peer-session-token-value";
const QByteArray kExpiredToken = "peer-expired-session-token";
} // namespace

class TestBucketPeers : public QObject
{
    Q_OBJECT

private:
    Test::PeerProcess m_s3;
    Test::PeerProcess m_s3Token; ///< every key needs kToken
    Test::PeerProcess m_gcs;
    Test::PeerProcess m_azure;
    QNetworkAccessManager m_nam;
    Test::ClosedPort m_closed;
    int m_closedPort = 0;
    QTemporaryDir m_bigDir;
    QString m_bigManifest; ///< a valid manifest of several MB, for cancelling mid-upload

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

    QList<BucketUploadJob::Item> bigItems() const
    {
        return {{m_bigManifest, QStringLiteral("manifest.json"), {}, 0, false},
                {Test::dataDir() + QStringLiteral("/core/v6-run_results.json"),
                 QStringLiteral("run_results.json"),
                 {},
                 0,
                 false}};
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
        QVERIFY2(m_s3Token.startS3({QStringLiteral("--bucket"), kBucket, QStringLiteral("--key"),
                                    kTemporary + QStringLiteral(":peer-temporary-secret:lrw"),
                                    QStringLiteral("--session-token"), QString::fromLatin1(kToken),
                                    QStringLiteral("--expired-token"),
                                    QString::fromLatin1(kExpiredToken)},
                                   &why),
                 qPrintable(why));
        QVERIFY2(m_azure.startAzurite(&why), qPrintable(why));
        QVERIFY2(Test::createAzuriteContainer(m_nam, m_azure.port(), kBucket, &why),
                 qPrintable(why));
        m_closedPort = m_closed.port();
        QVERIFY(m_closedPort != 0);
        // Something to find for the failure cases that get past the listing.
        for (const QString &p :
             {QStringLiteral("s3"), QStringLiteral("gcs"), QStringLiteral("azure")}) {
            upload(config(p, QStringLiteral("fixed")), false);
        }
        QVERIFY(m_bigDir.isValid());
        m_bigManifest = m_bigDir.filePath(QStringLiteral("manifest.json"));
        QVERIFY(Test::writeBigManifest(m_bigManifest, 4 * 1024 * 1024) > 0);
    }

    // Cancel right after the first progress signal, i.e. with the first file's request on the
    // wire: one finished(), Cancelled, no temporary file left, nothing late afterwards, nothing
    // in the bucket, and the same upload works again.
    void cancelMidUpload_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<bool>("gzip");
        QTest::addColumn<bool>("whilePreparing"); // cancel right after start(): gzip / hashing
        QTest::addRow("s3 plain") << QStringLiteral("s3") << false << false;
        QTest::addRow("s3 gzip") << QStringLiteral("s3") << true << false;
        QTest::addRow("azure blocks") << QStringLiteral("azure") << false << false;
        QTest::addRow("azure gzip blocks") << QStringLiteral("azure") << true << false;
        QTest::addRow("s3 while hashing") << QStringLiteral("s3") << false << true;
        QTest::addRow("azure while compressing") << QStringLiteral("azure") << true << true;
    }
    void cancelMidUpload()
    {
        QFETCH(QString, provider);
        QFETCH(bool, gzip);
        QFETCH(bool, whilePreparing);
        const BucketConfig c = config(provider, QStringLiteral("cancel/%1/%2/%3")
                                                    .arg(provider)
                                                    .arg(gzip ? 1 : 0)
                                                    .arg(whilePreparing ? 1 : 0));
        // The job's temporary files go under a private TMPDIR, to see that none is left.
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QByteArray oldTmp = qgetenv("TMPDIR");
        qputenv("TMPDIR", QFile::encodeName(tmp.path()));
        const auto restoreTmp = qScopeGuard([&oldTmp] {
            if (oldTmp.isEmpty()) {
                qunsetenv("TMPDIR");
            } else {
                qputenv("TMPDIR", oldTmp);
            }
        });

        auto job = std::make_unique<BucketUploadJob>(m_nam, c, bigItems(), gzip);
        job->setBlockSize(64 * 1024); // Azure: Put Block per 64 KiB
        QSignalSpy finished(job.get(), &BucketUploadJob::finished);
        qint64 doneAtCancel = -1;
        qint64 totalAtCancel = -1;
        BucketUploadJob *raw = job.get();
        connect(raw, &BucketUploadJob::progressChanged, raw, [&, raw](qint64 done, qint64 total) {
            if (doneAtCancel < 0) {
                doneAtCancel = done;
                totalAtCancel = total;
                raw->cancel();
            }
        });
        job->start();
        if (whilePreparing) {
            job->cancel();
        }
        QVERIFY(finished.wait(30000));
        if (whilePreparing) {
            QCOMPARE(doneAtCancel, qint64(-1)); // nothing was sent
        } else {
            QVERIFY2(doneAtCancel >= 0, "no progress before the end");
            QVERIFY2(doneAtCancel < totalAtCancel, "the cancel came after the last byte");
        }
        QVERIFY(job->error());
        QCOMPARE(job->error()->code, ErrorCode::Cancelled);
        QVERIFY(job->error()->message.contains(QLatin1String("cancelled; nothing was stored")));
        QVERIFY(!job->error()->hint.isEmpty());
        QVERIFY(!job->isRunning());
        QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList());
        // Late events (the aborted reply, the peer's answer) must not reach the finished job; a
        // second cancel is a no-op. Waiting here cannot make the test pass, only fail.
        job->cancel();
        QTest::qWait(300);
        QCOMPARE(finished.count(), 1);
        job.reset();
        QTest::qWait(100);

        // Nothing half-written is visible under the prefix.
        Result<BucketClient> client = BucketClient::create(c);
        QVERIFY_OK(client);
        BucketListJob list(m_nam, client.value(), c.normalizedPrefix());
        QSignalSpy listed(&list, &NetworkJob::finished);
        list.start();
        QVERIFY(listed.wait(10000));
        QVERIFY(!list.error());
        QVERIFY2(list.objects().isEmpty(),
                 list.objects().isEmpty() ? "" : qPrintable(list.objects().first().key));

        // The same upload, not cancelled, goes through.
        BucketUploadJob again(m_nam, c, bigItems(), gzip);
        again.setBlockSize(256 * 1024);
        QSignalSpy againFinished(&again, &BucketUploadJob::finished);
        again.start();
        QVERIFY(againFinished.wait(60000));
        if (again.error()) {
            QFAIL(QTest::toString(*again.error()));
        }
        for (const auto &item : again.items()) {
            QVERIFY2(item.confirmed, qPrintable(item.key));
        }
        QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList());
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

    // Temporary (STS) keys: with their session token everything works; without it, or with
    // another or an expired one, Sign in fails with S3's code and a hint about the token.
    void sessionToken_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("providerCode");
        QTest::addRow("right token") << kToken << QString();
        QTest::addRow("no token") << QByteArray() << QStringLiteral("InvalidAccessKeyId");
        QTest::addRow("wrong token")
            << QByteArray("not-the-token") << QStringLiteral("InvalidToken");
        QTest::addRow("expired token") << kExpiredToken << QStringLiteral("ExpiredToken");
    }
    void sessionToken()
    {
        QFETCH(QByteArray, token);
        QFETCH(QString, providerCode);
        BucketConfig c = config(QStringLiteral("s3"), QStringLiteral("token"));
        c.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_s3Token.port()));
        c.credentials = {kTemporary, Secret(QByteArray("peer-temporary-secret")), Secret(kToken)};
        upload(c, false); // with the right token, so that there is something to find
        if (QTest::currentTestFailed()) {
            return;
        }
        c.credentials.sessionToken = Secret(token);
        std::unique_ptr<CredentialTestJob> job(runTest(c));
        QVERIFY(job);
        const auto &steps = job->steps();
        if (providerCode.isEmpty()) {
            QVERIFY2(!job->error(), job->error() ? qPrintable(job->error()->toString()) : "");
            for (const auto &st : steps) {
                QVERIFY2(st.state == State::Ok,
                         qPrintable(st.title + QStringLiteral(": ") + st.message));
            }
            return;
        }
        QVERIFY(job->error());
        QCOMPARE(steps[int(Step::ReachEndpoint)].state, State::Ok);
        QCOMPARE(steps[int(Step::SignIn)].state, State::Failed);
        QCOMPARE(steps[int(Step::SignIn)].providerCode, providerCode);
        QCOMPARE(steps[int(Step::ListPrefix)].state, State::Skipped);
        QCOMPARE(job->error()->code, ErrorCode::Unauthorized);
        QVERIFY2(job->error()->hint.contains(QLatin1String("session token")),
                 qPrintable(job->error()->hint));
        if (!token.isEmpty()) { // the token is a secret too
            QVERIFY(!job->error()->message.contains(QString::fromLatin1(token)));
            QVERIFY(!job->error()->detail.contains(QString::fromLatin1(token)));
        }
    }

    // S3 with Secoda's role and no keys of the admin's own: the fields are checked, every
    // network step is skipped with the reason and how to test the bucket; no error.
    void roleWithoutKeys()
    {
        BucketConfig c = config(QStringLiteral("s3"), QStringLiteral("fixed"));
        c.provider = BucketProvider::S3Role;
        c.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/secoda-dbt");
        c.externalId = QStringLiteral("secoda-external-id-1");
        c.credentials = {};
        std::unique_ptr<CredentialTestJob> job(runTest(c));
        QVERIFY(job);
        QVERIFY2(!job->error(), job->error() ? qPrintable(job->error()->toString()) : "");
        const auto &steps = job->steps();
        QCOMPARE(steps[int(Step::ParseFields)].state, State::Ok);
        QVERIFY(steps[int(Step::ParseFields)].message.contains(c.roleArn));
        for (int i = int(Step::ReachEndpoint); i < steps.size(); ++i) {
            QCOMPARE(steps[i].state, State::Skipped);
            QVERIFY2(steps[i].message.contains(QLatin1String("cannot assume Secoda's role")),
                     qPrintable(steps[i].message));
            QVERIFY2(steps[i].hint.contains(QLatin1String("AWS_ACCESS_KEY_ID")),
                     qPrintable(steps[i].hint));
        }
        QVERIFY(!job->manifest());

        // A malformed ARN or external ID fails the first step.
        c.roleArn = QStringLiteral("arn:aws:iam::12345:user/secoda");
        job.reset(runTest(c));
        QVERIFY(job);
        QVERIFY(job->error());
        QCOMPARE(job->steps()[int(Step::ParseFields)].state, State::Failed);
        QCOMPARE(job->steps()[int(Step::ReachEndpoint)].state, State::Skipped);

        // With the admin's own keys, the bucket is tested like S3.
        c.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/secoda-dbt");
        c.credentials = {kFull, Secret(QByteArray("peer-full-secret")), Secret()};
        job.reset(runTest(c));
        QVERIFY(job);
        QVERIFY2(!job->error(), job->error() ? qPrintable(job->error()->toString()) : "");
        for (const auto &st : job->steps()) {
            QVERIFY2(st.state == State::Ok,
                     qPrintable(st.title + QStringLiteral(": ") + st.message));
        }
    }

    // The checklist is interactive: an endpoint that refuses (or drops) the connection fails
    // the Reach step after one quick retry, not after the upload's full retry budget.
    void reachFailsAfterOneRetry_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<bool>("drop");
        QTest::addRow("s3 refused") << QStringLiteral("s3") << false;
        QTest::addRow("azure refused") << QStringLiteral("azure") << false;
        QTest::addRow("s3 dropped") << QStringLiteral("s3") << true;
    }
    void reachFailsAfterOneRetry()
    {
        QFETCH(QString, provider);
        QFETCH(bool, drop);
        // An endpoint that accepts and closes at once, counting the connections.
        int connections = 0;
        QTcpServer dropper;
        QVERIFY(dropper.listen(QHostAddress::LocalHost));
        connect(&dropper, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *socket = dropper.nextPendingConnection()) {
                ++connections;
                socket->close();
                socket->deleteLater();
            }
        });
        const int port = drop ? dropper.serverPort() : m_closedPort;
        BucketConfig c = config(provider, QStringLiteral("fixed"));
        if (provider == QLatin1String("azure")) {
            c.connectionString = Secret(
                QStringLiteral("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                               "AccountKey=%1;BlobEndpoint=http://127.0.0.1:%2/devstoreaccount1;")
                    .arg(AzureConnectionString::kDevKey)
                    .arg(port));
        } else {
            c.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        }
        auto job = std::make_unique<CredentialTestJob>(m_nam, c);
        QCOMPARE(job->retryPolicy().maxAttempts, 2);
        QVERIFY(RetryPolicy().maxAttempts > job->retryPolicy().maxAttempts); // uploads: more
        int retryMessages = 0;
        connect(job.get(), &CredentialTestJob::stepChanged, this, [&](int index) {
            const auto &st = job->steps()[index];
            if (st.state == State::Running && st.message.contains(QLatin1String("retrying"))) {
                ++retryMessages;
                QCOMPARE(st.id, Step::ReachEndpoint);
            }
        });
        QSignalSpy finished(job.get(), &CredentialTestJob::finished);
        job->start();
        QVERIFY(finished.wait(20000));
        QVERIFY(job->error());
        QCOMPARE(job->error()->code, ErrorCode::Network);
        QVERIFY(!job->error()->hint.isEmpty());
        QCOMPARE(job->steps()[int(Step::ReachEndpoint)].state, State::Failed);
        QCOMPARE(job->steps()[int(Step::SignIn)].state, State::Skipped);
        QCOMPARE(job->requestsSent(), job->retryPolicy().maxAttempts);
        QCOMPARE(retryMessages, job->retryPolicy().maxAttempts - 1);
        if (drop) {
            // Qt's HTTP layer itself reconnects once when a fresh connection drops before the
            // reply, so each of our attempts may show up as two connections; the default policy
            // would make up to twice as many.
            QVERIFY2(connections >= job->retryPolicy().maxAttempts
                         && connections <= 2 * job->retryPolicy().maxAttempts,
                     qPrintable(QString::number(connections)));
        }
        // The one retry waits about a second, never the default's growing delays.
        for (int i = 0; i < 20; ++i) {
            QVERIFY(job->retryPolicy().delay(1, {}) <= std::chrono::milliseconds(1500));
        }
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
