// SPDX-License-Identifier: MIT
#include "history/UploadRecord.h"

#include "bucket/BucketConfig.h"

#include <utility>

namespace Dbtu {

QString UploadRecord::destination() const
{
    if (kind == Kind::Api) {
        return QStringLiteral("%1 integration %2").arg(apiHost, integrationId);
    }
    const QString scheme = bucketProvider == QLatin1String("azure") ? QStringLiteral("azure")
                           : bucketProvider == QLatin1String("gcs") ? QStringLiteral("gs")
                                                                    : QStringLiteral("s3");
    return QStringLiteral("%1://%2/%3").arg(scheme, bucket, prefix);
}

QString UploadRecord::destinationKey() const
{
    return kind == Kind::Api ? apiDestinationKey(apiHost, integrationId)
                             : bucketDestinationKey(bucketProvider, bucket, prefix);
}

QString UploadRecord::apiDestinationKey(const QString &apiHost, const QString &integrationId)
{
    return QStringLiteral("api|%1|%2").arg(apiHost, integrationId);
}

UploadRecord UploadRecord::bucketPush(const BucketConfig &config)
{
    UploadRecord r;
    r.kind = Kind::Bucket;
    r.bucketProvider = BucketConfig::providerName(config.provider);
    r.bucket = config.storageName();
    r.prefix = config.normalizedPrefix();
    return r;
}

QString UploadRecord::bucketDestinationKey(const QString &provider, const QString &bucket,
                                           const QString &prefix)
{
    return QStringLiteral("bucket|%1|%2|%3").arg(provider, bucket, prefix);
}

QString UploadRecord::kindName(Kind kind)
{
    return kind == Kind::Api ? QStringLiteral("api") : QStringLiteral("bucket");
}

QString UploadRecord::originName(Origin origin)
{
    switch (origin) {
    case Origin::Window:
        return QStringLiteral("window");
    case Origin::Cli:
        return QStringLiteral("cli");
    case Origin::Follow:
        return QStringLiteral("follow");
    }
    return {};
}

QString UploadRecord::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Succeeded:
        return QStringLiteral("succeeded");
    case Outcome::Failed:
        return QStringLiteral("failed");
    case Outcome::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

UploadRecord::Kind UploadRecord::kindFromName(const QString &name)
{
    return name == QLatin1String("bucket") ? Kind::Bucket : Kind::Api;
}

UploadRecord::Origin UploadRecord::originFromName(const QString &name)
{
    if (name == QLatin1String("cli")) {
        return Origin::Cli;
    }
    return name == QLatin1String("follow") ? Origin::Follow : Origin::Window;
}

UploadRecord::Outcome UploadRecord::outcomeFromName(const QString &name)
{
    if (name == QLatin1String("failed")) {
        return Outcome::Failed;
    }
    return name == QLatin1String("cancelled") ? Outcome::Cancelled : Outcome::Succeeded;
}

namespace {
constexpr std::pair<UploadRecord::Sync, const char *> kSyncNames[] = {
    {UploadRecord::Sync::None, "none"},
    {UploadRecord::Sync::Started, "started"},
    {UploadRecord::Sync::Finished, "finished"},
    {UploadRecord::Sync::StillRunning, "still_running"},
    {UploadRecord::Sync::WatchStopped, "watch_stopped"},
    {UploadRecord::Sync::Unknown, "unknown"},
};
} // namespace

QString UploadRecord::syncName(Sync sync)
{
    for (const auto &[value, name] : kSyncNames) {
        if (value == sync) {
            return QString::fromLatin1(name);
        }
    }
    return {};
}

UploadRecord::Sync UploadRecord::syncFromName(const QString &name)
{
    for (const auto &[value, text] : kSyncNames) {
        if (name == QLatin1String(text)) {
            return value;
        }
    }
    return Sync::None;
}

} // namespace Dbtu
