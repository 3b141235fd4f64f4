// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDebug>
#include <QString>

namespace Dbtu {

/**
 * A credential held in memory: an API key, a bucket secret, a SAS token, a session token.
 *
 * Construction is explicit and there is no conversion back: the bytes come out only through
 * reveal(), which is meant for the few places that build a header or a signature. QDebug prints
 * `<redacted>` (`<empty>` when empty). Every Secret owns a private copy of its bytes (copies are
 * deep) and overwrites it with zeros when it is destroyed or assigned over; the caller's own source
 * buffer is not touched, so drop it as soon as the Secret is made. Not thread-safe beyond the usual
 * value-type rules.
 */
class Secret
{
public:
    Secret() = default;
    /** Takes a private copy of @p bytes. */
    explicit Secret(const QByteArray &bytes);
    /** Takes a private copy of @p text, encoded as UTF-8. */
    explicit Secret(const QString &text);
    Secret(const Secret &other);
    Secret(Secret &&other) noexcept;
    Secret &operator=(const Secret &other);
    Secret &operator=(Secret &&other) noexcept;
    ~Secret();

    /**
     * The bytes, as a view that stays valid while this Secret lives and is not assigned to.
     * Use only where a header or a signature is built; never log or store the result.
     */
    QByteArrayView reveal() const { return QByteArrayView(m_bytes); }
    bool isEmpty() const { return m_bytes.isEmpty(); }
    /** Wipes and empties. */
    void clear();

    /** Compares in time independent of where the first difference is. */
    friend bool operator==(const Secret &a, const Secret &b);

private:
    QByteArray m_bytes; // never shared: every copy is deep, so wiping it affects nobody else
};

/** Prints `<redacted>` (or `<empty>`), never the value. */
QDebug operator<<(QDebug debug, const Secret &secret);

} // namespace Dbtu
