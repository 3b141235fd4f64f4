// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "Result.h"
#include "RetryPolicy.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace Dbtu {

/**
 * Base of every HTTP job: one request (tried again under a RetryPolicy), a timeout, progress,
 * cancel, and exactly one finished() at the end (success, error, timeout or cancel); read
 * error() after it. The owner deletes the job; destroying a running job aborts its request.
 * Subclasses build the request for each attempt (send()) and read the reply (handleReply()).
 */
class NetworkJob : public QObject
{
    Q_OBJECT
public:
    explicit NetworkJob(QNetworkAccessManager &nam, QObject *parent = nullptr);
    ~NetworkJob() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    const std::optional<Error> &error() const { return m_error; }

    /** The longest a request may go without any byte moving (default 30 s). */
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    std::chrono::milliseconds timeout() const { return m_timeout; }
    void setRetryPolicy(const RetryPolicy &policy) { m_policy = policy; }
    const RetryPolicy &retryPolicy() const { return m_policy; }
    int attempts() const { return m_attempt; }

signals:
    void progressChanged(qint64 done, qint64 total);
    /** A retry is scheduled: attempt (from 2) of maxAttempts, in delayMs, because of reason. */
    void retrying(int attempt, int maxAttempts, qint64 delayMs, const QString &reason);
    void finished();

protected:
    /** Starts one attempt; the job owns the reply. May fail before sending (e.g. a file). */
    virtual Result<QNetworkReply *> send(QNetworkAccessManager &nam) = 0;
    /** Reads a reply with an HTTP status in 200..299. */
    virtual Result<void> handleReply(int httpStatus, const QByteArray &body) = 0;
    /** Whether sending the request twice is harmless (GET, replacing an upload). */
    virtual bool isIdempotent() const = 0;
    /** The action, for messages: "Listing integrations". */
    virtual QString what() const = 0;
    /** Called after a successful transfer, before handleReply (e.g. a file changed meanwhile). */
    virtual Result<void> afterTransfer() { return {}; }
    /** Bytes of the current request sent so far; emits progressChanged by default. */
    virtual void reportUploadProgress(qint64 done, qint64 total)
    {
        emit progressChanged(done, total);
    }
    /**
     * Turns a failed reply (an HTTP status outside 2xx, or a network failure when the status is
     * 0) into the job's error, after any retries; the default keeps @p generic (httpError() or
     * networkError()). Not called for a cancel.
     */
    virtual Error replyFailed(const Error &generic, const QNetworkReply &reply,
                              const QByteArray &body)
    {
        Q_UNUSED(reply);
        Q_UNUSED(body);
        return generic;
    }
    /** Called when the job ends one way or another (close files). */
    virtual void cleanup() {}

    QNetworkAccessManager &nam() { return m_nam; }
    /**
     * From handleReply(): the job is not done yet; send() is called again for the next request
     * (the next page, the second file), with a fresh retry budget.
     */
    void requestAgain() { m_again = true; }
    /** Applies the timeout and the common headers to a request. */
    void prepare(QNetworkRequest &request) const;

private:
    void attempt();
    void onReplyFinished();
    void finish(std::optional<Error> error);

    QNetworkAccessManager &m_nam;
    QPointer<QNetworkReply> m_reply;
    QTimer m_retryTimer;
    RetryPolicy m_policy;
    std::chrono::milliseconds m_timeout{30000};
    std::optional<Error> m_error;
    int m_attempt = 0;
    bool m_running = false;
    bool m_started = false;
    bool m_cancelled = false;
    bool m_requestSent = false;
    bool m_again = false;
};

} // namespace Dbtu
