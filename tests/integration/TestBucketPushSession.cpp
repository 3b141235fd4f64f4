// SPDX-License-Identifier: MIT
// BucketPushSession (check → confirm → push) against real peers: S3 (s3rver behind a
// SigV4-checking front) and azurite. Each case looks at what the peer stored afterwards.
#include "AzuriteContainer.h"
#include "BigArtifacts.h"
#include "PeerProcess.h"
#include "TestHelpers.h"
#include "TestPaths.h"
#include "bucket/AzureConnectionString.h"
#include "bucket/BucketGetJob.h"
#include "bucket/BucketListJob.h"
#include "bucket/BucketPushSession.h"
#include "history/HistoryStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace Dbtu;
using Phase = BucketPushSession::Phase;

namespace {
const QString kBucket = QStringLiteral("dbt-artifacts");
const QString kFull = QStringLiteral("AKIAPEERFULL00000001");
constexpr int kWait = 30000; // a slow, loaded CI box
} // namespace

class TestBucketPushSession : public QObject
{
    Q_OBJECT

private:
    Test::PeerProcess m_s3;
    Test::PeerProcess m_azure;
    QNetworkAccessManager m_nam;
    QTemporaryDir m_bigDir;
    QString m_bigManifest;     ///< a valid manifest of several MB, for cancelling mid-push
    QString m_cleanRunResults; ///< ui/target's run_results without its result of another project

    static QString data(const QString &rel) { return Test::dataDir() + QLatin1Char('/') + rel; }
    /** A pair from one dbt run: no check warns. */
    QStringList cleanPair() const
    {
        return {data(QStringLiteral("ui/target/manifest.json")), m_cleanRunResults};
    }
    /** A manifest and run_results of different runs: a check warns. */
    static QStringList mismatchedPair()
    {
        return {data(QStringLiteral("ui/target/manifest.json")),
                data(QStringLiteral("core/v6-run_results.json"))};
    }

    BucketConfig config(const QString &provider, const QString &prefix)
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
        c.provider = BucketProvider::S3;
        c.region = QStringLiteral("us-east-1");
        c.bucket = kBucket;
        c.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_s3.port()));
        c.credentials = {kFull, Secret(QByteArray("peer-full-secret")), Secret()};
        return c;
    }

    /** What the peer holds under @p c's prefix, listed with a client of its own. */
    QList<BucketObject> stored(const BucketConfig &c)
    {
        Result<BucketClient> client = BucketClient::create(c);
        if (!client) {
            qWarning() << client.error().message;
            return {};
        }
        BucketListJob list(m_nam, client.value(), c.normalizedPrefix());
        QSignalSpy listed(&list, &NetworkJob::finished);
        list.start();
        if (!listed.wait(kWait) || list.error()) {
            qWarning() << "listing failed" << (list.error() ? list.error()->message : QString());
            return {};
        }
        return list.objects();
    }

    /** The bytes of @p key as the peer stored them. */
    QByteArray storedBytes(const BucketConfig &c, const QString &key)
    {
        Result<BucketClient> client = BucketClient::create(c);
        if (!client) {
            return {};
        }
        BucketGetJob get(m_nam, client.value(), key, 64 * 1024 * 1024);
        QSignalSpy done(&get, &NetworkJob::finished);
        get.start();
        if (!done.wait(kWait) || get.error()) {
            return {};
        }
        return get.data();
    }

    static QByteArray fileBytes(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private slots:
    void initTestCase()
    {
        QString why;
        // No peers, no test: a failure with the hint (never a skip that hides the gap).
        QVERIFY2(m_s3.startS3({QStringLiteral("--bucket"), kBucket, QStringLiteral("--key"),
                               kFull + QStringLiteral(":peer-full-secret:lrw"),
                               QStringLiteral("--region"), QStringLiteral("us-east-1")},
                              &why),
                 qPrintable(why));
        QVERIFY2(m_azure.startAzurite(&why), qPrintable(why));
        QVERIFY2(Test::createAzuriteContainer(m_nam, m_azure.port(), kBucket, &why),
                 qPrintable(why));
        QVERIFY(m_bigDir.isValid());
        m_bigManifest = m_bigDir.filePath(QStringLiteral("manifest.json"));
        QVERIFY(Test::writeBigManifest(m_bigManifest, 4 * 1024 * 1024) > 0);
        // The fixture's run_results names one node the manifest lacks (a check warns): drop it.
        QJsonObject runResults
            = QJsonDocument::fromJson(fileBytes(data(QStringLiteral("ui/target/run_results.json"))))
                  .object();
        const QJsonObject nodes
            = QJsonDocument::fromJson(fileBytes(data(QStringLiteral("ui/target/manifest.json"))))
                  .object()
                  .value(QLatin1String("nodes"))
                  .toObject();
        QJsonArray kept;
        for (const QJsonValue &r : runResults.value(QLatin1String("results")).toArray()) {
            if (nodes.contains(r.toObject().value(QLatin1String("unique_id")).toString())) {
                kept.append(r);
            }
        }
        QVERIFY(!kept.isEmpty());
        runResults.insert(QStringLiteral("results"), kept);
        m_cleanRunResults = m_bigDir.filePath(QStringLiteral("clean/run_results.json"));
        QVERIFY(QDir().mkpath(QFileInfo(m_cleanRunResults).path()));
        QFile out(m_cleanRunResults);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QVERIFY(out.write(QJsonDocument(runResults).toJson()) > 0);
    }

    // A clean pair goes check → push without waiting; the peer holds both files, byte for
    // byte, under the prefix, and every item is confirmed by the listing.
    void pushSucceeds_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<bool>("gzip");
        QTest::addRow("s3") << QStringLiteral("s3") << false;
        QTest::addRow("s3 gzip") << QStringLiteral("s3") << true;
        QTest::addRow("azure") << QStringLiteral("azure") << false;
    }
    void pushSucceeds()
    {
        QFETCH(QString, provider);
        QFETCH(bool, gzip);
        const QString prefix = QStringLiteral("session/ok/%1/%2").arg(provider).arg(gzip ? 1 : 0);
        const BucketConfig c = config(provider, prefix);
        BucketPushSession session(m_nam, c, {.gzip = gzip, .blockSize = 4096});
        QSignalSpy checks(&session, &BucketPushSession::checksFinished);
        QSignalSpy progress(&session, &BucketPushSession::pushProgressChanged);
        QSignalSpy stages(&session, &BucketPushSession::stageChanged);
        QSignalSpy finished(&session, &BucketPushSession::finished);
        session.start(cleanPair());
        QCOMPARE(session.phase(), Phase::Checking);
        QVERIFY(finished.isEmpty()); // never from inside start()
        QVERIFY(finished.wait(kWait));
        if (session.error()) {
            QFAIL(QTest::toString(*session.error()));
        }
        QCOMPARE(session.phase(), Phase::Finished);
        QCOMPARE(checks.size(), 1);
        QCOMPARE(checks.first().at(1).toBool(), false);
        QVERIFY(!checks.first().at(0).value<InspectResult>().hasWarnings());
        QVERIFY(!progress.isEmpty());
        QVERIFY(!stages.isEmpty());
        QVERIFY(session.hasPushStarted());
        QVERIFY2(session.location().contains(prefix), qPrintable(session.location()));

        const QString suffix = gzip ? QStringLiteral(".gz") : QString();
        const QList<BucketUploadJob::Item> items = session.items();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[0].key, prefix + QStringLiteral("/manifest.json") + suffix);
        QCOMPARE(items[1].key, prefix + QStringLiteral("/run_results.json") + suffix);
        const QList<BucketObject> objects = stored(c);
        QCOMPARE(objects.size(), 2);
        for (int i = 0; i < 2; ++i) {
            QVERIFY2(items[i].confirmed, qPrintable(items[i].key));
            QCOMPARE(objects[i].key, items[i].key);
            QCOMPARE(objects[i].size, items[i].uploadSize);
            if (!gzip) {
                QCOMPARE(storedBytes(c, items[i].key), fileBytes(cleanPair()[i]));
            } else {
                QCOMPARE(storedBytes(c, items[i].key).left(2), QByteArray("\x1f\x8b"));
            }
        }
        QTest::qWait(200);
        QCOMPARE(finished.size(), 1);
    }

    // A check warns: the session waits and sends nothing until proceed(); cancel() then ends it
    // with nothing stored. With proceed() the files go; with waitForConfirmation off (the CLI)
    // they go at once.
    void warningWaitsForProceed_data()
    {
        QTest::addColumn<QString>("answer"); // cancel, proceed, or none: no waiting
        QTest::addRow("cancel") << QStringLiteral("cancel");
        QTest::addRow("proceed") << QStringLiteral("proceed");
        QTest::addRow("no waiting") << QStringLiteral("none");
    }
    void warningWaitsForProceed()
    {
        QFETCH(QString, answer);
        const bool wait = answer != QLatin1String("none");
        const BucketConfig c
            = config(QStringLiteral("s3"), QStringLiteral("session/warn/") + answer);
        BucketPushSession session(m_nam, c, {.waitForConfirmation = wait});
        QSignalSpy checks(&session, &BucketPushSession::checksFinished);
        QSignalSpy finished(&session, &BucketPushSession::finished);
        session.start(mismatchedPair());
        if (!wait) {
            QVERIFY(finished.wait(kWait));
            QCOMPARE(checks.size(), 1);
            QCOMPARE(checks.first().at(1).toBool(), false);
            QVERIFY(checks.first().at(0).value<InspectResult>().hasWarnings());
            QVERIFY2(!session.error(), session.error() ? qPrintable(session.error()->message) : "");
            QCOMPARE(stored(c).size(), 2);
            return;
        }
        QTRY_COMPARE_WITH_TIMEOUT(session.phase(), Phase::WaitingForConfirmation, kWait);
        QCOMPARE(checks.size(), 1);
        QCOMPARE(checks.first().at(1).toBool(), true);
        QVERIFY(session.inspectResult() && session.inspectResult()->hasWarnings());
        // It waits: nothing ends, nothing is sent.
        QTest::qWait(500);
        QVERIFY(finished.isEmpty());
        QVERIFY(!session.hasPushStarted());
        QCOMPARE(stored(c).size(), 0);
        if (answer == QLatin1String("cancel")) {
            session.cancel();
            QCOMPARE(finished.size(), 1);
            QVERIFY(session.error());
            QCOMPARE(session.error()->code, ErrorCode::Cancelled);
            QVERIFY2(session.error()->message.contains(QLatin1String("nothing was sent")),
                     qPrintable(session.error()->message));
            session.proceed(); // too late: a no-op
            session.cancel();
            QTest::qWait(500);
            QCOMPARE(finished.size(), 1);
            QVERIFY(!session.hasPushStarted());
            QCOMPARE(stored(c).size(), 0);
            return;
        }
        session.proceed();
        QCOMPARE(session.phase(), Phase::Pushing);
        QVERIFY(finished.wait(kWait));
        QVERIFY2(!session.error(), session.error() ? qPrintable(session.error()->message) : "");
        const QList<BucketObject> objects = stored(c);
        QCOMPARE(objects.size(), 2);
        QCOMPARE(objects[1].size, QFileInfo(mismatchedPair()[1]).size());
    }

    // Recorded in a history: the second push to the same bucket and prefix is compared with
    // the first before anything is sent; a model of four removed is models_removed, a warning
    // the window waits on. Another prefix is another destination: nothing to compare.
    void aRecordedPushIsComparedWithTheLast()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        HistoryStore store(dir.filePath(QStringLiteral("history.sqlite")));
        QVERIFY_OK(store.open());
        const HistoryRecorder::Target target{&store, UploadRecord::Origin::Window,
                                             QStringLiteral("lake")};
        const BucketConfig c = config(QStringLiteral("s3"), QStringLiteral("session/changes"));
        {
            BucketPushSession first(m_nam, c, {.waitForConfirmation = false});
            first.setHistory(target);
            QSignalSpy changes(&first, &BucketPushSession::changesFound);
            QSignalSpy finished(&first, &BucketPushSession::finished);
            first.start({data(QStringLiteral("diff/old"))});
            QVERIFY(finished.wait(kWait));
            QVERIFY2(!first.error(), first.error() ? qPrintable(first.error()->message) : "");
            QCOMPARE(changes.size(), 0);
        }
        BucketPushSession second(m_nam, c, {});
        second.setHistory(target);
        QSignalSpy changes(&second, &BucketPushSession::changesFound);
        QSignalSpy checks(&second, &BucketPushSession::checksFinished);
        second.start({data(QStringLiteral("diff/new"))});
        QTRY_COMPARE_WITH_TIMEOUT(second.phase(), Phase::WaitingForConfirmation, kWait);
        QCOMPARE(changes.size(), 1);
        const auto found = changes.at(0).at(0).value<UploadChanges>();
        QCOMPARE(found.last.destination(), QStringLiteral("s3://%1/session/changes/").arg(kBucket));
        QCOMPARE(found.count("model", &ArtifactDiff::TypeChanges::removed), 1);
        QCOMPARE(found.count("model", &ArtifactDiff::TypeChanges::added), 1);
        const auto result = checks.at(0).at(0).value<InspectResult>();
        QVERIFY(std::any_of(result.checks.begin(), result.checks.end(),
                            [](const Check &k) { return k.code == "models_removed"; }));
        second.cancel();

        BucketPushSession elsewhere(m_nam,
                                    config(QStringLiteral("s3"), QStringLiteral("session/other")),
                                    {.waitForConfirmation = false});
        elsewhere.setHistory(target);
        QSignalSpy none(&elsewhere, &BucketPushSession::changesFound);
        QSignalSpy finished(&elsewhere, &BucketPushSession::finished);
        elsewhere.start({data(QStringLiteral("diff/new"))});
        QVERIFY(finished.wait(kWait));
        QCOMPARE(none.size(), 0);
    }

    // A check that fails (two manifests), and a cancel while the check reads a big file: the
    // session ends with the error and sends nothing.
    void checkFailsOrIsCancelled_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addRow("two manifests") << QStringLiteral("fail");
        QTest::addRow("cancel while checking") << QStringLiteral("cancel");
        QTest::addRow("no files") << QStringLiteral("none");
    }
    void checkFailsOrIsCancelled()
    {
        QFETCH(QString, what);
        const BucketConfig c
            = config(QStringLiteral("s3"), QStringLiteral("session/check/") + what);
        BucketPushSession session(m_nam, c, {});
        QSignalSpy checks(&session, &BucketPushSession::checksFinished);
        QSignalSpy finished(&session, &BucketPushSession::finished);
        if (what == QLatin1String("fail")) {
            session.start({data(QStringLiteral("ui/target/manifest.json")),
                           data(QStringLiteral("core/v12-manifest.json"))});
        } else if (what == QLatin1String("cancel")) {
            session.start({m_bigManifest});
            QCOMPARE(session.phase(), Phase::Checking);
            session.cancel();
            QCOMPARE(finished.size(), 1); // at once: the worker's late end is dropped
        } else {
            session.start({});
        }
        QVERIFY(!finished.isEmpty() || finished.wait(kWait));
        QVERIFY(session.error());
        if (what == QLatin1String("cancel")) {
            QCOMPARE(session.error()->code, ErrorCode::Cancelled);
            QVERIFY(session.error()->message.contains(QLatin1String("nothing was sent")));
        } else {
            QCOMPARE(session.error()->code, ErrorCode::InvalidInput);
            QVERIFY(!session.error()->hint.isEmpty());
        }
        if (what == QLatin1String("fail")) {
            QVERIFY2(session.error()->message.contains(QLatin1String("two manifests")),
                     qPrintable(session.error()->message));
        }
        QTest::qWait(500); // nothing late: no check result, no second finished()
        QCOMPARE(checks.size(), 0);
        QCOMPARE(finished.size(), 1);
        QVERIFY(!session.hasPushStarted());
        QVERIFY(session.items().isEmpty());
        QCOMPARE(stored(c).size(), 0);
    }

    // Cancel with the first file's request on the wire: Cancelled, saying nothing was stored,
    // and the peer holds nothing under the prefix.
    void cancelMidPush_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addRow("s3") << QStringLiteral("s3");
        QTest::addRow("azure") << QStringLiteral("azure");
    }
    void cancelMidPush()
    {
        QFETCH(QString, provider);
        const BucketConfig c = config(provider, QStringLiteral("session/cancel/") + provider);
        BucketPushSession session(m_nam, c, {.waitForConfirmation = false, .blockSize = 64 * 1024});
        QSignalSpy finished(&session, &BucketPushSession::finished);
        qint64 doneAtCancel = -1;
        qint64 totalAtCancel = -1;
        connect(&session, &BucketPushSession::pushProgressChanged, &session,
                [&](qint64 done, qint64 total) {
                    if (doneAtCancel < 0) {
                        doneAtCancel = done;
                        totalAtCancel = total;
                        session.cancel();
                    }
                });
        session.start({m_bigManifest, data(QStringLiteral("ui/target/run_results.json"))});
        QVERIFY(finished.wait(kWait));
        QVERIFY2(doneAtCancel >= 0, "no progress before the end");
        QVERIFY2(doneAtCancel < totalAtCancel, "the cancel came after the last byte");
        QVERIFY(session.error());
        QCOMPARE(session.error()->code, ErrorCode::Cancelled);
        QVERIFY2(session.error()->message.contains(QLatin1String("nothing was stored")),
                 qPrintable(session.error()->message));
        QVERIFY(!session.error()->hint.isEmpty());
        QVERIFY(session.hasPushStarted());
        QTest::qWait(300);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(stored(c).size(), 0);
    }

    // The storage refuses the credentials: the message names the bucket and the host, the hint
    // says what to fix, and nothing is stored.
    void storageError_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addRow("s3 wrong secret") << QStringLiteral("s3");
        QTest::addRow("azure wrong key") << QStringLiteral("azure");
    }
    void storageError()
    {
        QFETCH(QString, provider);
        const BucketConfig good = config(provider, QStringLiteral("session/refused/") + provider);
        BucketConfig c = good;
        if (provider == QLatin1String("azure")) {
            c.connectionString = Secret(
                QStringLiteral("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                               "AccountKey=%1;BlobEndpoint=http://127.0.0.1:%2/devstoreaccount1;")
                    .arg(QString::fromLatin1(QByteArray(64, 'k').toBase64()))
                    .arg(m_azure.port()));
        } else {
            c.credentials.secretAccessKey = Secret(QByteArray("not-the-secret"));
        }
        BucketPushSession session(m_nam, c, {});
        QSignalSpy finished(&session, &BucketPushSession::finished);
        session.start(cleanPair());
        QVERIFY(finished.wait(kWait));
        QVERIFY(session.error());
        const Error &e = *session.error();
        QCOMPARE(e.code, ErrorCode::Unauthorized);
        const QString where = provider == QLatin1String("azure")
                                  ? QStringLiteral("azure://devstoreaccount1/") + kBucket
                                  : QStringLiteral("s3://") + kBucket;
        QVERIFY2(e.message.contains(where), qPrintable(e.message));
        QVERIFY2(e.message.contains(QStringLiteral("127.0.0.1")), qPrintable(e.message));
        QVERIFY2(!e.hint.isEmpty(), qPrintable(e.message));
        if (provider == QLatin1String("s3")) {
            QVERIFY2(e.message.contains(QLatin1String("SignatureDoesNotMatch")),
                     qPrintable(e.message));
            QVERIFY2(e.hint.contains(QLatin1String("secret")), qPrintable(e.hint));
        }
        for (const QString &text : {e.message, e.hint, e.detail}) {
            QVERIFY(!text.contains(QLatin1String("not-the-secret")));
            QVERIFY(!text.contains(QLatin1String("peer-full-secret")));
        }
        QVERIFY(session.hasPushStarted());
        QCOMPARE(stored(good).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestBucketPushSession)
#include "TestBucketPushSession.moc"
