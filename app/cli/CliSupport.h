// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "Result.h"
#include "Secret.h"

#include <QTextStream>

#include <functional>

namespace Dbtu::Cli {

/** Runs the event loop until done() is true; Ctrl+C calls cancel() (once). Only in the CLI. */
void runUntil(const std::function<bool()> &done, const std::function<void()> &cancel);

/** Prints `error: …` and `hint: …` to err and returns the exit code for error. */
int fail(QTextStream &err, const Error &error);

/** Prints `error:` and `hint:` on stderr (and, with @p json, the error object on stdout);
 * returns the error's exit code. */
int fail(QTextStream &out, QTextStream &err, bool json, const Error &e);

/** Prints a usage error; returns 2. */
int usage(QTextStream &err, const QString &message, const QString &hint);

/** Reads one keychain entry (an empty Secret when there is none). */
Result<Secret> readKeychain(const QString &keyName);

} // namespace Dbtu::Cli
