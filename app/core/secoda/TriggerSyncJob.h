// SPDX-License-Identifier: MIT
#pragma once

#include "secoda/SecodaJob.h"

#include <QDateTime>

namespace Dbtu {

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
    QString what() const override;
    Error replyFailed(const Error &generic, const QNetworkReply &reply,
                      const QByteArray &body) override;

private:
    QString m_id;
    QDateTime m_triggeredAt;
    std::optional<bool> m_mayHaveStarted; ///< decided by replyFailed() from the failed reply
};

} // namespace Dbtu
