// SPDX-License-Identifier: MIT
// dbtu-stall-probe: how long does the GUI event loop stall while artifacts are being summarized?
//
//   dbtu-stall-probe PATH...
//
// Runs a QApplication (offscreen unless QT_QPA_PLATFORM says otherwise), starts the inspection
// with a real QProgressBar following its progress, and ticks a 5 ms precise timer meanwhile. The
// longest gap between two ticks is the worst stall the user would have felt. Prints key=value
// lines (max_stall_ms, ticks, elapsed_ms, status) and exits 0 when the inspection succeeded.
#include "InspectJob.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QProgressBar>
#include <QTimer>
#include <QVBoxLayout>
#include <QWidget>

#include <algorithm>
#include <cstdio>
#include <functional>

namespace {

constexpr int kTickMs = 5;

/** What the probe watches: starts inspecting paths, calls done() once with an error or none. */
struct Subject
{
    std::function<void(const QString &error)> done;
};

// ---------------------------------------------------------------------------------------------
// SWAP-IN POINT: the subject under test. Today it is the core Dbtu::InspectJob driving a
// QProgressBar, which is what the File upload tab does. Once Dbtu::Ui::FileUploadPage has its
// inspectionFinished() signal, replace the body of startSubject() with the real window:
//
//     auto *window = new Dbtu::Ui::MainWindow(host); // #include "MainWindow.h", "FileUploadPage.h"
//     window->show();
//     QObject::connect(window->fileUploadPage(), &Dbtu::Ui::FileUploadPage::inspectionFinished,
//                      window, [subject] { subject->done({}); });
//     window->fileUploadPage()->openPaths(paths);
// ---------------------------------------------------------------------------------------------
void startSubject(QWidget *host, const QStringList &paths, Subject *subject)
{
    auto *layout = new QVBoxLayout(host);
    auto *bar = new QProgressBar(host);
    bar->setRange(0, 1000);
    layout->addWidget(bar);
    host->show();

    auto *job = new Dbtu::InspectJob(paths, host);
    QObject::connect(job, &Dbtu::InspectJob::progressChanged, bar,
                     [bar](qint64 done, qint64 total) {
                         bar->setValue(total > 0 ? int(done * 1000 / total) : 0);
                         bar->repaint(); // paint now, as a visible window would
                     });
    QObject::connect(job, &Dbtu::InspectJob::finished, host, [job, subject] {
        subject->done(job->error() ? job->error()->message : QString());
    });
    job->start();
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
    qint64 ticks = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(kTickMs);
    QObject::connect(&ticker, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.nsecsElapsed();
        maxGap = std::max(maxGap, now - lastTick);
        lastTick = now;
        ++ticks;
    });

    QString error;
    Subject subject;
    subject.done = [&](const QString &message) {
        const qint64 now = clock.nsecsElapsed();
        maxGap = std::max(maxGap, now - lastTick); // a stall right before the end counts too
        ticker.stop();
        error = message;
        std::printf("max_stall_ms=%.1f\nticks=%lld\nelapsed_ms=%.1f\nstatus=%s\n", maxGap / 1e6,
                    ticks, now / 1e6, error.isEmpty() ? "ok" : qPrintable(error));
        std::fflush(stdout);
        QTimer::singleShot(0, &app, [&app, &error] { app.exit(error.isEmpty() ? 0 : 1); });
    };

    QWidget host;
    host.resize(480, 80);
    clock.start();
    ticker.start();
    startSubject(&host, paths, &subject);
    return app.exec();
}
