// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"

#include <QUrl>

namespace Dbtu {

/**
 * Where the Secoda API is: a region preset (us, eu, apac) or a custom base URL such as an
 * on-premise https://host/api/v1. http:// is refused unless the host is loopback. Paths are
 * always sent with a trailing slash, as Secoda's docs advise.
 */
class ApiEndpoint
{
public:
    /** "us", "eu", "apac", or an http(s) URL. */
    static Result<ApiEndpoint> parse(const QString &regionOrUrl);
    static QStringList regions()
    {
        return {QStringLiteral("us"), QStringLiteral("eu"), QStringLiteral("apac")};
    }
    static QString regionUrl(const QString &region);

    QUrl baseUrl() const { return m_base; }
    /** base + "/" + path + "/" (path without leading or trailing slash), query kept. */
    QUrl url(const QString &path, const QString &query = {}) const;
    /** The web app page where a person sees the integration's syncs. */
    QUrl syncsPage(const QString &integrationId) const;
    bool isLoopback() const;

    /** An integration id from an id or a pasted ".../integrations/<id>/syncs" URL. */
    static Result<QString> parseIntegrationId(const QString &text);

private:
    QUrl m_base;
};

} // namespace Dbtu
