// SPDX-License-Identifier: MIT
// dbt-uploader: a CLI sub-command runs headless; anything else opens the window.
#include "Cli.h"
#include "MainWindow.h"
#include "SandboxServer.h"

#include <QApplication>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

void setApplicationInfo()
{
    QCoreApplication::setOrganizationName(QStringLiteral("dbt-uploader"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("dbt-uploader.github.io"));
    QCoreApplication::setApplicationName(QStringLiteral("dbt-uploader"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DBTU_VERSION));
}

/** On X11/Wayland systems without a display, say what to do instead of letting Qt abort. */
bool haveDisplay()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    const auto set = [](const char *name) {
        const char *v = std::getenv(name);
        return v && *v;
    };
    return set("QT_QPA_PLATFORM") || set("DISPLAY") || set("WAYLAND_DISPLAY");
#else
    return true;
#endif
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 1; i < argc; ++i) {
        args << QString::fromLocal8Bit(argv[i]);
    }
    if (Dbtu::Cli::wantsCli(args)) {
        QCoreApplication app(argc, argv);
        setApplicationInfo();
        QTextStream out(stdout);
        QTextStream err(stderr);
        return Dbtu::Cli::run(args, out, err);
    }
    if (!haveDisplay()) {
        std::fputs("error: no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not "
                   "set)\n"
                   "hint: run it as `xvfb-run -a dbt-uploader`, or set QT_QPA_PLATFORM=offscreen; "
                   "the command line (`dbt-uploader inspect PATH`) needs no display\n",
                   stderr);
        return 1;
    }
    QApplication app(argc, argv);
    setApplicationInfo();
    QApplication::setApplicationDisplayName(QStringLiteral("dbt Uploader"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.dbt_uploader.DbtUploader"));

    // --sandbox: an in-process sandbox server (temporary data dir, generated key, 5 s syncs)
    // for trying the API upload tab; its key stays in memory, never in the keychain.
    std::unique_ptr<Dbtu::Sandbox::SandboxServer> sandbox;
    if (args.contains(QStringLiteral("--sandbox"))) {
        Dbtu::Sandbox::SandboxOptions options;
        options.syncSeconds = 5.0;
        sandbox = std::make_unique<Dbtu::Sandbox::SandboxServer>(options);
        if (Dbtu::Result<void> started = sandbox->start(); !started) {
            std::fprintf(stderr, "error: %s\nhint: %s\n", qPrintable(started.error().message),
                         qPrintable(started.error().hint));
            return 5;
        }
    }
    Dbtu::Ui::MainWindow window;
    if (sandbox) {
        window.enterSandboxMode(sandbox->apiBaseUrl(), sandbox->apiKey(),
                                Dbtu::Sandbox::SandboxServer::dbtIntegrationId());
    }
    window.show();
    // Paths given on the command line go to the File upload tab (options are for Qt).
    QStringList paths;
    for (const QString &a : args) {
        if (!a.startsWith(QLatin1Char('-'))) {
            paths << a;
        }
    }
    if (!paths.isEmpty()) {
        window.openPaths(paths);
    }
    return QApplication::exec();
}
