// SPDX-License-Identifier: MIT
#include "cli/Cli.h"

#include "artifacts/Inspector.h"
#include "artifacts/SummaryJson.h"
#include "cli/ApiCommands.h"
#include "cli/BucketCommands.h"
#include "cli/CliSupport.h"
#include "cli/DemoCommand.h"
#include "cli/DiffCommand.h"
#include "cli/FollowCommand.h"
#include "cli/HistoryCommand.h"
#include "cli/InspectText.h"
#include "cli/SandboxCommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include <iostream>

namespace Dbtu::Cli {

namespace {

int runInspect(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Summarize dbt artifacts."));
    const QCommandLineOption json = flagOption("json", "Print the summary as JSON (see README).");
    const QCommandLineOption help = helpOption();
    parser.addOption(json);
    parser.addOption(help);
    parser.addPositionalArgument(
        QStringLiteral("PATH"),
        QStringLiteral("manifest.json, run_results.json or a target/ folder"),
        QStringLiteral("PATH..."));
    if (!parser.parse(QStringList{QStringLiteral("dbt-uploader inspect")} + args)) {
        return usage(err, parser.errorText(), QStringLiteral("see dbt-uploader inspect --help"));
    }
    if (parser.isSet(help)) {
        out << "Usage: dbt-uploader inspect [--json] PATH...\n\n"
               "Summarize dbt artifacts: PATH is manifest.json, run_results.json (any schema\n"
               "version, dbt 0.17 to 2.0) or a dbt target/ folder. What a file is, is read from\n"
               "its content. Exit codes: 0 ok, 2 usage, 3 invalid input, 130 cancelled.\n\n"
               "  --json      print the summary as JSON (shape in the README)\n";
        out.flush();
        return 0;
    }
    const QStringList paths = parser.positionalArguments();
    if (paths.isEmpty()) {
        return usage(err, QStringLiteral("inspect needs at least one PATH"),
                     QStringLiteral("dbt-uploader inspect target/   (or the JSON files)"));
    }

    // Read on a worker; Ctrl+C is handled by runUntil(), as in every other command.
    ReadControl control;
    QFuture<Result<InspectResult>> reading
        = QtConcurrent::run([&paths, &control] { return inspectArtifacts(paths, &control); });
    runUntil([&reading] { return reading.isFinished(); }, [&control] { control.cancelled = true; });
    Result<InspectResult> result = reading.result();

    if (!result) {
        return fail(out, err, parser.isSet(json), result.error());
    }
    if (parser.isSet(json)) {
        out.flush();
        writeInspectResultJson(result.value(), std::cout);
    } else {
        out << inspectResultToText(result.value());
    }
    out.flush();
    return 0;
}

/** A command: its word, its lines in the help's "Commands:" section, and what runs it. */
struct Command
{
    const char *name;
    const char *synopsis; // each line after the first indented by the help
    int (*run)(const QStringList &args, QTextStream &out, QTextStream &err);
};

/** Every command, in the help's order: the help, wantsCli() and run() all read this. */
constexpr Command kCommands[] = {
    {"inspect", "inspect [--json] PATH...   summarize artifacts (files or a target/ folder)",
     runInspect},
    {"diff", "diff [--json] OLD NEW      what changed between two runs (folders or files)",
     runDiff},
    {"upload",
     "upload [--style combined|separate] [--no-trigger] [--watch] [--json] PATH...\n"
     "                           check, upload, trigger a sync, and follow it",
     runUpload},
    {"follow",
     "follow [API options | --bucket-profile NAME] [--json] DIR\n"
     "                           send each new dbt run in a target/ folder, once",
     runFollow},
    {"history",
     "history [--json] [--limit N] [--profile NAME]\n"
     "                           the last uploads (window and CLI, API and bucket)",
     runHistory},
    {"trigger", "trigger [--watch]          start a sync of the dbt integration", runTrigger},
    {"watch", "watch [--timeout SECONDS]  follow the integration's sync until it ends", runWatch},
    {"integrations", "integrations [--json]      list the account's integrations", runIntegrations},
    {"key", "key set|clear|status       keep the API key in the OS keychain (set reads stdin)",
     runKey},
    {"demo",
     "demo                       the whole job on the example project and a local\n"
     "                           sandbox: summarize, upload, sync (nothing leaves the machine)",
     runDemo},
    {"sandbox",
     "sandbox [--port N] [--data-dir DIR] [--bind ADDR] [--api-key KEY|--api-key-file F]\n"
     "        [--read-only-key KEY|--read-only-key-file F] [--print-key] [--sync-seconds S]\n"
     "        [--max-body-mb N]\n"
     "        [--post-limit N] [--page-size N] [--integrations N] [--delay-ms N]\n"
     "        [--status-sequence 429,503,200] [--drop-after-bytes N] [--hang]\n"
     "                           run a local Secoda-compatible server until Ctrl+C\n"
     "                           (see dbt-uploader sandbox --help)",
     runSandbox},
    {"bucket",
     "bucket test|upload|policy --provider s3|gcs|azure [--bucket B] [--region R]\n"
     "       [--endpoint URL] [--prefix P] [--container C] [--account NAME] [--json]\n"
     "                           check a bucket Secoda syncs from, push artifacts to it\n"
     "                           (--gzip), or print its IAM / CORS documents\n"
     "                           (policy --kind user|role|cors [--external-id ID])",
     runBucket},
};

const Command *findCommand(const QString &name)
{
    for (const Command &c : kCommands) {
        if (name == QLatin1String(c.name)) {
            return &c;
        }
    }
    return nullptr;
}

QString commandsHelp()
{
    QString text;
    for (const Command &c : kCommands) {
        for (const QString &line : QString::fromUtf8(c.synopsis).split(QLatin1Char('\n'))) {
            text += QStringLiteral("  ") + line + QLatin1Char('\n');
        }
    }
    return text;
}

} // namespace

QString versionText()
{
    return QStringLiteral("dbt-uploader %1 (Qt %2)\n"
                          "Copyright (c) dbt Uploader contributors. MIT licence: free to use,\n"
                          "change and share; no warranty.\n"
                          "https://github.com/dbt-uploader/dbt-uploader\n")
        .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()));
}

QString helpText()
{
    return QStringLiteral(
               "Usage: dbt-uploader [--new-window] [PATH...]\n"
               "  or:  dbt-uploader COMMAND [OPTIONS]\n"
               "\n"
               "dbt Uploader gets dbt Core artifacts (manifest.json, run_results.json) into the\n"
               "Secoda data catalog. Without a command it opens the window; PATHs given there\n"
               "(files or a dbt target/ folder) are loaded into the File upload tab.\n"
               "\n"
               "Window:\n"
               "  PATH...          manifest.json, run_results.json or a dbt target/ folder to "
               "load\n"
               "  --new-window     open a window of its own; by default, when dbt Uploader is\n"
               "                   already open, its window loads the PATHs and comes forward, "
               "and\n"
               "                   this launch exits\n"
               "  Qt's own options (-platform NAME, -style NAME, ...) are accepted as well.\n"
               "\n"
               "Commands:\n"
               "%1"
               "\n"
               "Common to the API commands: --api-url URL | --api-region us|eu|apac,\n"
               "--integration ID, --profile NAME, --api-key-stdin, --json. The API key comes from\n"
               "SECODA_API_KEY, else --api-key-stdin, else the keychain; never an argument.\n"
               "Each command has --help.\n"
               "\n"
               "Options:\n"
               "  -h, --help       show this help\n"
               "  -v, --version    show the version\n"
               "\n"
               "Exit codes: 0 ok, 1 no display for the window, 2 usage, 3 invalid input,\n"
               "4 authentication, 5 network, 6 server, 130 cancelled. Errors go to stderr as\n"
               "'error: ...' and 'hint: ...'.\n"
               "\n"
               "Report bugs at https://github.com/dbt-uploader/dbt-uploader/issues\n")
        .arg(commandsHelp());
}

bool wantsCli(const QStringList &args)
{
    if (args.isEmpty()) {
        return false;
    }
    const QString &first = args.first();
    // A word that is no existing path is a (mistyped) command, not a file for the window.
    if (!first.startsWith(QLatin1Char('-')) && !first.contains(QLatin1Char('/'))
        && !first.contains(QLatin1Char('.')) && !QFileInfo::exists(first)) {
        return true;
    }
    return findCommand(first) || first == QLatin1String("--help") || first == QLatin1String("-h")
           || first == QLatin1String("--version") || first == QLatin1String("-v")
           || first == QLatin1String("help");
}

int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.isEmpty() || args.first() == QLatin1String("--help")
        || args.first() == QLatin1String("-h") || args.first() == QLatin1String("help")) {
        out << helpText();
        out.flush();
        return 0;
    }
    const QString command = args.first();
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        out << versionText();
        out.flush();
        return 0;
    }
    if (const Command *c = findCommand(command)) {
        return c->run(args.mid(1), out, err);
    }
    return usage(err, QStringLiteral("unknown command '%1'").arg(command),
                 QStringLiteral("see dbt-uploader --help"));
}

} // namespace Dbtu::Cli
