// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QTextStream>

namespace Dbtu::Cli {

/** `dbt-uploader bucket test|upload|policy …` (see helpText() and the README). */
int runBucket(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace Dbtu::Cli
