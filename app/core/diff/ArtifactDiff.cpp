// SPDX-License-Identifier: MIT
#include "diff/ArtifactDiff.h"

#include <algorithm>

namespace Dbtu {

using namespace std::string_view_literals;

namespace {

/** Walks two lists sorted by uniqueId side by side: onOld(a), onNew(b) or onBoth(a, b). */
template<typename T, typename OnOld, typename OnNew, typename OnBoth>
void mergeWalk(const std::vector<T> &olds, const std::vector<T> &news, OnOld onOld, OnNew onNew,
               OnBoth onBoth)
{
    auto a = olds.begin();
    auto b = news.begin();
    while (a != olds.end() || b != news.end()) {
        if (b == news.end() || (a != olds.end() && a->uniqueId < b->uniqueId)) {
            onOld(*a++);
        } else if (a == olds.end() || b->uniqueId < a->uniqueId) {
            onNew(*b++);
        } else {
            onBoth(*a++, *b++);
        }
    }
}

} // namespace

bool ArtifactDiff::isFailing(std::string_view status)
{
    return status == "error"sv || status == "fail"sv || status == "runtime error"sv;
}

bool ArtifactDiff::isPassing(std::string_view status)
{
    return status == "pass"sv || status == "success"sv;
}

bool ArtifactDiff::isEmpty() const
{
    const bool resourcesSame
        = !resources || std::all_of(resources->begin(), resources->end(), [](const auto &entry) {
              return entry.second.isEmpty();
          });
    return resourcesSame && (!results || results->isEmpty());
}

ArtifactDiff ArtifactDiff::compare(const ArtifactIndex &oldIndex, const ArtifactIndex &newIndex)
{
    using Resource = ArtifactIndex::Resource;
    using RunResult = ArtifactIndex::RunResult;
    ArtifactDiff diff;
    if (oldIndex.hasManifest && newIndex.hasManifest) {
        std::map<std::string, TypeChanges> &byType = diff.resources.emplace();
        const auto changesOf = [&byType](std::string_view type) -> TypeChanges & {
            return byType[std::string(type)];
        };
        // The walk goes by unique_id, so every list it appends to stays sorted.
        mergeWalk(
            oldIndex.resources, newIndex.resources,
            [&](const Resource &r) { changesOf(r.resourceType).removed.emplace_back(r.uniqueId); },
            [&](const Resource &r) { changesOf(r.resourceType).added.emplace_back(r.uniqueId); },
            [&](const Resource &o, const Resource &n) {
                if (!o.checksum.empty() && !n.checksum.empty() && o.checksum != n.checksum) {
                    changesOf(n.resourceType).modified.emplace_back(n.uniqueId);
                }
            });
    }
    if (oldIndex.hasRunResults && newIndex.hasRunResults) {
        ResultChanges &changes = diff.results.emplace();
        const auto newlyFailing = [&](const RunResult &n) {
            if (isFailing(n.status)) {
                changes.newlyFailing.emplace_back(n.uniqueId);
            }
        };
        mergeWalk(
            oldIndex.results, newIndex.results, [](const RunResult &) {}, newlyFailing,
            [&](const RunResult &o, const RunResult &n) {
                if (isFailing(o.status)) {
                    if (isPassing(n.status)) {
                        changes.fixed.emplace_back(n.uniqueId);
                    }
                } else {
                    newlyFailing(n);
                }
            });
    }
    return diff;
}

} // namespace Dbtu
