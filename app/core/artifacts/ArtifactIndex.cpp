// SPDX-License-Identifier: MIT
#include "artifacts/ArtifactIndex.h"

#include <algorithm>
#include <cstring>

namespace Dbtu {

/** Text the entries view into: never moved or freed while an index holds it. */
struct ArtifactIndex::Text
{
    static constexpr size_t kBlock = size_t(256) << 10;
    /** Distinct resource types and statuses are few; past this many they are copied each. */
    static constexpr size_t kMaxLabels = 64;

    std::vector<std::unique_ptr<char[]>> blocks;
    char *at = nullptr;
    size_t left = 0;
    std::vector<QByteArray> kept;
    std::vector<std::string_view> labels;

    std::string_view copy(std::string_view s)
    {
        if (s.empty()) {
            return {};
        }
        if (s.size() > left) {
            if (s.size() > kBlock / 4) { // a long one gets a block of its own
                blocks.push_back(std::make_unique_for_overwrite<char[]>(s.size()));
                std::memcpy(blocks.back().get(), s.data(), s.size());
                return {blocks.back().get(), s.size()};
            }
            blocks.push_back(std::make_unique_for_overwrite<char[]>(kBlock));
            at = blocks.back().get();
            left = kBlock;
        }
        std::memcpy(at, s.data(), s.size());
        const std::string_view copied(at, s.size());
        at += s.size();
        left -= s.size();
        return copied;
    }
};

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
        *out++ = *it;
    }
    items.erase(out, items.end());
    items.shrink_to_fit(); // kept per upload: no room left over from growing
}

} // namespace

ArtifactIndex::ArtifactIndex() = default;
ArtifactIndex::~ArtifactIndex() = default;
ArtifactIndex::ArtifactIndex(ArtifactIndex &&other) noexcept = default;
ArtifactIndex &ArtifactIndex::operator=(ArtifactIndex &&other) noexcept = default;

ArtifactIndex::ArtifactIndex(const ArtifactIndex &other)
    : hasManifest(other.hasManifest)
    , hasRunResults(other.hasRunResults)
{
    resources.reserve(other.resources.size());
    for (const Resource &r : other.resources) {
        addResource(r.uniqueId, r.resourceType, r.checksum);
    }
    results.reserve(other.results.size());
    for (const RunResult &r : other.results) {
        addResult(r.uniqueId, r.status);
    }
}

ArtifactIndex &ArtifactIndex::operator=(const ArtifactIndex &other)
{
    if (this != &other) {
        ArtifactIndex copy(other);
        *this = std::move(copy);
    }
    return *this;
}

std::string_view ArtifactIndex::text(std::string_view s)
{
    if (!m_text) {
        m_text = std::make_shared<Text>();
    }
    return m_text->copy(s);
}

std::string_view ArtifactIndex::label(std::string_view s)
{
    if (m_text) {
        for (std::string_view known : m_text->labels) {
            if (known == s) {
                return known;
            }
        }
    }
    const std::string_view copied = text(s);
    if (m_text->labels.size() < Text::kMaxLabels) {
        m_text->labels.push_back(copied);
    }
    return copied;
}

void ArtifactIndex::keep(QByteArray buffer)
{
    if (!m_text) {
        m_text = std::make_shared<Text>();
    }
    m_text->kept.push_back(std::move(buffer));
}

void ArtifactIndex::takeText(const ArtifactIndex &other)
{
    if (other.m_text) {
        m_others.push_back(other.m_text);
    }
    m_others.insert(m_others.end(), other.m_others.begin(), other.m_others.end());
}

void ArtifactIndex::clear()
{
    resources.clear();
    results.clear();
    m_text.reset();
    m_others.clear();
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
    takeText(other); // shared: what other still holds stays valid
    other.results.clear();
    other.hasRunResults = false;
}

void ArtifactIndex::takeResources(ArtifactIndex &&other)
{
    resources = std::move(other.resources);
    hasManifest = other.hasManifest;
    takeText(other);
    other.resources.clear();
    other.hasManifest = false;
}

} // namespace Dbtu
