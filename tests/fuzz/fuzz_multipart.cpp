// SPDX-License-Identifier: MIT
// The sandbox's multipart/form-data parser on any request: the first line of the input is the
// Content-Type, the rest the body. Also the header-value parser on that first line, and the
// body with a fixed boundary. Every part found has a name and content taken from the body.
#include "FuzzCheck.h"
#include "sandbox/MultipartParser.h"

using Dbtu::Result;
using Dbtu::Sandbox::MultipartParser;
using Dbtu::Sandbox::MultipartPart;

namespace {

void checkParts(const Result<QList<MultipartPart>> &parsed, QByteArrayView body)
{
    if (!parsed) {
        FUZZ_CHECK(parsed.error().code == Dbtu::ErrorCode::InvalidInput,
                   "an error that is not InvalidInput");
        FUZZ_CHECK(!parsed.error().message.isEmpty(), "an error without a message");
        return;
    }
    qsizetype total = 0;
    for (const MultipartPart &part : parsed.value()) {
        FUZZ_CHECK(!part.name.isEmpty(), "a part without a name");
        FUZZ_CHECK(body.indexOf(part.data) >= 0, "content that is not in the body");
        total += part.data.size();
        bool sawType = false;
        for (const auto &[name, value] : part.headers) {
            FUZZ_CHECK(name == name.toLower(), "a header name that is not lower-cased");
            sawType = sawType || name == "content-type";
        }
        FUZZ_CHECK(sawType || part.contentType.isEmpty(), "a content type without its header");
        FUZZ_CHECK(part.isFile() == part.fileName.has_value(), "isFile() disagrees");
    }
    FUZZ_CHECK(total <= body.size(), "more content than body");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = DbtuFuzz::bytes(data, size);
    const qsizetype newline = input.indexOf('\n');
    const QByteArrayView contentType = newline < 0 ? input : input.first(newline);
    const QByteArrayView body = newline < 0 ? QByteArrayView() : input.sliced(newline + 1);

    const Result<MultipartParser::HeaderValue> value
        = MultipartParser::parseHeaderValue(contentType);
    if (value) {
        for (const auto &[key, v] : value.value().params) {
            FUZZ_CHECK(key == key.toLower(), "a parameter name that is not lower-cased");
            FUZZ_CHECK(value.value().param(key).has_value(), "a parameter that param() misses");
        }
    }
    const Result<QByteArray> boundary = MultipartParser::boundaryFrom(contentType);
    if (boundary) {
        FUZZ_CHECK(!boundary.value().isEmpty() && boundary.value().size() <= 70,
                   "a boundary that is empty or longer than 70");
    }
    const Result<QList<MultipartPart>> parsed = MultipartParser::parse(contentType, body);
    FUZZ_CHECK(boundary || !parsed, "parsed without a boundary");
    checkParts(parsed, body);
    checkParts(MultipartParser::parseWithBoundary("XyZ", body), body);
    return 0;
}
