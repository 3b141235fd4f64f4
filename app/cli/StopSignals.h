// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

#include <memory>

class QSocketNotifier;

namespace Dbtu::Cli {

/**
 * SIGINT and SIGTERM as a Qt signal, for a command that runs until it is stopped (`follow`).
 * The handler only writes the signal's number into a pipe; a QSocketNotifier reads it on the
 * event loop, so nothing polls while the command waits. One at a time; the previous handlers
 * come back when it is destroyed.
 */
class StopSignals : public QObject
{
    Q_OBJECT
public:
    StopSignals();
    ~StopSignals() override;

    /** The first signal that came (SIGINT, SIGTERM), 0 before. */
    int received() const { return m_received; }

signals:
    void stopRequested(int signal);

private:
    void onReadable();

    std::unique_ptr<QSocketNotifier> m_notifier;
    int m_received = 0;
};

} // namespace Dbtu::Cli
