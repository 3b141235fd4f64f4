// SPDX-License-Identifier: MIT
#include "secrets/SecretStore.h"

namespace Dbtu {

SecretStore::SecretStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{}

QString SecretStore::apiKeyName(const QString &profile)
{
    return QStringLiteral("secoda/%1/api-key").arg(profile);
}

QString SecretStore::proxyPasswordName()
{
    return QStringLiteral("proxy/password");
}

SecretJob *SecretStore::read(const QString &key, QObject *parent)
{
    auto *job = new SecretJob(SecretJob::Operation::Read, m_service, key, std::nullopt, parent);
    if (m_session.contains(key)) {
        job->m_sessionValue = m_session.value(key);
    }
    return job;
}

SecretJob *SecretStore::write(const QString &key, const Secret &value, QObject *parent)
{
    return new SecretJob(SecretJob::Operation::Write, m_service, key, value, parent);
}

SecretJob *SecretStore::remove(const QString &key, QObject *parent)
{
    m_session.remove(key);
    return new SecretJob(SecretJob::Operation::Remove, m_service, key, std::nullopt, parent);
}

void SecretStore::setSessionSecret(const QString &key, const Secret &value)
{
    m_session.insert(key, value);
}

void SecretStore::clearSessionSecret(const QString &key)
{
    m_session.remove(key);
}

} // namespace Dbtu
