// SPDX-License-Identifier: MIT
#pragma once

#include "bucket/BucketConfig.h"
#include "settings/ProxySettings.h"

#include <QSettings>
#include <QStringList>

namespace Dbtu {

/** One Secoda workspace the user uploads to (e.g. prod, staging). Never holds a secret. */
struct ApiProfile
{
    QString name = QStringLiteral("default");
    QString apiUrl = QStringLiteral("us"); ///< a region (us, eu, apac) or a URL
    QString integrationId;
    QString style = QStringLiteral("combined"); ///< combined | separate
};

/**
 * The non-secret fields of one bucket connection (the window's Bucket settings tab). The secrets
 * (access key id, secret access key, session token, connection string) live only in the keychain
 * under BucketConfig::keychainKey(name, field); this struct has no place for them.
 */
struct BucketProfile
{
    QString name = QStringLiteral("default");
    BucketProvider provider = BucketProvider::S3;
    QString region;
    QString bucket;
    QString prefix;
    QString endpoint;
    QString roleArn;
    QString externalId;
    QString accountName;
    QString container;

    /** A BucketConfig with these fields and no secrets. */
    BucketConfig toConfig() const;
    /** The non-secret fields of @p config (its secrets are left behind). */
    static BucketProfile fromConfig(const QString &name, const BucketConfig &config);
};

/**
 * Settings → Preferences → Automatic uploads (group "follow"): how the window's "Upload new runs
 * automatically" follows a folder (the CLI's `follow` takes the same as options) and which of
 * its events the tray shows.
 */
struct FollowPreferences
{
    enum class Notifications { Every, FailuresOnly, None };

    static constexpr int kMinSettleSeconds = 1;
    static constexpr int kMaxSettleSeconds = 600;

    int settleSeconds = 2;            ///< follow --settle
    bool allowManifestOnly = false;   ///< follow --allow-manifest-only
    bool includeDocsGenerate = false; ///< follow --include-docs-generate
    Notifications notifications = Notifications::Every;

    /** Whether an event is notified: @p failure for a failed or refused run or sync. */
    bool notifies(bool failure) const
    {
        return notifications == Notifications::Every
               || (failure && notifications == Notifications::FailuresOnly);
    }
};

/**
 * The non-secret settings (QSettings, the platform's usual place). Secrets live only in the
 * keychain (SecretStore); a test reads the written file and looks for them.
 */
class AppSettings
{
public:
    AppSettings();

    QStringList profileNames() const;
    ApiProfile profile(const QString &name) const;
    void saveProfile(const ApiProfile &profile);
    void removeProfile(const QString &name);
    QString lastProfile() const;
    void setLastProfile(const QString &name);
    /** The folder profile @p name uploads new runs from automatically (the API tab's switch,
     * kept across restarts); empty: the switch is off. */
    QString followFolder(const QString &name) const;
    void setFollowFolder(const QString &name, const QString &folder);

    /** Bucket profiles (group "bucketProfiles"); "default" when there is none. */
    QStringList bucketProfileNames() const;
    /** Whether a bucket profile of that name was saved (bucketProfileNames() lists "default"
     * even before anything is saved). */
    bool hasBucketProfile(const QString &name) const;
    BucketProfile bucketProfile(const QString &name) const;
    void saveBucketProfile(const BucketProfile &profile);
    void removeBucketProfile(const QString &name);
    QString lastBucketProfile() const;
    void setLastBucketProfile(const QString &name);

    /** The window's Request timeout: each request's total deadline in seconds; 0 = automatic
     * (120 s, more for large uploads). */
    int requestTimeoutSeconds() const;
    static constexpr int kMaxRequestTimeoutSeconds = 86400;
    void setRequestTimeoutSeconds(int seconds);

    /** Settings → Trusted Certificates: root certificate files trusted next to the system's
     * (paths only; certificates are public). */
    QStringList trustedCertificateFiles() const;
    void setTrustedCertificateFiles(const QStringList &files);

    /** Settings → Preferences → Automatic uploads; out-of-range values are clamped. */
    FollowPreferences followPreferences() const;
    void setFollowPreferences(const FollowPreferences &preferences);

    /** Settings → Preferences → Proxy (group "proxy"); the password is in the keychain. */
    ProxySettings proxySettings() const;
    void setProxySettings(const ProxySettings &proxy);

    QString fileName() const { return m_settings.fileName(); }
    void sync() { m_settings.sync(); }

private:
    mutable QSettings m_settings;
};

} // namespace Dbtu
