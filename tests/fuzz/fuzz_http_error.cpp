// SPDX-License-Identifier: MIT
// httpError() and bodyExcerpt() on any server reply body. The first byte picks the HTTP status
// (and the excerpt length); the rest is the body.
#include "FuzzCheck.h"
#include "net/HttpError.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>

using namespace Dbtu;

namespace {

constexpr std::array<int, 16> kStatuses
    = {400, 401, 403, 404, 413, 429, 500, 502, 503, 504, 0, 200, 302, 408, 422, 599};

/** What a credential looks like to bodyExcerpt(); after redaction nothing may match it. */
const QRegularExpression &credential()
{
    static const QRegularExpression re(QStringLiteral(R"((Bearer|Token)\s+[A-Za-z0-9._~+/=-]+)"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

bool hasControlCharacter(const QString &s)
{
    return std::any_of(s.cbegin(), s.cend(),
                       [](QChar c) { return c.category() == QChar::Other_Control; });
}

void checkExcerpt(const QString &excerpt, int maxChars)
{
    FUZZ_CHECK(excerpt.size() <= maxChars, "the excerpt is longer than asked");
    FUZZ_CHECK(DbtuFuzz::isWellFormed(excerpt), "the excerpt cut a surrogate pair");
    FUZZ_CHECK(!hasControlCharacter(excerpt), "the excerpt holds a control character");
    FUZZ_CHECK(!credential().match(excerpt).hasMatch(), "the excerpt shows a credential");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    const int selector = data[0];
    const int status = selector < 128 ? kStatuses[size_t(selector) % kStatuses.size()]
                                      : 100 + (selector - 128) * 4;
    const QByteArray body = DbtuFuzz::copy(data + 1, size - 1);

    checkExcerpt(bodyExcerpt(body), 500);
    const int maxChars = 1 + selector % 64;
    checkExcerpt(bodyExcerpt(body, maxChars), maxChars);

    const QString what = QStringLiteral("Listing integrations");
    const QString host = QStringLiteral("api.example.com");
    const Error e = httpError(status, body, what, host);
    FUZZ_CHECK(e.httpStatus == status, "httpStatus is not the status given");
    FUZZ_CHECK(e.message.startsWith(what), "the message does not name the action");
    FUZZ_CHECK(!e.hint.isEmpty(), "no hint");
    FUZZ_CHECK(e.detail.startsWith(QStringLiteral("HTTP %1 from %2").arg(status).arg(host)),
               "the detail does not start with the status and host");
    FUZZ_CHECK(!credential().match(e.message).hasMatch(), "the message shows a credential");
    FUZZ_CHECK(!credential().match(e.detail).hasMatch(), "the detail shows a credential");
    const ErrorCode expected = status == 400   ? ErrorCode::InvalidInput
                               : status == 401 ? ErrorCode::Unauthorized
                               : status == 403 ? ErrorCode::Forbidden
                               : status == 404 ? ErrorCode::NotFound
                               : status == 413 ? ErrorCode::InvalidInput
                               : status == 429 ? ErrorCode::RateLimited
                                               : ErrorCode::ServerError;
    FUZZ_CHECK(e.code == expected, "the status maps to another error code");

    // The summary that messages show: short, one line, no control character, no credential;
    // for a web page, never its markup.
    const QByteArray contentType = selector % 3 == 0 ? "text/html" : "application/json";
    const QString summary = summarizeBody(body, contentType, maxChars);
    checkExcerpt(summary, maxChars);
    FUZZ_CHECK(!summary.contains(QLatin1Char('\n')), "the summary has a line break");
    const Error page = notApiReply(what, host, body);
    FUZZ_CHECK(page.code == ErrorCode::ServerError,
               "a 2xx that is not the API's is no ServerError");
    FUZZ_CHECK(!credential().match(page.message).hasMatch(), "notApiReply shows a credential");
    FUZZ_CHECK(!credential().match(page.detail).hasMatch(), "notApiReply's detail shows one");
    return 0;
}
