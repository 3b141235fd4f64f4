// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <rapidjson/error/error.h>

#include <QString>

namespace Dbtu::Reader {

class ChunkedFileStream;

/** The reader's errors, in words: each names the file and gives a hint. */
class ReadErrors
{
public:
    static Error fileError(ErrorCode code, const QString &message, const QString &hint,
                           const QString &detail = {});
    /**
     * Where and why the parser stopped in the file at path (size bytes): a file cut short, or
     * invalid JSON at a line, column and byte.
     */
    static Error parseError(const QString &path, qint64 size, const rapidjson::ParseResult &parsed,
                            const ChunkedFileStream &stream);
};

} // namespace Dbtu::Reader
