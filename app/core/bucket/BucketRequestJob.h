// SPDX-License-Identifier: MIT
#pragma once

#include "bucket/BucketClient.h"
#include "net/NetworkJob.h"

#include <optional>

namespace Dbtu {

/**
 * Base of the bucket jobs: a NetworkJob whose failures are explained by the provider's own
 * error (ProviderError::toError: code, message and a hint naming the field to fix). The client
 * is copied; the job signs each attempt afresh. Same contract as NetworkJob: one finished().
 */
class BucketRequestJob : public NetworkJob
{
    Q_OBJECT
public:
    BucketRequestJob(QNetworkAccessManager &nam, BucketClient client,
                     ProviderError::Operation operation, QObject *parent = nullptr);

    /** The provider's error when a server replied with one; unset after success or when no
     * server answered (a network failure: see error()). */
    const std::optional<ProviderError> &providerError() const { return m_providerError; }
    /** Whether any HTTP reply came back (false: the endpoint could not be reached). */
    bool serverReplied() const { return m_serverReplied; }
    const BucketClient &client() const { return m_client; }

protected:
    Error replyFailed(const Error &generic, const QNetworkReply &reply,
                      const QByteArray &body) override;
    /** Subclasses call this from handleReply(). */
    void noteReply() { m_serverReplied = true; }
    /** Turns a request-building failure into the job's Result. */
    Result<QNetworkReply *> sendWith(QNetworkAccessManager &nam, Result<QNetworkRequest> request,
                                     const QByteArray &method, QIODevice *body = nullptr);
    Result<QNetworkReply *> sendWith(QNetworkAccessManager &nam, Result<QNetworkRequest> request,
                                     const QByteArray &method, const QByteArray &body);

private:
    BucketClient m_client;
    ProviderError::Operation m_operation;
    std::optional<ProviderError> m_providerError;
    bool m_serverReplied = false;
};

} // namespace Dbtu
