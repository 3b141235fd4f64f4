// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QUrl>

namespace Dbtu {

/** An integration of the Secoda account, as the API lists it. */
struct Integration
{
    QString id;
    QString name;
    QString type;
    std::optional<QDateTime> lastRun; ///< scheduled_extractions_last_run (null, "None": unset)
    std::optional<QDateTime> nextRun;

    /** Whether its type or name mentions dbt (shown first in pickers). */
    bool looksLikeDbt() const;
    static Integration fromJson(const QJsonObject &object);
};

/** One page of a listing, in either documented shape (links/meta or count/next/results). */
struct IntegrationPage
{
    QList<Integration> integrations;
    std::optional<QUrl> next;
    static Result<IntegrationPage> fromJson(const QByteArray &body, const QUrl &requestUrl);
};

/** A timestamp as the API writes it; "None", null or empty read as unset. */
std::optional<QDateTime> parseApiTime(const QJsonValue &value);

} // namespace Dbtu
