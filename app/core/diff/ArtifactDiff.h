// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactIndex.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Dbtu {

/**
 * What changed between two artifact indexes (OLD and NEW), by the rules of `dbt-uploader diff`:
 * resources grouped by their resource_type: added (in NEW only), removed (in OLD only), modified
 * (in both, with a checksum on both sides that differs); and, when both sides hold run results,
 * the results newly failing (error, fail or runtime error in NEW, not failing or absent in OLD)
 * and fixed (pass or success in NEW, failing in OLD). Every list is sorted by unique_id.
 */
struct ArtifactDiff
{
    struct TypeChanges
    {
        std::vector<std::string> added, removed, modified;
        bool isEmpty() const { return added.empty() && removed.empty() && modified.empty(); }
    };
    struct ResultChanges
    {
        std::vector<std::string> newlyFailing, fixed;
        bool isEmpty() const { return newlyFailing.empty() && fixed.empty(); }
    };

    /** By resource type; only the types with a change. Set when both sides have a manifest. */
    std::optional<std::map<std::string, TypeChanges>> resources;
    /** Set when both sides have run results. */
    std::optional<ResultChanges> results;

    /** Nothing added, removed, modified, newly failing or fixed. */
    bool isEmpty() const;

    /** Compares two finished indexes (sorted by unique_id, as readArtifact() leaves them). */
    static ArtifactDiff compare(const ArtifactIndex &oldIndex, const ArtifactIndex &newIndex);

    /** error, fail and runtime error (a lower-cased status). */
    static bool isFailing(std::string_view status);
    /** pass and success (a lower-cased status). */
    static bool isPassing(std::string_view status);
};

} // namespace Dbtu
