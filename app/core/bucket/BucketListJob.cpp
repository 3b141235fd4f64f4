// SPDX-License-Identifier: MIT
#include "bucket/BucketListJob.h"

#include <QCoreApplication>

namespace Dbtu {

BucketListJob::BucketListJob(QNetworkAccessManager &nam, BucketClient client, QString prefix,
                             QObject *parent)
    : BucketRequestJob(nam, std::move(client), ProviderError::Operation::List, parent)
    , m_prefix(std::move(prefix))
{}

Result<QNetworkReply *> BucketListJob::send(QNetworkAccessManager &nam)
{
    return sendWith(nam, client().listRequest(m_prefix, m_marker), "GET");
}

Result<void> BucketListJob::handleReply(int, const QByteArray &body)
{
    noteReply();
    Result<BucketListing> page = client().parseListing(body);
    if (!page) {
        return page.error();
    }
    m_objects += page.value().objects;
    m_marker = page.value().nextMarker;
    if (!m_marker.isEmpty()) {
        requestAgain();
    }
    return {};
}

QString BucketListJob::what() const
{
    return QCoreApplication::translate("Dbtu::BucketListJob", "Listing %1")
        .arg(client().location(m_prefix));
}

} // namespace Dbtu
