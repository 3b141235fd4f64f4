// SPDX-License-Identifier: MIT
#include "bucket/GzipFile.h"

#include "Translator.h"
#include "util/FileDigest.h"

#include <QFile>
#include <QSaveFile>

#include <zlib.h>

namespace Dbtu::GzipFile {

namespace {

constexpr qint64 kChunk = 256 * 1024;

constexpr Translator tr{"Dbtu::GzipFile"};

Error fileError(const QString &path, const QString &why)
{
    return Error{ErrorCode::FileNotFound, tr("Cannot read or write %1: %2").arg(path, why),
                 tr("Check that the file exists and that there is space in the temporary "
                    "folder."),
                 QString(), 0};
}

Error cancelledError()
{
    return Error{ErrorCode::Cancelled, tr("The upload was cancelled."), QString(), QString(), 0};
}

} // namespace

Result<qint64> compress(const QString &source, const QString &target,
                        const std::atomic<bool> *cancelled)
{
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly)) {
        return fileError(source, in.errorString());
    }
    QSaveFile out(target);
    if (!out.open(QIODevice::WriteOnly)) {
        return fileError(target, out.errorString());
    }
    z_stream zs{};
    // windowBits 15 + 16: a gzip wrapper instead of zlib's.
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        != Z_OK) {
        return fileError(target, tr("zlib could not start"));
    }
    QByteArray inBuf(kChunk, Qt::Uninitialized);
    QByteArray outBuf(kChunk, Qt::Uninitialized);
    int flush = Z_NO_FLUSH;
    while (flush != Z_FINISH) {
        if (cancelled && cancelled->load()) {
            deflateEnd(&zs);
            return cancelledError();
        }
        const qint64 n = in.read(inBuf.data(), kChunk);
        if (n < 0) {
            deflateEnd(&zs);
            return fileError(source, in.errorString());
        }
        flush = in.atEnd() || n == 0 ? Z_FINISH : Z_NO_FLUSH;
        zs.next_in = reinterpret_cast<Bytef *>(inBuf.data());
        zs.avail_in = uInt(n);
        do {
            zs.next_out = reinterpret_cast<Bytef *>(outBuf.data());
            zs.avail_out = uInt(outBuf.size());
            deflate(&zs, flush);
            const qint64 have = outBuf.size() - qint64(zs.avail_out);
            if (out.write(outBuf.constData(), have) != have) {
                deflateEnd(&zs);
                return fileError(target, out.errorString());
            }
        } while (zs.avail_out == 0);
    }
    deflateEnd(&zs);
    if (!out.commit()) {
        return fileError(target, out.errorString());
    }
    return QFile(target).size();
}

Result<QByteArray> sha256Hex(const QString &path, const std::atomic<bool> *cancelled)
{
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        return fileError(path, in.errorString());
    }
    if (std::optional<QByteArray> hex = sha256HexOf(in, cancelled)) {
        return *std::move(hex);
    }
    if (cancelled && cancelled->load()) {
        return cancelledError();
    }
    return fileError(path, in.errorString());
}

} // namespace Dbtu::GzipFile
