// SPDX-License-Identifier: MIT
#include "secoda/SecodaJob.h"

#include "net/HttpError.h"
#include "net/Origin.h"
#include "net/RetryPolicy.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace Dbtu {

namespace {

Error notSecoda(const QString &what, const QUrl &url, const QByteArray &body)
{
    return notApiReply(what, url.host(), body);
}

/**
 * A JSON answer must say it is one: Secoda sends application/json. A body labelled as
 * something else (text/plain, application/octet-stream, a web page) is not taken for the API's
 * answer, even when it happens to parse; no Content-Type at all is let through.
 */
std::optional<Error> notJson(const QString &what, const QUrl &url, const QByteArray &contentType,
                             const QByteArray &body)
{
    const QByteArray type = contentType.split(';').constFirst().trimmed().toLower();
    if (type.isEmpty() || type == "application/json" || type.endsWith("+json")) {
        return std::nullopt;
    }
    return notApiReply(
        what, url.host(), body,
        QCoreApplication::translate("Dbtu::SecodaJob", "it sent %1, not application/json")
            .arg(QString::fromLatin1(type)));
}

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

SecodaJob::SecodaJob(QNetworkAccessManager &nam, ApiEndpoint endpoint, Secret apiKey,
                     QObject *parent)
    : NetworkJob(nam, parent)
    , m_endpoint(std::move(endpoint))
    , m_apiKey(std::move(apiKey))
{}

QNetworkRequest SecodaJob::request(const QUrl &url, bool authorized) const
{
    QNetworkRequest r(url);
    prepare(r);
    r.setRawHeader("Accept", "application/json");
    if (authorized && sameOrigin(url)) {
        r.setRawHeader("Authorization", QByteArray("Bearer ").append(m_apiKey.reveal()));
    }
    return r;
}

bool SecodaJob::sameOrigin(const QUrl &url) const
{
    return Dbtu::sameOrigin(url, m_endpoint.baseUrl());
}

// --- TestConnectionJob ---

QString TestConnectionJob::what() const
{
    return m_healthy ? tr("Signing in to Secoda") : tr("Reaching Secoda");
}

Result<QNetworkReply *> TestConnectionJob::send(QNetworkAccessManager &nam)
{
    if (!m_healthy) {
        QUrl url = endpoint().baseUrl();
        url.setPath(url.path() + QStringLiteral("/healthcheck"));
        return nam.get(request(url, false));
    }
    return nam.get(request(endpoint().url(QStringLiteral("integration/integrations"))));
}

Result<void> TestConnectionJob::handleReply(int, const QByteArray &body)
{
    if (auto e = notJson(what(), endpoint().baseUrl(), replyContentType(), body)) {
        return *e;
    }
    if (!m_healthy) {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (!doc.isObject() || !doc.object().contains(QLatin1String("status"))) {
            return notSecoda(what(), endpoint().baseUrl(), body);
        }
        m_healthy = true;
        requestAgain();
        return {};
    }
    Result<IntegrationPage> page = IntegrationPage::fromJson(body, endpoint().baseUrl());
    if (!page) {
        return page.error();
    }
    m_count = int(page.value().integrations.size());
    return {};
}

// --- ListIntegrationsJob ---

QString ListIntegrationsJob::what() const
{
    return tr("Listing integrations");
}

Result<QNetworkReply *> ListIntegrationsJob::send(QNetworkAccessManager &nam)
{
    if (m_current.isEmpty()) {
        m_current = endpoint().url(QStringLiteral("integration/integrations"));
    }
    return nam.get(request(m_current));
}

Result<void> ListIntegrationsJob::handleReply(int, const QByteArray &body)
{
    if (auto e = notJson(what(), m_current, replyContentType(), body)) {
        return *e;
    }
    Result<IntegrationPage> page = IntegrationPage::fromJson(body, m_current);
    if (!page) {
        return page.error();
    }
    m_integrations << page.value().integrations;
    ++m_pages;
    if (page.value().next && m_pages < 1000) {
        if (!sameOrigin(*page.value().next)) {
            return Error{ErrorCode::ServerError,
                         tr("The server pointed the next page at another host (%1); the API key "
                            "is not sent there.")
                             .arg(page.value().next->host()),
                         tr("Check the API URL; a proxy may rewrite links."),
                         {},
                         0};
        }
        m_current = *page.value().next;
        requestAgain();
    }
    return {};
}

// --- GetIntegrationJob ---

GetIntegrationJob::GetIntegrationJob(QNetworkAccessManager &nam, ApiEndpoint endpoint,
                                     Secret apiKey, QString integrationId, QObject *parent)
    : SecodaJob(nam, std::move(endpoint), std::move(apiKey), parent)
    , m_id(std::move(integrationId))
{}

QString GetIntegrationJob::what() const
{
    return tr("Reading integration %1").arg(m_id);
}

Result<QNetworkReply *> GetIntegrationJob::send(QNetworkAccessManager &nam)
{
    return nam.get(request(endpoint().url(QStringLiteral("integration/integrations/") + m_id)));
}

Result<void> GetIntegrationJob::handleReply(int, const QByteArray &body)
{
    if (auto e = notJson(what(), endpoint().baseUrl(), replyContentType(), body)) {
        return *e;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject()) {
        return notSecoda(what(), endpoint().baseUrl(), body);
    }
    m_integration = Integration::fromJson(doc.object());
    return {};
}

// --- TriggerSyncJob ---

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
        return notSecoda(what(), endpoint().baseUrl(), body);
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
