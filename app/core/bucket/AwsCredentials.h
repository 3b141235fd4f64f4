// SPDX-License-Identifier: MIT
#pragma once

#include "secrets/Secret.h"

#include <QString>

namespace Dbtu {

/** An S3 / GCS HMAC key pair, with the session token of temporary (STS) credentials if any. */
struct AwsCredentials
{
    QString accessKeyId;
    Secret secretAccessKey;
    Secret sessionToken; // empty for long-term keys
};

} // namespace Dbtu
