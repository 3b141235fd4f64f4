// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactSummary.h"

#include <string>
#include <string_view>
#include <vector>

namespace Dbtu {

/**
 * What `diff` compares, gathered while a file is read (readArtifact() with an index): per
 * manifest resource its unique_id, resource_type and checksum.checksum, per run result its
 * unique_id and status. Compact on purpose (it is to be kept per upload): plain strings only.
 * Filled only when asked for; reading without an index costs nothing extra.
 */
class ArtifactIndex
{
public:
    struct Resource
    {
        std::string uniqueId;
        std::string resourceType; ///< its own resource_type, else what inspect counts it as
        std::string checksum;     ///< checksum.checksum; empty: none (or not a string)
    };
    struct RunResult
    {
        std::string uniqueId;
        std::string status; ///< trimmed and lower-cased, as inspect normalizes it
    };

    /** Called by the reader for every resource of a {unique_id: resource} collection. */
    void addResource(std::string_view uniqueId, std::string_view type, std::string_view checksum)
    {
        resources.push_back({std::string(uniqueId), std::string(type), std::string(checksum)});
    }
    /** Called by the reader for every result with a unique_id that is a string. */
    void addResult(std::string_view uniqueId, std::string_view status)
    {
        results.push_back({std::string(uniqueId), std::string(status)});
    }

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
};

} // namespace Dbtu
