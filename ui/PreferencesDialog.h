// SPDX-License-Identifier: MIT
#pragma once

#include "settings/AppSettings.h"
#include "settings/ProxySettings.h"

#include <QDialog>
#include <QPointer>

#include <memory>

namespace Ui {
class PreferencesDialog;
}

namespace Dbtu {
class SecretJob;
class SecretStore;
} // namespace Dbtu

namespace Dbtu::Ui {

/**
 * Settings → Preferences…: the proxy (automatic: http_proxy / https_proxy, else the desktop's;
 * none; manual host, port, user, password, hosts reached directly), the request timeout, the
 * trusted certificates (their own dialog), and Automatic uploads (FollowPreferences: settle
 * time, a manifest alone, docs generate runs, notifications). Static layout in
 * PreferencesDialog.ui.
 *
 * OK checks the manual fields (ProxySettings::validate(); the problem shows in the banner
 * "preferencesBanner" and the field gets the focus), then writes a typed password to the keychain
 * (SecretStore::proxyPasswordName(); a cleared user removes it) and only when that succeeded
 * saves the rest in the settings file and emits settingsChanged(). The password field stays
 * empty: a stored password is kept until a new one is typed, and never read back into the dialog.
 * A keychain failure shows in the banner and changes nothing.
 */
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(SecretStore &secrets, QWidget *parent = nullptr);
    ~PreferencesDialog() override;

    /** The proxy as the fields say now. */
    ProxySettings proxySettings() const;
    /** The Automatic uploads group as the fields say now. */
    FollowPreferences followPreferences() const;

    void accept() override;

signals:
    /** The settings file holds the new preferences and the keychain the password. */
    void settingsChanged();
    /** The trusted certificates were changed in their dialog (already saved). */
    void trustChanged();

private:
    void updateEnabled();
    void updateCertificateCount();
    void editCertificates();
    void save();

    std::unique_ptr<::Ui::PreferencesDialog> m_ui;
    SecretStore &m_secrets;
    QPointer<SecretJob> m_job;
    bool m_passwordStored = false;
};

} // namespace Dbtu::Ui
