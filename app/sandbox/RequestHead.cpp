// SPDX-License-Identifier: MIT
#include "sandbox/RequestHead.h"

#include <QList>

namespace Dbtu::Sandbox {

RequestHead RequestHead::parse(QByteArrayView input)
{
    RequestHead out;
    const qsizetype headEnd = input.indexOf(QByteArrayView("\r\n\r\n"));
    if (headEnd < 0) {
        out.status = input.size() > kMaxBytes ? Status::TooLarge : Status::Incomplete;
        return out;
    }
    const QList<QByteArray> lines = input.first(headEnd).toByteArray().split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        out.status = Status::BadRequestLine;
        return out;
    }
    const QByteArray target = requestLine[1];
    out.method = requestLine[0];
    out.target = target;
    out.path = target.left(target.indexOf('?') < 0 ? target.size() : target.indexOf('?'));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0) {
            continue; // QHttpServer's own parser judges malformed header lines
        }
        const QByteArray name = lines[i].first(colon).trimmed().toLower();
        const QByteArray value = lines[i].sliced(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            out.contentLength = value.toLongLong(&ok);
            if (!ok || out.contentLength < 0) {
                out.status = Status::BadContentLength;
                return out;
            }
        } else if (name == "transfer-encoding") {
            out.chunked = value.toLower().contains("chunked");
        } else if (name == "expect") {
            out.expectContinue = value.toLower() == "100-continue";
        }
    }
    out.size = headEnd + 4;
    out.status = Status::Complete;
    return out;
}

} // namespace Dbtu::Sandbox
