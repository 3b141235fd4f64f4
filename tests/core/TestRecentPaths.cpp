// SPDX-License-Identifier: MIT
// RecentPaths: the File upload tab's recent sets and last folder, in the format users have.
#include "settings/RecentPaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Dbtu;

class TestRecentPaths : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("dbtu-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("TestRecentPaths"));
        QFile::remove(QSettings().fileName());
    }
    void init() { RecentPaths::clear(); }

    void emptyAtFirst() { QVERIFY(RecentPaths::load().isEmpty()); }

    void storesAbsolutePathsNewestFirst()
    {
        RecentPaths::add({QStringLiteral("a/manifest.json"), QStringLiteral("a/run_results.json")});
        RecentPaths::add({QStringLiteral("/tmp/target")});
        const QList<QStringList> sets = RecentPaths::load();
        QCOMPARE(sets.size(), 2);
        QCOMPARE(sets.at(0), QStringList{QStringLiteral("/tmp/target")});
        QCOMPARE(
            sets.at(1),
            (QStringList{QDir::current().absoluteFilePath(QStringLiteral("a/manifest.json")),
                         QDir::current().absoluteFilePath(QStringLiteral("a/run_results.json"))}));
    }

    void aSetOpenedAgainMovesToTheFront()
    {
        RecentPaths::add({QStringLiteral("/x/one")});
        RecentPaths::add({QStringLiteral("/x/two")});
        RecentPaths::add({QStringLiteral("/x/one")});
        const QList<QStringList> sets = RecentPaths::load();
        QCOMPARE(sets.size(), 2);
        QCOMPARE(sets.at(0), QStringList{QStringLiteral("/x/one")});
        QCOMPARE(sets.at(1), QStringList{QStringLiteral("/x/two")});
    }

    void keepsTheLastEight()
    {
        for (int i = 0; i < RecentPaths::kMaxSets + 3; ++i) {
            RecentPaths::add({QStringLiteral("/x/%1").arg(i)});
        }
        const QList<QStringList> sets = RecentPaths::load();
        QCOMPARE(sets.size(), RecentPaths::kMaxSets);
        QCOMPARE(sets.first(), QStringList{QStringLiteral("/x/%1").arg(RecentPaths::kMaxSets + 2)});
        QCOMPARE(sets.last(), QStringList{QStringLiteral("/x/3")});
    }

    void readsTheKeysItAlwaysHad()
    {
        {
            // As an earlier version wrote it: group "recent", array "sets", key "paths"; an
            // empty set is skipped.
            QSettings s;
            s.beginGroup(QStringLiteral("recent"));
            s.beginWriteArray(QStringLiteral("sets"), 3);
            s.setArrayIndex(0);
            s.setValue(QStringLiteral("paths"), QStringList{QStringLiteral("/old/target")});
            s.setArrayIndex(1);
            s.setValue(QStringLiteral("paths"), QStringList());
            s.setArrayIndex(2);
            s.setValue(QStringLiteral("paths"), QStringList{QStringLiteral("/old/manifest.json")});
            s.endArray();
            s.endGroup();
        }
        QCOMPARE(RecentPaths::load(), (QList<QStringList>{{QStringLiteral("/old/target")},
                                                          {QStringLiteral("/old/manifest.json")}}));
        RecentPaths::add({QStringLiteral("/new/target")});
        QCOMPARE(QSettings().value(QStringLiteral("recent/sets/1/paths")).toStringList(),
                 QStringList{QStringLiteral("/new/target")});
        QCOMPARE(QSettings().value(QStringLiteral("recent/sets/size")).toInt(), 3);
    }

    void remembersTheLastFolder()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile file(dir.filePath(QStringLiteral("manifest.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();

        RecentPaths::rememberDirectory(file.fileName());
        QCOMPARE(RecentPaths::lastDirectory(), QFileInfo(dir.path()).absoluteFilePath());
        QCOMPARE(QSettings().value(QStringLiteral("recent/lastDirectory")).toString(),
                 QFileInfo(dir.path()).absoluteFilePath());
        RecentPaths::rememberDirectory(dir.path());
        QCOMPARE(RecentPaths::lastDirectory(), QFileInfo(dir.path()).absoluteFilePath());
    }

    void aFolderGoneFallsBackToHome()
    {
        QSettings().setValue(QStringLiteral("recent/lastDirectory"),
                             QStringLiteral("/no/such/folder/anywhere"));
        QCOMPARE(RecentPaths::lastDirectory(),
                 QStandardPaths::writableLocation(QStandardPaths::HomeLocation));
    }
};

QTEST_GUILESS_MAIN(TestRecentPaths)
#include "TestRecentPaths.moc"
