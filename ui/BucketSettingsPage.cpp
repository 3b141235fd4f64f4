// SPDX-License-Identifier: MIT
#include "BucketSettingsPage.h"

#include "Banner.h"
#include "MessageBox.h"
#include "PageWidgets.h"
#include "ProfileBar.h"
#include "bucket/BucketDocumentsPanel.h"
#include "bucket/BucketFieldValidation.h"
#include "bucket/BucketProfiles.h"
#include "bucket/BucketProviderForm.h"
#include "bucket/BucketPushPanel.h"
#include "bucket/BucketSecrets.h"
#include "bucket/BucketTestPanel.h"
#include "history/UploadRecord.h"
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
#include <QVBoxLayout>

#include <algorithm>

namespace Dbtu::Ui {

using PageWidgets::button;

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
    return BucketProviderForm::fieldKey(field);
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
    m_uploadAnywayButton = button(tr("Upload any&way"), QStringLiteral("bucketUploadAnywayButton"),
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
    auto *form = new QFormLayout(connection);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    buildConnection(connection, form);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("bucketConnectionScrollArea"));
    scroll->setAccessibleName(tr("Connection settings"));
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
        setValue(Field::Region, region);
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

void BucketSettingsPage::ensureProviderForm()
{
    const BucketProvider p = provider();
    if (!m_providerForm || !m_providerForm->serves(p)) {
        // The values stay with the page (m_values): the new form shows them.
        delete m_providerForm;
        m_providerForm = BucketProviderForm::create(p, m_providerHolder);
        m_providerHolder->layout()->addWidget(m_providerForm);
        m_providerForm->show(); // a child added to a shown page is not shown by itself
        for (Field f : m_providerForm->fields()) {
            const QSignalBlocker blocker(m_providerForm->edit(f));
            m_providerForm->edit(f)->setText(m_values.value(f));
        }
        m_providerForm->setAdvanced(m_advanced);
        // Tab goes from the provider into the form's fields, then on to the secrets' buttons.
        QWidget *previous = m_providerCombo;
        for (QWidget *w : m_providerForm->findChildren<QWidget *>()) {
            if (w->focusPolicy() & Qt::TabFocus) {
                setTabOrder(previous, w);
                previous = w;
            }
        }
        // textEdited comes before textChanged: take the value first.
        connect(m_providerForm, &BucketProviderForm::fieldEdited, this, [this](Field field) {
            m_values.insert(field, m_providerForm->edit(field)->text());
            onFieldEdited(field);
        });
        connect(m_providerForm, &BucketProviderForm::fieldChanged, this, [this](Field field) {
            m_values.insert(field, m_providerForm->edit(field)->text());
            // Programmatic changes (loading, "Use it") are checked too, without saving twice.
            // Every field is checked again: some rules span fields (the role's own keys go
            // together, the connection string must name the account).
            showFieldProblems();
            regenerateDocuments();
            updateSecretStatus();
            updateButtons();
        });
        connect(m_providerForm, &BucketProviderForm::advancedToggled, this, [this](bool on) {
            m_advanced = on;
            showFieldProblems();
            saveProfile();
            updateButtons();
        });
    }
    m_providerForm->setProvider(p);
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
    access.fill = [this](Field f, const QString &value) {
        if (m_values.value(f).isEmpty()) {
            setValue(f, value);
        }
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

    // The provider's own fields (a BucketProviderForm), swapped when the provider changes.
    m_providerHolder = new QWidget(parent);
    m_providerHolder->setObjectName(QStringLiteral("bucketProviderFormHolder"));
    auto *holderLayout = new QVBoxLayout(m_providerHolder);
    holderLayout->setContentsMargins(0, 0, 0, 0);
    form->addRow(m_providerHolder);
    ensureProviderForm();

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
    const QString value = m_values.value(field);
    // Secrets are taken as typed (a space may belong to them); names are trimmed.
    if (field == Field::SecretAccessKey || field == Field::SessionToken
        || field == Field::ConnectionString) {
        return value;
    }
    return value.trimmed();
}

QLineEdit *BucketSettingsPage::edit(Field field) const
{
    return m_providerForm ? m_providerForm->edit(field) : nullptr;
}

void BucketSettingsPage::setValue(Field field, const QString &value)
{
    m_values.insert(field, value);
    if (QLineEdit *e = edit(field)) {
        e->setText(value);
    }
}

// --- profiles ---------------------------------------------------------------------------------

void BucketSettingsPage::showProfile(const BucketProfile &profile)
{
    {
        const QSignalBlocker blocker(m_providerCombo);
        m_providerCombo->setCurrentIndex(
            std::max(0, m_providerCombo->findData(int(profile.provider))));
    }
    ensureProviderForm();
    setValue(Field::Region, profile.region);
    setValue(Field::Bucket, profile.bucket);
    setValue(Field::Prefix, profile.prefix);
    setValue(Field::Endpoint, profile.endpoint);
    setValue(Field::RoleArn, profile.roleArn);
    setValue(Field::ExternalId, profile.externalId);
    setValue(Field::AccountName, profile.accountName);
    setValue(Field::Container, profile.container);
    for (Field f : {Field::AccessKeyId, Field::SecretAccessKey, Field::SessionToken,
                    Field::ConnectionString}) {
        setValue(f, QString());
    }
    m_advanced = !profile.endpoint.isEmpty() && profile.provider != BucketProvider::Gcs;
    m_providerForm->setAdvanced(m_advanced);
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
    ensureProviderForm();
    // GCS defaults, as Secoda's form has them; taken back when leaving GCS untouched.
    if (provider() == BucketProvider::Gcs) {
        if (text(Field::Region).isEmpty()) {
            setValue(Field::Region, QStringLiteral("auto"));
        }
        if (text(Field::Endpoint).isEmpty()) {
            setValue(Field::Endpoint, QString(BucketConfig::kGcsEndpoint));
        }
    } else {
        if (text(Field::Region) == QLatin1String("auto")) {
            setValue(Field::Region, QString());
        }
        if (text(Field::Endpoint) == QString(BucketConfig::kGcsEndpoint)) {
            setValue(Field::Endpoint, QString());
        }
    }
    showFieldProblems();
    regenerateDocuments();
    saveProfile();
    updateSecretStatus();
    updateButtons();
}

bool BucketSettingsPage::isFieldVisible(Field field) const
{
    return m_providerForm && m_providerForm->isFieldVisible(field);
}

std::optional<BucketFieldProblem> BucketSettingsPage::firstProblem(bool forUpload) const
{
    // The rules and their texts are core's; the page only shows them.
    const QList<BucketFieldProblem> problems = BucketFieldValidation::formProblems(
        config(),
        forUpload ? BucketFieldValidation::Purpose::Push : BucketFieldValidation::Purpose::Test);
    if (problems.isEmpty()) {
        return std::nullopt;
    }
    return problems.first();
}

void BucketSettingsPage::onFieldEdited(Field field)
{
    saveProfile();
    if (field == Field::Region) {
        m_testPanel->hideSuggestedRegion();
    }
}

void BucketSettingsPage::showFieldProblems()
{
    // Core's field-tagged problems, each painted next to its field.
    const QList<BucketFieldProblem> problems
        = BucketFieldValidation::formProblems(config(), BucketFieldValidation::Purpose::Test);
    for (Field f : m_providerForm->fields()) {
        const auto it = std::find_if(problems.cbegin(), problems.cend(),
                                     [f](const BucketFieldProblem &p) { return p.field == f; });
        m_providerForm->showProblem(
            f, it == problems.cend() ? std::nullopt : std::optional<BucketFieldProblem>(*it));
    }
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
    m_documentsPanel->regenerate(provider(), text(Field::Bucket), text(Field::Prefix),
                                 text(Field::ExternalId));
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
    if (const std::optional<BucketFieldProblem> pr = firstProblem(false)) {
        m_errorBanner->addMessage(Banner::Level::Error, pr->error.message, pr->error.hint);
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
    if (const std::optional<BucketFieldProblem> pr = firstProblem(true)) {
        m_errorBanner->addMessage(Banner::Level::Error, pr->error.message, pr->error.hint);
        return;
    }
    m_pushPanel->startUpload(config(), currentProfileName());
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
    const auto reason = [this](const std::optional<BucketFieldProblem> &pr) {
        if (!pr) {
            return QString();
        }
        const QLineEdit *e = edit(pr->field);
        const QString name = e ? e->accessibleName() : fieldKey(pr->field);
        return pr->empty ? tr("Fill in %1 first.").arg(name)
                         : tr("Fix %1 first: %2").arg(name, pr->error.message);
    };
    const std::optional<BucketFieldProblem> testProblem = firstProblem(false);
    const std::optional<BucketFieldProblem> uploadProblem = firstProblem(true);
    const bool uploading = isUploading();
    m_testPanel->setBlockedReason(reason(testProblem));
    m_pushPanel->setBlockedReason(reason(uploadProblem));
    m_pushPanel->setDestinationKey(
        uploadProblem ? QString() : UploadRecord::bucketPush(config()).destinationKey());
    const bool busy = uploading || isTesting();
    const bool writing
        = m_profileSecrets->isWriting() || m_profileSecrets->isReading() || isRenaming();
    m_providerCombo->setEnabled(!busy);
    m_profiles->updateButtons(busy, writing);
    m_profileSecrets->updateButtons(writing);
}

} // namespace Dbtu::Ui
