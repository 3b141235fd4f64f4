// SPDX-License-Identifier: MIT
#include "artifacts/reader/ReadErrors.h"

#include "artifacts/reader/ChunkedFileStream.h"
#include "artifacts/reader/ReaderText.h"

#include <QFile>

#include <rapidjson/error/en.h>

#include <utility>

namespace Dbtu::Reader {

namespace {

std::pair<qint64, qint64> lineAndColumn(const QString &path, qint64 position)
{
    QFile file(path);
    qint64 line = 1;
    qint64 column = 1;
    if (!file.open(QIODevice::ReadOnly)) {
        return {0, 0};
    }
    qint64 seen = 0;
    QByteArray chunk;
    while (seen < position
           && !(chunk = file.read(qMin<qint64>(1 << 20, position - seen))).isEmpty()) {
        for (const char c : std::as_const(chunk)) {
            if (c == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
                ++column;
            }
        }
        seen += chunk.size();
    }
    return {line, column};
}

/** What stopped the parser at offset, in words. */
QString parserMessage(rapidjson::ParseErrorCode code, const ChunkedFileStream &stream,
                      size_t offset)
{
    using Stop = ChunkedFileStream::Stop;
    if (offset == stream.stopOffset() && stream.stop() == Stop::NulByte) {
        return tr("a NUL byte (binary data)");
    }
    if (offset == stream.stopOffset() && stream.stop() == Stop::InvalidUtf8) {
        return tr("bytes that are not valid UTF-8 (the file must be UTF-8 encoded)");
    }
    const std::optional<unsigned char> byte = stream.byteAt(offset);
    if (code == rapidjson::kParseErrorStringEscapeInvalid && byte && *byte < 0x20) {
        return tr("a control character (0x%1) inside a string; it must be escaped")
            .arg(*byte, 2, 16, QLatin1Char('0'));
    }
    QString text = QString::fromLatin1(rapidjson::GetParseError_En(code));
    if (text.endsWith(QLatin1Char('.'))) {
        text.chop(1);
    }
    if (byte && *byte > 0x20 && *byte < 0x7f) {
        text += tr(" (found '%1')").arg(QChar(*byte));
    }
    return text;
}

} // namespace

Error ReadErrors::fileError(ErrorCode code, const QString &message, const QString &hint,
                            const QString &detail)
{
    return Error{code, message, hint, detail, 0};
}

Error ReadErrors::parseError(const QString &path, qint64 size, const rapidjson::ParseResult &parsed,
                             const ChunkedFileStream &stream)
{
    const size_t offset = parsed.Offset();
    const QString message = parserMessage(parsed.Code(), stream, offset);
    const QString detail = QStringLiteral("%1 (RapidJSON error %2 at byte offset %3)")
                               .arg(QString::fromLatin1(rapidjson::GetParseError_En(parsed.Code())))
                               .arg(int(parsed.Code()))
                               .arg(offset);
    const qint64 position = qint64(offset) + 1; // bytes read, the offending one included
    const auto [line, column] = lineAndColumn(path, qint64(offset));
    const QString where = tr("line %1, column %2 (byte %3)").arg(line).arg(column).arg(position);
    if (qint64(offset) >= size) {
        return fileError(ErrorCode::ParseError,
                         tr("%1 ends before its JSON is complete: it stops at %2 of %3 bytes")
                             .arg(path, where, QString::number(size)),
                         tr("The file was cut short while it was written or copied; run dbt "
                            "again or copy the whole file."),
                         detail);
    }
    return fileError(ErrorCode::ParseError,
                     tr("%1 is not valid JSON at %2: %3").arg(path, where, message),
                     tr("Use the file exactly as dbt wrote it; an edited or damaged file cannot "
                        "be read."),
                     detail);
}

} // namespace Dbtu::Reader
