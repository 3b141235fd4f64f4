// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <array>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

namespace Dbtu {
struct ReadControl;
}

namespace Dbtu::Reader {

/**
 * Input: a RapidJSON input stream reading the file in 1 MiB chunks. Each refill reports progress,
 * honours cancel and checks the chunk: the parser never sees a NUL byte or invalid UTF-8, because
 * the stream ends (a '\0' sentinel) at the first such byte, or when cancelled or on a read error.
 * The parser then stops with an error at that very offset, and the caller tells why.
 *
 * Peek() and Take() are the parser's per-byte hot path: they stay inline here, on a concrete type
 * (RapidJSON takes the stream as a template parameter); refill() runs once a chunk.
 */
class ChunkedFileStream
{
public:
    using Ch = char;
    enum class Stop : quint8 { None, EndOfFile, Cancelled, ReadError, NulByte, InvalidUtf8 };

    ChunkedFileStream(std::FILE *file, ReadControl *control)
        : m_file(file)
        , m_control(control)
    {
        refill();
        if (m_end - m_cur >= 3 && std::memcmp(m_cur, "\xEF\xBB\xBF", 3) == 0) {
            m_cur += 3; // a UTF-8 byte order mark, as some editors write
        }
    }
    /** Why the input ended (EndOfFile when the parser consumed all of it). */
    Stop stop() const { return m_stop; }
    /** The offset of the byte that stopped the input (NulByte, InvalidUtf8). */
    size_t stopOffset() const { return m_stopOffset; }
    /** The byte at offset if it is still in the buffer. */
    std::optional<unsigned char> byteAt(size_t offset) const
    {
        if (offset < m_bufferOffset || offset >= m_bufferOffset + size_t(m_end - m_buffer.get())) {
            return std::nullopt;
        }
        return static_cast<unsigned char>(m_buffer[offset - m_bufferOffset]);
    }

    // RapidJSON's input stream concept
    Ch Peek() const { return *m_cur; }
    Ch Take()
    {
        const Ch c = *m_cur;
        if (++m_cur >= m_end) {
            if (m_cur > m_end) {
                m_cur = m_end; // taking the sentinel at the end: stay on it
            } else {
                refill();
            }
        }
        return c;
    }
    size_t Tell() const { return m_bufferOffset + size_t(m_cur - m_buffer.get()); }
    Ch *PutBegin() { return nullptr; }
    void Put(Ch) {}
    void Flush() {}
    size_t PutEnd(Ch *) { return 0; }

private:
    /** Reads the next chunk into the buffer (or ends the input: m_stop). */
    void refill();
    /**
     * The length of the leading part of data that is well-formed UTF-8 without NUL bytes; sets
     * m_stop to NulByte or InvalidUtf8 when it stops before size at a bad byte (an incomplete
     * sequence right at the end leaves m_stop unset).
     */
    size_t checkBytes(const char *data, size_t size);

    static constexpr size_t kChunk = size_t(1) << 20;
    std::FILE *m_file;
    ReadControl *m_control;
    // + carry, + sentinel; left uninitialized: only what fread() filled is ever read (a zeroed
    // MiB per file cost more than reading a small file)
    std::unique_ptr<char[]> m_buffer = std::make_unique_for_overwrite<char[]>(kChunk + 4);
    std::array<char, 4> m_carry{};
    size_t m_carrySize = 0;
    const char *m_cur = nullptr;
    char *m_end = m_buffer.get();
    size_t m_bufferOffset = 0; // file offset of m_buffer[0]
    Stop m_stop = Stop::None;
    size_t m_stopOffset = 0;
};

} // namespace Dbtu::Reader
