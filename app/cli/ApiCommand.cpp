// SPDX-License-Identifier: MIT
#include "cli/ApiCommand.h"

#include "secrets/SecretStore.h"

namespace Dbtu::Cli {

Result<ApiContext> resolveApi(const QCommandLineParser &p, const ApiOptions &o, bool needKey,
                              bool needIntegration)
{
    AppSettings settings;
    ApiContext c;
    const QString profileName = p.isSet(o.profile) ? p.value(o.profile) : settings.lastProfile();
    c.profile = settings.profile(profileName);
    QString where = c.profile.apiUrl;
    if (p.isSet(o.apiUrl) && p.isSet(o.apiRegion)) {
        return Error::invalidInput(
            QStringLiteral("give --api-url or --api-region, not both"),
            QStringLiteral("--api-region us|eu|apac, or --api-url https://host/api/v1"));
    }
    if (p.isSet(o.apiUrl)) {
        where = p.value(o.apiUrl);
    } else if (p.isSet(o.apiRegion)) {
        where = p.value(o.apiRegion);
        if (ApiEndpoint::regionUrl(where).isEmpty()) {
            return Error::invalidInput(QStringLiteral("unknown region \"%1\"").arg(where),
                                       QStringLiteral("use us, eu or apac, or --api-url"));
        }
    }
    if (p.isSet(o.requestTimeout)) {
        bool ok = false;
        const double seconds = p.value(o.requestTimeout).toDouble(&ok);
        if (!ok || seconds <= 0) {
            return Error::invalidInput(
                QStringLiteral("--request-timeout takes a number of seconds"),
                QStringLiteral("e.g. --request-timeout 60"));
        }
        c.requestTimeout = std::chrono::milliseconds(qint64(seconds * 1000));
    }
    if (p.isSet(o.timeout)) {
        bool ok = false;
        const double seconds = p.value(o.timeout).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 7 * 86400) {
            return Error::invalidInput(QStringLiteral("--timeout takes a number of seconds"),
                                       QStringLiteral("e.g. --timeout 60"));
        }
        c.deadline = std::chrono::milliseconds(qint64(seconds * 1000));
    }
    if (Result<void> trusted = prepareNetwork(p.values(o.caFile)); !trusted) {
        return trusted.error();
    }
    Result<ApiEndpoint> endpoint = ApiEndpoint::parse(where);
    if (!endpoint) {
        return endpoint.error();
    }
    c.endpoint = endpoint.value();

    if (needIntegration) {
        const QString id
            = p.isSet(o.integration) ? p.value(o.integration) : c.profile.integrationId;
        if (id.isEmpty()) {
            return Error::invalidInput(
                QStringLiteral("no integration given"),
                QStringLiteral("pass --integration ID (see `dbt-uploader integrations`), "
                               "or pick one in the window's API upload tab"));
        }
        Result<QString> parsed = ApiEndpoint::parseIntegrationId(id);
        if (!parsed) {
            return parsed.error();
        }
        c.integrationId = parsed.value();
    }
    if (!needKey) {
        return c;
    }
    // The key: SECODA_API_KEY, else --api-key-stdin, else the keychain. Never an argument.
    const QByteArray fromEnv = qgetenv("SECODA_API_KEY").trimmed();
    if (!fromEnv.isEmpty()) {
        c.key = Secret(fromEnv);
    } else if (p.isSet(o.keyStdin)) {
        c.key = Secret(QByteArray::fromStdString(readLineFromStdin(false)));
    } else {
        Result<Secret> stored = readKeychain(SecretStore::apiKeyName(c.profile.name));
        if (!stored) {
            Error e = stored.error();
            e.hint += QStringLiteral(" Or set SECODA_API_KEY, or use --api-key-stdin.");
            return e;
        }
        c.key = stored.value();
    }
    if (c.key.isEmpty()) {
        return Error{ErrorCode::Unauthorized,
                     QStringLiteral("no API key for profile \"%1\"").arg(c.profile.name),
                     QStringLiteral("store one with `dbt-uploader key set` (it reads the key from "
                                    "stdin), or set SECODA_API_KEY, or pass --api-key-stdin"),
                     {},
                     0};
    }
    return c;
}

std::optional<std::chrono::milliseconds> fastPoll()
{
    const QByteArray fast = qgetenv("DBTU_WATCH_POLL_MS");
    if (fast.isEmpty()) {
        return std::nullopt;
    }
    return std::chrono::milliseconds(fast.toInt());
}

std::optional<int> watchLimit(const QCommandLineParser &p, const ApiOptions &o, QTextStream &err)
{
    const QCommandLineOption &option = p.isSet(o.watchTimeout) ? o.watchTimeout : o.timeout;
    if (!p.isSet(option)) {
        return 900;
    }
    bool ok = false;
    const int seconds = p.value(option).toInt(&ok);
    if (!ok || seconds <= 0) {
        const QString name = option.names().constFirst();
        usage(err, QStringLiteral("--%1 takes a whole number of seconds").arg(name),
              QStringLiteral("e.g. --%1 600").arg(name));
        return std::nullopt;
    }
    return seconds;
}

} // namespace Dbtu::Cli
