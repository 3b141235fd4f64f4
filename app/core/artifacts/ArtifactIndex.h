// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactSummary.h"

#include <QByteArray>

#include <memory>
#include <string_view>
#include <vector>

namespace Dbtu {

/**
 * What `diff` compares, gathered while a file is read (readArtifact() with an index): per
 * manifest resource its unique_id, resource_type and checksum.checksum, per run result its
 * unique_id and status. Filled only when asked for; reading without an index costs nothing
 * extra.
 *
 * Compact on purpose (a 1 GB pair holds 290,000 entries, and an upload compares two indexes):
 * the entries are views into text the index owns (blocks it appends to, or the buffer a stored
 * index was decoded from, keep()), so an entry is three views and no allocation of its own,
 * and a resource_type or status is kept once however often it repeats. The views stay valid
 * when the index is moved; a copy is a deep copy.
 */
class ArtifactIndex
{
public:
    struct Resource
    {
        std::string_view uniqueId;
        std::string_view resourceType; ///< its own resource_type, else what inspect counts it as
        std::string_view checksum;     ///< checksum.checksum; empty: none (or not a string)
    };
    struct RunResult
    {
        std::string_view uniqueId;
        std::string_view status; ///< trimmed and lower-cased, as inspect normalizes it
    };

    ArtifactIndex();
    ~ArtifactIndex();
    ArtifactIndex(const ArtifactIndex &other);
    ArtifactIndex &operator=(const ArtifactIndex &other);
    ArtifactIndex(ArtifactIndex &&other) noexcept;
    ArtifactIndex &operator=(ArtifactIndex &&other) noexcept;

    /** Called by the reader for every resource of a {unique_id: resource} collection. */
    void addResource(std::string_view uniqueId, std::string_view type, std::string_view checksum)
    {
        resources.push_back({text(uniqueId), label(type), text(checksum)});
    }
    /** Called by the reader for every result with a unique_id that is a string. */
    void addResult(std::string_view uniqueId, std::string_view status)
    {
        results.push_back({text(uniqueId), label(status)});
    }
    /**
     * Keeps @p buffer for as long as the index lives, so that entries may view into it
     * (IndexBlob::decode() adds entries that point into the text it decompressed).
     */
    void keep(QByteArray buffer);

    /** Empties it (the reader does so before it reads and when it fails). */
    void clear();
    /**
     * Once the file is read: keeps what its kind holds (resources of a manifest, results of a
     * run_results file), sorts both by unique_id and, of an id seen twice, keeps the last one.
     */
    void finish(ArtifactKind kind);
    /** Takes the results (and hasRunResults) of another index, e.g. of the run_results file
     * next to this manifest. */
    void takeResults(ArtifactIndex &&other);
    /** Takes the resources (and hasManifest) of another index, e.g. of the manifest next to
     * this run_results file. */
    void takeResources(ArtifactIndex &&other);

    std::vector<Resource> resources; ///< sorted by uniqueId once finished
    std::vector<RunResult> results;  ///< sorted by uniqueId once finished
    bool hasManifest = false;
    bool hasRunResults = false;

private:
    struct Text; // the blocks and buffers the entries view into
    /** @p s copied into the index's own text. */
    std::string_view text(std::string_view s);
    /** text(), kept once for the few values that repeat (resource types, statuses). */
    std::string_view label(std::string_view s);
    /** Shares @p other's text, so that entries taken from it stay valid. */
    void takeText(const ArtifactIndex &other);

    std::shared_ptr<Text> m_text;                      ///< what text() appends to
    std::vector<std::shared_ptr<const Text>> m_others; ///< of the indexes entries came from
};

} // namespace Dbtu
