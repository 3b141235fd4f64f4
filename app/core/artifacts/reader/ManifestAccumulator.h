// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactIndex.h"
#include "artifacts/ArtifactSummary.h"
#include "artifacts/reader/Counts.h"
#include "artifacts/reader/Scalar.h"

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace Dbtu::Reader {

/**
 * What a manifest adds up to while it is read: collection sizes, resources by type, package
 * names, id hashes and the disabled definitions. The SAX handler fills the resource being read
 * (resource, disabledUid) and calls beginResource()/endResource() around each; moveInto() hands
 * the totals to the summary once the file is read.
 */
class ManifestAccumulator
{
public:
    /** A {unique_id: resource} collection, with the resource type of its entries. */
    struct CollectionDef
    {
        std::string_view name;
        std::string_view defaultType; // empty: none (nodes)
    };
    static constexpr std::array<CollectionDef, 10> kResourceCollections{{
        {"nodes", ""},
        {"sources", "source"},
        {"exposures", "exposure"},
        {"metrics", "metric"},
        {"semantic_models", "semantic_model"},
        {"saved_queries", "saved_query"},
        {"macros", "macro"},
        {"groups", "group"},
        {"unit_tests", "unit_test"},
        {"functions", "function"},
    }};
    /** Collections of which only the size is of interest. */
    static constexpr std::array<std::string_view, 3> kOtherCollections{
        {"docs", "selectors", "files"}};
    static constexpr int kNodes = 0;
    static constexpr int kMacros = 6;
    static constexpr int kCollectionCount
        = int(kResourceCollections.size() + kOtherCollections.size());

    /** The resource being read (the fields that count). */
    struct Resource
    {
        std::string uid;
        Scalar type, package, materialized, testMetadata;
        Scalar checksum; ///< checksum.checksum, read only when index is set
    };

    void beginResource(const std::string &uid);
    /** The resource of collection (an index into kResourceCollections) is complete. */
    void endResource(int collection);
    /** Moves the totals into m; the project name is matched against m.metadata.projectId. */
    void moveInto(ManifestSummary &m);

    Resource resource;
    ArtifactIndex *diffIndex = nullptr; ///< when set, every resource is added to it
    Scalar disabledUid;                 ///< unique_id of the legacy disabled list entry being read

    std::array<std::optional<qint64>, kCollectionCount> collectionSizes{};
    CountMap resourceTypes, materializations, testKinds;
    std::set<std::string> packages, macroPackages;
    std::vector<quint64> idHashes, testIdHashes;
    std::optional<qint64> disabledDefinitions, disabledIds;
    std::set<std::string> disabledListIds;
    bool disabledListHasNullId = false;
};

} // namespace Dbtu::Reader
