// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>
#include <optional>
#include <vector>

namespace Dbtu {

/** What a file turned out to be, judged by its content, never by its name. */
enum class ArtifactKind {
    Manifest,
    RunResults,
    OtherJson, ///< valid JSON that is not a dbt manifest or run_results
};

/** The metadata block both artifacts share; a missing or null value is std::nullopt. */
struct ArtifactMetadata
{
    std::optional<QString> dbtVersion;
    std::optional<QString> dbtSchemaVersion; ///< the schema URL
    std::optional<int> schemaVersionNumber;  ///< N of .../vN.json
    std::optional<QString> generatedAt;
    std::optional<QString> invocationId;
    std::optional<QString> invocationStartedAt; ///< run_results only
    // manifest only
    std::optional<QString> projectName; ///< as written in metadata (dbt 1.6+)
    std::optional<QString> projectId;   ///< md5 of the project name
    std::optional<QString> projectNameFromProjectId;
    std::optional<QString> adapterType;

    /** metadata.project_name, or the name recovered from project_id. */
    std::optional<QString> resolvedProjectName() const
    {
        return projectName ? projectName : projectNameFromProjectId;
    }
};

/** Summary of a manifest.json. Counts omit zeroes; maps are sorted by key. */
struct ManifestSummary
{
    QString path;
    qint64 sizeBytes = 0;
    QString format; ///< "v12", "legacy-pre-0.19"
    ArtifactMetadata metadata;
    /** Size of every known top-level collection; nullopt when the key is absent. */
    QList<QPair<QString, std::optional<qint64>>> collectionSizes;
    QStringList unknownTopLevelCollections;
    QMap<QString, qint64> resourceTypeCounts;
    QMap<QString, qint64> modelsByMaterialization;
    QMap<QString, qint64> testKinds;
    std::optional<qint64> disabledDefinitions;
    std::optional<qint64> disabledUniqueIds;
    qint64 packageCount = 0;

    /** Hashes of every resource unique_id and of the test ids (sorted), for the pair checks. */
    std::shared_ptr<const std::vector<quint64>> idHashes;
    std::shared_ptr<const std::vector<quint64>> testIdHashes;

    qint64 count(const QString &resourceType) const
    {
        return resourceTypeCounts.value(resourceType);
    }
};

/** One of the slowest results. */
struct SlowNode
{
    std::optional<QString> uniqueId;
    double executionTime = 0;
    QString status;
};

/** A result whose normalised status is error, fail, warn, runtime error or partial success. */
struct Problem
{
    QVariant uniqueId; ///< a string, or null
    QString resourceType;
    QString status;                 ///< normalised
    QVariant rawStatus;             ///< as written: string, number or null
    QVariant message;               ///< usually a string, or null
    QVariant failures;              ///< an integer, or null
    std::optional<bool> inManifest; ///< set once checked against a manifest
};

/** Summary of a run_results.json. */
struct RunResultsSummary
{
    QString path;
    qint64 sizeBytes = 0;
    QString format;
    ArtifactMetadata metadata;
    std::optional<QString> command; ///< args.which: run, test, build, generate...
    std::optional<QString> invocationCommand;
    qint64 resultCount = 0;
    std::optional<double> elapsedTime;
    double sumExecutionTime = 0;
    qint64 resultsWithoutTiming = 0;
    QMap<QString, qint64> statusCounts; ///< normalised, lower case
    QMap<QString, qint64> statusCountsRaw;
    QMap<QString, qint64> resultsByResourceType;
    QList<SlowNode> slowest; ///< top 5 by execution_time, ties by unique_id
    QList<Problem> problems; ///< in file order

    /** Every result's unique_id (hash and text), for the pair checks. */
    struct ResultIds
    {
        std::string arena;                              ///< the ids, back to back
        std::vector<std::pair<quint32, quint32>> spans; ///< offset, length; length ~0u = null id
        std::vector<quint64> hashes;                    ///< one per span
    };
    std::shared_ptr<const ResultIds> resultIds;

    qint64 headline(const QString &status) const { return statusCounts.value(status); }
};

/** A finding about one file or the pair, shown as a banner line; never fatal. */
struct Check
{
    enum class Level { Info, Warning };
    Level level = Level::Info;
    QString code; ///< stable, for scripts: invocation_mismatch, docs_generate, ...
    QString message;
    QStringList examples;
    qint64 count = 0;
};

/** What `inspect` found in the files it was given. */
struct InspectResult
{
    std::optional<ManifestSummary> manifest;
    std::optional<RunResultsSummary> runResults;
    QList<Check> checks;
    /** Results whose node is in no manifest collection; only set when both files are present. */
    std::optional<qint64> resultsNotInManifest;
    QStringList resultsNotInManifestExamples;
    std::optional<qint64> testsWithoutResults;

    /** yes / no / unknown */
    QString sameInvocation() const;
    /** Whether a check warns (an upload then waits for the user's confirmation). */
    bool hasWarnings() const;
};

/** Hash used for unique_id sets (64-bit FNV-1a); stable across runs. */
quint64 hashId(const char *data, size_t size);

} // namespace Dbtu

Q_DECLARE_METATYPE(Dbtu::InspectResult)
