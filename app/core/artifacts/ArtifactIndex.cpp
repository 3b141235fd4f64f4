// SPDX-License-Identifier: MIT
#include "artifacts/ArtifactIndex.h"

#include <algorithm>

namespace Dbtu {

namespace {

/** Sorts by uniqueId (stable: the order read is kept among equal ids) and keeps the last. */
template<typename T>
void sortUnique(std::vector<T> &items)
{
    std::stable_sort(items.begin(), items.end(),
                     [](const T &a, const T &b) { return a.uniqueId < b.uniqueId; });
    auto out = items.begin();
    for (auto it = items.begin(); it != items.end(); ++it) {
        auto next = std::next(it);
        if (next != items.end() && next->uniqueId == it->uniqueId) {
            continue; // a later one with the same id follows
        }
        if (out != it) {
            *out = std::move(*it);
        }
        ++out;
    }
    items.erase(out, items.end());
}

} // namespace

void ArtifactIndex::clear()
{
    resources.clear();
    results.clear();
    hasManifest = false;
    hasRunResults = false;
}

void ArtifactIndex::finish(ArtifactKind kind)
{
    hasManifest = kind == ArtifactKind::Manifest;
    hasRunResults = kind == ArtifactKind::RunResults;
    if (!hasManifest) {
        resources.clear();
    }
    if (!hasRunResults) {
        results.clear();
    }
    sortUnique(resources);
    sortUnique(results);
}

void ArtifactIndex::takeResults(ArtifactIndex &&other)
{
    results = std::move(other.results);
    hasRunResults = other.hasRunResults;
    other.results.clear();
    other.hasRunResults = false;
}

void ArtifactIndex::takeResources(ArtifactIndex &&other)
{
    resources = std::move(other.resources);
    hasManifest = other.hasManifest;
    other.resources.clear();
    other.hasManifest = false;
}

} // namespace Dbtu
