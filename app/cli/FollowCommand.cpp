// SPDX-License-Identifier: MIT
#include "cli/FollowCommand.h"

#include "artifacts/SummaryJson.h"
#include "bucket/BucketPushSession.h"
#include "cli/ApiCommand.h"
#include "cli/BucketCommands.h"
#include "cli/HistoryCommand.h"
#include "cli/SessionPrinter.h"
#include "cli/StopSignals.h"
#include "follow/RunFollower.h"
#include "history/HistoryStore.h"
#include "net/NetworkManager.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>

namespace Dbtu::Cli {

namespace {

const QString kHelp = QStringLiteral(
    "Usage: dbt-uploader follow [--style combined|separate] [--no-trigger] [--watch]\n"
    "                           [--settle SECONDS] [--allow-manifest-only]\n"
    "                           [--include-docs-generate] [--integration ID] [--json] DIR\n"
    "       dbt-uploader follow --bucket-profile NAME [--gzip] [...] DIR\n\n"
    "Watches the dbt target/ folder DIR and sends each new run once, as `upload` does (or,\n"
    "with --bucket-profile, pushes it to a bucket saved in the window's Bucket settings\n"
    "tab). A run is sent when manifest.json and run_results.json both parse, come from one\n"
    "invocation and have not changed for the settle time (default 2 s). A manifest alone\n"
    "(dbt parse, compile) waits for its run_results unless --allow-manifest-only; a\n"
    "`dbt docs generate` run is skipped unless --include-docs-generate. A run the upload\n"
    "history shows as sent is not sent again, also after a restart. A failed try is\n"
    "retried with backoff until it succeeds or a newer run supersedes it.\n"
    "One line per event on stdout (--json: one JSON object per line). Runs until Ctrl+C\n"
    "(exit 130) or SIGTERM (exit 0); a refused key or permission, an unknown integration\n"
    "or an untrusted certificate ends it with exit 4, 6 or 5.\n");

/** DBTU_FOLLOW_RETRY_MS: tests wait less before a retry. */
std::chrono::milliseconds firstRetry()
{
    const QByteArray fast = qgetenv("DBTU_FOLLOW_RETRY_MS");
    return std::chrono::milliseconds(fast.isEmpty() ? 5000 : std::max(1, fast.toInt()));
}

/**
 * Writes one event: with --json, @p fields plus "event" and "at" as one compact line; else
 * "AT KIND: TEXT" (nothing when @p text is empty: the error goes to stderr).
 */
void writeLine(QTextStream &out, bool json, const QString &kind, const QDateTime &at,
               const QString &text, QJsonObject fields = {})
{
    if (json) {
        fields.insert(QStringLiteral("event"), kind);
        fields.insert(QStringLiteral("at"), isoUtc(at));
        out << QJsonDocument(fields).toJson(QJsonDocument::Compact) << "\n";
    } else if (!text.isEmpty()) {
        out << isoUtc(at) << " " << kind << ": " << text << "\n";
    }
    out.flush();
}

void writeEvent(QTextStream &out, bool json, const FollowEvent &e)
{
    writeLine(out, json, FollowEvent::kindName(e.kind), e.at, e.message,
              {{QStringLiteral("message"), e.message},
               {QStringLiteral("invocation_id"),
                e.invocationId.isEmpty() ? QJsonValue() : QJsonValue(e.invocationId)},
               {QStringLiteral("files"), QJsonArray::fromStringList(e.files)},
               {QStringLiteral("attempt"), e.attempt},
               {QStringLiteral("retry_in_ms"), e.retryInMs},
               {QStringLiteral("history_id"), e.historyId ? QJsonValue(e.historyId) : QJsonValue()},
               {QStringLiteral("error"),
                e.error ? QJsonValue(errorToJsonObject(*e.error)) : QJsonValue()}});
}

/** Where the pairs go, as the follower and its sessions need it. */
struct Destination
{
    QString key;
    QString text;
    RunFollower::SendFactory factory;
};

} // namespace

int runFollow(const QStringList &args, QTextStream &out, QTextStream &err)
{
    ApiCommand cmd(QStringLiteral("follow"), kHelp, true, ApiCommand::Watch::FlagAndTimeout);
    QCommandLineParser &p = cmd.parser;
    const UploadStyleOptions styleOptions;
    styleOptions.addTo(p);
    const QCommandLineOption settle = valueOption("settle",
                                                  "Wait until the files have not changed for "
                                                  "this long (default 2).",
                                                  "SECONDS");
    const QCommandLineOption manifestOnly = flagOption(
        "allow-manifest-only", "Send a manifest without run_results of its invocation.");
    const QCommandLineOption docs
        = flagOption("include-docs-generate", "Also send `dbt docs generate` runs.");
    const QCommandLineOption bucketProfile
        = valueOption("bucket-profile", "Push to this saved bucket profile.", "NAME");
    const QCommandLineOption gzip = flagOption("gzip", "With --bucket-profile: as .json.gz.");
    for (const QCommandLineOption &o : {settle, manifestOnly, docs, bucketProfile, gzip}) {
        p.addOption(o);
    }
    p.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("dbt's target/ folder"));
    if (auto code = cmd.parse(args, out, err)) {
        return *code;
    }
    const bool json = cmd.json;
    if (auto code = styleOptions.check(p, err)) {
        return *code;
    }
    RunFollower::Options options;
    if (p.isSet(settle)) {
        bool ok = false;
        const double seconds = p.value(settle).toDouble(&ok);
        if (!ok || seconds < 0 || seconds > 3600) {
            return usage(err, QStringLiteral("--settle takes a number of seconds (0 to 3600)"),
                         QStringLiteral("e.g. --settle 5"));
        }
        options.settle = std::chrono::milliseconds(qint64(seconds * 1000));
    }
    if (p.positionalArguments().size() != 1) {
        return usage(err, QStringLiteral("follow takes one DIR"),
                     QStringLiteral("dbt-uploader follow --integration ID path/to/target"));
    }
    const bool toBucket = p.isSet(bucketProfile);
    if (!toBucket && p.isSet(gzip)) {
        return usage(err, QStringLiteral("--gzip is for --bucket-profile"),
                     QStringLiteral("dbt-uploader follow --bucket-profile NAME --gzip DIR"));
    }
    if (auto code = cmd.readWatchLimit(err)) {
        return *code;
    }
    options.allowManifestOnly = p.isSet(manifestOnly);
    options.includeDocsGenerate = p.isSet(docs);
    options.retryFirst = firstRetry();

    NetworkManager nam;
    const std::unique_ptr<HistoryStore> history = openHistoryForUpload(err);
    const auto noteRetry = [&err](int attempt, int max, qint64 delayMs, const QString &reason) {
        err << retryNote(attempt, max, delayMs, reason) << "\n";
        err.flush();
    };
    Destination where;
    BucketConfig bucket;
    if (toBucket) {
        if (Result<void> trusted = prepareNetwork(p.values(cmd.options.caFile)); !trusted) {
            return fail(out, err, json, trusted.error());
        }
        const QString name = p.value(bucketProfile);
        Result<BucketConfig> config = savedBucketConfig(name);
        if (!config) {
            return fail(out, err, json, config.error());
        }
        bucket = config.value();
        const UploadRecord r = UploadRecord::bucketPush(bucket);
        where.key = r.destinationKey();
        where.text = r.destination();
        BucketPushSession::Options push;
        push.gzip = p.isSet(gzip);
        push.waitForConfirmation = false; // warnings are printed by the check's note
        where.factory = [&, push, name](const QStringList &paths) {
            auto *session = new BucketPushSession(nam, bucket, push);
            session->setHistory({history.get(), UploadRecord::Origin::Follow, name});
            return RunFollower::Send{session,
                                     [session, paths] { session->start(paths); },
                                     [session] { return !session->error(); },
                                     [session] { return session->historyId(); },
                                     {}};
        };
    } else {
        if (auto code = cmd.resolve(out, err)) {
            return *code;
        }
        const ApiContext &c = cmd.context;
        where.key = UploadRecord::apiDestinationKey(c.endpoint.baseUrl().host(), c.integrationId);
        where.text
            = QStringLiteral("%1 integration %2").arg(c.endpoint.baseUrl().host(), c.integrationId);
        const UploadStyle uploadStyle = styleOptions.styleFor(p, c.profile.style);
        UploadSession::Options session = cmd.sessionOptions();
        session.trigger = styleOptions.trigger(p);
        session.watch = p.isSet(cmd.options.watch);
        where.factory = [&, session, uploadStyle](const QStringList &paths) {
            auto *s = new UploadSession(nam, c.endpoint, c.key, c.integrationId, session);
            s->setHistory({history.get(), UploadRecord::Origin::Follow, c.profile.name});
            QObject::connect(s, &UploadSession::retrying, s, noteRetry);
            // A manifest alone (--allow-manifest-only): the combined upload takes only both
            // files, the separate style's manifest endpoint takes it alone.
            const UploadStyle sendStyle = paths.size() == 1 ? UploadStyle::Separate : uploadStyle;
            return RunFollower::Send{
                s, [s, paths, sendStyle] { s->startUpload(paths, sendStyle); },
                [s] { return s->isUploaded(); }, [s] { return s->historyId(); },
                [s] { // with --watch, how the sync ended
                    const QString end = s->hasWatched() ? s->syncEndText() : QString();
                    return end.isEmpty() ? QString() : QStringLiteral("The sync %1.").arg(end);
                }};
        };
    }
    options.destinationKey = where.key;
    options.destination = where.text;

    RunFollower follower(p.positionalArguments().constFirst(), options, where.factory,
                         history.get());
    QObject::connect(&follower, &RunFollower::reported, &follower,
                     [&](const FollowEvent &e) { writeEvent(out, json, e); });
    StopSignals stops;
    QObject::connect(&stops, &StopSignals::stopRequested, &follower,
                     [&follower] { follower.cancel(); });
    QEventLoop loop;
    QObject::connect(&follower, &Job::finished, &loop, &QEventLoop::quit);
    follower.start();
    loop.exec();

    if (const int signal = stops.received()) {
        const QString name
            = signal == SIGTERM ? QStringLiteral("SIGTERM") : QStringLiteral("Ctrl+C");
        writeLine(out, json, QStringLiteral("stopped"), QDateTime::currentDateTimeUtc(),
                  name + QLatin1Char('.'), {{QStringLiteral("signal"), name}});
        return signal == SIGTERM ? 0 : 130;
    }
    if (follower.error()) {
        writeLine(out, json, QStringLiteral("error"), QDateTime::currentDateTimeUtc(), {},
                  {{QStringLiteral("error"), errorToJsonObject(*follower.error())}});
        return fail(err, *follower.error());
    }
    return 0;
}

} // namespace Dbtu::Cli
