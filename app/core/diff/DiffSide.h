// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "artifacts/ArtifactIndex.h"
#include "artifacts/ArtifactReader.h"

#include <QString>

#include <optional>

namespace Dbtu {

/**
 * One side of a `diff`: a dbt target/ folder (its manifest.json and, when there, its
 * run_results.json) or one artifact file (manifest or run_results, by content), read into an
 * index. invocationId and generatedAt come from the manifest, else from the run_results file.
 */
struct DiffSide
{
    std::optional<QString> manifestPath;
    std::optional<QString> runResultsPath;
    std::optional<QString> invocationId;
    std::optional<QString> generatedAt;
    ArtifactIndex index;

    /**
     * Reads one side (its files one after the other). Errors name the path and the fix: a missing
     * path, a folder without manifest.json, a file that is no dbt artifact, broken JSON;
     * cancelling through control gives ErrorCode::Cancelled. Blocking: call it from a worker.
     */
    static Result<DiffSide> read(const QString &path, ReadControl *control = nullptr);
};

/** Both sides of a diff, OLD and NEW. */
struct DiffSides
{
    DiffSide oldSide;
    DiffSide newSide;

    /** Reads both at once (OLD on a worker thread); the first error (a cancel first) wins. */
    static Result<DiffSides> read(const QString &oldPath, const QString &newPath,
                                  ReadControl *control = nullptr);
};

} // namespace Dbtu
