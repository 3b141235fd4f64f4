// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "Job.h"
#include "secrets/Secret.h"

#include <QString>

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

} // namespace Dbtu
