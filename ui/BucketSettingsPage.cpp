// SPDX-License-Identifier: MIT
#include "BucketSettingsPage.h"

#include "Banner.h"
#include "MessageBox.h"
#include "PageWidgets.h"
#include "ProfileBar.h"
#include "Theme.h"
#include "bucket/AzureConnectionString.h"
#include "bucket/BucketDocumentsPanel.h"
#include "bucket/BucketFieldValidation.h"
#include "bucket/BucketProfiles.h"
#include "bucket/BucketPushPanel.h"
#include "bucket/BucketSecrets.h"
#include "bucket/BucketTestPanel.h"
#include "bucket/PolicyDocuments.h"
#include "secrets/SecretStore.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace Dbtu::Ui {

using PageWidgets::button;
using PageWidgets::statusLabel;

namespace {

const QList<BucketProvider> kProviders
    = {BucketProvider::S3, BucketProvider::S3Role, BucketProvider::Gcs, BucketProvider::Azure};

} // namespace

BucketSettingsPage::BucketSettingsPage(QNetworkAccessManager &nam, SecretStore &secrets,
                                       QWidget *parent)
    : QWidget(parent)
    , m_nam(nam)
    , m_secrets(secrets)
{
    setObjectName(QStringLiteral("bucketSettingsPage"));
    setAccessibleName(tr("Bucket settings"));
    buildUi();
    m_profiles->reload(AppSettings().lastBucketProfile());
    updateButtons();
}

BucketSettingsPage::~BucketSettingsPage() = default;

bool BucketSettingsPage::isTesting() const
{
    return m_testPanel && m_testPanel->isTesting();
}

bool BucketSettingsPage::isUploading() const
{
    return m_pushPanel && m_pushPanel->isUploading();
}

QString BucketSettingsPage::currentProfileName() const
{
    return m_profiles ? m_profiles->name() : QString();
}

bool BucketSettingsPage::isRenaming() const
{
    return m_profiles && m_profiles->isRenaming();
}

QString BucketSettingsPage::fieldKey(Field field)
{
    switch (field) {
    case Field::RoleArn:
        return QStringLiteral("roleArn");
    case Field::ExternalId:
        return QStringLiteral("externalId");
    case Field::AccountName:
        return QStringLiteral("accountName");
    case Field::ConnectionString:
        return QStringLiteral("connectionString");
    case Field::Container:
        return QStringLiteral("container");
    case Field::AccessKeyId:
        return QStringLiteral("accessKeyId");
    case Field::SecretAccessKey:
        return QStringLiteral("secretAccessKey");
    case Field::SessionToken:
        return QStringLiteral("sessionToken");
    case Field::Region:
        return QStringLiteral("region");
    case Field::Endpoint:
        return QStringLiteral("endpoint");
    case Field::Bucket:
        return QStringLiteral("bucket");
    case Field::Prefix:
        return QStringLiteral("prefix");
    }
    return {};
}

// --- building ---------------------------------------------------------------------------------

void BucketSettingsPage::buildUi()
{
    auto *page = new QVBoxLayout(this);
    page->setSpacing(8);

    m_keychainBanner = new Banner(this);
    m_keychainBanner->setObjectName(QStringLiteral("bucketKeychainBanner"));
    m_keychainBanner->setAccessibleName(tr("Keychain"));
    m_errorBanner = new Banner(this);
    m_errorBanner->setObjectName(QStringLiteral("bucketErrorBanner"));
    m_errorBanner->setAccessibleName(tr("Error"));
    page->addWidget(m_keychainBanner);
    page->addWidget(m_errorBanner);

    auto *checksRow = new QHBoxLayout;
    m_checksBanner = new Banner(this);
    m_checksBanner->setObjectName(QStringLiteral("bucketChecksBanner"));
    m_checksBanner->setAccessibleName(tr("Checks on the files"));
    m_uploadAnywayButton = button(tr("Upload &anyway"), QStringLiteral("bucketUploadAnywayButton"),
                                  tr("Upload anyway"), this);
    m_uploadAnywayButton->setAccessibleDescription(
        tr("Pushes the files although a check warned about them"));
    m_uploadAnywayButton->setVisible(false);
    checksRow->addWidget(m_checksBanner, 1);
    checksRow->addWidget(m_uploadAnywayButton, 0, Qt::AlignTop);
    page->addLayout(checksRow);

    auto *columns = new QHBoxLayout;
    columns->setSpacing(12);
    page->addLayout(columns, 1);

    // Left: the connection form, in a scroll area (the role form is long).
    auto *connection = new QGroupBox(tr("Connection"));
    connection->setObjectName(QStringLiteral("bucketConnectionGroupBox"));
    m_form = new QFormLayout(connection);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    buildConnection(connection, m_form);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("bucketConnectionScrollArea"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // The form keeps its own height (the rest of the column stays empty below it), so rows
    // never spread out when a provider shows fewer fields.
    auto *holder = new QWidget;
    auto *holderLayout = new QVBoxLayout(holder);
    holderLayout->setContentsMargins(0, 0, 0, 0);
    holderLayout->addWidget(connection);
    holderLayout->addStretch(1);
    scroll->setWidget(holder);
    columns->addWidget(scroll, 6);

    auto *middle = new QVBoxLayout;
    m_testPanel = new BucketTestPanel(m_nam, m_errorBanner, this);
    connect(m_testPanel, &BucketTestPanel::testRequested, this,
            &BucketSettingsPage::testConnection);
    connect(m_testPanel, &BucketTestPanel::useSuggestedRegion, this, [this](const QString &region) {
        edit(Field::Region)->setText(region);
        onFieldEdited(Field::Region);
        m_testPanel->hideSuggestedRegion();
        testConnection();
    });
    connect(m_testPanel, &BucketTestPanel::stateChanged, this, &BucketSettingsPage::updateButtons);
    connect(m_testPanel, &BucketTestPanel::testFinished, this, &BucketSettingsPage::testFinished);
    middle->addWidget(m_testPanel, 1);
    m_pushPanel
        = new BucketPushPanel(m_nam, m_errorBanner, m_checksBanner, m_uploadAnywayButton, this);
    connect(m_pushPanel, &BucketPushPanel::uploadRequested, this, &BucketSettingsPage::startUpload);
    connect(m_pushPanel, &BucketPushPanel::stateChanged, this, &BucketSettingsPage::updateButtons);
    connect(m_pushPanel, &BucketPushPanel::uploadFinished, this,
            &BucketSettingsPage::uploadFinished);
    middle->addWidget(m_pushPanel, 0); // its size hint; the checklist takes the rest
    columns->addLayout(middle, 6);
    m_documentsPanel = new BucketDocumentsPanel(this);
    columns->addWidget(m_documentsPanel, 5);
}

void BucketSettingsPage::addField(QFormLayout *form, QWidget *parent, Field field,
                                  const QString &label, const QString &accessible, bool secret)
{
    FieldWidgets w;
    const QString key = fieldKey(field);
    w.container = new QWidget(parent);
    w.container->setObjectName(key + QStringLiteral("FieldWidget"));
    auto *v = new QVBoxLayout(w.container);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    w.edit = new QLineEdit(w.container);
    w.edit->setObjectName(key + QStringLiteral("LineEdit"));
    w.edit->setAccessibleName(accessible);
    w.edit->setClearButtonEnabled(!secret);
    if (secret) {
        w.edit->setEchoMode(QLineEdit::Password);
    }
    w.error = statusLabel(key + QStringLiteral("ErrorLabel"), tr("%1: problem").arg(accessible),
                          w.container);
    w.error->setVisible(false);
    v->addWidget(w.edit);
    v->addWidget(w.error);
    w.label = new QLabel(label, parent);
    w.label->setBuddy(w.edit);
    form->addRow(w.label, w.container);
    m_fields.insert(field, w);
    connect(w.edit, &QLineEdit::textEdited, this, [this, field] { onFieldEdited(field); });
    connect(w.edit, &QLineEdit::textChanged, this, [this] {
        // Programmatic changes (loading, "Use it") are checked too, without saving twice. Every
        // field is checked again: some rules span fields (the role's own keys go together, the
        // connection string must name the account).
        for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
            showFieldProblem(it.key());
        }
        regenerateDocuments();
        updateSecretStatus();
        updateButtons();
    });
}

void BucketSettingsPage::buildConnection(QWidget *parent, QFormLayout *form)
{
    BucketSecrets::Form access;
    access.profile = [this] {
        return currentProfileName();
    };
    access.provider = [this] {
        return provider();
    };
    access.text = [this](Field f) {
        return text(f);
    };
    access.edit = [this](Field f) {
        return edit(f);
    };
    access.loading = [this] {
        return !m_profiles || m_profiles->isLoading();
    };
    access.renaming = [this] {
        return isRenaming();
    };
    m_profileSecrets
        = new BucketSecrets(m_secrets, std::move(access), m_keychainBanner, m_errorBanner, this);

    BucketProfiles::Form profileForm;
    profileForm.read = [this](const BucketProfile &profile) {
        return formProfile(profile);
    };
    profileForm.show = [this](const BucketProfile &profile) {
        showProfile(profile);
    };
    profileForm.shown = [this] {
        onProviderChanged();
    };
    profileForm.provider = [this] {
        return provider();
    };
    profileForm.busy = [this] {
        return isTesting() || isUploading();
    };
    m_profiles = new BucketProfiles(m_secrets, m_profileSecrets, m_errorBanner,
                                    std::move(profileForm), parent);
    connect(m_profiles, &BucketProfiles::stateChanged, this, &BucketSettingsPage::updateButtons);
    connect(m_profiles, &BucketProfiles::renameFinished, this, &BucketSettingsPage::renameFinished);
    auto *profileLabel = new QLabel(tr("&Profile:"), parent);
    profileLabel->setBuddy(m_profiles->bar()->combo());
    form->addRow(profileLabel, m_profiles->bar());

    m_providerCombo = new QComboBox(parent);
    m_providerCombo->setObjectName(QStringLiteral("providerComboBox"));
    m_providerCombo->setAccessibleName(tr("Storage provider"));
    m_providerCombo->addItem(tr("AWS S3 (IAM user)"), int(BucketProvider::S3));
    m_providerCombo->addItem(tr("AWS S3 (role)"), int(BucketProvider::S3Role));
    m_providerCombo->addItem(tr("Google Cloud Storage"), int(BucketProvider::Gcs));
    m_providerCombo->addItem(tr("Azure Blob Storage"), int(BucketProvider::Azure));
    auto *providerLabel = new QLabel(tr("Pro&vider:"), parent);
    providerLabel->setBuddy(m_providerCombo);
    form->addRow(providerLabel, m_providerCombo);

    m_roleNoteLabel = statusLabel(QStringLiteral("roleNoteLabel"), tr("About the role"), parent);
    m_roleNoteLabel->setText(
        tr("Secoda assumes this role from its AWS account (%1) with your external ID. This app "
           "cannot assume Secoda's role: it checks the role ARN and the external ID, and can "
           "test the bucket with your own keys below (optional). Paste the trust and "
           "permissions policies on the right into the role.")
            .arg(PolicyDocuments::kSecodaAwsAccount));
    form->addRow(m_roleNoteLabel);

    addField(form, parent, Field::RoleArn, tr("Role &ARN:"), tr("Role ARN"), false);
    edit(Field::RoleArn)
        ->setPlaceholderText(QStringLiteral("arn:aws:iam::123456789012:role/secoda"));
    addField(form, parent, Field::ExternalId, tr("E&xternal ID:"), tr("External ID"), false);
    edit(Field::ExternalId)->setPlaceholderText(tr("The value Secoda's form shows"));
    addField(form, parent, Field::AccountName, tr("Storage &account:"), tr("Storage account name"),
             false);
    edit(Field::AccountName)->setPlaceholderText(QStringLiteral("mystorageaccount"));
    addField(form, parent, Field::ConnectionString, tr("Co&nnection string:"),
             tr("Connection string"), true);
    edit(Field::ConnectionString)
        ->setPlaceholderText(tr("Storage account → Security + networking → Access keys"));
    edit(Field::ConnectionString)
        ->setAccessibleDescription(tr("Stored only in the system keychain"));
    addField(form, parent, Field::Container, tr("&Container:"), tr("Container"), false);

    m_ownKeysLabel = statusLabel(QStringLiteral("ownKeysLabel"), tr("Your own keys"), parent);
    m_ownKeysLabel->setText(tr("Your own keys to test the bucket (optional; Secoda never gets "
                               "them):"));
    form->addRow(m_ownKeysLabel);
    addField(form, parent, Field::AccessKeyId, tr("Access &key ID:"), tr("Access key ID"), true);
    addField(form, parent, Field::SecretAccessKey, tr("&Secret access key:"),
             tr("Secret access key"), true);
    edit(Field::SecretAccessKey)
        ->setAccessibleDescription(tr("Stored only in the system keychain"));
    addField(form, parent, Field::SessionToken, tr("Session &token:"),
             tr("Session token (optional)"), true);
    edit(Field::SessionToken)->setPlaceholderText(tr("Optional: for temporary (STS) keys"));
    addField(form, parent, Field::Region, tr("&Region:"), tr("Region"), false);
    edit(Field::Region)->setPlaceholderText(QStringLiteral("us-east-1"));
    addField(form, parent, Field::Bucket, tr("Bu&cket:"), tr("Bucket"), false);
    edit(Field::Bucket)->setPlaceholderText(QStringLiteral("my-dbt-artifacts"));
    addField(form, parent, Field::Prefix, tr("Pat&h (prefix):"), tr("Path inside the bucket"),
             false);
    edit(Field::Prefix)->setPlaceholderText(tr("Optional, e.g. dbt/prod (no leading /)"));

    m_advancedButton = new QToolButton(parent);
    m_advancedButton->setObjectName(QStringLiteral("advancedToolButton"));
    m_advancedButton->setText(tr("Advanced"));
    m_advancedButton->setAccessibleName(tr("Show advanced settings"));
    m_advancedButton->setCheckable(true);
    m_advancedButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_advancedButton->setArrowType(Qt::RightArrow);
    m_advancedButton->setAutoRaise(true);
    form->addRow(m_advancedButton);
    addField(form, parent, Field::Endpoint, tr("&Endpoint:"), tr("Endpoint URL"), false);
    edit(Field::Endpoint)
        ->setPlaceholderText(tr("Optional: an S3-compatible store, e.g. https://s3.example.com"));

    m_profileSecrets->addRows(form, parent);
    connect(m_profileSecrets, &BucketSecrets::loaded, this, [this] {
        updateButtons();
        emit secretsLoaded();
    });
    connect(m_profileSecrets, &BucketSecrets::saved, this, [this] {
        updateButtons();
        emit secretsSaved();
    });
    connect(m_profileSecrets, &BucketSecrets::stateChanged, this,
            &BucketSettingsPage::updateButtons);

    connect(m_providerCombo, &QComboBox::currentIndexChanged, this,
            &BucketSettingsPage::onProviderChanged);
    connect(m_advancedButton, &QToolButton::toggled, this, [this](bool on) {
        m_advancedButton->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        updateFieldVisibility();
        showFieldProblem(Field::Endpoint);
        saveProfile();
        updateButtons();
    });
    connect(m_profileSecrets, &BucketSecrets::deleteRequested, this, [this] {
        MessageBox::confirm(this, QStringLiteral("deleteSecretsMessageBox"),
                            tr("Delete the bucket secrets"),
                            tr("Delete the bucket secrets of profile \"%1\" from the keychain?")
                                .arg(m_profiles->name()),
                            tr("&Delete"), [this] { deleteSecrets(); });
    });
}

QString BucketSettingsPage::text(Field field) const
{
    const QLineEdit *e = edit(field);
    if (!e) {
        return {};
    }
    // Secrets are taken as typed (a space may belong to them); names are trimmed.
    if (field == Field::SecretAccessKey || field == Field::SessionToken
        || field == Field::ConnectionString) {
        return e->text();
    }
    return e->text().trimmed();
}

// --- profiles ---------------------------------------------------------------------------------

void BucketSettingsPage::showProfile(const BucketProfile &profile)
{
    {
        const QSignalBlocker blocker(m_providerCombo);
        m_providerCombo->setCurrentIndex(
            std::max(0, m_providerCombo->findData(int(profile.provider))));
    }
    edit(Field::Region)->setText(profile.region);
    edit(Field::Bucket)->setText(profile.bucket);
    edit(Field::Prefix)->setText(profile.prefix);
    edit(Field::Endpoint)->setText(profile.endpoint);
    edit(Field::RoleArn)->setText(profile.roleArn);
    edit(Field::ExternalId)->setText(profile.externalId);
    edit(Field::AccountName)->setText(profile.accountName);
    edit(Field::Container)->setText(profile.container);
    for (Field f : {Field::AccessKeyId, Field::SecretAccessKey, Field::SessionToken,
                    Field::ConnectionString}) {
        edit(f)->clear();
    }
    m_advancedButton->setChecked(!profile.endpoint.isEmpty()
                                 && profile.provider != BucketProvider::Gcs);
    m_errorBanner->clear();
    m_checksBanner->clear();
    m_testPanel->reset();
}

BucketProfile BucketSettingsPage::formProfile(BucketProfile profile) const
{
    profile.provider = provider();
    profile.region = text(Field::Region);
    profile.bucket = text(Field::Bucket);
    profile.prefix = text(Field::Prefix);
    // A hidden endpoint (Advanced closed) is not used, so it is not kept either.
    profile.endpoint = isFieldVisible(Field::Endpoint) ? text(Field::Endpoint) : QString();
    profile.roleArn = text(Field::RoleArn);
    profile.externalId = text(Field::ExternalId);
    profile.accountName = text(Field::AccountName);
    profile.container = text(Field::Container);
    return profile;
}

void BucketSettingsPage::saveProfile()
{
    m_profiles->save();
}

// --- fields and validation --------------------------------------------------------------------

BucketProvider BucketSettingsPage::provider() const
{
    return BucketProvider(m_providerCombo->currentData().toInt());
}

void BucketSettingsPage::onProviderChanged()
{
    const BucketProvider p = provider();
    const bool gcs = p == BucketProvider::Gcs;
    // GCS defaults, as Secoda's form has them; taken back when leaving GCS untouched.
    if (gcs) {
        if (text(Field::Region).isEmpty()) {
            edit(Field::Region)->setText(QStringLiteral("auto"));
        }
        if (text(Field::Endpoint).isEmpty()) {
            edit(Field::Endpoint)->setText(QString(BucketConfig::kGcsEndpoint));
        }
    } else {
        if (text(Field::Region) == QLatin1String("auto")) {
            edit(Field::Region)->clear();
        }
        if (text(Field::Endpoint) == QString(BucketConfig::kGcsEndpoint)) {
            edit(Field::Endpoint)->clear();
        }
    }
    m_fields[Field::AccessKeyId].label->setText(gcs ? tr("HMAC access &ID:")
                                                    : tr("Access &key ID:"));
    m_fields[Field::SecretAccessKey].label->setText(gcs ? tr("HMAC &secret:")
                                                        : tr("&Secret access key:"));
    edit(Field::AccessKeyId)->setAccessibleName(gcs ? tr("HMAC access ID") : tr("Access key ID"));
    edit(Field::SecretAccessKey)
        ->setAccessibleName(gcs ? tr("HMAC secret") : tr("Secret access key"));
    edit(Field::AccessKeyId)
        ->setPlaceholderText(gcs ? QStringLiteral("GOOG1E…") : QStringLiteral("AKIA…"));
    edit(Field::Region)
        ->setPlaceholderText(gcs ? QStringLiteral("auto") : QStringLiteral("us-east-1"));
    updateFieldVisibility();
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        showFieldProblem(it.key());
    }
    regenerateDocuments();
    saveProfile();
    updateSecretStatus();
    updateButtons();
}

bool BucketSettingsPage::isFieldVisible(Field field) const
{
    if (!m_advancedButton) {
        return false; // still building
    }
    const BucketProvider p = provider();
    const bool aws = p == BucketProvider::S3 || p == BucketProvider::S3Role;
    switch (field) {
    case Field::RoleArn:
    case Field::ExternalId:
        return p == BucketProvider::S3Role;
    case Field::AccountName:
    case Field::ConnectionString:
    case Field::Container:
        return p == BucketProvider::Azure;
    case Field::AccessKeyId:
    case Field::SecretAccessKey:
    case Field::Region:
    case Field::Bucket:
        return p != BucketProvider::Azure;
    case Field::SessionToken:
        return aws;
    case Field::Endpoint:
        return p == BucketProvider::Gcs || (aws && m_advancedButton->isChecked());
    case Field::Prefix:
        return true;
    }
    return false;
}

void BucketSettingsPage::updateFieldVisibility()
{
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        m_form->setRowVisible(it.value().container, isFieldVisible(it.key()));
    }
    const BucketProvider p = provider();
    m_form->setRowVisible(m_roleNoteLabel, p == BucketProvider::S3Role);
    m_form->setRowVisible(m_ownKeysLabel, p == BucketProvider::S3Role);
    m_form->setRowVisible(m_advancedButton, p == BucketProvider::S3 || p == BucketProvider::S3Role);
}

std::optional<BucketSettingsPage::Problem> BucketSettingsPage::problem(Field field) const
{
    namespace V = BucketFieldValidation;
    if (!isFieldVisible(field)) {
        return std::nullopt;
    }
    const BucketProvider p = provider();
    const QString value = text(field);
    const auto from = [field](const Result<void> &r, bool empty) -> std::optional<Problem> {
        if (r) {
            return std::nullopt;
        }
        return Problem{field, r.error().message, r.error().hint, empty};
    };
    const auto required
        = [field](const QString &message, const QString &hint) -> std::optional<Problem> {
        return Problem{field, message, hint, true};
    };
    // The role's own keys are optional, but they go together.
    const bool roleKeys
        = p == BucketProvider::S3Role
          && (!text(Field::AccessKeyId).isEmpty() || !text(Field::SecretAccessKey).isEmpty());
    switch (field) {
    case Field::RoleArn:
        return from(V::roleArn(value), value.isEmpty());
    case Field::ExternalId:
        return from(V::externalId(value), value.isEmpty());
    case Field::AccountName:
        return from(V::azureAccountName(value), value.isEmpty());
    case Field::Container:
        return from(V::azureContainerName(value), value.isEmpty());
    case Field::ConnectionString:
        if (value.isEmpty()) {
            return required(tr("The connection string is empty."),
                            tr("Copy it from the storage account: Security + networking → "
                               "Access keys → Connection string."));
        }
        if (std::optional<Problem> r = from(V::connectionString(value), false)) {
            return r;
        }
        // The account must be the one named in the form.
        if (Result<AzureConnectionString> parsed = AzureConnectionString::parse(value);
            parsed && !parsed.value().accountName.isEmpty() && !text(Field::AccountName).isEmpty()
            && parsed.value().accountName != text(Field::AccountName)) {
            return Problem{field,
                           tr("The connection string is for account \"%1\", not \"%2\".")
                               .arg(parsed.value().accountName, text(Field::AccountName)),
                           tr("Copy the connection string of account \"%1\", or correct the "
                              "account name.")
                               .arg(text(Field::AccountName)),
                           false};
        }
        return std::nullopt;
    case Field::AccessKeyId:
        if (p == BucketProvider::S3Role && !roleKeys) {
            return std::nullopt;
        }
        return from(V::accessKeyId(value), value.isEmpty());
    case Field::SecretAccessKey:
        if (p == BucketProvider::S3Role && !roleKeys) {
            return std::nullopt;
        }
        if (value.isEmpty()) {
            return required(p == BucketProvider::Gcs ? tr("The HMAC secret is empty.")
                                                     : tr("The secret access key is empty."),
                            p == BucketProvider::Gcs
                                ? tr("Cloud Storage → Settings → Interoperability shows the "
                                     "secret once, when the HMAC key is created.")
                                : tr("IAM → Users → Security credentials shows the secret once, "
                                     "when the access key is created."));
        }
        return std::nullopt;
    case Field::SessionToken:
        return std::nullopt;
    case Field::Region:
        return from(p == BucketProvider::Gcs ? V::gcsRegion(value) : V::awsRegion(value),
                    value.isEmpty());
    case Field::Bucket:
        return from(p == BucketProvider::Gcs ? V::gcsBucketName(value) : V::s3BucketName(value),
                    value.isEmpty());
    case Field::Prefix:
        return from(V::prefix(value), false);
    case Field::Endpoint:
        if (value.isEmpty()) {
            return std::nullopt; // the provider's default
        }
        return from(V::endpoint(QUrl(value)), false);
    }
    return std::nullopt;
}

std::optional<BucketSettingsPage::Problem> BucketSettingsPage::firstProblem(bool forUpload) const
{
    static const QList<Field> order
        = {Field::RoleArn,   Field::ExternalId,  Field::AccountName,     Field::ConnectionString,
           Field::Container, Field::AccessKeyId, Field::SecretAccessKey, Field::Region,
           Field::Endpoint,  Field::Bucket,      Field::Prefix};
    for (Field f : order) {
        if (std::optional<Problem> pr = problem(f)) {
            return pr;
        }
    }
    if (forUpload && provider() == BucketProvider::S3Role && text(Field::AccessKeyId).isEmpty()) {
        return Problem{Field::AccessKeyId, tr("Pushing into the bucket needs your own keys."),
                       tr("The app cannot assume Secoda's role: give an access key that may "
                          "write to the bucket, or use the AWS S3 (IAM user) provider."),
                       true};
    }
    return std::nullopt;
}

void BucketSettingsPage::onFieldEdited(Field field)
{
    saveProfile();
    if (field == Field::Region) {
        m_testPanel->hideSuggestedRegion();
    }
}

void BucketSettingsPage::showFieldProblem(Field field)
{
    const FieldWidgets &w = m_fields.value(field);
    if (!w.edit) {
        return;
    }
    const std::optional<Problem> pr = problem(field);
    // An empty required field is not an error yet (a new form would be all red); the buttons
    // say what is missing in their tooltip.
    const bool invalid = pr && !pr->empty;
    if (invalid) {
        w.error->setText(pr->hint.isEmpty() ? pr->message
                                            : pr->message + QLatin1Char('\n') + pr->hint);
        w.error->setStyleSheet(
            QStringLiteral("color: %1;")
                .arg(Theme::cssColor(Theme::accent(Theme::Tone::Bad, palette()))));
        w.edit->setAccessibleDescription(pr->message);
        w.edit->setToolTip(pr->message);
    } else {
        w.error->clear();
        w.edit->setAccessibleDescription(field == Field::SecretAccessKey
                                                 || field == Field::ConnectionString
                                             ? tr("Stored only in the system keychain")
                                             : QString());
        w.edit->setToolTip(QString());
    }
    w.error->setVisible(invalid);
    w.edit->setProperty("invalid", invalid);
    // Mark the field: a red frame, from the palette (light and dark).
    w.edit->setStyleSheet(
        invalid ? QStringLiteral("QLineEdit { border: 1px solid %1; }")
                      .arg(Theme::cssColor(Theme::accent(Theme::Tone::Bad, palette())))
                : QString());
}

BucketConfig BucketSettingsPage::config() const
{
    BucketConfig c;
    c.provider = provider();
    const auto shown = [this](Field f) {
        return isFieldVisible(f) ? text(f) : QString();
    };
    c.region = shown(Field::Region);
    c.bucket = shown(Field::Bucket);
    c.prefix = text(Field::Prefix);
    c.endpoint = QUrl(shown(Field::Endpoint));
    c.roleArn = shown(Field::RoleArn);
    c.externalId = shown(Field::ExternalId);
    c.accountName = shown(Field::AccountName);
    c.container = shown(Field::Container);
    c.credentials.accessKeyId = shown(Field::AccessKeyId);
    c.credentials.secretAccessKey = Secret(shown(Field::SecretAccessKey));
    c.credentials.sessionToken = Secret(shown(Field::SessionToken));
    c.connectionString = Secret(shown(Field::ConnectionString));
    return c;
}

// --- documents --------------------------------------------------------------------------------

void BucketSettingsPage::regenerateDocuments()
{
    if (!m_documentsPanel) {
        return; // still building
    }
    m_documentsPanel->regenerate(provider(), text(Field::Bucket), text(Field::ExternalId));
}

// --- secrets ----------------------------------------------------------------------------------

bool BucketSettingsPage::isLoadingSecrets() const
{
    return m_profileSecrets && m_profileSecrets->isReading();
}

void BucketSettingsPage::storeSecrets()
{
    m_profileSecrets->store();
}

void BucketSettingsPage::keepSecretsForSession()
{
    m_profileSecrets->keepForSession();
}

void BucketSettingsPage::deleteSecrets()
{
    m_profileSecrets->remove();
}

void BucketSettingsPage::updateSecretStatus()
{
    if (m_profileSecrets) {
        m_profileSecrets->updateStatus();
    }
}

// --- test connection --------------------------------------------------------------------------

void BucketSettingsPage::testConnection()
{
    if (isTesting()) {
        return;
    }
    m_errorBanner->clear();
    if (const std::optional<Problem> pr = firstProblem(false)) {
        m_errorBanner->addMessage(Banner::Level::Error, pr->message, pr->hint);
        return;
    }
    m_testPanel->start(config());
}

void BucketSettingsPage::cancelTest()
{
    m_testPanel->cancel();
}

// --- push -------------------------------------------------------------------------------------

void BucketSettingsPage::setPaths(const QStringList &paths)
{
    m_pushPanel->setPaths(paths);
}

QStringList BucketSettingsPage::paths() const
{
    return m_pushPanel->paths();
}

void BucketSettingsPage::chooseFiles()
{
    m_pushPanel->chooseFiles();
}

void BucketSettingsPage::chooseFolder()
{
    m_pushPanel->chooseFolder();
}

void BucketSettingsPage::startUpload()
{
    if (isUploading()) {
        return;
    }
    m_errorBanner->clear();
    m_checksBanner->clear();
    m_uploadAnywayButton->setVisible(false);
    if (const std::optional<Problem> pr = firstProblem(true)) {
        m_errorBanner->addMessage(Banner::Level::Error, pr->message, pr->hint);
        return;
    }
    m_pushPanel->startUpload(config());
}

void BucketSettingsPage::cancelUpload()
{
    m_pushPanel->cancelUpload();
}

// --- buttons ----------------------------------------------------------------------------------

void BucketSettingsPage::updateButtons()
{
    if (!m_pushPanel || !m_testPanel) {
        return; // still building
    }
    const auto reason = [this](const std::optional<Problem> &pr) {
        if (!pr) {
            return QString();
        }
        const QString name = m_fields.value(pr->field).edit->accessibleName();
        return pr->empty ? tr("Fill in %1 first.").arg(name)
                         : tr("Fix %1 first: %2").arg(name, pr->message);
    };
    const std::optional<Problem> testProblem = firstProblem(false);
    const std::optional<Problem> uploadProblem = firstProblem(true);
    const bool uploading = isUploading();
    m_testPanel->setBlockedReason(reason(testProblem));
    m_pushPanel->setBlockedReason(reason(uploadProblem));
    const bool busy = uploading || isTesting();
    const bool writing
        = m_profileSecrets->isWriting() || m_profileSecrets->isReading() || isRenaming();
    m_providerCombo->setEnabled(!busy);
    m_profiles->updateButtons(busy, writing);
    m_profileSecrets->updateButtons(writing);
}

} // namespace Dbtu::Ui
