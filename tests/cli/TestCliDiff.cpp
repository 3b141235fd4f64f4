// SPDX-License-Identifier: MIT
// The real dbt-uploader binary's `diff`: text and --json output, exit codes, folder and file
// sides; with DBTU_FIXTURES_DIR, every corpus manifest against itself.
#include "ProcessSignals.h"
#include "TestPaths.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <sys/types.h>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QStringList &args)
{
    QProcess p;
    p.start(Dbtu::Test::binaryPath(), QStringList{QStringLiteral("diff")} + args);
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
    return Dbtu::Test::dataDir() + QLatin1Char('/') + name;
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &e : v.toArray()) {
        out << e.toString();
    }
    return out;
}

} // namespace

class TestCliDiff : public QObject
{
    Q_OBJECT

private slots:
    void text();
    void json();
    void fileAgainstFolder();
    void noChanges();
    void exitCodes_data();
    void exitCodes();
    void help();
    void ctrlCWhileReading();
    void corpusAgainstItself();
};

void TestCliDiff::text()
{
    const Run r = run({data(QStringLiteral("diff/old")), data(QStringLiteral("diff/new"))});
    QCOMPARE(r.exitCode, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(QStringLiteral("model: +1 \u22121 ~1\n")), qPrintable(out));
    QVERIFY(out.contains(QStringLiteral("  added    model.shop.payments\n")));
    QVERIFY(out.contains(QStringLiteral("  removed  model.shop.legacy\n")));
    QVERIFY(out.contains(QStringLiteral("  modified model.shop.orders\n")));
    QVERIFY(out.contains(QStringLiteral("seed: +0 \u22120 ~1\n")));
    QVERIFY(out.contains(QStringLiteral("source: +0 \u22121 ~0\n")));
    QVERIFY(!out.contains(QStringLiteral("test:")));
    QVERIFY(out.contains(QStringLiteral("results: 3 newly failing, 2 fixed\n")));
    QVERIFY(out.contains(QStringLiteral("  fixed         model.shop.customers, "
                                        "test.shop.unique_customers_id\n")));
    QVERIFY(out.contains(QStringLiteral("invocation inv-1")));
    QVERIFY(r.err.isEmpty());
}

void TestCliDiff::json()
{
    const Run r = run({QStringLiteral("--json"), data(QStringLiteral("diff/old")),
                       data(QStringLiteral("diff/new"))});
    QCOMPARE(r.exitCode, 0);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(doc[QLatin1String("old")][QLatin1String("manifest")].toString().endsWith(
        QLatin1String("old/manifest.json")));
    QCOMPARE(doc[QLatin1String("new")][QLatin1String("invocation_id")].toString(),
             QStringLiteral("inv-2"));
    const QJsonObject res = doc[QLatin1String("resources")].toObject();
    QCOMPARE(res.keys(), (QStringList{QStringLiteral("model"), QStringLiteral("seed"),
                                      QStringLiteral("snapshot"), QStringLiteral("source")}));
    QCOMPARE(strings(res[QLatin1String("model")][QLatin1String("modified")]),
             QStringList{QStringLiteral("model.shop.orders")});
    QCOMPARE(strings(res[QLatin1String("source")][QLatin1String("removed")]),
             QStringList{QStringLiteral("source.shop.raw.stale")});
    const QJsonValue results = doc[QLatin1String("results")];
    QCOMPARE(strings(results[QLatin1String("newly_failing")]),
             (QStringList{QStringLiteral("model.shop.payments"),
                          QStringLiteral("test.shop.accepted_values"),
                          QStringLiteral("test.shop.not_null_orders_id")}));
    QCOMPARE(strings(results[QLatin1String("fixed")]),
             (QStringList{QStringLiteral("model.shop.customers"),
                          QStringLiteral("test.shop.unique_customers_id")}));
}

void TestCliDiff::fileAgainstFolder()
{
    const Run r = run({QStringLiteral("--json"), data(QStringLiteral("diff/old/manifest.json")),
                       data(QStringLiteral("diff/new"))});
    QCOMPARE(r.exitCode, 0);
    const QJsonDocument doc = QJsonDocument::fromJson(r.out);
    QVERIFY(doc[QLatin1String("old")][QLatin1String("run_results")].isNull());
    QVERIFY(doc[QLatin1String("results")].isNull()); // run_results on one side only
    QCOMPARE(
        strings(doc[QLatin1String("resources")][QLatin1String("model")][QLatin1String("added")]),
        QStringList{QStringLiteral("model.shop.payments")});
    // two run_results files: results only
    const Run rr = run({data(QStringLiteral("diff/old/run_results.json")),
                        data(QStringLiteral("diff/new/run_results.json"))});
    QCOMPARE(rr.exitCode, 0);
    QVERIFY(rr.out.contains("resources: not compared"));
    QVERIFY(rr.out.contains("results: 3 newly failing, 2 fixed"));
}

void TestCliDiff::noChanges()
{
    const Run r = run({data(QStringLiteral("diff/new")), data(QStringLiteral("diff/new"))});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("No changes"), r.out.constData());
    QVERIFY(!r.out.contains("model:"));
    const Run j = run({QStringLiteral("--json"), data(QStringLiteral("diff/new")),
                       data(QStringLiteral("diff/new"))});
    const QJsonDocument doc = QJsonDocument::fromJson(j.out);
    QVERIFY(doc[QLatin1String("resources")].isObject());
    QVERIFY(doc[QLatin1String("resources")].toObject().isEmpty());
    QVERIFY(doc[QLatin1String("results")][QLatin1String("fixed")].toArray().isEmpty());
}

void TestCliDiff::exitCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrHas");
    const QString newDir = data(QStringLiteral("diff/new"));
    QTest::newRow("one path") << QStringList{newDir} << 2 << "diff needs two paths";
    QTest::newRow("three paths") << QStringList{newDir, newDir, newDir} << 2
                                 << "diff needs two paths";
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("--frobnicate"), newDir, newDir} << 2 << "Unknown option";
    QTest::newRow("destination without @last")
        << QStringList{QStringLiteral("--profile"), QStringLiteral("prod"), newDir, newDir} << 2
        << "--profile only names where @last looks";
    QTest::newRow("@last as NEW") << QStringList{newDir, QStringLiteral("@last")} << 2
                                  << "@last can only stand for OLD";
    QTest::newRow("missing file") << QStringList{QStringLiteral("/nonexistent.json"), newDir} << 3
                                  << "/nonexistent.json: no such file";
    QTest::newRow("missing NEW") << QStringList{newDir, QStringLiteral("/nonexistent/")} << 3
                                 << "/nonexistent/: no such file";
    QTest::newRow("not an artifact")
        << QStringList{newDir, data(QStringLiteral("core/package.json"))} << 3
        << "package.json is JSON, but not a dbt manifest";
    QTest::newRow("manifest against run_results")
        << QStringList{data(QStringLiteral("diff/old/manifest.json")),
                       data(QStringLiteral("diff/new/run_results.json"))}
        << 3 << "nothing to compare";
}

void TestCliDiff::exitCodes()
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

void TestCliDiff::help()
{
    const Run h = run({QStringLiteral("--help")});
    QCOMPARE(h.exitCode, 0);
    QVERIFY(h.out.contains("Usage: dbt-uploader diff [--json] OLD NEW"));
    QProcess p;
    p.start(Dbtu::Test::binaryPath(), {QStringLiteral("--help")});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY(p.readAllStandardOutput().contains("diff [--json] OLD NEW"));
}

void TestCliDiff::ctrlCWhileReading()
{
    // A manifest big enough (~150 MB, read on both sides) that reading it outlasts the wait for
    // the SIGINT handler by far; written as text, which is fast.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("manifest.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"metadata\": {\"dbt_schema_version\": "
            "\"https://schemas.getdbt.com/dbt/manifest/v12.json\"}, \"nodes\": {");
    const QByteArray padding(2000, 'x');
    for (int i = 0; i < 75000; ++i) {
        f.write(QStringLiteral("%1\"model.p.m%2\": {\"resource_type\": \"model\", \"checksum\": "
                               "{\"name\": \"sha256\", \"checksum\": \"%2\"}, \"raw_code\": \"")
                    .arg(i ? QStringLiteral(",") : QString())
                    .arg(i)
                    .toUtf8());
        f.write(padding);
        f.write("\"}");
    }
    f.write("}}");
    f.close();

    QProcess p;
    p.start(Dbtu::Test::binaryPath(), {QStringLiteral("diff"), path, path});
    QVERIFY(p.waitForStarted());
    QDeadlineTimer deadline(30000);
    while (!Dbtu::Test::catchesSigint(p.processId()) && !deadline.hasExpired()
           && p.state() == QProcess::Running) {
        QThread::msleep(2);
    }
    QVERIFY2(p.state() == QProcess::Running, "diff ended before Ctrl+C");
    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 130);
    QVERIFY(p.readAllStandardError().contains("cancelled"));
}

void TestCliDiff::corpusAgainstItself()
{
    const QString root = Dbtu::Test::fixturesDir();
    if (root.isEmpty() || !QFileInfo(root).isDir()) {
        QSKIP("the shared corpus of real dbt artifacts is absent (DBTU_FIXTURES_DIR is not set "
              "or not a folder), so no corpus manifest was diffed against itself");
    }
    QDirIterator it(root, {QStringLiteral("manifest.json")}, QDir::Files,
                    QDirIterator::Subdirectories);
    int diffed = 0;
    while (it.hasNext()) {
        const QString path = it.next();
        const Run r = run({QStringLiteral("--json"), path, path});
        QVERIFY2(r.exitCode == 0, qPrintable(path + QLatin1Char(' ') + QString::fromUtf8(r.err)));
        const QJsonDocument doc = QJsonDocument::fromJson(r.out);
        QVERIFY2(doc[QLatin1String("resources")].isObject()
                     && doc[QLatin1String("resources")].toObject().isEmpty(),
                 qPrintable(path));
        ++diffed;
    }
    QVERIFY2(diffed >= 10, "the corpus should hold manifests");
}

QTEST_GUILESS_MAIN(TestCliDiff)
#include "TestCliDiff.moc"
