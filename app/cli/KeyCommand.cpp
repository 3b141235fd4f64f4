// SPDX-License-Identifier: MIT
#include "cli/ApiCommands.h"

#include "cli/CliSupport.h"
#include "secrets/SecretStore.h"
#include "settings/AppSettings.h"

#include <QCommandLineParser>

#include <memory>

namespace Dbtu::Cli {

int runKey(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser p;
    const QCommandLineOption profile = valueOption("profile", "Settings profile.", "NAME");
    const QCommandLineOption help = helpOption();
    p.addOption(profile);
    p.addOption(help);
    p.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("set, clear or status"));
    const QString helpText = QStringLiteral(
        "Usage: dbt-uploader key set|clear|status [--profile NAME]\n\n"
        "Keeps the Secoda API key in the OS keychain (never in a file). `set` reads the key\n"
        "from standard input (typed without echo on a terminal, or piped).\n");
    if (auto code = parseCommand(p, QStringLiteral("key"), args, helpText, out, err)) {
        return *code;
    }
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1
        || !QStringList({QStringLiteral("set"), QStringLiteral("clear"), QStringLiteral("status")})
                .contains(pos.first())) {
        return usage(err, QStringLiteral("key needs one of set, clear, status"),
                     QStringLiteral("dbt-uploader key set < key.txt"));
    }
    AppSettings settings;
    const QString profileName = p.isSet(profile) ? p.value(profile) : settings.lastProfile();
    const QString keyName = SecretStore::apiKeyName(profileName);
    SecretStore store;
    std::unique_ptr<SecretJob> job;
    const QString action = pos.first();
    if (action == QLatin1String("set")) {
        const std::string line = readLineFromStdin(true);
        if (line.empty()) {
            return fail(out, err, false,
                        Error::invalidInput(
                            QStringLiteral("no key on standard input"),
                            QStringLiteral("pipe the key in: dbt-uploader key set < key.txt")));
        }
        job.reset(store.write(keyName, Secret(QByteArray::fromStdString(line))));
    } else if (action == QLatin1String("clear")) {
        job.reset(store.remove(keyName));
    } else {
        job.reset(store.read(keyName));
    }
    runJob(*job); // a keychain call cannot be taken back: Ctrl+C lets it end

    if (job->error()) {
        return fail(out, err, false, *job->error());
    }
    if (action == QLatin1String("set")) {
        out << "The API key for profile \"" << profileName << "\" is stored in the keychain.\n";
    } else if (action == QLatin1String("clear")) {
        out << "No API key is stored for profile \"" << profileName << "\" any more.\n";
    } else {
        out << (job->found()
                    ? QStringLiteral("An API key is stored for profile \"%1\" in the keychain.\n")
                    : QStringLiteral("No API key is stored for profile \"%1\".\n"))
                   .arg(profileName);
        if (!qgetenv("SECODA_API_KEY").isEmpty()) {
            out << "SECODA_API_KEY is set and takes precedence.\n";
        }
    }
    out.flush();
    return 0;
}

} // namespace Dbtu::Cli
