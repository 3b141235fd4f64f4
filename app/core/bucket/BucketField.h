// SPDX-License-Identifier: MIT
#pragma once

namespace Dbtu {

/** The fields of Secoda's bucket connection form, in no particular order. */
enum class BucketField {
    RoleArn,
    ExternalId,
    AccountName,
    ConnectionString,
    Container,
    AccessKeyId,
    SecretAccessKey,
    SessionToken,
    Region,
    Endpoint,
    Bucket,
    Prefix,
};

} // namespace Dbtu
