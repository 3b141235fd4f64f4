// SPDX-License-Identifier: MIT
// The rules every request follows, whatever the job (NetworkJob), against a real HTTP server
// on loopback that answers as scripted: redirects (same origin on GET followed; another origin,
// a POST, too many: not, and the other host is never reached), bounded replies (an endless
// body ends at the cap; a ranged read is cut), a total deadline that a dripping reply cannot
// dodge, and a Retry-After that is too long to wait for. The other host is a second loopback
// address, 127.0.0.2.
#include "ScriptedHttpServer.h"
#include "TestHelpers.h"
#include "bucket/BucketClient.h"
#include "bucket/BucketGetJob.h"
#include "bucket/BucketPutJob.h"
#include "net/HttpError.h"
#include "secoda/ListIntegrationsJob.h"
#include "secoda/TriggerSyncJob.h"
#include "secoda/UploadArtifactsJob.h"
#include "util/FileDigest.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Dbtu;
using namespace DbtuTest;
using namespace std::chrono_literals;

namespace {

constexpr char kKey[] = "dbtu-unit-origin-key-5e1f";

const QByteArray kPage = R"({"results": [{"id": "i-1", "name": "dbt", "type": "dbt"}],
                             "links": {"next": null}, "count": 1})";

ApiEndpoint endpointOf(const ScriptedHttpServer &server)
{
    return ApiEndpoint::parse(QString::fromLatin1(server.origin() + "/api/v1")).value();
}

/** Starts the job and waits for its one finished(); returns the time it took. */
qint64 run(NetworkJob &job, int limitMs = 30000)
{
    QSignalSpy finished(&job, &NetworkJob::finished);
    QElapsedTimer t;
    t.start();
    job.start();
    if (!finished.wait(limitMs)) {
        qWarning("the job did not finish");
    }
    [&] {
        QCOMPARE(finished.size(), 1);
    }();
    return t.elapsed();
}

/** An S3 client for a bucket at the scripted server, with an optional session token. */
BucketClient s3ClientFor(const ScriptedHttpServer &server, const QByteArray &sessionToken = {})
{
    BucketConfig c;
    c.provider = BucketProvider::S3;
    c.region = QStringLiteral("us-east-1");
    c.bucket = QStringLiteral("dbt-artifacts");
    c.endpoint = QUrl(QString::fromLatin1(server.origin()));
    c.credentials = {QStringLiteral("AKIAUNITTEST00000001"), Secret(QByteArray("unit-secret")),
                     Secret(sessionToken)};
    return BucketClient::create(c).value();
}

bool sawKey(const ScriptedHttpServer &server)
{
    for (const RecordedRequest &r : server.requests()) {
        if (r.rawHead.contains(kKey) || !r.header("Authorization").isEmpty()) {
            return true;
        }
    }
    return false;
}

} // namespace

class TestNetworkJob : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void retryText_data();
    void retryText();
    void sameOriginGetRedirectIsFollowed();
    void otherOriginRedirectIsRefused_data();
    void otherOriginRedirectIsRefused();
    void postRedirectIsNotFollowed();
    void triggerRedirectIsNotFollowed();
    void redirectLoopEnds();
    void endlessReplyIsCapped();
    void endlessErrorPageIsCapped();
    void drippingReplyEndsAtTheDeadline();
    void defaultDeadlineGrowsWithThePayload();
    void absurdRetryAfterIsNotWaitedFor();
    void shortRetryAfterIsWaitedFor();
    void aGatewayErrorIsRetriedByMethod();
    void htmlLoginPageIsNotSuccess();
    void rangedReadIsCutAtItsSize();
    void bucketRedirectToOtherHostKeepsSignature();

private:
    QNetworkAccessManager m_nam;
    QTemporaryDir m_dir;
    QString m_manifest;
    QString m_runResults;
};

void TestNetworkJob::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_manifest = m_dir.filePath(QStringLiteral("manifest.json"));
    m_runResults = m_dir.filePath(QStringLiteral("run_results.json"));
    for (const QString &path : {m_manifest, m_runResults}) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"metadata": {"dbt_schema_version": "x"}, "nodes": {}})");
    }
    // The other host must be a distinct address on this machine.
    QTcpServer probe;
    if (!probe.listen(QHostAddress(QStringLiteral("127.0.0.2")))) {
        QFAIL("cannot listen on 127.0.0.2; the loopback range is needed for the other host");
    }
}

void TestNetworkJob::sameOriginGetRedirectIsFollowed()
{
    ScriptedHttpServer server([](const RecordedRequest &r) {
        if (r.target.endsWith("/integration/integrations/")) {
            return ScriptedReply::redirect(302, "/api/v1/moved/integrations/");
        }
        return ScriptedReply::status(200, "OK", kPage);
    });
    QVERIFY(server.listen());
    ListIntegrationsJob job(m_nam, endpointOf(server), Secret(QByteArray(kKey)));
    run(job);
    QVERIFY2(!job.error(), job.error() ? qPrintable(job.error()->toString()) : "");
    QCOMPARE(job.integrations().size(), 1);
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(server.requests().at(1).target, QByteArray("/api/v1/moved/integrations/"));
    // the same origin may have the key, on the followed request too
    QCOMPARE(server.requests().at(1).header("Authorization"), QByteArray("Bearer ") + kKey);
}

void TestNetworkJob::otherOriginRedirectIsRefused_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("otherPort");
    QTest::newRow("302 to another host") << 302 << false;
    QTest::newRow("301 to another host") << 301 << false;
    QTest::newRow("307 to another host") << 307 << false;
    QTest::newRow("308 to another port of this host") << 308 << true;
}

void TestNetworkJob::otherOriginRedirectIsRefused()
{
    QFETCH(int, status);
    QFETCH(bool, otherPort);
    ScriptedHttpServer other(
        [](const RecordedRequest &) { return ScriptedReply::status(200, "OK", kPage); });
    QVERIFY(other.listen(otherPort ? QHostAddress::LocalHost
                                   : QHostAddress(QStringLiteral("127.0.0.2"))));
    const QByteArray target = other.origin() + "/api/v1/integration/integrations/";
    ScriptedHttpServer server(
        [&](const RecordedRequest &) { return ScriptedReply::redirect(status, target); });
    QVERIFY(server.listen());
    ListIntegrationsJob job(m_nam, endpointOf(server), Secret(QByteArray(kKey)));
    run(job);
    QVERIFY(job.error());
    QCOMPARE(job.error()->code, ErrorCode::ServerError);
    QVERIFY2(job.error()->message.contains(QString::fromLatin1(other.origin())),
             qPrintable(job.error()->message));
    QVERIFY(job.error()->hint.contains(QStringLiteral("base URL")));
    QCOMPARE(server.requests().size(), 1); // not retried either
    QCOMPARE(other.connections(), 0);      // nothing at all went to the other origin
    QVERIFY(!sawKey(other));
}

void TestNetworkJob::postRedirectIsNotFollowed()
{
    ScriptedHttpServer server([](const RecordedRequest &r) {
        if (r.target.contains("upload_artifacts/")) {
            return ScriptedReply::redirect(307, "/api/v1/elsewhere/");
        }
        return ScriptedReply::status(200, "OK", "{}");
    });
    QVERIFY(server.listen());
    UploadRequest request{QStringLiteral("i-1"), m_manifest, m_runResults, UploadStyle::Combined};
    UploadArtifactsJob job(m_nam, endpointOf(server), Secret(QByteArray(kKey)), request);
    run(job);
    QVERIFY(job.error());
    QCOMPARE(exitCodeFor(job.error()->code), 6);
    QVERIFY2(job.error()->message.contains(QStringLiteral("not sent again")),
             qPrintable(job.error()->message));
    QCOMPARE(server.requests().size(), 1); // the files went once, to the configured URL only
}

void TestNetworkJob::triggerRedirectIsNotFollowed()
{
    ScriptedHttpServer other(
        [](const RecordedRequest &) { return ScriptedReply::status(200, "OK", "{}"); });
    QVERIFY(other.listen(QHostAddress(QStringLiteral("127.0.0.2"))));
    ScriptedHttpServer server([&](const RecordedRequest &) {
        return ScriptedReply::redirect(307, other.origin() + "/trigger/");
    });
    QVERIFY(server.listen());
    TriggerSyncJob job(m_nam, endpointOf(server), Secret(QByteArray(kKey)), QStringLiteral("i-1"));
    run(job);
    QVERIFY(job.error());
    QCOMPARE(exitCodeFor(job.error()->code), 6);
    QCOMPARE(server.requests().size(), 1);
    QCOMPARE(other.connections(), 0);
}

void TestNetworkJob::redirectLoopEnds()
{
    ScriptedHttpServer server(
        [](const RecordedRequest &r) { return ScriptedReply::redirect(302, r.target + "x"); });
    QVERIFY(server.listen());
    ListIntegrationsJob job(m_nam, endpointOf(server), Secret(QByteArray(kKey)));
    run(job);
    QVERIFY(job.error());
    QVERIFY2(job.error()->message.contains(QStringLiteral("too many")),
             qPrintable(job.error()->message));
    QCOMPARE(server.requests().size(), NetworkJob::kMaxRedirects + 1);
}

void TestNetworkJob::endlessReplyIsCapped()
{
    ScriptedHttpServer server([](const RecordedRequest &) {
        ScriptedReply r = ScriptedReply::status(200, "OK");
        r.endless = true;
        return r;
    });
    QVERIFY(server.listen());
    ListIntegrationsJob job(m_nam, endpointOf(server), Secret(QByteArray(kKey)));
    run(job, 60000);
    QVERIFY(job.error());
    QCOMPARE(job.error()->code, ErrorCode::ServerError);
    QVERIFY2(job.error()->message.contains(QStringLiteral("longer than")),
             qPrintable(job.error()->message));
    // Aborted near the cap: the server got to send the cap and what was in flight, not more.
    QVERIFY2(server.streamedBytes() < NetworkJob::kDefaultMaxReplyBytes + 32 * 1024 * 1024,
             qPrintable(QString::number(server.streamedBytes())));
}

void TestNetworkJob::endlessErrorPageIsCapped()
{
    ScriptedHttpServer server([](const RecordedRequest &) {
        ScriptedReply r = ScriptedReply::status(500, "Internal Server Error", {}, {}, "text/html");
        r.head += "Retry-After: 0\r\n";
        r.endless = true;
        return r;
    });
    QVERIFY(server.listen());
    ListIntegrationsJob job(m_nam, endpointOf(server), Secret(QByteArray(kKey)));
    run(job, 60000);
    QVERIFY(job.error());
    // read up to the error-body cap, then the server's status decides
    QCOMPARE(job.error()->httpStatus, 500);
    QCOMPARE(job.error()->code, ErrorCode::ServerError);
    QVERIFY(job.error()->detail.size() <= NetworkJob::kMaxErrorBodyBytes + 100);
}

void TestNetworkJob::drippingReplyEndsAtTheDeadline()
{
    ScriptedHttpServer server([](const RecordedRequest &) {
        ScriptedReply r = ScriptedReply::status(200, "OK", kPage);
        r.dripIntervalMs = 200; // a byte moves often enough for the idle timeout never to fire
        return r;
    });
    QVERIFY(server.listen());
    ListIntegrationsJob job(m_nam, endpointOf(server), Secret(QByteArray(kKey)));
    job.setTimeout(1s);
    job.setDeadline(2s);
    const qint64 took = run(job);
    QVERIFY(job.error());
    QCOMPARE(job.error()->code, ErrorCode::Timeout);
    QCOMPARE(exitCodeFor(job.error()->code), 5);
    QVERIFY2(job.error()->message.contains(QStringLiteral("2 s")),
             qPrintable(job.error()->message));
    QVERIFY2(took >= 1900, qPrintable(QString::number(took)));
    QCOMPARE(server.requests().size(), 1); // a deadline is not retried
}

void TestNetworkJob::defaultDeadlineGrowsWithThePayload()
{
    const ApiEndpoint endpoint = ApiEndpoint::parse(QStringLiteral("http://127.0.0.1:9")).value();
    ListIntegrationsJob list(m_nam, endpoint, Secret(QByteArray(kKey)));
    QCOMPARE(list.deadline(), 120000ms);
    list.setDeadline(5s);
    QCOMPARE(list.deadline(), 5000ms);

    QFile big(m_dir.filePath(QStringLiteral("big.json")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(256 * 1024 * 100));
    big.close();
    UploadRequest request{QStringLiteral("i-1"), big.fileName(), std::nullopt,
                          UploadStyle::Separate};
    UploadArtifactsJob upload(m_nam, endpoint, Secret(QByteArray(kKey)), request);
    QCOMPARE(upload.deadline(), 220000ms);
    NetworkJob::setDefaultDeadline(7s); // --timeout / the window's setting
    QCOMPARE(upload.deadline(), 7000ms);
    NetworkJob::setDefaultDeadline(std::nullopt);
}

void TestNetworkJob::absurdRetryAfterIsNotWaitedFor()
{
    ScriptedHttpServer server([](const RecordedRequest &) {
        return ScriptedReply::status(429, "Too Many Requests", R"({"detail": "slow down"})",
                                     "Retry-After: 999999\r\n");
    });
    QVERIFY(server.listen());
    ListIntegrationsJob job(m_nam, endpointOf(server), Secret(QByteArray(kKey)));
    QSignalSpy retrying(&job, &NetworkJob::retrying);
    const qint64 took = run(job);
    QVERIFY(job.error());
    QCOMPARE(job.error()->code, ErrorCode::RateLimited);
    QVERIFY2(job.error()->message.contains(QStringLiteral("999999 s")),
             qPrintable(job.error()->message));
    QVERIFY(job.error()->message.contains(QStringLiteral("slow down")));
    QCOMPARE(retrying.size(), 0);
    QCOMPARE(server.requests().size(), 1);
    QVERIFY2(took < 10000, qPrintable(QString::number(took)));
}

void TestNetworkJob::shortRetryAfterIsWaitedFor()
{
    int seen = 0;
    ScriptedHttpServer server([&seen](const RecordedRequest &) {
        if (++seen == 1) {
            return ScriptedReply::status(429, "Too Many Requests", {}, "Retry-After: 1\r\n");
        }
        return ScriptedReply::status(200, "OK", kPage);
    });
    QVERIFY(server.listen());
    ListIntegrationsJob job(m_nam, endpointOf(server), Secret(QByteArray(kKey)));
    QSignalSpy retrying(&job, &NetworkJob::retrying);
    const qint64 took = run(job);
    QVERIFY2(!job.error(), job.error() ? qPrintable(job.error()->toString()) : "");
    QCOMPARE(retrying.size(), 1);
    QCOMPARE(retrying.at(0).at(2).toLongLong(), 1000);
    QVERIFY2(took >= 950, qPrintable(QString::number(took)));
}

void TestNetworkJob::aGatewayErrorIsRetriedByMethod()
{
    // A 502 may come after the server acted: a GET and a bucket PUT are sent again (twice is
    // harmless), a POST (here the trigger: a second sync) never.
    int seen = 0;
    ScriptedHttpServer server([&seen](const RecordedRequest &) {
        if (++seen % 2 == 1) {
            return ScriptedReply::status(502, "Bad Gateway", {});
        }
        return ScriptedReply::status(200, "OK", kPage);
    });
    QVERIFY(server.listen());
    RetryPolicy fast;
    fast.baseDelay = 10ms;

    ListIntegrationsJob get(m_nam, endpointOf(server), Secret(QByteArray(kKey)));
    get.setRetryPolicy(fast);
    run(get);
    QVERIFY2(!get.error(), get.error() ? qPrintable(get.error()->toString()) : "");
    QCOMPARE(server.requests().size(), 2);

    const QString file = m_dir.filePath(QStringLiteral("put.json"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write("{}") == 2);
    }
    BucketPutJob put(m_nam, s3ClientFor(server), file, QStringLiteral("dbt/put.json"),
                     "application/json", Sha256::hexOf("{}"));
    put.setRetryPolicy(fast);
    run(put);
    QVERIFY2(!put.error(), put.error() ? qPrintable(put.error()->toString()) : "");
    QCOMPARE(server.requests().size(), 4);
    QCOMPARE(server.requests().at(2).method, QByteArray("PUT"));

    TriggerSyncJob post(m_nam, endpointOf(server), Secret(QByteArray(kKey)), QStringLiteral("i-1"));
    post.setRetryPolicy(fast);
    run(post);
    QVERIFY(post.error());
    QCOMPARE(server.requests().size(), 5);
    QCOMPARE(server.requests().at(4).method, QByteArray("POST"));
}

void TestNetworkJob::htmlLoginPageIsNotSuccess()
{
    ScriptedHttpServer server([](const RecordedRequest &) {
        return ScriptedReply::status(200, "OK",
                                     "<!DOCTYPE html><html><head><title>Sign in to Corp</title>"
                                     "</head><body><form></form></body></html>",
                                     {}, "text/html");
    });
    QVERIFY(server.listen());
    for (int kind = 0; kind < 3; ++kind) {
        std::unique_ptr<NetworkJob> job;
        const Secret key{QByteArray(kKey)};
        if (kind == 0) {
            job = std::make_unique<ListIntegrationsJob>(m_nam, endpointOf(server), key);
        } else if (kind == 1) {
            UploadRequest request{QStringLiteral("i-1"), m_manifest, m_runResults,
                                  UploadStyle::Combined};
            job = std::make_unique<UploadArtifactsJob>(m_nam, endpointOf(server), key, request);
        } else {
            job = std::make_unique<TriggerSyncJob>(m_nam, endpointOf(server), key,
                                                   QStringLiteral("i-1"));
        }
        run(*job);
        QVERIFY2(job->error(), qPrintable(QString::number(kind)));
        QCOMPARE(exitCodeFor(job->error()->code), 6);
        QVERIFY2(job->error()->message.contains(QStringLiteral("Sign in to Corp")),
                 qPrintable(job->error()->message));
        QVERIFY(!job->error()->message.contains(QLatin1Char('<')));
    }
}

void TestNetworkJob::rangedReadIsCutAtItsSize()
{
    ScriptedHttpServer server([](const RecordedRequest &) {
        ScriptedReply r = ScriptedReply::status(200, "OK", {}, {}, "application/json");
        r.endless = true; // a server that ignores Range and sends on and on
        return r;
    });
    QVERIFY(server.listen());
    BucketGetJob job(m_nam, s3ClientFor(server), QStringLiteral("manifest.json"), 4096);
    run(job);
    QVERIFY2(!job.error(), job.error() ? qPrintable(job.error()->toString()) : "");
    QCOMPARE(job.data().size(), 4096);
}

void TestNetworkJob::bucketRedirectToOtherHostKeepsSignature()
{
    ScriptedHttpServer other(
        [](const RecordedRequest &) { return ScriptedReply::status(200, "OK", {}); });
    QVERIFY(other.listen(QHostAddress(QStringLiteral("127.0.0.2"))));
    ScriptedHttpServer server([&](const RecordedRequest &) {
        // S3's TemporaryRedirect without a region header: the redirect error, nothing re-sent
        ScriptedReply r = ScriptedReply::status(
            307, "Temporary Redirect",
            "<?xml version=\"1.0\"?><Error><Code>TemporaryRedirect</Code><Message>Please "
            "re-send this request to the specified temporary endpoint.</Message></Error>",
            "Location: " + other.origin() + "/dbt-artifacts/manifest.json\r\n", "application/xml");
        return r;
    });
    QVERIFY(server.listen());
    BucketGetJob job(m_nam, s3ClientFor(server, "unit-session-token"),
                     QStringLiteral("manifest.json"), 4096);
    run(job);
    QVERIFY(job.error());
    QCOMPARE(exitCodeFor(job.error()->code), 6);
    QVERIFY2(job.error()->message.contains(QString::fromLatin1(other.origin())),
             qPrintable(job.error()->message));
    QCOMPARE(other.connections(), 0);
    QVERIFY(!server.requests().value(0).header("Authorization").isEmpty()); // signed for its own
}

void TestNetworkJob::retryText_data()
{
    QTest::addColumn<qint64>("delayMs");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("text");
    QTest::newRow("rounded") << qint64(2600) << QStringLiteral("HTTP 503")
                             << QStringLiteral("HTTP 503; retrying in 3 s (attempt 2 of 4)\u2026");
    QTest::newRow("at least a second")
        << qint64(100) << QStringLiteral("HTTP 429")
        << QStringLiteral("HTTP 429; retrying in 1 s (attempt 2 of 4)\u2026");
    QTest::newRow("a percent in the reason stays")
        << qint64(1000) << QStringLiteral("server said %2")
        << QStringLiteral("server said %2; retrying in 1 s (attempt 2 of 4)\u2026");
}

void TestNetworkJob::retryText()
{
    QFETCH(qint64, delayMs);
    QFETCH(QString, reason);
    QFETCH(QString, text);
    QCOMPARE(NetworkJob::retryText(2, 4, delayMs, reason), text);
}

QTEST_GUILESS_MAIN(TestNetworkJob)
#include "TestNetworkJob.moc"
