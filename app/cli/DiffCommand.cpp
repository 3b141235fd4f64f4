// SPDX-License-Identifier: MIT
#include "cli/DiffCommand.h"

#include "cli/CliSupport.h"
#include "diff/ArtifactDiff.h"
#include "diff/ArtifactDiffJson.h"
#include "diff/DiffSide.h"

#include <QCommandLineParser>
#include <QtConcurrent/QtConcurrentRun>

#include <iostream>

namespace Dbtu::Cli {

namespace {

constexpr size_t kShown = 5; // ids listed per group in the text output

const char kHelp[]
    = "Usage: dbt-uploader diff [--json] OLD NEW\n\n"
      "What changed between two dbt runs. OLD and NEW are each a dbt target/ folder (its\n"
      "manifest.json and, when there, run_results.json) or one artifact file (manifest or\n"
      "run_results, told apart by content). Resources are listed by resource type: added\n"
      "(+, in NEW only), removed (-, in OLD only) and modified (~, checksum changed). When\n"
      "both sides have run_results: the results newly failing (error, fail, runtime error)\n"
      "and fixed (pass or success now, failing before). OLD will later accept @last (the\n"
      "last upload); the upload history is not there yet.\n"
      "Exit codes: 0 ok (changes or not), 2 usage, 3 invalid input, 130 cancelled.\n\n"
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

} // namespace

int runDiff(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the comparison as JSON (see README)."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(json);
    parser.addOption(help);
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
    if (paths[0] == QLatin1String("@last")) {
        return fail(out, err, parser.isSet(json),
                    Error{ErrorCode::InvalidInput,
                          QStringLiteral("@last (the last upload) is not available: this version "
                                         "keeps no upload history yet"),
                          QStringLiteral("Pass the old target/ folder or artifact file as OLD."),
                          {},
                          0});
    }

    // Read on a worker (both sides at once); Ctrl+C is handled by runUntil(), as in inspect.
    ReadControl control;
    QFuture<Result<DiffSides>> reading = QtConcurrent::run(
        [&paths, &control] { return DiffSides::read(paths[0], paths[1], &control); });
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
                    Error{ErrorCode::InvalidInput,
                          QStringLiteral("nothing to compare: %1 and %2 hold no artifact of the "
                                         "same kind (a manifest on one side, run_results on the "
                                         "other)")
                              .arg(paths[0], paths[1]),
                          QStringLiteral("Give two target/ folders, two manifests or two "
                                         "run_results files."),
                          {},
                          0});
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
