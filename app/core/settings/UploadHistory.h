// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QList>
#include <QStringList>

namespace Dbtu {

/**
 * The last uploads to Secoda, newest first, kept in QSettings (array "apiUpload/history", keys
 * when, files, bytes, profile, integration, style, outcome), at most kMaxEntries. Holds file
 * names, sizes, the integration and the outcome; never a key or a URL with credentials. The
 * API tab shows it (UploadHistoryBox).
 */
class UploadHistory
{
public:
    static constexpr int kMaxEntries = 20;

    struct Entry
    {
        QDateTime when;
        QStringList files; ///< file names (not full paths)
        qint64 bytes = 0;
        QString profile;
        QString integrationId;
        QString style;
        QString outcome;
    };

    static QList<Entry> load();
    /** Puts @p entry first and drops the oldest beyond kMaxEntries. */
    static void add(const Entry &entry);
    static void clear();
};

} // namespace Dbtu
