// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <functional>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace Dbtu::Sandbox {

/**
 * Everything the sandbox's front writes to a client goes through this, in order, so the reply
 * faults can act on the bytes as they leave: a drip (N bytes a second), a cut (close after a
 * byte budget), and an endless body (a source asked for more only when the socket's buffer is
 * nearly empty, so memory stays flat however long the client reads).
 */
class ReplyPacer : public QObject
{
    Q_OBJECT
public:
    /** socket must outlive this (both belong to the same FrontConnection). */
    explicit ReplyPacer(QTcpSocket *socket, QObject *parent = nullptr);

    void write(const QByteArray &bytes);
    /** From now on send at most bytesPerSecond (> 0) a second. */
    void setDrip(int bytesPerSecond);
    /** After byteBudget more bytes, close the connection. */
    void cutAfter(qint64 byteBudget);
    /** Asked for the next bytes whenever everything is sent; never ends by itself. */
    void setSource(std::function<QByteArray()> source);
    /** Closes the connection once everything written is sent. */
    void closeWhenDone();
    /** Drops whatever is not sent yet (the connection is going away). */
    void clear();

private:
    void pump();
    void send(qsizetype maxBytes);

    QTcpSocket *m_socket;
    QByteArray m_pending;
    QTimer m_dripTimer;
    int m_dripBytesPerTick = 0;
    qint64 m_budget = -1;
    std::function<QByteArray()> m_source;
    bool m_closeWhenDone = false;
    bool m_closed = false;
};

} // namespace Dbtu::Sandbox
