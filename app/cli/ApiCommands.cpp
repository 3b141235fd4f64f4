// SPDX-License-Identifier: MIT
#include "cli/ApiCommands.h"

#include "cli/ApiCommand.h"

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

/**
 * What trigger and watch share: parse and resolve @p cmd, run one session (@p run starts it
 * through its printer) to its end, then its error, or with --json @p result.
 */
int runSession(ApiCommand &cmd, const QStringList &args, QTextStream &out, QTextStream &err,
               const std::function<void(UploadSession &, SessionPrinter &)> &run,
               const std::function<QJsonObject(const UploadSession &)> &result)
{
    if (auto code = cmd.start(args, out, err)) {
        return *code;
    }
    const ApiContext &c = cmd.context;
    NetworkManager nam;
    UploadSession session(nam, c.endpoint, c.key, c.integrationId, cmd.sessionOptions());
    SessionPrinter printer(session, c.integrationId, cmd.watchSeconds, err);
    run(session, printer);
    if (session.error()) {
        return fail(out, err, cmd.json, *session.error());
    }
    if (cmd.json) {
        out << QJsonDocument(result(session)).toJson();
        out.flush();
    }
    return 0;
}

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
    return runSession(
        cmd, args, out, err,
        [](UploadSession &session, SessionPrinter &printer) {
            QObject::connect(&session, &UploadSession::triggered, &session, [&] {
                printer.line(QStringLiteral("Sync triggered for integration %1.")
                                 .arg(session.integrationId()));
            });
            printer.run([&session] { session.startTrigger(); });
        },
        [](const UploadSession &session) {
            QJsonObject result{{QStringLiteral("integration"), session.integrationId()},
                               {QStringLiteral("triggered_at"), isoUtc(session.syncStartedAt())},
                               {QStringLiteral("syncs_page"), session.syncsPage().toString()}};
            if (session.hasWatched()) {
                result.insert(QStringLiteral("sync"), syncJson(session));
            }
            return result;
        });
}

int runWatch(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString help = QStringLiteral(
        "Usage: dbt-uploader watch [--timeout SECONDS] [--integration ID] [--json]\n\n"
        "Waits until the integration's last sync time moves past now, or the timeout.\n");
    ApiCommand cmd(QStringLiteral("watch"), help, true, ApiCommand::Watch::TimeoutOnly);
    return runSession(
        cmd, args, out, err,
        [](UploadSession &session, SessionPrinter &printer) {
            printer.run([&session] { session.startWatch(QDateTime::currentDateTimeUtc()); });
        },
        [](const UploadSession &session) {
            return QJsonObject{{QStringLiteral("integration"), session.integrationId()},
                               {QStringLiteral("sync"), syncJson(session)}};
        });
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
    const UploadStyleOptions styleOptions;
    styleOptions.addTo(p);
    p.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("files or a target/ folder"),
                            QStringLiteral("PATH..."));
    // The steps one by one: upload checks its own arguments between them, in this order.
    if (auto code = cmd.parse(args, out, err)) {
        return *code;
    }
    const bool json = cmd.json;
    if (auto code = styleOptions.check(p, err)) {
        return *code;
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

    const UploadStyle uploadStyle = styleOptions.styleFor(p, c.profile.style);
    NetworkManager nam;
    UploadSession::Options options = cmd.sessionOptions();
    options.trigger = styleOptions.trigger(p);
    options.watch = p.isSet(cmd.options.watch);
    UploadSession session(nam, c.endpoint, c.key, c.integrationId, options);
    const std::unique_ptr<HistoryStore> history = openHistoryForUpload(err);
    session.setHistory(historyTarget(history.get(), c.profile.name));
    SessionPrinter printer(session, c.integrationId, cmd.watchSeconds, err);
    QObject::connect(
        &session, &UploadSession::changesFound, &session,
        [&printer](const UploadChanges &changes) { printer.line(changesLine(changes)); });
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
