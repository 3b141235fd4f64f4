// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "bucket/BucketObject.h"

#include <optional>

namespace Dbtu {

/**
 * Secoda's rule for finding dbt artifacts in a bucket, and what the app checks around it.
 * Secoda takes files whose name contains "manifest" and ends in ".json" or ".json.gz" under the
 * path; without a path, names at the root that start with "manifest". Pure functions.
 */
namespace ArtifactDiscovery {

struct Found
{
    QList<BucketObject> candidates;         ///< every object the rule matches, in listing order
    std::optional<BucketObject> manifest;   ///< the one the app checks (see discover())
    std::optional<BucketObject> runResults; ///< run_results.json(.gz) beside manifest
    QStringList warnings; ///< semantic_manifest.json matched, several candidates, ...
};

/** Whether Secoda's rule matches @p key under @p prefix ("" or ending in '/'). */
bool matchesRule(const QString &key, const QString &prefix);

/**
 * Applies the rule to a listing of @p prefix. The manifest checked is manifest.json(.gz)
 * directly under the prefix when present, else the newest non-semantic candidate.
 */
Found discover(const QList<BucketObject> &objects, const QString &prefix);

/**
 * Confirms from the first bytes of a file (gzip-compressed when @p gzip) that it is a dbt
 * manifest. Returns the dbt_schema_version URL, or "" for a manifest too old to have one.
 */
Result<QString> checkManifestHead(const QByteArray &head, bool gzip);

} // namespace ArtifactDiscovery
} // namespace Dbtu
