// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <atomic>

namespace Dbtu {

/**
 * The SHA-256 of a file's bytes, lower-case hex, read 1 MiB at a time; empty when the file
 * cannot be read or @p cancelled turns true. Blocking: call it from a worker thread.
 */
QString sha256OfFile(const QString &path, const std::atomic<bool> *cancelled = nullptr);

} // namespace Dbtu
