// SPDX-License-Identifier: MIT
#include "diff/ArtifactDiffJson.h"

#include <nlohmann/json.hpp>

namespace Dbtu {

namespace {

using OJson = nlohmann::ordered_json;

OJson opt(const std::optional<QString> &s)
{
    return s ? OJson(s->toStdString()) : OJson(nullptr);
}

OJson side(const DiffSide &s)
{
    OJson o = OJson::object();
    o["manifest"] = opt(s.manifestPath);
    o["run_results"] = opt(s.runResultsPath);
    o["invocation_id"] = opt(s.invocationId);
    o["generated_at"] = opt(s.generatedAt);
    return o;
}

OJson document(const DiffSides &sides, const ArtifactDiff &diff)
{
    OJson doc = OJson::object();
    doc["old"] = side(sides.oldSide);
    doc["new"] = side(sides.newSide);
    if (diff.resources) {
        OJson resources = OJson::object();
        for (const auto &[type, changes] : *diff.resources) {
            if (!changes.isEmpty()) {
                resources[type] = OJson{{"added", changes.added},
                                        {"removed", changes.removed},
                                        {"modified", changes.modified}};
            }
        }
        doc["resources"] = std::move(resources);
    } else {
        doc["resources"] = nullptr;
    }
    if (diff.results) {
        doc["results"]
            = OJson{{"newly_failing", diff.results->newlyFailing}, {"fixed", diff.results->fixed}};
    } else {
        doc["results"] = nullptr;
    }
    return doc;
}

std::string dumped(const OJson &doc)
{
    // replace: a stray invalid byte in an id never aborts the output
    return doc.dump(2, ' ', false, OJson::error_handler_t::replace) + "\n";
}

} // namespace

QByteArray artifactDiffToJson(const DiffSides &sides, const ArtifactDiff &diff)
{
    return QByteArray::fromStdString(dumped(document(sides, diff)));
}

void writeArtifactDiffJson(const DiffSides &sides, const ArtifactDiff &diff, std::ostream &out)
{
    out << dumped(document(sides, diff));
    out.flush();
}

} // namespace Dbtu
