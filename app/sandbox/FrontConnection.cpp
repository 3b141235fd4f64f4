// SPDX-License-Identifier: MIT
#include "sandbox/FrontConnection.h"

#include "sandbox/FaultResponder.h"
#include "sandbox/JsonReply.h"
#include "sandbox/ReplyPacer.h"
#include "sandbox/RequestHead.h"

#include <QHostAddress>
#include <QTimer>

#include <optional>
#include <utility>

namespace Dbtu::Sandbox {

namespace {

const QByteArray kFaultHeader = "x-sandbox-fault";

/** The sandbox's own control routes are never faulted, so a test can always switch faults off. */
bool isControlPath(const QByteArray &path)
{
    return path.startsWith("/sandbox/") || path.startsWith("/api/v1/sandbox/");
}

/** head (ending in the blank line) without any X-Sandbox-Fault, with one when faulted. */
QByteArray markedHead(const QByteArray &head, bool faulted)
{
    const QList<QByteArray> lines = head.trimmed().split('\n');
    QByteArray result = lines.first().trimmed() + "\r\n";
    if (faulted) {
        result += "X-Sandbox-Fault: 1\r\n";
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (!lines[i].trimmed().toLower().startsWith(kFaultHeader + ':')) {
            result += lines[i].trimmed() + "\r\n";
        }
    }
    return result + "\r\n";
}

} // namespace

FrontConnection::FrontConnection(QTcpSocket *client, quint16 backendPort, FaultSettings &faults,
                                 SandboxCounters &counters, qint64 maxBodyBytes, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_backend(new QTcpSocket(this))
    , m_out(new ReplyPacer(client, this))
    , m_faults(faults)
    , m_counters(counters)
    , m_maxBodyBytes(maxBodyBytes)
{
    m_client->setParent(this);
    connect(m_client, &QTcpSocket::readyRead, this, &FrontConnection::readClient);
    connect(m_client, &QTcpSocket::disconnected, this, [this] {
        m_state = State::Closed;
        m_out->clear();
        m_backend->abort();
        checkFinished();
    });
    connect(m_backend, &QTcpSocket::connected, this, &FrontConnection::flushToBackend);
    connect(m_backend, &QTcpSocket::readyRead, this, &FrontConnection::readBackend);
    connect(m_backend, &QTcpSocket::disconnected, this, [this] {
        if (m_backendRaw || m_fromBackend.isEmpty()) {
            m_out->closeWhenDone(); // after what is still to be written
        } else {
            m_out->write(m_fromBackend); // an incomplete reply: pass on what came
            m_out->closeWhenDone();
        }
        m_fromBackend.clear();
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
                m_input.clear();
                if (m_afterDiscard) {
                    std::exchange(m_afterDiscard, nullptr)();
                } else {
                    m_out->closeWhenDone();
                }
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
    const QByteArray &method = parsed.method;
    const QByteArray &target = parsed.target;
    m_input.remove(0, head.size());

    // Decided once per request: in scope, and within fault_count (which this uses up).
    bool faulted = false;
    if (!isControlPath(path)) {
        ++m_counters.requestsSeen;
        m_counters.postsSeen += method == "POST" ? 1 : 0;
        if (m_faults.inScope(method, path) && m_faults.faultCount != 0) {
            faulted = true;
            ++m_counters.faulted;
            if (m_faults.faultCount > 0) {
                --m_faults.faultCount;
            }
        }
    }
    const FaultSettings faults = faulted ? m_faults : FaultSettings();
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
    const bool hasBody = chunked || contentLength > 0;
    bool sequenceUsed = false;
    if (faulted && !(hasBody && faults.dropAfterBytes >= 0)
        && answerInFront(faults, method, target, contentLength, chunked, expectContinue,
                         sequenceUsed)) {
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
    m_plans.append(ReplyPlan{faults.wrongContentType, faults.malformedJson,
                             faults.cutReplyAfterBytes, faults.dripBytesPerSecond,
                             faults.dropReply});
    toBackend(markedHead(head, faulted && !sequenceUsed));
    if (expectContinue && hasBody) {
        m_out->write("HTTP/1.1 100 Continue\r\n\r\n");
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

bool FrontConnection::answerInFront(const FaultSettings &faults, const QByteArray &method,
                                    const QByteArray &target, qint64 contentLength, bool chunked,
                                    bool expectContinue, bool &sequenceUsed)
{
    if (!faults.redirectStatus && !faults.loginPage && !faults.htmlError && !faults.endlessBody) {
        return false;
    }
    // The status sequence picks the status of an HTML error or an endless body (POSTs only, as
    // in the API); a 200 in it answers an HTML error normally.
    std::optional<int> sequenceStatus;
    if ((faults.htmlError || faults.endlessBody) && !faults.redirectStatus && !faults.loginPage
        && method == "POST" && !m_faults.statusSequence.isEmpty()) {
        sequenceStatus = m_faults.statusSequence.takeFirst();
        sequenceUsed = true;
    }
    if (!faults.redirectStatus && !faults.loginPage && !faults.endlessBody
        && sequenceStatus == 200) {
        return false; // answered by the API, without the sequence
    }
    std::function<void()> answer;
    if (faults.redirectStatus) {
        answer = [this, faults, target] {
            sendReply(FaultResponder::redirectReply(faults.redirectStatus, faults.redirectLocation,
                                                    target),
                      faults.cutReplyAfterBytes, faults.dripBytesPerSecond);
        };
    } else if (faults.loginPage) {
        answer = [this, faults] {
            sendReply(FaultResponder::loginPageReply(), faults.cutReplyAfterBytes,
                      faults.dripBytesPerSecond);
        };
    } else if (faults.htmlError) {
        const int status = sequenceStatus.value_or(500);
        answer = [this, faults, status] {
            sendReply(FaultResponder::htmlErrorReply(status), faults.cutReplyAfterBytes,
                      faults.dripBytesPerSecond);
        };
    } else {
        const int status = sequenceStatus.value_or(200);
        answer = [this, faults, status] {
            if (faults.dripBytesPerSecond > 0) {
                m_out->setDrip(faults.dripBytesPerSecond);
            }
            if (faults.cutReplyAfterBytes >= 0) {
                m_out->cutAfter(FaultResponder::endlessHead(status).size()
                                + faults.cutReplyAfterBytes);
            }
            m_out->write(FaultResponder::endlessHead(status));
            m_out->setSource(
                [chunk = qint64(0)]() mutable { return FaultResponder::endlessChunk(chunk++); });
        };
    }
    if (faults.delayMs > 0) {
        answer = [this, answer, delay = faults.delayMs] {
            QTimer::singleShot(delay, Qt::PreciseTimer, this, answer);
        };
    }
    if (expectContinue && (chunked || contentLength > 0)) {
        m_out->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    if (chunked || contentLength == 0) {
        m_state = State::Closed; // a chunked body's end is not looked for: answer now
        m_input.clear();
        answer();
    } else {
        m_state = State::Discard; // read the whole request, as a gateway would, then answer
        m_bodyRemaining = contentLength;
        m_afterDiscard = answer;
    }
    return true;
}

void FrontConnection::sendReply(const QByteArray &reply, qint64 cutAfterBytes,
                                int dripBytesPerSecond)
{
    if (dripBytesPerSecond > 0) {
        m_out->setDrip(dripBytesPerSecond);
    }
    if (cutAfterBytes >= 0) {
        m_out->cutAfter(reply.indexOf("\r\n\r\n") + 4 + cutAfterBytes);
    }
    m_out->write(reply);
    m_out->closeWhenDone();
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

void FrontConnection::readBackend()
{
    m_fromBackend += m_backend->readAll();
    if (m_state == State::Hang || m_state == State::Closed) {
        m_fromBackend.clear();
        return;
    }
    while (!m_fromBackend.isEmpty()) {
        if (m_backendRaw) {
            m_out->write(std::exchange(m_fromBackend, QByteArray()));
            return;
        }
        const qsizetype headEnd = m_fromBackend.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            m_backendRaw = m_fromBackend.size() > RequestHead::kMaxBytes;
            if (!m_backendRaw) {
                return;
            }
            continue;
        }
        const QByteArray head = m_fromBackend.left(headEnd + 4);
        const int status = head.mid(9, 3).toInt();
        qint64 length = -1;
        bool chunked = false;
        for (const QByteArray &line : head.split('\n')) {
            const QByteArray name = line.left(line.indexOf(':')).trimmed().toLower();
            if (name == "content-length") {
                length = line.mid(line.indexOf(':') + 1).trimmed().toLongLong();
            } else if (name == "transfer-encoding") {
                chunked = true;
            }
        }
        if (status >= 100 && status < 200) {
            m_out->write(head);
            m_fromBackend.remove(0, head.size());
            continue;
        }
        if (chunked || length < 0) {
            length = 0;
            m_backendRaw = true; // relay the rest as it comes; only pacing applies
        }
        if (m_fromBackend.size() < head.size() + length) {
            return;
        }
        const QByteArray body = m_fromBackend.mid(head.size(), length);
        m_fromBackend.remove(0, head.size() + length);
        const ReplyPlan plan = m_plans.isEmpty() ? ReplyPlan() : m_plans.takeFirst();
        if (plan.dropReply) {
            // The API has acted; the client learns nothing of it, as when a proxy gives up.
            m_state = State::Closed;
            m_fromBackend.clear();
            m_out->clear();
            m_client->disconnectFromHost();
            return;
        }
        const bool rewrite = !m_backendRaw && (!plan.contentType.isEmpty() || plan.malformedJson);
        const QByteArray reply
            = rewrite
                  ? FaultResponder::rewriteReply(head, body, plan.contentType, plan.malformedJson)
                  : head + body;
        if (plan.dripBytesPerSecond > 0) {
            m_out->setDrip(plan.dripBytesPerSecond);
        }
        if (plan.cutAfterBytes >= 0) {
            m_out->cutAfter(reply.indexOf("\r\n\r\n") + 4 + plan.cutAfterBytes);
        }
        m_out->write(reply);
    }
}

void FrontConnection::answerAndClose(int status, const QByteArray &reason, const QString &message,
                                     qint64 discardBytes)
{
    m_toBackend.clear();
    m_out->write(rawJsonError(status, reason, message));
    if (discardBytes > 0) {
        m_state = State::Discard;
        m_bodyRemaining = discardBytes;
    } else {
        m_state = State::Closed;
        m_input.clear();
        m_out->closeWhenDone();
    }
}

void FrontConnection::drop()
{
    m_state = State::Closed;
    m_input.clear();
    m_toBackend.clear();
    m_out->clear();
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
