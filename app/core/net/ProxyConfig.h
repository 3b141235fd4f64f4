// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "Result.h"
#include "secrets/Secret.h"
#include "settings/ProxySettings.h"

#include <QHostAddress>
#include <QList>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QString>
#include <QUrl>

#include <optional>

namespace Dbtu {

/**
 * Which proxy each request goes through, as curl and most command-line tools decide it:
 * `https_proxy` for https URLs and `http_proxy` for http (lower case first, then upper case),
 * `all_proxy` for either when those are unset, and `no_proxy` for the hosts reached directly. A
 * proxy URL may hold credentials (`http://user:password@host:port`, percent-encoded); they go to
 * the proxy alone (Proxy-Authorization), never to the server, and never into a message. https
 * goes through the proxy with CONNECT, so the proxy never sees the request or its headers.
 *
 * Without any of those variables, the desktop's proxy settings as Qt reads them; a manual proxy
 * (the window's setting) replaces both.
 */
class ProxyConfig
{
public:
    /** One no_proxy entry: a domain (matches it and its subdomains), an address or a subnet. */
    struct Bypass
    {
        QString domain;                                 ///< lower case, no leading dot
        std::optional<QPair<QHostAddress, int>> subnet; ///< an address is a /32 or /128
        int port = 0;                                   ///< 0: any port
    };

    /** Reads the environment; an invalid proxy URL is an InvalidInput error naming the
     * variable (the password masked). */
    static Result<ProxyConfig> fromEnvironment();
    /** Parses one proxy URL ("host:port" means http://host:port); @p origin names it in
     * errors ("https_proxy"). */
    static Result<QNetworkProxy> parseProxyUrl(const QString &text, const QString &origin);
    /** Parses a no_proxy list ("*" bypasses every host). */
    static QList<Bypass> parseNoProxy(const QString &text, bool *everything);

    /**
     * The window's preference: Automatic is fromEnvironment(), None direct(), Manual a proxy at
     * host:port with @p password for its user (when one is set) and noProxy bypassed. An
     * invalid manual field is the InvalidInput error of ProxySettings::validate().
     */
    static Result<ProxyConfig> fromSettings(const ProxySettings &settings, const Secret &password);
    /** A manual proxy for every request (except the bypassed ones). */
    static ProxyConfig manual(const QNetworkProxy &proxy, const QString &noProxy = {});
    /** No proxy at all, whatever the environment or the desktop says. */
    static ProxyConfig direct();

    /** Requests to the host and port of @p url go directly (the window's own sandbox). */
    void addDirect(const QUrl &url);

    /** The proxy for a request to @p url: NoProxy when it goes directly. */
    QNetworkProxy proxyFor(const QUrl &url) const;
    /** Whether @p url is in no_proxy. */
    bool bypasses(const QUrl &url) const;
    /** Whether any proxy is set by the environment (else the desktop's settings apply). */
    bool fromVariables() const { return m_http || m_https; }

    /**
     * Makes this the proxy of every request of the process made through a NetworkManager
     * (and of Qt's own application-wide factory, which never proxies loopback). Unlike Qt's
     * default, and like curl, a loopback host goes through the proxy too unless no_proxy
     * names it.
     */
    void install() const;
    /** The configuration install() put in place; the environment's (read once) before that. */
    static const ProxyConfig &installed();
    /** A factory for one QNetworkAccessManager, following installed() (the manager owns it). */
    static QNetworkProxyFactory *newFactory();
    /** The proxy a request to @p url goes through right now (installed()'s), for messages:
     * "host:port", empty when none; never the credentials. */
    static QString proxyNameFor(const QUrl &url);

    /** A request that failed at its proxy (a Proxy* network error): exit 5, naming @p proxy
     * ("host:port") and what to check; a 407 says the proxy refused the credentials. */
    static Error failure(QNetworkReply::NetworkError code, const QString &errorString,
                         const QString &proxy, const QString &what);
    /** Whether @p reply is a plain-http request's 401 from its proxy rather than the server:
     * the request carried the proxy's credentials and the answer asks for Basic ones. Some
     * proxies (tinyproxy) answer a wrong password so instead of 407; the Secoda API and the
     * storage services never ask for Basic credentials. */
    static bool refusedSignIn(const QNetworkReply &reply);
    /** The error for refusedSignIn(): exit 5, naming @p proxy ("host:port"). */
    static Error signInRefused(const QString &proxy, const QString &what);
    /** Whether a request sent through a proxy failed there: a Proxy* error, or a connection
     * that never reached the server (Qt names the proxy's refusal as the server's, and a
     * refused CONNECT as an unknown error). */
    static bool isProxyFailure(QNetworkReply::NetworkError code);
    /** One of Qt's Proxy* network errors (the proxy itself refused, closed, was not found…). */
    static bool isProxyError(QNetworkReply::NetworkError code)
    {
        return code >= QNetworkReply::ProxyConnectionRefusedError
               && code <= QNetworkReply::UnknownProxyError;
    }

private:
    static QString signInHint();

    enum class Mode { Variables, Direct, Manual };
    Mode m_mode = Mode::Variables;
    std::optional<QNetworkProxy> m_http;
    std::optional<QNetworkProxy> m_https;
    QList<Bypass> m_bypass;
    bool m_bypassAll = false;
};

} // namespace Dbtu
