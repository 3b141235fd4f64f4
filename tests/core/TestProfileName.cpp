// SPDX-License-Identifier: MIT
// profileNameProblem(): the one rule for profile names, for every tab.
#include "settings/ProfileName.h"

#include <QTest>

using namespace Dbtu;

class TestProfileName : public QObject
{
    Q_OBJECT

private slots:
    void rule_data();
    void rule();
};

void TestProfileName::rule_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("problem"); // empty: accepted
    QTest::newRow("new name") << "staging"
                              << "";
    QTest::newRow("with spaces and dots") << "prod eu.1"
                                          << "";
    QTest::newRow("empty") << ""
                           << "cannot be empty";
    QTest::newRow("blank") << "   "
                           << "cannot be empty";
    QTest::newRow("slash") << "a/b"
                           << "contains a slash";
    QTest::newRow("backslash") << "a\\b"
                               << "contains a slash";
    QTest::newRow("taken") << "prod"
                           << "already exists";
    QTest::newRow("taken but for case") << "PROD"
                                        << "only in letter case";
    QTest::newRow("reserved") << "sandbox"
                              << "is reserved";
    QTest::newRow("reserved, any case") << "SandBox"
                                        << "is reserved";
}

void TestProfileName::rule()
{
    QFETCH(QString, name);
    QFETCH(QString, problem);
    const std::optional<Error> e = profileNameProblem(
        name, {QStringLiteral("default"), QStringLiteral("prod")}, {QStringLiteral("sandbox")});
    if (problem.isEmpty()) {
        QVERIFY2(!e, qPrintable(e ? e->message : QString()));
        return;
    }
    QVERIFY(e);
    QCOMPARE(e->code, ErrorCode::InvalidInput);
    QVERIFY2(e->message.contains(problem), qPrintable(e->message));
    QVERIFY(!e->hint.isEmpty());
}

QTEST_GUILESS_MAIN(TestProfileName)
#include "TestProfileName.moc"
