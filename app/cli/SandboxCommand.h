// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QTextStream>

namespace Dbtu::Cli {

/**
 * `dbt-uploader sandbox [OPTIONS]`: runs a Sandbox::SandboxServer in the foreground until
 * Ctrl+C (or SIGTERM) and returns the exit code: 0 after a clean stop, 2 usage, 3 a bad option
 * value or unusable data dir, 5 when it cannot listen. args excludes "sandbox".
 */
int runSandbox(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace Dbtu::Cli
