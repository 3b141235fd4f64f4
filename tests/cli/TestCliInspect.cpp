// SPDX-License-Identifier: MIT
// The real dbt-uploader binary: exit codes, stdout/stderr, --json.
#include "TestPaths.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QStringList &args,
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(Dbtu::Test::binaryPath(), args);
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QString data(const QString &name)
{
    return Dbtu::Test::dataDir() + QStringLiteral("/core/") + name;
}

} // namespace

class TestCliInspect : public QObject
{
    Q_OBJECT

private slots:
    void textSummary();
    void jsonSummary();
    void exitCodes_data();
    void exitCodes();
    void jsonErrorOnStdout();
    void versionAndHelp();
    void noDisplayForTheWindowIsExplained();
};

void TestCliInspect::textSummary()
{
    const Run r = run({QStringLiteral("inspect"), data(QStringLiteral("v12-manifest.json")),
                       data(QStringLiteral("v6-run_results.json"))});
    QCOMPARE(r.exitCode, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(QStringLiteral("project      analytics (duckdb)")), qPrintable(out));
    QVERIFY(out.contains(QStringLiteral("3 model")));
    QVERIFY(out.contains(QStringLiteral("problems     5")));
    QVERIFY(out.contains(QStringLiteral("[not in manifest]")));
    QVERIFY(out.contains(QStringLiteral("same invocation: yes")));
    QVERIFY(out.contains(QStringLiteral("warning: 1 result(s)")));
    QVERIFY(r.err.isEmpty());
}

void TestCliInspect::jsonSummary()
{
    const Run r = run({QStringLiteral("inspect"), QStringLiteral("--json"),
                       data(QStringLiteral("legacy-manifest.json")),
                       data(QStringLiteral("legacy-run_results.json"))});
    QCOMPARE(r.exitCode, 0);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(
        doc[QLatin1String("manifest")][QLatin1String("metadata")][QLatin1String("project_name")]
            .toString(),
        QStringLiteral("shop"));
    QCOMPARE(
        doc[QLatin1String("run_results")][QLatin1String("status_counts")][QLatin1String("error")]
            .toInt(),
        1);
    QCOMPARE(doc[QLatin1String("same_invocation")].toString(), QStringLiteral("unknown"));
}

void TestCliInspect::exitCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrHas");
    QTest::newRow("no path") << QStringList{QStringLiteral("inspect")} << 2
                             << "error: inspect needs";
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("inspect"), QStringLiteral("--frobnicate"),
                       data(QStringLiteral("v1-run_results.json"))}
        << 2 << "error: Unknown option";
    QTest::newRow("unknown command")
        << QStringList{QStringLiteral("frobnicate")} << 2 << "unknown command";
    QTest::newRow("missing file") << QStringList{QStringLiteral("inspect"),
                                                 QStringLiteral("/nonexistent.json")}
                                  << 3 << "hint: Check the path";
    QTest::newRow("not dbt") << QStringList{QStringLiteral("inspect"),
                                            data(QStringLiteral("package.json"))}
                             << 3 << "package description";
    QTest::newRow("command without its action")
        << QStringList{QStringLiteral("bucket")} << 2 << "error: ";
}

void TestCliInspect::exitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrHas);
    const Run r = run(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(r.err).contains(stderrHas), r.err.constData());
    QVERIFY(r.err.startsWith("error: "));
    QVERIFY(r.err.contains("\nhint: "));
}

void TestCliInspect::jsonErrorOnStdout()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("manifest.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"nodes\": {");
    f.close();
    const Run r = run({QStringLiteral("inspect"), QStringLiteral("--json"), path});
    QCOMPARE(r.exitCode, 3);
    const QJsonDocument doc = QJsonDocument::fromJson(r.out);
    QCOMPARE(doc[QLatin1String("error")][QLatin1String("code")].toString(),
             QStringLiteral("ParseError"));
    QCOMPARE(doc[QLatin1String("error")][QLatin1String("exit_code")].toInt(), 3);
    QVERIFY(doc[QLatin1String("error")][QLatin1String("message")].toString().contains(path));
}

void TestCliInspect::versionAndHelp()
{
    const Run v = run({QStringLiteral("--version")});
    QCOMPARE(v.exitCode, 0);
    QVERIFY(v.out.startsWith("dbt-uploader 0."));
    const Run h = run({QStringLiteral("--help")});
    QCOMPARE(h.exitCode, 0);
    QVERIFY(h.out.contains("inspect [--json] PATH..."));
    QVERIFY(h.out.contains("Exit codes"));
    const Run ih = run({QStringLiteral("inspect"), QStringLiteral("--help")});
    QCOMPARE(ih.exitCode, 0);
    QVERIFY(ih.out.contains("--json"));
}

void TestCliInspect::noDisplayForTheWindowIsExplained()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    const Run r = run({}, env);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no display"), r.err.constData());
    QVERIFY(r.err.contains("xvfb-run"));
}

QTEST_GUILESS_MAIN(TestCliInspect)
#include "TestCliInspect.moc"
