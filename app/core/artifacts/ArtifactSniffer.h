// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactSummary.h"

#include <optional>

namespace Dbtu {

/**
 * A quick look at the start of a file: when its metadata names a manifest or run-results schema
 * (dbt 0.19+ writes metadata first), that kind, after reading a few hundred bytes. nullopt when
 * the start does not tell (legacy artifacts, other JSON, unreadable): then only a full read
 * (readArtifact) decides. Never a verdict on the whole file.
 */
std::optional<ArtifactKind> sniffArtifactKind(const QString &path);

} // namespace Dbtu
