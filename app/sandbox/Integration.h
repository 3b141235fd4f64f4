// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace Dbtu::Sandbox {

/** One integration as the Secoda API lists it. */
struct Integration
{
    QString id;
    QString name;
    QString type; ///< "dbt" for the dbt Core integration (Secoda does not document the value)
    QDateTime createdAt;
    QDateTime updatedAt;
    int scheduledHour = 3;
    int scheduledFrequency = 7;
    QDateTime nextRun;
    QDateTime lastRun;

    bool isDbt() const { return type == QLatin1String("dbt"); }

    /** The documented shape; times as ISO 8601 UTC with a Z. */
    QJsonObject toJson() const;
};

} // namespace Dbtu::Sandbox
