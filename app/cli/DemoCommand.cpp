// SPDX-License-Identifier: MIT
#include "cli/DemoCommand.h"

#include "artifacts/Inspector.h"
#include "cli/CliSupport.h"
#include "cli/InspectText.h"
#include "cli/SessionPrinter.h"
#include "example/ExampleProject.h"
#include "net/NetworkManager.h"
#include "sandbox/SandboxServer.h"
#include "secoda/UploadSession.h"
#include "util/TextFormat.h"

#include <QCommandLineParser>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>

namespace Dbtu::Cli {

namespace {

constexpr char kHelp[]
    = "Usage: dbt-uploader demo\n\n"
      "Shows the main job end to end, on this machine only: summarizes the example project\n"
      "(a dbt build of a small shop, built into dbt Uploader), starts a local sandbox (a\n"
      "stand-in for Secoda), uploads the pair to it, triggers a sync and follows it to its\n"
      "end, then stops the sandbox. Nothing leaves this machine and no key is needed.\n"
      "Exit codes: 0 ok, 2 usage, 3 the example could not be written, 5 the sandbox could not\n"
      "start, 130 cancelled.\n";

constexpr int kSteps = 4;
constexpr double kSyncSeconds = 3.0;

void step(QTextStream &out, int n, const QString &title)
{
    out << "\nStep " << n << " of " << kSteps << ": " << title << "\n";
    out.flush();
}

QString indented(const QString &text)
{
    QString result;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (!line.isEmpty()) {
            result += QStringLiteral("    ") + line + QLatin1Char('\n');
        }
    }
    return result;
}

} // namespace

int runDemo(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const QCommandLineOption help = helpOption();
    parser.addOption(help);
    if (const std::optional<int> stop = parseCommand(parser, QStringLiteral("demo"), args,
                                                     QString::fromLatin1(kHelp), out, err)) {
        return *stop;
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usage(err, QStringLiteral("demo takes no arguments"),
                     QStringLiteral("dbt-uploader demo   (or dbt-uploader upload PATH for your "
                                    "own project)"));
    }

    out << "dbt Uploader demo: the example project, uploaded to a local sandbox and synced.\n"
           "Nothing leaves this machine.\n";

    step(out, 1,
         QStringLiteral("the example project: what dbt build leaves in target/ (written to a "
                        "temporary folder, removed at the end)"));
    QTemporaryDir folder;
    if (!folder.isValid()) {
        return fail(
            err, Error::invalidInput(
                     QStringLiteral("cannot make a temporary folder: %1").arg(folder.errorString()),
                     QStringLiteral("Set TMPDIR to a writable folder.")));
    }
    const Result<QString> target = ExampleProject::writeTo(folder.path());
    if (!target) {
        return fail(err, target.error());
    }
    ReadControl control;
    const QStringList paths{target.value()};
    QFuture<Result<InspectResult>> reading
        = QtConcurrent::run([&paths, &control] { return inspectArtifacts(paths, &control); });
    runUntil([&reading] { return reading.isFinished(); }, [&control] { control.cancelled = true; });
    const Result<InspectResult> summary = reading.result();
    if (!summary) {
        return fail(err, summary.error());
    }
    out << indented(inspectResultToText(summary.value()));

    step(out, 2, QStringLiteral("a local sandbox, standing in for Secoda"));
    Sandbox::SandboxOptions options;
    options.syncSeconds = kSyncSeconds;
    Sandbox::SandboxServer sandbox(options);
    if (const Result<void> started = sandbox.start(); !started) {
        return fail(err, started.error());
    }
    const QString integrationId = Sandbox::SandboxServer::dbtIntegrationId();
    out << "  listening on " << sandbox.apiBaseUrl().toString() << ", dbt integration "
        << integrationId << " (a key of its own; no Secoda account needed)\n";
    out.flush();

    step(out, 3, QStringLiteral("check, upload, trigger a sync and follow it"));
    const Result<ApiEndpoint> endpoint = ApiEndpoint::parse(sandbox.apiBaseUrl().toString());
    if (!endpoint) {
        return fail(err, endpoint.error());
    }
    NetworkManager nam;
    UploadSession::Options sessionOptions;
    sessionOptions.surface = UploadSession::Surface::CommandLine;
    sessionOptions.waitOnWarnings = false; // the example's failing tests are warnings to show
    sessionOptions.watchLimit = std::chrono::seconds(60);
    sessionOptions.pollFirst = std::chrono::milliseconds(500);
    sessionOptions.pollMax = std::chrono::milliseconds(1000);
    UploadSession session(nam, endpoint.value(), Secret(sandbox.apiKey()), integrationId,
                          sessionOptions);
    SessionPrinter printer(session, integrationId, 60, out);
    QObject::connect(&session, &UploadSession::checksFinished, &session,
                     [&printer](const InspectResult &r) { printer.checks(r.checks); });
    QObject::connect(&session, &UploadSession::uploaded, &session, [&](qint64 bytes) {
        printer.line(QStringLiteral("Uploaded %1 to integration %2 (manifest.json and "
                                    "run_results.json in one request).")
                         .arg(humanSize(bytes), integrationId));
    });
    QObject::connect(&session, &UploadSession::triggered, &session,
                     [&printer] { printer.line(QStringLiteral("Sync triggered.")); });
    printer.run([&] { session.startUpload(paths, UploadStyle::Combined); });
    sandbox.stop();
    if (session.error()) {
        return fail(err, *session.error());
    }

    step(out, 4, QStringLiteral("done; the sandbox is stopped"));
    out << "  This is what dbt Uploader does with your own dbt project, against Secoda.\n"
           "\nNext:\n"
           "  open the window          dbt-uploader   (on a desktop; with no display:\n"
           "                           xvfb-run -a dbt-uploader, or dbt-uploader --sandbox to try\n"
           "                           the window against a sandbox)\n"
           "  summarize your project   dbt-uploader inspect path/to/target/\n"
           "  keep your Secoda key     dbt-uploader key set   (reads it from stdin)\n"
           "  upload after dbt runs    dbt-uploader upload --integration ID --watch "
           "path/to/target/\n";
    out.flush();
    return 0;
}

} // namespace Dbtu::Cli
