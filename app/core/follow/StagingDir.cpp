// SPDX-License-Identifier: MIT
#include "follow/StagingDir.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

namespace Dbtu {

namespace {

const QLatin1String kLockName(".owner.lock");

/** A folder with no lock yet may be one another process just made: only an old one is stale. */
constexpr qint64 kUnlockedAgeSecs = 10 * 60;

} // namespace

StagingDir::StagingDir(const QString &base)
    : QTemporaryDir(base + QStringLiteral("/run-XXXXXX"))
{
    if (!isValid()) {
        return;
    }
    m_lock = std::make_unique<QLockFile>(filePath(kLockName));
    m_lock->setStaleLockTime(0); // a long upload's lock is never stale by its age
    m_lock->tryLock(0);          // a new folder: nobody else has it
}

StagingDir::~StagingDir()
{
    m_lock.reset(); // unlocks (removes the lock file) before QTemporaryDir removes the folder
}

int StagingDir::removeStale(const QString &base)
{
    int removed = 0;
    const QFileInfoList folders
        = QDir(base).entryInfoList({QStringLiteral("run-*")}, QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QFileInfo &folder : folders) {
        const QString lockPath = folder.absoluteFilePath() + QLatin1Char('/') + kLockName;
        if (!QFileInfo::exists(lockPath)) {
            if (folder.lastModified().secsTo(QDateTime::currentDateTime()) < kUnlockedAgeSecs) {
                continue;
            }
        } else {
            QLockFile lock(lockPath);
            lock.setStaleLockTime(0);
            // Succeeds only when the process named in it is gone (QLockFile checks its pid and
            // name). Released before the removal, which takes the lock file with it.
            if (!lock.tryLock(0)) {
                continue;
            }
            lock.unlock();
        }
        if (QDir(folder.absoluteFilePath()).removeRecursively()) {
            ++removed;
        }
    }
    return removed;
}

} // namespace Dbtu
