// SPDX-License-Identifier: MIT
#include "history/HistoryWriteJob.h"

#include "history/HistoryStore.h"

namespace Dbtu {

HistoryWriteJob::HistoryWriteJob(QString historyPath, UploadRecord record,
                                 std::shared_ptr<const ArtifactIndex> index, QObject *parent)
    : PoolJob(parent)
    , m_historyPath(std::move(historyPath))
    , m_record(std::move(record))
    , m_index(std::move(index))
{}

void HistoryWriteJob::run()
{
    runOnPool([path = m_historyPath, record = m_record, index = m_index]() -> Result<qint64> {
        HistoryStore store(path);
        if (Result<void> opened = store.open(); !opened) {
            return opened.error();
        }
        if (!index) {
            return store.add(record);
        }
        return store.add(record, *index); // by reference: `index ? *index : {}` would copy it
    });
}

void HistoryWriteJob::onPoolResult(Result<qint64> id)
{
    if (!id) {
        finishWith(id.error());
        return;
    }
    m_recordId = id.value();
    finishWith(std::nullopt);
}

} // namespace Dbtu
