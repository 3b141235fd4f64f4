// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QTextStream>

namespace Dbtu::Cli {

/** True when args (without the program name) start with a sub-command or a CLI-only option. */
bool wantsCli(const QStringList &args);

/**
 * Runs the command line headless and returns the process exit code (ARCHITECTURE.md):
 * 0 ok, 2 usage, 3 invalid input, 4 auth, 5 network, 6 server, 130 cancelled.
 * args excludes the program name. Needs a QCoreApplication.
 */
int run(const QStringList &args, QTextStream &out, QTextStream &err);

/** The full --help text (also the source of the man page). */
QString helpText();

/** "dbt-uploader 0.1.0 (Qt 6.4.2)", then the copyright, licence and homepage lines. */
QString versionText();

} // namespace Dbtu::Cli
