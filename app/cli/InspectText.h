// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactSummary.h"

#include <QTextStream>

namespace Dbtu::Cli {

/** The checks on some files, a line each: "warning: …" or "note: …". */
void writeChecks(QTextStream &stream, const QList<Check> &checks);

/** The readable summary `inspect` prints without --json. */
QString inspectResultToText(const InspectResult &result);

} // namespace Dbtu::Cli
