// SPDX-License-Identifier: MIT
#include "cli/DiffCommand.h"

#include "cli/CliSupport.h"
#include "diff/ArtifactDiff.h"
#include "diff/ArtifactDiffJson.h"
#include "diff/DiffSide.h"
#include "history/UploadRecord.h"
#include "secoda/ApiEndpoint.h"
#include "settings/AppSettings.h"

#include <QCommandLineParser>
#include <QtConcurrent/QtConcurrentRun>

#include <iostream>

namespace Dbtu::Cli {

namespace {

constexpr size_t kShown = 5; // ids listed per group in the text output

const char kHelp[]
    = "Usage: dbt-uploader diff [--json] OLD NEW\n"
      "       dbt-uploader diff [--json] [DESTINATION] @last NEW\n\n"
      "What changed between two dbt runs. OLD and NEW are each a dbt target/ folder (its\n"
      "manifest.json and, when there, run_results.json) or one artifact file (manifest or\n"
      "run_results, told apart by content). Resources are listed by resource type: added\n"
      "(+, in NEW only), removed (-, in OLD only) and modified (~, checksum changed). When\n"
      "both sides have run_results: the results newly failing (error, fail, runtime error)\n"
      "and fixed (pass or success now, failing before).\n\n"
      "OLD may be @last: the last successful upload to a destination, as the upload history\n"
      "keeps it (see `dbt-uploader history`). The DESTINATION is, in this order:\n"
      "  --bucket-profile NAME      a profile of the Bucket settings tab (bucket and prefix)\n"
      "  --api-url URL|REGION, --integration ID\n"
      "                             an API destination (each defaults to the profile's)\n"
      "  --profile NAME             an API profile's saved URL and integration; a profile\n"
      "                             saved with neither: where its last upload went\n"
      "Without any, the API profile used last.\n"
      "Exit codes: 0 ok (changes or not), 2 usage, 3 invalid input (also: nothing uploaded to\n"
      "the destination yet), 130 cancelled.\n\n"
      "  --json      print the comparison as JSON (shape in the README)\n";

QString ids(const std::vector<std::string> &list)
{
    QStringList shown;
    for (size_t i = 0; i < list.size() && i < kShown; ++i) {
        shown << QString::fromStdString(list[i]);
    }
    QString text = shown.join(QStringLiteral(", "));
    if (list.size() > kShown) {
        text += QStringLiteral(" and %1 more").arg(list.size() - kShown);
    }
    return text;
}

QString sideLine(const char *label, const DiffSide &s)
{
    if (s.upload) {
        QStringList names;
        for (const UploadRecord::File &f : s.upload->files) {
            names << f.name;
        }
        return QStringLiteral("%1  @last: upload %2 to %3 at %4 (%5, invocation %6)\n")
            .arg(QLatin1String(label))
            .arg(s.upload->id)
            .arg(s.upload->destination(), s.upload->finishedAt.toUTC().toString(Qt::ISODate),
                 names.join(QStringLiteral(", ")),
                 s.invocationId.value_or(QStringLiteral("unknown")));
    }
    QStringList files;
    if (s.manifestPath) {
        files << *s.manifestPath;
    }
    if (s.runResultsPath) {
        files << *s.runResultsPath;
    }
    QString line
        = QStringLiteral("%1  %2").arg(QLatin1String(label), files.join(QStringLiteral(", ")));
    if (s.generatedAt || s.invocationId) {
        line += QStringLiteral("  (generated %1, invocation %2)")
                    .arg(s.generatedAt.value_or(QStringLiteral("unknown")),
                         s.invocationId.value_or(QStringLiteral("unknown")));
    }
    return line + QLatin1Char('\n');
}

QString diffToText(const DiffSides &sides, const ArtifactDiff &diff)
{
    QString s;
    QTextStream out(&s);
    out << sideLine("old", sides.oldSide) << sideLine("new", sides.newSide) << "\n";
    if (diff.isEmpty()) {
        out << "No changes: ";
        if (diff.resources && diff.results) {
            out << "the same resources and checksums, no result newly failing or fixed.\n";
        } else if (diff.resources) {
            out << "the same resources and checksums.\n";
        } else {
            out << "no result newly failing or fixed.\n";
        }
    }
    if (diff.resources) {
        for (const auto &[type, c] : *diff.resources) {
            if (c.isEmpty()) {
                continue;
            }
            out << QString::fromStdString(type) << ": +" << c.added.size() << " \u2212"
                << c.removed.size() << " ~" << c.modified.size() << "\n";
            const auto group = [&out](const char *name, const std::vector<std::string> &list) {
                if (!list.empty()) {
                    out << "  " << name << " " << ids(list) << "\n";
                }
            };
            group("added   ", c.added);
            group("removed ", c.removed);
            group("modified", c.modified);
        }
    } else {
        out << "resources: not compared (a manifest on one side only)\n";
    }
    if (diff.results) {
        if (!diff.results->isEmpty()) {
            out << "results: " << diff.results->newlyFailing.size() << " newly failing, "
                << diff.results->fixed.size() << " fixed\n";
        }
        if (!diff.results->newlyFailing.empty()) {
            out << "  newly failing " << ids(diff.results->newlyFailing) << "\n";
        }
        if (!diff.results->fixed.empty()) {
            out << "  fixed         " << ids(diff.results->fixed) << "\n";
        }
    } else {
        out << "results: not compared (run_results on one side only or on neither)\n";
    }
    out.flush();
    return s;
}

struct DestinationOptions
{
    QCommandLineOption profile
        = valueOption("profile", "@last: an API profile (default: the last one).", "NAME");
    QCommandLineOption apiUrl = valueOption("api-url", "@last: the API's region or URL.", "URL");
    QCommandLineOption integration = valueOption("integration", "@last: the integration id.", "ID");
    QCommandLineOption bucketProfile
        = valueOption("bucket-profile", "@last: a Bucket settings profile.", "NAME");
};

Result<DiffSide::Destination> lastDestination(const QCommandLineParser &p,
                                              const DestinationOptions &o)
{
    const AppSettings settings;
    if (p.isSet(o.bucketProfile)) {
        const QString name = p.value(o.bucketProfile);
        if (!settings.hasBucketProfile(name)) {
            return Error::invalidInput(
                QStringLiteral("@last: no bucket profile \"%1\" is saved").arg(name),
                QStringLiteral("Save it in the window's Bucket settings tab, or pass "
                               "--api-url and --integration for an API destination."));
        }
        const UploadRecord r = UploadRecord::bucketPush(settings.bucketProfile(name).toConfig());
        return DiffSide::Destination{r.destinationKey(), {}, r.destination()};
    }
    const QString profileName = p.isSet(o.profile) ? p.value(o.profile) : settings.lastProfile();
    const bool saved = settings.profileNames().contains(profileName);
    const ApiProfile profile = settings.profile(profileName);
    if (!p.isSet(o.apiUrl) && !p.isSet(o.integration)
        && (!saved || profile.integrationId.isEmpty())) {
        return DiffSide::Destination{{}, profileName, {}}; // wherever its last upload went
    }
    Result<ApiEndpoint> endpoint
        = ApiEndpoint::parse(p.isSet(o.apiUrl) ? p.value(o.apiUrl) : profile.apiUrl);
    if (!endpoint) {
        return endpoint.error();
    }
    const QString idText = p.isSet(o.integration) ? p.value(o.integration) : profile.integrationId;
    if (idText.isEmpty()) {
        return Error::invalidInput(
            QStringLiteral("@last: no integration to look for (profile \"%1\" has none)")
                .arg(profileName),
            QStringLiteral("Pass --integration ID, or save one in the API upload tab."));
    }
    Result<QString> id = ApiEndpoint::parseIntegrationId(idText);
    if (!id) {
        return id.error();
    }
    UploadRecord r;
    r.apiHost = endpoint.value().baseUrl().host();
    r.integrationId = id.value();
    return DiffSide::Destination{r.destinationKey(), {}, r.destination()};
}

} // namespace

int runDiff(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const QCommandLineOption json
        = flagOption("json", "Print the comparison as JSON (see README).");
    const QCommandLineOption help = helpOption();
    const DestinationOptions destination;
    parser.addOptions({json, destination.profile, destination.apiUrl, destination.integration,
                       destination.bucketProfile, help});
    if (const std::optional<int> stop = parseCommand(parser, QStringLiteral("diff"), args,
                                                     QString::fromLatin1(kHelp), out, err)) {
        return *stop;
    }
    const QStringList paths = parser.positionalArguments();
    if (paths.size() != 2) {
        return usage(err,
                     QStringLiteral("diff needs two paths, OLD and NEW (got %1)").arg(paths.size()),
                     QStringLiteral("dbt-uploader diff old-target/ target/   (folders or files)"));
    }
    if (paths[1] == QLatin1String("@last")) {
        return usage(err, QStringLiteral("@last can only stand for OLD"),
                     QStringLiteral("dbt-uploader diff @last target/"));
    }
    const bool againstLast = paths[0] == QLatin1String("@last");
    for (const QCommandLineOption *o : {&destination.profile, &destination.apiUrl,
                                        &destination.integration, &destination.bucketProfile}) {
        if (!againstLast && parser.isSet(*o)) {
            return usage(
                err, QStringLiteral("--%1 only names where @last looks").arg(o->names().first()),
                QStringLiteral("dbt-uploader diff --%1 … @last target/").arg(o->names().first()));
        }
    }
    DiffSide::Destination last;
    if (againstLast) {
        Result<DiffSide::Destination> found = lastDestination(parser, destination);
        if (!found) {
            return fail(out, err, parser.isSet(json), found.error());
        }
        last = found.value();
    }

    // Read on a worker (both sides at once); Ctrl+C is handled by runUntil(), as in inspect.
    ReadControl control;
    QFuture<Result<DiffSides>> reading = QtConcurrent::run([&paths, &control, &last, againstLast] {
        return againstLast ? DiffSides::readAgainstLast({}, last, paths[1], &control)
                           : DiffSides::read(paths[0], paths[1], &control);
    });
    runUntil([&reading] { return reading.isFinished(); }, [&control] { control.cancelled = true; });
    Result<DiffSides> sides = reading.result();
    if (!sides) {
        return fail(out, err, parser.isSet(json), sides.error());
    }
    const ArtifactIndex &oldIndex = sides.value().oldSide.index;
    const ArtifactIndex &newIndex = sides.value().newSide.index;
    if (!(oldIndex.hasManifest && newIndex.hasManifest)
        && !(oldIndex.hasRunResults && newIndex.hasRunResults)) {
        return fail(out, err, parser.isSet(json),
                    Error::invalidInput(
                        QStringLiteral("nothing to compare: %1 and %2 hold no artifact of the "
                                       "same kind (a manifest on one side, run_results on the "
                                       "other)")
                            .arg(paths[0], paths[1]),
                        QStringLiteral("Give two target/ folders, two manifests or two "
                                       "run_results files.")));
    }
    const ArtifactDiff diff = ArtifactDiff::compare(oldIndex, newIndex);
    if (parser.isSet(json)) {
        out.flush();
        writeArtifactDiffJson(sides.value(), diff, std::cout);
    } else {
        out << diffToText(sides.value(), diff);
    }
    out.flush();
    return 0;
}

} // namespace Dbtu::Cli
