// SPDX-License-Identifier: MIT
// ProxyConfig: proxy URLs (credentials, ports, schemes), no_proxy entries, the environment's
// precedence (lower case first, all_proxy as the fallback), and messages that never hold the
// password.
#include "net/ProxyConfig.h"

#include <QTest>

using Dbtu::ProxyConfig;

class TestProxyConfig : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void proxyUrls();
    void invalidProxyUrls_data();
    void invalidProxyUrls();
    void noProxy_data();
    void noProxy();
    void environment();
    void direct();
    void failures();
};

void TestProxyConfig::cleanup()
{
    for (const char *name : {"http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY",
                             "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"}) {
        qunsetenv(name);
    }
}

void TestProxyConfig::proxyUrls()
{
    auto p = ProxyConfig::parseProxyUrl(QStringLiteral("http://us%40er:p%3Aw%2Fd@proxy.corp:3128"),
                                        QStringLiteral("https_proxy"));
    QVERIFY(p);
    QCOMPARE(p.value().type(), QNetworkProxy::HttpProxy);
    QCOMPARE(p.value().hostName(), QStringLiteral("proxy.corp"));
    QCOMPARE(p.value().port(), quint16(3128));
    QCOMPARE(p.value().user(), QStringLiteral("us@er"));
    QCOMPARE(p.value().password(), QStringLiteral("p:w/d"));

    p = ProxyConfig::parseProxyUrl(QStringLiteral("proxy.corp:8080"), QStringLiteral("x"));
    QVERIFY(p);
    QCOMPARE(p.value().type(), QNetworkProxy::HttpProxy);
    QCOMPARE(p.value().port(), quint16(8080));
    QVERIFY(p.value().user().isEmpty());

    p = ProxyConfig::parseProxyUrl(QStringLiteral("http://proxy.corp/"), QStringLiteral("x"));
    QVERIFY(p);
    QCOMPARE(p.value().port(), quint16(1080)); // curl's default

    p = ProxyConfig::parseProxyUrl(QStringLiteral("socks5h://10.0.0.1:1081"), QStringLiteral("x"));
    QVERIFY(p);
    QCOMPARE(p.value().type(), QNetworkProxy::Socks5Proxy);
}

void TestProxyConfig::invalidProxyUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("why");
    QTest::newRow("https proxy") << "https://u:secretpw@proxy:443"
                                 << "over https is not supported";
    QTest::newRow("ftp") << "ftp://u:secretpw@proxy:21"
                         << "the scheme ftp is not http or socks5";
    QTest::newRow("path") << "http://u:secretpw@proxy:3128/pac"
                          << "a proxy URL has no path";
    QTest::newRow("no host") << "http://u:secretpw@:3128"
                             << "not a URL with a host";
}

void TestProxyConfig::invalidProxyUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, why);
    const auto p = ProxyConfig::parseProxyUrl(url, QStringLiteral("https_proxy"));
    QVERIFY(!p);
    QCOMPARE(p.error().code, Dbtu::ErrorCode::InvalidInput);
    QVERIFY2(p.error().message.startsWith(QStringLiteral("https_proxy is not a proxy")),
             qPrintable(p.error().message));
    QVERIFY2(p.error().message.contains(why), qPrintable(p.error().message));
    QVERIFY2(!p.error().message.contains(QStringLiteral("secretpw")),
             qPrintable(p.error().message));
    QVERIFY(p.error().message.contains(QStringLiteral("***@")));
}

void TestProxyConfig::noProxy_data()
{
    QTest::addColumn<QString>("noProxy");
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("direct");
    QTest::newRow("domain") << "corp.example"
                            << "https://api.corp.example/x" << true;
    QTest::newRow("domain itself") << "corp.example"
                                   << "https://corp.example/" << true;
    QTest::newRow("leading dot") << ".corp.example"
                                 << "https://a.b.corp.example/" << true;
    QTest::newRow("wildcard dot") << "*.corp.example"
                                  << "https://a.corp.example/" << true;
    QTest::newRow("not a suffix") << "corp.example"
                                  << "https://evilcorp.example/" << false;
    QTest::newRow("case") << "Corp.Example"
                          << "https://API.corp.example/" << true;
    QTest::newRow("address") << "10.1.2.3"
                             << "http://10.1.2.3:8080/" << true;
    QTest::newRow("other address") << "10.1.2.3"
                                   << "http://10.1.2.4/" << false;
    QTest::newRow("subnet") << "10.0.0.0/8"
                            << "https://10.200.1.1/" << true;
    QTest::newRow("port matches") << "host.example:8443"
                                  << "https://host.example:8443/" << true;
    QTest::newRow("port differs") << "host.example:8443"
                                  << "https://host.example/" << false;
    QTest::newRow("default port") << "host.example:443"
                                  << "https://host.example/" << true;
    QTest::newRow("ipv6") << "[::1]:9000"
                          << "http://[::1]:9000/" << true;
    QTest::newRow("list") << "a.example, b.example  c.example"
                          << "https://c.example/" << true;
    QTest::newRow("star") << "*"
                          << "https://anything.example/" << true;
    QTest::newRow("empty") << ""
                           << "https://anything.example/" << false;
}

void TestProxyConfig::noProxy()
{
    QFETCH(QString, noProxy);
    QFETCH(QString, url);
    QFETCH(bool, direct);
    const ProxyConfig config = ProxyConfig::manual(
        QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("proxy"), 3128), noProxy);
    QCOMPARE(config.bypasses(QUrl(url)), direct);
    QCOMPARE(config.proxyFor(QUrl(url)).type(),
             direct ? QNetworkProxy::NoProxy : QNetworkProxy::HttpProxy);
}

void TestProxyConfig::environment()
{
    qputenv("HTTPS_PROXY", "http://upper:3128");
    qputenv("https_proxy", "http://lower:3128");
    qputenv("ALL_PROXY", "http://all:3128");
    qputenv("no_proxy", "direct.example");
    auto config = ProxyConfig::fromEnvironment();
    QVERIFY(config);
    QVERIFY(config.value().fromVariables());
    QCOMPARE(config.value().proxyFor(QUrl(QStringLiteral("https://x.example/"))).hostName(),
             QStringLiteral("lower"));
    // http has no variable of its own: all_proxy applies.
    QCOMPARE(config.value().proxyFor(QUrl(QStringLiteral("http://x.example/"))).hostName(),
             QStringLiteral("all"));
    QCOMPARE(config.value().proxyFor(QUrl(QStringLiteral("https://direct.example/"))).type(),
             QNetworkProxy::NoProxy);

    cleanup();
    qputenv("http_proxy", "http://only-http:3128");
    config = ProxyConfig::fromEnvironment();
    QVERIFY(config);
    QCOMPARE(config.value().proxyFor(QUrl(QStringLiteral("https://x.example/"))).type(),
             QNetworkProxy::NoProxy); // as curl: http_proxy is for http only

    cleanup();
    config = ProxyConfig::fromEnvironment();
    QVERIFY(config);
    QVERIFY(!config.value().fromVariables());
    // Nothing in the environment: the desktop's settings decide.
    QCOMPARE(config.value().proxyFor(QUrl(QStringLiteral("https://x.example/"))).type(),
             QNetworkProxy::DefaultProxy);

    qputenv("https_proxy", "gopher://u:pw-env@proxy:70");
    config = ProxyConfig::fromEnvironment();
    QVERIFY(!config);
    QVERIFY(config.error().message.startsWith(QStringLiteral("https_proxy ")));
    QVERIFY(!config.error().message.contains(QStringLiteral("pw-env")));
}

void TestProxyConfig::direct()
{
    qputenv("https_proxy", "http://proxy:3128");
    QCOMPARE(ProxyConfig::direct().proxyFor(QUrl(QStringLiteral("https://x.example/"))).type(),
             QNetworkProxy::NoProxy);
    ProxyConfig config = ProxyConfig::manual(
        QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("proxy"), 3128));
    config.addDirect(QUrl(QStringLiteral("http://127.0.0.1:4321/api/v1")));
    QCOMPARE(config.proxyFor(QUrl(QStringLiteral("http://127.0.0.1:4321/x"))).type(),
             QNetworkProxy::NoProxy);
    QCOMPARE(config.proxyFor(QUrl(QStringLiteral("http://127.0.0.1:4322/x"))).type(),
             QNetworkProxy::HttpProxy);
}

void TestProxyConfig::failures()
{
    const Dbtu::Error auth
        = ProxyConfig::failure(QNetworkReply::ProxyAuthenticationRequiredError, {},
                               QStringLiteral("proxy.corp:3128"), QStringLiteral("Uploading"));
    QCOMPARE(auth.code, Dbtu::ErrorCode::Network);
    QCOMPARE(auth.message, QStringLiteral("Uploading: the proxy proxy.corp:3128 refused the "
                                          "sign-in (HTTP 407 Proxy Authentication Required)."));
    QVERIFY(auth.hint.contains(QStringLiteral("user and password")));
    // Qt reports a refused proxy connection as the server's, or as an unknown error.
    for (const auto code :
         {QNetworkReply::ConnectionRefusedError, QNetworkReply::ProxyConnectionRefusedError}) {
        QVERIFY(ProxyConfig::isProxyFailure(code));
        QCOMPARE(ProxyConfig::failure(code, {}, QStringLiteral("p:1"), QStringLiteral("X")).message,
                 QStringLiteral("X: the proxy p:1 refused the connection."));
    }
    QCOMPARE(ProxyConfig::failure(QNetworkReply::UnknownNetworkError,
                                  QStringLiteral("Proxy connection refused"), QStringLiteral("p:1"),
                                  QStringLiteral("X"))
                 .message,
             QStringLiteral("X: the proxy p:1 refused the connection."));
    QCOMPARE(ProxyConfig::failure(QNetworkReply::ProxyTimeoutError, {}, QStringLiteral("p:1"),
                                  QStringLiteral("X"))
                 .code,
             Dbtu::ErrorCode::Timeout);
    QVERIFY(!ProxyConfig::isProxyFailure(QNetworkReply::SslHandshakeFailedError));
}

QTEST_GUILESS_MAIN(TestProxyConfig)
#include "TestProxyConfig.moc"
