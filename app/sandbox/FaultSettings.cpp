// SPDX-License-Identifier: MIT
#include "FaultSettings.h"

#include <QJsonArray>

namespace Dbtu::Sandbox {

namespace {

Error badFault(const QString &message)
{
    return Error{ErrorCode::InvalidInput, message,
                 QStringLiteral("keys: delay_ms, status_sequence, drop_after_bytes, hang"),
                 QString(), 400};
}

bool validStatus(int status)
{
    return status >= 200 && status <= 599;
}

} // namespace

QJsonObject FaultSettings::toJson() const
{
    QJsonArray sequence;
    for (int status : statusSequence) {
        sequence.append(status);
    }
    return QJsonObject{
        {QStringLiteral("delay_ms"), delayMs},
        {QStringLiteral("status_sequence"), sequence},
        {QStringLiteral("drop_after_bytes"),
         dropAfterBytes < 0 ? QJsonValue() : QJsonValue(dropAfterBytes)},
        {QStringLiteral("hang"), hang},
    };
}

Result<FaultSettings> FaultSettings::patched(const QJsonObject &patch) const
{
    FaultSettings result = *this;
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue value = it.value();
        if (key == QLatin1String("delay_ms")) {
            if (!value.isDouble() || value.toInteger(-1) < 0) {
                return badFault(QStringLiteral("delay_ms must be a whole number >= 0"));
            }
            result.delayMs = int(value.toInteger());
        } else if (key == QLatin1String("status_sequence")) {
            if (!value.isArray()) {
                return badFault(QStringLiteral("status_sequence must be a list of statuses"));
            }
            result.statusSequence.clear();
            for (const QJsonValue &status : value.toArray()) {
                if (!status.isDouble() || !validStatus(int(status.toInteger()))) {
                    return badFault(QStringLiteral("status_sequence holds a value that is not an "
                                                   "HTTP status between 200 and 599"));
                }
                result.statusSequence.append(int(status.toInteger()));
            }
        } else if (key == QLatin1String("drop_after_bytes")) {
            if (value.isNull()) {
                result.dropAfterBytes = -1;
            } else if (!value.isDouble() || value.toInteger(-2) < -1) {
                return badFault(QStringLiteral("drop_after_bytes must be a whole number >= 0, or "
                                               "null or -1 for off"));
            } else {
                result.dropAfterBytes = value.toInteger();
            }
        } else if (key == QLatin1String("hang")) {
            if (!value.isBool()) {
                return badFault(QStringLiteral("hang must be true or false"));
            }
            result.hang = value.toBool();
        } else {
            return badFault(QStringLiteral("unknown fault setting '%1'").arg(key));
        }
    }
    return result;
}

Result<QList<int>> FaultSettings::parseStatusSequence(const QString &text)
{
    QList<int> statuses;
    for (const QString &item : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int status = item.trimmed().toInt(&ok);
        if (!ok || !validStatus(status)) {
            return badFault(QStringLiteral("'%1' in the status sequence is not an HTTP status "
                                           "between 200 and 599")
                                .arg(item.trimmed()));
        }
        statuses.append(status);
    }
    return statuses;
}

} // namespace Dbtu::Sandbox
