// SPDX-License-Identifier: MIT
#include "settings/RecentPaths.h"

#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace Dbtu {

namespace {
const QString kGroup = QStringLiteral("recent");
const QString kArray = QStringLiteral("sets");
const QString kKey = QStringLiteral("paths");
const QString kLastDirectoryKey = QStringLiteral("recent/lastDirectory");
} // namespace

QList<QStringList> RecentPaths::load()
{
    QSettings settings;
    settings.beginGroup(kGroup);
    const int n = settings.beginReadArray(kArray);
    QList<QStringList> sets;
    for (int i = 0; i < n && sets.size() < kMaxSets; ++i) {
        settings.setArrayIndex(i);
        const QStringList paths = settings.value(kKey).toStringList();
        if (!paths.isEmpty()) {
            sets.append(paths);
        }
    }
    settings.endArray();
    settings.endGroup();
    return sets;
}

void RecentPaths::save(const QList<QStringList> &sets)
{
    QSettings settings;
    settings.beginGroup(kGroup);
    settings.remove(kArray);
    settings.beginWriteArray(kArray, int(sets.size()));
    for (int i = 0; i < sets.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(kKey, sets.at(i));
    }
    settings.endArray();
    settings.endGroup();
}

void RecentPaths::add(const QStringList &paths)
{
    QStringList absolute;
    for (const QString &p : paths) {
        absolute << QFileInfo(p).absoluteFilePath();
    }
    QList<QStringList> sets = load();
    sets.removeAll(absolute);
    sets.prepend(absolute);
    while (sets.size() > kMaxSets) {
        sets.removeLast();
    }
    save(sets);
}

void RecentPaths::clear()
{
    save({});
}

QString RecentPaths::lastDirectory()
{
    const QString last = QSettings().value(kLastDirectoryKey).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir()) {
        return last;
    }
    return QStandardPaths::writableLocation(QStandardPaths::HomeLocation);
}

void RecentPaths::rememberDirectory(const QString &path)
{
    const QFileInfo fi(path);
    QSettings().setValue(kLastDirectoryKey, fi.isDir() ? fi.absoluteFilePath() : fi.absolutePath());
}

} // namespace Dbtu
