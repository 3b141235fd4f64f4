// SPDX-License-Identifier: MIT
#include "util/FileDigest.h"

#include <QCryptographicHash>
#include <QFile>

namespace Dbtu {

QString sha256OfFile(const QString &path, const std::atomic<bool> *cancelled)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (;;) {
        if (cancelled && cancelled->load()) {
            return {};
        }
        const qint64 n = file.read(chunk.data(), chunk.size());
        if (n < 0) {
            return {};
        }
        if (n == 0) {
            break;
        }
        hash.addData(QByteArrayView(chunk.constData(), n));
    }
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace Dbtu
