// SPDX-License-Identifier: MIT
#pragma once

#include "net/NetworkJob.h"
#include "secoda/ApiEndpoint.h"
#include "secoda/Integration.h"
#include "secrets/Secret.h"

#include <QFileInfo>

namespace Dbtu {

/** A NetworkJob against the Secoda API: adds the endpoint and the Bearer key. */
class SecodaJob : public NetworkJob
{
    Q_OBJECT
public:
    SecodaJob(QNetworkAccessManager &nam, ApiEndpoint endpoint, Secret apiKey,
              QObject *parent = nullptr);
    const ApiEndpoint &endpoint() const { return m_endpoint; }

protected:
    QNetworkRequest request(const QUrl &url, bool authorized = true) const;
    /** Whether a URL the server handed back may receive the key (same scheme, host, port). */
    bool sameOrigin(const QUrl &url) const;

private:
    ApiEndpoint m_endpoint;
    Secret m_apiKey;
};

/** "Test connection": GET /healthcheck, then an authenticated GET of the integrations. */
class TestConnectionJob : public SecodaJob
{
    Q_OBJECT
public:
    using SecodaJob::SecodaJob;
    int integrationCount() const { return m_count; }

protected:
    Result<QNetworkReply *> send(QNetworkAccessManager &nam) override;
    Result<void> handleReply(int httpStatus, const QByteArray &body) override;
    bool isIdempotent() const override { return true; }
    QString what() const override;

private:
    bool m_healthy = false;
    int m_count = 0;
};

/** Lists every integration of the account, following the pages. */
class ListIntegrationsJob : public SecodaJob
{
    Q_OBJECT
public:
    using SecodaJob::SecodaJob;
    const QList<Integration> &integrations() const { return m_integrations; }

protected:
    Result<QNetworkReply *> send(QNetworkAccessManager &nam) override;
    Result<void> handleReply(int httpStatus, const QByteArray &body) override;
    bool isIdempotent() const override { return true; }
    QString what() const override;

private:
    QUrl m_current;
    QList<Integration> m_integrations;
    int m_pages = 0;
};

/** Reads one integration (its last and next sync). */
class GetIntegrationJob : public SecodaJob
{
    Q_OBJECT
public:
    GetIntegrationJob(QNetworkAccessManager &nam, ApiEndpoint endpoint, Secret apiKey,
                      QString integrationId, QObject *parent = nullptr);
    const std::optional<Integration> &integration() const { return m_integration; }

protected:
    Result<QNetworkReply *> send(QNetworkAccessManager &nam) override;
    Result<void> handleReply(int httpStatus, const QByteArray &body) override;
    bool isIdempotent() const override { return true; }
    QString what() const override;

private:
    QString m_id;
    std::optional<Integration> m_integration;
};

/** POST /integration/dbt/{id}/trigger/. Never sent twice once it may have reached the server. */
class TriggerSyncJob : public SecodaJob
{
    Q_OBJECT
public:
    TriggerSyncJob(QNetworkAccessManager &nam, ApiEndpoint endpoint, Secret apiKey,
                   QString integrationId, QObject *parent = nullptr);
    /** When the server accepted the trigger (UTC). */
    QDateTime triggeredAt() const { return m_triggeredAt; }
    /**
     * After a failure: whether the trigger may still have reached Secoda and started a sync (the
     * connection closed or timed out after it was up, or a 5xx came back), so that triggering
     * again could start a second one. false when it surely did not start: refused (4xx), not
     * reachable, or not answered by the API at all (a login page), or cancelled before sending.
     */
    bool mayHaveStarted() const;

protected:
    Result<QNetworkReply *> send(QNetworkAccessManager &nam) override;
    Result<void> handleReply(int httpStatus, const QByteArray &body) override;
    bool isIdempotent() const override { return false; }
    QString what() const override;
    Error replyFailed(const Error &generic, const QNetworkReply &reply,
                      const QByteArray &body) override;

private:
    QString m_id;
    QDateTime m_triggeredAt;
    std::optional<bool> m_mayHaveStarted; ///< decided by replyFailed() from the failed reply
};

} // namespace Dbtu
