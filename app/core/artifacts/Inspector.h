// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactIndex.h"
#include "artifacts/ArtifactReader.h"

namespace Dbtu {

/** Which files a list of paths stands for, before any of them is read. */
struct ArtifactPaths
{
    struct Entry
    {
        QString path;
        /** Set when the file was found by its conventional name inside a dropped folder. */
        std::optional<ArtifactKind> expected;
    };
    QList<Entry> files;
};

/**
 * The folder of a dbt run's artifacts that @p folder stands for: itself when it holds
 * manifest.json or run_results.json, else its target/ subfolder when that does (a project
 * folder), else @p folder. What resolveArtifactPaths() reads and what follow watches.
 */
QString artifactFolder(const QString &folder);

/**
 * Turns files and folders into the files to read. A folder stands for the manifest.json and
 * run_results.json in it (or in its target/ subfolder). Errors name the path and the fix:
 * a missing path, a folder without artifacts.
 */
Result<ArtifactPaths> resolveArtifactPaths(const QStringList &paths);

/**
 * Reads the files (two at once, each streamed in constant memory), checks that they are one
 * manifest and/or one run_results, and runs the checks across the pair. Blocking: call it from a
 * worker thread (InspectJob does) or from the CLI. control gives progress and cancel (its
 * bytesTotal grows by these files' sizes, so one control may serve several calls at once).
 * With @p index, it is also filled with what the files hold (diff). The id lists of the
 * summaries (idHashes, testIdHashes, resultIds) are dropped once the pair checks ran.
 */
Result<InspectResult> inspectArtifacts(const QStringList &paths, ReadControl *control = nullptr,
                                       ArtifactIndex *index = nullptr);

/** The checks across a manifest and run_results (also fills the cross-check fields of result);
 * the id-based ones need the summaries' id lists, as readArtifact() leaves them. */
void runPairChecks(InspectResult &result);

} // namespace Dbtu
