// SPDX-License-Identifier: MIT
#include "RecentPaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace Dbtu::Ui {

namespace {
const QString kGroup = QStringLiteral("recent");
const QString kArray = QStringLiteral("sets");
const QString kKey = QStringLiteral("paths");
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

QString RecentPaths::label(const QStringList &paths)
{
    QStringList names;
    QString parent;
    for (const QString &p : paths) {
        const QFileInfo fi(p);
        names << (fi.isDir() ? fi.fileName() + QLatin1Char('/') : fi.fileName());
        if (parent.isEmpty()) {
            parent = QDir::toNativeSeparators(fi.absolutePath());
            const QString home = QDir::toNativeSeparators(QDir::homePath());
            if (parent.startsWith(home)) {
                parent = QLatin1Char('~') + parent.mid(home.size());
            }
        }
    }
    return QCoreApplication::translate("RecentPaths", "%1  (in %2)")
        .arg(names.join(QStringLiteral(", ")), parent);
}

} // namespace Dbtu::Ui
