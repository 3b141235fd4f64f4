// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "Job.h"
#include "Result.h"
#include "net/RetryPolicy.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QSslError>
#include <QTimer>

#include <optional>

namespace Dbtu {

/**
 * Base of every HTTP job (a Job): one request (tried again under a RetryPolicy), a timeout,
 * progress, cancel, and exactly one finished() at the end (success, error, timeout or cancel);
 * read error() after it. The owner deletes the job; destroying a running job aborts its request.
 * Subclasses build the request for each attempt (send()) and read the reply (handleReply()).
 *
 * What every request gets, whatever the subclass:
 * - Credentials stay with their origin: redirects are never followed by Qt. A redirect to the
 *   same origin (scheme, host, port) is followed for GET and HEAD only, at most 5 times; any
 *   other (another host or port, https → http, or of a POST/PUT) ends the job with an error that
 *   names where it pointed (ServerError, exit 6), and nothing is sent there.
 * - Bounded replies: the body is read as it arrives, at most maxReplyBytes() for a 2xx reply and
 *   kMaxErrorBodyBytes for any other; past that the request is aborted with an error (or, for a
 *   job that asks for it, the body is cut there).
 * - Two clocks: an idle timeout (setTimeout: no byte moved for that long) and a total deadline
 *   per request (setDeadline; by default 120 s plus 1 s per 256 KiB of payload), so that a reply
 *   that drips a byte at a time still ends. Either ends the job with ErrorCode::Timeout.
 * - A Retry-After longer than the policy's maxDelay is not waited for: the job ends with the
 *   server's answer and says how long it asked to wait.
 */
class NetworkJob : public Job
{
    Q_OBJECT
public:
    explicit NetworkJob(QNetworkAccessManager &nam, QObject *parent = nullptr);
    ~NetworkJob() override;

    /** The longest a request may go without any byte moving (default 30 s). */
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    std::chrono::milliseconds timeout() const { return m_timeout; }
    /** The longest one request (one attempt) may take from start to end, whatever moves. */
    void setDeadline(std::chrono::milliseconds deadline) { m_deadline = deadline; }
    /** The deadline in force: setDeadline()'s, else defaultDeadline()'s, else 120 s + 1 s per
     * 256 KiB of payload. */
    std::chrono::milliseconds deadline() const;
    /**
     * The user's request timeout for every job of this process that has no setDeadline() of its
     * own: the CLI's --timeout, the window's Request timeout setting. nullopt: automatic.
     * Call from the main thread.
     */
    static void setDefaultDeadline(std::optional<std::chrono::milliseconds> deadline);
    static std::optional<std::chrono::milliseconds> defaultDeadline();

    /** The most of an error reply (a status outside 2xx) that is read: an XML error or a page. */
    static constexpr qint64 kMaxErrorBodyBytes = 64 * 1024;
    /** The default for maxReplyBytes(): a JSON answer or an XML listing. */
    static constexpr qint64 kDefaultMaxReplyBytes = 8 * 1024 * 1024;
    /** The most Qt buffers of a reply before onReadyRead() takes it. */
    static constexpr qint64 kReadBufferBytes = 1024 * 1024;
    /** Same-origin GET/HEAD redirects followed before giving up. */
    static constexpr int kMaxRedirects = 5;
    void setRetryPolicy(const RetryPolicy &policy) { m_policy = policy; }
    const RetryPolicy &retryPolicy() const { return m_policy; }
    int attempts() const { return m_attempt; }

    /** What the window shows of a retry (retrying()'s arguments): "HTTP 503; retrying in 3 s
     * (attempt 2 of 4)…", the delay rounded to whole seconds, at least 1. */
    static QString retryText(int attempt, int maxAttempts, qint64 delayMs, const QString &reason);

signals:
    /** A retry is scheduled: attempt (from 2) of maxAttempts, in delayMs, because of reason. */
    void retrying(int attempt, int maxAttempts, qint64 delayMs, const QString &reason);

protected:
    void run() final;
    void abort() final;
    /** Starts one attempt; the job owns the reply. May fail before sending (e.g. a file). */
    virtual Result<QNetworkReply *> send(QNetworkAccessManager &nam) = 0;
    /** Reads a reply with an HTTP status in 200..299. */
    virtual Result<void> handleReply(int httpStatus, const QByteArray &body) = 0;
    /** Whether a 503 ("unable to handle the request") may be retried although the request is
     * not idempotent (the combined upload). Whether sending a request twice is harmless comes
     * from its method (RFC 9110: GET, HEAD, PUT, DELETE are; a POST is not): a POST is sent
     * again only when it surely did not reach the server (RetryPolicy). */
    virtual bool retriesUnavailable() const { return false; }
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
    /** The most bytes a successful reply may have (see kDefaultMaxReplyBytes). */
    virtual qint64 maxReplyBytes() const { return kDefaultMaxReplyBytes; }
    /** true: a 2xx body longer than maxReplyBytes() is cut there and read as it is (a ranged
     * read from a server that ignores Range); false (default): the request fails. */
    virtual bool cutLongReply() const { return false; }
    /** Bytes this job sends in its request body (for the default deadline). */
    virtual qint64 payloadBytes() const { return 0; }

    QNetworkAccessManager &nam() { return m_nam; }
    /** From handleReply(): the reply's Content-Type header (empty when it sent none). */
    const QByteArray &replyContentType() const { return m_contentType; }
    /**
     * From handleReply(): the job is not done yet; send() is called again for the next request
     * (the next page, the second file), with a fresh retry budget.
     */
    void requestAgain() { m_again = true; }
    /** Applies the timeout and the common headers to a request (and, for an http request
     * through a proxy that wants them, the proxy's credentials). */
    void prepare(QNetworkRequest &request) const;

private:
    /** Why the job aborted the current reply itself. */
    enum class Abort { None, Cancel, Deadline, TooLarge, Cut };

    void addProxyCredentials(QNetworkRequest &request) const;
    void attempt();
    void watch(QNetworkReply *reply);
    void onReadyRead();
    void onReplyFinished();
    /** A 3xx with a Location: true when it was followed (same origin, GET/HEAD). */
    bool followRedirect(QNetworkReply &reply, int status, std::optional<Error> &refused);
    void finish(std::optional<Error> error);

    QNetworkAccessManager &m_nam;
    QPointer<QNetworkReply> m_reply;
    QTimer m_retryTimer;
    QTimer m_deadlineTimer;
    RetryPolicy m_policy;
    std::chrono::milliseconds m_timeout{30000};
    std::optional<std::chrono::milliseconds> m_deadline;
    QByteArray m_body;
    QByteArray m_contentType;
    QList<QSslError> m_tlsErrors;
    Abort m_abort = Abort::None;
    int m_redirects = 0;
    int m_attempt = 0;
    bool m_requestSent = false;
    bool m_again = false;
};

} // namespace Dbtu
