// SPDX-License-Identifier: MIT
#include "bucket/BucketPutJob.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>

#include <memory>

namespace Dbtu {

BucketPutJob::BucketPutJob(QNetworkAccessManager &nam, BucketClient client, QString filePath,
                           QString key, QByteArray contentType, QByteArray sha256Hex,
                           QObject *parent)
    : BucketRequestJob(nam, std::move(client), ProviderError::Operation::Write, parent)
    , m_path(std::move(filePath))
    , m_key(std::move(key))
    , m_contentType(std::move(contentType))
    , m_sha256(std::move(sha256Hex))
{}

bool BucketPutJob::usesBlocks() const
{
    return client().config().isAzure() && m_size > m_blockSize;
}

Result<QNetworkReply *> BucketPutJob::send(QNetworkAccessManager &nam)
{
    auto file = std::make_unique<QFile>(m_path);
    if (!file->open(QIODevice::ReadOnly)) {
        return Error{ErrorCode::FileNotFound,
                     tr("Cannot read %1: %2").arg(m_path, file->errorString()),
                     tr("Check that the file exists and is readable."), QString(), 0};
    }
    if (m_size < 0) {
        m_size = file->size();
    }
    if (file->size() != m_size) {
        return Error::invalidInput(tr("%1 changed during the upload.").arg(m_path),
                                   tr("Upload again once dbt has finished writing it."));
    }
    if (!usesBlocks()) {
        Result<QNetworkReply *> sent = sendWith(
            nam, client().putRequest(m_key, m_size, m_sha256, m_contentType), "PUT", file.get());
        if (sent) {
            // Qt may still read the body after the reply finished (an abort leaves queued
            // reads behind): the file lives exactly as long as the reply.
            file.release()->setParent(sent.value());
        }
        return sent;
    }
    if (m_committing) {
        file.reset();
        const QByteArray body = BucketClient::blockListBody(m_blockIds);
        return sendWith(nam, client().putBlockListRequest(m_key, body.size()), "PUT", body);
    }
    // One block in memory: bounded by blockSize().
    file->seek(m_offset);
    const QByteArray block = file->read(qMin(m_blockSize, m_size - m_offset));
    file.reset();
    const QByteArray id = QByteArray::number(m_blockIds.size()).rightJustified(6, '0');
    return sendWith(nam, client().putBlockRequest(m_key, id, block.size()), "PUT", block);
}

Result<void> BucketPutJob::handleReply(int, const QByteArray &)
{
    noteReply();
    if (!usesBlocks() || m_committing) {
        emit progressChanged(m_size, m_size);
        return {};
    }
    const qint64 sent = qMin(m_blockSize, m_size - m_offset);
    m_blockIds.append(QByteArray::number(m_blockIds.size()).rightJustified(6, '0'));
    m_offset += sent;
    m_committing = m_offset >= m_size;
    requestAgain();
    return {};
}

void BucketPutJob::reportUploadProgress(qint64 done, qint64)
{
    if (!m_committing) {
        emit progressChanged(m_offset + done, m_size);
    }
}

QString BucketPutJob::what() const
{
    return tr("Uploading %1").arg(client().location(m_key));
}

} // namespace Dbtu
