// SPDX-License-Identifier: MIT
#include "bucket/BucketRequestJob.h"

namespace Dbtu {

BucketRequestJob::BucketRequestJob(QNetworkAccessManager &nam, BucketClient client,
                                   ProviderError::Operation operation, QObject *parent)
    : NetworkJob(nam, parent)
    , m_client(std::move(client))
    , m_operation(operation)
{}

Error BucketRequestJob::replyFailed(const Error &generic, const QNetworkReply &reply,
                                    const QByteArray &body)
{
    if (reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 0) {
        return generic; // no server answered: DNS, refused, TLS, timeout
    }
    m_serverReplied = true;
    m_providerError = m_client.parseError(reply, body);
    Error e
        = m_providerError->toError(m_client.config(), m_operation, m_client.host(), m_client.now());
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    // S3's region redirects (PermanentRedirect, TemporaryRedirect with x-amz-bucket-region)
    // end in the region hint; any other redirect keeps NetworkJob's error, which names where it
    // pointed. Nothing is re-sent either way.
    if (status >= 300 && status < 400 && e.code != ErrorCode::InvalidInput) {
        return generic;
    }
    return e;
}

Result<QNetworkReply *> BucketRequestJob::sendWith(QNetworkAccessManager &nam,
                                                   Result<QNetworkRequest> request,
                                                   const QByteArray &method, QIODevice *body)
{
    if (!request) {
        return request.error();
    }
    prepare(request.value());
    return nam.sendCustomRequest(request.value(), method, body);
}

Result<QNetworkReply *> BucketRequestJob::sendWith(QNetworkAccessManager &nam,
                                                   Result<QNetworkRequest> request,
                                                   const QByteArray &method, const QByteArray &body)
{
    if (!request) {
        return request.error();
    }
    prepare(request.value());
    return nam.sendCustomRequest(request.value(), method, body);
}

} // namespace Dbtu
