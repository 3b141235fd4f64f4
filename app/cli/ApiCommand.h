// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "cli/CliSupport.h"
#include "net/NetworkJob.h"
#include "secoda/ApiEndpoint.h"
#include "secoda/UploadSession.h"
#include "secrets/Secret.h"
#include "settings/AppSettings.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QTextStream>

#include <chrono>
#include <optional>

namespace Dbtu::Cli {

/** --style and --no-trigger, as `upload` and `follow` take them. */
struct UploadStyleOptions
{
    QCommandLineOption style = valueOption("style", "combined (default) or separate.", "STYLE");
    QCommandLineOption noTrigger
        = flagOption("no-trigger", "Combined style: do not trigger a sync after the upload.");

    void addTo(QCommandLineParser &p) const
    {
        p.addOption(style);
        p.addOption(noTrigger);
    }
    /** A --style other than combined or separate: a usage error (2). */
    std::optional<int> check(const QCommandLineParser &p, QTextStream &err) const
    {
        const QString name = p.value(style);
        if (!name.isEmpty() && name != QLatin1String("combined")
            && name != QLatin1String("separate")) {
            return usage(err, QStringLiteral("unknown style \"%1\"").arg(name),
                         QStringLiteral("--style combined or --style separate"));
        }
        return std::nullopt;
    }
    /** --style, else the profile's style (@p profileStyle). */
    UploadStyle styleFor(const QCommandLineParser &p, const QString &profileStyle) const
    {
        const QString name = p.value(style);
        return (name.isEmpty() ? profileStyle : name) == QLatin1String("separate")
                   ? UploadStyle::Separate
                   : UploadStyle::Combined;
    }
    bool trigger(const QCommandLineParser &p) const { return !p.isSet(noTrigger); }
};

/** Options every API command takes, and what they resolve to. */
struct ApiOptions
{
    QCommandLineOption apiUrl
        = valueOption("api-url", "API base URL, e.g. https://host/api/v1.", "URL");
    QCommandLineOption apiRegion
        = valueOption("api-region", "us, eu or apac (default: us).", "REGION");
    QCommandLineOption integration
        = valueOption("integration", "Integration ID (or its Syncs page URL).", "ID");
    QCommandLineOption profile
        = valueOption("profile", "Settings profile (default: the last one used).", "NAME");
    QCommandLineOption keyStdin
        = flagOption("api-key-stdin", "Read the API key from the first line of stdin.");
    QCommandLineOption json = flagOption("json", "Print a JSON result.");
    QCommandLineOption requestTimeout = valueOption("request-timeout",
                                                    "Give up on a request after this long without "
                                                    "progress (default 30, uploads 120).",
                                                    "SECONDS");
    QCommandLineOption caFile = caFileOption();
    QCommandLineOption help = helpOption();
    QCommandLineOption watch = flagOption("watch", "Follow the sync until it ends.");
    QCommandLineOption timeout = valueOption("timeout",
                                             "No request may take longer than this, from start "
                                             "to end (default: 120, uploads more by size); "
                                             "also the watch limit unless --watch-timeout.",
                                             "SECONDS");
    QCommandLineOption watchTimeout
        = valueOption("watch-timeout", "Watch at most this long (default 900).", "SECONDS");

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

/**
 * The profile, endpoint, integration (when @p needIntegration) and key (when @p needKey) the
 * options name: the key from SECODA_API_KEY, else --api-key-stdin, else the keychain.
 */
Result<ApiContext> resolveApi(const QCommandLineParser &p, const ApiOptions &o, bool needKey,
                              bool needIntegration);

/** DBTU_WATCH_POLL_MS: tests poll faster. */
std::optional<std::chrono::milliseconds> fastPoll();

/**
 * The watch limit in seconds: --watch-timeout, else --timeout (which also bounds each request),
 * else 900; nullopt after printing a usage error.
 */
std::optional<int> watchLimit(const QCommandLineParser &p, const ApiOptions &o, QTextStream &err);

/**
 * The start every API command shares: its options and parser, then parse (and --help), --timeout
 * and resolve. Each step returns the exit code when the command should stop there, having printed
 * why; start() runs the three in order. A command with checks of its own between them (upload,
 * follow) calls the steps one by one.
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
        Result<ApiContext> c = resolveApi(parser, options, true, m_withIntegration);
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

} // namespace Dbtu::Cli
