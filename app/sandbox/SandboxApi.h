// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactSummary.h"
#include "sandbox/FaultSettings.h"
#include "sandbox/IntegrationStore.h"
#include "sandbox/RateLimiter.h"
#include "sandbox/SandboxCounters.h"
#include "sandbox/SandboxOptions.h"
#include "sandbox/UploadStore.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QObject>

#include <functional>

QT_BEGIN_NAMESPACE
class QHttpServer;
QT_END_NAMESPACE

namespace Dbtu::Sandbox {

/**
 * The Secoda-compatible routes, under both "/" and "/api/v1/", plus the sandbox's own
 * /sandbox/uploads/, /sandbox/counts/ and /sandbox/faults/. Checks the method (405), body size
 * (413), injected status sequence, key (401/403) and POST rate (429) before a handler runs; every
 * failure is answered with a JSON {"error": …}. Runs on the thread of the QHttpServer it serves.
 */
class SandboxApi : public QObject
{
    Q_OBJECT
public:
    /**
     * faults and counters are owned by the caller and outlive this; keys are the full and
     * read-only key.
     */
    SandboxApi(const SandboxOptions &options, const QString &dataDir, const QString &apiKey,
               const QString &readOnlyKey, FaultSettings &faults, SandboxCounters &counters,
               QObject *parent = nullptr);

    /** Adds every route, and the missing-route handler, to server. */
    void registerRoutes(QHttpServer &server);

signals:
    /** A sync of integrationId ended; its scheduled_extractions_last_run is now set. */
    void syncFinished(const QString &integrationId);

private:
    enum class Access {
        Public,  ///< no key needed (healthcheck)
        Read,    ///< either key
        Write,   ///< the full key; counts towards the POST limit; status-sequence faults apply
        Control, ///< /sandbox/: either key to read, the full key to change; never faulted
    };
    using Handler = std::function<QHttpServerResponse()>;

    /** received: a counter of requests that got past the method check (nullptr: none). */
    QHttpServerResponse guarded(const QHttpServerRequest &request,
                                QHttpServerRequest::Methods allowed, Access access,
                                const Handler &handler, qint64 *received = nullptr);
    std::optional<QHttpServerResponse> authenticate(const QHttpServerRequest &request,
                                                    Access access);

    QHttpServerResponse listIntegrations(const QHttpServerRequest &request) const;
    QHttpServerResponse getIntegration(const QString &id) const;
    QHttpServerResponse uploadArtifacts(const QString &id, const QHttpServerRequest &request);
    QHttpServerResponse triggerSync(const QString &id);
    QHttpServerResponse uploadSingle(const QHttpServerRequest &request, const QString &fileField,
                                     ArtifactKind kind);
    QHttpServerResponse listUploads() const;
    QHttpServerResponse changeFaults(const QHttpServerRequest &request);
    QHttpServerResponse currentFaults() const;

    /** The dbt integration id, or the 404/400 answer when it is unknown or not dbt. */
    std::optional<QHttpServerResponse> checkDbtIntegration(const QString &id,
                                                           const QString &field) const;
    void startSync(const QString &id);

    double m_syncSeconds;
    qint64 m_maxBodyBytes;
    int m_pageSize;
    QString m_apiKey;
    QString m_readOnlyKey;
    FaultSettings &m_faults;
    SandboxCounters &m_counters;
    IntegrationStore m_integrations;
    UploadStore m_uploads;
    RateLimiter m_postLimiter;
    QElapsedTimer m_clock;
};

} // namespace Dbtu::Sandbox
