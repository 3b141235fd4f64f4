// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QStringList>

namespace Dbtu::Ui {

/**
 * The last sets of paths the user opened, newest first, kept in QSettings under the group
 * "recent" (array "sets", key "paths"). Paths only: never anything secret.
 */
class RecentPaths
{
public:
    static constexpr int kMaxSets = 8;

    static QList<QStringList> load();
    /** Moves (or inserts) the set to the front and trims the list to kMaxSets. */
    static void add(const QStringList &paths);
    static void clear();

    /** A short label for a set: "target/ in ~/proj" or "manifest.json, run_results.json". */
    static QString label(const QStringList &paths);

private:
    static void save(const QList<QStringList> &sets);
};

} // namespace Dbtu::Ui
