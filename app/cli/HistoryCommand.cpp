// SPDX-License-Identifier: MIT
#include "cli/HistoryCommand.h"

#include "cli/CliSupport.h"
#include "cli/SessionPrinter.h"
#include "diff/ChangesJob.h"
#include "history/HistoryStore.h"
#include "util/TextFormat.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Dbtu::Cli {

namespace {

const char kHelp[]
    = "Usage: dbt-uploader history [--json] [--limit N] [--profile NAME]\n\n"
      "The last uploads (window and command line, API and bucket), newest first: when, where\n"
      "to, the files with their size and SHA-256, what they held, how it ended and the sync's\n"
      "end. Kept in $XDG_DATA_HOME/dbt-uploader/history.sqlite (DBTU_HISTORY_FILE names\n"
      "another file); never a key.\n"
      "Exit codes: 0 ok, 2 usage, 3 the history cannot be read.\n\n"
      "  --json          print the uploads as JSON (shape in the README)\n"
      "  --limit N       at most N uploads (default 20; 0: all)\n"
      "  --profile NAME  only the uploads of this profile\n";

QJsonObject counts(const QMap<QString, qint64> &map)
{
    QJsonObject o;
    for (auto it = map.begin(); it != map.end(); ++it) {
        o.insert(it.key(), it.value());
    }
    return o;
}

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

QJsonObject recordJson(const UploadRecord &r)
{
    QJsonArray files;
    for (const UploadRecord::File &f : r.files) {
        files.append(QJsonObject{
            {QStringLiteral("name"), f.name},
            {QStringLiteral("size_bytes"), f.size < 0 ? QJsonValue() : QJsonValue(f.size)},
            {QStringLiteral("sha256"), orNull(f.sha256)}});
    }
    QJsonObject destination{{QStringLiteral("kind"), UploadRecord::kindName(r.kind)}};
    if (r.kind == UploadRecord::Kind::Api) {
        destination.insert(QStringLiteral("api_host"), orNull(r.apiHost));
        destination.insert(QStringLiteral("integration"), orNull(r.integrationId));
        destination.insert(QStringLiteral("style"), orNull(r.style));
    } else {
        destination.insert(QStringLiteral("provider"), r.bucketProvider);
        destination.insert(QStringLiteral("bucket"), r.bucket);
        destination.insert(QStringLiteral("prefix"), r.prefix);
    }
    return QJsonObject{
        {QStringLiteral("id"), r.id},
        {QStringLiteral("started_at"), isoUtc(r.startedAt)},
        {QStringLiteral("finished_at"), isoUtc(r.finishedAt)},
        {QStringLiteral("origin"), UploadRecord::originName(r.origin)},
        {QStringLiteral("profile"), orNull(r.profile)},
        {QStringLiteral("destination"), destination},
        {QStringLiteral("files"), files},
        {QStringLiteral("size_bytes"), r.bytes},
        {QStringLiteral("resource_type_counts"), counts(r.resourceCounts)},
        {QStringLiteral("status_counts"), counts(r.statusCounts)},
        {QStringLiteral("outcome"), UploadRecord::outcomeName(r.outcome)},
        {QStringLiteral("error"), orNull(r.error)},
        {QStringLiteral("sync_end"), orNull(r.syncEnd)},
        {QStringLiteral("invocation_ids"), QJsonArray::fromStringList(r.invocationIds)},
    };
}

QString recordLine(const UploadRecord &r)
{
    QStringList names;
    for (const UploadRecord::File &f : r.files) {
        names << f.name;
    }
    QString end = r.outcome == UploadRecord::Outcome::Succeeded ? r.syncEnd : r.error;
    return QStringLiteral("%1  %2  %3  %4  %5  %6%7\n")
        .arg(isoUtc(r.finishedAt), UploadRecord::outcomeName(r.outcome).leftJustified(9),
             (r.profile.isEmpty() ? QStringLiteral("-") : r.profile), r.destination(),
             names.join(QLatin1Char(',')), humanSize(r.bytes),
             end.isEmpty() ? QString() : QStringLiteral("  (%1)").arg(end));
}

} // namespace

int runHistory(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser p;
    const QCommandLineOption json = flagOption("json", "Print JSON.");
    const QCommandLineOption limit = valueOption("limit", "At most N uploads.", "N");
    const QCommandLineOption profile
        = valueOption("profile", "Only this profile's uploads.", "NAME");
    const QCommandLineOption help = helpOption();
    p.addOptions({json, limit, profile, help});
    if (auto code
        = parseCommand(p, QStringLiteral("history"), args, QString::fromUtf8(kHelp), out, err)) {
        return *code;
    }
    if (!p.positionalArguments().isEmpty()) {
        return usage(err,
                     QStringLiteral("history takes no PATH (got \"%1\")")
                         .arg(p.positionalArguments().first()),
                     QStringLiteral("dbt-uploader history [--json] [--limit N] [--profile NAME]"));
    }
    int count = 20;
    if (p.isSet(limit)) {
        bool ok = false;
        count = p.value(limit).toInt(&ok);
        if (!ok || count < 0) {
            return usage(err,
                         QStringLiteral("--limit must be a whole number, 0 or more (got \"%1\")")
                             .arg(p.value(limit)),
                         QStringLiteral("dbt-uploader history --limit 10"));
        }
    }
    HistoryStore store;
    if (Result<void> opened = store.open(); !opened) {
        return fail(out, err, p.isSet(json), opened.error());
    }
    const Result<QList<UploadRecord>> records = store.recent(count, p.value(profile));
    if (!records) {
        return fail(out, err, p.isSet(json), records.error());
    }
    if (p.isSet(json)) {
        QJsonArray uploads;
        for (const UploadRecord &r : records.value()) {
            uploads.append(recordJson(r));
        }
        out << QJsonDocument(QJsonObject{{QStringLiteral("history_file"), store.path()},
                                         {QStringLiteral("uploads"), uploads}})
                   .toJson();
    } else if (records.value().isEmpty()) {
        out << (p.isSet(profile)
                    ? QStringLiteral("No uploads of profile \"%1\" yet.\n").arg(p.value(profile))
                    : QStringLiteral("No uploads yet.\n"));
    } else {
        for (const UploadRecord &r : records.value()) {
            out << recordLine(r);
        }
    }
    out.flush();
    return 0;
}

std::unique_ptr<HistoryStore> openHistoryForUpload(QTextStream &err)
{
    auto store = std::make_unique<HistoryStore>();
    if (Result<void> opened = store->open(); !opened) {
        err << "warning: the upload will not be recorded: " << opened.error().message << '\n'
            << "hint: " << opened.error().hint << '\n';
        err.flush();
        return nullptr;
    }
    return store;
}

HistoryRecorder::Target historyTarget(HistoryStore *store, const QString &profile)
{
    return HistoryRecorder::Target{store, UploadRecord::Origin::Cli, profile};
}

QString changesLine(const UploadChanges &changes)
{
    return QStringLiteral("Changes since the last upload to %1 at %2: %3.")
        .arg(changes.last.destination(), changes.last.finishedAt.toUTC().toString(Qt::ISODate),
             changes.summary());
}

void warnIfNotRecorded(QTextStream &err, const std::optional<Error> &historyError)
{
    if (historyError) {
        err << "warning: the upload was not recorded: " << historyError->message << '\n'
            << "hint: " << historyError->hint << '\n';
        err.flush();
    }
}

} // namespace Dbtu::Cli
