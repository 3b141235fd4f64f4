// SPDX-License-Identifier: MIT
#include "artifacts/reader/ChunkedFileStream.h"

#include "artifacts/ArtifactReader.h"

namespace Dbtu::Reader {

void ChunkedFileStream::refill()
{
    m_bufferOffset += size_t(m_end - m_buffer.get());
    m_cur = m_end = m_buffer.get();
    m_buffer[0] = '\0';
    if (m_stop != Stop::None) {
        return;
    }
    if (m_control && m_control->cancelled.load(std::memory_order_relaxed)) {
        m_stop = Stop::Cancelled;
        return;
    }
    // Keep a UTF-8 sequence cut by the previous chunk's end whole in this one.
    std::memcpy(m_buffer.get(), m_carry.data(), m_carrySize);
    const size_t n = std::fread(m_buffer.get() + m_carrySize, 1, kChunk, m_file);
    if (n == 0) {
        m_stop = std::ferror(m_file) != 0 ? Stop::ReadError
                 : m_carrySize > 0        ? Stop::InvalidUtf8
                                          : Stop::EndOfFile;
        m_stopOffset = m_bufferOffset;
        return;
    }
    if (m_control) {
        m_control->bytesRead.fetch_add(static_cast<qint64>(n), std::memory_order_relaxed);
    }
    const size_t size = m_carrySize + n;
    m_carrySize = 0;
    size_t valid = checkBytes(m_buffer.get(), size);
    if (valid < size && m_stop == Stop::None && size - valid < 4 && !std::feof(m_file)) {
        m_carrySize = size - valid; // an incomplete sequence at the end: finish it next time
        std::memcpy(m_carry.data(), m_buffer.get() + valid, m_carrySize);
    } else if (valid < size) {
        if (m_stop == Stop::None) {
            m_stop = Stop::InvalidUtf8;
        }
        m_stopOffset = m_bufferOffset + valid;
    }
    m_end = m_buffer.get() + valid;
    *m_end = '\0';
}

size_t ChunkedFileStream::checkBytes(const char *data, size_t size)
{
    const auto *p = reinterpret_cast<const unsigned char *>(data);
    size_t i = 0;
    while (i < size) {
        if (size - i >= 8) {
            quint64 word;
            std::memcpy(&word, p + i, 8);
            // all ASCII and no zero byte: the common case, eight bytes at a time
            if ((word & 0x8080808080808080ULL) == 0
                && ((word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = p[i];
        if (c == 0) {
            m_stop = Stop::NulByte;
            return i;
        }
        if (c < 0x80) {
            ++i;
            continue;
        }
        const size_t length = c >= 0xC2 && c <= 0xDF   ? 2
                              : c >= 0xE0 && c <= 0xEF ? 3
                              : c >= 0xF0 && c <= 0xF4 ? 4
                                                       : 0;
        if (length == 0) {
            m_stop = Stop::InvalidUtf8;
            return i;
        }
        // the second byte's range excludes overlongs, surrogates and code points > U+10FFFF
        const unsigned char low = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
        const unsigned char high = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        for (size_t k = 1; k < length; ++k) {
            if (i + k >= size) {
                return i; // cut by the chunk's end
            }
            const unsigned char b = p[i + k];
            if (k == 1 ? (b < low || b > high) : (b & 0xC0) != 0x80) {
                m_stop = Stop::InvalidUtf8;
                return i;
            }
        }
        i += length;
    }
    return size;
}

} // namespace Dbtu::Reader
