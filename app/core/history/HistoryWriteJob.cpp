// SPDX-License-Identifier: MIT
#include "history/HistoryWriteJob.h"

#include "history/HistoryStore.h"

#include <QtConcurrent/QtConcurrentRun>

namespace Dbtu {

HistoryWriteJob::HistoryWriteJob(QString historyPath, UploadRecord record,
                                 std::shared_ptr<const ArtifactIndex> index, QObject *parent)
    : Job(parent)
    , m_historyPath(std::move(historyPath))
    , m_record(std::move(record))
    , m_index(std::move(index))
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &HistoryWriteJob::onDone);
}

HistoryWriteJob::~HistoryWriteJob()
{
    m_watcher.disconnect(this);
    m_watcher.waitForFinished(); // one transaction: never left half done
}

void HistoryWriteJob::run()
{
    m_watcher.setFuture(QtConcurrent::run(
        [path = m_historyPath, record = m_record, index = m_index]() -> Result<qint64> {
            HistoryStore store(path);
            if (Result<void> opened = store.open(); !opened) {
                return opened.error();
            }
            return store.add(record, index ? *index : ArtifactIndex());
        }));
}

void HistoryWriteJob::onDone()
{
    Result<qint64> id = m_watcher.result();
    if (!id) {
        finishWith(id.error());
        return;
    }
    m_recordId = id.value();
    finishWith(std::nullopt);
}

} // namespace Dbtu
