// SPDX-License-Identifier: MIT
#include "secoda/TriggerSyncJob.h"

#include "net/HttpError.h"
#include "net/RetryPolicy.h"

namespace Dbtu {

namespace {

/**
 * The trigger's empty body, as a device that cannot be read a second time. Qt's HTTP layer
 * silently sends a request again when the connection drops after it went out (before any reply
 * byte); for a trigger that is a second sync. With a body it cannot rewind, Qt ends the reply
 * with ContentReSendError instead, and RetryPolicy does not retry a trigger after that.
 */
class OneShotEmptyBody : public QIODevice
{
public:
    explicit OneShotEmptyBody(QObject *parent)
        : QIODevice(parent)
    {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    bool reset() override { return false; }
    bool atEnd() const override { return true; }
    qint64 bytesAvailable() const override { return 0; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64) override { return -1; }
};

} // namespace

TriggerSyncJob::TriggerSyncJob(QNetworkAccessManager &nam, ApiEndpoint endpoint, Secret apiKey,
                               QString integrationId, QObject *parent)
    : SecodaJob(nam, std::move(endpoint), std::move(apiKey), parent)
    , m_id(std::move(integrationId))
{}

QString TriggerSyncJob::what() const
{
    return tr("Triggering a sync of integration %1").arg(m_id);
}

Result<QNetworkReply *> TriggerSyncJob::send(QNetworkAccessManager &nam)
{
    m_triggeredAt = QDateTime::currentDateTimeUtc();
    QNetworkRequest r
        = request(endpoint().url(QStringLiteral("integration/dbt/%1/trigger").arg(m_id)));
    r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    r.setHeader(QNetworkRequest::ContentLengthHeader, 0);
    r.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
    auto *body = new OneShotEmptyBody(this);
    QNetworkReply *reply = nam.post(r, body);
    body->setParent(reply); // lives as long as the reply that may read it
    return reply;
}

Result<void> TriggerSyncJob::handleReply(int, const QByteArray &body)
{
    if (looksLikeHtml(body)) { // a proxy's or a login page: the trigger did not reach the API
        return notApiAnswer(body);
    }
    return {};
}

Error TriggerSyncJob::replyFailed(const Error &generic, const QNetworkReply &reply,
                                  const QByteArray &body)
{
    Q_UNUSED(body);
    if (generic.httpStatus != 0) {
        // 5xx: a gateway or the server failed, maybe after the sync had started (the reason the
        // retry policy never repeats a trigger on them); 3xx and 4xx: not acted on.
        m_mayHaveStarted = generic.httpStatus >= 500;
        return generic;
    }
    // Refused, no such host, a proxy or TLS failure: nothing reached Secoda. A connection that
    // was up (closed, reset, cut, timed out): the request may have arrived.
    m_mayHaveStarted = mayHaveArrived(generic, reply.error());
    return generic;
}

bool TriggerSyncJob::mayHaveStarted() const
{
    if (!error() || error()->code == ErrorCode::Cancelled) {
        return false;
    }
    // Not decided by replyFailed(): a deadline (the request was out) may have started it; a
    // login page or a refused redirect did not.
    return m_mayHaveStarted.value_or(error()->code == ErrorCode::Timeout);
}

} // namespace Dbtu
