// SPDX-License-Identifier: MIT
// The pieces of the Secoda client that need no server: endpoints, ids, listing shapes, retry
// rules and the HTTP error mapping. The jobs against a real server are in tests/integration.
#include "TestHelpers.h"
#include "net/HttpError.h"
#include "net/RetryPolicy.h"
#include "secoda/ApiEndpoint.h"
#include "secoda/Integration.h"
#include "secoda/UploadArtifactsJob.h"

#include <QTest>

using namespace Dbtu;
using namespace std::chrono_literals;

class TestSecodaClient : public QObject
{
    Q_OBJECT

private slots:
    void endpoints_data();
    void endpoints();
    void endpointErrors_data();
    void endpointErrors();
    void syncsPage_data();
    void syncsPage();
    void integrationIds_data();
    void integrationIds();
    void listingShapes();
    void listingErrors();
    void retryRules();
    void retryDelays();
    void deliveryRules();
    void httpErrors_data();
    void httpErrors();
    void errorBodiesAreSafeToShow();
    void networkErrors();
    void uploadRequestShape();
};

void TestSecodaClient::endpoints_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("url");
    QTest::newRow("us") << "us"
                        << "https://api.secoda.co/integration/integrations/";
    QTest::newRow("EU, any case") << "EU"
                                  << "https://eapi.secoda.co/integration/integrations/";
    QTest::newRow("apac") << "apac"
                          << "https://aapi.secoda.co/integration/integrations/";
    QTest::newRow("on-premise with trailing slash")
        << "https://secoda.example.com/api/v1/"
        << "https://secoda.example.com/api/v1/integration/integrations/";
    QTest::newRow("loopback http is fine")
        << "http://127.0.0.1:8123/api/v1"
        << "http://127.0.0.1:8123/api/v1/integration/integrations/";
    QTest::newRow("localhost http is fine")
        << "http://localhost:9/api/v1"
        << "http://localhost:9/api/v1/integration/integrations/";
    QTest::newRow("IPv6 loopback") << "http://[::1]:8000"
                                   << "http://[::1]:8000/integration/integrations/";
}

void TestSecodaClient::endpoints()
{
    QFETCH(QString, input);
    QFETCH(QString, url);
    const Result<ApiEndpoint> e = ApiEndpoint::parse(input);
    QVERIFY_OK(e);
    QCOMPARE(e.value().url(QStringLiteral("integration/integrations")).toString(), url);
}

void TestSecodaClient::endpointErrors_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");
    QTest::newRow("plain http to a real host") << "http://api.secoda.co"
                                               << "unencrypted";
    QTest::newRow("http to a private address") << "http://10.0.0.5/api/v1"
                                               << "unencrypted";
    QTest::newRow("not a URL") << "secoda"
                               << "not an API URL";
    QTest::newRow("ftp") << "ftp://example.com"
                         << "not an API URL";
    QTest::newRow("empty") << ""
                           << "not an API URL";
    QTest::newRow("user info") << "https://me:pw@example.com/api/v1"
                               << "must not hold";
}

void TestSecodaClient::endpointErrors()
{
    QFETCH(QString, input);
    QFETCH(QString, message);
    const Result<ApiEndpoint> e = ApiEndpoint::parse(input);
    QVERIFY(!e.ok());
    QVERIFY2(e.error().message.contains(message), qPrintable(e.error().message));
    QVERIFY(!e.error().hint.isEmpty());
    QVERIFY(!e.error().message.contains(QLatin1String("pw@"))); // never echo a password
}

void TestSecodaClient::syncsPage_data()
{
    QTest::addColumn<QString>("api");
    QTest::addColumn<QString>("page");
    QTest::newRow("us") << "us"
                        << "https://app.secoda.co/integrations/abc/syncs";
    QTest::newRow("eu") << "eu"
                        << "https://eu.secoda.co/integrations/abc/syncs";
    QTest::newRow("apac") << "apac"
                          << "https://apac.secoda.co/integrations/abc/syncs";
    QTest::newRow("on-premise") << "https://s.example.com/api/v1"
                                << "https://s.example.com/integrations/abc/syncs";
}

void TestSecodaClient::syncsPage()
{
    QFETCH(QString, api);
    QFETCH(QString, page);
    QCOMPARE(ApiEndpoint::parse(api).value().syncsPage(QStringLiteral("abc")).toString(), page);
}

void TestSecodaClient::integrationIds_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("id");
    QTest::newRow("plain") << "740904fe-1234-4abc-9def-0123456789ab"
                           << "740904fe-1234-4abc-9def-0123456789ab";
    QTest::newRow("spaces") << "  740904fe-12  "
                            << "740904fe-12";
    QTest::newRow("syncs URL") << "https://app.secoda.co/integrations/740904fe-12/syncs"
                               << "740904fe-12";
    QTest::newRow("URL with query") << "https://eu.secoda.co/integrations/abc?tab=syncs"
                                    << "abc";
    QTest::newRow("bad characters") << "abc/../../etc"
                                    << "";
    QTest::newRow("empty") << ""
                           << "";
}

void TestSecodaClient::integrationIds()
{
    QFETCH(QString, input);
    QFETCH(QString, id);
    const Result<QString> r = ApiEndpoint::parseIntegrationId(input);
    if (id.isEmpty()) {
        QVERIFY(!r.ok());
        QVERIFY(r.error().hint.contains(QStringLiteral("Syncs page")));
    } else {
        QVERIFY_OK(r);
        QCOMPARE(r.value(), id);
    }
}

void TestSecodaClient::listingShapes()
{
    const QUrl url(QStringLiteral("https://api.secoda.co/integration/integrations/"));
    // The documented shape, with "None" where null is meant.
    const QByteArray documented
        = R"({"links": {"next": "https://api.secoda.co/integration/integrations/?page=2", "previous": "None"},
        "meta": {"page": 1, "previous_page": "None", "next_page": 2}, "count": 3, "total_pages": 2,
        "results": [{"id": "a1", "name": "Tableau", "type": "tableau", "scheduled_extractions_last_run": "2023-10-15T09:45:00Z"},
                    {"id": "b2", "name": "Prod", "type": "dbt_core", "scheduled_extractions_last_run": "None"}]})";
    Result<IntegrationPage> p = IntegrationPage::fromJson(documented, url);
    QVERIFY_OK(p);
    QCOMPARE(p.value().integrations.size(), 2);
    QCOMPARE(p.value().integrations[0].lastRun,
             QDateTime(QDate(2023, 10, 15), QTime(9, 45), Qt::UTC));
    QVERIFY(!p.value().integrations[1].lastRun); // "None"
    QVERIFY(p.value().integrations[1].looksLikeDbt());
    QVERIFY(!p.value().integrations[0].looksLikeDbt());
    QCOMPARE(p.value().next->query(), QStringLiteral("page=2"));

    // Last page of the documented shape.
    const QByteArray last = R"({"links": {"next": "None", "previous": "x"}, "results": []})";
    QVERIFY(!IntegrationPage::fromJson(last, url).value().next);

    // The plain shape, relative next, numeric id.
    const QByteArray plain
        = R"({"count": 1, "next": "/integration/integrations/?page=3", "previous": null,
        "results": [{"id": 42, "name": "dbt Cloud", "type": "dbt"}]})";
    p = IntegrationPage::fromJson(plain, url);
    QVERIFY_OK(p);
    QCOMPARE(p.value().integrations[0].id, QStringLiteral("42"));
    QCOMPARE(p.value().next->toString(),
             QStringLiteral("https://api.secoda.co/integration/integrations/?page=3"));
}

void TestSecodaClient::listingErrors()
{
    const QUrl url(QStringLiteral("https://proxy.example.com/x/"));
    for (const QByteArray &body :
         {QByteArray("<html>login</html>"), QByteArray("{\"a\": 1}"), QByteArray("[]")}) {
        const Result<IntegrationPage> p = IntegrationPage::fromJson(body, url);
        QVERIFY(!p.ok());
        QCOMPARE(p.error().code, ErrorCode::ServerError);
        QVERIFY(p.error().message.contains(QStringLiteral("proxy.example.com")));
    }
}

void TestSecodaClient::retryRules()
{
    const RetryPolicy policy;
    // idempotent requests
    for (int status : {429, 502, 503, 504}) {
        QVERIFY2(policy.shouldRetry(1, status, QNetworkReply::NoError, true, true),
                 qPrintable(QString::number(status)));
    }
    for (int status : {400, 401, 403, 404, 413, 500}) {
        QVERIFY(!policy.shouldRetry(1, status, QNetworkReply::NoError, true, true));
    }
    QVERIFY(policy.shouldRetry(1, 0, QNetworkReply::ConnectionRefusedError, false, true));
    QVERIFY(!policy.shouldRetry(1, 0, QNetworkReply::HostNotFoundError, false, true));
    QVERIFY(!policy.shouldRetry(4, 503, QNetworkReply::NoError, true, true)); // 4 attempts in all
    // a trigger: only when the server cannot have acted on it
    QVERIFY(policy.shouldRetry(1, 429, QNetworkReply::NoError, true, false));
    QVERIFY(!policy.shouldRetry(1, 502, QNetworkReply::NoError, true, false));
    QVERIFY(!policy.shouldRetry(1, 504, QNetworkReply::NoError, true, false));
    QVERIFY(policy.shouldRetry(1, 0, QNetworkReply::ConnectionRefusedError, false, false));
    // a closed connection: the server may have had the whole request, reported sent or not
    QVERIFY(!policy.shouldRetry(1, 0, QNetworkReply::RemoteHostClosedError, false, false));
    QVERIFY(!policy.shouldRetry(1, 0, QNetworkReply::RemoteHostClosedError, true, false));
    QVERIFY(policy.shouldRetry(1, 0, QNetworkReply::RemoteHostClosedError, true, true));
    // the combined upload: not idempotent, but a 503 ("unable to handle") is retried
    QVERIFY(policy.shouldRetry(1, 503, QNetworkReply::NoError, true, false, true));
    QVERIFY(!policy.shouldRetry(1, 503, QNetworkReply::NoError, true, false, false));
    QVERIFY(!policy.shouldRetry(1, 502, QNetworkReply::NoError, true, false, true));
    QVERIFY(!policy.shouldRetry(1, 504, QNetworkReply::NoError, true, false, true));
    QVERIFY(!policy.shouldRetry(1, 0, QNetworkReply::RemoteHostClosedError, true, false, true));
}

void TestSecodaClient::retryDelays()
{
    RetryPolicy policy;
    policy.baseDelay = 1000ms;
    const QDateTime now(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
    QCOMPARE(policy.delay(1, "7", now), 7000ms);
    QCOMPARE(policy.delay(1, "Thu, 01 Jan 2026 12:00:30 GMT", now), 30000ms);
    QCOMPARE(policy.delay(1, "100000", now), policy.maxDelay); // capped
    for (int attempt = 1; attempt <= 3; ++attempt) {
        const auto d = policy.delay(attempt, "", now);
        const auto base = 1000ms * (1 << (attempt - 1));
        QVERIFY(d >= base);
        QVERIFY(d < base + base / 2 + 1ms); // jitter of at most half a step
    }
    QVERIFY(!RetryPolicy::parseRetryAfter("soon", now));
    QVERIFY(!RetryPolicy::parseRetryAfter("-3", now));
}

void TestSecodaClient::httpErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("hint");
    QTest::newRow("400") << 400 << ErrorCode::InvalidInput << 3 << "names what it did not accept";
    QTest::newRow("401") << 401 << ErrorCode::Unauthorized << 4 << "new API key";
    QTest::newRow("403") << 403 << ErrorCode::Forbidden << 4 << "admin or editor";
    QTest::newRow("404") << 404 << ErrorCode::NotFound << 6 << "integration ID";
    QTest::newRow("413") << 413 << ErrorCode::InvalidInput << 3 << "client_max_body_size";
    QTest::newRow("429") << 429 << ErrorCode::RateLimited << 6 << "wait a minute";
    QTest::newRow("500") << 500 << ErrorCode::ServerError << 6 << "Secoda's side";
    QTest::newRow("302 without a redirect") << 302 << ErrorCode::ServerError << 6 << "API URL";
}

void TestSecodaClient::httpErrors()
{
    QFETCH(int, status);
    QFETCH(ErrorCode, code);
    QFETCH(int, exitCode);
    QFETCH(QString, hint);
    const Error e
        = httpError(status, R"({"error": "field manifest is missing", "token": "Bearer abc.def"})",
                    QStringLiteral("Uploading"), QStringLiteral("api.secoda.co"));
    QCOMPARE(e.code, code);
    QCOMPARE(exitCodeFor(e.code), exitCode);
    QCOMPARE(e.httpStatus, status);
    QVERIFY2(e.hint.contains(hint), qPrintable(e.hint));
    QVERIFY(!e.detail.contains(QStringLiteral("abc.def"))); // a key in a body is not echoed
    if (status == 400) {
        QVERIFY(e.message.contains(QStringLiteral("field manifest is missing")));
    }
}

// Found by fuzz_http_error: control characters passed through, a cut could split a surrogate
// pair, and the server's JSON words were shown unredacted and at any length.
void TestSecodaClient::errorBodiesAreSafeToShow()
{
    QCOMPARE(bodyExcerpt(QByteArray("a\001b\033[31mred\000!", 13)),
             QStringLiteral("a b [31mred !"));      // control characters become spaces
    const QByteArray emoji("ab\360\237\230\200cd"); // a, b, U+1F600 (a surrogate pair), c, d
    QCOMPARE(bodyExcerpt(emoji, 4), QStringLiteral("ab…"));
    QCOMPARE(bodyExcerpt(emoji, 5), QString::fromUtf8(emoji.first(6)) + QStringLiteral("…"));

    const Error e = httpError(
        400, R"({"error": "bad key Bearer abc.def in\u001b[2J )" + QByteArray(400, 'x') + "\"}",
        QStringLiteral("Uploading"), QStringLiteral("api.secoda.co"));
    QVERIFY2(!e.message.contains(QStringLiteral("abc.def")), qPrintable(e.message));
    QVERIFY2(e.message.contains(QStringLiteral("bad key Bearer <redacted> in [2J")),
             qPrintable(e.message));
    QVERIFY2(!e.message.contains(QChar(0x1b)), qPrintable(e.message));
    QVERIFY2(e.message.size() < 300, qPrintable(e.message));
}

void TestSecodaClient::networkErrors()
{
    const auto e
        = [](QNetworkReply::NetworkError code, bool timedOut = false, const QString &text = {}) {
              return networkError(code, text, timedOut, QStringLiteral("Listing"),
                                  QStringLiteral("h.example"));
          };
    QCOMPARE(e(QNetworkReply::HostNotFoundError).code, ErrorCode::Network);
    QVERIFY(e(QNetworkReply::HostNotFoundError).message.contains(QStringLiteral("DNS")));
    QVERIFY(e(QNetworkReply::ConnectionRefusedError).message.contains(QStringLiteral("refused")));
    QCOMPARE(e(QNetworkReply::OperationCanceledError, true).code, ErrorCode::Timeout);
    QCOMPARE(e(QNetworkReply::OperationCanceledError).code, ErrorCode::Cancelled);
    QCOMPARE(e(QNetworkReply::SslHandshakeFailedError).code, ErrorCode::Tls);
    QCOMPARE(
        e(QNetworkReply::UnknownNetworkError, false, QStringLiteral("SSL handshake failed")).code,
        ErrorCode::Tls);
    QVERIFY(e(QNetworkReply::ProxyAuthenticationRequiredError)
                .message.contains(QStringLiteral("proxy")));
    QCOMPARE(exitCodeFor(e(QNetworkReply::SslHandshakeFailedError).code), 5);
}

void TestSecodaClient::uploadRequestShape()
{
    const QString file = QFINDTESTDATA("../data/core/v12-manifest.json");
    UploadRequest r;
    r.integrationId = QStringLiteral("abc");
    r.manifestPath = file;
    r.style = UploadStyle::Combined;
    QVERIFY(!UploadArtifactsJob::validate(r).ok()); // combined needs both files
    QVERIFY(UploadArtifactsJob::validate(r).error().message.contains(
        QStringLiteral("run_results.json")));
    r.style = UploadStyle::Separate;
    QVERIFY_OK(UploadArtifactsJob::validate(r)); // separate sends either on its own
    r.manifestPath.reset();
    QVERIFY(!UploadArtifactsJob::validate(r).ok()); // but not none
    r.manifestPath = QStringLiteral("/nonexistent/manifest.json");
    QCOMPARE(UploadArtifactsJob::validate(r).error().code, ErrorCode::FileNotFound);
    r.manifestPath = file;
    r.integrationId = QStringLiteral("not an id!");
    QVERIFY(!UploadArtifactsJob::validate(r).ok());
}

void TestSecodaClient::deliveryRules()
{
    // What may say "not sent": only failures before any connection to the server.
    for (auto e : {QNetworkReply::ConnectionRefusedError, QNetworkReply::HostNotFoundError,
                   QNetworkReply::SslHandshakeFailedError, QNetworkReply::ProxyNotFoundError,
                   QNetworkReply::ProxyAuthenticationRequiredError}) {
        QVERIFY(neverReachedServer(e));
        QVERIFY(!mayHaveArrived(Error{ErrorCode::Network, {}, {}, {}, 0}, e));
    }
    const Error dropped{ErrorCode::Network, {}, {}, {}, 0};
    for (auto e : {QNetworkReply::RemoteHostClosedError, QNetworkReply::ContentReSendError,
                   QNetworkReply::TimeoutError, QNetworkReply::UnknownNetworkError}) {
        QVERIFY(!neverReachedServer(e));
        QVERIFY(mayHaveArrived(dropped, e));
    }
    // A transfer timeout or deadline (Qt reports OperationCanceledError) may have arrived; a
    // cancel by the user, an HTTP answer or a TLS failure are decided elsewhere.
    QVERIFY(mayHaveArrived(Error{ErrorCode::Timeout, {}, {}, {}, 0},
                           QNetworkReply::OperationCanceledError));
    QVERIFY(!mayHaveArrived(Error{ErrorCode::Cancelled, {}, {}, {}, 0},
                            QNetworkReply::OperationCanceledError));
    QVERIFY(!mayHaveArrived(Error{ErrorCode::ServerError, {}, {}, {}, 502},
                            QNetworkReply::UnknownServerError));
    QVERIFY(!mayHaveArrived(Error{ErrorCode::Tls, {}, {}, {}, 0},
                            QNetworkReply::SslHandshakeFailedError));
}

QTEST_GUILESS_MAIN(TestSecodaClient)
#include "TestSecodaClient.moc"
