// SPDX-License-Identifier: MIT
// The artifact reader on any file: readArtifact() and sniffArtifactKind() on the input (written
// to a temporary file, as they read paths), then the pair checks against a fixed manifest or
// run_results (tests/data/sandbox) and the `inspect --json` document of the result.
#include "FuzzCheck.h"
#include "artifacts/ArtifactReader.h"
#include "artifacts/ArtifactSniffer.h"
#include "artifacts/Inspector.h"
#include "artifacts/SummaryJson.h"
#include "diff/ArtifactDiff.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <unistd.h>

using namespace Dbtu;

namespace {

QString g_path;
std::optional<ManifestSummary> g_manifest;
std::optional<RunResultsSummary> g_runResults;

FileSummary readCompanion(const char *name)
{
    const Result<FileSummary> r
        = readArtifact(QStringLiteral(DBTU_FUZZ_COMPANIONS "/%1").arg(QLatin1String(name)));
    FUZZ_CHECK(r.ok(), name);
    return r.value();
}

void checkMetadata(const ArtifactMetadata &md)
{
    FUZZ_CHECK(!md.schemaVersionNumber || md.dbtSchemaVersion, "a schema number without a URL");
}

void checkManifest(const ManifestSummary &m, qint64 size)
{
    FUZZ_CHECK(m.sizeBytes == size, "the manifest size is not the file size");
    FUZZ_CHECK(m.idHashes && m.testIdHashes, "a manifest without its id hashes");
    FUZZ_CHECK(std::is_sorted(m.idHashes->begin(), m.idHashes->end()), "unsorted id hashes");
    FUZZ_CHECK(m.packageCount >= 0, "a negative package count");
    for (const auto &[name, count] : m.collectionSizes) {
        FUZZ_CHECK(!count || *count >= 0, "a negative collection size");
    }
    for (const qint64 n : m.resourceTypeCounts) {
        FUZZ_CHECK(n > 0, "a resource type count that is not positive");
    }
    checkMetadata(m.metadata);
}

void checkRunResults(const RunResultsSummary &r, qint64 size)
{
    FUZZ_CHECK(r.sizeBytes == size, "the run_results size is not the file size");
    FUZZ_CHECK(r.resultCount >= 0, "a negative result count");
    FUZZ_CHECK(r.problems.size() <= r.resultCount, "more problems than results");
    FUZZ_CHECK(r.slowest.size() <= 5, "more than five slowest results");
    FUZZ_CHECK(r.resultsWithoutTiming >= 0 && r.resultsWithoutTiming <= r.resultCount,
               "results without timing out of range");
    FUZZ_CHECK(!r.elapsedTime || std::isfinite(*r.elapsedTime), "an elapsed time not finite");
    FUZZ_CHECK(r.resultIds && qint64(r.resultIds->spans.size()) == r.resultCount
                   && r.resultIds->hashes.size() == r.resultIds->spans.size(),
               "result ids that do not match the result count");
    for (const auto &[offset, length] : r.resultIds->spans) {
        FUZZ_CHECK(length == ~0u || size_t(offset) + length <= r.resultIds->arena.size(),
                   "a result id outside the arena");
    }
    qint64 counted = 0;
    for (const qint64 n : r.statusCounts) {
        FUZZ_CHECK(n > 0, "a status count that is not positive");
        counted += n;
    }
    FUZZ_CHECK(counted <= r.resultCount, "more statuses than results");
    checkMetadata(r.metadata);
}

void checkJson(const InspectResult &result)
{
    const QByteArray json = inspectResultToJson(result);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        std::fprintf(stderr, "%s\n", json.constData());
    }
    FUZZ_CHECK(error.error == QJsonParseError::NoError, "inspect --json wrote invalid JSON");
    FUZZ_CHECK(doc.isObject(), "inspect --json wrote no object");
    FUZZ_CHECK(json.endsWith('\n'), "inspect --json does not end with a newline");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    g_path = QDir::temp().filePath(QStringLiteral("fuzz_artifact_reader-%1.json").arg(getpid()));
    g_manifest = readCompanion("manifest.json").manifest;
    g_runResults = readCompanion("run_results.json").runResults;
    FUZZ_CHECK(g_manifest && g_runResults, "the companions are not a manifest and run_results");
    std::atexit([] { QFile::remove(g_path); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    std::FILE *file = std::fopen(QFile::encodeName(g_path).constData(), "wb");
    FUZZ_CHECK(file, "cannot write the temporary file");
    FUZZ_CHECK(std::fwrite(data, 1, size, file) == size, "cannot write the temporary file");
    FUZZ_CHECK(std::fclose(file) == 0, "cannot write the temporary file");

    const std::optional<ArtifactKind> sniffed = sniffArtifactKind(g_path);
    const Result<FileSummary> read = readArtifact(g_path);
    if (!read) {
        const Error &e = read.error();
        FUZZ_CHECK(e.code == ErrorCode::ParseError || e.code == ErrorCode::InvalidInput,
                   "a read error that is neither ParseError nor InvalidInput");
        FUZZ_CHECK(e.message.contains(g_path), "a read error that does not name the file");
        FUZZ_CHECK(!e.hint.isEmpty(), "a read error without a hint");
        return 0;
    }
    const FileSummary &f = read.value();
    FUZZ_CHECK(f.sizeBytes == qint64(size), "the size is not the file size");
    FUZZ_CHECK(f.manifest.has_value() == (f.kind == ArtifactKind::Manifest),
               "a manifest summary for another kind");
    FUZZ_CHECK(f.runResults.has_value() == (f.kind == ArtifactKind::RunResults),
               "a run_results summary for another kind");
    FUZZ_CHECK((f.kind == ArtifactKind::OtherJson) == !f.otherDescription.isEmpty(),
               "other JSON without a description");
    (void)sniffed; // only a hint: the full read decides (the sniffer must merely not crash)

    // The same file read again with diff's index: the same summary, an index of its kind only,
    // sorted without repeats, and no change against itself.
    ArtifactIndex index;
    const Result<FileSummary> indexed = readArtifact(g_path, nullptr, &index);
    FUZZ_CHECK(indexed.ok() && indexed.value().kind == f.kind, "the index changed the read");
    FUZZ_CHECK(index.hasManifest == (f.kind == ArtifactKind::Manifest)
                   && index.hasRunResults == (f.kind == ArtifactKind::RunResults),
               "an index of another kind");
    FUZZ_CHECK(
        std::adjacent_find(index.resources.begin(), index.resources.end(),
                           [](const auto &a, const auto &b) { return !(a.uniqueId < b.uniqueId); })
            == index.resources.end(),
        "index resources not sorted by unique id, or repeated");
    FUZZ_CHECK(
        std::adjacent_find(index.results.begin(), index.results.end(),
                           [](const auto &a, const auto &b) { return !(a.uniqueId < b.uniqueId); })
            == index.results.end(),
        "index results not sorted by unique id, or repeated");
    if (f.manifest) {
        FUZZ_CHECK(indexed.value().manifest->resourceTypeCounts == f.manifest->resourceTypeCounts,
                   "the index changed the resource counts");
    }
    if (f.runResults) {
        FUZZ_CHECK(indexed.value().runResults->statusCounts == f.runResults->statusCounts,
                   "the index changed the status counts");
    }
    FUZZ_CHECK(ArtifactDiff::compare(index, index).isEmpty(), "a file differs from itself");

    InspectResult result;
    if (f.manifest) {
        checkManifest(*f.manifest, qint64(size));
        result.manifest = f.manifest;
        result.runResults = g_runResults;
    } else if (f.runResults) {
        checkRunResults(*f.runResults, qint64(size));
        result.manifest = g_manifest;
        result.runResults = f.runResults;
    } else {
        return 0;
    }
    result.checks.append(f.checks);
    runPairChecks(result);
    FUZZ_CHECK(result.resultsNotInManifest && *result.resultsNotInManifest >= 0,
               "no count of results not in the manifest");
    FUZZ_CHECK(result.testsWithoutResults && *result.testsWithoutResults >= 0,
               "no count of tests without results");
    checkJson(result);
    // Alone, too: the document without the other file.
    InspectResult alone;
    alone.manifest = f.manifest;
    alone.runResults = f.runResults;
    runPairChecks(alone);
    checkJson(alone);
    return 0;
}
