// SPDX-License-Identifier: MIT
#include "net/ProxyConfig.h"

#include "Translator.h"

#include <QNetworkProxyQuery>
#include <QRegularExpression>

namespace Dbtu {

namespace {

constexpr Translator tr{"Dbtu::ProxyConfig"};

/** The first of @p names that is set and not empty, and which it was. */
std::optional<std::pair<QString, QString>> firstVariable(std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        const QString value = qEnvironmentVariable(name).trimmed();
        if (!value.isEmpty()) {
            return std::make_pair(QString::fromLatin1(name), value);
        }
    }
    return std::nullopt;
}

/** A proxy URL for messages: its credentials masked. */
QString withoutCredentials(const QString &text)
{
    const qsizetype at = text.lastIndexOf(QLatin1Char('@'));
    if (at < 0) {
        return text;
    }
    const qsizetype scheme = text.indexOf(QLatin1String("://"));
    const QString prefix = scheme >= 0 && scheme < at ? text.left(scheme + 3) : QString();
    return prefix + QStringLiteral("***@") + text.mid(at + 1);
}

Error invalidProxy(const QString &origin, const QString &text, const QString &why)
{
    return Error::invalidInput(
        tr("%1 is not a proxy this app can use (%2): %3")
            .arg(origin, withoutCredentials(text), why),
        tr("Set it to http://host:port (or http://user:password@host:port), or unset it "
           "to connect directly."));
}

std::optional<ProxyConfig> &installedConfig()
{
    static std::optional<ProxyConfig> config;
    return config;
}

class Factory : public QNetworkProxyFactory
{
public:
    explicit Factory(ProxyConfig config)
        : m_config(std::move(config))
    {}

    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        const QUrl url = query.url();
        if (m_config.fromVariables() || !url.isValid()) {
            return {m_config.proxyFor(url)};
        }
        return m_config.proxyFor(url).type() == QNetworkProxy::DefaultProxy
                   ? systemProxyForQuery(query)
                   : QList<QNetworkProxy>{m_config.proxyFor(url)};
    }

private:
    ProxyConfig m_config;
};

} // namespace

Result<QNetworkProxy> ProxyConfig::parseProxyUrl(const QString &text, const QString &origin)
{
    QString withScheme = text;
    if (!text.contains(QLatin1String("://"))) {
        withScheme = QStringLiteral("http://") + text;
    }
    const QUrl url(withScheme, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        return invalidProxy(origin, text, tr("not a URL with a host"));
    }
    const QString scheme = url.scheme().toLower();
    QNetworkProxy::ProxyType type = QNetworkProxy::HttpProxy;
    if (scheme == QLatin1String("socks5") || scheme == QLatin1String("socks5h")) {
        type = QNetworkProxy::Socks5Proxy;
    } else if (scheme == QLatin1String("https")) {
        return invalidProxy(origin, text,
                            tr("a proxy spoken to over https is not supported; most proxies "
                               "take http://host:port and still carry https through CONNECT"));
    } else if (scheme != QLatin1String("http")) {
        return invalidProxy(origin, text, tr("the scheme %1 is not http or socks5").arg(scheme));
    }
    if (!url.path().isEmpty() && url.path() != QLatin1String("/")) {
        return invalidProxy(origin, text, tr("a proxy URL has no path"));
    }
    QNetworkProxy proxy(type, url.host(), quint16(url.port(1080)));
    proxy.setUser(url.userName(QUrl::FullyDecoded));
    proxy.setPassword(url.password(QUrl::FullyDecoded));
    return proxy;
}

QList<ProxyConfig::Bypass> ProxyConfig::parseNoProxy(const QString &text, bool *everything)
{
    *everything = false;
    QList<Bypass> entries;
    const QStringList parts
        = text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
    for (QString part : parts) {
        part = part.trimmed().toLower();
        if (part == QLatin1String("*")) {
            *everything = true;
            continue;
        }
        Bypass b;
        // [v6]:port, v4:port, name:port; a bare IPv6 address has several colons.
        if (part.startsWith(QLatin1Char('['))) {
            const qsizetype close = part.indexOf(QLatin1Char(']'));
            if (close < 0) {
                continue;
            }
            if (part.mid(close + 1).startsWith(QLatin1Char(':'))) {
                b.port = part.mid(close + 2).toInt();
            }
            part = part.mid(1, close - 1);
        } else if (part.count(QLatin1Char(':')) == 1) {
            b.port = part.section(QLatin1Char(':'), 1).toInt();
            part = part.section(QLatin1Char(':'), 0, 0);
        }
        const QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(part);
        if (!subnet.first.isNull()) {
            b.subnet = subnet;
        } else {
            while (part.startsWith(QLatin1Char('.')) || part.startsWith(QLatin1Char('*'))) {
                part.remove(0, 1);
            }
            if (part.isEmpty()) {
                continue;
            }
            b.domain = part;
        }
        entries.append(b);
    }
    return entries;
}

Result<ProxyConfig> ProxyConfig::fromEnvironment()
{
    ProxyConfig config;
    const auto all = firstVariable({"all_proxy", "ALL_PROXY"});
    const auto http = firstVariable({"http_proxy", "HTTP_PROXY"});
    const auto https = firstVariable({"https_proxy", "HTTPS_PROXY"});
    const auto read = [](const std::optional<std::pair<QString, QString>> &variable,
                         std::optional<QNetworkProxy> &into) -> Result<void> {
        if (!variable) {
            return {};
        }
        Result<QNetworkProxy> proxy = parseProxyUrl(variable->second, variable->first);
        if (!proxy) {
            return proxy.error();
        }
        into = proxy.value();
        return {};
    };
    for (const Result<void> &r :
         {read(http ? http : all, config.m_http), read(https ? https : all, config.m_https)}) {
        if (!r) {
            return r.error();
        }
    }
    if (const auto noProxy = firstVariable({"no_proxy", "NO_PROXY"})) {
        config.m_bypass = parseNoProxy(noProxy->second, &config.m_bypassAll);
    }
    return config;
}

Result<ProxyConfig> ProxyConfig::fromSettings(const ProxySettings &settings, const Secret &password)
{
    switch (settings.mode) {
    case ProxySettings::Mode::Automatic:
        return fromEnvironment();
    case ProxySettings::Mode::None:
        return direct();
    case ProxySettings::Mode::Manual:
        break;
    }
    if (Result<void> valid = settings.validate(); !valid) {
        return valid.error();
    }
    QNetworkProxy proxy(QNetworkProxy::HttpProxy, settings.host.trimmed(), quint16(settings.port));
    if (!settings.user.isEmpty()) {
        proxy.setUser(settings.user);
        proxy.setPassword(QString::fromUtf8(password.reveal()));
    }
    return manual(proxy, settings.noProxy);
}

ProxyConfig ProxyConfig::manual(const QNetworkProxy &proxy, const QString &noProxy)
{
    ProxyConfig config;
    config.m_mode = Mode::Manual;
    config.m_http = proxy;
    config.m_https = proxy;
    config.m_bypass = parseNoProxy(noProxy, &config.m_bypassAll);
    return config;
}

ProxyConfig ProxyConfig::direct()
{
    ProxyConfig config;
    config.m_mode = Mode::Direct;
    return config;
}

void ProxyConfig::addDirect(const QUrl &url)
{
    bool everything = false;
    const QString host = url.host().contains(QLatin1Char(':'))
                             ? QStringLiteral("[%1]").arg(url.host())
                             : url.host();
    const int port = url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
    m_bypass += parseNoProxy(QStringLiteral("%1:%2").arg(host, QString::number(port)), &everything);
}

bool ProxyConfig::bypasses(const QUrl &url) const
{
    if (m_bypassAll) {
        return true;
    }
    const QString host = url.host().toLower();
    const int port = url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
    const QHostAddress address(host);
    for (const Bypass &b : m_bypass) {
        if (b.port != 0 && b.port != port) {
            continue;
        }
        if (b.subnet) {
            if (!address.isNull() && address.isInSubnet(*b.subnet)) {
                return true;
            }
        } else if (host == b.domain || host.endsWith(QLatin1Char('.') + b.domain)) {
            return true;
        }
    }
    return false;
}

QNetworkProxy ProxyConfig::proxyFor(const QUrl &url) const
{
    if (m_mode == Mode::Direct) {
        return QNetworkProxy(QNetworkProxy::NoProxy);
    }
    const std::optional<QNetworkProxy> &proxy
        = url.scheme().toLower() == QLatin1String("https") ? m_https : m_http;
    if (!proxy) {
        // Variables mode without a variable: the desktop's settings decide (the factory).
        return QNetworkProxy(m_mode == Mode::Variables && !fromVariables()
                                 ? QNetworkProxy::DefaultProxy
                                 : QNetworkProxy::NoProxy);
    }
    return bypasses(url) ? QNetworkProxy(QNetworkProxy::NoProxy) : *proxy;
}

void ProxyConfig::install() const
{
    installedConfig() = *this;
    QNetworkProxyFactory::setApplicationProxyFactory(new Factory(*this));
}

const ProxyConfig &ProxyConfig::installed()
{
    std::optional<ProxyConfig> &config = installedConfig();
    if (!config) {
        Result<ProxyConfig> fromEnvironment = ProxyConfig::fromEnvironment();
        config = fromEnvironment ? fromEnvironment.value() : ProxyConfig::direct();
    }
    return *config;
}

QNetworkProxyFactory *ProxyConfig::newFactory()
{
    return new Factory(installed());
}

QString ProxyConfig::proxyNameFor(const QUrl &url)
{
    Factory factory(installed());
    const QList<QNetworkProxy> proxies = factory.queryProxy(QNetworkProxyQuery(url));
    for (const QNetworkProxy &p : proxies) {
        if (p.type() == QNetworkProxy::HttpProxy || p.type() == QNetworkProxy::Socks5Proxy
            || p.type() == QNetworkProxy::HttpCachingProxy) {
            return QStringLiteral("%1:%2").arg(p.hostName(), QString::number(p.port()));
        }
    }
    return {};
}

bool ProxyConfig::refusedSignIn(const QNetworkReply &reply)
{
    if (reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 401
        || reply.url().scheme() != QLatin1String("http")
        || reply.request().rawHeader("Proxy-Authorization").isEmpty()) {
        return false;
    }
    const QByteArray challenge = reply.rawHeader("WWW-Authenticate").trimmed().toLower();
    return challenge == "basic" || challenge.startsWith("basic ");
}

Error ProxyConfig::signInRefused(const QString &proxy, const QString &what)
{
    Error e;
    e.code = ErrorCode::Network;
    e.message = tr("%1: the proxy %2 refused the sign-in (HTTP 401 asking for a password; the "
                   "Secoda API never asks for one).")
                    .arg(what, proxy);
    e.hint = signInHint();
    return e;
}

QString ProxyConfig::signInHint()
{
    return tr("Check the user and password in the proxy URL of https_proxy / http_proxy "
              "(special characters percent-encoded), or in Settings → Preferences → Proxy.");
}

bool ProxyConfig::isProxyFailure(QNetworkReply::NetworkError code)
{
    return isProxyError(code) || code == QNetworkReply::ConnectionRefusedError
           || code == QNetworkReply::HostNotFoundError
           || code == QNetworkReply::UnknownNetworkError;
}

Error ProxyConfig::failure(QNetworkReply::NetworkError code, const QString &errorString,
                           const QString &proxy, const QString &what)
{
    Error e;
    e.code = ErrorCode::Network;
    e.detail = errorString;
    const QString name = proxy.isEmpty() ? tr("the proxy") : tr("the proxy %1").arg(proxy);
    const QString where = tr("Check the proxy's address and credentials in https_proxy / "
                             "http_proxy, or name the hosts to reach directly in no_proxy.");
    switch (code) {
    case QNetworkReply::ConnectionRefusedError:
        code = QNetworkReply::ProxyConnectionRefusedError;
        break;
    case QNetworkReply::HostNotFoundError:
        code = QNetworkReply::ProxyNotFoundError;
        break;
    default:
        break;
    }
    if (errorString.contains(QLatin1String("Proxy connection refused"), Qt::CaseInsensitive)) {
        code = QNetworkReply::ProxyConnectionRefusedError;
    }
    switch (code) {
    case QNetworkReply::ProxyAuthenticationRequiredError:
        e.message = tr("%1: %2 refused the sign-in (HTTP 407 Proxy Authentication Required).")
                        .arg(what, name);
        e.hint = signInHint();
        break;
    case QNetworkReply::ProxyConnectionRefusedError:
        e.message = tr("%1: %2 refused the connection.").arg(what, name);
        e.hint = where;
        break;
    case QNetworkReply::ProxyNotFoundError:
        e.message = tr("%1: cannot find %2 (DNS).").arg(what, name);
        e.hint = where;
        break;
    case QNetworkReply::ProxyTimeoutError:
        e.code = ErrorCode::Timeout;
        e.message = tr("%1: %2 did not answer in time.").arg(what, name);
        e.hint = where;
        break;
    case QNetworkReply::ProxyConnectionClosedError:
        e.message
            = tr("%1: %2 closed the connection (it may refuse this host or port).").arg(what, name);
        e.hint = where;
        break;
    default:
        e.message = tr("%1: %2 failed: %3.").arg(what, name, errorString);
        e.hint = where;
        break;
    }
    return e;
}

} // namespace Dbtu
