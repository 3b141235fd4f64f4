// SPDX-License-Identifier: MIT
#include "artifacts/reader/ArtifactKindRules.h"

#include "artifacts/reader/ReaderText.h"
#include "artifacts/reader/SummaryHandler.h"

#include <QRegularExpression>
#include <QStringList>

#include <array>

namespace Dbtu::Reader {

ArtifactKind ArtifactKindRules::kindOf(const SummaryHandler &h,
                                       const std::optional<QString> &schemaUrl)
{
    ArtifactKind kind = ArtifactKind::OtherJson;
    if (h.rootIsObject) {
        if (schemaUrl) {
            if (schemaUrl->contains(QLatin1String("/manifest/"))) {
                kind = ArtifactKind::Manifest;
            } else if (schemaUrl->contains(QLatin1String("/run-results/"))) {
                kind = ArtifactKind::RunResults;
            }
        } else {
            const auto has = [&h](const char *key) {
                return h.rootKeys.count(key) > 0;
            };
            if (h.nodesIsObject
                && (has("macros") || has("parent_map") || has("child_map") || has("docs"))) {
                kind = ArtifactKind::Manifest;
            } else if (h.resultsIsArray
                       && (has("elapsed_time") || has("generated_at")
                           || h.runResults.sawLegacyResult)) {
                kind = ArtifactKind::RunResults;
            }
        }
    }
    return kind;
}

QString ArtifactKindRules::describeOther(const SummaryHandler &h,
                                         const std::optional<QString> &schemaUrl)
{
    if (!h.rootIsObject) {
        return tr("its top level is a JSON array or value, not an object");
    }
    if (schemaUrl) {
        static const QRegularExpression kind(QStringLiteral(R"(/dbt/([a-z_-]+)/v\d+\.json$)"));
        const auto m = kind.match(*schemaUrl);
        const QString name = m.hasMatch() ? m.captured(1) : QString();
        if (name == QLatin1String("catalog")) {
            return tr("it is a dbt catalog (catalog.json, written by `dbt docs generate`)");
        }
        if (name == QLatin1String("sources")) {
            return tr("it is a dbt source freshness result (sources.json)");
        }
        if (name == QLatin1String("semantic_manifest")
            || name == QLatin1String("semantic-manifest")) {
            return tr("it is a dbt semantic manifest (semantic_manifest.json)");
        }
        if (!name.isEmpty()) {
            return tr("it is a dbt \"%1\" artifact").arg(name);
        }
        return tr("its schema is %1").arg(*schemaUrl);
    }
    const auto has = [&h](const char *key) {
        return h.rootKeys.count(key) > 0;
    };
    if (has("project_configuration") || (has("semantic_models") && !has("nodes"))) {
        return tr("it is a dbt semantic manifest (semantic_manifest.json)");
    }
    if (has("nodes") && has("sources") && !has("macros")) {
        return tr("it looks like a dbt catalog (catalog.json)");
    }
    if (has("dependencies") || has("devDependencies") || (has("name") && has("version"))) {
        return tr("it looks like a package description (package.json), not a dbt artifact");
    }
    QStringList keys;
    for (const std::string &k : h.rootKeys) {
        keys << QString::fromStdString(k);
        if (keys.size() == 5) {
            break;
        }
    }
    return keys.isEmpty() ? tr("it is an empty JSON object")
                          : tr("its top-level keys are %1").arg(keys.join(QStringLiteral(", ")));
}

std::span<const int> ArtifactKindRules::knownSchemaVersions(ArtifactKind kind)
{
    static constexpr std::array kManifest{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20};
    static constexpr std::array kRunResults{1, 2, 3, 4, 5, 6};
    switch (kind) {
    case ArtifactKind::Manifest:
        return kManifest;
    case ArtifactKind::RunResults:
        return kRunResults;
    case ArtifactKind::OtherJson:
        break;
    }
    return {};
}

} // namespace Dbtu::Reader
