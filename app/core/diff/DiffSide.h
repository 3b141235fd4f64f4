// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "artifacts/ArtifactIndex.h"
#include "artifacts/ArtifactReader.h"
#include "history/UploadRecord.h"

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
    /** Set when this side is an upload kept in the history (`@last`), not files on disk. */
    std::optional<UploadRecord> upload;
    ArtifactIndex index;

    /**
     * Reads one side (its files one after the other). Errors name the path and the fix: a missing
     * path, a folder without manifest.json, a file that is no dbt artifact, broken JSON;
     * cancelling through control gives ErrorCode::Cancelled. Blocking: call it from a worker.
     */
    static Result<DiffSide> read(const QString &path, ReadControl *control = nullptr);

    /**
     * The last upload that succeeded to a destination (UploadRecord::destinationKey()), with the
     * index the history kept of it; with an empty key, the last upload of the profile named
     * @p destination, wherever it went. @p historyPath: the history file (empty: the default). A
     * history file that is not there yet is not created. Errors (ErrorCode::InvalidInput) say
     * that nothing was uploaded to @p destination yet, or that the upload was recorded without
     * an index (by an older version), and what to pass instead. Blocking; opens its own
     * connection, so it may run on any thread.
     */
    static Result<DiffSide> lastUpload(const QString &historyPath, const QString &destinationKey,
                                       const QString &destination);
};

/** Both sides of a diff, OLD and NEW. */
struct DiffSides
{
    DiffSide oldSide;
    DiffSide newSide;

    /** Reads both at once (OLD on a worker thread); the first error (a cancel first) wins. */
    static Result<DiffSides> read(const QString &oldPath, const QString &newPath,
                                  ReadControl *control = nullptr);
    /** NEW read from @p newPath, OLD the last upload to a destination (lastUpload()), at once. */
    static Result<DiffSides> readAgainstLast(const QString &historyPath,
                                             const QString &destinationKey,
                                             const QString &destination, const QString &newPath,
                                             ReadControl *control = nullptr);
};

} // namespace Dbtu
