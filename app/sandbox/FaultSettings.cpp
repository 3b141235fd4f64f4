// SPDX-License-Identifier: MIT
#include "sandbox/FaultSettings.h"

#include <QJsonArray>
#include <QLocale>

namespace Dbtu::Sandbox {

namespace {

const QString kHttpDateFormat = QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'");

Error badFault(const QString &message)
{
    return Error{
        ErrorCode::InvalidInput, message,
        QStringLiteral("keys: delay_ms, status_sequence, drop_after_bytes, hang, "
                       "endless_body, drip_bytes_per_second, html_error, login_page, "
                       "wrong_content_type, malformed_json, cut_reply_after_bytes, drop_reply, "
                       "retry_after, redirect, only_method, only_path_prefix, "
                       "fault_count"),
        QString(), 400};
}

bool validStatus(int status)
{
    return status >= 200 && status <= 599;
}

bool validRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonValue orNull(qint64 number)
{
    return number < 0 ? QJsonValue() : QJsonValue(number);
}

/** A whole number >= min (null: off, which is -1), or an Error naming key. */
Result<qint64> wholeOrNull(const QString &key, const QJsonValue &value, qint64 min)
{
    if (value.isNull()) {
        return qint64(-1);
    }
    const qint64 number = value.toInteger(min - 2);
    if (!value.isDouble() || (number < min && number != -1)) {
        return badFault(QStringLiteral("%1 must be a whole number >= %2, or null or -1 for off")
                            .arg(key, QString::number(min)));
    }
    return number;
}

Result<bool> flag(const QString &key, const QJsonValue &value)
{
    if (!value.isBool()) {
        return badFault(QStringLiteral("%1 must be true or false").arg(key));
    }
    return value.toBool();
}

} // namespace

bool FaultSettings::inScope(const QByteArray &method, const QByteArray &path) const
{
    if (!onlyMethod.isEmpty() && method.compare(onlyMethod, Qt::CaseInsensitive) != 0) {
        return false;
    }
    return onlyPathPrefix.isEmpty() || path.startsWith(onlyPathPrefix.toUtf8());
}

QByteArray FaultSettings::retryAfterValue(const QDateTime &now) const
{
    if (retryAfter.startsWith("date+")) {
        return QLocale::c()
            .toString(now.toUTC().addSecs(retryAfter.mid(5).toLongLong()), kHttpDateFormat)
            .toLatin1();
    }
    return retryAfter;
}

QJsonObject FaultSettings::toJson() const
{
    QJsonArray sequence;
    for (int status : statusSequence) {
        sequence.append(status);
    }
    return QJsonObject{
        {QStringLiteral("delay_ms"), delayMs},
        {QStringLiteral("status_sequence"), sequence},
        {QStringLiteral("drop_after_bytes"), orNull(dropAfterBytes)},
        {QStringLiteral("hang"), hang},
        {QStringLiteral("endless_body"), endlessBody},
        {QStringLiteral("drip_bytes_per_second"), dripBytesPerSecond},
        {QStringLiteral("html_error"), htmlError},
        {QStringLiteral("login_page"), loginPage},
        {QStringLiteral("wrong_content_type"), orNull(QString::fromLatin1(wrongContentType))},
        {QStringLiteral("malformed_json"), malformedJson},
        {QStringLiteral("cut_reply_after_bytes"), orNull(cutReplyAfterBytes)},
        {QStringLiteral("drop_reply"), dropReply},
        {QStringLiteral("retry_after"), orNull(QString::fromLatin1(retryAfter))},
        {QStringLiteral("redirect"),
         redirectStatus == 0 ? QJsonValue()
                             : QJsonObject{{QStringLiteral("status"), redirectStatus},
                                           {QStringLiteral("location"), redirectLocation}}},
        {QStringLiteral("only_method"), orNull(QString::fromLatin1(onlyMethod))},
        {QStringLiteral("only_path_prefix"), orNull(onlyPathPrefix)},
        {QStringLiteral("fault_count"), orNull(qint64(faultCount))},
    };
}

Result<FaultSettings> FaultSettings::patched(const QJsonObject &patch) const
{
    FaultSettings result = *this;
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue value = it.value();
        // Plain true/false switches.
        bool *flagField = key == QLatin1String("hang")             ? &result.hang
                          : key == QLatin1String("endless_body")   ? &result.endlessBody
                          : key == QLatin1String("html_error")     ? &result.htmlError
                          : key == QLatin1String("login_page")     ? &result.loginPage
                          : key == QLatin1String("malformed_json") ? &result.malformedJson
                          : key == QLatin1String("drop_reply")     ? &result.dropReply
                                                                   : nullptr;
        if (flagField) {
            Result<bool> on = flag(key, value);
            if (!on) {
                return on.error();
            }
            *flagField = on.value();
        } else if (key == QLatin1String("delay_ms")
                   || key == QLatin1String("drip_bytes_per_second")) {
            if (!value.isDouble() || value.toInteger(-1) < 0 || value.toInteger() > 3600000) {
                return badFault(QStringLiteral("%1 must be a whole number >= 0").arg(key));
            }
            (key == QLatin1String("delay_ms") ? result.delayMs : result.dripBytesPerSecond)
                = int(value.toInteger());
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
        } else if (key == QLatin1String("drop_after_bytes")
                   || key == QLatin1String("cut_reply_after_bytes")
                   || key == QLatin1String("fault_count")) {
            Result<qint64> number = wholeOrNull(key, value, 0);
            if (!number) {
                return number.error();
            }
            if (key == QLatin1String("drop_after_bytes")) {
                result.dropAfterBytes = number.value();
            } else if (key == QLatin1String("cut_reply_after_bytes")) {
                result.cutReplyAfterBytes = number.value();
            } else {
                result.faultCount = int(std::min<qint64>(number.value(), 1 << 30));
            }
        } else if (key == QLatin1String("wrong_content_type")) {
            if (value.isNull() || value == QJsonValue(false)) {
                result.wrongContentType.clear();
            } else if (value == QJsonValue(true)) {
                result.wrongContentType = "text/plain";
            } else if (value.isString() && !value.toString().trimmed().isEmpty()) {
                result.wrongContentType = value.toString().trimmed().toLatin1();
            } else {
                return badFault(QStringLiteral("wrong_content_type must be a content type such "
                                               "as \"text/plain\", true (text/plain) or null"));
            }
        } else if (key == QLatin1String("retry_after")) {
            if (value.isNull()) {
                result.retryAfter.clear();
                continue;
            }
            if (!value.isDouble() && !value.isString()) {
                return badFault(QStringLiteral("retry_after must be seconds, \"date+N\", an "
                                               "HTTP date, or null for none"));
            }
            Result<QByteArray> parsed = parseRetryAfter(
                value.isDouble() ? QString::number(value.toInteger(-1)) : value.toString());
            if (!parsed) {
                return parsed.error();
            }
            result.retryAfter = parsed.value();
        } else if (key == QLatin1String("redirect")) {
            if (value.isNull()) {
                result.redirectStatus = 0;
                result.redirectLocation.clear();
                continue;
            }
            const QJsonObject redirect = value.toObject();
            const int status = int(redirect.value(QLatin1String("status")).toInteger());
            const QString location = redirect.value(QLatin1String("location")).toString();
            if (!value.isObject() || !validRedirect(status) || location.isEmpty()) {
                return badFault(QStringLiteral("redirect must be {\"status\": 301|302|303|307|"
                                               "308, \"location\": URL}, or null for off"));
            }
            result.redirectStatus = status;
            result.redirectLocation = location;
        } else if (key == QLatin1String("only_method")) {
            if (!value.isNull() && !value.isString()) {
                return badFault(QStringLiteral("only_method must be a method such as \"POST\""));
            }
            result.onlyMethod = value.toString().trimmed().toUpper().toLatin1();
        } else if (key == QLatin1String("only_path_prefix")) {
            const QString prefix = value.toString();
            if ((!value.isNull() && !value.isString())
                || (!prefix.isEmpty() && !prefix.startsWith(QLatin1Char('/')))) {
                return badFault(QStringLiteral("only_path_prefix must be a path starting with "
                                               "'/', or null for any"));
            }
            result.onlyPathPrefix = prefix;
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

Result<std::pair<int, QString>> FaultSettings::parseRedirect(const QString &text)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    bool ok = false;
    const int status = text.left(colon).trimmed().toInt(&ok);
    const QString location = colon < 0 ? QString() : text.mid(colon + 1).trimmed();
    if (!ok || !validRedirect(status) || location.isEmpty()) {
        return badFault(QStringLiteral("a redirect is STATUS:LOCATION, e.g. 307:/path or "
                                       "302:http://127.0.0.2:9000{path}, with STATUS one of "
                                       "301, 302, 303, 307, 308"));
    }
    return std::pair(status, location);
}

Result<QByteArray> FaultSettings::parseRetryAfter(const QString &text)
{
    const QString value = text.trimmed();
    if (value.isEmpty() || value == QLatin1String("none")) {
        return QByteArray();
    }
    bool ok = false;
    const qint64 seconds = value.toLongLong(&ok);
    if (ok && seconds >= 0) {
        return value.toLatin1();
    }
    if (value.startsWith(QLatin1String("date+"))) {
        value.mid(5).toLongLong(&ok);
        if (ok) {
            return value.toLatin1();
        }
    } else if (QLocale::c().toDateTime(value, kHttpDateFormat).isValid()) {
        return value.toLatin1();
    }
    return badFault(QStringLiteral("retry_after '%1' is neither seconds (e.g. 999999), "
                                   "\"date+N\" (an HTTP date N s ahead), an HTTP date "
                                   "(\"Wed, 21 Oct 2026 07:28:00 GMT\") nor none")
                        .arg(value));
}

} // namespace Dbtu::Sandbox
