// SPDX-License-Identifier: MIT
#include "artifacts/SummaryJson.h"

#include <QJsonDocument>
#include <QMetaEnum>

#include <nlohmann/json.hpp>

#include <iomanip>

namespace Dbtu {

namespace {

using OJson = nlohmann::ordered_json;

OJson str(const QString &s)
{
    return s.toStdString();
}

OJson opt(const std::optional<QString> &s)
{
    return s ? OJson(s->toStdString()) : OJson(nullptr);
}

template<typename T>
OJson optNum(const std::optional<T> &v)
{
    return v ? OJson(*v) : OJson(nullptr);
}

OJson variant(const QVariant &v)
{
    if (v.isNull() || !v.isValid()) {
        return nullptr;
    }
    switch (v.typeId()) {
    case QMetaType::Bool:
        return v.toBool();
    case QMetaType::LongLong:
    case QMetaType::Int:
        return v.toLongLong();
    case QMetaType::Double:
        return v.toDouble();
    default:
        return v.toString().toStdString();
    }
}

OJson counts(const QMap<QString, qint64> &map)
{
    OJson o = OJson::object();
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        if (it.value() != 0) {
            o[it.key().toStdString()] = it.value();
        }
    }
    return o;
}

OJson metadata(const ArtifactMetadata &md, bool manifest)
{
    OJson o = OJson::object();
    o["dbt_version"] = opt(md.dbtVersion);
    o["dbt_schema_version"] = opt(md.dbtSchemaVersion);
    o["schema_version_number"] = optNum(md.schemaVersionNumber);
    o["generated_at"] = opt(md.generatedAt);
    o["invocation_id"] = opt(md.invocationId);
    if (manifest) {
        o["project_name"] = opt(md.resolvedProjectName());
        o["project_id"] = opt(md.projectId);
        o["project_name_from_project_id"] = opt(md.projectNameFromProjectId);
        o["adapter_type"] = opt(md.adapterType);
    } else {
        o["invocation_started_at"] = opt(md.invocationStartedAt);
    }
    return o;
}

/** What both kinds of file start with: where, how big, which format, their metadata. */
OJson fileJson(const QString &path, qint64 sizeBytes, const QString &format,
               const ArtifactMetadata &md, bool manifest)
{
    OJson o = OJson::object();
    o["path"] = str(path);
    o["size_bytes"] = sizeBytes;
    o["format"] = str(format);
    o["metadata"] = metadata(md, manifest);
    return o;
}

OJson manifestJson(const ManifestSummary &m)
{
    OJson o = fileJson(m.path, m.sizeBytes, m.format, m.metadata, true);
    o["resource_type_counts"] = counts(m.resourceTypeCounts);
    o["models_by_materialization"] = counts(m.modelsByMaterialization);
    o["test_kinds"] = counts(m.testKinds);
    OJson sizes = OJson::object();
    for (const auto &[name, size] : m.collectionSizes) {
        sizes[name.toStdString()] = optNum(size);
    }
    o["collection_sizes"] = sizes;
    OJson unknown = OJson::array();
    for (const QString &k : m.unknownTopLevelCollections) {
        unknown.push_back(k.toStdString());
    }
    o["unknown_top_level_collections"] = unknown;
    o["disabled_definitions"] = optNum(m.disabledDefinitions);
    o["disabled_unique_ids"] = optNum(m.disabledUniqueIds);
    o["package_count"] = m.packageCount;
    return o;
}

OJson runResultsJson(const RunResultsSummary &r)
{
    OJson o = fileJson(r.path, r.sizeBytes, r.format, r.metadata, false);
    o["command"] = opt(r.command);
    o["invocation_command"] = opt(r.invocationCommand);
    o["result_count"] = r.resultCount;
    o["elapsed_time"] = optNum(r.elapsedTime);
    o["sum_execution_time"] = r.sumExecutionTime;
    o["results_without_timing"] = r.resultsWithoutTiming;
    o["status_counts"] = counts(r.statusCounts);
    o["status_counts_raw"] = counts(r.statusCountsRaw);
    OJson headline = OJson::object();
    for (const char *k : {"success", "error", "fail", "warn", "skipped", "pass"}) {
        headline[k] = r.statusCounts.value(QLatin1String(k));
    }
    o["status_headline"] = headline;
    o["results_by_resource_type"] = counts(r.resultsByResourceType);
    OJson slowest = OJson::array();
    for (const SlowNode &s : r.slowest) {
        slowest.push_back(OJson{{"unique_id", opt(s.uniqueId)},
                                {"execution_time", s.executionTime},
                                {"status", str(s.status)}});
    }
    o["slowest"] = slowest;
    OJson problems = OJson::array();
    for (const Problem &p : r.problems) {
        OJson po = OJson::object();
        po["unique_id"] = variant(p.uniqueId);
        po["resource_type"] = str(p.resourceType);
        po["status"] = str(p.status);
        po["raw_status"] = variant(p.rawStatus);
        po["message"] = variant(p.message);
        po["failures"] = variant(p.failures);
        if (p.inManifest) {
            po["in_manifest"] = *p.inManifest;
        }
        problems.push_back(po);
    }
    o["problems"] = problems;
    return o;
}

QByteArray dumped(const OJson &doc)
{
    // replace: a stray invalid byte in a message never aborts the output
    const std::string text = doc.dump(2, ' ', false, OJson::error_handler_t::replace) + "\n";
    return QByteArray::fromStdString(text);
}

} // namespace

namespace {

OJson inspectDocument(const InspectResult &result)
{
    OJson doc = OJson::object();
    doc["manifest"] = result.manifest ? manifestJson(*result.manifest) : OJson(nullptr);
    doc["run_results"] = result.runResults ? runResultsJson(*result.runResults) : OJson(nullptr);
    OJson checks = OJson::array();
    for (const Check &c : result.checks) {
        OJson co = OJson::object();
        co["level"] = c.level == Check::Level::Warning ? "warning" : "info";
        co["code"] = str(c.code);
        co["message"] = str(c.message);
        if (c.count) {
            co["count"] = c.count;
        }
        if (!c.examples.isEmpty()) {
            OJson ex = OJson::array();
            for (const QString &e : c.examples) {
                ex.push_back(e.toStdString());
            }
            co["examples"] = ex;
        }
        checks.push_back(co);
    }
    doc["checks"] = checks;
    doc["same_invocation"] = str(result.sameInvocation());
    if (result.resultsNotInManifest) {
        OJson ex = OJson::array();
        for (const QString &e : result.resultsNotInManifestExamples) {
            ex.push_back(e.toStdString());
        }
        doc["cross_check"] = OJson{{"results_not_in_manifest", *result.resultsNotInManifest},
                                   {"examples", ex},
                                   {"tests_without_results", optNum(result.testsWithoutResults)}};
    } else {
        doc["cross_check"] = nullptr;
    }
    return doc;
}

} // namespace

QByteArray inspectResultToJson(const InspectResult &result)
{
    return dumped(inspectDocument(result));
}

void writeInspectResultJson(const InspectResult &result, std::ostream &out)
{
    // Straight to the stream: no copy of a big document as one string. Every string in it came
    // through QString, so it is valid UTF-8 and the strict serializer cannot throw.
    out << std::setw(2) << inspectDocument(result) << '\n';
    out.flush();
}

namespace {

OJson errorFields(const Error &error)
{
    const char *code = QMetaEnum::fromType<ErrorCode>().valueToKey(int(error.code));
    OJson e = OJson::object();
    e["code"] = code ? code : "Unknown";
    e["message"] = str(error.message);
    e["hint"] = str(error.hint);
    if (!error.detail.isEmpty()) {
        e["detail"] = str(error.detail);
    }
    if (error.httpStatus) {
        e["http_status"] = error.httpStatus;
    }
    e["exit_code"] = exitCodeFor(error.code);
    return e;
}

} // namespace

QByteArray errorToJson(const Error &error)
{
    return dumped(OJson{{"error", errorFields(error)}});
}

QJsonObject errorToJsonObject(const Error &error)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(errorFields(error).dump())).object();
}

} // namespace Dbtu
