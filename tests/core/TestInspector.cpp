// SPDX-License-Identifier: MIT
// inspectArtifacts(): folders and files, the pair checks, and the errors about the set of files.
#include "TestHelpers.h"
#include "TestPaths.h"
#include "artifacts/InspectJob.h"
#include "artifacts/Inspector.h"
#include "artifacts/SummaryJson.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Dbtu;

namespace {

QString data(const QString &name)
{
    return Test::dataDir() + QStringLiteral("/core/") + name;
}

void copyTo(const QString &from, const QString &to)
{
    QDir().mkpath(QFileInfo(to).absolutePath());
    if (!QFile::copy(from, to)) {
        qFatal("cannot copy %s", qPrintable(from));
    }
}

const Check *findCheck(const InspectResult &r, const QString &code)
{
    for (const Check &c : r.checks) {
        if (c.code == code) {
            return &c;
        }
    }
    return nullptr;
}

} // namespace

class TestInspector : public QObject
{
    Q_OBJECT

private slots:
    void targetFolder();
    void projectFolderHoldingTarget();
    void filesAreRecognisedByContentNotName();
    void pairChecks();
    void docsGenerateIsFlagged();
    void invocationMismatch();
    void partialRunIsOneLineOfInformation();
    void legacyPairHasNoInvocation();
    void errors_data();
    void errors();
    void runResultsInTheManifestsPlace();
    void jsonShape();
    void jobFinishesOnceWithProgress();
    void jobCancel();
};

void TestInspector::targetFolder()
{
    QTemporaryDir dir;
    copyTo(data(QStringLiteral("v12-manifest.json")),
           dir.filePath(QStringLiteral("manifest.json")));
    copyTo(data(QStringLiteral("v6-run_results.json")),
           dir.filePath(QStringLiteral("run_results.json")));
    copyTo(data(QStringLiteral("catalog.json")), dir.filePath(QStringLiteral("catalog.json")));
    copyTo(data(QStringLiteral("semantic_manifest.json")),
           dir.filePath(QStringLiteral("semantic_manifest.json")));
    const Result<InspectResult> r = inspectArtifacts({dir.path()});
    QVERIFY_OK(r);
    QVERIFY(r.value().manifest);
    QVERIFY(r.value().runResults);
    QCOMPARE(r.value().manifest->path, dir.filePath(QStringLiteral("manifest.json")));
    QCOMPARE(r.value().sameInvocation(), QStringLiteral("yes"));
}

void TestInspector::projectFolderHoldingTarget()
{
    QTemporaryDir dir;
    copyTo(data(QStringLiteral("v12-manifest.json")),
           dir.filePath(QStringLiteral("target/manifest.json")));
    const Result<InspectResult> r = inspectArtifacts({dir.path()});
    QVERIFY_OK(r);
    QVERIFY(r.value().manifest);
    QVERIFY(!r.value().runResults);
    // The one folder rule, which the window's follow switch watches too.
    QCOMPARE(artifactFolder(dir.path()), dir.filePath(QStringLiteral("target")));
    QCOMPARE(artifactFolder(dir.filePath(QStringLiteral("target"))),
             dir.filePath(QStringLiteral("target")));
    copyTo(data(QStringLiteral("v6-run_results.json")),
           dir.filePath(QStringLiteral("run_results.json")));
    QCOMPARE(artifactFolder(dir.path()), dir.path()); // a run_results of its own: itself
    QTemporaryDir empty;
    QCOMPARE(artifactFolder(empty.path()), empty.path()); // nothing yet: what follow waits on
}

void TestInspector::filesAreRecognisedByContentNotName()
{
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.json"));
    const QString b = dir.filePath(QStringLiteral("b.json"));
    copyTo(data(QStringLiteral("v6-run_results.json")), a);
    copyTo(data(QStringLiteral("v12-manifest.json")), b);
    const Result<InspectResult> r = inspectArtifacts({a, b});
    QVERIFY_OK(r);
    QCOMPARE(r.value().manifest->path, b);
    QCOMPARE(r.value().runResults->path, a);
    QVERIFY(!findCheck(r.value(), QStringLiteral("name_mismatch")));

    // A manifest named run_results.json given by hand: used by content, and said so.
    const QString misnamed = dir.filePath(QStringLiteral("sub/run_results.json"));
    copyTo(data(QStringLiteral("v12-manifest.json")), misnamed);
    const Result<InspectResult> r2 = inspectArtifacts({misnamed});
    QVERIFY_OK(r2);
    QVERIFY(r2.value().manifest);
    QVERIFY(findCheck(r2.value(), QStringLiteral("name_mismatch")));
}

void TestInspector::pairChecks()
{
    const Result<InspectResult> r = inspectArtifacts(
        {data(QStringLiteral("v12-manifest.json")), data(QStringLiteral("v6-run_results.json"))});
    QVERIFY_OK(r);
    QCOMPARE(r.value().resultsNotInManifest, 1);
    QCOMPARE(r.value().resultsNotInManifestExamples,
             QStringList{QStringLiteral("model.other_project.gone")});
    const Check *c = findCheck(r.value(), QStringLiteral("results_not_in_manifest"));
    QVERIFY(c);
    QCOMPARE(c->level, Check::Level::Warning);
    QVERIFY(c->message.contains(QStringLiteral("model.other_project.gone")));
    // The problem row knows it too, so the UI can say "not in manifest".
    const QList<Problem> &problems = r.value().runResults->problems;
    QCOMPARE(problems.last().inManifest, false);
    QCOMPARE(problems.first().inManifest, true);
    QVERIFY(!findCheck(r.value(), QStringLiteral("invocation_mismatch")));
    QVERIFY(!findCheck(r.value(), QStringLiteral("docs_generate")));
    QVERIFY(!findCheck(r.value(), QStringLiteral("tests_without_results")));
}

void TestInspector::docsGenerateIsFlagged()
{
    const Result<InspectResult> r
        = inspectArtifacts({data(QStringLiteral("v4-manifest.json")),
                            data(QStringLiteral("v4-docs-generate-run_results.json"))});
    QVERIFY_OK(r);
    const Check *c = findCheck(r.value(), QStringLiteral("docs_generate"));
    QVERIFY(c);
    QCOMPARE(c->level, Check::Level::Warning);
    QVERIFY(c->message.contains(QStringLiteral("compiled, not ran")));
    // tests never run by docs generate are no "partial run"
    QVERIFY(!findCheck(r.value(), QStringLiteral("tests_without_results")));
}

void TestInspector::invocationMismatch()
{
    const Result<InspectResult> r = inspectArtifacts(
        {data(QStringLiteral("v4-manifest.json")), data(QStringLiteral("v1-run_results.json"))});
    QVERIFY_OK(r);
    QCOMPARE(r.value().sameInvocation(), QStringLiteral("no"));
    const Check *c = findCheck(r.value(), QStringLiteral("invocation_mismatch"));
    QVERIFY(c);
    QVERIFY(c->message.contains(QStringLiteral("aaaa-1111")));
    QVERIFY(c->message.contains(QStringLiteral("bbbb-2222")));
}

void TestInspector::partialRunIsOneLineOfInformation()
{
    // v1 results cover 1 of the 2 tests of the v4 manifest.
    const Result<InspectResult> r = inspectArtifacts(
        {data(QStringLiteral("v4-manifest.json")), data(QStringLiteral("v1-run_results.json"))});
    QVERIFY_OK(r);
    int lines = 0;
    for (const Check &c : r.value().checks) {
        if (c.code == QLatin1String("tests_without_results")) {
            ++lines;
            QCOMPARE(c.level, Check::Level::Info);
            QCOMPARE(c.count, 1);
            QVERIFY(c.message.startsWith(QStringLiteral("1 of 2 tests")));
        }
    }
    QCOMPARE(lines, 1);
    QCOMPARE(r.value().testsWithoutResults, 1);
}

void TestInspector::legacyPairHasNoInvocation()
{
    const Result<InspectResult> r
        = inspectArtifacts({data(QStringLiteral("legacy-manifest.json")),
                            data(QStringLiteral("legacy-run_results.json"))});
    QVERIFY_OK(r);
    QCOMPARE(r.value().sameInvocation(), QStringLiteral("unknown"));
    QCOMPARE(r.value().resultsNotInManifest, 0);
    QCOMPARE(r.value().testsWithoutResults, 0);
}

void TestInspector::errors_data()
{
    QTest::addColumn<QStringList>("paths");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing file") << QStringList{QStringLiteral("/nonexistent/manifest.json")}
                                  << "no such file";
    QTest::newRow("not dbt: package.json")
        << QStringList{data(QStringLiteral("package.json"))} << "not a dbt manifest or run_results";
    QTest::newRow("not dbt: catalog.json")
        << QStringList{data(QStringLiteral("catalog.json"))} << "dbt catalog";
    QTest::newRow("two manifests") << QStringList{data(QStringLiteral("v4-manifest.json")),
                                                  data(QStringLiteral("v12-manifest.json"))}
                                   << "two manifests";
    QTest::newRow("two run_results") << QStringList{data(QStringLiteral("v1-run_results.json")),
                                                    data(QStringLiteral("v6-run_results.json"))}
                                     << "two run_results";
    QTest::newRow("no paths") << QStringList{} << "no file given";
}

void TestInspector::errors()
{
    QFETCH(QStringList, paths);
    QFETCH(QString, message);
    const Result<InspectResult> r = inspectArtifacts(paths);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(message), qPrintable(r.error().message));
    QVERIFY(!r.error().hint.isEmpty());
    QCOMPARE(exitCodeFor(r.error().code), 3);
}

void TestInspector::runResultsInTheManifestsPlace()
{
    QTemporaryDir dir;
    copyTo(data(QStringLiteral("v6-run_results.json")),
           dir.filePath(QStringLiteral("manifest.json")));
    const Result<InspectResult> r = inspectArtifacts({dir.path()});
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(QStringLiteral("holds a run_results file, not a manifest")),
             qPrintable(r.error().message));

    QTemporaryDir empty;
    copyTo(data(QStringLiteral("catalog.json")), empty.filePath(QStringLiteral("catalog.json")));
    const Result<InspectResult> r2 = inspectArtifacts({empty.path()});
    QVERIFY(!r2.ok());
    QVERIFY(
        r2.error().message.contains(QStringLiteral("holds no manifest.json or run_results.json")));
    QVERIFY(r2.error().hint.contains(QStringLiteral("target/")));
}

void TestInspector::jsonShape()
{
    const Result<InspectResult> r = inspectArtifacts(
        {data(QStringLiteral("v12-manifest.json")), data(QStringLiteral("v6-run_results.json"))});
    QVERIFY_OK(r);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(inspectResultToJson(r.value()), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject m = doc[QLatin1String("manifest")].toObject();
    QCOMPARE(m[QLatin1String("size_bytes")].toInteger(),
             QFileInfo(data(QStringLiteral("v12-manifest.json"))).size());
    const QJsonObject md = m[QLatin1String("metadata")].toObject();
    for (const char *key : {"dbt_version", "dbt_schema_version", "schema_version_number",
                            "generated_at", "invocation_id", "project_name", "adapter_type"}) {
        QVERIFY2(md.contains(QLatin1String(key)), key);
    }
    QCOMPARE(md[QLatin1String("schema_version_number")].toInt(), 12);
    QCOMPARE(m[QLatin1String("resource_type_counts")][QLatin1String("model")].toInt(), 3);
    QVERIFY(!m[QLatin1String("resource_type_counts")].toObject().contains(QLatin1String("docs")));
    QCOMPARE(m[QLatin1String("test_kinds")][QLatin1String("singular")].toInt(), 1);
    const QJsonObject rr = doc[QLatin1String("run_results")].toObject();
    QCOMPARE(rr[QLatin1String("command")].toString(), QStringLiteral("build"));
    QCOMPARE(rr[QLatin1String("result_count")].toInt(), 9);
    QCOMPARE(rr[QLatin1String("status_counts")][QLatin1String("partial success")].toInt(), 1);
    QCOMPARE(rr[QLatin1String("slowest")].toArray().size(), 5);
    const QJsonArray problems = rr[QLatin1String("problems")].toArray();
    QCOMPARE(problems.size(), 5);
    QCOMPARE(problems[1][QLatin1String("failures")].toInt(), 7);
    QVERIFY(problems[0][QLatin1String("failures")].isNull());
    const QJsonArray checks = doc[QLatin1String("checks")].toArray();
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks[0][QLatin1String("code")].toString(),
             QStringLiteral("results_not_in_manifest"));
    QCOMPARE(checks[0][QLatin1String("level")].toString(), QStringLiteral("warning"));

    // Only one file: the other is null.
    const Result<InspectResult> only = inspectArtifacts({data(QStringLiteral("v4-manifest.json"))});
    QVERIFY_OK(only);
    const QJsonDocument doc2 = QJsonDocument::fromJson(inspectResultToJson(only.value()));
    QVERIFY(doc2[QLatin1String("run_results")].isNull());
    QCOMPARE(
        doc2[QLatin1String("manifest")][QLatin1String("metadata")][QLatin1String("project_name")]
            .toString(),
        QStringLiteral("jaffle_shop")); // recovered from project_id
}

void TestInspector::jobFinishesOnceWithProgress()
{
    InspectJob job(
        {data(QStringLiteral("v12-manifest.json")), data(QStringLiteral("v6-run_results.json"))});
    QSignalSpy finished(&job, &InspectJob::finished);
    QSignalSpy progress(&job, &InspectJob::progressChanged);
    job.start();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.count(), 1);
    QVERIFY(job.result());
    QVERIFY(!job.error());
    QVERIFY(!progress.isEmpty());
    const qint64 total = QFileInfo(data(QStringLiteral("v12-manifest.json"))).size()
                         + QFileInfo(data(QStringLiteral("v6-run_results.json"))).size();
    QCOMPARE(progress.last().at(0).toLongLong(), total);
    QCOMPARE(progress.last().at(1).toLongLong(), total);
}

void TestInspector::jobCancel()
{
    // Big enough that the worker is still reading when cancel() arrives: ~40 MB of nodes.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("manifest.json"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            R"({"metadata":{"dbt_schema_version":"https://schemas.getdbt.com/dbt/manifest/v12.json"},"nodes":{)");
        const QByteArray filler(400, 'x');
        for (int i = 0; i < 100000; ++i) {
            f.write((i ? "," : "") + QByteArray("\"model.p.m") + QByteArray::number(i)
                    + R"(":{"resource_type":"model","raw_code":")" + filler + "\"}");
        }
        f.write("},\"macros\":{}}");
    }
    InspectJob job({path});
    QSignalSpy finished(&job, &InspectJob::finished);
    job.start();
    job.cancel();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.count(), 1);
    QVERIFY(!job.result());
    QVERIFY(job.error());
    QCOMPARE(job.error()->code, ErrorCode::Cancelled);
}

QTEST_GUILESS_MAIN(TestInspector)
#include "TestInspector.moc"
