// SPDX-License-Identifier: MIT
#include "secoda/Integration.h"

#include "net/HttpError.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace Dbtu {

namespace {

bool isNone(const QJsonValue &v)
{
    return v.isNull() || v.isUndefined()
           || (v.isString()
               && (v.toString().isEmpty() || v.toString() == QLatin1String("None")
                   || v.toString() == QLatin1String("null")));
}

QString text(const QJsonValue &v)
{
    if (v.isString()) {
        return v.toString();
    }
    if (v.isDouble()) {
        return QString::number(v.toInteger());
    }
    return {};
}

} // namespace

std::optional<QDateTime> parseApiTime(const QJsonValue &value)
{
    if (isNone(value) || !value.isString()) {
        return std::nullopt;
    }
    QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!t.isValid()) {
        t = QDateTime::fromString(value.toString(), Qt::ISODate);
    }
    if (!t.isValid()) {
        return std::nullopt;
    }
    if (t.timeSpec() == Qt::LocalTime) {
        t.setTimeSpec(Qt::UTC); // the API writes UTC; a missing zone means UTC
    }
    return t.toUTC();
}

bool Integration::looksLikeDbt() const
{
    return type.contains(QLatin1String("dbt"), Qt::CaseInsensitive)
           || name.contains(QLatin1String("dbt"), Qt::CaseInsensitive);
}

Integration Integration::fromJson(const QJsonObject &o)
{
    Integration i;
    i.id = text(o.value(QLatin1String("id")));
    i.name
        = isNone(o.value(QLatin1String("name"))) ? QString() : text(o.value(QLatin1String("name")));
    i.type
        = isNone(o.value(QLatin1String("type"))) ? QString() : text(o.value(QLatin1String("type")));
    i.lastRun = parseApiTime(o.value(QLatin1String("scheduled_extractions_last_run")));
    i.nextRun = parseApiTime(o.value(QLatin1String("scheduled_extractions_next_run")));
    return i;
}

Result<IntegrationPage> IntegrationPage::fromJson(const QByteArray &body, const QUrl &requestUrl)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (looksLikeHtml(body)) {
        return notApiReply(QCoreApplication::translate("Dbtu::Integration", "Listing integrations"),
                           requestUrl.host(), body);
    }
    const auto unexpected = [&](const QString &why) {
        return Error{ErrorCode::ServerError,
                     QCoreApplication::translate("Dbtu::Integration",
                                                 "The integration list from %1 is not what "
                                                 "Secoda's API sends: %2")
                         .arg(requestUrl.host(), why),
                     QCoreApplication::translate("Dbtu::Integration",
                                                 "Check that the API URL points at Secoda's API "
                                                 "(…/api/v1 for your own host)."),
                     bodyDetail(body), 0};
    };
    if (!doc.isObject()) {
        return unexpected(parseError.error != QJsonParseError::NoError
                              ? parseError.errorString()
                              : QStringLiteral("no JSON object"));
    }
    const QJsonObject o = doc.object();
    const QJsonValue results = o.value(QLatin1String("results"));
    if (!results.isArray()) {
        return unexpected(QStringLiteral("no \"results\" list"));
    }
    IntegrationPage page;
    for (const QJsonValue &v : results.toArray()) {
        if (v.isObject()) {
            Integration i = Integration::fromJson(v.toObject());
            if (!i.id.isEmpty()) {
                page.integrations << i;
            }
        }
    }
    // links.next (documented shape) or next (plain shape); "None" means no more pages.
    QJsonValue next = o.value(QLatin1String("links")).toObject().value(QLatin1String("next"));
    if (isNone(next)) {
        next = o.value(QLatin1String("next"));
    }
    if (!isNone(next) && next.isString()) {
        const QUrl nextUrl = requestUrl.resolved(QUrl(next.toString()));
        if (nextUrl.isValid() && nextUrl != requestUrl) {
            page.next = nextUrl;
        }
    } else if (const QJsonValue np
               = o.value(QLatin1String("meta")).toObject().value(QLatin1String("next_page"));
               !isNone(np) && np.isDouble()) {
        QUrl nextUrl = requestUrl;
        nextUrl.setQuery(QStringLiteral("page=%1").arg(np.toInt()));
        page.next = nextUrl;
    }
    return page;
}

} // namespace Dbtu
