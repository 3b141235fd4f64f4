// SPDX-License-Identifier: MIT
#include "artifacts/Inspector.h"

#include "Translator.h"

#include <QDir>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <set>

namespace Dbtu {

namespace {

constexpr Translator tr{"Dbtu::Inspector"};

QString kindName(ArtifactKind kind)
{
    switch (kind) {
    case ArtifactKind::Manifest:
        return tr("a manifest");
    case ArtifactKind::RunResults:
        return tr("a run_results file");
    case ArtifactKind::OtherJson:
        return tr("another kind of JSON");
    }
    return {};
}

const QString kManifestName = QStringLiteral("manifest.json");
const QString kRunResultsName = QStringLiteral("run_results.json");

} // namespace

bool InspectResult::hasWarnings() const
{
    return std::any_of(checks.cbegin(), checks.cend(),
                       [](const Check &c) { return c.level == Check::Level::Warning; });
}

QString InspectResult::sameInvocation() const
{
    if (!manifest || !runResults || !manifest->metadata.invocationId
        || !runResults->metadata.invocationId) {
        return QStringLiteral("unknown");
    }
    return *manifest->metadata.invocationId == *runResults->metadata.invocationId
               ? QStringLiteral("yes")
               : QStringLiteral("no");
}

QString artifactFolder(const QString &folder)
{
    const QDir dir(folder);
    const auto holdsArtifacts = [](const QDir &d) {
        return QFileInfo(d.filePath(kManifestName)).isFile()
               || QFileInfo(d.filePath(kRunResultsName)).isFile();
    };
    if (holdsArtifacts(dir)) {
        return folder;
    }
    const QDir target(dir.filePath(QStringLiteral("target")));
    return holdsArtifacts(target) ? target.path() : folder;
}

Result<ArtifactPaths> resolveArtifactPaths(const QStringList &paths)
{
    ArtifactPaths out;
    if (paths.isEmpty()) {
        return Error::invalidInput(
            tr("no file given"),
            tr("Give manifest.json, run_results.json or a dbt target/ folder."));
    }
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (!info.exists()) {
            return Error{ErrorCode::FileNotFound,
                         tr("%1: no such file or folder").arg(path),
                         tr("Check the path; dbt writes its artifacts to the project's target/ "
                            "folder."),
                         {},
                         0};
        }
        if (!info.isDir()) {
            out.files.append({path, std::nullopt});
            continue;
        }
        // A folder: the target/ folder itself, or a project folder holding target/.
        const QDir dir(artifactFolder(path));
        bool found = false;
        for (const auto &[name, kind] : {std::pair{kManifestName, ArtifactKind::Manifest},
                                         std::pair{kRunResultsName, ArtifactKind::RunResults}}) {
            if (QFileInfo(dir.filePath(name)).isFile()) {
                out.files.append({dir.filePath(name), kind});
                found = true;
            }
        }
        if (!found) {
            return Error::invalidInput(
                tr("the folder %1 holds no manifest.json or run_results.json").arg(path),
                tr("Give the target/ folder that dbt writes (run `dbt build` or `dbt "
                   "docs generate` first), or the JSON files themselves."));
        }
    }
    return out;
}

Result<InspectResult> inspectArtifacts(const QStringList &paths, ReadControl *control,
                                       ArtifactIndex *index)
{
    Result<ArtifactPaths> resolved = resolveArtifactPaths(paths);
    if (!resolved) {
        return resolved.error();
    }
    const QList<ArtifactPaths::Entry> &files = resolved.value().files;

    ReadControl ownControl;
    ReadControl *ctl = control ? control : &ownControl;
    qint64 total = 0;
    for (const auto &entry : files) {
        total += QFileInfo(entry.path).size();
    }
    ctl->bytesTotal.fetch_add(total);

    // Read up to two files at once: manifest and run_results are independent.
    QList<std::optional<Result<FileSummary>>> summaries(files.size());
    // Each file's own index, when asked for one (merged below by what each file turned out to be).
    std::vector<ArtifactIndex> indexes(index ? files.size() : 0);
    const auto indexOf = [&indexes](qsizetype i) {
        return indexes.empty() ? nullptr : &indexes[size_t(i)];
    };
    for (qsizetype i = 0; i < files.size(); i += 2) {
        QFuture<Result<FileSummary>> second;
        if (i + 1 < files.size()) {
            const QString p = files[i + 1].path;
            ArtifactIndex *secondIndex = indexOf(i + 1);
            second = QtConcurrent::run(
                [p, ctl, secondIndex] { return readArtifact(p, ctl, secondIndex); });
        }
        summaries[i].emplace(readArtifact(files[i].path, ctl, indexOf(i)));
        if (i + 1 < files.size()) {
            summaries[i + 1].emplace(second.result());
        }
    }

    InspectResult result;
    for (qsizetype i = 0; i < files.size(); ++i) {
        Result<FileSummary> &r = *summaries[i];
        if (!r) {
            // A cancel wins over whatever else went wrong meanwhile.
            if (ctl->cancelled.load()) {
                return Error{ErrorCode::Cancelled, tr("Inspecting was cancelled"), {}, {}, 0};
            }
            return r.error();
        }
    }
    for (qsizetype i = 0; i < files.size(); ++i) {
        FileSummary &f = summaries[i]->value();
        const ArtifactPaths::Entry &entry = files[i];
        const QString name = QFileInfo(f.path).fileName();
        if (f.kind == ArtifactKind::OtherJson) {
            return Error::invalidInput(
                tr("%1 is JSON, but not a dbt manifest or run_results: %2")
                    .arg(f.path, f.otherDescription),
                tr("Give the manifest.json and run_results.json from your dbt project's "
                   "target/ folder."));
        }
        if (entry.expected && *entry.expected != f.kind) {
            return Error{
                ErrorCode::InvalidInput,
                tr("%1 holds %2, not %3").arg(f.path, kindName(f.kind), kindName(*entry.expected)),
                tr("The file was renamed or overwritten; put the real %1 back (dbt writes "
                   "it to target/).")
                    .arg(name),
                {},
                0};
        }
        if (f.kind == ArtifactKind::Manifest) {
            if (result.manifest) {
                return Error{
                    ErrorCode::InvalidInput,
                    tr("two manifests given: %1 and %2").arg(result.manifest->path, f.path),
                    tr("Give one manifest.json and at most one run_results.json."),
                    {},
                    0};
            }
            if (!entry.expected && name.compare(kRunResultsName, Qt::CaseInsensitive) == 0) {
                result.checks.append(
                    {Check::Level::Warning,
                     QStringLiteral("name_mismatch"),
                     tr("%1 is named like a run_results file but holds a manifest; "
                        "it is used as the manifest.")
                         .arg(f.path),
                     {},
                     0});
            }
            result.manifest = std::move(f.manifest);
            if (index) {
                index->takeResources(std::move(indexes[size_t(i)]));
            }
        } else {
            if (result.runResults) {
                return Error::invalidInput(
                    tr("two run_results files given: %1 and %2")
                        .arg(result.runResults->path, f.path),
                    tr("Give one manifest.json and at most one run_results.json."));
            }
            if (!entry.expected && name.compare(kManifestName, Qt::CaseInsensitive) == 0) {
                result.checks.append({Check::Level::Warning,
                                      QStringLiteral("name_mismatch"),
                                      tr("%1 is named like a manifest but holds run results; it is "
                                         "used as the run_results file.")
                                          .arg(f.path),
                                      {},
                                      0});
            }
            result.runResults = std::move(f.runResults);
            if (index) {
                index->takeResults(std::move(indexes[size_t(i)]));
            }
        }
        result.checks.append(f.checks);
    }
    runPairChecks(result);
    // The id lists serve the pair checks only; an upload keeps the result while it sends (a
    // 1 GB pair's are 28 MB).
    if (result.manifest) {
        result.manifest->idHashes.reset();
        result.manifest->testIdHashes.reset();
    }
    if (result.runResults) {
        result.runResults->resultIds.reset();
    }
    return result;
}

void runPairChecks(InspectResult &result)
{
    RunResultsSummary *rr = result.runResults ? &*result.runResults : nullptr;
    const ManifestSummary *m = result.manifest ? &*result.manifest : nullptr;

    if (rr && rr->command == QLatin1String("generate")) {
        result.checks.append(
            {Check::Level::Warning,
             QStringLiteral("docs_generate"),
             tr("run_results.json was written by `dbt docs generate`: its %1 \"success\" "
                "results mean compiled, not ran; no model or test was run.")
                 .arg(rr->resultCount),
             {},
             rr->resultCount});
    }
    if (!rr || !m) {
        return;
    }
    if (result.sameInvocation() == QLatin1String("no")) {
        result.checks.append({Check::Level::Warning,
                              QStringLiteral("invocation_mismatch"),
                              tr("The manifest and run_results come from different dbt runs "
                                 "(invocation %1 and %2); Secoda will match results to the "
                                 "manifest's nodes by id.")
                                  .arg(*m->metadata.invocationId, *rr->metadata.invocationId),
                              {},
                              0});
    }

    if (!m->idHashes || !m->testIdHashes || !rr->resultIds) {
        return; // already checked (inspectArtifacts() drops the id lists after)
    }
    // Results whose node is in no manifest collection.
    const std::vector<quint64> &ids = *m->idHashes;
    const auto &resultIds = *rr->resultIds;
    std::set<QString> missing;
    std::set<quint64> resultHashes;
    for (size_t i = 0; i < resultIds.spans.size(); ++i) {
        const auto [offset, length] = resultIds.spans[i];
        if (length == ~0u) {
            missing.insert(QStringLiteral("None"));
            continue;
        }
        const quint64 h = resultIds.hashes[i];
        resultHashes.insert(h);
        if (!std::binary_search(ids.begin(), ids.end(), h)) {
            missing.insert(QString::fromUtf8(resultIds.arena.data() + offset, qsizetype(length)));
        }
    }
    result.resultsNotInManifest = qint64(missing.size());
    result.resultsNotInManifestExamples.clear();
    for (const QString &id : missing) {
        result.resultsNotInManifestExamples << id;
        if (result.resultsNotInManifestExamples.size() == 10) {
            break;
        }
    }
    for (Problem &p : rr->problems) {
        if (p.uniqueId.isNull()) {
            p.inManifest = false;
            continue;
        }
        const QByteArray id = p.uniqueId.toString().toUtf8();
        p.inManifest
            = std::binary_search(ids.begin(), ids.end(), hashId(id.constData(), size_t(id.size())));
    }
    if (!missing.empty()) {
        Check c{Check::Level::Warning, QStringLiteral("results_not_in_manifest"),
                tr("%1 result(s) in run_results.json name a node that is not in the manifest "
                   "(e.g. %2); they come from another project or an older manifest.")
                    .arg(missing.size())
                    .arg(*missing.begin()),
                result.resultsNotInManifestExamples, qint64(missing.size())};
        result.checks.append(c);
    }

    // Tests in the manifest without a result: a partial run. One line, never one per test.
    qint64 withoutResult = 0;
    for (const quint64 h : *m->testIdHashes) {
        if (!resultHashes.count(h)) {
            ++withoutResult;
        }
    }
    result.testsWithoutResults = withoutResult;
    if (withoutResult > 0 && rr->command != QLatin1String("generate")) {
        result.checks.append(
            {Check::Level::Info,
             QStringLiteral("tests_without_results"),
             tr("%1 of %2 tests in the manifest have no result in run_results.json "
                "(a partial run, e.g. `dbt run` or a selection).")
                 .arg(withoutResult)
                 .arg(m->testIdHashes->size()),
             {},
             withoutResult});
    }
}

} // namespace Dbtu
