// SPDX-License-Identifier: MIT
// readArtifact() on small artifacts written for these tests, one per format family, and on
// every kind of bad input. Expected figures were worked out by hand from the files.
#include "TestHelpers.h"
#include "TestPaths.h"
#include "artifacts/ArtifactReader.h"
#include "artifacts/ArtifactSniffer.h"

#include <QFile>
#include <QLocalServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Dbtu;

namespace {

QString data(const QString &name)
{
    return Test::dataDir() + QStringLiteral("/core/") + name;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        qFatal("cannot open test data %s", qPrintable(path));
    }
    return f.readAll();
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) {
        qFatal("cannot write %s", qPrintable(path));
    }
    return path;
}

QMap<QString, qint64> counts(std::initializer_list<std::pair<const char *, qint64>> list)
{
    QMap<QString, qint64> m;
    for (const auto &[k, v] : list) {
        m.insert(QString::fromUtf8(k), v);
    }
    return m;
}

} // namespace

class TestArtifactReader : public QObject
{
    Q_OBJECT

private slots:
    void legacyManifest();
    void legacyRunResults();
    void manifestV4RecoversProjectName();
    void manifestV12AllCollections();
    void fusionV20NullsAndRawUtf8();
    void unknownNewerVersionIsReadBestEffort();
    void runResultsV1WithoutFailures();
    void runResultsV6EveryStatus();
    void numbersAreExact();
    void encodingsAndLayouts_data();
    void encodingsAndLayouts();
    void notDbtArtifacts_data();
    void notDbtArtifacts();
    void badInput_data();
    void badInput();
    void brokenJsonNamesLineAndColumn();
    void unreadableFile();
    void cancel();
    void progressCountsEveryByte();
    void sniffReadsOnlyTheStart();
};

void TestArtifactReader::legacyManifest()
{
    const Result<FileSummary> r = readArtifact(data(QStringLiteral("legacy-manifest.json")));
    QVERIFY_OK(r);
    QCOMPARE(r.value().kind, ArtifactKind::Manifest);
    const ManifestSummary &m = *r.value().manifest;
    QCOMPARE(m.format, QStringLiteral("legacy-pre-0.19"));
    QVERIFY(!m.metadata.dbtSchemaVersion);
    QVERIFY(!m.metadata.projectName);
    QCOMPARE(m.metadata.projectNameFromProjectId, QStringLiteral("shop"));
    QCOMPARE(m.metadata.resolvedProjectName(), QStringLiteral("shop"));
    QCOMPARE(m.metadata.generatedAt, QStringLiteral("2020-10-01T10:00:00.000000Z")); // top level
    QCOMPARE(m.metadata.adapterType, QStringLiteral("postgres"));
    QCOMPARE(m.resourceTypeCounts,
             counts({{"macro", 2}, {"model", 2}, {"seed", 1}, {"source", 1}, {"test", 2}}));
    QCOMPARE(m.modelsByMaterialization, counts({{"table", 1}, {"view", 1}}));
    QCOMPARE(m.testKinds, counts({{"generic", 1}, {"singular", 1}}));
    QCOMPARE(m.disabledDefinitions, 3); // a list in legacy manifests
    QCOMPARE(m.disabledUniqueIds, 2);
    QCOMPARE(m.packageCount, 1);
}

void TestArtifactReader::legacyRunResults()
{
    const Result<FileSummary> r = readArtifact(data(QStringLiteral("legacy-run_results.json")));
    QVERIFY_OK(r);
    QCOMPARE(r.value().kind, ArtifactKind::RunResults);
    const RunResultsSummary &rr = *r.value().runResults;
    QCOMPARE(rr.format, QStringLiteral("legacy-pre-0.19"));
    QVERIFY(!rr.command);
    QCOMPARE(rr.resultCount, 5);
    QCOMPARE(rr.elapsedTime, 3.25);
    QCOMPARE(rr.metadata.generatedAt, QStringLiteral("2020-10-01T10:05:00.000000Z"));
    // error > skip > fail > warn > "ERROR" > number (pass) > anything else (success)
    QCOMPARE(rr.statusCounts,
             counts({{"error", 1}, {"fail", 1}, {"pass", 1}, {"skipped", 1}, {"success", 1}}));
    QCOMPARE(rr.statusCountsRaw,
             counts({{"(null)", 1}, {"0", 1}, {"3", 1}, {"ERROR", 1}, {"SELECT 10", 1}}));
    QCOMPARE(rr.resultsWithoutTiming, 2);
    QCOMPARE(rr.problems.size(), 2);
    QCOMPARE(rr.problems[0].uniqueId.toString(), QStringLiteral("model.shop.customers"));
    QCOMPARE(rr.problems[0].status, QStringLiteral("error"));
    QVERIFY(rr.problems[0].message.toString().startsWith(QStringLiteral("Database Error")));
    QVERIFY(rr.problems[0].failures.isNull());
    QCOMPARE(rr.problems[1].uniqueId.toString(), QStringLiteral("test.shop.not_null_orders_id"));
    QCOMPARE(rr.problems[1].status, QStringLiteral("fail"));
    QCOMPARE(rr.problems[1].failures.toLongLong(), 3); // the int status of a legacy test
    QCOMPARE(rr.problems[1].rawStatus.toLongLong(), 3);
    QCOMPARE(rr.slowest.size(), 5);
    QCOMPARE(rr.slowest[0].uniqueId, QStringLiteral("model.shop.orders"));
    QCOMPARE(rr.slowest[0].status, QStringLiteral("success"));
    QCOMPARE(rr.slowest[4].uniqueId, QStringLiteral("seed.shop.countries"));
    QCOMPARE(rr.slowest[4].executionTime, 0.0); // written as the int 0
}

void TestArtifactReader::manifestV4RecoversProjectName()
{
    const Result<FileSummary> r = readArtifact(data(QStringLiteral("v4-manifest.json")));
    QVERIFY_OK(r);
    const ManifestSummary &m = *r.value().manifest;
    QCOMPARE(m.format, QStringLiteral("v4"));
    QCOMPARE(m.metadata.schemaVersionNumber, 4);
    QCOMPARE(m.metadata.dbtVersion, QStringLiteral("1.0.4"));
    QVERIFY(!m.metadata.projectName);
    QCOMPARE(m.metadata.resolvedProjectName(), QStringLiteral("jaffle_shop"));
    QCOMPARE(m.resourceTypeCounts,
             counts({{"exposure", 1}, {"macro", 1}, {"model", 3}, {"operation", 1}, {"test", 2}}));
    QCOMPARE(m.modelsByMaterialization, counts({{"incremental", 2}, {"view", 1}}));
    QCOMPARE(m.testKinds, counts({{"generic", 2}}));
    QCOMPARE(m.disabledDefinitions, 2); // a dict of lists from v1 on
    QCOMPARE(m.disabledUniqueIds, 1);
    QVERIFY(r.value().checks.isEmpty());
}

void TestArtifactReader::manifestV12AllCollections()
{
    const Result<FileSummary> r = readArtifact(data(QStringLiteral("v12-manifest.json")));
    QVERIFY_OK(r);
    const ManifestSummary &m = *r.value().manifest;
    QCOMPARE(m.format, QStringLiteral("v12"));
    QCOMPARE(m.metadata.projectName, QStringLiteral("analytics"));
    QCOMPARE(m.metadata.projectNameFromProjectId, QStringLiteral("analytics"));
    QCOMPARE(m.metadata.invocationId, QStringLiteral("cccc-3333"));
    QCOMPARE(m.resourceTypeCounts, counts({{"analysis", 1},
                                           {"function", 1},
                                           {"group", 1},
                                           {"macro", 3},
                                           {"metric", 1},
                                           {"model", 3},
                                           {"seed", 1},
                                           {"semantic_model", 1},
                                           {"snapshot", 1},
                                           {"source", 2},
                                           {"test", 3},
                                           {"unit_test", 1}}));
    QCOMPARE(m.modelsByMaterialization,
             counts({{"dynamic_table", 1}, {"ephemeral", 1}, {"table", 1}}));
    QCOMPARE(m.testKinds, counts({{"generic", 2}, {"singular", 1}})); // test_metadata: null
    QCOMPARE(m.idHashes->size(), size_t(19)); // every resource collection, macros too
    QCOMPARE(m.testIdHashes->size(), size_t(3));
}

void TestArtifactReader::fusionV20NullsAndRawUtf8()
{
    const Result<FileSummary> r = readArtifact(data(QStringLiteral("fusion-v20-manifest.json")));
    QVERIFY_OK(r);
    const ManifestSummary &m = *r.value().manifest;
    QCOMPARE(m.format, QStringLiteral("v20"));
    QCOMPARE(m.metadata.dbtVersion, QStringLiteral("2.0.0-beta.46"));
    QVERIFY(!m.metadata.projectId); // null in Fusion
    QCOMPARE(m.metadata.resolvedProjectName(), QStringLiteral("fusion_proj"));
    QCOMPARE(m.resourceTypeCounts, counts({{"model", 2}, {"source", 1}, {"test", 1}}));
    QCOMPARE(m.modelsByMaterialization,
             counts({{"(none)", 2}}));                // materialized: null, config: null
    QCOMPARE(m.testKinds, counts({{"singular", 1}})); // test_metadata: {}
    QVERIFY(!m.disabledDefinitions);                  // disabled: null
    for (const auto &[name, size] : m.collectionSizes) {
        if (name == QLatin1String("macros") || name == QLatin1String("exposures")) {
            QVERIFY2(!size, qPrintable(name)); // null is "absent", not 0
        }
    }
    QVERIFY(r.value().checks.isEmpty()); // v20 is known
}

void TestArtifactReader::unknownNewerVersionIsReadBestEffort()
{
    const Result<FileSummary> r = readArtifact(data(QStringLiteral("v99-manifest.json")));
    QVERIFY_OK(r);
    QCOMPARE(r.value().kind, ArtifactKind::Manifest);
    const ManifestSummary &m = *r.value().manifest;
    QCOMPARE(m.format, QStringLiteral("v99"));
    QCOMPARE(m.modelsByMaterialization, counts({{"lakehouse_table", 1}}));
    QCOMPARE(m.unknownTopLevelCollections, QStringList{QStringLiteral("brand_new_collection")});
    QCOMPARE(r.value().checks.size(), 1);
    QCOMPARE(r.value().checks[0].code, QStringLiteral("schema_version_unknown"));
    QVERIFY(r.value().checks[0].message.contains(QStringLiteral("v99")));
}

void TestArtifactReader::runResultsV1WithoutFailures()
{
    const Result<FileSummary> r = readArtifact(data(QStringLiteral("v1-run_results.json")));
    QVERIFY_OK(r);
    const RunResultsSummary &rr = *r.value().runResults;
    QCOMPARE(rr.format, QStringLiteral("v1"));
    QCOMPARE(rr.command, QStringLiteral("build"));
    QCOMPARE(rr.statusCounts, counts({{"fail", 1}, {"success", 1}}));
    QCOMPARE(rr.problems.size(), 1);
    QVERIFY(rr.problems[0].failures.isNull()); // no failures field before v2
}

void TestArtifactReader::runResultsV6EveryStatus()
{
    const Result<FileSummary> r = readArtifact(data(QStringLiteral("v6-run_results.json")));
    QVERIFY_OK(r);
    const RunResultsSummary &rr = *r.value().runResults;
    QCOMPARE(rr.format, QStringLiteral("v6"));
    QCOMPARE(rr.metadata.invocationStartedAt, QStringLiteral("2025-05-01T11:59:00Z"));
    QCOMPARE(rr.invocationCommand, QStringLiteral("dbt build --select +dim_customers"));
    QCOMPARE(rr.statusCounts, counts({{"error", 1},
                                      {"fail", 1},
                                      {"no-op", 1},
                                      {"partial success", 1},
                                      {"pass", 1},
                                      {"runtime error", 1},
                                      {"skipped", 1},
                                      {"success", 1},
                                      {"warn", 1}}));
    QCOMPARE(rr.resultsWithoutTiming, 4);
    QCOMPARE(rr.sumExecutionTime, 8.625);
    QCOMPARE(rr.elapsedTime, 9.5);
    QStringList problemIds;
    for (const Problem &p : rr.problems) {
        problemIds << p.uniqueId.toString();
    }
    QCOMPARE(problemIds, QStringList({QStringLiteral("model.analytics.events_dt"),
                                      QStringLiteral("test.analytics.unique_dim_customers_id.2b"),
                                      QStringLiteral("test.analytics.assert_revenue_positive"),
                                      QStringLiteral("model.analytics.stg_events"),
                                      QStringLiteral("model.other_project.gone")}));
    QVERIFY(rr.problems[0].message.toString().contains(QLatin1Char('\n'))); // kept whole
    QCOMPARE(rr.problems[1].failures.toLongLong(), 7);
    QCOMPARE(rr.problems[3].status, QStringLiteral("partial success"));
    QCOMPARE(rr.problems[4].message.toString(),
             QStringLiteral("Compilation Error in model models\\legacy\\gone.sql"));
    // slowest: 4.5, 2.0, 0.75, then the 0.5 tie broken by unique_id
    QCOMPARE(rr.slowest.size(), 5);
    QCOMPARE(rr.slowest[0].uniqueId, QStringLiteral("model.analytics.dim_customers"));
    QCOMPARE(rr.slowest[1].uniqueId, QStringLiteral("model.analytics.stg_events"));
    QCOMPARE(rr.slowest[2].uniqueId, QStringLiteral("model.analytics.events_dt"));
    QCOMPARE(rr.slowest[3].uniqueId, QStringLiteral("test.analytics.not_null_dim_customers_id.1a"));
    QCOMPARE(rr.slowest[4].uniqueId, QStringLiteral("test.analytics.unique_dim_customers_id.2b"));
}

// Found by fuzz_artifact_reader: RapidJSON 1.1 read 0e300 as -2.2e-75 (undefined behaviour).
void TestArtifactReader::numbersAreExact()
{
    QTemporaryDir dir;
    const QString path = writeFile(
        dir, QStringLiteral("run_results.json"),
        R"({"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json"},
            "elapsed_time": -0.0e-400, "results": [
            {"unique_id": "model.p.a", "status": "success", "execution_time": 0e300},
            {"unique_id": "model.p.b", "status": "success", "execution_time": 0.000E+30},
            {"unique_id": "model.p.c", "status": "success", "execution_time": 0.1},
            {"unique_id": "model.p.d", "status": "success", "execution_time": 2.5e-1},
            {"unique_id": "model.p.e", "status": 12345678901234567890, "execution_time": 1}]})");
    const Result<FileSummary> r = readArtifact(path);
    QVERIFY_OK(r);
    const RunResultsSummary &rr = *r.value().runResults;
    // Exact comparisons: QCOMPARE takes any tiny number for zero.
    QVERIFY(rr.elapsedTime && *rr.elapsedTime == 0.0);
    QCOMPARE(rr.sumExecutionTime, 1.35);
    QCOMPARE(rr.slowest.size(), 5);
    QCOMPARE(rr.slowest[0].executionTime, 1.0);
    QCOMPARE(rr.slowest[1].executionTime, 0.25);
    QCOMPARE(rr.slowest[2].executionTime, 0.1);
    QVERIFY2(rr.slowest[3].executionTime == 0.0,
             qPrintable(QString::number(rr.slowest[3].executionTime)));
    QVERIFY2(rr.slowest[4].executionTime == 0.0,
             qPrintable(QString::number(rr.slowest[4].executionTime)));
    QCOMPARE(rr.statusCountsRaw.value(QStringLiteral("1.2345678901234567e+19")), 1);
}

void TestArtifactReader::encodingsAndLayouts_data()
{
    QTest::addColumn<QByteArray>("bytes");
    const QByteArray pretty = readAll(data(QStringLiteral("v4-manifest.json")));
    const QByteArray compact = readAll(data(QStringLiteral("v12-manifest.json"))); // raw UTF-8
    QTest::newRow("pretty-printed") << pretty;
    QTest::newRow("minified, raw UTF-8") << compact;
    QTest::newRow("UTF-8 byte-order mark") << QByteArray("\xEF\xBB\xBF") + compact;
    QByteArray crlf = pretty;
    crlf.replace("\n", "\r\n");
    QTest::newRow("CRLF line ends") << crlf;
    QByteArray escaped = compact;
    escaped.replace("Übersicht", "\\u00dcbersicht").replace("’", "\\u2019");
    QTest::newRow("escaped unicode") << escaped;
    QTest::newRow("surrogate pair escape") << QByteArray(
        R"({"metadata":{"project_name":"emoji \ud83d\ude00"},"nodes":{},"macros":{}})");
    QTest::newRow("trailing newline and spaces") << compact + "\n  \n";
}

void TestArtifactReader::encodingsAndLayouts()
{
    QFETCH(QByteArray, bytes);
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("manifest.json"), bytes);
    const Result<FileSummary> r = readArtifact(path);
    QVERIFY_OK(r);
    QCOMPARE(r.value().kind, ArtifactKind::Manifest);
    QCOMPARE(r.value().sizeBytes, bytes.size());
}

void TestArtifactReader::notDbtArtifacts_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("described");
    QTest::newRow("catalog.json") << "catalog.json"
                                  << "catalog";
    QTest::newRow("sources.json") << "sources.json"
                                  << "source freshness";
    QTest::newRow("semantic_manifest.json") << "semantic_manifest.json"
                                            << "semantic manifest";
    QTest::newRow("package.json") << "package.json"
                                  << "package.json";
}

void TestArtifactReader::notDbtArtifacts()
{
    QFETCH(QString, file);
    QFETCH(QString, described);
    const Result<FileSummary> r = readArtifact(data(file));
    QVERIFY_OK(r);
    QCOMPARE(r.value().kind, ArtifactKind::OtherJson);
    QVERIFY2(r.value().otherDescription.contains(described),
             qPrintable(r.value().otherDescription));
}

void TestArtifactReader::badInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected"); // in the message
    QTest::addColumn<QString>("hint");     // in the hint
    const QByteArray good = readAll(data(QStringLiteral("v12-manifest.json")));
    QTest::newRow("empty") << QByteArray() << "is empty"
                           << "run dbt again";
    QTest::newRow("truncated") << good.left(good.size() / 2) << "ends before its JSON is complete"
                               << "cut short";
    QTest::newRow("only an opening brace") << QByteArray("{") << "ends before"
                                           << "cut short";
    QTest::newRow("binary garbage")
        << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << "not a text file"
        << "not another kind of file";
    QTest::newRow("gzip") << QByteArray("\x1f\x8b\x08\x00\x00\x00", 6) << "gzip-compressed"
                          << "gunzip";
    QTest::newRow("NaN") << QByteArray(R"({"metadata":{},"results":[],"elapsed_time":NaN})")
                         << "not valid JSON"
                         << "exactly as dbt wrote it";
    QTest::newRow("trailing garbage") << good + "}"
                                      << "not valid JSON"
                                      << "exactly as dbt wrote";
    QTest::newRow("invalid UTF-8")
        << QByteArray("{\"metadata\":{\"dbt_version\":\"\xff\xfe\"}}") << "not valid JSON"
        << "exactly as dbt wrote";
    QTest::newRow("top-level array is no artifact") << QByteArray("[1,2,3]") << ""
                                                    << "";
}

void TestArtifactReader::badInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QFETCH(QString, hint);
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("manifest.json"), bytes);
    const Result<FileSummary> r = readArtifact(path);
    if (expected.isEmpty()) {
        QVERIFY_OK(r);
        QCOMPARE(r.value().kind, ArtifactKind::OtherJson);
        QVERIFY(r.value().otherDescription.contains(QStringLiteral("array")));
        return;
    }
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(path), qPrintable(r.error().message)); // names the file
    QVERIFY2(r.error().message.contains(expected), qPrintable(r.error().message));
    QVERIFY2(r.error().hint.contains(hint), qPrintable(r.error().hint));
    QCOMPARE(exitCodeFor(r.error().code), 3);
}

void TestArtifactReader::brokenJsonNamesLineAndColumn()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("run_results.json"),
                                   "{\n  \"metadata\": {},\n  \"results\": [1, 2,, 3]\n}\n");
    const Result<FileSummary> r = readArtifact(path);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::ParseError);
    QVERIFY2(r.error().message.contains(QStringLiteral("line 3, column 20")),
             qPrintable(r.error().message));
    QVERIFY2(r.error().message.contains(QStringLiteral("byte ")), qPrintable(r.error().message));
}

void TestArtifactReader::unreadableFile()
{
    // Root reads any file whatever its mode, so use a socket: it exists, is no folder, and
    // cannot be opened for reading, for any user.
    QTemporaryDir dir;
    QLocalServer server;
    server.setSocketOptions(QLocalServer::WorldAccessOption);
    const QString path = dir.filePath(QStringLiteral("manifest.json"));
    QVERIFY(server.listen(path));
    const Result<FileSummary> r = readArtifact(path);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.startsWith(QStringLiteral("cannot read ") + path),
             qPrintable(r.error().message));
    QVERIFY(r.error().hint.contains(QStringLiteral("readable")));
}

void TestArtifactReader::cancel()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, QStringLiteral("manifest.json"),
                                   readAll(data(QStringLiteral("v12-manifest.json"))));
    ReadControl control;
    control.cancelled = true; // cancelled before the first chunk is read
    const Result<FileSummary> r = readArtifact(path, &control);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Cancelled);
    QCOMPARE(exitCodeFor(r.error().code), 130);
}

void TestArtifactReader::progressCountsEveryByte()
{
    ReadControl control;
    const QString path = data(QStringLiteral("v6-run_results.json"));
    QVERIFY_OK(readArtifact(path, &control));
    QCOMPARE(control.bytesRead.load(), QFileInfo(path).size());
}

void TestArtifactReader::sniffReadsOnlyTheStart()
{
    QCOMPARE(sniffArtifactKind(data(QStringLiteral("v12-manifest.json"))), ArtifactKind::Manifest);
    QCOMPARE(sniffArtifactKind(data(QStringLiteral("v4-manifest.json"))), ArtifactKind::Manifest);
    QCOMPARE(sniffArtifactKind(data(QStringLiteral("v6-run_results.json"))),
             ArtifactKind::RunResults);
    QCOMPARE(sniffArtifactKind(data(QStringLiteral("catalog.json"))), ArtifactKind::OtherJson);
    // Legacy files name no schema: only a full read can tell.
    QVERIFY(!sniffArtifactKind(data(QStringLiteral("legacy-manifest.json"))));
    QVERIFY(!sniffArtifactKind(data(QStringLiteral("package.json"))));
    QVERIFY(!sniffArtifactKind(QStringLiteral("/nonexistent.json")));

    // Only the start is read: a manifest broken further on still sniffs as a manifest (the full
    // check, which runs as well, is what rejects it).
    QTemporaryDir dir;
    QByteArray bytes = readAll(data(QStringLiteral("v12-manifest.json")));
    bytes.chop(bytes.size() / 3);
    QCOMPARE(sniffArtifactKind(writeFile(dir, QStringLiteral("m.json"), bytes)),
             ArtifactKind::Manifest);
}

QTEST_GUILESS_MAIN(TestArtifactReader)
#include "TestArtifactReader.moc"
