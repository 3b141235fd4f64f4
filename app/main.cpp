// SPDX-License-Identifier: MIT
// dbt-uploader: a CLI sub-command runs headless; anything else opens the window.
#include "MainWindow.h"
#include "cli/Cli.h"
#include "ipc/SingleInstance.h"
#include "log/DebugLog.h"
#include "net/Redactor.h"
#include "sandbox/SandboxServer.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFileOpenEvent>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QTextStream>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

Q_LOGGING_CATEGORY(lcMain, "dbtu.main", QtWarningMsg)

namespace {

void setApplicationInfo()
{
    QCoreApplication::setOrganizationName(QStringLiteral("dbt-uploader"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("dbt-uploader.github.io"));
    QCoreApplication::setApplicationName(QStringLiteral("dbt-uploader"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DBTU_VERSION));
}

/** The arguments for the log, with the value of `sandbox --api-key` / `--read-only-key` (the
 * only options that take a secret) masked. */
QString loggedArguments(const QStringList &args)
{
    static const QStringList secretOptions{QStringLiteral("--api-key"),
                                           QStringLiteral("--read-only-key")};
    QStringList shown;
    bool maskNext = false;
    for (const QString &a : args) {
        const qsizetype eq = a.indexOf(QLatin1Char('='));
        if (maskNext) {
            shown << Dbtu::Redactor::kMask;
        } else if (eq > 0 && secretOptions.contains(a.left(eq))) {
            shown << a.left(eq + 1) + Dbtu::Redactor::kMask;
        } else {
            shown << a;
        }
        maskNext = !maskNext && secretOptions.contains(a);
    }
    return shown.join(QLatin1Char(' '));
}

/** The debug log (see README), for the CLI and the window alike; flushed at exit. */
void startDebugLog(const QStringList &args)
{
    Dbtu::DebugLog::install();
    qCInfo(lcMain).noquote() << QStringLiteral("dbt-uploader %1 (Qt %2), pid %3, arguments: %4")
                                    .arg(QCoreApplication::applicationVersion(),
                                         QString::fromLatin1(qVersion()))
                                    .arg(QCoreApplication::applicationPid())
                                    .arg(loggedArguments(args));
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

constexpr auto kAppId = "io.github.dbt_uploader.DbtUploader";

/** macOS hands files opened from the Finder to a running app as QFileOpenEvents, not argv. */
class FileOpenFilter : public QObject
{
public:
    explicit FileOpenFilter(std::function<void(const QString &)> open)
        : m_open(std::move(open))
    {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::FileOpen) {
            m_open(static_cast<QFileOpenEvent *>(event)->file());
            return true;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void(const QString &)> m_open;
};

void bringToFront(QWidget &window)
{
    window.show();
    window.setWindowState((window.windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    window.raise();
    window.activateWindow();
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
        startDebugLog(args);
        const auto flushLog = qScopeGuard([] { Dbtu::DebugLog::flush(); });
        QTextStream out(stdout);
        QTextStream err(stderr);
        const int code = Dbtu::Cli::run(args, out, err);
        qCInfo(lcMain) << "exit code" << code;
        return code;
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
    QApplication::setDesktopFileName(QString::fromLatin1(kAppId));
    startDebugLog(args);
    const auto flushLog = qScopeGuard([] { Dbtu::DebugLog::flush(); });

    // --sandbox: an in-process sandbox server (temporary data dir, generated key, 5 s syncs)
    // for trying the API upload tab; its key stays in memory, never in the keychain. A sandbox
    // window is always a window of its own.
    std::unique_ptr<Dbtu::Sandbox::SandboxServer> sandbox;
    if (QCoreApplication::arguments().contains(QStringLiteral("--sandbox"))) {
        Dbtu::Sandbox::SandboxOptions options;
        options.syncSeconds = 5.0;
        sandbox = std::make_unique<Dbtu::Sandbox::SandboxServer>(options);
        if (Dbtu::Result<void> started = sandbox->start(); !started) {
            std::fprintf(stderr, "error: %s\nhint: %s\n", qPrintable(started.error().message),
                         qPrintable(started.error().hint));
            return 5;
        }
    }

    // Paths given on the command line go to the File upload tab. QApplication has taken its own
    // options (-platform, -style...) out of arguments() by now; the rest that start with '-' are
    // ours.
    QStringList paths;
    bool newWindow = false;
    for (const QString &a : QCoreApplication::arguments().mid(1)) {
        if (a == QLatin1String("--new-window") || a == QLatin1String("--sandbox")) {
            newWindow = true;
        } else if (!a.startsWith(QLatin1Char('-'))) {
            paths << a;
        }
    }

    std::unique_ptr<Dbtu::Ui::MainWindow> window;
    QStringList pendingPaths; // files that arrive before the window exists
    const auto openPaths = [&](const QStringList &toOpen) {
        if (!window) {
            pendingPaths << toOpen;
            return;
        }
        bringToFront(*window);
        if (!toOpen.isEmpty()) {
            window->openPaths(toOpen);
        }
    };
    const auto openWindow = [&] {
        window = std::make_unique<Dbtu::Ui::MainWindow>();
        // Help → Try with a Local Sandbox: the same in-process sandbox as --sandbox, started
        // in the running window (and stopped on quit, after the window).
        window->setSandboxStarter([&sandbox]() -> Dbtu::Result<Dbtu::Ui::MainWindow::Sandbox> {
            if (!sandbox) {
                Dbtu::Sandbox::SandboxOptions options;
                options.syncSeconds = 5.0;
                auto server = std::make_unique<Dbtu::Sandbox::SandboxServer>(options);
                if (Dbtu::Result<void> started = server->start(); !started) {
                    return started.error();
                }
                sandbox = std::move(server);
            }
            return Dbtu::Ui::MainWindow::Sandbox{sandbox->apiBaseUrl(), sandbox->apiKey(),
                                                 Dbtu::Sandbox::SandboxServer::dbtIntegrationId()};
        });
        if (sandbox) {
            window->enterSandboxMode(sandbox->apiBaseUrl(), sandbox->apiKey(),
                                     Dbtu::Sandbox::SandboxServer::dbtIntegrationId());
        }
        window->show();
        const QStringList toOpen = paths + pendingPaths;
        pendingPaths.clear();
        if (!toOpen.isEmpty()) {
            window->openPaths(toOpen);
        }
    };
    FileOpenFilter fileOpenFilter([&](const QString &file) { openPaths({file}); });
    app.installEventFilter(&fileOpenFilter);

    // One window per user: a second launch hands its paths to the first and exits 0.
    Dbtu::SingleInstance instance(Dbtu::SingleInstance::serverNameFor(QString::fromLatin1(kAppId)));
    if (newWindow) {
        openWindow();
    } else {
        QObject::connect(&instance, &Dbtu::SingleInstance::pathsReceived, &app, openPaths);
        QObject::connect(&instance, &Dbtu::SingleInstance::finished, &app, [&] {
            if (instance.role() == Dbtu::SingleInstance::Role::Secondary) {
                QCoreApplication::exit(0);
            } else {
                openWindow(); // Primary, or Standalone when the running one did not answer
            }
        });
        instance.start(paths);
    }
    const int code = QApplication::exec();
    window.reset(); // before the QApplication goes
    return code;
}
