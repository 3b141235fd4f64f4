// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QTextStream>

namespace Dbtu::Cli {

/** `dbt-uploader demo`: the main job, end to end, on the example project and an embedded sandbox.
 */
int runDemo(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace Dbtu::Cli
