// SPDX-License-Identifier: MIT
// The shared text helpers of the core (what the CLI prints, what the window will show).
#include "util/TextFormat.h"

#include <QTest>

class TestTextFormat : public QObject
{
    Q_OBJECT

private slots:
    void humanSize_data()
    {
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<QString>("text");
        QTest::addRow("zero") << qint64(0) << QStringLiteral("0 bytes");
        QTest::addRow("bytes") << qint64(950) << QStringLiteral("950 bytes");
        QTest::addRow("kB, SI") << qint64(1200) << QStringLiteral("1.2 kB");
        QTest::addRow("MB") << qint64(3400000) << QStringLiteral("3.4 MB");
        QTest::addRow("GB") << qint64(5) * 1000 * 1000 * 1000 << QStringLiteral("5.0 GB");
    }
    void humanSize()
    {
        QFETCH(qint64, bytes);
        QFETCH(QString, text);
        QCOMPARE(Dbtu::humanSize(bytes), text);
    }
};

QTEST_GUILESS_MAIN(TestTextFormat)
#include "TestTextFormat.moc"
