// SPDX-License-Identifier: MIT
// ProviderError::parse() on any S3 / GCS / Azure error reply, then toError() for every provider
// and operation. Input: body [NUL x-ms-error-code [NUL x-amz-bucket-region [NUL Date
// [NUL status]]]].
#include "FuzzCheck.h"
#include "bucket/ProviderError.h"

#include <QList>

#include <array>

using namespace Dbtu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QList<QByteArray> parts = DbtuFuzz::copy(data, size).split('\0');
    const auto part = [&parts](qsizetype i) {
        return i < parts.size() ? parts.at(i) : QByteArray();
    };
    static constexpr std::array<int, 8> kStatuses = {400, 401, 403, 404, 409, 500, 503, 301};
    int status = kStatuses[size_t(part(0).size()) % kStatuses.size()];
    if (parts.size() > 4) {
        status = part(4).toInt();
    }

    const ProviderError e = ProviderError::parse(status, part(0), part(1), part(2), part(3));
    FUZZ_CHECK(e.httpStatus == status, "httpStatus is not the status given");
    FUZZ_CHECK(!e.message.contains(QLatin1Char('\n')), "a message of more than one line");
    FUZZ_CHECK(!part(3).isEmpty() || !e.serverTime.isValid(), "a server time without a Date");
    FUZZ_CHECK(!e.serverTime.isValid() || e.serverTime.timeSpec() == Qt::UTC,
               "a server time that is not UTC");
    if (e.code.isEmpty()) {
        FUZZ_CHECK(part(1).isEmpty(), "the x-ms-error-code header was dropped");
    }
    (void)e.isSignInFailure();

    const QDateTime localTime = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC);
    for (const BucketProvider provider :
         {BucketProvider::S3, BucketProvider::S3Role, BucketProvider::Gcs, BucketProvider::Azure}) {
        BucketConfig config;
        config.provider = provider;
        config.bucket = QStringLiteral("my-dbt");
        config.container = QStringLiteral("dbt");
        config.accountName = QStringLiteral("acct");
        config.region = QStringLiteral("eu-west-1");
        for (const auto operation : {ProviderError::Operation::List, ProviderError::Operation::Read,
                                     ProviderError::Operation::Write}) {
            const Error error
                = e.toError(config, operation, QStringLiteral("my-dbt.example.com"), localTime);
            FUZZ_CHECK(error.httpStatus == status, "the error lost the HTTP status");
            FUZZ_CHECK(!error.message.isEmpty(), "an error without a message");
            FUZZ_CHECK(!error.hint.isEmpty(), "an error without a hint");
            FUZZ_CHECK(error.detail.startsWith(QStringLiteral("HTTP %1 from ").arg(status)),
                       "the detail does not start with the status");
            if (e.code == QLatin1String("SignatureDoesNotMatch")) {
                FUZZ_CHECK(error.code == ErrorCode::Unauthorized && e.isSignInFailure(),
                           "a bad signature that is not a sign-in failure");
            }
        }
    }
    return 0;
}
