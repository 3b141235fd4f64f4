// SPDX-License-Identifier: MIT
#pragma once

#include "bucket/BucketRequestJob.h"

namespace Dbtu {

/**
 * Lists every object under a prefix (recursively, all pages). After finished() without error,
 * objects() holds them in the provider's order (by key).
 */
class BucketListJob : public BucketRequestJob
{
    Q_OBJECT
public:
    BucketListJob(QNetworkAccessManager &nam, BucketClient client, QString prefix,
                  QObject *parent = nullptr);

    const QList<BucketObject> &objects() const { return m_objects; }

protected:
    Result<QNetworkReply *> send(QNetworkAccessManager &nam) override;
    Result<void> handleReply(int httpStatus, const QByteArray &body) override;
    QString what() const override;

private:
    QString m_prefix;
    QString m_marker;
    QList<BucketObject> m_objects;
};

} // namespace Dbtu
