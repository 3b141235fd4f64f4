// SPDX-License-Identifier: MIT
#pragma once

#include "sandbox/Integration.h"

#include <QJsonObject>
#include <QList>
#include <QUrl>

namespace Dbtu::Sandbox {

/**
 * The sandbox's integrations, seeded at start: the first is a dbt Core integration with a fixed
 * id (kDbtIntegrationId), the others cycle through other types (tableau, snowflake, …) with
 * fixed, predictable ids. Lives on the server's thread.
 */
class IntegrationStore
{
public:
    static constexpr QLatin1StringView kDbtIntegrationId{"d8b7c0de-5a9d-4b0c-8e1f-000000000001"};

    /** count integrations (at least 1), created a day before now. */
    IntegrationStore(int count, const QDateTime &now);

    const Integration *find(const QString &id) const;
    /** All integrations, or those of one type when type is not empty. */
    QList<Integration> list(const QString &type) const;
    /** A sync of id ended at time: it becomes the integration's last run. */
    void markSynced(const QString &id, const QDateTime &time);

    /**
     * One page of list(type) in the documented shape (links.next/previous, meta, count,
     * total_pages, results) with "None" for absent links, as Secoda's docs write them.
     * pageUrl is the request URL; the links keep its other query items. Page numbers start at 1;
     * a page out of range gives std::nullopt (the API answers 404 "Invalid page.").
     */
    std::optional<QJsonObject> page(const QString &type, int pageNumber, int pageSize,
                                    const QUrl &pageUrl) const;

private:
    QList<Integration> m_integrations;
};

} // namespace Dbtu::Sandbox
