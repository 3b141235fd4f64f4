// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "secrets/Secret.h"

#include <QObject>
#include <QPointer>

#include <optional>

class QLabel;
class QLayout;
class QLineEdit;
class QPushButton;
class QWidget;

namespace Dbtu {
class SecretJob;
class SecretStore;
} // namespace Dbtu

namespace Dbtu::Ui {

/**
 * The API tab's key: the password field, Store in keychain / Keep for this session only /
 * Delete key…, and the key's status, for one profile at a time. The key is read from and
 * written to the OS keychain (SecretStore), or kept in memory for the session; it never goes
 * to a file. Makes its widgets; the page places them in its form (lineEdit(), buttons(),
 * statusLabel()).
 *
 * Widgets (objectNames): apiKeyLineEdit, storeKeyButton, sessionKeyButton, deleteKeyButton,
 * keyStatusLabel; dialog deleteKeyMessageBox.
 */
class ApiKeyField : public QObject
{
    Q_OBJECT
public:
    ApiKeyField(SecretStore &secrets, QWidget *parent);

    QLineEdit *lineEdit() const { return m_edit; }
    QLayout *buttons() const { return m_buttons; }
    QLabel *statusLabel() const { return m_status; }
    QPushButton *storeButton() const { return m_store; }
    QPushButton *sessionButton() const { return m_session; }
    QPushButton *deleteButton() const { return m_delete; }

    /** Shows the key of profile @p name: clears the field and looks for a stored key. */
    void setProfile(const QString &name);
    /** The typed key, else the stored one. */
    std::optional<Secret> currentKey() const;
    bool hasKey() const;
    /** Still looking in the keychain for the profile's stored key (after setProfile()). */
    bool isLookingUp() const { return m_lookingUp; }
    /** The stored key when it is in the keychain (not session-only): a rename moves it. */
    std::optional<Secret> keychainKey() const;

    /** The profile @p from was renamed to @p to: a key in the keychain moves with it (written
     * under the new name, then removed under the old one; moveFailed() if the write fails). */
    void moveKey(const QString &from, const QString &to);
    /** The profile @p name was removed: its key goes from the keychain and the session. */
    void forgetKey(const QString &name);

public slots:
    void store();
    void keepForSession();
    /** Asks first (deleteKeyMessageBox), then deletes. */
    void askDelete();
    void deleteKey();

signals:
    /** What hasKey() or the buttons show may have changed. */
    void changed();
    /** The keychain cannot be used: the page says so; keeping for the session is offered. */
    void keychainUnavailable(const Dbtu::Error &error);
    /** A key was stored: a warning about the keychain is no longer true. */
    void keychainWorks();
    /** Removing the key from the keychain failed. */
    void removeFailed(const Dbtu::Error &error);
    /** Writing the key under a renamed profile's name failed (the old entry is kept). */
    void moveFailed(const Dbtu::Error &error);

private:
    void setStatus(const QString &text);
    void onKeychainUnavailable(const Error &error);
    void updateButtons();

    SecretStore &m_secrets;
    QString m_profile;
    QLineEdit *m_edit = nullptr;
    QLayout *m_buttons = nullptr;
    QPushButton *m_store = nullptr;
    QPushButton *m_session = nullptr;
    QPushButton *m_delete = nullptr;
    QLabel *m_status = nullptr;
    QWidget *m_parent = nullptr;
    std::optional<Secret> m_storedKey;
    bool m_sessionOnly = false;
    bool m_keychainAvailable = true;
    bool m_lookingUp = false;
    QPointer<SecretJob> m_job;
};

} // namespace Dbtu::Ui
