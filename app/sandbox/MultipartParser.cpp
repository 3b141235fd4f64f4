// SPDX-License-Identifier: MIT
#include "sandbox/MultipartParser.h"

namespace Dbtu::Sandbox {

namespace {

constexpr QByteArrayView kCrlf("\r\n");
constexpr qsizetype kMaxBoundaryLength = 70; // RFC 2046 section 5.1.1

Error malformed(const QString &message)
{
    return Error{ErrorCode::InvalidInput, message,
                 QStringLiteral("send multipart/form-data as RFC 7578 describes (curl -F does)"),
                 QString(), 400};
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && isSpace(v.front())) {
        v = v.sliced(1);
    }
    while (!v.isEmpty() && isSpace(v.back())) {
        v.chop(1);
    }
    return v;
}

/** RFC 5987 ext-value: charset'language'percent-encoded. Only UTF-8 and ISO-8859-1 exist. */
std::optional<QString> decodeExtValue(const QByteArray &value)
{
    const qsizetype first = value.indexOf('\'');
    const qsizetype second = first < 0 ? -1 : value.indexOf('\'', first + 1);
    if (second < 0) {
        return std::nullopt;
    }
    const QByteArray charset = value.left(first).toLower();
    const QByteArray bytes = QByteArray::fromPercentEncoding(value.mid(second + 1));
    if (charset == "utf-8") {
        return QString::fromUtf8(bytes);
    }
    if (charset == "iso-8859-1") {
        return QString::fromLatin1(bytes);
    }
    return std::nullopt;
}

/** The part at headerBlock (the lines between the delimiter line and the empty line). */
Result<MultipartPart> parsePartHeaders(QByteArrayView headerBlock, int partNumber)
{
    MultipartPart part;
    const QString where = QStringLiteral("part %1").arg(partNumber);
    qsizetype pos = 0;
    while (pos < headerBlock.size()) {
        qsizetype end = headerBlock.indexOf(kCrlf, pos);
        if (end < 0) {
            end = headerBlock.size();
        }
        const QByteArrayView line = headerBlock.sliced(pos, end - pos);
        pos = end + kCrlf.size();
        if (!line.isEmpty() && isSpace(line.front())) {
            // Obsolete line folding (RFC 7230 3.2.4): continue the previous header's value.
            if (part.headers.isEmpty()) {
                return malformed(
                    QStringLiteral("%1: a header line starts with white space").arg(where));
            }
            part.headers.last().second += ' ' + trimmed(line).toByteArray();
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            return malformed(QStringLiteral("%1: header line without a name and ':'").arg(where));
        }
        part.headers.append({trimmed(line.first(colon)).toByteArray().toLower(),
                             trimmed(line.sliced(colon + 1)).toByteArray()});
    }

    std::optional<QByteArray> disposition;
    for (const auto &[name, value] : std::as_const(part.headers)) {
        if (name == "content-disposition") {
            if (disposition) {
                return malformed(QStringLiteral("%1: Content-Disposition given twice").arg(where));
            }
            disposition = value;
        } else if (name == "content-type") {
            part.contentType = value;
        }
    }
    if (!disposition) {
        return malformed(QStringLiteral("%1 has no Content-Disposition header").arg(where));
    }
    Result<MultipartParser::HeaderValue> parsed = MultipartParser::parseHeaderValue(*disposition);
    if (!parsed) {
        return malformed(
            QStringLiteral("%1: Content-Disposition: %2").arg(where, parsed.error().message));
    }
    if (parsed.value().token.toLower() != "form-data") {
        return malformed(QStringLiteral("%1: Content-Disposition is '%2', not form-data")
                             .arg(where, QString::fromUtf8(parsed.value().token)));
    }
    const std::optional<QByteArray> name = parsed.value().param("name");
    if (!name || name->isEmpty()) {
        return malformed(QStringLiteral("%1: Content-Disposition has no field name").arg(where));
    }
    part.name = QString::fromUtf8(*name);
    if (const auto ext = parsed.value().param("filename*")) {
        part.fileName = decodeExtValue(*ext);
        if (!part.fileName) {
            return malformed(QStringLiteral("%1: cannot decode filename*").arg(where));
        }
    } else if (const auto plain = parsed.value().param("filename")) {
        part.fileName = QString::fromUtf8(*plain);
    }
    return part;
}

} // namespace

std::optional<QByteArray> MultipartParser::HeaderValue::param(QByteArrayView name) const
{
    for (const auto &[key, value] : params) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

Result<MultipartParser::HeaderValue> MultipartParser::parseHeaderValue(QByteArrayView value)
{
    HeaderValue result;
    qsizetype semicolon = value.indexOf(';');
    result.token = trimmed(semicolon < 0 ? value : value.first(semicolon)).toByteArray();
    qsizetype pos = semicolon < 0 ? value.size() : semicolon + 1;
    while (pos < value.size()) {
        while (pos < value.size() && (isSpace(value[pos]) || value[pos] == ';')) {
            ++pos;
        }
        if (pos >= value.size()) {
            break;
        }
        const qsizetype eq = value.indexOf('=', pos);
        const qsizetype nextSemicolon = value.indexOf(';', pos);
        if (eq < 0 || (nextSemicolon >= 0 && nextSemicolon < eq)) {
            return malformed(QStringLiteral("parameter without '=' in '%1'")
                                 .arg(QString::fromUtf8(value.toByteArray())));
        }
        const QByteArray key = trimmed(value.sliced(pos, eq - pos)).toByteArray().toLower();
        pos = eq + 1;
        while (pos < value.size() && isSpace(value[pos])) {
            ++pos;
        }
        QByteArray paramValue;
        if (pos < value.size() && value[pos] == '"') {
            ++pos;
            bool closed = false;
            while (pos < value.size()) {
                const char c = value[pos++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                // Only \" and \\ are escapes: browsers send Windows paths with bare backslashes.
                if (c == '\\' && pos < value.size() && (value[pos] == '"' || value[pos] == '\\')) {
                    paramValue += value[pos++];
                } else {
                    paramValue += c;
                }
            }
            if (!closed) {
                return malformed(QStringLiteral("unterminated quoted string for '%1'")
                                     .arg(QString::fromUtf8(key)));
            }
            while (pos < value.size() && value[pos] != ';') {
                if (!isSpace(value[pos])) {
                    return malformed(QStringLiteral("text after the quoted value of '%1'")
                                         .arg(QString::fromUtf8(key)));
                }
                ++pos;
            }
        } else {
            const qsizetype end = value.indexOf(';', pos);
            const qsizetype stop = end < 0 ? value.size() : end;
            paramValue = trimmed(value.sliced(pos, stop - pos)).toByteArray();
            pos = stop;
        }
        result.params.append({key, paramValue});
    }
    return result;
}

Result<QByteArray> MultipartParser::boundaryFrom(QByteArrayView contentType)
{
    if (contentType.isEmpty()) {
        return malformed(QStringLiteral("no Content-Type: expected multipart/form-data"));
    }
    Result<HeaderValue> parsed = parseHeaderValue(contentType);
    if (!parsed) {
        return malformed(QStringLiteral("Content-Type: %1").arg(parsed.error().message));
    }
    if (parsed.value().token.toLower() != "multipart/form-data") {
        return malformed(QStringLiteral("Content-Type is '%1', expected multipart/form-data")
                             .arg(QString::fromUtf8(parsed.value().token)));
    }
    const std::optional<QByteArray> boundary = parsed.value().param("boundary");
    if (!boundary || boundary->isEmpty()) {
        return malformed(QStringLiteral("Content-Type multipart/form-data has no boundary"));
    }
    if (boundary->size() > kMaxBoundaryLength || isSpace(boundary->back())) {
        return malformed(QStringLiteral("the multipart boundary is longer than 70 characters or "
                                        "ends in white space"));
    }
    return *boundary;
}

Result<QList<MultipartPart>> MultipartParser::parse(QByteArrayView contentType, QByteArrayView body)
{
    Result<QByteArray> boundary = boundaryFrom(contentType);
    if (!boundary) {
        return boundary.error();
    }
    return parseWithBoundary(boundary.value(), body);
}

Result<QList<MultipartPart>> MultipartParser::parseWithBoundary(QByteArrayView boundary,
                                                                QByteArrayView body)
{
    const QByteArray dashBoundary = "--" + boundary.toByteArray();
    const QByteArray delimiter = kCrlf.toByteArray() + dashBoundary;

    // The first delimiter opens the body or follows the preamble's CRLF.
    qsizetype pos = 0;
    if (!body.startsWith(dashBoundary)) {
        const qsizetype first = body.indexOf(delimiter);
        if (first < 0) {
            return malformed(QStringLiteral("the body does not contain the boundary given in "
                                            "Content-Type"));
        }
        pos = first + kCrlf.size();
    }

    QList<MultipartPart> parts;
    for (int partNumber = 1;; ++partNumber) {
        pos += dashBoundary.size();
        if (body.sliced(pos).startsWith("--")) {
            return parts; // the close delimiter; what follows is the epilogue
        }
        while (pos < body.size() && isSpace(body[pos])) {
            ++pos; // transport padding
        }
        if (!body.sliced(pos).startsWith(kCrlf)) {
            return malformed(pos >= body.size()
                                 ? QStringLiteral("the body ends without the closing boundary")
                                 : QStringLiteral("part %1: the boundary line does not end in CRLF")
                                       .arg(partNumber));
        }
        pos += kCrlf.size();

        qsizetype contentStart = 0;
        QByteArrayView headerBlock;
        if (body.sliced(pos).startsWith(kCrlf)) {
            contentStart = pos + kCrlf.size(); // a part without headers
        } else {
            const qsizetype headersEnd = body.indexOf("\r\n\r\n", pos);
            if (headersEnd < 0) {
                return malformed(QStringLiteral("part %1: the part headers are not ended by an "
                                                "empty line")
                                     .arg(partNumber));
            }
            headerBlock = body.sliced(pos, headersEnd - pos);
            contentStart = headersEnd + 4;
        }
        const qsizetype contentEnd = body.indexOf(delimiter, contentStart);
        if (contentEnd < 0) {
            return malformed(
                QStringLiteral("part %1: the body ends without the closing boundary (truncated?)")
                    .arg(partNumber));
        }
        Result<MultipartPart> part = parsePartHeaders(headerBlock, partNumber);
        if (!part) {
            return part.error();
        }
        part.value().data = body.sliced(contentStart, contentEnd - contentStart).toByteArray();
        parts.append(std::move(part).value());
        pos = contentEnd + kCrlf.size();
    }
}

} // namespace Dbtu::Sandbox
