// SPDX-License-Identifier: MIT
// dbtu-stall-probe: how long does the GUI event loop stall while artifacts are being summarized?
//
//   dbtu-stall-probe PATH...
//
// Runs a QApplication (offscreen unless QT_QPA_PLATFORM says otherwise), opens the real main
// window, loads PATHs into its File upload tab as a drop would, and ticks a 5 ms precise timer
// from the load until 300 ms after the summary is shown. The longest gap between two ticks is
// the worst stall the user would have felt. Prints key=value lines (max_stall_ms,
// max_stall_at_ms, ticks, elapsed_ms, status) and exits 0 when the inspection succeeded.
#include "FileUploadPage.h"
#include "MainWindow.h"
#include "artifacts/InspectJob.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <algorithm>
#include <cstdio>
#include <functional>

namespace {

constexpr int kSettleMs = 300;
constexpr int kTickMs = 5;

/** What the probe watches: starts inspecting paths, calls done() once with an error or none. */
struct Subject
{
    std::function<void(const QString &error)> done;
};

// ---------------------------------------------------------------------------------------------
// The subject under test: the real main window, loading the file into the File upload tab as a
// drop would, with its progress bar, summary and banners.
// ---------------------------------------------------------------------------------------------
Dbtu::Ui::MainWindow *createSubject(QWidget *host)
{
    auto *window = new Dbtu::Ui::MainWindow(host);
    window->show();
    return window;
}

void startSubject(Dbtu::Ui::MainWindow *window, const QStringList &paths, Subject *subject)
{
    Dbtu::Ui::FileUploadPage *page = window->fileUploadPage();
    QObject::connect(page, &Dbtu::Ui::FileUploadPage::inspectionFinished, window,
                     [subject] { subject->done({}); });
    page->openPaths(paths);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    const QStringList paths = app.arguments().mid(1);
    if (paths.isEmpty()) {
        std::fprintf(stderr, "usage: dbtu-stall-probe PATH...\n");
        return 2;
    }

    QElapsedTimer clock;
    qint64 lastTick = 0;
    qint64 maxGap = 0;
    qint64 maxGapAt = 0;
    qint64 ticks = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(kTickMs);
    const auto tick = [&] {
        const qint64 now = clock.nsecsElapsed();
        if (now - lastTick > maxGap) {
            maxGap = now - lastTick;
            maxGapAt = lastTick;
        }
        lastTick = now;
        ++ticks;
    };
    QObject::connect(&ticker, &QTimer::timeout, &app, tick);

    QString error;
    Subject subject;
    qint64 finishedAt = 0;
    subject.done = [&](const QString &message) {
        tick(); // a stall right before the end counts too
        finishedAt = clock.nsecsElapsed();
        error = message;
        // Keep measuring a little longer: the summary is laid out and painted after this.
        QTimer::singleShot(kSettleMs, &app, [&] {
            tick();
            ticker.stop();
            std::printf("max_stall_ms=%.1f\nmax_stall_at_ms=%.1f\nticks=%lld\nelapsed_ms=%.1f\n"
                        "status=%s\n",
                        maxGap / 1e6, maxGapAt / 1e6, ticks, finishedAt / 1e6,
                        error.isEmpty() ? "ok" : qPrintable(error));
            std::fflush(stdout);
            app.exit(error.isEmpty() ? 0 : 1);
        });
    };

    // The window opens first (its start-up is not part of summarizing), then the clock starts
    // and the file is loaded as a drop would load it.
    QWidget host;
    Dbtu::Ui::MainWindow *window = createSubject(&host);
    for (int i = 0; i < 5; ++i) {
        QCoreApplication::processEvents();
    }
    clock.start();
    ticker.start();
    startSubject(window, paths, &subject);
    return app.exec();
}
