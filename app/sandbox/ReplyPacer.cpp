// SPDX-License-Identifier: MIT
#include "sandbox/ReplyPacer.h"

#include <QTcpSocket>

namespace Dbtu::Sandbox {

namespace {

/** Refill an endless body only below this much unsent data in the socket. */
constexpr qint64 kLowWater = 256 * 1024;

} // namespace

ReplyPacer::ReplyPacer(QTcpSocket *socket, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
{
    m_dripTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_dripTimer, &QTimer::timeout, this, [this] { send(m_dripBytesPerTick); });
    connect(m_socket, &QTcpSocket::bytesWritten, this, &ReplyPacer::pump);
}

void ReplyPacer::write(const QByteArray &bytes)
{
    m_pending += bytes;
    pump();
}

void ReplyPacer::setDrip(int bytesPerSecond)
{
    // At most 50 ticks a second: a faster rate sends several bytes a tick.
    const int ticksPerSecond = std::clamp(bytesPerSecond, 1, 50);
    m_dripBytesPerTick = std::max(1, bytesPerSecond / ticksPerSecond);
    m_dripTimer.start(1000 / ticksPerSecond);
}

void ReplyPacer::cutAfter(qint64 byteBudget)
{
    m_budget = byteBudget;
    pump();
}

void ReplyPacer::setSource(std::function<QByteArray()> source)
{
    m_source = std::move(source);
    pump();
}

void ReplyPacer::closeWhenDone()
{
    m_closeWhenDone = true;
    pump();
}

void ReplyPacer::clear()
{
    m_pending.clear();
    m_source = nullptr;
    m_dripTimer.stop();
    m_closed = true;
}

void ReplyPacer::pump()
{
    if (!m_dripTimer.isActive()) {
        send(m_pending.size());
    }
}

void ReplyPacer::send(qsizetype maxBytes)
{
    if (m_closed || m_socket->state() != QAbstractSocket::ConnectedState) {
        return;
    }
    const bool dripping = m_dripTimer.isActive();
    do {
        if (m_pending.isEmpty() && m_source && m_socket->bytesToWrite() < kLowWater) {
            m_pending = m_source();
        }
        qsizetype n = dripping ? std::min(maxBytes, m_pending.size()) : m_pending.size();
        if (m_budget >= 0) {
            n = qsizetype(std::min<qint64>(n, m_budget));
        }
        if (n <= 0) {
            break;
        }
        m_socket->write(m_pending.first(n));
        m_pending.remove(0, n);
        if (m_budget >= 0) {
            m_budget -= n;
        }
    } while (!dripping && m_source && m_budget != 0 && m_socket->bytesToWrite() < kLowWater);
    const bool cut = m_budget == 0;
    const bool done = m_pending.isEmpty() && !m_source && m_closeWhenDone;
    if (cut || done) {
        m_closed = true;
        m_dripTimer.stop();
        m_pending.clear();
        m_source = nullptr;
        m_socket->disconnectFromHost(); // after what the socket still holds
    }
}

} // namespace Dbtu::Sandbox
