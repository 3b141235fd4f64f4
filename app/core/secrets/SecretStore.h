// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "secrets/Secret.h"
#include "secrets/SecretJob.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <optional>

namespace Dbtu {

/**
 * The only code that talks to the OS keychain (QtKeychain: Secret Service, macOS Keychain,
 * Windows Credential Manager). Keys: "secoda/<profile>/api-key", "bucket/<profile>/<field>",
 * "proxy/password".
 * There is never a plain-file fallback: when no keychain is available, jobs fail with
 * KeychainUnavailable, and the caller may keep a secret for this session only
 * (setSessionSecret), in memory.
 */
class SecretStore : public QObject
{
    Q_OBJECT
public:
    explicit SecretStore(QString service = QStringLiteral("dbt-uploader"),
                         QObject *parent = nullptr);

    /** The caller owns the job (a child of parent) and starts it (Job::start()). */
    SecretJob *read(const QString &key, QObject *parent = nullptr);
    SecretJob *write(const QString &key, const Secret &value, QObject *parent = nullptr);
    SecretJob *remove(const QString &key, QObject *parent = nullptr);

    /** Session-only secrets (no keychain): read() finds them first; nothing touches disk. */
    void setSessionSecret(const QString &key, const Secret &value);
    void clearSessionSecret(const QString &key);
    bool hasSessionSecret(const QString &key) const { return m_session.contains(key); }
    /** The session-only secret under key, if any (to move it, e.g. when a profile is renamed). */
    std::optional<Secret> sessionSecret(const QString &key) const
    {
        const auto it = m_session.constFind(key);
        return it == m_session.cend() ? std::nullopt : std::optional<Secret>(it.value());
    }

    static QString apiKeyName(const QString &profile);
    /** The window's manual proxy password (Settings → Preferences): "proxy/password". */
    static QString proxyPasswordName();

private:
    QString m_service;
    QHash<QString, Secret> m_session;
};

} // namespace Dbtu
