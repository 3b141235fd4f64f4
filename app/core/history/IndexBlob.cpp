// SPDX-License-Identifier: MIT
#include "history/IndexBlob.h"

#include <QtEndian>

#include <string_view>

#include <zlib.h>

namespace Dbtu::IndexBlob {

namespace {

constexpr std::string_view kMagic = "DBTUIX1\n";
/** zlib cannot expand data more than about 1,032 times; a larger claimed size is damage. */
constexpr qint64 kMaxRatio = 1032;
constexpr qint64 kMaxSize = qint64(1) << 30;

void putNumber(QByteArray &out, quint64 n)
{
    do {
        const auto byte = char(n & 0x7f);
        n >>= 7;
        out.append(n ? char(byte | 0x80) : byte);
    } while (n);
}

void putString(QByteArray &out, std::string_view s)
{
    putNumber(out, s.size());
    out.append(s.data(), qsizetype(s.size()));
}

class Reader
{
public:
    explicit Reader(const QByteArray &data)
        : m_at(data.constData())
        , m_end(data.constData() + data.size())
    {}

    bool skip(std::string_view expected)
    {
        if (m_end - m_at < qsizetype(expected.size())
            || std::string_view(m_at, expected.size()) != expected) {
            return false;
        }
        m_at += expected.size();
        return true;
    }
    std::optional<quint64> number()
    {
        quint64 n = 0;
        for (int shift = 0; shift < 64 && m_at < m_end; shift += 7) {
            const auto byte = static_cast<unsigned char>(*m_at++);
            n |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80)) {
                return n;
            }
        }
        return std::nullopt;
    }
    /** @p out views into the data read. */
    bool string(std::string_view &out)
    {
        const std::optional<quint64> size = number();
        if (!size || *size > quint64(m_end - m_at)) {
            return false;
        }
        out = std::string_view(m_at, size_t(*size));
        m_at += *size;
        return true;
    }
    bool atEnd() const { return m_at == m_end; }
    qint64 left() const { return m_end - m_at; }

private:
    const char *m_at;
    const char *m_end;
};

} // namespace

QByteArray encode(const ArtifactIndex &index)
{
    QByteArray raw;
    qsizetype size = qsizetype(kMagic.size()) + 20;
    for (const ArtifactIndex::Resource &r : index.resources) {
        size += qsizetype(r.uniqueId.size() + r.resourceType.size() + r.checksum.size()) + 6;
    }
    for (const ArtifactIndex::RunResult &r : index.results) {
        size += qsizetype(r.uniqueId.size() + r.status.size()) + 4;
    }
    raw.reserve(size);
    raw.append(kMagic.data(), qsizetype(kMagic.size()));
    putNumber(raw, index.resources.size());
    for (const ArtifactIndex::Resource &r : index.resources) {
        putString(raw, r.uniqueId);
        putString(raw, r.resourceType);
        putString(raw, r.checksum);
    }
    putNumber(raw, index.results.size());
    for (const ArtifactIndex::RunResult &r : index.results) {
        putString(raw, r.uniqueId);
        putString(raw, r.status);
    }
    // Level 1: most of what level 6 saves here (the ids repeat their prefixes), several times
    // faster.
    return qCompress(raw, 1);
}

std::optional<ArtifactIndex> decode(const QByteArray &blob)
{
    // qCompress's form: the uncompressed size (4 bytes, big-endian), then the zlib stream. The
    // size is checked first, so a damaged value never makes qUncompress allocate gigabytes.
    if (blob.size() < 4) {
        return std::nullopt;
    }
    const qint64 claimed = qFromBigEndian<quint32>(blob.constData());
    if (claimed < qint64(kMagic.size()) || claimed > kMaxSize
        || claimed > kMaxRatio * (blob.size() - 4) + 64) {
        return std::nullopt;
    }
    // zlib itself rather than qUncompress, which warns on the console about damaged data.
    QByteArray raw(qsizetype(claimed), Qt::Uninitialized);
    uLongf size = uLongf(claimed);
    if (uncompress(reinterpret_cast<Bytef *>(raw.data()), &size,
                   reinterpret_cast<const Bytef *>(blob.constData()) + 4, uLong(blob.size() - 4))
            != Z_OK
        || qint64(size) != claimed) {
        return std::nullopt;
    }
    Reader in(raw);
    ArtifactIndex index;
    if (!in.skip(kMagic)) {
        return std::nullopt;
    }
    // Each entry takes at least one byte a string, so a count can be checked against what is
    // left before anything is reserved.
    const std::optional<quint64> resources = in.number();
    if (!resources || *resources > quint64(in.left()) / 3) {
        return std::nullopt;
    }
    index.resources.resize(size_t(*resources));
    for (ArtifactIndex::Resource &r : index.resources) {
        if (!in.string(r.uniqueId) || !in.string(r.resourceType) || !in.string(r.checksum)) {
            return std::nullopt;
        }
    }
    const std::optional<quint64> results = in.number();
    if (!results || *results > quint64(in.left()) / 2) {
        return std::nullopt;
    }
    index.results.resize(size_t(*results));
    for (ArtifactIndex::RunResult &r : index.results) {
        if (!in.string(r.uniqueId) || !in.string(r.status)) {
            return std::nullopt;
        }
    }
    if (!in.atEnd()) {
        return std::nullopt;
    }
    // The entries view into raw: no copy of their text.
    index.keep(std::move(raw));
    return index;
}

} // namespace Dbtu::IndexBlob
