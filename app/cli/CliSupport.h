// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "Job.h"
#include "Result.h"
#include "secrets/Secret.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <optional>
#include <string>

namespace Dbtu::Cli {

/** Runs the event loop until done() is true; Ctrl+C calls cancel() (once). Only in the CLI. */
void runUntil(const std::function<bool()> &done, const std::function<void()> &cancel);

/**
 * Runs any job to its end: connects finished(), starts it (with @p begin when given, e.g. a
 * session's startUpload(); else start()), and runs the event loop until finished() came; Ctrl+C
 * cancels it. Read the job's error() and result afterwards.
 */
void runJob(Job &job, const std::function<void()> &begin = {});

/** Prints `error: …` and `hint: …` to err and returns the exit code for error. */
int fail(QTextStream &err, const Error &error);

/** Prints `error:` and `hint:` on stderr (and, with @p json, the error object on stdout);
 * returns the error's exit code. */
int fail(QTextStream &out, QTextStream &err, bool json, const Error &e);

/** Prints a usage error; returns 2. */
int usage(QTextStream &err, const QString &message, const QString &hint);

/** Reads one keychain entry (an empty Secret when there is none). */
Result<Secret> readKeychain(const QString &keyName);

/** --name VALUE; @p valueName is what the help shows for the value ("SECONDS"). */
QCommandLineOption valueOption(const char *name, const char *description, const char *valueName);
/** --name, a switch. */
QCommandLineOption flagOption(const char *name, const char *description);
/** -h, --help. */
QCommandLineOption helpOption();

/** --ca-file FILE (may be repeated): a root certificate to trust on top of the system's. */
QCommandLineOption caFileOption();

/**
 * Sets up the network of a command, for the rest of the process: the proxy from http_proxy /
 * https_proxy / no_proxy (else the desktop's), and SSL_CERT_FILE / SSL_CERT_DIR and @p caFiles
 * (the --ca-file values) trusted on top of the system store. A bad proxy URL or a file that
 * cannot be read or holds no certificate is an InvalidInput error naming it (exit 3).
 */
Result<void> prepareNetwork(const QStringList &caFiles);

/** Parses args for a command (and prints its --help); an exit code when it should stop here. */
std::optional<int> parseCommand(QCommandLineParser &p, const QString &command,
                                const QStringList &args, const QString &helpText, QTextStream &out,
                                QTextStream &err);

/** One line of standard input, trailing spaces and line ends cut; without echo on a terminal
 * when @p hideEcho (the prompt "API key: " then goes to stderr). */
std::string readLineFromStdin(bool hideEcho);

} // namespace Dbtu::Cli
