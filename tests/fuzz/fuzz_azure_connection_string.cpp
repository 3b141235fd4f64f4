// SPDX-License-Identifier: MIT
// AzureConnectionString::parse() on any text: a result is a usable Blob endpoint with exactly
// one credential; an error never shows the account key or the SAS it was given.
#include "FuzzCheck.h"
#include "bucket/AzureConnectionString.h"

#include <QStringList>

#include <algorithm>

using namespace Dbtu;

namespace {

/** The AccountKey and SharedAccessSignature values as the parser reads them. */
QStringList secretValues(const QString &text)
{
    QStringList out;
    const QStringList segments = text.split(QLatin1Char(';'));
    for (const QString &segment : segments) {
        const qsizetype eq = segment.indexOf(QLatin1Char('='));
        if (eq < 0) {
            continue;
        }
        const QString key = segment.left(eq).trimmed().toLower();
        if (key == QLatin1String("accountkey") || key == QLatin1String("sharedaccesssignature")) {
            out << segment.mid(eq + 1).trimmed();
        }
    }
    return out;
}

/** A value that cannot turn up in a message by chance: long, with a digit, given only once. */
bool isTelltale(const QString &value, const QString &text)
{
    return value.size() >= 8
           && std::any_of(value.cbegin(), value.cend(), [](QChar c) { return c.isDigit(); })
           && text.count(value) == 1;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(DbtuFuzz::bytes(data, size));
    const Result<AzureConnectionString> parsed = AzureConnectionString::parse(text);
    if (!parsed) {
        const Error &e = parsed.error();
        FUZZ_CHECK(e.code == ErrorCode::InvalidInput, "an error that is not InvalidInput");
        FUZZ_CHECK(!e.message.isEmpty() && !e.hint.isEmpty(), "an error without message or hint");
        for (const QString &secret : secretValues(text)) {
            if (isTelltale(secret, text)) {
                FUZZ_CHECK(!e.detail.contains(secret), "the detail shows a secret");
                FUZZ_CHECK(!e.message.contains(secret), "the message shows a secret");
            }
        }
        return 0;
    }
    const AzureConnectionString &c = parsed.value();
    FUZZ_CHECK(c.accountKey.isEmpty() != c.sharedAccessSignature.isEmpty(),
               "not exactly one of account key and SAS");
    FUZZ_CHECK(c.usesSas() == !c.sharedAccessSignature.isEmpty(), "usesSas() disagrees");
    FUZZ_CHECK(c.blobEndpoint.isValid(), "an invalid Blob endpoint");
    FUZZ_CHECK(!c.blobEndpoint.host().isEmpty(), "a Blob endpoint without a host");
    FUZZ_CHECK(c.blobEndpoint.scheme() == QLatin1String("https")
                   || c.blobEndpoint.scheme() == QLatin1String("http"),
               "a Blob endpoint that is not http(s)");
    FUZZ_CHECK(!c.blobEndpoint.path().endsWith(QLatin1Char('/')), "a trailing '/' in the endpoint");
    if (c.developmentStorage) {
        FUZZ_CHECK(c.accountName == AzureConnectionString::kDevAccount && c.pathStyle,
                   "development storage without its account or path style");
    }
    if (!c.pathStyle) {
        FUZZ_CHECK(c.accountName.isEmpty() || c.accountName.size() <= 24,
                   "an account name longer than Azure allows");
    }
    return 0;
}
