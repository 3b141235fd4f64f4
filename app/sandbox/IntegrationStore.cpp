// SPDX-License-Identifier: MIT
#include "sandbox/IntegrationStore.h"

#include <QJsonArray>
#include <QUrlQuery>

#include <algorithm>

namespace Dbtu::Sandbox {

namespace {

struct Seed
{
    const char *type;
    const char *name;
};

constexpr Seed kOtherSeeds[] = {
    {"tableau", "Tableau"},   {"snowflake", "Snowflake"}, {"bigquery", "BigQuery"},
    {"looker", "Looker"},     {"postgres", "Postgres"},   {"redshift", "Redshift"},
    {"metabase", "Metabase"},
};

const QJsonValue kNone = QStringLiteral("None"); // how Secoda's docs write null

QJsonValue pageLink(const QUrl &pageUrl, int pageNumber)
{
    QUrl url = pageUrl;
    QUrlQuery query(url);
    query.removeAllQueryItems(QStringLiteral("page"));
    query.addQueryItem(QStringLiteral("page"), QString::number(pageNumber));
    url.setQuery(query);
    return url.toString();
}

} // namespace

IntegrationStore::IntegrationStore(int count, const QDateTime &now)
{
    const QDateTime created = now.toUTC().addDays(-1);
    const QDateTime lastRun = QDateTime(created.date(), QTime(3, 0), Qt::UTC);
    for (int i = 0; i < std::max(count, 1); ++i) {
        Integration integration;
        if (i == 0) {
            integration.id = kDbtIntegrationId;
            integration.type = QStringLiteral("dbt");
            integration.name = QStringLiteral("dbt Core (sandbox)");
        } else {
            const Seed &seed = kOtherSeeds[(i - 1) % std::size(kOtherSeeds)];
            integration.id
                = QStringLiteral("5a4db0c5-0000-4000-8000-%1").arg(i + 1, 12, 10, QLatin1Char('0'));
            integration.type = QString::fromLatin1(seed.type);
            integration.name = QString::fromLatin1(seed.name);
            if (i > int(std::size(kOtherSeeds))) {
                integration.name += QStringLiteral(" %1").arg(i);
            }
        }
        integration.createdAt = created;
        integration.updatedAt = created;
        integration.lastRun = lastRun;
        integration.nextRun = lastRun.addDays(integration.scheduledFrequency);
        m_integrations.append(integration);
    }
}

const Integration *IntegrationStore::find(const QString &id) const
{
    const auto it = std::find_if(m_integrations.cbegin(), m_integrations.cend(),
                                 [&](const Integration &i) { return i.id == id; });
    return it == m_integrations.cend() ? nullptr : &*it;
}

QList<Integration> IntegrationStore::list(const QString &type) const
{
    QList<Integration> result;
    for (const Integration &integration : m_integrations) {
        if (type.isEmpty() || integration.type == type) {
            result.append(integration);
        }
    }
    return result;
}

void IntegrationStore::markSynced(const QString &id, const QDateTime &time)
{
    for (Integration &integration : m_integrations) {
        if (integration.id == id) {
            integration.lastRun = time.toUTC();
            integration.updatedAt = time.toUTC();
        }
    }
}

std::optional<QJsonObject> IntegrationStore::page(const QString &type, int pageNumber, int pageSize,
                                                  const QUrl &pageUrl) const
{
    const QList<Integration> all = list(type);
    const int size = std::max(pageSize, 1);
    const int totalPages = std::max(1, int((all.size() + size - 1) / size));
    if (pageNumber < 1 || pageNumber > totalPages) {
        return std::nullopt;
    }
    QJsonArray results;
    for (qsizetype i = qsizetype(pageNumber - 1) * size;
         i < std::min(all.size(), qsizetype(pageNumber) * size); ++i) {
        results.append(all[i].toJson());
    }
    const bool hasNext = pageNumber < totalPages;
    const bool hasPrevious = pageNumber > 1;
    return QJsonObject{
        {QStringLiteral("links"),
         QJsonObject{
             {QStringLiteral("next"), hasNext ? pageLink(pageUrl, pageNumber + 1) : kNone},
             {QStringLiteral("previous"), hasPrevious ? pageLink(pageUrl, pageNumber - 1) : kNone},
         }},
        {QStringLiteral("meta"),
         QJsonObject{
             {QStringLiteral("page"), pageNumber},
             {QStringLiteral("previous_page"), hasPrevious ? QJsonValue(pageNumber - 1) : kNone},
             {QStringLiteral("next_page"), hasNext ? QJsonValue(pageNumber + 1) : kNone},
         }},
        {QStringLiteral("count"), int(all.size())},
        {QStringLiteral("total_pages"), totalPages},
        {QStringLiteral("results"), results},
    };
}

} // namespace Dbtu::Sandbox
