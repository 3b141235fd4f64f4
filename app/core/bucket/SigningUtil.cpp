// SPDX-License-Identifier: MIT
#include "bucket/SigningUtil.h"

#include "util/FileDigest.h"

#include <QCryptographicHash> // the HMAC's
#include <QMessageAuthenticationCode>

namespace Dbtu::SigningUtil {

QByteArray sha256Hex(QByteArrayView data)
{
    return Sha256::hexOf(data);
}

QByteArray hmacSha256(QByteArrayView key, QByteArrayView message)
{
    // fromRawData: no copy of the key is made on our side.
    return QMessageAuthenticationCode::hash(QByteArray::fromRawData(message.data(), message.size()),
                                            QByteArray::fromRawData(key.data(), key.size()),
                                            QCryptographicHash::Sha256);
}

QByteArray collapseWhitespace(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size());
    bool pendingSpace = false;
    for (char c : value) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (pendingSpace) {
            out += ' ';
            pendingSpace = false;
        }
        out += c;
    }
    return out;
}

void wipe(QByteArray &bytes)
{
    if (bytes.isEmpty()) {
        return;
    }
    bytes.detach();
    volatile char *p = bytes.data();
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        p[i] = 0;
    }
    bytes.clear();
}

} // namespace Dbtu::SigningUtil
