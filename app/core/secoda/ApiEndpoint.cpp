// SPDX-License-Identifier: MIT
#include "secoda/ApiEndpoint.h"

#include "Translator.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace Dbtu {

namespace {

constexpr Translator tr{"Dbtu::ApiEndpoint"};

struct Region
{
    const char *name;
    const char *api;
    const char *app;
};
constexpr Region kRegions[] = {
    {"us", "https://api.secoda.co", "https://app.secoda.co"},
    {"eu", "https://eapi.secoda.co", "https://eu.secoda.co"},
    {"apac", "https://aapi.secoda.co", "https://apac.secoda.co"},
};

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
        return true;
    }
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

QString ApiEndpoint::regionUrl(const QString &region)
{
    for (const Region &r : kRegions) {
        if (region.compare(QLatin1String(r.name), Qt::CaseInsensitive) == 0) {
            return QString::fromLatin1(r.api);
        }
    }
    return {};
}

Result<ApiEndpoint> ApiEndpoint::parse(const QString &regionOrUrl)
{
    const QString text = regionOrUrl.trimmed();
    const QString preset = regionUrl(text);
    QUrl url = QUrl(preset.isEmpty() ? text : preset, QUrl::StrictMode);
    if (text.isEmpty() || !url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
        return Error::invalidInput(tr("\"%1\" is not an API URL or region").arg(text),
                                   tr("Use us, eu or apac, or your workspace's URL such as "
                                      "https://secoda.example.com/api/v1."));
    }
    if (url.scheme() == QLatin1String("http") && !isLoopbackHost(url.host())) {
        return Error{
            ErrorCode::InvalidInput,
            tr("%1 uses plain http://, which would send the API key unencrypted").arg(text),
            tr("Use https://; plain http:// is accepted only for this computer "
               "(localhost, 127.0.0.1), e.g. the sandbox."),
            {},
            0};
    }
    if (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment()) {
        return Error{
            ErrorCode::InvalidInput,
            tr("the API URL %1 must not hold a user name, query or fragment").arg(url.host()),
            tr("Give only scheme, host and path, e.g. https://secoda.example.com/api/v1."),
            {},
            0};
    }
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/'))) {
        path.chop(1);
    }
    url.setPath(path);
    ApiEndpoint endpoint;
    endpoint.m_base = url;
    return endpoint;
}

QUrl ApiEndpoint::url(const QString &path, const QString &query) const
{
    QUrl u = m_base;
    u.setPath(m_base.path() + QLatin1Char('/') + path + QLatin1Char('/'));
    if (!query.isEmpty()) {
        u.setQuery(query);
    }
    return u;
}

QUrl ApiEndpoint::syncsPage(const QString &integrationId) const
{
    QUrl app = m_base;
    for (const Region &r : kRegions) {
        if (m_base == QUrl(QString::fromLatin1(r.api))) {
            app = QUrl(QString::fromLatin1(r.app));
        }
    }
    QString path = app.path();
    if (path.endsWith(QLatin1String("/api/v1"))) {
        path.chop(7);
    }
    app.setPath(path + QStringLiteral("/integrations/%1/syncs").arg(integrationId));
    return app;
}

bool ApiEndpoint::isLoopback() const
{
    return isLoopbackHost(m_base.host());
}

Result<QString> ApiEndpoint::parseIntegrationId(const QString &text)
{
    QString id = text.trimmed();
    static const QRegularExpression inUrl(QStringLiteral(R"(/integrations/([^/?#]+))"));
    if (const auto m = inUrl.match(id); m.hasMatch()) {
        id = m.captured(1);
    }
    static const QRegularExpression valid(QStringLiteral(R"(^[A-Za-z0-9_-]{1,64}$)"));
    if (!valid.match(id).hasMatch()) {
        return Error::invalidInput(
            tr("\"%1\" is not an integration ID").arg(text.left(80)),
            tr("Pick the integration from the list, or paste its ID or the URL of its "
               "Syncs page (…/integrations/<id>/syncs)."));
    }
    return id;
}

} // namespace Dbtu
