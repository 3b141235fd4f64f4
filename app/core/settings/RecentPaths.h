// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QStringList>

namespace Dbtu {

/**
 * The last sets of paths the user opened, newest first, kept in QSettings under the group
 * "recent" (array "sets", key "paths"), at most kMaxSets. Paths only: never anything secret.
 * The File upload tab shows them (its Recent list).
 */
class RecentPaths
{
public:
    static constexpr int kMaxSets = 8;

    static QList<QStringList> load();
    /** Moves (or inserts) the set, as absolute paths, to the front and trims the list to
     * kMaxSets. */
    static void add(const QStringList &paths);
    static void clear();

    /** Where the file dialogs open: the folder remembered last ("recent/lastDirectory") while it
     * exists, else the home folder. */
    static QString lastDirectory();
    /** Remembers @p path's folder (@p path itself when it is one) for lastDirectory(). */
    static void rememberDirectory(const QString &path);

private:
    static void save(const QList<QStringList> &sets);
};

} // namespace Dbtu
