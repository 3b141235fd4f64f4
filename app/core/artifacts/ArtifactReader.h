// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "artifacts/ArtifactIndex.h"
#include "artifacts/ArtifactSummary.h"

#include <atomic>

namespace Dbtu {

/**
 * Shared between reading threads and whoever watches them: bytes read so far and in all (for a
 * progress bar) and a cancel flag. One control may serve several files read at once (bytesRead
 * adds up). All atomics: poll and cancel from any thread.
 */
struct ReadControl
{
    std::atomic<qint64> bytesRead{0};
    std::atomic<qint64> bytesTotal{0};
    std::atomic<bool> cancelled{false};
};

/** What one file turned out to be, with its summary. */
struct FileSummary
{
    ArtifactKind kind = ArtifactKind::OtherJson;
    QString path;
    qint64 sizeBytes = 0;
    std::optional<ManifestSummary> manifest;     ///< set when kind == Manifest
    std::optional<RunResultsSummary> runResults; ///< set when kind == RunResults
    QString otherDescription; ///< kind == OtherJson: what it looks like ("a dbt catalog
                              ///< (catalog.json)")
    QList<Check> checks;      ///< notes on this file alone (e.g. an unknown newer schema version)
};

/**
 * Reads one JSON file with a streaming (SAX) parser, in a single pass and in constant memory
 * whatever the file size, and summarizes it. Runs on the calling thread; call it from a worker.
 * The kind is decided by content. Broken, empty, truncated, binary or unreadable files give an
 * Error naming the file, the position (line, column, byte) and a hint. Cancelling through
 * control gives ErrorCode::Cancelled.
 *
 * With an index, the same single pass also fills it (what `diff` compares, finished for the
 * file's kind); on an error it is left empty. Without one nothing of it is read or kept.
 */
Result<FileSummary> readArtifact(const QString &path, ReadControl *control = nullptr,
                                 ArtifactIndex *index = nullptr);

/** The schema version number in a dbt schema URL (".../manifest/v12.json" -> 12). */
std::optional<int> schemaVersionNumber(const QString &schemaUrl);

} // namespace Dbtu
