// SPDX-License-Identifier: MIT
#include "PreferencesDialog.h"

#include "TrustedCertificatesDialog.h"
#include "secrets/SecretJob.h"
#include "secrets/SecretStore.h"
#include "settings/AppSettings.h"
#include "ui_PreferencesDialog.h"

#include <QComboBox>
#include <QPushButton>

namespace Dbtu::Ui {

PreferencesDialog::PreferencesDialog(SecretStore &secrets, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<::Ui::PreferencesDialog>())
    , m_secrets(secrets)
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("preferencesDialog"));
    const AppSettings settings;
    const ProxySettings proxy = settings.proxySettings();
    switch (proxy.mode) {
    case ProxySettings::Mode::Automatic:
        m_ui->proxyAutomaticRadioButton->setChecked(true);
        break;
    case ProxySettings::Mode::None:
        m_ui->proxyNoneRadioButton->setChecked(true);
        break;
    case ProxySettings::Mode::Manual:
        m_ui->proxyManualRadioButton->setChecked(true);
        break;
    }
    m_ui->proxyHostLineEdit->setText(proxy.host);
    m_ui->proxyPortSpinBox->setValue(proxy.port);
    m_ui->proxyUserLineEdit->setText(proxy.user);
    m_ui->noProxyLineEdit->setText(proxy.noProxy);
    // With a user saved, a password was stored with it (OK stores it first).
    m_passwordStored = !proxy.user.isEmpty();
    m_ui->proxyPasswordLineEdit->setPlaceholderText(
        m_passwordStored ? tr("Stored in the keychain; type a new one to replace it")
                         : tr("Kept in the system keychain only"));
    m_ui->requestTimeoutSpinBox->setMaximum(AppSettings::kMaxRequestTimeoutSeconds);
    m_ui->requestTimeoutSpinBox->setValue(settings.requestTimeoutSeconds());
    const FollowPreferences follow = settings.followPreferences();
    m_ui->followSettleSpinBox->setRange(FollowPreferences::kMinSettleSeconds,
                                        FollowPreferences::kMaxSettleSeconds);
    m_ui->followSettleSpinBox->setValue(follow.settleSeconds);
    m_ui->followManifestOnlyCheckBox->setChecked(follow.allowManifestOnly);
    m_ui->followDocsGenerateCheckBox->setChecked(follow.includeDocsGenerate);
    QComboBox *notifications = m_ui->followNotificationsComboBox;
    notifications->addItem(tr("Every upload and sync that ends or fails"),
                           int(FollowPreferences::Notifications::Every));
    notifications->addItem(tr("Only failures"),
                           int(FollowPreferences::Notifications::FailuresOnly));
    notifications->addItem(tr("None"), int(FollowPreferences::Notifications::None));
    notifications->setCurrentIndex(notifications->findData(int(follow.notifications)));
    updateCertificateCount();
    updateEnabled();

    for (QRadioButton *radio : {m_ui->proxyAutomaticRadioButton, m_ui->proxyNoneRadioButton,
                                m_ui->proxyManualRadioButton}) {
        connect(radio, &QRadioButton::toggled, this, &PreferencesDialog::updateEnabled);
    }
    connect(m_ui->proxyUserLineEdit, &QLineEdit::textChanged, this,
            &PreferencesDialog::updateEnabled);
    connect(m_ui->trustedCertificatesButton, &QPushButton::clicked, this,
            &PreferencesDialog::editCertificates);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("acceptButton"));
}

PreferencesDialog::~PreferencesDialog() = default;

ProxySettings PreferencesDialog::proxySettings() const
{
    ProxySettings proxy;
    proxy.mode = m_ui->proxyManualRadioButton->isChecked() ? ProxySettings::Mode::Manual
                 : m_ui->proxyNoneRadioButton->isChecked() ? ProxySettings::Mode::None
                                                           : ProxySettings::Mode::Automatic;
    proxy.host = m_ui->proxyHostLineEdit->text().trimmed();
    proxy.port = m_ui->proxyPortSpinBox->value();
    proxy.user = m_ui->proxyUserLineEdit->text().trimmed();
    proxy.noProxy = m_ui->noProxyLineEdit->text().trimmed();
    return proxy;
}

FollowPreferences PreferencesDialog::followPreferences() const
{
    FollowPreferences p;
    p.settleSeconds = m_ui->followSettleSpinBox->value();
    p.allowManifestOnly = m_ui->followManifestOnlyCheckBox->isChecked();
    p.includeDocsGenerate = m_ui->followDocsGenerateCheckBox->isChecked();
    p.notifications = FollowPreferences::Notifications(
        m_ui->followNotificationsComboBox->currentData().toInt());
    return p;
}

void PreferencesDialog::updateEnabled()
{
    const bool manual = m_ui->proxyManualRadioButton->isChecked();
    m_ui->manualProxyWidget->setEnabled(manual && !m_job);
    m_ui->proxyPasswordLineEdit->setEnabled(!m_ui->proxyUserLineEdit->text().trimmed().isEmpty());
}

void PreferencesDialog::updateCertificateCount()
{
    const qsizetype count = AppSettings().trustedCertificateFiles().size();
    m_ui->certificatesCountLabel->setText(
        count == 0 ? tr("the system's only")
                   : tr("the system's and %n file(s)", nullptr, int(count)));
}

void PreferencesDialog::editCertificates()
{
    auto *dialog = new TrustedCertificatesDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TrustedCertificatesDialog::trustChanged, this, [this] {
        updateCertificateCount();
        emit trustChanged();
    });
    dialog->open();
}

void PreferencesDialog::accept()
{
    if (m_job) {
        return; // the keychain is being written
    }
    m_ui->preferencesBanner->clear();
    const ProxySettings proxy = proxySettings();
    if (Result<void> valid = proxy.validate(); !valid) {
        m_ui->preferencesBanner->showError(valid.error());
        m_ui->proxyHostLineEdit->setFocus(); // the port's spin box holds only valid ports
        return;
    }
    const QString typed = m_ui->proxyPasswordLineEdit->text();
    const QString key = SecretStore::proxyPasswordName();
    if (proxy.user.isEmpty()) {
        if (!m_passwordStored) {
            save();
            return;
        }
        m_job = m_secrets.remove(key, this);
    } else if (!typed.isEmpty()) {
        m_job = m_secrets.write(key, Secret(typed), this);
    } else {
        save(); // the stored password stays
        return;
    }
    m_ui->buttonBox->setEnabled(false);
    updateEnabled();
    SecretJob *job = m_job;
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        m_ui->buttonBox->setEnabled(true);
        if (job->error()) {
            m_job = nullptr;
            updateEnabled();
            Error e = *job->error();
            e.message
                = tr("The proxy password could not be kept in the keychain: %1").arg(e.message);
            m_ui->preferencesBanner->showError(e);
            return;
        }
        m_job = nullptr;
        m_ui->proxyPasswordLineEdit->clear();
        save();
    });
    job->start();
}

void PreferencesDialog::save()
{
    AppSettings settings;
    settings.setProxySettings(proxySettings());
    settings.setRequestTimeoutSeconds(m_ui->requestTimeoutSpinBox->value());
    settings.setFollowPreferences(followPreferences());
    settings.sync();
    emit settingsChanged();
    QDialog::accept();
}

} // namespace Dbtu::Ui
