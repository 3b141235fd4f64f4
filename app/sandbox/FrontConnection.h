// SPDX-License-Identifier: MIT
#pragma once

#include "FaultSettings.h"

#include <QObject>
#include <QTcpSocket>

namespace Dbtu::Sandbox {

/**
 * One client connection through the sandbox's TCP front: it relays bytes between the client and
 * the QHttpServer behind it (on a private loopback port) and, because it sees the request as it
 * arrives, does what QHttpServer 6.4 cannot do with a request it only gets whole:
 * - answers `Expect: 100-continue` with `100 Continue` as soon as the head has arrived;
 * - answers 413 from Content-Length alone, before the body is read (and then reads and discards
 *   the body so the client sees the answer rather than a reset connection);
 * - injects the faults that act on the connection: delay, drop after N body bytes, hang.
 * It follows request boundaries by Content-Length; after a chunked request it relays the rest
 * of the connection as it is (the drop fault still counts those bytes). Pipelined requests are
 * relayed in order, but a 413 answered here is meant for clients that do not pipeline.
 * Emits finished() once both sides are closed; the owner deletes it.
 */
class FrontConnection : public QObject
{
    Q_OBJECT
public:
    /** Takes ownership of client. faults must outlive this; it is read at each request head. */
    FrontConnection(QTcpSocket *client, quint16 backendPort, const FaultSettings &faults,
                    qint64 maxBodyBytes, QObject *parent = nullptr);
    ~FrontConnection() override;

signals:
    void finished();

private:
    enum class State { Head, Body, Tunnel, Discard, Hang, Closed };

    void readClient();
    void processInput();
    bool startRequest(); ///< false when the head is not complete yet or the request ended here
    void relayBody(bool untilEnd);
    void toBackend(const QByteArray &bytes);
    void flushToBackend();
    void answerAndClose(int status, const QByteArray &reason, const QString &message,
                        qint64 discardBytes);
    void drop();
    void checkFinished();

    QTcpSocket *m_client;
    QTcpSocket *m_backend;
    const FaultSettings &m_faults;
    qint64 m_maxBodyBytes;
    State m_state = State::Head;
    QByteArray m_input;     ///< client bytes not handled yet
    QByteArray m_toBackend; ///< handled bytes waiting for the backend (connecting or delayed)
    qint64 m_bodyRemaining = 0;
    qint64 m_bodySeen = 0;
    qint64 m_dropAfter = -1;
    bool m_delaying = false;
    bool m_finished = false;
};

} // namespace Dbtu::Sandbox
