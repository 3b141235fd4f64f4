// SPDX-License-Identifier: MIT
#include "bucket/BucketUploadJob.h"

#include "bucket/BucketListJob.h"
#include "bucket/BucketPutJob.h"
#include "bucket/GzipFile.h"

#include <QCoreApplication>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace Dbtu {

QList<BucketUploadJob::Item> BucketUploadJob::itemsFor(const InspectResult &result)
{
    QList<Item> items;
    if (result.manifest) {
        items.append({result.manifest->path, QStringLiteral("manifest.json"), {}, 0, false});
    }
    if (result.runResults) {
        items.append({result.runResults->path, QStringLiteral("run_results.json"), {}, 0, false});
    }
    return items;
}

BucketUploadJob::BucketUploadJob(QNetworkAccessManager &nam, BucketConfig config, QList<Item> items,
                                 bool gzip, QObject *parent)
    : Job(parent)
    , m_nam(nam)
    , m_config(std::move(config))
    , m_items(std::move(items))
    , m_gzip(gzip)
{
    connect(&m_prepareWatcher, &QFutureWatcherBase::finished, this, &BucketUploadJob::onPrepared);
}

BucketUploadJob::~BucketUploadJob()
{
    m_cancelFlag = true;
    m_prepareWatcher.waitForFinished(); // the worker reads m_cancelFlag and the temp dir
}

QString BucketUploadJob::location() const
{
    return m_client ? m_client->location() : QString();
}

QString BucketUploadJob::host() const
{
    return m_client ? m_client->host() : QString();
}

void BucketUploadJob::run()
{
    Result<BucketClient> client = BucketClient::create(m_config);
    if (!client) {
        finish(client.error());
        return;
    }
    if (!client.value().config().hasCredentials()) {
        finish(Error{ErrorCode::Unauthorized,
                     tr("No credentials to upload with."),
                     tr("Give the access key (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)."),
                     {},
                     0});
        return;
    }
    m_client = client.value();
    if (m_clock) {
        m_client->setClock(m_clock);
    }
    if (m_gzip) {
        m_tempDir = std::make_unique<QTemporaryDir>();
    }
    for (Item &item : m_items) {
        item.objectName += m_gzip ? QStringLiteral(".gz") : QString();
        item.key = m_client->objectKey(item.objectName);
    }
    const QList<Item> items = m_items;
    const bool gzip = m_gzip;
    const bool hash = m_client->needsPayloadHash();
    const QString tempDir = m_tempDir ? m_tempDir->path() : QString();
    const std::atomic<bool> *cancelled = &m_cancelFlag;
    emit stageChanged(gzip ? tr("Compressing…") : tr("Preparing…"));
    m_prepareWatcher.setFuture(QtConcurrent::run([=]() -> Result<QList<Prepared>> {
        QList<Prepared> out;
        for (const Item &item : items) {
            Prepared p{item.path, 0, {}};
            if (gzip) {
                p.path = tempDir + QLatin1Char('/') + item.objectName;
                Result<qint64> size = GzipFile::compress(item.path, p.path, cancelled);
                if (!size) {
                    return size.error();
                }
                p.size = size.value();
            } else {
                p.size = QFileInfo(item.path).size();
            }
            if (hash) {
                Result<QByteArray> sha = GzipFile::sha256Hex(p.path, cancelled);
                if (!sha) {
                    return sha.error();
                }
                p.sha256 = sha.value();
            }
            out.append(p);
        }
        return out;
    }));
}

void BucketUploadJob::onPrepared()
{
    Result<QList<Prepared>> prepared = m_prepareWatcher.result();
    if (m_cancelFlag) {
        finish(cancelled());
        return;
    }
    if (!prepared) {
        finish(prepared.error());
        return;
    }
    m_prepared = prepared.value();
    for (int i = 0; i < m_prepared.size(); ++i) {
        m_items[i].uploadSize = m_prepared[i].size;
        m_totalBytes += m_prepared[i].size;
    }
    uploadNext();
}

void BucketUploadJob::uploadNext()
{
    if (m_current >= m_items.size()) {
        emit stageChanged(tr("Confirming the upload in %1…").arg(m_client->location()));
        auto *list = new BucketListJob(m_nam, *m_client, m_config.normalizedPrefix());
        list->setTimeout(m_timeout);
        m_job.reset(list);
        connect(list, &NetworkJob::finished, this, &BucketUploadJob::onListed);
        watchRetries(list);
        list->start();
        return;
    }
    const Item &item = m_items[m_current];
    const Prepared &p = m_prepared[m_current];
    emit stageChanged(tr("Uploading %1 to %2…").arg(item.path, m_client->location(item.key)));
    const QByteArray type
        = m_gzip ? QByteArray("application/gzip") : QByteArray("application/json");
    auto *put = new BucketPutJob(m_nam, *m_client, p.path, item.key, type, p.sha256);
    put->setTimeout(m_timeout);
    put->setBlockSize(m_blockSize);
    m_job.reset(put);
    connect(put, &NetworkJob::progressChanged, this, [this](qint64 done, qint64) {
        emit progressChanged(m_doneBytes + done, m_totalBytes);
    });
    connect(put, &NetworkJob::finished, this, &BucketUploadJob::onUploaded);
    watchRetries(put);
    put->start();
}

Error BucketUploadJob::cancelled() const
{
    const QString where = m_client ? m_client->location() : m_config.storageName();
    return Error{ErrorCode::Cancelled,
                 m_current == 0
                     ? tr("The upload to %1 was cancelled; nothing was stored.").arg(where)
                     : tr("The upload to %1 was cancelled after %2 of %3 files.")
                           .arg(where, QString::number(m_current), QString::number(m_items.size())),
                 tr("Run the upload again to send every file."),
                 {},
                 0};
}

void BucketUploadJob::watchRetries(NetworkJob *job)
{
    connect(job, &NetworkJob::retrying, this,
            [this](int attempt, int maxAttempts, qint64 delayMs, const QString &reason) {
                emit stageChanged(NetworkJob::retryText(attempt, maxAttempts, delayMs, reason));
            });
}

void BucketUploadJob::onUploaded()
{
    if (m_job->error()) {
        finish(m_job->error()->code == ErrorCode::Cancelled ? cancelled() : *m_job->error());
        return;
    }
    m_doneBytes += m_prepared[m_current].size;
    emit progressChanged(m_doneBytes, m_totalBytes);
    ++m_current;
    uploadNext();
}

void BucketUploadJob::onListed()
{
    auto *list = static_cast<BucketListJob *>(m_job.get());
    if (list->error()) {
        Error e = *list->error();
        e.message = tr("The files were sent, but listing them again failed: %1").arg(e.message);
        finish(e);
        return;
    }
    QStringList missing;
    for (Item &item : m_items) {
        for (const BucketObject &o : list->objects()) {
            if (o.key == item.key && o.size == item.uploadSize) {
                item.confirmed = true;
            }
        }
        if (!item.confirmed) {
            missing << item.key;
        }
    }
    if (!missing.isEmpty()) {
        finish(Error{ErrorCode::ServerError,
                     tr("After the upload, %1 is missing or has another size in the listing.")
                         .arg(missing.join(QStringLiteral(", "))),
                     tr("Try again; if it persists, check the bucket's lifecycle rules."),
                     {},
                     0});
        return;
    }
    finish();
}

void BucketUploadJob::abort()
{
    m_cancelFlag = true;
    if (m_job && m_job->isRunning()) {
        m_job->cancel();
    }
}

void BucketUploadJob::finish(std::optional<Error> error)
{
    if (!isRunning()) {
        return;
    }
    // The compressed copies go now, not when the owner deletes the job (which may be much later).
    m_tempDir.reset();
    finishWith(std::move(error));
}

} // namespace Dbtu
