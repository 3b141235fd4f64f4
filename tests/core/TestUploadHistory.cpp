// SPDX-License-Identifier: MIT
// UploadHistory: the API tab's last uploads in QSettings, in the format existing users have.
#include "settings/UploadHistory.h"

#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace Dbtu;

class TestUploadHistory : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("dbtu-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("TestUploadHistory"));
        QFile::remove(QSettings().fileName());
    }
    void init() { UploadHistory::clear(); }

    void emptyAtFirst() { QVERIFY(UploadHistory::load().isEmpty()); }

    void roundTripNewestFirst()
    {
        UploadHistory::add(entry(1));
        UploadHistory::add(entry(2));
        const QList<UploadHistory::Entry> all = UploadHistory::load();
        QCOMPARE(all.size(), 2);
        const UploadHistory::Entry &e = all.first();
        const UploadHistory::Entry expected = entry(2);
        QCOMPARE(e.when, expected.when);
        QCOMPARE(e.files, expected.files);
        QCOMPARE(e.bytes, expected.bytes);
        QCOMPARE(e.profile, expected.profile);
        QCOMPARE(e.integrationId, expected.integrationId);
        QCOMPARE(e.style, expected.style);
        QCOMPARE(e.outcome, expected.outcome);
        QCOMPARE(all.at(1).outcome, entry(1).outcome);
    }

    void keepsTheLastTwenty()
    {
        for (int i = 0; i < UploadHistory::kMaxEntries + 5; ++i) {
            UploadHistory::add(entry(i));
        }
        const QList<UploadHistory::Entry> all = UploadHistory::load();
        QCOMPARE(all.size(), UploadHistory::kMaxEntries);
        QCOMPARE(all.first().outcome, entry(UploadHistory::kMaxEntries + 4).outcome);
        QCOMPARE(all.last().outcome, entry(5).outcome);
    }

    void writesTheKeysItAlwaysHad()
    {
        UploadHistory::add(entry(7));
        QSettings s;
        QCOMPARE(s.value(QStringLiteral("apiUpload/history/size")).toInt(), 1);
        const QString row = QStringLiteral("apiUpload/history/1/");
        QCOMPARE(s.value(row + QStringLiteral("when")).toDateTime(), entry(7).when);
        QCOMPARE(s.value(row + QStringLiteral("files")).toStringList(), entry(7).files);
        QCOMPARE(s.value(row + QStringLiteral("bytes")).toLongLong(), entry(7).bytes);
        QCOMPARE(s.value(row + QStringLiteral("profile")).toString(), entry(7).profile);
        QCOMPARE(s.value(row + QStringLiteral("integration")).toString(), entry(7).integrationId);
        QCOMPARE(s.value(row + QStringLiteral("style")).toString(), entry(7).style);
        QCOMPARE(s.value(row + QStringLiteral("outcome")).toString(), entry(7).outcome);
    }

    void readsAHistoryWrittenBefore()
    {
        {
            // As an earlier version wrote it, without UploadHistory.
            QSettings s;
            s.beginWriteArray(QStringLiteral("apiUpload/history"), 1);
            s.setArrayIndex(0);
            s.setValue(QStringLiteral("when"), entry(3).when);
            s.setValue(QStringLiteral("files"), entry(3).files);
            s.setValue(QStringLiteral("bytes"), entry(3).bytes);
            s.setValue(QStringLiteral("profile"), entry(3).profile);
            s.setValue(QStringLiteral("integration"), entry(3).integrationId);
            s.setValue(QStringLiteral("style"), entry(3).style);
            s.setValue(QStringLiteral("outcome"), entry(3).outcome);
            s.endArray();
        }
        const QList<UploadHistory::Entry> all = UploadHistory::load();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().when, entry(3).when);
        QCOMPARE(all.first().files, entry(3).files);
        QCOMPARE(all.first().integrationId, entry(3).integrationId);
        QCOMPARE(all.first().outcome, entry(3).outcome);
    }

    void clearRemovesEverything()
    {
        UploadHistory::add(entry(1));
        UploadHistory::clear();
        QVERIFY(UploadHistory::load().isEmpty());
        QVERIFY(!QSettings().contains(QStringLiteral("apiUpload/history/size")));
    }

private:
    static UploadHistory::Entry entry(int i)
    {
        UploadHistory::Entry e;
        e.when = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC).addSecs(i);
        e.files = {QStringLiteral("manifest.json"), QStringLiteral("run_results.json")};
        e.bytes = 1000 + i;
        e.profile = QStringLiteral("prod");
        e.integrationId = QStringLiteral("integration-%1").arg(i);
        e.style = i % 2 ? QStringLiteral("separate") : QStringLiteral("combined");
        e.outcome = QStringLiteral("uploaded #%1").arg(i);
        return e;
    }
};

QTEST_GUILESS_MAIN(TestUploadHistory)
#include "TestUploadHistory.moc"
