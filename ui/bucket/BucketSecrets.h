// SPDX-License-Identifier: MIT
#pragma once

#include "BucketSettingsPage.h"
#include "Error.h"
#include "bucket/BucketConfig.h"
#include "secrets/Secret.h"

#include <QMap>
#include <QObject>

#include <functional>

class QFormLayout;
class QLabel;
class QPushButton;

namespace Dbtu::Ui {

class Banner;

/**
 * The Bucket tab's secrets: the keychain entries of the current profile under
 * BucketConfig::keychainKey(profile, keyName(field)) (or, without a keychain, kept for the
 * session in memory), read when a profile loads, stored, kept for the session or deleted on
 * request, and the rows of the connection form that show them. A helper, not a widget: its rows
 * sit in the page's form (addRows()). It reads the form through Form, and says when the page
 * should update its buttons (stateChanged(), loaded(), saved()).
 *
 * Widgets (objectNames): secretStatusLabel, storeSecretsButton, sessionSecretsButton,
 * deleteSecretsButton.
 */
class BucketSecrets : public QObject
{
    Q_OBJECT
public:
    using Field = BucketSettingsPage::Field;

    /** What it reads of the page's form. */
    struct Form
    {
        std::function<QString()> profile; ///< the current profile's name
        std::function<BucketProvider()> provider;
        std::function<QString(Field)> text; ///< a field's value as the page uses it
        /** Sets a field the user has not typed in (with a secret read from the keychain). */
        std::function<void(Field, const QString &)> fill;
        std::function<bool()> loading;  ///< a profile is being loaded into the form
        std::function<bool()> renaming; ///< a Rename moves the secrets
    };

    BucketSecrets(SecretStore &store, Form form, Banner *keychainBanner, Banner *errorBanner,
                  QObject *parent = nullptr);
    ~BucketSecrets() override;

    /** Adds the "Secrets:" status row and the row of buttons to @p form (widgets in @p parent). */
    void addRows(QFormLayout *form, QWidget *parent);

    /** Every secret field of a profile, whatever its provider (what the keychain may hold). */
    static QList<Field> allFields();
    /** The field's part of the keychain key ("secret-access-key"). */
    static QString keyName(Field field);
    /** The secret fields of the current provider. */
    QList<Field> fields() const;

    bool isKeychainAvailable() const { return m_keychainAvailable; }
    bool isReading() const { return m_pendingReads > 0; }
    bool isWriting() const { return m_pendingWrites > 0; }

    /** Reads the current profile's secrets; fills the fields still empty. */
    void read();
    void store();
    void keepForSession();
    /** Deletes the current profile's secrets (from the session and the keychain). */
    void remove();
    /** Shows where the secrets typed in the form are (stored, session only, changed, not). */
    void updateStatus();
    void setStatusText(const QString &text);
    void showKeychainUnavailable(const Error &error);
    /** Enables Store, session only and Delete; @p writing: the keychain is busy. */
    void updateButtons(bool writing);

signals:
    /** The reads of read() are done (found or not). */
    void loaded();
    /** A store(), keepForSession() or remove() finished. */
    void saved();
    /** The keychain turned out missing: the page updates its buttons. */
    void stateChanged();
    /** Delete was clicked: the page confirms, then calls remove(). */
    void deleteRequested();

private:
    void write(bool sessionOnly);

    SecretStore &m_secrets;
    Form m_form;
    Banner *m_keychainBanner;
    Banner *m_errorBanner;
    bool m_keychainAvailable = true;
    bool m_sessionOnly = false;
    int m_pendingReads = 0;
    int m_pendingWrites = 0;
    quint64 m_readGeneration = 0;
    QMap<Field, Secret> m_stored; ///< what the keychain (or the session) holds for the profile

    QLabel *m_statusLabel = nullptr;
    QPushButton *m_storeButton = nullptr;
    QPushButton *m_sessionButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
};

} // namespace Dbtu::Ui
