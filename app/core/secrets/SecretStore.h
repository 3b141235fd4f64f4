// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "Job.h"
#include "secrets/Secret.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <optional>

namespace Dbtu {

/**
 * One keychain operation (read, write or remove), asynchronous (a Job; made by SecretStore).
 * finished() comes exactly once; then read secret() (for a read that found one) or error(). A
 * read of a missing entry is not an error: found() is false. A keychain call cannot be taken
 * back: cancel() lets it end with what the keychain did.
 */
class SecretJob : public Job
{
    Q_OBJECT
public:
    enum class Operation { Read, Write, Remove };

    bool found() const { return m_secret.has_value(); }
    const std::optional<Secret> &secret() const { return m_secret; }
    Operation operation() const { return m_operation; }
    QString key() const { return m_key; }

protected:
    void run() override;
    void abort() override;

private:
    friend class SecretStore;
    SecretJob(Operation operation, QString service, QString key, std::optional<Secret> value,
              QObject *parent);
    void startBackend();
    void done(std::optional<Secret> secret, std::optional<Error> error);

    Operation m_operation;
    QString m_service;
    QString m_key;
    std::optional<Secret> m_value;
    std::optional<Secret> m_sessionValue;
    std::optional<Secret> m_secret;
    bool m_retried = false;
};

/**
 * The only code that talks to the OS keychain (QtKeychain: Secret Service, macOS Keychain,
 * Windows Credential Manager). Keys: "secoda/<profile>/api-key", "bucket/<profile>/<field>".
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

    /** The caller owns the job (a child of parent); start it with start(). */
    SecretJob *read(const QString &key, QObject *parent = nullptr);
    SecretJob *write(const QString &key, const Secret &value, QObject *parent = nullptr);
    SecretJob *remove(const QString &key, QObject *parent = nullptr);
    static void start(SecretJob *job) { job->start(); }

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

private:
    QString m_service;
    QHash<QString, Secret> m_session;
};

} // namespace Dbtu
