// SPDX-License-Identifier: MIT
#include "cli/StopSignals.h"

#include <QSocketNotifier>
#include <QTimer>

#include <atomic>

#include <csignal>

#if defined(Q_OS_UNIX)
#include <fcntl.h>
#include <unistd.h>
#endif

namespace Dbtu::Cli {

#if defined(Q_OS_UNIX)

namespace {

int g_pipe[2] = {-1, -1};
struct sigaction g_previousInt;
struct sigaction g_previousTerm;

extern "C" void onStopSignalByte(int signal)
{
    const unsigned char byte = static_cast<unsigned char>(signal);
    [[maybe_unused]] const ssize_t written = ::write(g_pipe[1], &byte, 1);
}

} // namespace

StopSignals::StopSignals()
{
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        return; // the command runs on; the default handlers end it
    }
    m_notifier = std::make_unique<QSocketNotifier>(g_pipe[0], QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &StopSignals::onReadable);
    struct sigaction action = {};
    action.sa_handler = onStopSignalByte;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &g_previousInt);
    sigaction(SIGTERM, &action, &g_previousTerm);
}

StopSignals::~StopSignals()
{
    if (!m_notifier) {
        return;
    }
    sigaction(SIGINT, &g_previousInt, nullptr);
    sigaction(SIGTERM, &g_previousTerm, nullptr);
    m_notifier.reset();
    ::close(g_pipe[0]);
    ::close(g_pipe[1]);
    g_pipe[0] = g_pipe[1] = -1;
}

void StopSignals::onReadable()
{
    unsigned char byte = 0;
    while (::read(g_pipe[0], &byte, 1) == 1) {
        if (m_received == 0) {
            m_received = byte;
            emit stopRequested(byte);
        }
    }
}

#else

// Elsewhere no pipe: the handler sets a flag a timer reads (a lock-free atomic store is
// async-signal-safe).
namespace {

std::atomic<int> g_signal{0};
void (*g_previousInt)(int) = nullptr;
void (*g_previousTerm)(int) = nullptr;

extern "C" void onStopSignal(int signal)
{
    g_signal.store(signal);
}

} // namespace

StopSignals::StopSignals()
{
    g_signal = 0;
    g_previousInt = std::signal(SIGINT, onStopSignal);
    g_previousTerm = std::signal(SIGTERM, onStopSignal);
    auto *poll = new QTimer(this);
    connect(poll, &QTimer::timeout, this, &StopSignals::onReadable);
    poll->start(100);
}

StopSignals::~StopSignals()
{
    std::signal(SIGINT, g_previousInt);
    std::signal(SIGTERM, g_previousTerm);
}

void StopSignals::onReadable()
{
    if (const int signal = g_signal.load(); signal != 0 && m_received == 0) {
        m_received = signal;
        emit stopRequested(signal);
    }
}

#endif

} // namespace Dbtu::Cli
