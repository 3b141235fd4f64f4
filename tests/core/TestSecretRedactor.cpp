// SPDX-License-Identifier: MIT
// Secret never prints, compares, copies deeply and wipes; Redactor masks every credential pattern
// of STYLE B5 in URLs, headers, connection strings and free text, and leaves the rest alone.
#include "net/Redactor.h"
#include "secrets/Secret.h"

#include <QTest>

#include <type_traits>
#include <utility>

using namespace Dbtu;

static_assert(!std::is_convertible_v<QByteArray, Secret>, "construction must be explicit");
static_assert(!std::is_convertible_v<QString, Secret>, "construction must be explicit");
static_assert(!std::is_convertible_v<Secret, QByteArray>, "no conversion back");
static_assert(!std::is_convertible_v<Secret, QString>, "no conversion back");

class TestSecretRedactor : public QObject
{
    Q_OBJECT

private slots:
    void secretNeverPrints();
    void secretValueSemantics();
    void redactsUrls_data();
    void redactsUrls();
    void redactsHeaders();
    void redactsConnectionStrings();
    void redactsText();
};

void TestSecretRedactor::secretNeverPrints()
{
    const Secret s(QStringLiteral("hunter2"));
    QString printed;
    QDebug(&printed) << s;
    QCOMPARE(printed.trimmed(), QStringLiteral("<redacted>"));
    QVERIFY(!printed.contains(QLatin1String("hunter2")));
    printed.clear();
    QDebug(&printed) << Secret();
    QCOMPARE(printed.trimmed(), QStringLiteral("<empty>"));
}

void TestSecretRedactor::secretValueSemantics()
{
    const QByteArray source("s3cr3t");
    Secret a(source);
    QCOMPARE(a.reveal(), QByteArrayView("s3cr3t"));
    QVERIFY(a.reveal().data() != source.constData()); // a private copy, not a shared buffer
    Secret b(a);
    QVERIFY(a == b);
    QVERIFY(b.reveal().data() != a.reveal().data());
    b.clear();
    QVERIFY(b.isEmpty());
    QCOMPARE(a.reveal(), QByteArrayView("s3cr3t")); // clearing a copy leaves the original
    QCOMPARE(source, QByteArray("s3cr3t"));         // and the caller's source
    Secret c(std::move(a));
    QVERIFY(a.isEmpty()); // NOLINT(bugprone-use-after-move): moved-from is empty by contract
    QCOMPARE(c.reveal(), QByteArrayView("s3cr3t"));
    c = Secret(QStringLiteral("other"));
    QCOMPARE(c.reveal(), QByteArrayView("other"));
    QVERIFY(!(c == Secret(QStringLiteral("othe"))));
    QCOMPARE(Secret(QStringLiteral("é")).reveal(), QByteArrayView("\xc3\xa9"));
}

void TestSecretRedactor::redactsUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");
    QTest::newRow("presigned S3")
        << "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F"
           "20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires="
           "86400"
           "&X-Amz-SignedHeaders=host&X-Amz-Security-Token=tok%2Ben&X-Amz-Signature=abcdef"
        << "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
           "<redacted>&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
           "&X-Amz-Security-Token=<redacted>&X-Amz-Signature=<redacted>";
    QTest::newRow("Azure SAS, sig first")
        << "https://a.blob.core.windows.net/c/b?sig=abc%2Bdef%3D&sv=2021-08-06&sp=r"
        << "https://a.blob.core.windows.net/c/b?sig=<redacted>&sv=2021-08-06&sp=r";
    QTest::newRow("password in user info") << "https://user:pa55@host.example/p?signature=keep"
                                           << "https://user@host.example/p?signature=keep";
    QTest::newRow("nothing secret") << "https://host.example/a%20b?prefix=J&max-keys=2"
                                    << "https://host.example/a%20b?prefix=J&max-keys=2";
}

void TestSecretRedactor::redactsUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    QCOMPARE(Redactor::url(QUrl(url)), expected);
}

void TestSecretRedactor::redactsHeaders()
{
    QVERIFY(Redactor::isSecretHeader("Authorization"));
    QVERIFY(Redactor::isSecretHeader("x-amz-security-token"));
    QVERIFY(!Redactor::isSecretHeader("x-amz-date"));
    QCOMPARE(Redactor::headerValue("authorization", "AWS4-HMAC-SHA256 Credential=AKID/..."),
             QByteArray("<redacted>"));
    QCOMPARE(Redactor::headerValue("X-Amz-Security-Token", "FQoG"), QByteArray("<redacted>"));
    QCOMPARE(Redactor::headerValue("x-ms-copy-source", "https://a.example/b?sv=1&sig=zzz"),
             QByteArray("https://a.example/b?sv=1&sig=<redacted>"));
    QCOMPARE(Redactor::headerValue("Content-Type", "text/plain"), QByteArray("text/plain"));
}

void TestSecretRedactor::redactsConnectionStrings()
{
    QCOMPARE(Redactor::connectionString(
                 QStringLiteral("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=ab+/cd==;"
                                "EndpointSuffix=core.windows.net")),
             QStringLiteral("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=<redacted>;"
                            "EndpointSuffix=core.windows.net"));
    QCOMPARE(Redactor::connectionString(
                 QStringLiteral("BlobEndpoint=https://a.example;SharedAccessSignature=sv=1&sig=x")),
             QStringLiteral("BlobEndpoint=https://a.example;SharedAccessSignature=<redacted>"));
    // Found by fuzz_azure_connection_string: the parser trims names and values, so white space
    // around '=' (or in the value) used to leave the key in an error's detail.
    QCOMPARE(Redactor::connectionString(
                 QStringLiteral("AccountName = a ; AccountKey = c2VjcmV0 MTIz ;x=1;"
                                " sharedaccesssignature\t= sv=1&sig=\"ab cd\"")),
             QStringLiteral("AccountName = a ; AccountKey =<redacted>;x=1; sharedaccesssignature\t="
                            "<redacted>"));
}

void TestSecretRedactor::redactsText()
{
    const QString text = QStringLiteral(
        "PUT failed\nAuthorization: AWS4-HMAC-SHA256 Credential=AKID/x, Signature=ff\n"
        "x-amz-security-token:FQoGZXIvYXdzE\nSignedHeaders=host;x-amz-security-token\n"
        "X-Amz-Signature=00ff&X-Amz-Date=1\nconn: AccountName=a;AccountKey=Zm9v;\n"
        "see https://a.example/c?sv=1&sig=abc for details");
    const QString out = Redactor::text(text);
    for (const char *secret : {"AKID", "Signature=ff", "FQoGZXIvYXdzE", "00ff", "Zm9v", "abc"}) {
        QVERIFY2(!out.contains(QLatin1String(secret)), secret);
    }
    QVERIFY(out.contains(QLatin1String("Authorization: <redacted>\n")));
    QVERIFY(out.contains(QLatin1String("x-amz-security-token:<redacted>\n")));
    QVERIFY(out.contains(QLatin1String("SignedHeaders=host;x-amz-security-token\n")));
    QVERIFY(out.contains(QLatin1String("X-Amz-Date=1")));
    QVERIFY(out.contains(QLatin1String("sig=<redacted> for details")));

    // A URL's password and a bare bearer token, in free text; a port is no password.
    const QString more = Redactor::text(
        QStringLiteral("proxy http://joe:s3cr%2Ft@proxy.example:3128/ said Bearer tok.en-42=, "
                       "then http://127.0.0.1:8080/a@b"));
    QVERIFY2(!more.contains(QLatin1String("s3cr")) && !more.contains(QLatin1String("tok.en")),
             qPrintable(more));
    QVERIFY2(more.contains(QLatin1String("http://joe:<redacted>@proxy.example:3128/")),
             qPrintable(more));
    QVERIFY(more.contains(QLatin1String("said Bearer <redacted>, ")));
    QVERIFY(more.contains(QLatin1String("http://127.0.0.1:8080/a@b")));

    // S3's error body for a refused session token repeats it.
    const QString body = Redactor::text(QStringLiteral(
        "<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message>"
        "<Token-0>IQoJb3JpZ2luX2VjEH0aCXVz/Lw+x==</Token-0><RequestId>R1</RequestId></Error>"));
    QVERIFY2(!body.contains(QLatin1String("IQoJb3JpZ2lu")), qPrintable(body));
    QVERIFY2(body.contains(QLatin1String("<Token-0><redacted></Token-0><RequestId>R1")),
             qPrintable(body));

    // SignatureDoesNotMatch repeats the access key ID and the signature it got.
    const QString mismatch = Redactor::text(QStringLiteral(
        "<Error><Code>SignatureDoesNotMatch</Code><AWSAccessKeyId>AKIAREDACTME00000001"
        "</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256</StringToSign><SignatureProvided>"
        "0f1e2d3c4b5a</SignatureProvided></Error>"));
    QVERIFY2(!mismatch.contains(QLatin1String("AKIAREDACTME")), qPrintable(mismatch));
    QVERIFY2(!mismatch.contains(QLatin1String("0f1e2d3c4b5a")), qPrintable(mismatch));
    QVERIFY(mismatch.contains(QLatin1String("<StringToSign>AWS4-HMAC-SHA256</StringToSign>")));
}

QTEST_GUILESS_MAIN(TestSecretRedactor)
#include "TestSecretRedactor.moc"
