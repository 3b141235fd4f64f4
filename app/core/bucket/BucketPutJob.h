// SPDX-License-Identifier: MIT
#pragma once

#include "bucket/BucketRequestJob.h"

namespace Dbtu {

/**
 * Uploads one file from disk to one object, streamed: S3 / GCS with a single PUT (the file is
 * the request body); Azure with Put Blob up to blockSize(), else Put Block per block (one
 * block in memory at a time) then Put Block List. progressChanged() counts the file's bytes.
 */
class BucketPutJob : public BucketRequestJob
{
    Q_OBJECT
public:
    /** @p sha256Hex: the file's SHA-256 when the client needsPayloadHash(), else empty. */
    BucketPutJob(QNetworkAccessManager &nam, BucketClient client, QString filePath, QString key,
                 QByteArray contentType, QByteArray sha256Hex, QObject *parent = nullptr);

    /** Azure: files above this size go in blocks of this size (default 8 MiB). */
    void setBlockSize(qint64 bytes) { m_blockSize = bytes; }
    qint64 blockSize() const { return m_blockSize; }
    const QString &key() const { return m_key; }

protected:
    Result<QNetworkReply *> send(QNetworkAccessManager &nam) override;
    Result<void> handleReply(int httpStatus, const QByteArray &body) override;
    QString what() const override;
    void reportUploadProgress(qint64 done, qint64 total) override;
    qint64 payloadBytes() const override { return m_size < 0 ? 0 : m_size - m_offset; }

private:
    bool usesBlocks() const;

    QString m_path;
    QString m_key;
    QByteArray m_contentType;
    QByteArray m_sha256;
    qint64 m_size = -1;
    qint64 m_blockSize = 8 * 1024 * 1024;
    qint64 m_offset = 0; ///< bytes of blocks already committed
    QList<QByteArray> m_blockIds;
    bool m_committing = false;
};

} // namespace Dbtu
