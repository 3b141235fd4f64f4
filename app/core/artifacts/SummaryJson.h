// SPDX-License-Identifier: MIT
#pragma once

#include "ArtifactSummary.h"
#include "Error.h"

#include <QByteArray>

#include <ostream>

namespace Dbtu {

/**
 * The `inspect --json` document (shape in ARCHITECTURE.md; field names follow dbt's own
 * vocabulary and the reference summarizer's). Pretty-printed, UTF-8, ends with a newline.
 */
QByteArray inspectResultToJson(const InspectResult &result);
/** The same document written to out as it is made (no copy of it in memory as one string). */
void writeInspectResultJson(const InspectResult &result, std::ostream &out);

/** {"error": {"code", "message", "hint", "exit_code"}} for --json on failure. */
QByteArray errorToJson(const Error &error);

} // namespace Dbtu
