// SPDX-License-Identifier: MIT
// RequestHead::parse(), the sandbox front's reading of a request head, on any bytes from a
// client: a complete head ends at the first empty line, its framing is sane, and the head alone
// reads the same as the head followed by a body.
#include "FuzzCheck.h"
#include "sandbox/RequestHead.h"

using Dbtu::Sandbox::RequestHead;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = DbtuFuzz::bytes(data, size);
    const RequestHead head = RequestHead::parse(input);
    const qsizetype end = input.indexOf(QByteArrayView("\r\n\r\n"));
    switch (head.status) {
    case RequestHead::Status::Incomplete:
        FUZZ_CHECK(end < 0 && input.size() <= RequestHead::kMaxBytes, "incomplete, yet it ended");
        return 0;
    case RequestHead::Status::TooLarge:
        FUZZ_CHECK(end < 0 && input.size() > RequestHead::kMaxBytes, "too large, yet it ended");
        return 0;
    case RequestHead::Status::BadRequestLine:
    case RequestHead::Status::BadContentLength:
        FUZZ_CHECK(end >= 0, "an error on a head that has not ended");
        return 0;
    case RequestHead::Status::Complete:
        break;
    }
    FUZZ_CHECK(head.size == end + 4, "the head does not end at its first empty line");
    FUZZ_CHECK(head.size <= input.size(), "the head is longer than the input");
    FUZZ_CHECK(head.contentLength >= 0, "a negative Content-Length");
    FUZZ_CHECK(!head.path.contains('?'), "the path holds the query");
    FUZZ_CHECK(input.first(head.size).indexOf(head.path) >= 0, "the path is not in the head");

    const RequestHead alone = RequestHead::parse(input.first(head.size));
    FUZZ_CHECK(alone.status == head.status && alone.size == head.size && alone.path == head.path
                   && alone.contentLength == head.contentLength && alone.chunked == head.chunked
                   && alone.expectContinue == head.expectContinue,
               "the head reads differently without what follows it");
    const RequestHead cut = RequestHead::parse(input.first(head.size - 1));
    FUZZ_CHECK(cut.status == RequestHead::Status::Incomplete
                   || cut.status == RequestHead::Status::TooLarge,
               "a head without its last byte is complete");
    return 0;
}
