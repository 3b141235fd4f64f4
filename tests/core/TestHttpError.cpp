// SPDX-License-Identifier: MIT
// How server replies become messages: the error-body summary (HTML by its title, JSON by its
// fields, never markup, never a credential, a few lines at most), the redirect, size, deadline
// and Retry-After errors, and the origin rule they rest on.
#include "Error.h"
#include "net/HttpError.h"
#include "net/Origin.h"

#include <QTest>

using namespace Dbtu;
using namespace std::chrono_literals;

class TestHttpError : public QObject
{
    Q_OBJECT

private slots:
    void summaries_data();
    void summaries();
    void summaryIsBounded();
    void summaryOfHugeBody();
    void detailKeepsTheBodyRedacted();
    void httpErrorUsesTheSummary();
    void knownStatuses_data();
    void knownStatuses();
    void notApiReplies();
    void origins_data();
    void origins();
    void redirectErrors();
    void sizeAndDeadlineErrors();
    void retryAfterNote();
};

void TestHttpError::summaries_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("summary");

    QTest::newRow("nginx 502 page")
        << QByteArray("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                      "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                      "</body>\r\n</html>\r\n")
        << QByteArray("text/html") << "502 Bad Gateway";
    QTest::newRow("page without a title: its heading")
        << QByteArray("<!DOCTYPE html><html><body><script>var x = '<b>';</script>"
                      "<h1>Service &amp; API unavailable</h1><p>Try later</p></body></html>")
        << QByteArray() << "Service & API unavailable";
    QTest::newRow("page with only text")
        << QByteArray("<html><body><div>Access denied by policy</div><div>Ref 1234</div>"
                      "<style>.x{color:red}</style></body></html>")
        << QByteArray("text/html; charset=utf-8") << "Access denied by policy / Ref 1234";
    QTest::newRow("numeric entities") << QByteArray("<title>Caf&#233; &#x263A; closed</title>")
                                      << QByteArray("text/html") << "Café ☺ closed";
    QTest::newRow("json detail") << QByteArray(R"({"detail": "Authentication credentials were )"
                                               R"(not provided."})")
                                 << QByteArray("application/json")
                                 << "Authentication credentials were not provided.";
    QTest::newRow("json error beats message")
        << QByteArray(R"({"message": "second", "error": "first"})") << QByteArray() << "first";
    QTest::newRow("json nested error object")
        << QByteArray(R"({"error": {"code": 7, "message": "quota exceeded"}})") << QByteArray()
        << "quota exceeded";
    QTest::newRow("json list of errors")
        << QByteArray(R"({"errors": [{"message": "a"}, {"message": "b"}, "c", "d"]})")
        << QByteArray() << "a; b; c";
    QTest::newRow("django form error names its field")
        << QByteArray(R"({"manifest_file": ["This field is required."]})") << QByteArray()
        << "manifest_file: This field is required.";
    QTest::newRow("json of another shape, compact")
        << QByteArray("{\n  \"ok\": false\n}") << QByteArray() << R"({"ok":false})";
    QTest::newRow("S3 XML error") << QByteArray(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
        "<Message>Access Denied</Message><RequestId>X</RequestId></Error>")
                                  << QByteArray("application/xml") << "AccessDenied: Access Denied";
    QTest::newRow("plain text, first lines")
        << QByteArray("\n\nupstream connect error\nreset reason: overflow\nthird\nfourth\n")
        << QByteArray("text/plain") << "upstream connect error / reset reason: overflow / third";
    QTest::newRow("empty") << QByteArray(" \r\n ") << QByteArray() << "";
    QTest::newRow("control characters")
        << QByteArray("bad\x01\x02 thing\x1b[31m red") << QByteArray() << "bad thing [31m red";
    QTest::newRow("a key in the body is masked")
        << QByteArray(R"({"detail": "Bearer sk-live-123456 is not valid"})") << QByteArray()
        << "Bearer <redacted> is not valid";
    QTest::newRow("unclosed tags")
        << QByteArray("<html><body><p>Oops<br") << QByteArray("text/html") << "Oops";
}

void TestHttpError::summaries()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, summary);
    QCOMPARE(summarizeBody(body, contentType), summary);
}

void TestHttpError::summaryIsBounded()
{
    QByteArray page = "<html><head><title>";
    page += QByteArray(5000, 'T');
    page += "</title></head></html>";
    const QString s = summarizeBody(page, "text/html", 120);
    QCOMPARE(s.size(), 120);
    QVERIFY(s.endsWith(QStringLiteral("…")));
    QVERIFY(!summarizeBody(QByteArray(100000, '\n') + "x").contains(QLatin1Char('\n')));
}

void TestHttpError::summaryOfHugeBody()
{
    // Only the first 64 KiB is looked at: a title after that is not found, and no time is spent.
    QByteArray page = "<html><body>" + QByteArray(200 * 1024, ' ') + "<title>late</title>";
    QVERIFY(!summarizeBody(page, "text/html").contains(QStringLiteral("late")));
}

void TestHttpError::detailKeepsTheBodyRedacted()
{
    const QByteArray page = "<html><head><title>Login</title></head><body>\n"
                            "<form action=\"/sso?X-Amz-Signature=abcdef0123\">\n"
                            "Authorization: Bearer sk-secret-999\n</form></body></html>";
    const Error e = httpError(500, page, QStringLiteral("Uploading"), QStringLiteral("h.example"),
                              "text/html");
    QVERIFY2(e.detail.contains(QStringLiteral("<form")), qPrintable(e.detail)); // the whole page
    QVERIFY(e.detail.contains(QLatin1Char('\n')));
    QVERIFY(!e.detail.contains(QStringLiteral("sk-secret-999")));
    QVERIFY(!e.detail.contains(QStringLiteral("abcdef0123")));
}

void TestHttpError::httpErrorUsesTheSummary()
{
    const QByteArray page = "<!DOCTYPE html><html><head><title>503 Service Temporarily "
                            "Unavailable</title><script>alert(1)</script></head><body>"
                            "<h1>503</h1></body></html>";
    const Error e = httpError(503, page, QStringLiteral("Uploading the artifacts"),
                              QStringLiteral("h.example"), "text/html");
    QCOMPARE(e.code, ErrorCode::ServerError);
    QVERIFY2(e.message.contains(QStringLiteral("503 Service Temporarily Unavailable")),
             qPrintable(e.message));
    QVERIFY2(!e.message.contains(QLatin1Char('<')), qPrintable(e.message));
    QVERIFY(!e.message.contains(QStringLiteral("alert")));
}

void TestHttpError::knownStatuses_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("hintWord");
    QTest::newRow("400") << 400 << ErrorCode::InvalidInput << QStringLiteral("did not accept");
    QTest::newRow("401") << 401 << ErrorCode::Unauthorized << QStringLiteral("new API key");
    QTest::newRow("403") << 403 << ErrorCode::Forbidden << QStringLiteral("admin or editor");
    QTest::newRow("404") << 404 << ErrorCode::NotFound << QStringLiteral("integration ID");
    QTest::newRow("413") << 413 << ErrorCode::InvalidInput << QStringLiteral("client_max_body");
    QTest::newRow("429") << 429 << ErrorCode::RateLimited << QStringLiteral("wait a minute");
    QTest::newRow("418") << 418 << ErrorCode::ServerError << QStringLiteral("Check the API URL");
}

void TestHttpError::knownStatuses()
{
    QFETCH(int, status);
    QFETCH(ErrorCode, code);
    QFETCH(QString, hintWord);
    // The request's name and the server's words hold placeholders: they stay as they are.
    const QString what = QStringLiteral("Uploading 100%2 done.json");
    const Error e = httpError(status, R"({"detail": "field %1 is wrong"})", what,
                              QStringLiteral("h.example"), "application/json");
    QCOMPARE(e.code, code);
    QCOMPARE(e.httpStatus, status);
    QVERIFY2(e.message.startsWith(what + QLatin1Char(':')), qPrintable(e.message));
    QVERIFY2(e.message.contains(QStringLiteral("(%1)").arg(status))
                 || e.message.contains(QStringLiteral("HTTP %1").arg(status)),
             qPrintable(e.message));
    QVERIFY2(!e.message.contains(QStringLiteral("%3")), qPrintable(e.message));
    QVERIFY2(e.hint.contains(hintWord), qPrintable(e.hint));
    if (status == 400 || status == 403 || status == 429) {
        QVERIFY2(e.message.contains(QStringLiteral("field %1 is wrong")), qPrintable(e.message));
    }
    if (status == 401 || status == 404 || status == 429) {
        QVERIFY2(e.message.contains(QStringLiteral("h.example")), qPrintable(e.message));
    }
}

void TestHttpError::notApiReplies()
{
    const QByteArray login = "<html><head><title>Sign in - Corp SSO</title></head><body>"
                             "<form method=post><input name=password></form></body></html>";
    const Error page
        = notApiReply(QStringLiteral("Listing integrations"), QStringLiteral("h.example"), login);
    QCOMPARE(page.code, ErrorCode::ServerError);
    QCOMPARE(exitCodeFor(page.code), 6);
    QVERIFY2(page.message.contains(QStringLiteral("web page")), qPrintable(page.message));
    QVERIFY(page.message.contains(QStringLiteral("Sign in - Corp SSO")));
    QVERIFY(page.message.contains(QStringLiteral("h.example")));
    QVERIFY(page.hint.contains(QStringLiteral("login page")));
    QVERIFY(!page.message.contains(QLatin1Char('<')));

    const Error broken
        = notApiReply(QStringLiteral("Reading"), QStringLiteral("h.example"), R"({"id": )");
    QVERIFY2(broken.message.contains(QStringLiteral("did not answer like Secoda's API")),
             qPrintable(broken.message));
    QVERIFY(notApiReply(QStringLiteral("Reading"), QStringLiteral("h"), QByteArray())
                .message.contains(QStringLiteral("empty")));
}

void TestHttpError::origins_data()
{
    QTest::addColumn<QUrl>("a");
    QTest::addColumn<QUrl>("b");
    QTest::addColumn<bool>("same");
    QTest::newRow("same") << QUrl("https://h.example/a") << QUrl("https://h.example/b?x") << true;
    QTest::newRow("default port spelt out")
        << QUrl("https://h.example/a") << QUrl("https://h.example:443/b") << true;
    QTest::newRow("host case") << QUrl("http://H.Example:80/") << QUrl("http://h.example/") << true;
    QTest::newRow("other host") << QUrl("https://h.example/") << QUrl("https://evil.example/")
                                << false;
    QTest::newRow("other port") << QUrl("http://127.0.0.1:8000/") << QUrl("http://127.0.0.1:8001/")
                                << false;
    QTest::newRow("downgrade") << QUrl("https://h.example/") << QUrl("http://h.example/") << false;
    QTest::newRow("https on port 80 is not http")
        << QUrl("http://h.example:80/") << QUrl("https://h.example:80/") << false;
    QTest::newRow("second loopback address")
        << QUrl("http://127.0.0.1:9000/") << QUrl("http://127.0.0.2:9000/") << false;
}

void TestHttpError::origins()
{
    QFETCH(QUrl, a);
    QFETCH(QUrl, b);
    QFETCH(bool, same);
    QCOMPARE(sameOrigin(a, b), same);
    QCOMPARE(sameOrigin(b, a), same);
}

void TestHttpError::redirectErrors()
{
    const QUrl from(QStringLiteral("https://api.secoda.co/api/v1/integration/integrations/"));
    const Error other = redirectError(
        302, from,
        QUrl(QStringLiteral("https://collector.example:8443/steal?X-Amz-Signature=s3cr")),
        QStringLiteral("GET"), QStringLiteral("Listing integrations"), false);
    QCOMPARE(other.code, ErrorCode::ServerError);
    QCOMPARE(exitCodeFor(other.code), 6);
    QVERIFY2(other.message.contains(QStringLiteral("https://collector.example:8443")),
             qPrintable(other.message));
    QVERIFY(other.message.contains(QStringLiteral("not followed")));
    QVERIFY(other.hint.contains(QStringLiteral("base URL")));
    QVERIFY(!other.detail.contains(QStringLiteral("s3cr")));

    const Error down = redirectError(301, from, QUrl(QStringLiteral("http://api.secoda.co/x")),
                                     QStringLiteral("GET"), QStringLiteral("Listing"), false);
    QVERIFY2(down.message.contains(QStringLiteral("unencrypted")), qPrintable(down.message));

    const Error post = redirectError(307, from, QUrl(QStringLiteral("https://api.secoda.co/y/")),
                                     QStringLiteral("POST"), QStringLiteral("Uploading"), false);
    QVERIFY2(post.message.contains(QStringLiteral("POST")), qPrintable(post.message));
    QVERIFY(post.message.contains(QStringLiteral("not sent again")));

    const Error loop
        = redirectError(302, from, from, QStringLiteral("GET"), QStringLiteral("Listing"), true);
    QVERIFY(loop.message.contains(QStringLiteral("too many")));
}

void TestHttpError::sizeAndDeadlineErrors()
{
    const Error big
        = replyTooLarge(8 * 1024 * 1024, QStringLiteral("Listing"), QStringLiteral("h.example"));
    QCOMPARE(exitCodeFor(big.code), 6);
    QVERIFY2(big.message.contains(QStringLiteral("8.4 MB")), qPrintable(big.message));
    const Error late = deadlineError(20s, QStringLiteral("Uploading"), QStringLiteral("h.example"));
    QCOMPARE(late.code, ErrorCode::Timeout);
    QCOMPARE(exitCodeFor(late.code), 5);
    QVERIFY2(late.message.contains(QStringLiteral("20 s")), qPrintable(late.message));
    QVERIFY(late.hint.contains(QStringLiteral("--timeout")));
}

void TestHttpError::retryAfterNote()
{
    const Error e = withRetryAfter(
        httpError(429, {}, QStringLiteral("Uploading"), QStringLiteral("h.example")), 999999s, 60s);
    QCOMPARE(e.code, ErrorCode::RateLimited);
    QVERIFY2(e.message.contains(QStringLiteral("999999 s")), qPrintable(e.message));
    QVERIFY(e.message.contains(QStringLiteral("60 s")));
    QVERIFY2(e.hint.startsWith(QStringLiteral("Try again after")), qPrintable(e.hint));
}

QTEST_GUILESS_MAIN(TestHttpError)
#include "TestHttpError.moc"
