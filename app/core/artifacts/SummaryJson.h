// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "artifacts/ArtifactSummary.h"

#include <QByteArray>
#include <QJsonObject>

#include <ostream>

namespace Dbtu {

/**
 * The `inspect --json` document (shape in ARCHITECTURE.md; field names follow dbt's own
 * vocabulary and the reference summarizer's). Pretty-printed, UTF-8, ends with a newline.
 */
QByteArray inspectResultToJson(const InspectResult &result);
/** The same document written to out as it is made (no copy of it in memory as one string). */
void writeInspectResultJson(const InspectResult &result, std::ostream &out);

/** {"error": {"code", "message", "hint", "detail"?, "http_status"?, "exit_code"}} for --json
 * on failure ("detail" when there is one, "http_status" when a server answered). */
QByteArray errorToJson(const Error &error);
/** The inner object of errorToJson(), for a document that embeds the error (bucket test). */
QJsonObject errorToJsonObject(const Error &error);

} // namespace Dbtu
