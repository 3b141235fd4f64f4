// SPDX-License-Identifier: MIT
#pragma once

#include <QLockFile>
#include <QTemporaryDir>

#include <memory>

namespace Dbtu {

/**
 * The folder of one run's copies while a follower checks and sends them: a QTemporaryDir
 * (removed when done) that holds a QLockFile naming this process while it is in use. A process
 * killed with SIGKILL, or one that crashed, cannot remove its folder; removeStale() at the next
 * start removes those, and only those: a folder whose lock names a live process (another
 * follower, the window's or a `follow` beside it) is left alone.
 */
class StagingDir : public QTemporaryDir
{
public:
    /** @p base: the folder of all copies; the new one is base/run-XXXXXX. */
    explicit StagingDir(const QString &base);
    ~StagingDir();

    /** Removes base/run-* folders whose process is gone; how many it removed. */
    static int removeStale(const QString &base);

private:
    std::unique_ptr<QLockFile> m_lock; // released before the folder is removed
};

} // namespace Dbtu
