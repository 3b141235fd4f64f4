// SPDX-License-Identifier: MIT
// Shared by the fuzz targets: invariant checks that abort (libFuzzer then saves the input as a
// crasher), and the fuzzer's input as Qt types.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

/** Aborts with the failed condition and a message when cond is false. */
#define FUZZ_CHECK(cond, what)                                                                     \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            std::fprintf(stderr, "%s:%d: invariant failed: %s (%s)\n", __FILE__, __LINE__, #cond,  \
                         what);                                                                    \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

namespace DbtuFuzz {

/** The input, not copied (valid during the call only). */
inline QByteArrayView bytes(const uint8_t *data, size_t size)
{
    return QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size));
}

/** The input, copied. */
inline QByteArray copy(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

/** Whether s is well-formed UTF-16 (no lone surrogate), so it converts to UTF-8 losslessly. */
inline bool isWellFormed(const QString &s)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (c.isHighSurrogate()) {
            if (i + 1 >= s.size() || !s.at(i + 1).isLowSurrogate()) {
                return false;
            }
            ++i;
        } else if (c.isLowSurrogate()) {
            return false;
        }
    }
    return true;
}

} // namespace DbtuFuzz
