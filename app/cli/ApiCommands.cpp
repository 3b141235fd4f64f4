// SPDX-License-Identifier: MIT
#include "ApiCommands.h"

#include "AppSettings.h"
#include "ArtifactSniffer.h"
#include "CliSupport.h"
#include "InspectText.h"
#include "Inspector.h"
#include "NetworkManager.h"
#include "SecodaJob.h"
#include "SecretStore.h"
#include "SummaryJson.h"
#include "SyncWatcher.h"
#include "TextFormat.h"
#include "UploadArtifactsJob.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>
#include <functional>
#include <iostream>
#include <string>

#if defined(Q_OS_UNIX)
#include <termios.h>
#include <unistd.h>
#endif

namespace Dbtu::Cli {

namespace {

QString isoUtc(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

/**
 * A trigger that failed after it may have reached Secoda (TriggerSyncJob::mayHaveStarted()):
 * never "not triggered" nor "try again", since a second trigger starts a second sync.
 */
Error triggerMayHaveStarted(Error e, const QString &before)
{
    e.message = before + QStringLiteral("the sync may or may not have started: ") + e.message;
    if (before.isEmpty()) {
        e.message[0] = e.message[0].toUpper();
    }
    e.hint = QStringLiteral("Look at the Syncs page (or run `dbt-uploader watch`) before you "
                            "trigger again: a second trigger starts a second sync.");
    return e;
}

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

std::string readLineFromStdin(bool hideEcho)
{
#if defined(Q_OS_UNIX)
    termios old{};
    const bool tty = hideEcho && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        std::fputs("API key: ", stderr);
    }
#else
    Q_UNUSED(hideEcho);
#endif
    std::string line;
    std::getline(std::cin, line);
#if defined(Q_OS_UNIX)
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::fputs("\n", stderr);
    }
#endif
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ')) {
        line.pop_back();
    }
    return line;
}

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

/** Parses args for a command; returns an exit code when the command should stop here. */
std::optional<int> parse(QCommandLineParser &p, const QString &command, const QStringList &args,
                         const QString &helpText, QTextStream &out, QTextStream &err)
{
    if (!p.parse(QStringList{QStringLiteral("dbt-uploader ") + command} + args)) {
        return usage(err, p.errorText(), QStringLiteral("see dbt-uploader %1 --help").arg(command));
    }
    if (p.isSet(QStringLiteral("help"))) {
        out << helpText;
        out.flush();
        return 0;
    }
    return std::nullopt;
}

/** Prints each retry of a job as a note on stderr. */
void printRetries(NetworkJob &job, QTextStream &err)
{
    QObject::connect(&job, &NetworkJob::retrying, &job,
                     [&err](int attempt, int max, qint64 delayMs, const QString &reason) {
                         err << "note: " << reason << "; retrying in "
                             << QString::number(double(delayMs) / 1000.0, 'f', 1) << " s (attempt "
                             << attempt << " of " << max << ")\n";
                         err.flush();
                     });
}

/** Runs a network job to its end, printing its retries. */
void runJob(NetworkJob &job, QTextStream &err)
{
    printRetries(job, err);
    bool finished = false;
    QObject::connect(&job, &NetworkJob::finished, &job, [&finished] { finished = true; });
    job.start();
    runUntil([&] { return finished; }, [&job] { job.cancel(); });
}

QJsonObject watchSync(QNetworkAccessManager &nam, const ApiContext &c, const QDateTime &startedAt,
                      int timeoutSeconds, QTextStream &err, std::optional<Error> &error)
{
    SyncWatcher watcher(nam, c.endpoint, c.key, c.integrationId, startedAt);
    watcher.setLimit(std::chrono::seconds(timeoutSeconds));
    if (c.deadline) {
        watcher.setRequestDeadline(*c.deadline);
    }
    const QByteArray fast = qgetenv("DBTU_WATCH_POLL_MS"); // tests poll faster
    if (!fast.isEmpty()) {
        watcher.setPollInterval(std::chrono::milliseconds(fast.toInt()),
                                std::chrono::milliseconds(fast.toInt() * 4));
    }
    err << "Watching the sync of integration " << c.integrationId << " (up to " << timeoutSeconds
        << " s)…\n";
    err.flush();
    bool finished = false;
    QObject::connect(&watcher, &SyncWatcher::finished, &watcher, [&finished] { finished = true; });
    watcher.start();
    runUntil([&] { return finished; }, [&watcher] { watcher.cancel(); });
    QJsonObject o;
    o.insert(QStringLiteral("started_at"), isoUtc(startedAt));
    o.insert(QStringLiteral("last_run"),
             watcher.lastRun() ? QJsonValue(isoUtc(*watcher.lastRun())) : QJsonValue());
    o.insert(QStringLiteral("syncs_page"), watcher.syncsPage().toString());
    switch (watcher.outcome()) {
    case SyncWatcher::Outcome::Finished:
        o.insert(QStringLiteral("outcome"), QStringLiteral("finished"));
        err << "The sync finished (last run " << isoUtc(*watcher.lastRun()) << ").\n";
        break;
    case SyncWatcher::Outcome::GaveUp:
        o.insert(QStringLiteral("outcome"), QStringLiteral("gave_up"));
        err << "note: the sync had not finished after " << timeoutSeconds
            << " s; it goes on in Secoda. Follow it at " << watcher.syncsPage().toString() << "\n";
        break;
    case SyncWatcher::Outcome::Cancelled:
        o.insert(QStringLiteral("outcome"), QStringLiteral("cancelled"));
        error = Error{ErrorCode::Cancelled,
                      QStringLiteral("Watching was cancelled; the sync goes on in Secoda."),
                      QStringLiteral("Follow it at %1").arg(watcher.syncsPage().toString()),
                      {},
                      0};
        break;
    case SyncWatcher::Outcome::Failed:
    case SyncWatcher::Outcome::Running:
        o.insert(QStringLiteral("outcome"), QStringLiteral("failed"));
        error = watcher.error();
        break;
    }
    err << "Syncs page: " << watcher.syncsPage().toString() << "\n";
    err.flush();
    return o;
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
        if (auto code = Cli::parse(parser, m_name, args, m_help, out, err)) {
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
    TriggerSyncJob job(nam, c.endpoint, c.key, c.integrationId);
    c.configure(job, std::chrono::seconds(30));
    runJob(job, err);
    if (job.error()) {
        Error e = *job.error();
        if (job.mayHaveStarted()) {
            e = triggerMayHaveStarted(std::move(e), QString());
        }
        return fail(out, err, json, e);
    }
    err << "Sync triggered for integration " << c.integrationId << ".\n";
    QJsonObject result{
        {QStringLiteral("integration"), c.integrationId},
        {QStringLiteral("triggered_at"), isoUtc(job.triggeredAt())},
        {QStringLiteral("syncs_page"), c.endpoint.syncsPage(c.integrationId).toString()}};
    std::optional<Error> error;
    if (cmd.parser.isSet(cmd.options.watch)) {
        result.insert(QStringLiteral("sync"),
                      watchSync(nam, c, job.triggeredAt(), cmd.watchSeconds, err, error));
    }
    if (error) {
        return fail(out, err, json, *error);
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
    std::optional<Error> error;
    const QJsonObject sync
        = watchSync(nam, c, QDateTime::currentDateTimeUtc(), cmd.watchSeconds, err, error);
    if (error) {
        return fail(out, err, json, *error);
    }
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

    // 1. Which file is which. dbt 0.19+ names its schema in the first bytes, so the combined
    //    style can check the files (a full read) while they are being sent, and the two overlap;
    //    the check still decides: a file that fails it cancels the upload, and no sync is
    //    triggered. Legacy files, and the separate style (whose uploads start a sync by
    //    themselves), are checked completely first.
    Result<ArtifactPaths> resolved = resolveArtifactPaths(p.positionalArguments());
    if (!resolved) {
        return fail(out, err, json, resolved.error());
    }
    UploadRequest request;
    request.integrationId = c.integrationId;
    request.style = (styleName.isEmpty() ? c.profile.style : styleName) == QLatin1String("separate")
                        ? UploadStyle::Separate
                        : UploadStyle::Combined;
    bool overlap = request.style == UploadStyle::Combined;
    for (const ArtifactPaths::Entry &entry : resolved.value().files) {
        const std::optional<ArtifactKind> kind = sniffArtifactKind(entry.path);
        if (!kind || (entry.expected && *entry.expected != *kind)) {
            overlap = false;
        } else if (*kind == ArtifactKind::Manifest && !request.manifestPath) {
            request.manifestPath = entry.path;
        } else if (*kind == ArtifactKind::RunResults && !request.runResultsPath) {
            request.runResultsPath = entry.path;
        } else {
            overlap = false; // another JSON, or a second file of a kind: the full check says why
        }
    }

    ReadControl control;
    QFuture<Result<InspectResult>> check = QtConcurrent::run(
        [paths = p.positionalArguments(), &control] { return inspectArtifacts(paths, &control); });
    const auto reportChecks = [&err](const InspectResult &r) {
        writeChecks(err, r.checks);
        err.flush();
    };
    if (!overlap) {
        runUntil([&] { return check.isFinished(); }, [&control] { control.cancelled = true; });
        Result<InspectResult> inspected = check.result();
        if (!inspected) {
            return fail(out, err, json, inspected.error());
        }
        reportChecks(inspected.value());
        request.manifestPath.reset();
        request.runResultsPath.reset();
        if (inspected.value().manifest) {
            request.manifestPath = inspected.value().manifest->path;
        }
        if (inspected.value().runResults) {
            request.runResultsPath = inspected.value().runResults->path;
        }
    }
    if (Result<void> valid = UploadArtifactsJob::validate(request); !valid) {
        control.cancelled = true;
        check.waitForFinished();
        return fail(out, err, json, valid.error());
    }

    // 2. Send them, streamed from disk.
    NetworkManager nam;
    UploadArtifactsJob upload(nam, c.endpoint, c.key, request);
    c.configure(upload, std::chrono::seconds(120));
    QElapsedTimer lastPrint;
    lastPrint.start();
    const bool tty = isatty(STDERR_FILENO);
    QObject::connect(
        &upload, &NetworkJob::progressChanged, &upload, [&](qint64 done, qint64 total) {
            if (tty && (lastPrint.elapsed() > 200 || done == total)) {
                lastPrint.restart();
                err << "\rUploading… " << humanSize(done) << " of " << humanSize(total)
                    << (total ? QStringLiteral(" (%1%)").arg(done * 100 / total) : QString())
                    << "   ";
                err.flush();
            }
        });
    printRetries(upload, err);
    bool uploaded = false;
    QObject::connect(&upload, &NetworkJob::finished, &upload, [&uploaded] { uploaded = true; });
    upload.start();
    // A failed check stops the upload at once; Ctrl+C stops both.
    runUntil(
        [&] {
            if (!uploaded && check.isFinished() && !check.result().ok()) {
                upload.cancel();
            }
            return uploaded;
        },
        [&] {
            control.cancelled = true;
            upload.cancel();
        });
    if (tty) {
        err << "\n";
    }
    runUntil([&] { return check.isFinished(); }, [&control] { control.cancelled = true; });
    if (overlap) {
        Result<InspectResult> inspected = check.result();
        if (!inspected) {
            Error e = inspected.error();
            if (!upload.error()) {
                e.message += QStringLiteral(" (The files had already been sent; no sync was "
                                            "triggered, so Secoda keeps its last synced state.)");
            }
            return fail(out, err, json, e);
        }
        reportChecks(inspected.value());
    }
    if (upload.error()) {
        return fail(out, err, json, *upload.error());
    }
    err << "Uploaded " << humanSize(upload.totalBytes()) << " to integration "
        << request.integrationId << ".\n";
    QJsonArray files;
    for (const auto &path : {request.manifestPath, request.runResultsPath}) {
        if (path) {
            files.append(QJsonObject{{QStringLiteral("path"), *path},
                                     {QStringLiteral("size_bytes"), QFileInfo(*path).size()}});
        }
    }
    QJsonObject result{
        {QStringLiteral("integration"), request.integrationId},
        {QStringLiteral("style"), request.style == UploadStyle::Combined
                                      ? QStringLiteral("combined")
                                      : QStringLiteral("separate")},
        {QStringLiteral("files"), files},
        {QStringLiteral("syncs_page"), c.endpoint.syncsPage(request.integrationId).toString()}};

    // 3. Trigger (combined style); the separate endpoints start a sync by themselves.
    QDateTime startedAt = QDateTime::currentDateTimeUtc();
    if (request.style == UploadStyle::Combined && !p.isSet(noTrigger)) {
        TriggerSyncJob trigger(nam, c.endpoint, c.key, request.integrationId);
        c.configure(trigger, std::chrono::seconds(30));
        runJob(trigger, err);
        if (trigger.error()) {
            Error e = *trigger.error();
            if (trigger.mayHaveStarted()) {
                e = triggerMayHaveStarted(std::move(e),
                                          QStringLiteral("The files were uploaded; "));
            } else {
                e.message
                    = QStringLiteral("The files were uploaded, but the sync was not triggered: ")
                      + e.message;
                e.hint += QStringLiteral(" Run `dbt-uploader trigger` to start it.");
            }
            return fail(out, err, json, e);
        }
        startedAt = trigger.triggeredAt();
        err << "Sync triggered.\n";
        result.insert(QStringLiteral("triggered_at"), isoUtc(startedAt));
    }
    result.insert(QStringLiteral("triggered"),
                  request.style == UploadStyle::Separate || !p.isSet(noTrigger));

    // 4. Watch.
    std::optional<Error> error;
    if (p.isSet(cmd.options.watch)) {
        result.insert(QStringLiteral("sync"),
                      watchSync(nam, c, startedAt, cmd.watchSeconds, err, error));
    }
    err.flush();
    if (error) {
        return fail(out, err, json, *error);
    }
    if (json) {
        out << QJsonDocument(result).toJson();
        out.flush();
    }
    return 0;
}

int runKey(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser p;
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("Settings profile."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    p.addOption(profile);
    p.addOption(help);
    p.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("set, clear or status"));
    const QString helpText = QStringLiteral(
        "Usage: dbt-uploader key set|clear|status [--profile NAME]\n\n"
        "Keeps the Secoda API key in the OS keychain (never in a file). `set` reads the key\n"
        "from standard input (typed without echo on a terminal, or piped).\n");
    if (auto code = parse(p, QStringLiteral("key"), args, helpText, out, err)) {
        return *code;
    }
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1
        || !QStringList({QStringLiteral("set"), QStringLiteral("clear"), QStringLiteral("status")})
                .contains(pos.first())) {
        return usage(err, QStringLiteral("key needs one of set, clear, status"),
                     QStringLiteral("dbt-uploader key set < key.txt"));
    }
    AppSettings settings;
    const QString profileName = p.isSet(profile) ? p.value(profile) : settings.lastProfile();
    const QString keyName = SecretStore::apiKeyName(profileName);
    SecretStore store;
    std::unique_ptr<SecretJob> job;
    const QString action = pos.first();
    if (action == QLatin1String("set")) {
        const std::string line = readLineFromStdin(true);
        if (line.empty()) {
            return fail(out, err, false,
                        Error{ErrorCode::InvalidInput,
                              QStringLiteral("no key on standard input"),
                              QStringLiteral("pipe the key in: dbt-uploader key set < key.txt"),
                              {},
                              0});
        }
        job.reset(store.write(keyName, Secret(QByteArray::fromStdString(line))));
    } else if (action == QLatin1String("clear")) {
        job.reset(store.remove(keyName));
    } else {
        job.reset(store.read(keyName));
    }
    bool finished = false;
    QObject::connect(job.get(), &SecretJob::finished, [&finished] { finished = true; });
    SecretStore::start(job.get());
    runUntil([&] { return finished; }, [] {});
    if (job->error()) {
        return fail(out, err, false, *job->error());
    }
    if (action == QLatin1String("set")) {
        out << "The API key for profile \"" << profileName << "\" is stored in the keychain.\n";
    } else if (action == QLatin1String("clear")) {
        out << "No API key is stored for profile \"" << profileName << "\" any more.\n";
    } else {
        out << (job->found()
                    ? QStringLiteral("An API key is stored for profile \"%1\" in the keychain.\n")
                    : QStringLiteral("No API key is stored for profile \"%1\".\n"))
                   .arg(profileName);
        if (!qgetenv("SECODA_API_KEY").isEmpty()) {
            out << "SECODA_API_KEY is set and takes precedence.\n";
        }
    }
    out.flush();
    return 0;
}

} // namespace Dbtu::Cli
