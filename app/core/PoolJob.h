// SPDX-License-Identifier: MIT
#pragma once

#include "Job.h"
#include "Result.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace Dbtu {

/**
 * A Job whose work is one function run on Qt's thread pool (a history read or write: SQLite off
 * the GUI thread). run() calls runOnPool(work); when work returns its Result<T>, onPoolResult()
 * gets it on the job's thread. The destructor waits for work under way (it holds a connection of
 * its own, or one transaction, never left half done).
 */
template<typename T>
class PoolJob : public Job
{
public:
    using Job::Job;
    ~PoolJob() override
    {
        m_watcher.disconnect(this);
        m_watcher.waitForFinished();
    }

protected:
    /** Runs @p work (a function returning Result<T>, safe on another thread) on the pool. */
    template<typename Work>
    void runOnPool(Work work)
    {
        QObject::connect(&m_watcher, &QFutureWatcherBase::finished, this,
                         [this] { onPoolResult(m_watcher.result()); });
        m_watcher.setFuture(QtConcurrent::run(std::move(work)));
    }
    /** What work returned; the job ends here (finishWith()) unless it ended before. */
    virtual void onPoolResult(Result<T> result) = 0;

private:
    QFutureWatcher<Result<T>> m_watcher;
};

} // namespace Dbtu
