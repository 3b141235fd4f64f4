// SPDX-License-Identifier: MIT
#include "net/Origin.h"

namespace Dbtu {

namespace {

int defaultPort(const QUrl &url)
{
    return url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443 : 80;
}

} // namespace

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
           && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
           && a.port(defaultPort(a)) == b.port(defaultPort(b));
}

QString originText(const QUrl &url)
{
    QString text = url.scheme().toLower() + QStringLiteral("://") + url.host();
    if (url.port(-1) != -1 && url.port() != defaultPort(url)) {
        text += QLatin1Char(':') + QString::number(url.port());
    }
    return text;
}

} // namespace Dbtu
