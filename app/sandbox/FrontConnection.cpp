// SPDX-License-Identifier: MIT
#include "FrontConnection.h"

#include "JsonReply.h"
#include "RequestHead.h"

#include <QHostAddress>
#include <QTimer>

namespace Dbtu::Sandbox {

namespace {

/** The sandbox's own control routes are never faulted, so a test can always switch faults off. */
bool isControlPath(const QByteArray &path)
{
    return path.startsWith("/sandbox/") || path.startsWith("/api/v1/sandbox/");
}

} // namespace

FrontConnection::FrontConnection(QTcpSocket *client, quint16 backendPort,
                                 const FaultSettings &faults, qint64 maxBodyBytes, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_backend(new QTcpSocket(this))
    , m_faults(faults)
    , m_maxBodyBytes(maxBodyBytes)
{
    m_client->setParent(this);
    connect(m_client, &QTcpSocket::readyRead, this, &FrontConnection::readClient);
    connect(m_client, &QTcpSocket::disconnected, this, [this] {
        m_state = State::Closed;
        m_backend->abort();
        checkFinished();
    });
    connect(m_backend, &QTcpSocket::connected, this, &FrontConnection::flushToBackend);
    connect(m_backend, &QTcpSocket::readyRead, this, [this] {
        if (m_state != State::Hang && m_state != State::Closed) {
            m_client->write(m_backend->readAll());
        } else {
            m_backend->readAll();
        }
    });
    connect(m_backend, &QTcpSocket::disconnected, this, [this] {
        m_client->disconnectFromHost(); // after what is still to be written
        checkFinished();
    });
    connect(m_backend, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_backend->state() != QAbstractSocket::ConnectedState && m_state != State::Closed
            && m_state != State::Hang && !m_toBackend.isEmpty()) {
            answerAndClose(502, "Bad Gateway",
                           QStringLiteral("the sandbox's HTTP server is not reachable: %1")
                               .arg(m_backend->errorString()),
                           0);
        }
        checkFinished();
    });
    m_backend->connectToHost(QHostAddress(QHostAddress::LocalHost), backendPort);
    if (m_client->bytesAvailable() > 0) {
        readClient();
    }
}

FrontConnection::~FrontConnection() = default;

void FrontConnection::readClient()
{
    m_input += m_client->readAll();
    processInput();
}

void FrontConnection::processInput()
{
    while (!m_input.isEmpty()) {
        switch (m_state) {
        case State::Head:
            if (!startRequest()) {
                return;
            }
            break;
        case State::Body:
            relayBody(false);
            break;
        case State::Tunnel:
            relayBody(true);
            break;
        case State::Discard: {
            const qint64 n = std::min<qint64>(m_bodyRemaining, m_input.size());
            m_input.remove(0, n);
            m_bodyRemaining -= n;
            if (m_bodyRemaining == 0) {
                m_state = State::Closed;
                m_client->disconnectFromHost();
            }
            break;
        }
        case State::Hang:
        case State::Closed:
            m_input.clear();
            break;
        }
    }
}

bool FrontConnection::startRequest()
{
    while (m_input.startsWith("\r\n")) {
        m_input.remove(0, 2); // empty lines before a request line are allowed (RFC 9112 2.2)
    }
    const RequestHead parsed = RequestHead::parse(m_input);
    switch (parsed.status) {
    case RequestHead::Status::Incomplete:
        return false;
    case RequestHead::Status::TooLarge:
        answerAndClose(431, "Request Header Fields Too Large",
                       QStringLiteral("the request head is larger than 64 KiB"), 0);
        return false;
    case RequestHead::Status::BadRequestLine:
        answerAndClose(400, "Bad Request", QStringLiteral("malformed HTTP request line"), 0);
        return false;
    case RequestHead::Status::BadContentLength:
        answerAndClose(400, "Bad Request", QStringLiteral("invalid Content-Length"), 0);
        return false;
    case RequestHead::Status::Complete:
        break;
    }
    const QByteArray head = m_input.left(parsed.size);
    const QByteArray &path = parsed.path;
    const qint64 contentLength = parsed.contentLength;
    const bool chunked = parsed.chunked;
    const bool expectContinue = parsed.expectContinue;
    m_input.remove(0, head.size());

    const FaultSettings faults = isControlPath(path) ? FaultSettings() : m_faults;
    if (faults.hang) {
        m_state = State::Hang; // read everything, answer nothing, until the client gives up
        m_input.clear();
        return false;
    }
    if (!chunked && contentLength > m_maxBodyBytes) {
        // With Expect the client has not sent the body and will not: close at once.
        answerAndClose(413, "Payload Too Large",
                       QStringLiteral("the request body (%1 bytes) is larger than the sandbox's "
                                      "limit of %2 bytes (--max-body-mb)")
                           .arg(contentLength)
                           .arg(m_maxBodyBytes),
                       expectContinue ? 0 : contentLength);
        return true;
    }
    // The delay holds the request head too: set before the head is passed on, or a backend
    // connection that is already open would get the request at once (no delay at all).
    if (faults.delayMs > 0) {
        m_delaying = true;
        // Precise: a coarse timer may fire up to 5% early, and the delay is a promise to tests.
        QTimer::singleShot(faults.delayMs, Qt::PreciseTimer, this, [this] {
            m_delaying = false;
            flushToBackend();
        });
    }
    toBackend(head);
    const bool hasBody = chunked || contentLength > 0;
    if (expectContinue && hasBody) {
        m_client->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    m_dropAfter = faults.dropAfterBytes;
    m_bodySeen = 0;
    m_bodyRemaining = contentLength;
    if (hasBody && m_dropAfter == 0) {
        drop();
        return false;
    }
    m_state = chunked ? State::Tunnel : (contentLength > 0 ? State::Body : State::Head);
    return true;
}

void FrontConnection::relayBody(bool untilEnd)
{
    const qint64 n = untilEnd ? m_input.size() : std::min<qint64>(m_bodyRemaining, m_input.size());
    if (m_dropAfter >= 0 && m_bodySeen + n >= m_dropAfter) {
        drop();
        return;
    }
    toBackend(m_input.left(n));
    m_input.remove(0, n);
    m_bodySeen += n;
    if (!untilEnd) {
        m_bodyRemaining -= n;
        if (m_bodyRemaining == 0) {
            m_state = State::Head;
        }
    }
}

void FrontConnection::toBackend(const QByteArray &bytes)
{
    m_toBackend += bytes;
    flushToBackend();
}

void FrontConnection::flushToBackend()
{
    if (m_delaying || m_toBackend.isEmpty()
        || m_backend->state() != QAbstractSocket::ConnectedState) {
        return;
    }
    m_backend->write(m_toBackend);
    m_toBackend.clear();
}

void FrontConnection::answerAndClose(int status, const QByteArray &reason, const QString &message,
                                     qint64 discardBytes)
{
    m_toBackend.clear();
    m_client->write(rawJsonError(status, reason, message));
    if (discardBytes > 0) {
        m_state = State::Discard;
        m_bodyRemaining = discardBytes;
    } else {
        m_state = State::Closed;
        m_input.clear();
        m_client->disconnectFromHost();
    }
}

void FrontConnection::drop()
{
    m_state = State::Closed;
    m_input.clear();
    m_toBackend.clear();
    m_client->abort();
    m_backend->abort();
    checkFinished();
}

void FrontConnection::checkFinished()
{
    if (!m_finished && m_client->state() == QAbstractSocket::UnconnectedState
        && m_backend->state() == QAbstractSocket::UnconnectedState) {
        m_finished = true;
        emit finished();
    }
}

} // namespace Dbtu::Sandbox
