// SPDX-License-Identifier: MIT
#include "api/ApiKeyField.h"

#include "MessageBox.h"
#include "PageWidgets.h"
#include "secrets/SecretStore.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace Dbtu::Ui {

using PageWidgets::deleteWhenFinished;

ApiKeyField::ApiKeyField(SecretStore &secrets, QWidget *parent)
    : QObject(parent)
    , m_secrets(secrets)
    , m_parent(parent)
{
    m_edit = new QLineEdit(parent);
    m_edit->setObjectName(QStringLiteral("apiKeyLineEdit"));
    m_edit->setEchoMode(QLineEdit::Password);
    m_edit->setAccessibleName(tr("API key"));
    m_edit->setAccessibleDescription(tr("The Secoda API key; stored only in the system keychain"));
    m_edit->setPlaceholderText(tr("Paste an API key to store or replace it"));
    auto *row = new QHBoxLayout;
    m_store = PageWidgets::button(tr("St&ore in keychain"), QStringLiteral("storeKeyButton"),
                                  tr("Store the API key in the keychain"), parent);
    m_session
        = PageWidgets::button(tr("Keep for this session only"), QStringLiteral("sessionKeyButton"),
                              tr("Keep the API key in memory for this session only"), parent);
    m_session->setVisible(false);
    m_delete = PageWidgets::button(tr("Delete key…"), QStringLiteral("deleteKeyButton"),
                                   tr("Delete the stored API key"), parent);
    row->addWidget(m_store);
    row->addWidget(m_session);
    row->addWidget(m_delete);
    row->addStretch(1);
    m_buttons = row;
    m_status = PageWidgets::statusLabel(QStringLiteral("keyStatusLabel"), tr("Key status"), parent);
    setStatus({}); // hidden until there is something to say

    connect(m_edit, &QLineEdit::textChanged, this, [this] {
        updateButtons();
        emit changed();
    });
    connect(m_store, &QPushButton::clicked, this, &ApiKeyField::store);
    connect(m_session, &QPushButton::clicked, this, &ApiKeyField::keepForSession);
    connect(m_delete, &QPushButton::clicked, this, &ApiKeyField::askDelete);
    updateButtons();
}

void ApiKeyField::setStatus(const QString &text)
{
    PageWidgets::setStatus(m_status, text);
}

void ApiKeyField::updateButtons()
{
    const bool typed = !m_edit->text().trimmed().isEmpty();
    m_store->setEnabled(typed);
    m_session->setEnabled(typed);
    m_delete->setEnabled(m_storedKey.has_value());
}

std::optional<Secret> ApiKeyField::currentKey() const
{
    const QString typed = m_edit->text().trimmed();
    if (!typed.isEmpty()) {
        return Secret(typed);
    }
    return m_storedKey;
}

bool ApiKeyField::hasKey() const
{
    return !m_edit->text().trimmed().isEmpty() || m_storedKey.has_value();
}

std::optional<Secret> ApiKeyField::keychainKey() const
{
    return m_sessionOnly ? std::nullopt : m_storedKey;
}

void ApiKeyField::setProfile(const QString &name)
{
    m_profile = name;
    m_edit->clear();
    m_storedKey.reset();
    m_sessionOnly = false;
    m_lookingUp = true;
    const QString keyName = SecretStore::apiKeyName(name);
    setStatus(tr("Looking for a stored key…"));
    SecretJob *job = m_secrets.read(keyName);
    deleteWhenFinished(job);
    m_job = job;
    connect(job, &SecretJob::finished, this, [this, job, keyName, name] {
        if (name != m_profile) {
            return; // the user switched profiles meanwhile
        }
        m_lookingUp = false;
        if (job->error()) {
            onKeychainUnavailable(*job->error());
            setStatus(tr("No key available for this profile."));
        } else if (job->found()) {
            m_storedKey = *job->secret();
            m_sessionOnly = m_secrets.hasSessionSecret(keyName);
            setStatus(m_sessionOnly
                          ? tr("A key is kept for this session only (in memory, not saved).")
                          : tr("A key is stored in the keychain. Paste another to replace it."));
        } else {
            setStatus(tr("No key is stored for this profile."));
        }
        updateButtons();
        emit changed();
    });
    job->start();
    updateButtons();
    emit changed();
}

void ApiKeyField::onKeychainUnavailable(const Error &error)
{
    m_keychainAvailable = false;
    m_session->setVisible(true);
    emit keychainUnavailable(error);
    updateButtons();
    emit changed();
}

void ApiKeyField::store()
{
    const QString typed = m_edit->text().trimmed();
    if (typed.isEmpty()) {
        return;
    }
    const Secret key(typed);
    SecretJob *job = m_secrets.write(SecretStore::apiKeyName(m_profile), key);
    deleteWhenFinished(job);
    m_job = job;
    setStatus(tr("Storing the key in the keychain…"));
    connect(job, &SecretJob::finished, this, [this, job, key] {
        if (job->error()) {
            onKeychainUnavailable(*job->error());
            setStatus(tr("The key was not stored."));
            return;
        }
        m_storedKey = key;
        m_sessionOnly = false;
        m_edit->clear();
        emit keychainWorks();
        setStatus(tr("A key is stored in the keychain. Paste another to replace it."));
        updateButtons();
        emit changed();
    });
    job->start();
}

void ApiKeyField::keepForSession()
{
    const QString typed = m_edit->text().trimmed();
    if (typed.isEmpty()) {
        setStatus(tr("Paste the key first, then keep it for this session."));
        return;
    }
    const Secret key(typed);
    m_secrets.setSessionSecret(SecretStore::apiKeyName(m_profile), key);
    m_storedKey = key;
    m_sessionOnly = true;
    m_edit->clear();
    setStatus(tr("A key is kept for this session only (in memory, not saved)."));
    updateButtons();
    emit changed();
}

void ApiKeyField::moveKey(const QString &from, const QString &to)
{
    const std::optional<Secret> key = keychainKey();
    if (!key) {
        return;
    }
    SecretJob *write = m_secrets.write(SecretStore::apiKeyName(to), *key);
    deleteWhenFinished(write);
    connect(write, &SecretJob::finished, this, [this, write, from] {
        if (write->error()) {
            emit moveFailed(*write->error());
            return;
        }
        SecretJob *remove = m_secrets.remove(SecretStore::apiKeyName(from));
        deleteWhenFinished(remove);
        remove->start();
    });
    write->start();
}

void ApiKeyField::forgetKey(const QString &name)
{
    SecretJob *remove = m_secrets.remove(SecretStore::apiKeyName(name));
    deleteWhenFinished(remove);
    remove->start();
    m_secrets.clearSessionSecret(SecretStore::apiKeyName(name));
}

void ApiKeyField::askDelete()
{
    MessageBox::confirm(
        m_parent, QStringLiteral("deleteKeyMessageBox"), tr("Delete the API key"),
        tr("Delete the API key of profile \"%1\" from the keychain?").arg(m_profile), tr("&Delete"),
        [this] { deleteKey(); });
}

void ApiKeyField::deleteKey()
{
    const QString keyName = SecretStore::apiKeyName(m_profile);
    m_secrets.clearSessionSecret(keyName);
    m_storedKey.reset();
    m_sessionOnly = false;
    if (!m_keychainAvailable) {
        setStatus(tr("No key is stored for this profile."));
        updateButtons();
        emit changed();
        return;
    }
    SecretJob *job = m_secrets.remove(keyName);
    deleteWhenFinished(job);
    m_job = job;
    connect(job, &SecretJob::finished, this, [this, job] {
        if (job->error()) {
            emit removeFailed(*job->error());
        }
        setStatus(tr("No key is stored for this profile."));
        updateButtons();
        emit changed();
    });
    job->start();
}

} // namespace Dbtu::Ui
