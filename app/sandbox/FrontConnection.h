// SPDX-License-Identifier: MIT
#pragma once

#include "sandbox/FaultSettings.h"
#include "sandbox/SandboxCounters.h"

#include <QObject>
#include <QTcpSocket>

#include <functional>

namespace Dbtu::Sandbox {

class ReplyPacer;

/**
 * One client connection through the sandbox's TCP front: it relays bytes between the client and
 * the QHttpServer behind it (on a private loopback port) and, because it sees the request as it
 * arrives, does what QHttpServer 6.4 cannot do with a request it only gets whole:
 * - answers `Expect: 100-continue` with `100 Continue` as soon as the head has arrived;
 * - answers 413 from Content-Length alone, before the body is read (and then reads and discards
 *   the body so the client sees the answer rather than a reset connection);
 * - injects the faults that act on the connection: delay, drop after N body bytes, hang; answers
 *   the faults that stand for something in front of the API (redirect, login page, HTML error,
 *   endless body) itself, after reading the whole request, which then never reaches the API;
 *   and rewrites or paces the API's replies (wrong content type, malformed JSON, cut, drip).
 * Whether a request is faulted (scope, fault_count) is decided here, once, at its head; the API
 * learns it from an `X-Sandbox-Fault: 1` header added to the head it gets (the status sequence
 * and Retry-After act there). Counts what it sees in counters.
 * It follows request boundaries by Content-Length; after a chunked request it relays the rest
 * of the connection as it is (the drop fault still counts those bytes). Pipelined requests are
 * relayed in order, but a 413 answered here is meant for clients that do not pipeline.
 * Emits finished() once both sides are closed; the owner deletes it.
 */
class FrontConnection : public QObject
{
    Q_OBJECT
public:
    /** Takes ownership of client. faults and counters must outlive this. */
    FrontConnection(QTcpSocket *client, quint16 backendPort, FaultSettings &faults,
                    SandboxCounters &counters, qint64 maxBodyBytes, QObject *parent = nullptr);
    ~FrontConnection() override;

signals:
    void finished();

private:
    enum class State { Head, Body, Tunnel, Discard, Hang, Closed };

    /** What to do to the API's reply to one forwarded request. */
    struct ReplyPlan
    {
        QByteArray contentType;
        bool malformedJson = false;
        qint64 cutAfterBytes = -1;
        int dripBytesPerSecond = 0;
        bool dropReply = false;
    };

    void readClient();
    void processInput();
    bool startRequest(); ///< false when the head is not complete yet or the request ended here
    /** Answers a fault in the front; false when none of faults answers here. */
    bool answerInFront(const FaultSettings &faults, const QByteArray &method,
                       const QByteArray &target, qint64 contentLength, bool chunked,
                       bool expectContinue, bool &sequenceUsed);
    void relayBody(bool untilEnd);
    void toBackend(const QByteArray &bytes);
    void flushToBackend();
    void readBackend();
    void sendReply(const QByteArray &reply, qint64 cutAfterBytes, int dripBytesPerSecond);
    void answerAndClose(int status, const QByteArray &reason, const QString &message,
                        qint64 discardBytes);
    void drop();
    void checkFinished();

    QTcpSocket *m_client;
    QTcpSocket *m_backend;
    ReplyPacer *m_out;
    FaultSettings &m_faults;
    SandboxCounters &m_counters;
    qint64 m_maxBodyBytes;
    State m_state = State::Head;
    QByteArray m_input;     ///< client bytes not handled yet
    QByteArray m_toBackend; ///< handled bytes waiting for the backend (connecting or delayed)
    qint64 m_bodyRemaining = 0;
    qint64 m_bodySeen = 0;
    qint64 m_dropAfter = -1;
    std::function<void()> m_afterDiscard; ///< run once a discarded body has been read
    QList<ReplyPlan> m_plans;             ///< one per forwarded request, in order
    QByteArray m_fromBackend;             ///< backend bytes of a reply not complete yet
    bool m_backendRaw = false;            ///< a reply without Content-Length: relay the rest
    bool m_delaying = false;
    bool m_finished = false;
};

} // namespace Dbtu::Sandbox
