// SPDX-License-Identifier: MIT
#include "cli/ApiCommands.h"

#include "artifacts/Inspector.h"
#include "artifacts/SummaryJson.h"
#include "cli/CliSupport.h"
#include "cli/HistoryCommand.h"
#include "cli/InspectText.h"
#include "cli/SessionPrinter.h"
#include "history/HistoryStore.h"
#include "net/NetworkManager.h"
#include "secoda/ListIntegrationsJob.h"
#include "secoda/UploadArtifactsJob.h"
#include "secoda/UploadSession.h"
#include "secrets/SecretStore.h"
#include "settings/AppSettings.h"
#include "util/TextFormat.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <functional>
#include <string>

namespace Dbtu::Cli {

namespace {

/** Options every API command takes, and what they resolve to. */
struct ApiOptions
{
    QCommandLineOption apiUrl{QStringLiteral("api-url"),
                              QStringLiteral("API base URL, e.g. https://host/api/v1."),
                              QStringLiteral("URL")};
    QCommandLineOption apiRegion{QStringLiteral("api-region"),
                                 QStringLiteral("us, eu or apac (default: us)."),
                                 QStringLiteral("REGION")};
    QCommandLineOption integration{QStringLiteral("integration"),
                                   QStringLiteral("Integration ID (or its Syncs page URL)."),
                                   QStringLiteral("ID")};
    QCommandLineOption profile{QStringLiteral("profile"),
                               QStringLiteral("Settings profile (default: the last one used)."),
                               QStringLiteral("NAME")};
    QCommandLineOption keyStdin{QStringLiteral("api-key-stdin"),
                                QStringLiteral("Read the API key from the first line of stdin.")};
    QCommandLineOption json{QStringLiteral("json"), QStringLiteral("Print a JSON result.")};
    QCommandLineOption requestTimeout{QStringLiteral("request-timeout"),
                                      QStringLiteral("Give up on a request after this long without "
                                                     "progress (default 30, uploads 120)."),
                                      QStringLiteral("SECONDS")};
    QCommandLineOption caFile = caFileOption();
    QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")},
                            QStringLiteral("Show this help.")};
    QCommandLineOption watch{QStringLiteral("watch"),
                             QStringLiteral("Follow the sync until it ends.")};
    QCommandLineOption timeout{QStringLiteral("timeout"),
                               QStringLiteral("No request may take longer than this, from start "
                                              "to end (default: 120, uploads more by size); "
                                              "also the watch limit unless --watch-timeout."),
                               QStringLiteral("SECONDS")};
    QCommandLineOption watchTimeout{QStringLiteral("watch-timeout"),
                                    QStringLiteral("Watch at most this long (default 900)."),
                                    QStringLiteral("SECONDS")};

    /** --watch-timeout (and --watch unless the command always watches). */
    void addWatchTo(QCommandLineParser &p, bool withWatchFlag) const
    {
        if (withWatchFlag) {
            p.addOption(watch);
        }
        p.addOption(watchTimeout);
    }

    void addTo(QCommandLineParser &p, bool withIntegration = true) const
    {
        p.addOption(apiUrl);
        p.addOption(apiRegion);
        if (withIntegration) {
            p.addOption(integration);
        }
        p.addOption(profile);
        p.addOption(keyStdin);
        p.addOption(json);
        p.addOption(requestTimeout);
        p.addOption(timeout);
        p.addOption(caFile);
        p.addOption(help);
    }
};

struct ApiContext
{
    ApiProfile profile;
    ApiEndpoint endpoint;
    Secret key;
    QString integrationId;
    std::optional<std::chrono::milliseconds> requestTimeout;
    std::optional<std::chrono::milliseconds> deadline;

    /** Applies --request-timeout (or the job's own default) and --timeout to a job. */
    void configure(NetworkJob &job, std::chrono::milliseconds fallback) const
    {
        job.setTimeout(requestTimeout.value_or(fallback));
        if (deadline) {
            job.setDeadline(*deadline);
        }
    }
};

Result<ApiContext> resolve(const QCommandLineParser &p, const ApiOptions &o, bool needKey,
                           bool needIntegration)
{
    AppSettings settings;
    ApiContext c;
    const QString profileName = p.isSet(o.profile) ? p.value(o.profile) : settings.lastProfile();
    c.profile = settings.profile(profileName);
    QString where = c.profile.apiUrl;
    if (p.isSet(o.apiUrl) && p.isSet(o.apiRegion)) {
        return Error{ErrorCode::InvalidInput,
                     QStringLiteral("give --api-url or --api-region, not both"),
                     QStringLiteral("--api-region us|eu|apac, or --api-url https://host/api/v1"),
                     {},
                     0};
    }
    if (p.isSet(o.apiUrl)) {
        where = p.value(o.apiUrl);
    } else if (p.isSet(o.apiRegion)) {
        where = p.value(o.apiRegion);
        if (ApiEndpoint::regionUrl(where).isEmpty()) {
            return Error{ErrorCode::InvalidInput,
                         QStringLiteral("unknown region \"%1\"").arg(where),
                         QStringLiteral("use us, eu or apac, or --api-url"),
                         {},
                         0};
        }
    }
    if (p.isSet(o.requestTimeout)) {
        bool ok = false;
        const double seconds = p.value(o.requestTimeout).toDouble(&ok);
        if (!ok || seconds <= 0) {
            return Error{ErrorCode::InvalidInput,
                         QStringLiteral("--request-timeout takes a number of seconds"),
                         QStringLiteral("e.g. --request-timeout 60"),
                         {},
                         0};
        }
        c.requestTimeout = std::chrono::milliseconds(qint64(seconds * 1000));
    }
    if (p.isSet(o.timeout)) {
        bool ok = false;
        const double seconds = p.value(o.timeout).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 7 * 86400) {
            return Error{ErrorCode::InvalidInput,
                         QStringLiteral("--timeout takes a number of seconds"),
                         QStringLiteral("e.g. --timeout 60"),
                         {},
                         0};
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
            return Error{ErrorCode::InvalidInput,
                         QStringLiteral("no integration given"),
                         QStringLiteral("pass --integration ID (see `dbt-uploader integrations`), "
                                        "or pick one in the window's API upload tab"),
                         {},
                         0};
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

/** Prints each retry of a job as a note on stderr. */
void printRetries(NetworkJob &job, QTextStream &err)
{
    QObject::connect(&job, &NetworkJob::retrying, &job,
                     [&err](int attempt, int max, qint64 delayMs, const QString &reason) {
                         err << retryNote(attempt, max, delayMs, reason) << "\n";
                         err.flush();
                     });
}

/** Runs a network job to its end, printing its retries. */
void runJob(NetworkJob &job, QTextStream &err)
{
    printRetries(job, err);
    Cli::runJob(job);
}

/** DBTU_WATCH_POLL_MS: tests poll faster. */
std::optional<std::chrono::milliseconds> fastPoll()
{
    const QByteArray fast = qgetenv("DBTU_WATCH_POLL_MS");
    if (fast.isEmpty()) {
        return std::nullopt;
    }
    return std::chrono::milliseconds(fast.toInt());
}

/**
 * The watch limit in seconds: --watch-timeout, else --timeout (which also bounds each request),
 * else 900; nullopt after printing a usage error.
 */
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

/**
 * The start every API command shares: its options and parser, then parse (and --help), --timeout
 * and resolve. Each step returns the exit code when the command should stop there, having printed
 * why; start() runs the three in order. A command with checks of its own between them (upload)
 * calls the steps one by one.
 */
struct ApiCommand
{
    enum class Watch { No, TimeoutOnly, FlagAndTimeout };

    ApiCommand(QString name, QString help, bool withIntegration, Watch watch)
        : m_name(std::move(name))
        , m_help(std::move(help))
        , m_withIntegration(withIntegration)
        , m_watch(watch)
    {
        options.addTo(parser, withIntegration);
        if (watch != Watch::No) {
            options.addWatchTo(parser, watch == Watch::FlagAndTimeout);
        }
    }

    /** Parses args and handles --help; sets json. */
    std::optional<int> parse(const QStringList &args, QTextStream &out, QTextStream &err)
    {
        if (auto code = parseCommand(parser, m_name, args, m_help, out, err)) {
            return code;
        }
        json = parser.isSet(options.json);
        return std::nullopt;
    }

    /** Reads --timeout into watchSeconds (commands that watch). */
    std::optional<int> readWatchLimit(QTextStream &err)
    {
        if (m_watch == Watch::No) {
            return std::nullopt;
        }
        const std::optional<int> limit = watchLimit(parser, options, err);
        if (!limit) {
            return 2;
        }
        watchSeconds = *limit;
        return std::nullopt;
    }

    /** Resolves endpoint, integration (when the command takes one) and API key into context. */
    std::optional<int> resolve(QTextStream &out, QTextStream &err)
    {
        Result<ApiContext> c = Cli::resolve(parser, options, true, m_withIntegration);
        if (!c) {
            return fail(out, err, json, c.error());
        }
        context = std::move(c).value();
        return std::nullopt;
    }

    std::optional<int> start(const QStringList &args, QTextStream &out, QTextStream &err)
    {
        if (auto code = parse(args, out, err)) {
            return code;
        }
        if (auto code = readWatchLimit(err)) {
            return code;
        }
        return resolve(out, err);
    }

    /** How the CLI runs an UploadSession: no waiting on warnings, its timeouts and watch. */
    UploadSession::Options sessionOptions() const
    {
        UploadSession::Options o;
        o.surface = UploadSession::Surface::CommandLine;
        o.waitOnWarnings = false;
        o.watch = m_watch == Watch::FlagAndTimeout && parser.isSet(options.watch);
        o.watchLimit = std::chrono::seconds(watchSeconds);
        if (const std::optional<std::chrono::milliseconds> fast = fastPoll()) {
            o.pollFirst = *fast;
            o.pollMax = *fast * 4;
        }
        o.requestTimeout = context.requestTimeout;
        o.deadline = context.deadline;
        return o;
    }

    ApiOptions options;
    QCommandLineParser parser;
    bool json = false;
    int watchSeconds = 900;
    ApiContext context;

private:
    QString m_name;
    QString m_help;
    bool m_withIntegration;
    Watch m_watch;
};

} // namespace

int runIntegrations(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString help = QStringLiteral(
        "Usage: dbt-uploader integrations [--json] [--api-url URL | --api-region R] [--profile "
        "P]\n\n"
        "Lists the integrations of the Secoda account (dbt-looking ones first).\n");
    ApiCommand cmd(QStringLiteral("integrations"), help, false, ApiCommand::Watch::No);
    if (auto code = cmd.start(args, out, err)) {
        return *code;
    }
    const bool json = cmd.json;
    const ApiContext &c = cmd.context;
    NetworkManager nam;
    ListIntegrationsJob job(nam, c.endpoint, c.key);
    c.configure(job, std::chrono::seconds(30));
    runJob(job, err);
    if (job.error()) {
        return fail(out, err, json, *job.error());
    }
    QList<Integration> list = job.integrations();
    std::stable_sort(list.begin(), list.end(), [](const Integration &a, const Integration &b) {
        return a.looksLikeDbt() && !b.looksLikeDbt();
    });
    if (json) {
        QJsonArray a;
        for (const Integration &i : std::as_const(list)) {
            a.append(QJsonObject{{QStringLiteral("id"), i.id},
                                 {QStringLiteral("name"), i.name},
                                 {QStringLiteral("type"), i.type},
                                 {QStringLiteral("looks_like_dbt"), i.looksLikeDbt()},
                                 {QStringLiteral("last_run"),
                                  i.lastRun ? QJsonValue(isoUtc(*i.lastRun)) : QJsonValue()}});
        }
        out << QJsonDocument(QJsonObject{{QStringLiteral("integrations"), a}}).toJson();
    } else {
        for (const Integration &i : std::as_const(list)) {
            out << (i.looksLikeDbt() ? "* " : "  ") << i.id << "  " << i.type.leftJustified(12)
                << " " << i.name
                << (i.lastRun ? QStringLiteral("  (last run %1)").arg(isoUtc(*i.lastRun))
                              : QString())
                << "\n";
        }
        out << list.size() << " integration(s); * = looks like dbt\n";
    }
    out.flush();
    return 0;
}

int runTrigger(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString help = QStringLiteral(
        "Usage: dbt-uploader trigger [--watch [--watch-timeout SECONDS]] [--timeout SECONDS]\n"
        "                            [--integration ID] [--json]\n\n"
        "Starts a sync of the dbt integration (POST /integration/dbt/{id}/trigger/).\n");
    ApiCommand cmd(QStringLiteral("trigger"), help, true, ApiCommand::Watch::FlagAndTimeout);
    if (auto code = cmd.start(args, out, err)) {
        return *code;
    }
    const bool json = cmd.json;
    const ApiContext &c = cmd.context;
    NetworkManager nam;
    UploadSession session(nam, c.endpoint, c.key, c.integrationId, cmd.sessionOptions());
    SessionPrinter printer(session, c.integrationId, cmd.watchSeconds, err);
    QObject::connect(&session, &UploadSession::triggered, &session, [&] {
        printer.line(QStringLiteral("Sync triggered for integration %1.").arg(c.integrationId));
    });
    printer.run([&session] { session.startTrigger(); });
    if (session.error()) {
        return fail(out, err, json, *session.error());
    }
    QJsonObject result{{QStringLiteral("integration"), c.integrationId},
                       {QStringLiteral("triggered_at"), isoUtc(session.syncStartedAt())},
                       {QStringLiteral("syncs_page"), session.syncsPage().toString()}};
    if (session.hasWatched()) {
        result.insert(QStringLiteral("sync"), syncJson(session));
    }
    if (json) {
        out << QJsonDocument(result).toJson();
        out.flush();
    }
    return 0;
}

int runWatch(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString help = QStringLiteral(
        "Usage: dbt-uploader watch [--timeout SECONDS] [--integration ID] [--json]\n\n"
        "Waits until the integration's last sync time moves past now, or the timeout.\n");
    ApiCommand cmd(QStringLiteral("watch"), help, true, ApiCommand::Watch::TimeoutOnly);
    if (auto code = cmd.start(args, out, err)) {
        return *code;
    }
    const bool json = cmd.json;
    const ApiContext &c = cmd.context;
    NetworkManager nam;
    UploadSession session(nam, c.endpoint, c.key, c.integrationId, cmd.sessionOptions());
    SessionPrinter printer(session, c.integrationId, cmd.watchSeconds, err);
    printer.run([&session] { session.startWatch(QDateTime::currentDateTimeUtc()); });
    if (session.error()) {
        return fail(out, err, json, *session.error());
    }
    const QJsonObject sync = syncJson(session);
    if (json) {
        out << QJsonDocument(QJsonObject{{QStringLiteral("integration"), c.integrationId},
                                         {QStringLiteral("sync"), sync}})
                   .toJson();
        out.flush();
    }
    return 0;
}

int runUpload(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString help = QStringLiteral(
        "Usage: dbt-uploader upload [--style combined|separate] [--no-trigger] [--watch]\n"
        "                           [--timeout SECONDS] [--integration ID] [--json] PATH...\n\n"
        "Checks the artifacts (as inspect does), uploads them to the integration, triggers a\n"
        "sync (combined style; the separate style starts one by itself) and, with --watch,\n"
        "follows it. PATH: manifest.json, run_results.json or a target/ folder.\n"
        "The API key comes from SECODA_API_KEY, --api-key-stdin or the keychain.\n");
    ApiCommand cmd(QStringLiteral("upload"), help, true, ApiCommand::Watch::FlagAndTimeout);
    QCommandLineParser &p = cmd.parser;
    const QCommandLineOption style(QStringLiteral("style"),
                                   QStringLiteral("combined (default) or separate."),
                                   QStringLiteral("STYLE"));
    const QCommandLineOption noTrigger(
        QStringLiteral("no-trigger"),
        QStringLiteral("Combined style: do not trigger a sync after the upload."));
    p.addOption(style);
    p.addOption(noTrigger);
    p.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("files or a target/ folder"),
                            QStringLiteral("PATH..."));
    // The steps one by one: upload checks its own arguments between them, in this order.
    if (auto code = cmd.parse(args, out, err)) {
        return *code;
    }
    const bool json = cmd.json;
    const QString styleName = p.isSet(style) ? p.value(style) : QString();
    if (!styleName.isEmpty() && styleName != QLatin1String("combined")
        && styleName != QLatin1String("separate")) {
        return usage(err, QStringLiteral("unknown style \"%1\"").arg(styleName),
                     QStringLiteral("--style combined or --style separate"));
    }
    if (auto code = cmd.readWatchLimit(err)) {
        return *code;
    }
    if (p.positionalArguments().isEmpty()) {
        return usage(err, QStringLiteral("upload needs at least one PATH"),
                     QStringLiteral("dbt-uploader upload --integration ID target/"));
    }
    if (auto code = cmd.resolve(out, err)) {
        return *code;
    }
    const ApiContext &c = cmd.context;

    const UploadStyle uploadStyle
        = (styleName.isEmpty() ? c.profile.style : styleName) == QLatin1String("separate")
              ? UploadStyle::Separate
              : UploadStyle::Combined;
    NetworkManager nam;
    UploadSession::Options options = cmd.sessionOptions();
    options.trigger = !p.isSet(noTrigger);
    options.watch = p.isSet(cmd.options.watch);
    UploadSession session(nam, c.endpoint, c.key, c.integrationId, options);
    const std::unique_ptr<HistoryStore> history = openHistoryForUpload(err);
    session.setHistory(historyTarget(history.get(), c.profile.name));
    SessionPrinter printer(session, c.integrationId, cmd.watchSeconds, err);
    QObject::connect(&session, &UploadSession::checksFinished, &session,
                     [&printer](const InspectResult &r) { printer.checks(r.checks); });
    QObject::connect(&session, &UploadSession::uploaded, &session, [&](qint64 bytes) {
        printer.line(QStringLiteral("Uploaded %1 to integration %2.")
                         .arg(humanSize(bytes), c.integrationId));
    });
    QObject::connect(&session, &UploadSession::triggered, &session,
                     [&printer] { printer.line(QStringLiteral("Sync triggered.")); });
    printer.run([&] { session.startUpload(p.positionalArguments(), uploadStyle); });
    warnIfNotRecorded(err, session.historyError());
    if (session.error()) {
        return fail(out, err, json, *session.error());
    }

    QJsonArray files;
    for (const auto &path : {session.request().manifestPath, session.request().runResultsPath}) {
        if (path) {
            files.append(QJsonObject{{QStringLiteral("path"), *path},
                                     {QStringLiteral("size_bytes"), QFileInfo(*path).size()}});
        }
    }
    QJsonObject result{{QStringLiteral("integration"), c.integrationId},
                       {QStringLiteral("style"), uploadStyle == UploadStyle::Combined
                                                     ? QStringLiteral("combined")
                                                     : QStringLiteral("separate")},
                       {QStringLiteral("files"), files},
                       {QStringLiteral("syncs_page"), session.syncsPage().toString()}};
    if (uploadStyle == UploadStyle::Combined && session.isTriggered()) {
        result.insert(QStringLiteral("triggered_at"), isoUtc(session.syncStartedAt()));
    }
    result.insert(QStringLiteral("triggered"), session.isTriggered());
    if (session.hasWatched()) {
        result.insert(QStringLiteral("sync"), syncJson(session));
    }
    if (json) {
        out << QJsonDocument(result).toJson();
        out.flush();
    }
    return 0;
}

} // namespace Dbtu::Cli
