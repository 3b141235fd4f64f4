// SPDX-License-Identifier: MIT
#pragma once

#include "bucket/BucketRequestJob.h"

namespace Dbtu {

/** Reads the first bytes of one object with a ranged GET; data() after finished(). */
class BucketGetJob : public BucketRequestJob
{
    Q_OBJECT
public:
    BucketGetJob(QNetworkAccessManager &nam, BucketClient client, QString key, qint64 maxBytes,
                 QObject *parent = nullptr);

    const QByteArray &data() const { return m_data; }

protected:
    Result<QNetworkReply *> send(QNetworkAccessManager &nam) override;
    Result<void> handleReply(int httpStatus, const QByteArray &body) override;
    QString what() const override;
    qint64 maxReplyBytes() const override { return m_maxBytes; }
    bool cutLongReply() const override { return true; } // a server that ignores Range

private:
    QString m_key;
    qint64 m_maxBytes;
    QByteArray m_data;
};

} // namespace Dbtu
