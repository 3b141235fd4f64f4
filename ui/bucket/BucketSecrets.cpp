// SPDX-License-Identifier: MIT
#include "bucket/BucketSecrets.h"

#include "Banner.h"
#include "PageWidgets.h"
#include "secrets/SecretStore.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

#include <memory>

namespace Dbtu::Ui {

using PageWidgets::button;
using PageWidgets::deleteWhenFinished;
using PageWidgets::statusLabel;

BucketSecrets::BucketSecrets(SecretStore &store, Form form, Banner *keychainBanner,
                             Banner *errorBanner, QObject *parent)
    : QObject(parent)
    , m_secrets(store)
    , m_form(std::move(form))
    , m_keychainBanner(keychainBanner)
    , m_errorBanner(errorBanner)
{}

BucketSecrets::~BucketSecrets() = default;

void BucketSecrets::addRows(QFormLayout *form, QWidget *parent)
{
    m_statusLabel
        = statusLabel(QStringLiteral("secretStatusLabel"), tr("Where the secrets are"), parent);
    form->addRow(tr("Secrets:"), m_statusLabel);
    auto *secretRow = new QHBoxLayout;
    m_storeButton = button(tr("Store in &keychain"), QStringLiteral("storeSecretsButton"),
                           tr("Store the secrets in the keychain"), parent);
    m_sessionButton
        = button(tr("Use for this session only"), QStringLiteral("sessionSecretsButton"),
                 tr("Keep the secrets in memory for this session only"), parent);
    m_sessionButton->setVisible(false);
    m_deleteButton = button(tr("Delete…"), QStringLiteral("deleteSecretsButton"),
                            tr("Delete the stored secrets"), parent);
    secretRow->addWidget(m_storeButton);
    secretRow->addWidget(m_sessionButton);
    secretRow->addWidget(m_deleteButton);
    secretRow->addStretch(1);
    form->addRow(QString(), secretRow);

    connect(m_storeButton, &QPushButton::clicked, this, &BucketSecrets::store);
    connect(m_sessionButton, &QPushButton::clicked, this, &BucketSecrets::keepForSession);
    connect(m_deleteButton, &QPushButton::clicked, this, &BucketSecrets::deleteRequested);
}

QString BucketSecrets::keyName(Field field)
{
    switch (field) {
    case Field::AccessKeyId:
        return QStringLiteral("access-key-id");
    case Field::SecretAccessKey:
        return QStringLiteral("secret-access-key");
    case Field::SessionToken:
        return QStringLiteral("session-token");
    case Field::ConnectionString:
        return QStringLiteral("connection-string");
    default:
        return {};
    }
}

void BucketSecrets::setStatusText(const QString &text)
{
    m_statusLabel->setText(text);
}

void BucketSecrets::updateButtons(bool writing)
{
    bool anyTyped = false;
    for (Field f : fields()) {
        anyTyped = anyTyped || !m_form.text(f).isEmpty();
    }
    m_storeButton->setEnabled(!writing && anyTyped);
    m_sessionButton->setEnabled(!writing && anyTyped);
    m_deleteButton->setEnabled(!writing && !m_stored.isEmpty());
}

QList<BucketSecrets::Field> BucketSecrets::allFields()
{
    return {Field::AccessKeyId, Field::SecretAccessKey, Field::SessionToken,
            Field::ConnectionString};
}

QList<BucketSecrets::Field> BucketSecrets::fields() const
{
    const BucketProvider provider = m_form.provider();
    if (provider == BucketProvider::Azure) {
        return {Field::ConnectionString};
    }
    if (provider == BucketProvider::Gcs) {
        return {Field::AccessKeyId, Field::SecretAccessKey};
    }
    return {Field::AccessKeyId, Field::SecretAccessKey, Field::SessionToken};
}

void BucketSecrets::read()
{
    m_stored.clear();
    m_sessionOnly = false;
    const quint64 generation = ++m_readGeneration;
    const QString profile = m_form.profile();
    const QList<Field> all = allFields();
    m_pendingReads = int(all.size());
    m_statusLabel->setText(tr("Looking in the keychain…"));
    for (Field f : all) {
        const QString key = BucketConfig::keychainKey(profile, keyName(f));
        SecretJob *job = m_secrets.read(key);
        deleteWhenFinished(job);
        connect(job, &SecretJob::finished, this, [this, job, f, key, generation] {
            if (generation != m_readGeneration) {
                return; // another profile was loaded meanwhile
            }
            if (job->error()) {
                if (job->error()->code == ErrorCode::KeychainUnavailable) {
                    showKeychainUnavailable(*job->error());
                } else {
                    m_errorBanner->showError(*job->error());
                }
            } else if (job->found()) {
                m_stored.insert(f, *job->secret());
                m_sessionOnly = m_sessionOnly || m_secrets.hasSessionSecret(key);
                // Fill the field unless the user typed something meanwhile.
                m_form.fill(f, QString::fromUtf8(job->secret()->reveal()));
            }
            if (--m_pendingReads == 0) {
                updateStatus();
                emit loaded();
            }
        });
        job->start();
    }
}

void BucketSecrets::store()
{
    write(false);
}

void BucketSecrets::keepForSession()
{
    write(true);
}

void BucketSecrets::write(bool sessionOnly)
{
    if (m_pendingWrites > 0 || m_form.renaming()) {
        return;
    }
    m_errorBanner->clear();
    const QString profile = m_form.profile();
    const QList<Field> current = fields();
    if (sessionOnly) {
        for (Field f : current) {
            const QString key = BucketConfig::keychainKey(profile, keyName(f));
            if (m_form.text(f).isEmpty()) {
                m_secrets.clearSessionSecret(key);
                m_stored.remove(f);
            } else {
                m_secrets.setSessionSecret(key, Secret(m_form.text(f)));
                m_stored.insert(f, Secret(m_form.text(f)));
            }
        }
        m_sessionOnly = true;
        updateStatus();
        emit saved();
        return;
    }
    m_pendingWrites = int(current.size());
    m_statusLabel->setText(tr("Storing in the keychain…"));
    auto failures = std::make_shared<QList<Error>>();
    for (Field f : current) {
        const QString key = BucketConfig::keychainKey(profile, keyName(f));
        const Secret value(m_form.text(f));
        // An emptied field removes its old entry, so a stale session token never lingers.
        SecretJob *job = value.isEmpty() ? m_secrets.remove(key) : m_secrets.write(key, value);
        deleteWhenFinished(job);
        connect(job, &SecretJob::finished, this, [this, job, f, key, value, profile, failures] {
            if (job->error()) {
                failures->append(*job->error());
            } else if (profile == m_form.profile()) {
                m_secrets.clearSessionSecret(key);
                if (value.isEmpty()) {
                    m_stored.remove(f);
                } else {
                    m_stored.insert(f, value);
                }
            }
            if (--m_pendingWrites > 0) {
                return;
            }
            if (!failures->isEmpty()) {
                const Error &e = failures->first();
                if (e.code == ErrorCode::KeychainUnavailable) {
                    showKeychainUnavailable(e);
                } else {
                    m_errorBanner->showError(e);
                }
            } else {
                m_sessionOnly = false;
                m_keychainAvailable = true; // it answered: a Rename moves its entries again
                m_keychainBanner->clear();
            }
            updateStatus();
            if (!failures->isEmpty()) {
                m_statusLabel->setText(tr("Not stored: %1").arg(failures->first().message));
            }
            emit saved();
        });
        job->start();
    }
}

void BucketSecrets::remove()
{
    if (m_form.renaming()) {
        return; // the button is disabled meanwhile; the keys are moving
    }
    const QString profile = m_form.profile();
    const QList<Field> all = allFields();
    m_stored.clear();
    m_sessionOnly = false;
    for (Field f : all) {
        const QString key = BucketConfig::keychainKey(profile, keyName(f));
        m_secrets.clearSessionSecret(key);
    }
    if (!m_keychainAvailable) {
        updateStatus();
        emit saved();
        return;
    }
    m_pendingWrites = int(all.size());
    for (Field f : all) {
        SecretJob *job = m_secrets.remove(BucketConfig::keychainKey(profile, keyName(f)));
        deleteWhenFinished(job);
        connect(job, &SecretJob::finished, this, [this, job] {
            if (job->error()) {
                m_errorBanner->showError(*job->error());
            }
            if (--m_pendingWrites == 0) {
                updateStatus();
                emit saved();
            }
        });
        job->start();
    }
}

void BucketSecrets::updateStatus()
{
    if (m_form.loading() || m_pendingReads > 0 || m_pendingWrites > 0 || m_form.renaming()
        || !m_statusLabel) {
        return;
    }
    bool anyTyped = false;
    bool allStored = true;
    for (Field f : fields()) {
        const QString value = m_form.text(f);
        if (value.isEmpty()) {
            allStored = allStored && !m_stored.contains(f);
            continue;
        }
        anyTyped = true;
        allStored = allStored && m_stored.contains(f) && m_stored.value(f) == Secret(value);
    }
    QString status;
    if (!anyTyped) {
        status = tr("Not stored");
    } else if (allStored) {
        status = m_sessionOnly ? tr("Kept for this session only (in memory, never on disk)")
                               : tr("Stored in the keychain");
    } else if (!m_stored.isEmpty()) {
        status = tr("Changed: not stored yet (Store to keep the new values)");
    } else {
        status = tr("Not stored");
    }
    m_statusLabel->setText(status);
}

void BucketSecrets::showKeychainUnavailable(const Error &error)
{
    m_keychainAvailable = false;
    m_keychainBanner->clear();
    m_keychainBanner->addMessage(
        Banner::Level::Warning, error.message,
        error.hint.isEmpty()
            ? tr("Use for this session only keeps the secrets in memory; nothing is written "
                 "to disk.")
            : error.hint,
        error.detail);
    m_sessionButton->setVisible(true);
    emit stateChanged();
}

} // namespace Dbtu::Ui
