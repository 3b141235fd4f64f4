// SPDX-License-Identifier: MIT
#pragma once

// A small real HTTP/1.1 server on a loopback address for tests of the client's own rules
// (redirects, bounded replies, deadlines, Retry-After): it reads each request whole (head and
// Content-Length body), records it, and answers what the test's script says, at once, a byte at
// a time, or without end. Requests are recorded with every header, so a test can prove that a
// host never saw a credential.

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <functional>
#include <memory>

namespace DbtuTest {

struct RecordedRequest
{
    QByteArray method;
    QByteArray target; ///< path and query as sent
    QList<QPair<QByteArray, QByteArray>> headers;
    qint64 bodyBytes = 0;
    QByteArray rawHead; ///< the whole request head as received

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
                return h.second;
            }
        }
        return {};
    }
};

struct ScriptedReply
{
    QByteArray head;        ///< status line and headers, without the empty line
    QByteArray body;        ///< sent after the head (Content-Length added unless endless)
    int dripIntervalMs = 0; ///< > 0: send the body one byte at a time at this interval
    bool endless = false;   ///< stream the body forever (no Content-Length, close ends it)

    static ScriptedReply status(int code, const QByteArray &reason, const QByteArray &body = {},
                                const QByteArray &extraHeaders = {},
                                const QByteArray &contentType = "application/json")
    {
        ScriptedReply r;
        r.head = "HTTP/1.1 " + QByteArray::number(code) + ' ' + reason
                 + "\r\nContent-Type: " + contentType + "\r\n" + extraHeaders;
        r.body = body;
        return r;
    }
    static ScriptedReply redirect(int code, const QByteArray &location)
    {
        return status(code, "Redirect", {}, "Location: " + location + "\r\n");
    }
};

class ScriptedHttpServer : public QObject
{
public:
    using Script = std::function<ScriptedReply(const RecordedRequest &)>;

    explicit ScriptedHttpServer(Script script, QObject *parent = nullptr)
        : QObject(parent)
        , m_script(std::move(script))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++m_connections;
                serve(s);
            }
        });
    }

    bool listen(const QHostAddress &address = QHostAddress::LocalHost)
    {
        return m_server.listen(address, 0);
    }
    quint16 port() const { return m_server.serverPort(); }
    QByteArray origin() const
    {
        return "http://" + m_server.serverAddress().toString().toLatin1() + ':'
               + QByteArray::number(port());
    }
    const QList<RecordedRequest> &requests() const { return m_requests; }
    int connections() const { return m_connections; }
    /** Bytes sent in endless or dripping bodies so far. */
    qint64 streamedBytes() const { return m_streamed; }

private:
    struct Connection
    {
        QByteArray buffer;
        std::optional<RecordedRequest> pending;
        qint64 bodyLeft = 0;
    };

    void serve(QTcpSocket *socket)
    {
        auto state = std::make_shared<Connection>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket, state] {
            state->buffer += socket->readAll();
            for (;;) {
                if (!state->pending) {
                    const qsizetype end = state->buffer.indexOf("\r\n\r\n");
                    if (end < 0) {
                        return;
                    }
                    state->pending = parseHead(state->buffer.left(end));
                    state->buffer.remove(0, end + 4);
                    state->bodyLeft = state->pending->header("Content-Length").toLongLong();
                    if (state->pending->header("Expect").toLower() == "100-continue") {
                        socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                    }
                }
                const qint64 take = std::min<qint64>(state->bodyLeft, state->buffer.size());
                state->pending->bodyBytes += take;
                state->bodyLeft -= take;
                state->buffer.remove(0, take);
                if (state->bodyLeft > 0) {
                    return;
                }
                RecordedRequest request = *state->pending;
                state->pending.reset();
                m_requests << request;
                answer(socket, m_script(request));
            }
        });
    }

    static RecordedRequest parseHead(const QByteArray &head)
    {
        RecordedRequest r;
        r.rawHead = head;
        const QList<QByteArray> lines = head.split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        r.method = first.value(0);
        r.target = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0) {
                r.headers.append(
                    {lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
            }
        }
        return r;
    }

    void answer(QTcpSocket *socket, const ScriptedReply &reply)
    {
        if (reply.endless) {
            socket->write(reply.head + "\r\n");
            streamForever(socket);
            return;
        }
        socket->write(reply.head + "Content-Length: " + QByteArray::number(reply.body.size())
                      + "\r\n\r\n");
        if (reply.dripIntervalMs <= 0) {
            socket->write(reply.body);
            return;
        }
        auto *timer = new QTimer(socket);
        auto sent = std::make_shared<qsizetype>(0);
        QObject::connect(timer, &QTimer::timeout, socket, [this, socket, timer, sent, reply] {
            if (*sent >= reply.body.size()) {
                timer->stop();
                return;
            }
            socket->write(reply.body.mid(*sent, 1));
            ++*sent;
            ++m_streamed;
        });
        timer->start(reply.dripIntervalMs);
    }

    void streamForever(QTcpSocket *socket)
    {
        static const QByteArray chunk(64 * 1024, 'x');
        auto *timer = new QTimer(socket);
        QObject::connect(timer, &QTimer::timeout, socket, [this, socket] {
            // keep a little in flight: the client decides how much it reads
            if (socket->state() == QAbstractSocket::ConnectedState
                && socket->bytesToWrite() < 4 * chunk.size()) {
                socket->write(chunk);
                m_streamed += chunk.size();
            }
        });
        timer->start(1);
    }

    QTcpServer m_server;
    Script m_script;
    QList<RecordedRequest> m_requests;
    int m_connections = 0;
    qint64 m_streamed = 0;
};

} // namespace DbtuTest
