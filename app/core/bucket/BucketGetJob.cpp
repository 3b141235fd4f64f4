// SPDX-License-Identifier: MIT
#include "bucket/BucketGetJob.h"

#include <QCoreApplication>

namespace Dbtu {

BucketGetJob::BucketGetJob(QNetworkAccessManager &nam, BucketClient client, QString key,
                           qint64 maxBytes, QObject *parent)
    : BucketRequestJob(nam, std::move(client), ProviderError::Operation::Read, parent)
    , m_key(std::move(key))
    , m_maxBytes(maxBytes)
{}

Result<QNetworkReply *> BucketGetJob::send(QNetworkAccessManager &nam)
{
    return sendWith(nam, client().getRequest(m_key, m_maxBytes), "GET");
}

Result<void> BucketGetJob::handleReply(int, const QByteArray &body)
{
    noteReply();
    m_data = body.left(m_maxBytes); // a server that ignores Range sends it all
    return {};
}

QString BucketGetJob::what() const
{
    return QCoreApplication::translate("Dbtu::BucketGetJob", "Reading %1")
        .arg(client().location(m_key));
}

} // namespace Dbtu
