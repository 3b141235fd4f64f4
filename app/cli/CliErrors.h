// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QTextStream>

namespace Dbtu::Cli {

/** Prints `error: …` and `hint: …` to err and returns the exit code for error. */
int fail(QTextStream &err, const Error &error);

/** Prints a usage error and its hint to err and returns 2. */
int usage(QTextStream &err, const QString &message, const QString &hint);

} // namespace Dbtu::Cli
