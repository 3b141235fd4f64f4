// SPDX-License-Identifier: MIT
#pragma once

#include "ArtifactSummary.h"

namespace Dbtu::Cli {

/** The readable summary `inspect` prints without --json. */
QString inspectResultToText(const InspectResult &result);

/** 1.2 KB, 3.4 MB ... */
QString humanSize(qint64 bytes);

} // namespace Dbtu::Cli
