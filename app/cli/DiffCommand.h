// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QTextStream>

namespace Dbtu::Cli {

/** `dbt-uploader diff [--json] OLD NEW`: what changed between two dbt runs' artifacts. */
int runDiff(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace Dbtu::Cli
