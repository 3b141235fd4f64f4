// SPDX-License-Identifier: MIT
// ArtifactDiff's rules on indexes read from real files (tests/data/diff) and on hand-made ones;
// and that reading with an index leaves the summary as it was without one.
#include "TestPaths.h"
#include "artifacts/ArtifactReader.h"
#include "diff/ArtifactDiff.h"
#include "diff/ArtifactDiffJson.h"
#include "diff/ChangesJob.h"
#include "diff/DiffSide.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <sstream>

using namespace Dbtu;

namespace {

using Ids = std::vector<std::string>;

QString diffData(const QString &name)
{
    return Dbtu::Test::dataDir() + QStringLiteral("/diff/") + name;
}

ArtifactIndex manifestIndex(std::initializer_list<ArtifactIndex::Resource> resources)
{
    ArtifactIndex index;
    for (const auto &r : resources) {
        index.addResource(r.uniqueId, r.resourceType, r.checksum);
    }
    index.finish(ArtifactKind::Manifest);
    return index;
}

ArtifactIndex resultsIndex(std::initializer_list<ArtifactIndex::RunResult> results)
{
    ArtifactIndex index;
    for (const auto &r : results) {
        index.addResult(r.uniqueId, r.status);
    }
    index.finish(ArtifactKind::RunResults);
    return index;
}

} // namespace

class TestArtifactDiff : public QObject
{
    Q_OBJECT

private slots:
    void modelsRemovedThreshold_data()
    {
        QTest::addColumn<int>("removed");
        QTest::addColumn<int>("lastModels");
        QTest::addColumn<bool>("warns");
        QTest::newRow("none removed") << 0 << 10 << false;
        QTest::newRow("1 of 4 (25%)") << 1 << 4 << true;
        QTest::newRow("1 of 10 (10%)") << 1 << 10 << true;
        QTest::newRow("1 of 11 (9%)") << 1 << 11 << false;
        QTest::newRow("19 of 1000") << 19 << 1000 << false;
        QTest::newRow("20 of 1000") << 20 << 1000 << true;
        QTest::newRow("100 of 1000 (10%)") << 100 << 1000 << true;
    }
    void modelsRemovedThreshold()
    {
        // The rule: 10% or more of the last upload's models, or 20 or more.
        QFETCH(int, removed);
        QFETCH(int, lastModels);
        QFETCH(bool, warns);
        UploadChanges c;
        c.last.kind = UploadRecord::Kind::Api;
        c.last.apiHost = QStringLiteral("api.secoda.co");
        c.last.integrationId = QStringLiteral("i-1");
        c.lastModels = lastModels;
        c.diff.resources.emplace();
        for (int i = 0; i < removed; ++i) {
            (*c.diff.resources)["model"].removed.push_back("model.p.m" + std::to_string(i));
        }
        const std::optional<Check> check = c.modelsRemovedCheck();
        QCOMPARE(bool(check), warns);
        if (check) {
            QCOMPARE(check->code, QStringLiteral("models_removed"));
            QCOMPARE(check->level, Check::Level::Warning);
            QCOMPARE(check->count, qint64(removed));
            QCOMPARE(check->examples.size(), std::min(removed, 5));
            QVERIFY2(check->message.contains(
                         QStringLiteral("%1 of the %2 models").arg(removed).arg(lastModels)),
                     qPrintable(check->message));
            QVERIFY(check->message.contains(QLatin1String("api.secoda.co integration i-1")));
        }
        InspectResult result;
        c.addChecksTo(result);
        QCOMPARE(result.checks.size(), warns ? 1 : 0);
    }
    void foldersOnDisk();
    void indexOfOneFile();
    void checksumRules();
    void resultRules();
    void sortedAndLastIdWins();
    void indexLeavesSummaryAlone();
    void sameSideHasNoChanges();
    void jsonIsNlohmannsDump_data();
    void jsonIsNlohmannsDump();
};

void TestArtifactDiff::foldersOnDisk()
{
    const Result<DiffSides> sides
        = DiffSides::read(diffData(QStringLiteral("old")), diffData(QStringLiteral("new")));
    QVERIFY2(sides.ok(), sides.ok() ? "" : qPrintable(sides.error().message));
    const ArtifactDiff d
        = ArtifactDiff::compare(sides.value().oldSide.index, sides.value().newSide.index);
    QVERIFY(d.resources && d.results);
    const auto &r = *d.resources;
    QCOMPARE(r.size(), size_t(4)); // model, seed, snapshot, source; test unchanged
    QCOMPARE(r.at("model").added, Ids{"model.shop.payments"});
    QCOMPARE(r.at("model").removed, Ids{"model.shop.legacy"});
    // no_checksum gained a checksum: not modified; customers kept its checksum
    QCOMPARE(r.at("model").modified, Ids{"model.shop.orders"});
    QCOMPARE(r.at("seed").modified, Ids{"seed.shop.countries"});
    QCOMPARE(r.at("snapshot").added, Ids{"model.shop.snap"}); // its own resource_type
    QCOMPARE(r.at("source").removed, Ids{"source.shop.raw.stale"});
    QVERIFY(!r.count("test"));
    // " FAIL " and "Runtime Error" are failing; seed: runtime error -> error stays failing
    QCOMPARE(d.results->newlyFailing, (Ids{"model.shop.payments", "test.shop.accepted_values",
                                           "test.shop.not_null_orders_id"}));
    QCOMPARE(d.results->fixed, (Ids{"model.shop.customers", "test.shop.unique_customers_id"}));
    QCOMPARE(sides.value().oldSide.invocationId, std::optional(QStringLiteral("inv-1")));
    QVERIFY(sides.value().newSide.runResultsPath->endsWith(QLatin1String("run_results.json")));
}

void TestArtifactDiff::indexOfOneFile()
{
    ArtifactIndex index;
    const Result<FileSummary> f
        = readArtifact(diffData(QStringLiteral("old/run_results.json")), nullptr, &index);
    QVERIFY(f.ok());
    QVERIFY(index.hasRunResults && !index.hasManifest);
    QVERIFY(index.resources.empty());
    QCOMPARE(index.results.size(), size_t(6));
    QCOMPARE(index.results.front().uniqueId, std::string("model.shop.customers"));
    QCOMPARE(index.results.back().status, std::string("fail")); // "Fail", lower-cased

    // Broken JSON: an error, and the index is left empty.
    const Result<FileSummary> broken = readArtifact(
        Dbtu::Test::dataDir() + QStringLiteral("/core/package.json"), nullptr, &index);
    QVERIFY(broken.ok()); // valid JSON, another kind: nothing kept
    QVERIFY(index.results.empty() && index.resources.empty());
    QVERIFY(!index.hasManifest && !index.hasRunResults);
}

void TestArtifactDiff::checksumRules()
{
    const ArtifactIndex o = manifestIndex({{"model.p.a", "model", "1"},
                                           {"model.p.b", "model", ""},
                                           {"model.p.c", "model", "3"},
                                           {"test.p.t", "test", "x"}});
    const ArtifactIndex n = manifestIndex({{"model.p.a", "model", "1"},
                                           {"model.p.b", "model", "2"},
                                           {"model.p.c", "model", ""},
                                           {"test.p.t", "test", "y"}});
    const ArtifactDiff d = ArtifactDiff::compare(o, n);
    QVERIFY(d.resources);
    QVERIFY(!d.results);
    QVERIFY(!d.resources->count("model")); // a checksum missing on one side: not modified
    QCOMPARE(d.resources->at("test").modified, Ids{"test.p.t"});
    QVERIFY(!d.isEmpty());
}

void TestArtifactDiff::resultRules()
{
    const ArtifactIndex o = resultsIndex({{"a", "pass"},
                                          {"b", "error"},
                                          {"c", "fail"},
                                          {"d", "runtime error"},
                                          {"e", "warn"},
                                          {"f", "skipped"},
                                          {"g", "error"}});
    const ArtifactIndex n = resultsIndex({{"a", "fail"},
                                          {"b", "success"},
                                          {"c", "pass"},
                                          {"d", "skipped"},
                                          {"e", "error"},
                                          {"f", "runtime error"},
                                          {"g", "fail"},
                                          {"h", "error"},
                                          {"i", "pass"}});
    const ArtifactDiff d = ArtifactDiff::compare(o, n);
    QVERIFY(!d.resources);
    QVERIFY(d.results);
    QCOMPARE(d.results->newlyFailing, (Ids{"a", "e", "f", "h"}));
    QCOMPARE(d.results->fixed, (Ids{"b", "c"})); // d: skipped is not fixed; i: never failed
}

void TestArtifactDiff::sortedAndLastIdWins()
{
    ArtifactIndex o;
    o.addResource("model.p.z", "model", "1");
    o.addResource("model.p.a", "model", "1");
    o.finish(ArtifactKind::Manifest);
    ArtifactIndex n;
    n.addResource("model.p.z", "model", "1");
    n.addResource("model.p.z", "model", "2"); // read later: this one counts
    n.addResource("model.p.m", "model", "1");
    n.addResource("model.p.b", "model", "1");
    n.finish(ArtifactKind::Manifest);
    QCOMPARE(n.resources.size(), size_t(3));
    const ArtifactDiff d = ArtifactDiff::compare(o, n);
    QCOMPARE(d.resources->at("model").added, (Ids{"model.p.b", "model.p.m"}));
    QCOMPARE(d.resources->at("model").removed, Ids{"model.p.a"});
    QCOMPARE(d.resources->at("model").modified, Ids{"model.p.z"});
}

void TestArtifactDiff::indexLeavesSummaryAlone()
{
    for (const char *name : {"v12-manifest.json", "v6-run_results.json", "legacy-manifest.json",
                             "legacy-run_results.json", "v4-manifest.json"}) {
        const QString path = Dbtu::Test::dataDir() + QStringLiteral("/core/") + QLatin1String(name);
        ArtifactIndex index;
        const Result<FileSummary> with = readArtifact(path, nullptr, &index);
        const Result<FileSummary> without = readArtifact(path);
        QVERIFY2(with.ok() && without.ok(), name);
        const FileSummary &a = with.value();
        const FileSummary &b = without.value();
        QCOMPARE(a.kind, b.kind);
        if (a.manifest) {
            QCOMPARE(a.manifest->resourceTypeCounts, b.manifest->resourceTypeCounts);
            QCOMPARE(a.manifest->modelsByMaterialization, b.manifest->modelsByMaterialization);
            QCOMPARE(a.manifest->testKinds, b.manifest->testKinds);
            QCOMPARE(*a.manifest->idHashes, *b.manifest->idHashes);
            qint64 total = 0;
            for (const qint64 c : a.manifest->resourceTypeCounts) {
                total += c;
            }
            QCOMPARE(qint64(index.resources.size()), total); // every counted resource, once
        } else {
            QCOMPARE(a.runResults->statusCounts, b.runResults->statusCounts);
            QCOMPARE(a.runResults->resultCount, b.runResults->resultCount);
            QVERIFY(!index.results.empty());
        }
    }
}

void TestArtifactDiff::sameSideHasNoChanges()
{
    const Result<DiffSides> sides
        = DiffSides::read(diffData(QStringLiteral("new")), diffData(QStringLiteral("new")));
    QVERIFY(sides.ok());
    const ArtifactDiff d
        = ArtifactDiff::compare(sides.value().oldSide.index, sides.value().newSide.index);
    QVERIFY(d.isEmpty());
    QVERIFY(d.resources && d.resources->empty());
    QVERIFY(d.results && d.results->isEmpty());
}

void TestArtifactDiff::jsonIsNlohmannsDump_data()
{
    QTest::addColumn<bool>("withResources");
    QTest::addColumn<bool>("withResults");
    QTest::addColumn<bool>("noChange");
    QTest::newRow("both") << true << true << false;
    QTest::newRow("resources only") << true << false << false;
    QTest::newRow("results only") << false << true << false;
    QTest::newRow("neither") << false << false << false;
    QTest::newRow("no change") << true << true << true;
}

// The streamed `diff --json` writer gives, byte for byte, what nlohmann's dump(2) gives for the
// same document built as a tree: escapes, non-ASCII text, a stray invalid byte (U+FFFD), empty
// lists and objects, nulls.
void TestArtifactDiff::jsonIsNlohmannsDump()
{
    QFETCH(bool, withResources);
    QFETCH(bool, withResults);
    QFETCH(bool, noChange);
    DiffSides sides;
    sides.oldSide.manifestPath = QStringLiteral("old/target/manifest.json");
    sides.oldSide.invocationId = QStringLiteral("5a1c\"quoted\"");
    sides.newSide.manifestPath = QStringLiteral("new/tärget/manifest.json");
    sides.newSide.runResultsPath = QStringLiteral("new/tärget/run_results.json");
    sides.newSide.generatedAt = QStringLiteral("2026-12-01T10:00:00Z");
    if (withResources) { // OLD as `@last`: the upload from the history
        UploadRecord r;
        r.id = 42;
        r.finishedAt = QDateTime(QDate(2026, 12, 2), QTime(8, 30), Qt::UTC);
        r.apiHost = QStringLiteral("api.secoda.co");
        r.integrationId = QStringLiteral("i-\"1\"");
        r.files = {{QStringLiteral("manifest.json"), 10, {}}, {QStringLiteral("rün.json"), 5, {}}};
        sides.oldSide.upload = r;
    }
    ArtifactDiff diff;
    if (withResources) {
        diff.resources.emplace();
        if (!noChange) {
            (*diff.resources)["model"] = {{"model.p.a", "model.p.back\\slash", "model.p.\x01ctl"},
                                          {},
                                          {"model.p.caf\xc3\xa9", "model.p.bad\xff"}};
            (*diff.resources)["seed"] = {{}, {"seed.p.s"}, {}};
            (*diff.resources)["test"] = {}; // no change: left out
        }
    }
    if (withResults) {
        diff.results.emplace();
        if (!noChange) {
            diff.results->newlyFailing = {"test.p.t1", "test.p.t\"2\""};
        }
    }

    using OJson = nlohmann::ordered_json;
    auto opt = [](const std::optional<QString> &s) {
        return s ? OJson(s->toStdString()) : OJson(nullptr);
    };
    auto side = [&opt](const DiffSide &s) {
        OJson upload = nullptr;
        if (s.upload) {
            std::vector<std::string> files;
            for (const UploadRecord::File &f : s.upload->files) {
                files.push_back(f.name.toStdString());
            }
            upload = OJson{{"id", s.upload->id},
                           {"finished_at", "2026-12-02T08:30:00Z"},
                           {"profile", nullptr},
                           {"destination", s.upload->destination().toStdString()},
                           {"files", files}};
        }
        return OJson{{"manifest", opt(s.manifestPath)},
                     {"run_results", opt(s.runResultsPath)},
                     {"invocation_id", opt(s.invocationId)},
                     {"generated_at", opt(s.generatedAt)},
                     {"upload", upload}};
    };
    OJson tree = OJson::object();
    tree["old"] = side(sides.oldSide);
    tree["new"] = side(sides.newSide);
    tree["resources"] = nullptr;
    if (diff.resources) {
        tree["resources"] = OJson::object();
        for (const auto &[type, c] : *diff.resources) {
            if (!c.isEmpty()) {
                tree["resources"][type]
                    = OJson{{"added", c.added}, {"removed", c.removed}, {"modified", c.modified}};
            }
        }
    }
    tree["results"] = diff.results ? OJson{{"newly_failing", diff.results->newlyFailing},
                                           {"fixed", diff.results->fixed}}
                                   : OJson(nullptr);
    const std::string expected = tree.dump(2, ' ', false, OJson::error_handler_t::replace) + "\n";

    std::ostringstream out;
    writeArtifactDiffJson(sides, diff, out);
    QCOMPARE(QString::fromStdString(out.str()), QString::fromStdString(expected));
    QVERIFY(!OJson::parse(out.str()).is_discarded());
}

QTEST_GUILESS_MAIN(TestArtifactDiff)
#include "TestArtifactDiff.moc"
