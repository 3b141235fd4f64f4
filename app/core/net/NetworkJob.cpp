// SPDX-License-Identifier: MIT
#include "NetworkJob.h"

#include "HttpError.h"
#include "RequestLog.h"

#include <QCoreApplication>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcNet, "dbtu.net", QtWarningMsg)

namespace Dbtu {

NetworkJob::NetworkJob(QNetworkAccessManager &nam, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &NetworkJob::attempt);
}

NetworkJob::~NetworkJob()
{
    if (m_reply) {
        qCWarning(lcNet) << "destroying a running job; its request is aborted";
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void NetworkJob::start()
{
    Q_ASSERT(!m_started);
    m_started = true;
    m_running = true;
    attempt();
}

void NetworkJob::cancel()
{
    if (!m_running) {
        return;
    }
    m_cancelled = true;
    if (m_reply) {
        m_reply->abort(); // ends in onReplyFinished with OperationCanceledError
    } else {
        m_retryTimer.stop();
        finish(
            Error{ErrorCode::Cancelled,
                  QCoreApplication::translate("Dbtu::NetworkJob", "%1 was cancelled.").arg(what()),
                  {},
                  {},
                  0});
    }
}

void NetworkJob::prepare(QNetworkRequest &request) const
{
    request.setTransferTimeout(int(m_timeout.count()));
    request.setHeader(
        QNetworkRequest::UserAgentHeader,
        QStringLiteral("dbt-uploader/%1").arg(QCoreApplication::applicationVersion()));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
}

void NetworkJob::attempt()
{
    ++m_attempt;
    m_requestSent = false;
    Result<QNetworkReply *> sent = send(m_nam);
    if (!sent) {
        finish(sent.error());
        return;
    }
    m_reply = sent.value();
    connect(m_reply, &QNetworkReply::requestSent, this, [this] { m_requestSent = true; });
    connect(m_reply, &QNetworkReply::uploadProgress, this, [this](qint64 done, qint64 total) {
        if (total > 0) {
            m_requestSent = m_requestSent || done > 0;
            reportUploadProgress(done, total);
        }
    });
    connect(m_reply, &QNetworkReply::finished, this, &NetworkJob::onReplyFinished);
}

void NetworkJob::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    // An aborted reply (a cancel, a timeout) is closed: nothing to read.
    const QByteArray body = reply->isOpen() ? reply->read(16 * 1024 * 1024) : QByteArray();
    const QString host = reply->url().host();
    const QNetworkReply::NetworkError netError = reply->error();
    qCDebug(lcNet).noquote() << QStringLiteral("%1, attempt %2: %3")
                                    .arg(what(), QString::number(m_attempt), describeReply(*reply));

    if (m_cancelled) {
        finish(networkError(QNetworkReply::OperationCanceledError, {}, false, what(), host));
        return;
    }
    // A transfer timeout aborts the reply as if cancelled; we did not cancel, so it timed out.
    const bool timedOut = netError == QNetworkReply::OperationCanceledError;

    if (status >= 200 && status < 300) {
        if (Result<void> after = afterTransfer(); !after) {
            finish(after.error());
            return;
        }
        m_again = false;
        Result<void> handled = handleReply(status, body);
        if (handled && m_again) {
            m_attempt = 0;
            attempt();
            return;
        }
        finish(handled ? std::nullopt : std::optional(handled.error()));
        return;
    }
    if (!timedOut
        && m_policy.shouldRetry(m_attempt, status, netError, m_requestSent, isIdempotent())) {
        const auto wait = m_policy.delay(m_attempt, reply->rawHeader("Retry-After"));
        const QString reason
            = status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
        qCInfo(lcNet).noquote() << what() << "failed (" << reason << "), attempt" << m_attempt
                                << "of" << m_policy.maxAttempts << "; retrying in" << wait.count()
                                << "ms";
        emit retrying(m_attempt + 1, m_policy.maxAttempts, wait.count(), reason);
        m_retryTimer.start(wait);
        return;
    }
    if (status != 0) {
        finish(replyFailed(httpError(status, body, what(), host), *reply, body));
    } else {
        finish(replyFailed(networkError(netError, reply->errorString(), timedOut, what(), host),
                           *reply, body));
    }
}

void NetworkJob::finish(std::optional<Error> error)
{
    m_running = false;
    m_error = std::move(error);
    if (m_error) {
        qCDebug(lcNet).noquote() << what() << "failed:" << *m_error;
    }
    cleanup();
    emit finished();
}

} // namespace Dbtu
