// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QPair>

namespace Dbtu {

/** An HTTP header as sent: name and value, in the order given. */
using HttpHeader = QPair<QByteArray, QByteArray>;
using HttpHeaders = QList<HttpHeader>;

/**
 * What SigV4Signer and AzureSharedKeySigner share: hashing and the canonical form of headers.
 * Stateless and thread-safe.
 */
namespace SigningUtil {

/** Lower-case hex SHA-256 of @p data. */
QByteArray sha256Hex(QByteArrayView data);
/** Raw HMAC-SHA256 of @p message under @p key. */
QByteArray hmacSha256(QByteArrayView key, QByteArrayView message);
/** Trims and turns every inner run of white space (SP, HT, CR, LF; so obs-fold too) into one
 * space. */
QByteArray collapseWhitespace(QByteArrayView value);
/**
 * Headers by lower-cased name (sorted, as QMap keeps them), values collapsed and duplicates
 * joined with ',' in the order given. Only names that @p accept returns true for are kept.
 */
template<typename Filter>
QMap<QByteArray, QByteArray> canonicalHeaders(const HttpHeaders &headers, Filter accept)
{
    QMap<QByteArray, QByteArray> out;
    for (const HttpHeader &h : headers) {
        const QByteArray name = h.first.trimmed().toLower();
        if (!accept(name)) {
            continue;
        }
        const QByteArray value = collapseWhitespace(h.second);
        auto it = out.find(name);
        if (it == out.end()) {
            out.insert(name, value);
        } else {
            *it += ',' + value;
        }
    }
    return out;
}
/** Wipes a temporary buffer that held key material. */
void wipe(QByteArray &bytes);

} // namespace SigningUtil
} // namespace Dbtu
