// SPDX-License-Identifier: MIT
#pragma once

#include "PoolJob.h"
#include "artifacts/ArtifactIndex.h"
#include "history/UploadRecord.h"

#include <memory>

namespace Dbtu {

/**
 * Writes one UploadRecord and its index to the history file on a worker thread, with a
 * connection of its own (HistoryStore is used from one thread only), so the window never waits
 * on the disk: the index of a 200 MB manifest is some 190,000 rows, more than a second of
 * inserts, and a second writer (another window, `follow`) can hold the file for a moment. A
 * Job: finished() once; then recordId(), or error() when the file could not be opened or
 * written. cancel() does not stop a write that began (it is one transaction): the job ends when
 * the write does, with what it did. The destructor waits for a write under way.
 */
class HistoryWriteJob : public PoolJob<qint64>
{
    Q_OBJECT
public:
    HistoryWriteJob(QString historyPath, UploadRecord record,
                    std::shared_ptr<const ArtifactIndex> index, QObject *parent = nullptr);

    /** After finished() without an error: the record's id. */
    qint64 recordId() const { return m_recordId; }

protected:
    void run() override;
    void abort() override {}

private:
    void onPoolResult(Result<qint64> id) override;

    QString m_historyPath;
    UploadRecord m_record;
    std::shared_ptr<const ArtifactIndex> m_index;
    qint64 m_recordId = 0;
};

} // namespace Dbtu
