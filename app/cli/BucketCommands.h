// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "bucket/BucketConfig.h"

#include <QStringList>
#include <QTextStream>

namespace Dbtu::Cli {

/** `dbt-uploader bucket test|upload|policy …` (see helpText() and the README). */
int runBucket(const QStringList &args, QTextStream &out, QTextStream &err);

/**
 * A bucket profile saved in the window's Bucket settings tab, with its secrets (from the
 * environment, as `bucket upload` reads them, else the keychain): `follow --bucket-profile`.
 */
Result<BucketConfig> savedBucketConfig(const QString &profile);

} // namespace Dbtu::Cli
