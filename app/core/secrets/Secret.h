// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QDebug>
#include <QString>

namespace Dbtu {

/**
 * A secret value (API key, secret key, connection string). No implicit conversion to text;
 * QDebug prints <redacted>; the bytes are wiped when the value is destroyed or replaced.
 * reveal() only where a header or signature is built.
 */
class Secret
{
public:
    Secret() = default;
    explicit Secret(QByteArray value)
        : m_value(std::move(value))
    {}
    explicit Secret(const QString &value)
        : m_value(value.toUtf8())
    {}
    Secret(const Secret &other) = default;
    Secret(Secret &&other) noexcept
        : m_value(std::move(other.m_value))
    {}
    Secret &operator=(const Secret &other)
    {
        if (this != &other) {
            wipe();
            m_value = other.m_value;
        }
        return *this;
    }
    Secret &operator=(Secret &&other) noexcept
    {
        if (this != &other) {
            wipe();
            m_value = std::move(other.m_value);
        }
        return *this;
    }
    ~Secret() { wipe(); }

    bool isEmpty() const { return m_value.isEmpty(); }
    const QByteArray &reveal() const { return m_value; }
    bool operator==(const Secret &other) const { return m_value == other.m_value; }

private:
    void wipe()
    {
        // Only when this copy owns its buffer alone; a shared buffer belongs to another copy too.
        if (!m_value.isEmpty() && !m_value.isDetached()) {
            m_value.clear();
            return;
        }
        if (!m_value.isEmpty()) {
            volatile char *p = m_value.data();
            for (qsizetype i = 0; i < m_value.size(); ++i) {
                p[i] = 0;
            }
        }
        m_value.clear();
    }

    QByteArray m_value;
};

inline QDebug operator<<(QDebug debug, const Secret &)
{
    return debug << "<redacted>";
}

} // namespace Dbtu
