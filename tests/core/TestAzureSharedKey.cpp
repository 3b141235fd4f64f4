// SPDX-License-Identifier: MIT
// AzureConnectionString: every documented form and every error. AzureSharedKeySigner: the
// string-to-sign and signature of two known requests, one with the emulator's path-style resource.
#include "TestHelpers.h"
#include "bucket/AzureConnectionString.h"
#include "bucket/AzureSharedKeySigner.h"

#include <QTest>

using namespace Dbtu;

namespace {

const QString kKey = QString(AzureConnectionString::kDevKey);

QDateTime signingTime()
{
    return QDateTime(QDate(2026, 11, 27), QTime(10, 0), Qt::UTC);
}

} // namespace

class TestAzureSharedKey : public QObject
{
    Q_OBJECT

private slots:
    void parsesForms_data();
    void parsesForms();
    void rejects_data();
    void rejects();
    void errorDetailIsRedacted();
    void signsBlobPut();
    void signsEmulatorListPathStyle();
    void rejectsBadKeyWhenSigning();
};

void TestAzureSharedKey::parsesForms_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("account");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<bool>("sas");
    QTest::addColumn<bool>("pathStyle");
    QTest::addColumn<bool>("dev");

    QTest::newRow("account key, default endpoints")
        << QStringLiteral("DefaultEndpointsProtocol=https;AccountName=myacct;AccountKey=%1;"
                          "EndpointSuffix=core.windows.net")
               .arg(kKey)
        << "myacct"
        << "https://myacct.blob.core.windows.net" << false << false << false;
    QTest::newRow("account key, sovereign suffix, http, trailing ;, key case")
        << QStringLiteral("defaultendpointsprotocol=http;accountname=myacct;ACCOUNTKEY=%1;"
                          "EndpointSuffix=core.chinacloudapi.cn;")
               .arg(kKey)
        << "myacct"
        << "http://myacct.blob.core.chinacloudapi.cn" << false << false << false;
    QTest::newRow("account key, no protocol nor suffix")
        << QStringLiteral("AccountName=myacct;AccountKey=%1").arg(kKey) << "myacct"
        << "https://myacct.blob.core.windows.net" << false << false << false;
    QTest::newRow("explicit BlobEndpoint")
        << QStringLiteral(
               "AccountName=myacct;AccountKey=%1;BlobEndpoint=https://blobs.example.com/")
               .arg(kKey)
        << "myacct"
        << "https://blobs.example.com" << false << false << false;
    QTest::newRow("explicit BlobEndpoint on Azurite, path-style")
        << QStringLiteral("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                          "AccountKey=%1;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")
               .arg(kKey)
        << "devstoreaccount1"
        << "http://127.0.0.1:10000/devstoreaccount1" << false << true << false;
    QTest::newRow("SAS with BlobEndpoint")
        << QStringLiteral("BlobEndpoint=https://myacct.blob.core.windows.net;"
                          "SharedAccessSignature=sv=2021-08-06&ss=b&srt=co&sp=rwl&se=2027-01-01&"
                          "sig=abc%2Bdef%3D")
        << ""
        << "https://myacct.blob.core.windows.net" << true << false << false;
    QTest::newRow("SAS with leading ? and AccountName")
        << QStringLiteral("AccountName=myacct;SharedAccessSignature=?sv=2021-08-06&sig=x")
        << "myacct"
        << "https://myacct.blob.core.windows.net" << true << false << false;
    QTest::newRow("SAS on localhost, account from the path")
        << QStringLiteral("BlobEndpoint=http://localhost:10000/devstoreaccount1;"
                          "SharedAccessSignature=sv=2021-08-06&sig=x")
        << "devstoreaccount1"
        << "http://localhost:10000/devstoreaccount1" << true << true << false;
    QTest::newRow("UseDevelopmentStorage")
        << QStringLiteral("UseDevelopmentStorage=true") << "devstoreaccount1"
        << "http://127.0.0.1:10000/devstoreaccount1" << false << true << true;
    QTest::newRow("UseDevelopmentStorage with proxy")
        << QStringLiteral(
               "UseDevelopmentStorage=TRUE;DevelopmentStorageProxyUri=http://ipv4.fiddler")
        << "devstoreaccount1"
        << "http://ipv4.fiddler:10000/devstoreaccount1" << false << true
        << true; // still the emulator's path-style URLs, through the proxy
}

void TestAzureSharedKey::parsesForms()
{
    QFETCH(QString, text);
    QFETCH(QString, account);
    QFETCH(QString, endpoint);
    QFETCH(bool, sas);
    QFETCH(bool, pathStyle);
    QFETCH(bool, dev);
    const auto parsed = AzureConnectionString::parse(text);
    QVERIFY_OK(parsed);
    const AzureConnectionString &c = parsed.value();
    QCOMPARE(c.accountName, account);
    QCOMPARE(c.blobEndpoint.toString(), endpoint);
    QCOMPARE(c.usesSas(), sas);
    QCOMPARE(c.accountKey.isEmpty(), sas);
    QCOMPARE(c.pathStyle, pathStyle);
    QCOMPARE(c.developmentStorage, dev);
    if (dev) {
        QVERIFY(c.accountKey == Secret(kKey));
    }
    if (sas) {
        QVERIFY(!c.sharedAccessSignature.reveal().startsWith('?'));
    }
}

void TestAzureSharedKey::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("named"); // what the message must name

    const QString key = kKey;
    QTest::newRow("empty") << QString() << "empty";
    QTest::newRow("only separators") << QStringLiteral(" ; ;") << "empty";
    QTest::newRow("part without =")
        << QStringLiteral("AccountName=myacct;AccountKey=%1;garbage").arg(key) << "garbage";
    QTest::newRow("duplicate key")
        << QStringLiteral("AccountName=a1b;AccountName=myacct;AccountKey=%1").arg(key)
        << "AccountName";
    QTest::newRow("no credential") << QStringLiteral("AccountName=myacct") << "AccountKey";
    QTest::newRow("key and SAS")
        << QStringLiteral("AccountName=myacct;AccountKey=%1;SharedAccessSignature=sig=x").arg(key)
        << "SharedAccessSignature";
    QTest::newRow("key without account")
        << QStringLiteral("AccountKey=%1").arg(key) << "AccountName";
    QTest::newRow("bad account name")
        << QStringLiteral("AccountName=My_Account;AccountKey=%1").arg(key) << "My_Account";
    QTest::newRow("key not base64")
        << QStringLiteral("AccountName=myacct;AccountKey=not*base64!") << "AccountKey";
    QTest::newRow("SAS without sig")
        << QStringLiteral("BlobEndpoint=https://x.example;SharedAccessSignature=sv=2021-08-06")
        << "sig=";
    QTest::newRow("SAS without endpoint or account")
        << QStringLiteral("SharedAccessSignature=sv=1&sig=x") << "BlobEndpoint";
    QTest::newRow("BlobEndpoint not http")
        << QStringLiteral("AccountName=myacct;AccountKey=%1;BlobEndpoint=ftp://x.example").arg(key)
        << "BlobEndpoint";
    QTest::newRow("bad protocol")
        << QStringLiteral("DefaultEndpointsProtocol=gopher;AccountName=myacct;AccountKey=%1")
               .arg(key)
        << "DefaultEndpointsProtocol";
    QTest::newRow("empty suffix")
        << QStringLiteral("AccountName=myacct;AccountKey=%1;EndpointSuffix=").arg(key)
        << "EndpointSuffix";
    QTest::newRow("dev storage false")
        << QStringLiteral("UseDevelopmentStorage=false") << "UseDevelopmentStorage";
    QTest::newRow("dev storage mixed")
        << QStringLiteral("UseDevelopmentStorage=true;AccountName=myacct") << "AccountName";
    QTest::newRow("dev storage bad proxy")
        << QStringLiteral("UseDevelopmentStorage=true;DevelopmentStorageProxyUri=::")
        << "DevelopmentStorageProxyUri";
    // Found by fuzz_azure_connection_string: the scheme went into the Blob endpoint unchecked.
    QTest::newRow("dev storage proxy not http") << QStringLiteral(
        "UseDevelopmentStorage=true;DevelopmentStorageProxyUri=h4tp://azurite.local")
                                                << "DevelopmentStorageProxyUri";
}

void TestAzureSharedKey::rejects()
{
    QFETCH(QString, text);
    QFETCH(QString, named);
    const auto parsed = AzureConnectionString::parse(text);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, ErrorCode::InvalidInput);
    QVERIFY2(parsed.error().message.contains(named), qPrintable(parsed.error().message));
    QVERIFY(!parsed.error().hint.isEmpty());
}

void TestAzureSharedKey::errorDetailIsRedacted()
{
    const auto parsed = AzureConnectionString::parse(
        QStringLiteral(
            "AccountName=Bad_Name;AccountKey=%1;SharedAccessSignature=sv=1&sig=SECRETSIG")
            .arg(kKey));
    QVERIFY(!parsed.ok());
    const QString all = parsed.error().message + parsed.error().hint + parsed.error().detail;
    QVERIFY(!all.contains(kKey));
    QVERIFY(!all.contains(QLatin1String("SECRETSIG")));
    QVERIFY(parsed.error().detail.contains(QLatin1String("AccountKey=<redacted>")));
}

// The expected figures were computed independently with Python's stdlib (hmac, hashlib, base64)
// from the documented 2015-02-21+ string-to-sign, keyed with the published emulator key:
//   sts = VERB + "\n" + 11 standard header values each + "\n" + sorted "x-ms-name:value\n" lines
//         + "/" + account + path + sorted "\nname:v1,v2" query lines
//   base64(hmac.new(base64.b64decode(key), sts.encode(), hashlib.sha256).digest())
void TestAzureSharedKey::signsBlobPut()
{
    const AzureSharedKeySigner signer(QStringLiteral("myaccount"), Secret(kKey));
    const AzureSharedKeySigner::Request request{
        "PUT",
        QUrl(QStringLiteral("https://myaccount.blob.core.windows.net/mycontainer/my%20blob.txt"
                            "?timeout=30")),
        {{"Content-Type", "text/plain; charset=utf-8"},
         {"Content-Length", "11"},
         {"x-ms-blob-type", "BlockBlob"},
         {"x-ms-meta-Note", "  a   b "},
         {"x-ms-date", "Fri, 27 Nov 2026 10:00:00 GMT"},
         {"x-ms-version", "2021-08-06"}}};
    const auto signature = signer.sign(request, signingTime());
    QVERIFY_OK(signature);
    QCOMPARE(signature.value().stringToSign,
             QByteArray("PUT\n\n\n11\n\ntext/plain; charset=utf-8\n\n\n\n\n\n\n"
                        "x-ms-blob-type:BlockBlob\nx-ms-date:Fri, 27 Nov 2026 10:00:00 GMT\n"
                        "x-ms-meta-note:a b\nx-ms-version:2021-08-06\n"
                        "/myaccount/mycontainer/my%20blob.txt\ntimeout:30"));
    QCOMPARE(signature.value().authorization,
             QByteArray("SharedKey myaccount:/YfBRMkNV+ZDyzwyNuShZ8ZLSWFMzlQGzm3M5lMu8l0="));
    QCOMPARE(signature.value().headersToSet.size(), 1); // date and version were given
}

void TestAzureSharedKey::signsEmulatorListPathStyle()
{
    const auto parsed = AzureConnectionString::parse(QStringLiteral("UseDevelopmentStorage=true"));
    QVERIFY_OK(parsed);
    const AzureConnectionString &c = parsed.value();
    const AzureSharedKeySigner signer(c.accountName, c.accountKey);
    QUrl url = c.blobEndpoint;
    url.setPath(url.path() + QStringLiteral("/mycontainer"));
    url.setQuery(QStringLiteral("restype=container&comp=list&include=snapshots&include=metadata"));
    // Content-Length 0 must sign as an empty line; x-ms-date and x-ms-version come from the signer.
    const auto signature = signer.sign({"GET", url, {{"Content-Length", "0"}}}, signingTime());
    QVERIFY_OK(signature);
    QCOMPARE(signature.value().canonicalizedResource,
             QByteArray("/devstoreaccount1/devstoreaccount1/mycontainer\ncomp:list\n"
                        "include:metadata,snapshots\nrestype:container"));
    QCOMPARE(signature.value().stringToSign,
             QByteArray("GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Fri, 27 Nov 2026 10:00:00 GMT\n"
                        "x-ms-version:2021-08-06\n")
                 + signature.value().canonicalizedResource);
    QCOMPARE(signature.value().authorization,
             QByteArray("SharedKey devstoreaccount1:aPsr+zbwijT6jKyiaYR7vBT68ti037hvKIfdIm1Mf00="));
    const HttpHeaders expectedHeaders{{"x-ms-date", "Fri, 27 Nov 2026 10:00:00 GMT"},
                                      {"x-ms-version", "2021-08-06"},
                                      {"Authorization", signature.value().authorization}};
    QCOMPARE(signature.value().headersToSet, expectedHeaders);
}

void TestAzureSharedKey::rejectsBadKeyWhenSigning()
{
    const AzureSharedKeySigner signer(QStringLiteral("myaccount"), Secret(QByteArray("***")));
    const auto signature = signer.sign(
        {"GET", QUrl(QStringLiteral("https://myaccount.blob.core.windows.net/c")), {}},
        signingTime());
    QVERIFY(!signature.ok());
    QVERIFY(signature.error().message.contains(QLatin1String("base64")));
}

QTEST_GUILESS_MAIN(TestAzureSharedKey)
#include "TestAzureSharedKey.moc"
