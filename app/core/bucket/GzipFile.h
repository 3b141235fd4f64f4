// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"

#include <QString>

#include <atomic>

namespace Dbtu {

/**
 * File helpers for uploads, streamed in fixed-size chunks so memory stays bounded whatever the
 * file size. Blocking: call them from a worker thread (BucketUploadJob does). Setting
 * @p cancelled stops them with ErrorCode::Cancelled.
 */
namespace GzipFile {

/**
 * Writes @p source gzip-compressed (RFC 1952: gzip header, deflate, CRC-32 and size trailer —
 * what `gunzip` and Secoda's .json.gz reader expect; qCompress() writes zlib, not gzip) to
 * @p target. Returns the compressed size.
 */
Result<qint64> compress(const QString &source, const QString &target,
                        const std::atomic<bool> *cancelled = nullptr);

/** The lower-case hex SHA-256 of a file's bytes. */
Result<QByteArray> sha256Hex(const QString &path, const std::atomic<bool> *cancelled = nullptr);

} // namespace GzipFile
} // namespace Dbtu
