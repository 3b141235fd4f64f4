// SPDX-License-Identifier: MIT
#include "cli/CliSupport.h"

#include "artifacts/SummaryJson.h"
#include "net/ProxyConfig.h"
#include "net/TrustedCertificates.h"
#include "secrets/SecretStore.h"

#include <QEventLoop>
#include <QLoggingCategory>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>

#if defined(Q_OS_UNIX)
#include <termios.h>
#include <unistd.h>
#endif

Q_LOGGING_CATEGORY(lcCli, "dbtu.cli", QtWarningMsg)

namespace Dbtu::Cli {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onCliInterrupt(int)
{
    g_interrupted.store(true);
}

} // namespace

void runUntil(const std::function<bool()> &done, const std::function<void()> &cancel)
{
    g_interrupted = false;
    auto previous = std::signal(SIGINT, onCliInterrupt);
    QEventLoop loop;
    QTimer poll;
    bool cancelled = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (g_interrupted && !cancelled) {
            cancelled = true;
            cancel();
        }
        if (done()) {
            loop.quit();
        }
    });
    poll.start(20);
    if (!done()) {
        loop.exec();
    }
    std::signal(SIGINT, previous);
}

void runJob(Job &job, const std::function<void()> &begin)
{
    bool finished = false;
    QObject::connect(&job, &Job::finished, &job, [&finished] { finished = true; });
    if (begin) {
        begin();
    } else {
        job.start();
    }
    runUntil([&finished] { return finished; }, [&job] { job.cancel(); });
}

int fail(QTextStream &err, const Error &error)
{
    qCDebug(lcCli) << "command failed:" << error; // with its detail, for a bug report
    err << "error: " << error.message << "\n";
    if (!error.hint.isEmpty()) {
        err << "hint: " << error.hint << "\n";
    }
    err.flush();
    return exitCodeFor(error.code);
}

int fail(QTextStream &out, QTextStream &err, bool json, const Error &e)
{
    if (json) {
        out << QString::fromUtf8(errorToJson(e));
        out.flush();
    }
    return fail(err, e);
}

int usage(QTextStream &err, const QString &message, const QString &hint)
{
    qCDebug(lcCli).noquote() << "usage error:" << message;
    err << "error: " << message << "\nhint: " << hint << "\n";
    err.flush();
    return 2;
}

Result<Secret> readKeychain(const QString &keyName)
{
    SecretStore store;
    std::unique_ptr<SecretJob> job(store.read(keyName));
    runJob(*job);
    if (job->error()) {
        return *job->error();
    }
    if (!job->found()) {
        return Secret();
    }
    return *job->secret();
}

QCommandLineOption valueOption(const char *name, const char *description, const char *valueName)
{
    return QCommandLineOption(QString::fromUtf8(name), QString::fromUtf8(description),
                              QString::fromUtf8(valueName));
}

QCommandLineOption flagOption(const char *name, const char *description)
{
    return QCommandLineOption(QString::fromUtf8(name), QString::fromUtf8(description));
}

QCommandLineOption helpOption()
{
    return QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")},
                              QStringLiteral("Show this help."));
}

QCommandLineOption caFileOption()
{
    return QCommandLineOption(
        QStringLiteral("ca-file"),
        QStringLiteral("Also trust this root certificate (PEM or DER; may be repeated), e.g. a "
                       "company CA. SSL_CERT_FILE and SSL_CERT_DIR are read too."),
        QStringLiteral("FILE"));
}

Result<void> prepareNetwork(const QStringList &caFiles)
{
    Result<ProxyConfig> proxy = ProxyConfig::fromEnvironment();
    if (!proxy) {
        return proxy.error();
    }
    proxy.value().install();
    Result<qsizetype> trusted
        = TrustedCertificates::trustWithEnvironment(caFiles, QStringLiteral("--ca-file"));
    if (!trusted) {
        return trusted.error();
    }
    return {};
}

/** Parses args for a command; returns an exit code when the command should stop here. */
std::optional<int> parseCommand(QCommandLineParser &p, const QString &command,
                                const QStringList &args, const QString &helpText, QTextStream &out,
                                QTextStream &err)
{
    if (!p.parse(QStringList{QStringLiteral("dbt-uploader ") + command} + args)) {
        return usage(err, p.errorText(), QStringLiteral("see dbt-uploader %1 --help").arg(command));
    }
    if (p.isSet(QStringLiteral("help"))) {
        out << helpText;
        out.flush();
        return 0;
    }
    return std::nullopt;
}

std::string readLineFromStdin(bool hideEcho)
{
#if defined(Q_OS_UNIX)
    termios old{};
    const bool tty = hideEcho && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        std::fputs("API key: ", stderr);
    }
#else
    Q_UNUSED(hideEcho);
#endif
    std::string line;
    std::getline(std::cin, line);
#if defined(Q_OS_UNIX)
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::fputs("\n", stderr);
    }
#endif
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ')) {
        line.pop_back();
    }
    return line;
}

} // namespace Dbtu::Cli
