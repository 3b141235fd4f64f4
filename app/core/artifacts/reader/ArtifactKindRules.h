// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactSummary.h"

#include <QString>

#include <optional>
#include <span>

namespace Dbtu::Reader {

class SummaryHandler;

/**
 * The kind rules: what a read document is, decided by content. A schema URL names the kind;
 * without one (files older than dbt 0.19) the shape decides: an object of nodes next to macros,
 * parent_map, child_map or docs is a manifest, a results array next to elapsed_time, generated_at
 * or a legacy result is run_results. Anything else is another JSON document, described in words.
 */
class ArtifactKindRules
{
public:
    static ArtifactKind kindOf(const SummaryHandler &h, const std::optional<QString> &schemaUrl);
    /** Describes a JSON document that is not a manifest or run_results. */
    static QString describeOther(const SummaryHandler &h, const std::optional<QString> &schemaUrl);
    /** The schema versions of kind (Manifest or RunResults) this app knows. */
    static std::span<const int> knownSchemaVersions(ArtifactKind kind);
};

} // namespace Dbtu::Reader
