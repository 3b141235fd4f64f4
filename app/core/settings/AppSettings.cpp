// SPDX-License-Identifier: MIT
#include "settings/AppSettings.h"

#include <algorithm>
#include <utility>

namespace Dbtu {

namespace {

/** A bucket profile's text fields, under their keys in the settings file. */
constexpr std::pair<const char *, QString BucketProfile::*> kBucketFields[] = {
    {"region", &BucketProfile::region},           {"bucket", &BucketProfile::bucket},
    {"prefix", &BucketProfile::prefix},           {"endpoint", &BucketProfile::endpoint},
    {"roleArn", &BucketProfile::roleArn},         {"externalId", &BucketProfile::externalId},
    {"accountName", &BucketProfile::accountName}, {"container", &BucketProfile::container},
};

} // namespace

AppSettings::AppSettings() = default;

QStringList AppSettings::profileNames() const
{
    m_settings.beginGroup(QStringLiteral("profiles"));
    QStringList names = m_settings.childGroups();
    m_settings.endGroup();
    if (names.isEmpty()) {
        names << QStringLiteral("default");
    }
    return names;
}

ApiProfile AppSettings::profile(const QString &name) const
{
    ApiProfile p;
    p.name = name;
    m_settings.beginGroup(QStringLiteral("profiles/") + name);
    p.apiUrl = m_settings.value(QStringLiteral("apiUrl"), p.apiUrl).toString();
    p.integrationId = m_settings.value(QStringLiteral("integrationId")).toString();
    p.style = m_settings.value(QStringLiteral("style"), p.style).toString();
    m_settings.endGroup();
    return p;
}

void AppSettings::saveProfile(const ApiProfile &p)
{
    m_settings.beginGroup(QStringLiteral("profiles/") + p.name);
    m_settings.setValue(QStringLiteral("apiUrl"), p.apiUrl);
    m_settings.setValue(QStringLiteral("integrationId"), p.integrationId);
    m_settings.setValue(QStringLiteral("style"), p.style);
    m_settings.endGroup();
}

void AppSettings::removeProfile(const QString &name)
{
    m_settings.remove(QStringLiteral("profiles/") + name);
}

QString AppSettings::followFolder(const QString &name) const
{
    return m_settings.value(QStringLiteral("profiles/%1/followFolder").arg(name)).toString();
}

void AppSettings::setFollowFolder(const QString &name, const QString &folder)
{
    const QString key = QStringLiteral("profiles/%1/followFolder").arg(name);
    if (folder.isEmpty()) {
        m_settings.remove(key);
    } else {
        m_settings.setValue(key, folder);
    }
}

QString AppSettings::lastProfile() const
{
    return m_settings.value(QStringLiteral("lastProfile"), QStringLiteral("default")).toString();
}

void AppSettings::setLastProfile(const QString &name)
{
    m_settings.setValue(QStringLiteral("lastProfile"), name);
}

namespace {

const QString kBucketGroup = QStringLiteral("bucketProfiles");

BucketProvider providerFromName(const QString &name)
{
    for (BucketProvider p :
         {BucketProvider::S3, BucketProvider::S3Role, BucketProvider::Gcs, BucketProvider::Azure}) {
        if (BucketConfig::providerName(p) == name) {
            return p;
        }
    }
    return BucketProvider::S3;
}

} // namespace

BucketConfig BucketProfile::toConfig() const
{
    BucketConfig c;
    c.provider = provider;
    c.region = region;
    c.bucket = bucket;
    c.prefix = prefix;
    c.endpoint = QUrl(endpoint);
    c.roleArn = roleArn;
    c.externalId = externalId;
    c.accountName = accountName;
    c.container = container;
    return c;
}

BucketProfile BucketProfile::fromConfig(const QString &name, const BucketConfig &config)
{
    BucketProfile p;
    p.name = name;
    p.provider = config.provider;
    p.region = config.region;
    p.bucket = config.bucket;
    p.prefix = config.prefix;
    p.endpoint = config.endpoint.toString();
    p.roleArn = config.roleArn;
    p.externalId = config.externalId;
    p.accountName = config.accountName;
    p.container = config.container;
    return p;
}

QStringList AppSettings::bucketProfileNames() const
{
    m_settings.beginGroup(kBucketGroup);
    QStringList names = m_settings.childGroups();
    m_settings.endGroup();
    if (names.isEmpty()) {
        names << QStringLiteral("default");
    }
    return names;
}

bool AppSettings::hasBucketProfile(const QString &name) const
{
    m_settings.beginGroup(kBucketGroup);
    const bool saved = m_settings.childGroups().contains(name);
    m_settings.endGroup();
    return saved;
}

BucketProfile AppSettings::bucketProfile(const QString &name) const
{
    BucketProfile p;
    p.name = name;
    m_settings.beginGroup(kBucketGroup + QLatin1Char('/') + name);
    p.provider = providerFromName(
        m_settings.value(QStringLiteral("provider"), BucketConfig::providerName(p.provider))
            .toString());
    for (const auto &[key, field] : kBucketFields) {
        p.*field = m_settings.value(QLatin1String(key)).toString();
    }
    m_settings.endGroup();
    return p;
}

void AppSettings::saveBucketProfile(const BucketProfile &p)
{
    m_settings.beginGroup(kBucketGroup + QLatin1Char('/') + p.name);
    m_settings.setValue(QStringLiteral("provider"), BucketConfig::providerName(p.provider));
    for (const auto &[key, field] : kBucketFields) {
        m_settings.setValue(QLatin1String(key), p.*field);
    }
    m_settings.endGroup();
}

void AppSettings::removeBucketProfile(const QString &name)
{
    m_settings.remove(kBucketGroup + QLatin1Char('/') + name);
}

QString AppSettings::lastBucketProfile() const
{
    return m_settings.value(QStringLiteral("lastBucketProfile"), QStringLiteral("default"))
        .toString();
}

void AppSettings::setLastBucketProfile(const QString &name)
{
    m_settings.setValue(QStringLiteral("lastBucketProfile"), name);
}

int AppSettings::requestTimeoutSeconds() const
{
    return std::clamp(m_settings.value(QStringLiteral("requestTimeoutSeconds"), 0).toInt(), 0,
                      kMaxRequestTimeoutSeconds);
}

void AppSettings::setRequestTimeoutSeconds(int seconds)
{
    m_settings.setValue(QStringLiteral("requestTimeoutSeconds"),
                        std::clamp(seconds, 0, kMaxRequestTimeoutSeconds));
}

FollowPreferences AppSettings::followPreferences() const
{
    FollowPreferences p;
    p.settleSeconds = std::clamp(
        m_settings.value(QStringLiteral("follow/settleSeconds"), p.settleSeconds).toInt(),
        FollowPreferences::kMinSettleSeconds, FollowPreferences::kMaxSettleSeconds);
    p.allowManifestOnly
        = m_settings.value(QStringLiteral("follow/allowManifestOnly"), false).toBool();
    p.includeDocsGenerate
        = m_settings.value(QStringLiteral("follow/includeDocsGenerate"), false).toBool();
    const QString notifications
        = m_settings.value(QStringLiteral("follow/notifications")).toString();
    if (notifications == QLatin1String("failures")) {
        p.notifications = FollowPreferences::Notifications::FailuresOnly;
    } else if (notifications == QLatin1String("none")) {
        p.notifications = FollowPreferences::Notifications::None;
    }
    return p;
}

void AppSettings::setFollowPreferences(const FollowPreferences &p)
{
    m_settings.setValue(QStringLiteral("follow/settleSeconds"),
                        std::clamp(p.settleSeconds, FollowPreferences::kMinSettleSeconds,
                                   FollowPreferences::kMaxSettleSeconds));
    m_settings.setValue(QStringLiteral("follow/allowManifestOnly"), p.allowManifestOnly);
    m_settings.setValue(QStringLiteral("follow/includeDocsGenerate"), p.includeDocsGenerate);
    QString notifications = QStringLiteral("every");
    if (p.notifications == FollowPreferences::Notifications::FailuresOnly) {
        notifications = QStringLiteral("failures");
    } else if (p.notifications == FollowPreferences::Notifications::None) {
        notifications = QStringLiteral("none");
    }
    m_settings.setValue(QStringLiteral("follow/notifications"), notifications);
}

QStringList AppSettings::trustedCertificateFiles() const
{
    return m_settings.value(QStringLiteral("trustedCertificateFiles")).toStringList();
}

void AppSettings::setTrustedCertificateFiles(const QStringList &files)
{
    if (files.isEmpty()) {
        m_settings.remove(QStringLiteral("trustedCertificateFiles"));
    } else {
        m_settings.setValue(QStringLiteral("trustedCertificateFiles"), files);
    }
}

ProxySettings AppSettings::proxySettings() const
{
    ProxySettings proxy;
    m_settings.beginGroup(QStringLiteral("proxy"));
    proxy.mode = ProxySettings::modeFromName(m_settings.value(QStringLiteral("mode")).toString());
    proxy.host = m_settings.value(QStringLiteral("host")).toString();
    proxy.port = m_settings.value(QStringLiteral("port"), proxy.port).toInt();
    proxy.user = m_settings.value(QStringLiteral("user")).toString();
    proxy.noProxy = m_settings.value(QStringLiteral("noProxy")).toString();
    m_settings.endGroup();
    return proxy;
}

void AppSettings::setProxySettings(const ProxySettings &proxy)
{
    m_settings.beginGroup(QStringLiteral("proxy"));
    m_settings.remove(QString()); // the group's old keys
    m_settings.setValue(QStringLiteral("mode"), ProxySettings::modeName(proxy.mode));
    if (!proxy.host.isEmpty()) {
        m_settings.setValue(QStringLiteral("host"), proxy.host);
        m_settings.setValue(QStringLiteral("port"), proxy.port);
    }
    if (!proxy.user.isEmpty()) {
        m_settings.setValue(QStringLiteral("user"), proxy.user);
    }
    if (!proxy.noProxy.isEmpty()) {
        m_settings.setValue(QStringLiteral("noProxy"), proxy.noProxy);
    }
    m_settings.endGroup();
}

} // namespace Dbtu
