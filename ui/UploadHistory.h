// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QList>
#include <QStringList>

namespace Dbtu::Ui {

/**
 * The last uploads to Secoda, newest first, kept in QSettings ("apiUpload/history"). Holds file
 * names, sizes, the integration and the outcome; never a key or a URL with credentials.
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
    static void add(const Entry &entry);
    static void clear();
};

} // namespace Dbtu::Ui
