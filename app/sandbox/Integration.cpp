// SPDX-License-Identifier: MIT
#include "sandbox/Integration.h"

#include <QJsonArray>

namespace Dbtu::Sandbox {

namespace {

QJsonValue isoUtc(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODate)) : QJsonValue();
}

} // namespace

QJsonObject Integration::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("type"), type},
        {QStringLiteral("created_at"), isoUtc(createdAt)},
        {QStringLiteral("updated_at"), isoUtc(updatedAt)},
        {QStringLiteral("scheduled_extractions_hour"), scheduledHour},
        {QStringLiteral("scheduled_extractions_frequency"), scheduledFrequency},
        {QStringLiteral("scheduled_extractions_next_run"), isoUtc(nextRun)},
        {QStringLiteral("scheduled_extractions_last_run"), isoUtc(lastRun)},
        {QStringLiteral("credentials"), QJsonObject()},
        {QStringLiteral("teams"), QJsonArray{QStringLiteral("sandbox-team")}},
    };
}

} // namespace Dbtu::Sandbox
