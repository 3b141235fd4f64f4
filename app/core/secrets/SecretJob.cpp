// SPDX-License-Identifier: MIT
#include "secrets/SecretJob.h"

#include "Translator.h"

#include <QLoggingCategory>
#include <QTimer>

#include <qt6keychain/keychain.h>

Q_LOGGING_CATEGORY(lcSecrets, "dbtu.secrets", QtWarningMsg)

namespace Dbtu {

namespace {

constexpr Translator tr{"Dbtu::SecretStore"};

Error keychainError(QKeychain::Error code, const QString &detail)
{
    Error e;
    e.code = ErrorCode::KeychainUnavailable;
    e.detail = detail;
    switch (code) {
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        e.message = tr("The keychain refused access.");
        e.hint = tr("Unlock your keyring (or allow dbt Uploader in the prompt), then try again.");
        break;
    default:
        e.message = tr("No keychain is available to keep the key safely.");
        e.hint = tr("Start your desktop's keyring (GNOME Keyring, KWallet) or keep the key for "
                    "this session only; it is never written to a plain file.");
        break;
    }
    return e;
}

} // namespace

SecretJob::SecretJob(Operation operation, QString service, QString key, std::optional<Secret> value,
                     QObject *parent)
    : Job(parent)
    , m_operation(operation)
    , m_service(std::move(service))
    , m_key(std::move(key))
    , m_value(std::move(value))
{}

void SecretJob::run()
{
    if (m_sessionValue) {
        // Answered from memory (finished() still comes from the event loop, as for every job).
        done(m_sessionValue, std::nullopt);
        return;
    }
    startBackend();
}

void SecretJob::abort()
{
    // A keychain call cannot be taken back: the job ends with what the keychain did.
}

void SecretJob::startBackend()
{
    QKeychain::Job *job = nullptr;
    switch (m_operation) {
    case Operation::Read:
        job = new QKeychain::ReadPasswordJob(m_service, this);
        break;
    case Operation::Write: {
        auto *write = new QKeychain::WritePasswordJob(m_service, this);
        write->setBinaryData(m_value->reveal().toByteArray());
        job = write;
        break;
    }
    case Operation::Remove:
        job = new QKeychain::DeletePasswordJob(m_service, this);
        break;
    }
    job->setAutoDelete(false);
    job->setInsecureFallback(false); // never a plaintext copy in QSettings
    job->setKey(m_key);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        job->deleteLater();
        const QKeychain::Error code = job->error();
        qCDebug(lcSecrets) << "keychain" << int(m_operation) << m_key << "->" << int(code);
        if (code == QKeychain::NoBackendAvailable && !m_retried) {
            // The Secret Service may still be starting (first call of a session): once more.
            m_retried = true;
            QTimer::singleShot(500, this, &SecretJob::startBackend);
            return;
        }
        if (code == QKeychain::NoError) {
            if (m_operation == Operation::Read) {
                auto *read = static_cast<QKeychain::ReadPasswordJob *>(job);
                done(Secret(read->binaryData()), std::nullopt);
            } else {
                done(std::nullopt, std::nullopt);
            }
            return;
        }
        if (code == QKeychain::EntryNotFound) {
            // Reading nothing or removing nothing is not a failure.
            done(std::nullopt, std::nullopt);
            return;
        }
        done(std::nullopt, keychainError(code, job->errorString()));
    });
    job->start();
}

void SecretJob::done(std::optional<Secret> secret, std::optional<Error> error)
{
    m_secret = std::move(secret);
    m_value.reset();
    finishWith(std::move(error));
}

} // namespace Dbtu
