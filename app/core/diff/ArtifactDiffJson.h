// SPDX-License-Identifier: MIT
#pragma once

#include "diff/ArtifactDiff.h"
#include "diff/DiffSide.h"

#include <ostream>

namespace Dbtu {

/**
 * The `diff --json` document (shape in the README): {"old": side, "new": side, "resources":
 * {type: {"added", "removed", "modified"}} or null, "results": {"newly_failing", "fixed"} or
 * null}; a side is {"manifest", "run_results", "invocation_id", "generated_at"} (each null when
 * unknown). Types without a change are left out. Pretty-printed (two spaces, as nlohmann's
 * dump(2)), ends with a newline. Written to out as it goes: no JSON tree is built.
 */
void writeArtifactDiffJson(const DiffSides &sides, const ArtifactDiff &diff, std::ostream &out);

} // namespace Dbtu
