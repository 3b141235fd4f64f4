// SPDX-License-Identifier: MIT
#include "net/NetworkJob.h"

#include "net/HttpError.h"
#include "net/Origin.h"
#include "net/ProxyConfig.h"
#include "net/Redactor.h"
#include "net/RequestLog.h"
#include "net/TrustedCertificates.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcNet, "dbtu.net", QtWarningMsg)

namespace Dbtu {

namespace {

QByteArray contentTypeOf(const QNetworkReply &reply)
{
    return reply.header(QNetworkRequest::ContentTypeHeader).toByteArray();
}

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

QByteArray methodOf(const QNetworkReply &reply)
{
    switch (reply.operation()) {
    case QNetworkAccessManager::HeadOperation:
        return "HEAD";
    case QNetworkAccessManager::GetOperation:
        return "GET";
    case QNetworkAccessManager::PutOperation:
        return "PUT";
    case QNetworkAccessManager::PostOperation:
        return "POST";
    case QNetworkAccessManager::DeleteOperation:
        return "DELETE";
    case QNetworkAccessManager::CustomOperation:
        return reply.request().attribute(QNetworkRequest::CustomVerbAttribute).toByteArray();
    case QNetworkAccessManager::UnknownOperation:
        break;
    }
    return {};
}

/** Whether sending a request twice is harmless by its method (RFC 9110, 9.2.2): a GET, a
 * bucket PUT; a POST (an upload, a trigger) is not. */
bool isIdempotent(const QByteArray &method)
{
    return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE"
           || method == "OPTIONS";
}

std::optional<std::chrono::milliseconds> g_defaultDeadline;

} // namespace

void NetworkJob::setDefaultDeadline(std::optional<std::chrono::milliseconds> deadline)
{
    g_defaultDeadline = deadline;
}

std::optional<std::chrono::milliseconds> NetworkJob::defaultDeadline()
{
    return g_defaultDeadline;
}

QString NetworkJob::retryText(int attempt, int maxAttempts, qint64 delayMs, const QString &reason)
{
    return tr("%1; retrying in %2 s (attempt %3 of %4)…")
        .arg(reason, QString::number(qMax<qint64>(1, (delayMs + 500) / 1000)),
             QString::number(attempt), QString::number(maxAttempts));
}

NetworkJob::NetworkJob(QNetworkAccessManager &nam, QObject *parent)
    : Job(parent)
    , m_nam(nam)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &NetworkJob::attempt);
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, [this] {
        if (m_reply) {
            m_abort = Abort::Deadline;
            m_reply->abort();
        }
    });
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

std::chrono::milliseconds NetworkJob::deadline() const
{
    if (m_deadline) {
        return *m_deadline;
    }
    if (g_defaultDeadline) {
        return *g_defaultDeadline;
    }
    // Slow links still get their upload through: 1 s for every 256 KiB on top of two minutes.
    return std::chrono::milliseconds(120000 + payloadBytes() * 1000 / (256 * 1024));
}

void NetworkJob::run()
{
    attempt();
}

void NetworkJob::abort()
{
    if (m_reply) {
        m_abort = Abort::Cancel;
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
    // Qt never follows a redirect by itself: followRedirect() decides, so that no credential
    // goes to another origin and no body is sent twice.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    addProxyCredentials(request);
}

void NetworkJob::addProxyCredentials(QNetworkRequest &request) const
{
    // Qt sends a proxy's credentials only once the proxy has refused a request (407), by
    // sending the request again; a body is read once (so that Qt never sends it twice), so an
    // upload through such a proxy would end with ContentReSendError. Like curl, an http request
    // carries Proxy-Authorization from its first byte. An https request keeps the credentials
    // in its CONNECT: the header is never put inside the tunnel, where the server would see it.
    const QUrl url = request.url();
    if (url.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) != 0) {
        return;
    }
    QNetworkProxy proxy = m_nam.proxy();
    if (proxy.type() == QNetworkProxy::DefaultProxy) {
        QNetworkProxyFactory *factory = m_nam.proxyFactory();
        const QList<QNetworkProxy> proxies
            = factory ? factory->queryProxy(QNetworkProxyQuery(url))
                      : QNetworkProxyFactory::proxyForQuery(QNetworkProxyQuery(url));
        proxy = proxies.value(0);
    }
    if (proxy.type() != QNetworkProxy::HttpProxy || proxy.user().isEmpty()) {
        return;
    }
    const QByteArray pair = proxy.user().toUtf8() + ':' + proxy.password().toUtf8();
    request.setRawHeader("Proxy-Authorization", "Basic " + pair.toBase64());
}

void NetworkJob::attempt()
{
    ++m_attempt;
    m_redirects = 0;
    Result<QNetworkReply *> sent = send(m_nam);
    if (!sent) {
        finish(sent.error());
        return;
    }
    watch(sent.value());
}

void NetworkJob::watch(QNetworkReply *reply)
{
    // Qt keeps reading from the socket into the reply's own buffer, as fast as the server
    // sends, unless the buffer is bounded: then onReadyRead() alone decides how much is held.
    reply->setReadBufferSize(kReadBufferBytes);
    m_reply = reply;
    m_requestSent = false;
    m_abort = Abort::None;
    m_body.clear();
    connect(m_reply, &QNetworkReply::requestSent, this, [this] { m_requestSent = true; });
    connect(m_reply, &QNetworkReply::uploadProgress, this, [this](qint64 done, qint64 total) {
        if (total > 0) {
            m_requestSent = m_requestSent || done > 0;
            reportUploadProgress(done, total);
        }
    });
    m_tlsErrors.clear();
    // Kept for the message only: the errors are never ignored, so the handshake fails.
    connect(m_reply, &QNetworkReply::sslErrors, this,
            [this](const QList<QSslError> &errors) { m_tlsErrors = errors; });
    connect(m_reply, &QNetworkReply::readyRead, this, &NetworkJob::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &NetworkJob::onReplyFinished);
    m_deadlineTimer.start(deadline());
}

void NetworkJob::onReadyRead()
{
    if (!m_reply || m_abort != Abort::None) {
        return;
    }
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool success = status >= 200 && status < 300;
    const qint64 cap = success ? maxReplyBytes() : kMaxErrorBodyBytes;
    // What has arrived, at most one byte past the cap: read(n) allocates n bytes first.
    const qint64 wanted = std::min(m_reply->bytesAvailable(), cap + 1 - m_body.size());
    const QByteArray chunk = m_reply->read(std::max<qint64>(wanted, 0));
    m_body += chunk;
    if (m_body.size() > cap) {
        m_body.truncate(cap);
        // An error page is read as far as the cap; a success reply is cut only where asked.
        m_abort = !success || cutLongReply() ? Abort::Cut : Abort::TooLarge;
        m_reply->abort();
    }
}

bool NetworkJob::followRedirect(QNetworkReply &reply, int status, std::optional<Error> &refused)
{
    const QByteArray location = reply.rawHeader("Location");
    if (!isRedirect(status) || location.isEmpty()) {
        return false;
    }
    const QUrl from = reply.url();
    const QUrl to = from.resolved(QUrl::fromEncoded(location));
    const QByteArray method = methodOf(reply);
    const bool safeMethod = method == "GET" || method == "HEAD";
    if (sameOrigin(from, to) && safeMethod && to.isValid() && m_redirects < kMaxRedirects) {
        ++m_redirects;
        qCInfo(lcNet).noquote() << what() << ": following the redirect (HTTP" << status << ") to"
                                << Redactor::url(to);
        QNetworkRequest next = reply.request();
        next.setUrl(to);
        watch(method == "HEAD" ? m_nam.head(next) : m_nam.get(next));
        return true;
    }
    refused = redirectError(status, from, to, QString::fromLatin1(method), what(),
                            m_redirects >= kMaxRedirects);
    return false;
}

void NetworkJob::onReplyFinished()
{
    m_deadlineTimer.stop();
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (m_abort == Abort::None && reply->isOpen()) {
        onReadyRead(); // whatever is left; may still find the body too long
    }
    const Abort abort = m_abort;
    const QByteArray body = m_body;
    m_body.clear();
    const QString host = reply->url().host();
    const QNetworkReply::NetworkError netError
        = abort == Abort::Cut ? QNetworkReply::NoError : reply->error();
    // Qt's codes below 200 are the connection's own failures (a cut, a timeout, TLS, a proxy);
    // above, the server's status. A reply cut after its status line is a network failure.
    // Qt rewinds the body of a request answered 307/308 even when it will not follow it; a
    // OneShotBody refuses (ContentReSendError), and the reply is then the redirect it was.
    const int replyStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool redirectNotRewound
        = netError == QNetworkReply::ContentReSendError && isRedirect(replyStatus);
    const bool transportFailed = !redirectNotRewound
                                 && ((netError > QNetworkReply::NoError && netError < 200)
                                     || netError == QNetworkReply::ContentReSendError);
    const int status = transportFailed ? 0 : replyStatus;
    qCDebug(lcNet).noquote() << QStringLiteral("%1, attempt %2: %3")
                                    .arg(what(), QString::number(m_attempt), describeReply(*reply));

    if (isCancelRequested()) {
        finish(networkError(QNetworkReply::OperationCanceledError, {}, false, what(), host));
        return;
    }
    if (abort == Abort::Deadline) {
        finish(deadlineError(deadline(), what(), host));
        return;
    }
    if (abort == Abort::TooLarge) {
        finish(replyTooLarge(maxReplyBytes(), what(), host));
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
        m_contentType = contentTypeOf(*reply);
        Result<void> handled = handleReply(status, body);
        if (handled && m_again) {
            m_attempt = 0;
            attempt();
            return;
        }
        finish(handled ? std::nullopt : std::optional(handled.error()));
        return;
    }
    std::optional<Error> refused;
    if (followRedirect(*reply, status, refused)) {
        return;
    }
    if (refused) {
        logBody(what(), status, host, body);
        finish(replyFailed(*refused, *reply, body));
        return;
    }
    const QByteArray retryAfter = reply->rawHeader("Retry-After");
    const auto asked = RetryPolicy::parseRetryAfter(retryAfter, QDateTime::currentDateTimeUtc());
    // A server that asks for a longer wait than we ever make is not retried: the error below
    // says how long it asked for instead of sleeping.
    const bool waitTooLong = asked && *asked > m_policy.maxDelay;
    const bool idempotent = isIdempotent(methodOf(*reply));
    if (!timedOut && !waitTooLong
        && m_policy.shouldRetry(m_attempt, status, netError, m_requestSent, idempotent,
                                idempotent || retriesUnavailable())) {
        const auto wait = m_policy.delay(m_attempt, retryAfter);
        const QString reason
            = status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
        qCInfo(lcNet).noquote() << what() << "failed (" << reason << "), attempt" << m_attempt
                                << "of" << m_policy.maxAttempts << "; retrying in" << wait.count()
                                << "ms";
        emit retrying(m_attempt + 1, m_policy.maxAttempts, wait.count(), reason);
        m_retryTimer.start(wait);
        return;
    }
    const QString proxy = ProxyConfig::proxyNameFor(reply->url());
    if (!proxy.isEmpty() && ProxyConfig::refusedSignIn(*reply)) {
        finish(replyFailed(ProxyConfig::signInRefused(proxy, what()), *reply, body));
    } else if (status != 0) {
        logBody(what(), status, host, body);
        Error e = replyFailed(httpError(status, body, what(), host, contentTypeOf(*reply)), *reply,
                              body);
        if (waitTooLong) {
            e = withRetryAfter(std::move(e), *asked, m_policy.maxDelay);
        }
        finish(std::move(e));
    } else if (!proxy.isEmpty() && ProxyConfig::isProxyFailure(netError)) {
        finish(replyFailed(ProxyConfig::failure(netError, reply->errorString(), proxy, what()),
                           *reply, body));
    } else if (netError == QNetworkReply::SslHandshakeFailedError && !m_tlsErrors.isEmpty()) {
        finish(replyFailed(TrustedCertificates::handshakeError(m_tlsErrors, what(), host), *reply,
                           body));
    } else {
        finish(replyFailed(networkError(netError, reply->errorString(), timedOut, what(), host),
                           *reply, body));
    }
}

void NetworkJob::finish(std::optional<Error> error)
{
    m_deadlineTimer.stop();
    if (error) {
        qCDebug(lcNet).noquote() << what() << "failed:" << *error;
    }
    cleanup();
    finishWith(std::move(error));
}

} // namespace Dbtu
