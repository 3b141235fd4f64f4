// SPDX-License-Identifier: MIT
#include "CliSupport.h"

#include "ProxyConfig.h"
#include "SecretStore.h"
#include "SummaryJson.h"
#include "TrustedCertificates.h"

#include <QEventLoop>
#include <QLoggingCategory>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <memory>

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
    bool finished = false;
    QObject::connect(job.get(), &SecretJob::finished, [&finished] { finished = true; });
    SecretStore::start(job.get());
    runUntil([&] { return finished; }, [] {});
    if (job->error()) {
        return *job->error();
    }
    if (!job->found()) {
        return Secret();
    }
    return *job->secret();
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

} // namespace Dbtu::Cli
