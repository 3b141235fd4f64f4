// SPDX-License-Identifier: MIT
#pragma once

#include "ArtifactSummary.h"

namespace Dbtu::Cli {

/** The readable summary `inspect` prints without --json. */
QString inspectResultToText(const InspectResult &result);

} // namespace Dbtu::Cli
