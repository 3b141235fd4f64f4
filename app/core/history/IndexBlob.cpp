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

qint64 numberSize(quint64 n)
{
    qint64 bytes = 1;
    while (n >>= 7) {
        ++bytes;
    }
    return bytes;
}

qint64 stringSize(std::string_view s)
{
    return numberSize(s.size()) + qint64(s.size());
}

/** Writes the uncompressed form through zlib in pieces of kPiece bytes. */
class Deflater
{
public:
    Deflater(quint32 size, int level)
    {
        m_out.resize(4);
        qToBigEndian<quint32>(size, m_out.data());
        m_ok = deflateInit(&m_z, level) == Z_OK;
        m_pending.reserve(kPiece);
    }
    ~Deflater() { deflateEnd(&m_z); }
    Deflater(const Deflater &) = delete;
    Deflater &operator=(const Deflater &) = delete;

    void put(std::string_view bytes)
    {
        m_pending.append(bytes.data(), qsizetype(bytes.size()));
        if (m_pending.size() >= kPiece) {
            deflatePending(Z_NO_FLUSH);
        }
    }
    void putNumber(quint64 n)
    {
        do {
            const auto byte = char(n & 0x7f);
            n >>= 7;
            m_pending.append(n ? char(byte | 0x80) : byte);
        } while (n);
    }
    void putString(std::string_view s)
    {
        putNumber(s.size());
        put(s);
    }
    /** The whole value; empty when zlib failed. */
    QByteArray finish()
    {
        deflatePending(Z_FINISH);
        return m_ok ? std::move(m_out) : QByteArray();
    }

private:
    static constexpr qsizetype kPiece = qsizetype(64) << 10;

    void deflatePending(int flush)
    {
        m_z.next_in = reinterpret_cast<Bytef *>(m_pending.data());
        m_z.avail_in = uInt(m_pending.size());
        int status = Z_OK;
        do {
            const qsizetype at = m_out.size();
            m_out.resize(at + kPiece);
            m_z.next_out = reinterpret_cast<Bytef *>(m_out.data() + at);
            m_z.avail_out = uInt(kPiece);
            status = m_ok ? deflate(&m_z, flush) : Z_STREAM_ERROR;
            m_out.resize(m_out.size() - qsizetype(m_z.avail_out));
            if (status == Z_STREAM_ERROR || (status == Z_BUF_ERROR && m_z.avail_out != 0)) {
                m_ok = false; // no progress: never loop on it
                break;
            }
        } while (m_z.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END));
        m_pending.resize(0); // keeps its room
    }

    z_stream m_z{};
    QByteArray m_pending;
    QByteArray m_out;
    bool m_ok = false;
};

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
    // qCompress's form (the uncompressed size in 4 bytes, big-endian, then the zlib stream),
    // compressed as it is written: the uncompressed text is never held whole.
    qint64 size = qint64(kMagic.size()) + numberSize(index.resources.size())
                  + numberSize(index.results.size());
    for (const ArtifactIndex::Resource &r : index.resources) {
        size += stringSize(r.uniqueId) + stringSize(r.resourceType) + stringSize(r.checksum);
    }
    for (const ArtifactIndex::RunResult &r : index.results) {
        size += stringSize(r.uniqueId) + stringSize(r.status);
    }
    if (size > kMaxSize) {
        return {}; // decode() would refuse it: not kept
    }
    // Level 1: most of what level 6 saves here (the ids repeat their prefixes), several times
    // faster.
    Deflater out(quint32(size), 1);
    out.put(kMagic);
    out.putNumber(index.resources.size());
    for (const ArtifactIndex::Resource &r : index.resources) {
        out.putString(r.uniqueId);
        out.putString(r.resourceType);
        out.putString(r.checksum);
    }
    out.putNumber(index.results.size());
    for (const ArtifactIndex::RunResult &r : index.results) {
        out.putString(r.uniqueId);
        out.putString(r.status);
    }
    return out.finish();
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
