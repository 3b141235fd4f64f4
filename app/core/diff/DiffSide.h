// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "artifacts/ArtifactIndex.h"
#include "artifacts/ArtifactReader.h"
#include "history/UploadRecord.h"

#include <QString>

#include <functional>
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

    /** Where `@last` looks. */
    struct Destination
    {
        QString key;     ///< UploadRecord::destinationKey(); empty: wherever profile's went
        QString profile; ///< with no key: the profile whose last upload counts
        QString text;    ///< names the destination in messages
    };

    /**
     * The last upload that succeeded to @p where (its key, or without one, the last upload of
     * its profile, wherever it went), with the index the history kept of it. @p historyPath:
     * the history file (empty: the default). A history file that is not there yet is not
     * created. Errors (ErrorCode::InvalidInput) say that nothing was uploaded there yet, or that
     * the upload was recorded without an index (by an older version), and what to pass
     * instead. Blocking; opens its own connection, so it may run on any thread.
     */
    static Result<DiffSide> lastUpload(const QString &historyPath, const Destination &where);
};

/** Both sides of a diff, OLD and NEW. */
struct DiffSides
{
    DiffSide oldSide;
    DiffSide newSide;

    /** Reads both at once (OLD on a worker thread); the first error (a cancel first) wins. */
    static Result<DiffSides> read(const QString &oldPath, const QString &newPath,
                                  ReadControl *control = nullptr);
    /** NEW read from @p newPath, OLD the last upload to @p where (lastUpload()), at once. */
    static Result<DiffSides> readAgainstLast(const QString &historyPath,
                                             const DiffSide::Destination &where,
                                             const QString &newPath,
                                             ReadControl *control = nullptr);

private:
    /** NEW read here while @p readOld runs on a worker; a failed NEW stops OLD's reading. A
     * cancel of NEW wins, then OLD's error (unless it only stopped for NEW), then NEW's. */
    static Result<DiffSides> readWith(const std::function<Result<DiffSide>(ReadControl *)> &readOld,
                                      const QString &newPath, ReadControl *control);
};

} // namespace Dbtu
