// SPDX-License-Identifier: MIT
// IntegrationPage::fromJson() on any reply body: the integrations listed all have an ID, the
// next page is a valid URL other than this one, and an error names the host.
#include "FuzzCheck.h"
#include "secoda/Integration.h"

using namespace Dbtu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = DbtuFuzz::copy(data, size);
    const QUrl requestUrl(QStringLiteral("https://app.secoda.co/api/v1/integration/integrations/"));
    const Result<IntegrationPage> page = IntegrationPage::fromJson(body, requestUrl);
    if (!page) {
        const Error &e = page.error();
        FUZZ_CHECK(e.code == ErrorCode::ServerError, "an error that is not ServerError");
        FUZZ_CHECK(e.message.contains(requestUrl.host()), "the error does not name the host");
        // The detail holds the redacted body for Details… (bodyDetail): at most the 64 KiB read.
        FUZZ_CHECK(e.detail.size() <= 64 * 1024, "the detail is longer than 64 KiB");
        FUZZ_CHECK(e.message.size() <= 1000, "the message is longer than a few lines");
        return 0;
    }
    for (const Integration &i : page.value().integrations) {
        FUZZ_CHECK(!i.id.isEmpty(), "an integration without an ID");
        FUZZ_CHECK(!i.lastRun || (i.lastRun->isValid() && i.lastRun->timeSpec() == Qt::UTC),
                   "a last run that is not a valid UTC time");
        FUZZ_CHECK(!i.nextRun || (i.nextRun->isValid() && i.nextRun->timeSpec() == Qt::UTC),
                   "a next run that is not a valid UTC time");
        (void)i.looksLikeDbt();
    }
    if (const std::optional<QUrl> &next = page.value().next) {
        FUZZ_CHECK(next->isValid(), "an invalid next page URL");
        FUZZ_CHECK(*next != requestUrl, "the next page is this page");
    }
    return 0;
}
