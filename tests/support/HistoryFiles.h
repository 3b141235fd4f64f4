// SPDX-License-Identifier: MIT
#pragma once

#include "history/HistoryStore.h"
#include "settings/UploadHistory.h"

#include <QCryptographicHash>
#include <QFile>

namespace Dbtu::Test {

/**
 * Starts the upload history afresh: removes the history file (and its WAL and shared memory) at
 * HistoryStore::defaultPath() and the settings' list an earlier version kept. Call it while no
 * store has the file open (no window).
 */
inline void removeHistory()
{
    UploadHistory::clear();
    const QString path = HistoryStore::defaultPath();
    for (const char *suffix : {"", "-wal", "-shm"}) {
        QFile::remove(path + QLatin1String(suffix));
    }
}

/** The SHA-256 of a file's bytes, hex, computed apart from the app's own code; empty when it
 * cannot be read. */
inline QByteArray sha256Hex(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

} // namespace Dbtu::Test
