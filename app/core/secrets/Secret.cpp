// SPDX-License-Identifier: MIT
#include "secrets/Secret.h"

#include <utility>

namespace Dbtu {

namespace {

// A private deep copy, so that wiping it can never reach another QByteArray's buffer.
QByteArray deepCopy(QByteArrayView bytes)
{
    return bytes.isEmpty() ? QByteArray() : QByteArray(bytes.data(), bytes.size());
}

void wipe(QByteArray &bytes)
{
    if (bytes.isEmpty()) {
        return;
    }
    // Write through a volatile pointer so the compiler cannot drop the stores as dead. The
    // buffer is never shared (see deepCopy), so const_cast does not detach or touch others.
    volatile char *p = const_cast<char *>(bytes.constData());
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        p[i] = 0;
    }
    bytes = QByteArray();
}

} // namespace

Secret::Secret(const QByteArray &bytes)
    : m_bytes(deepCopy(bytes))
{}

Secret::Secret(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    m_bytes = deepCopy(utf8);
    wipe(utf8);
}

Secret::Secret(const Secret &other)
    : m_bytes(deepCopy(other.m_bytes))
{}

Secret::Secret(Secret &&other) noexcept
    : m_bytes(std::exchange(other.m_bytes, QByteArray()))
{}

Secret &Secret::operator=(const Secret &other)
{
    if (this != &other) {
        wipe(m_bytes);
        m_bytes = deepCopy(other.m_bytes);
    }
    return *this;
}

Secret &Secret::operator=(Secret &&other) noexcept
{
    if (this != &other) {
        wipe(m_bytes);
        m_bytes = std::exchange(other.m_bytes, QByteArray());
    }
    return *this;
}

Secret::~Secret()
{
    wipe(m_bytes);
}

void Secret::clear()
{
    wipe(m_bytes);
}

bool operator==(const Secret &a, const Secret &b)
{
    if (a.m_bytes.size() != b.m_bytes.size()) {
        return false;
    }
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.m_bytes.size(); ++i) {
        diff |= static_cast<unsigned char>(a.m_bytes[i] ^ b.m_bytes[i]);
    }
    return diff == 0;
}

QDebug operator<<(QDebug debug, const Secret &secret)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << (secret.isEmpty() ? "<empty>" : "<redacted>");
    return debug;
}

} // namespace Dbtu
