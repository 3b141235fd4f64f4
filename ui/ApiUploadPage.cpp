// SPDX-License-Identifier: MIT
#include "ApiUploadPage.h"

#include "Banner.h"
#include "MessageBox.h"
#include "PageWidgets.h"
#include "ProfileBar.h"
#include "Theme.h"
#include "api/ApiKeyField.h"
#include "api/SyncPanel.h"
#include "api/UploadHistoryBox.h"
#include "api/UploadProgressPanel.h"
#include "secoda/ListIntegrationsJob.h"
#include "secoda/TestConnectionJob.h"
#include "secrets/SecretStore.h"
#include "util/TextFormat.h"

#include <QApplication>
#include <QComboBox>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSystemTrayIcon>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Dbtu::Ui {

using PageWidgets::button;
using PageWidgets::deleteWhenFinished;
using PageWidgets::setStatus;
using PageWidgets::statusLabel;

namespace {

const QString kSandboxProfile = QStringLiteral("sandbox");

} // namespace

ApiUploadPage::ApiUploadPage(QNetworkAccessManager &nam, SecretStore &secrets, QWidget *parent)
    : QWidget(parent)
    , m_nam(nam)
    , m_secrets(secrets)
{
    setObjectName(QStringLiteral("apiUploadPage"));
    setAccessibleName(tr("API upload"));
    buildUi();
    reloadProfiles(m_settings.lastProfile());
    m_historyBox->reload();
    updateFilesLabel();
    updateButtons();
}

ApiUploadPage::~ApiUploadPage() = default;

void ApiUploadPage::buildUi()
{
    auto *page = new QVBoxLayout(this);
    page->setSpacing(8);

    m_sandboxBanner = new Banner(this);
    m_sandboxBanner->setObjectName(QStringLiteral("sandboxBanner"));
    m_sandboxBanner->setAccessibleName(tr("Sandbox mode"));
    m_keychainBanner = new Banner(this);
    m_keychainBanner->setObjectName(QStringLiteral("keychainBanner"));
    m_keychainBanner->setAccessibleName(tr("Keychain"));
    m_errorBanner = new Banner(this);
    m_errorBanner->setObjectName(QStringLiteral("apiErrorBanner"));
    m_errorBanner->setAccessibleName(tr("Error"));
    page->addWidget(m_sandboxBanner);
    page->addWidget(m_keychainBanner);
    page->addWidget(m_errorBanner);

    auto *checksRow = new QHBoxLayout;
    m_checksBanner = new Banner(this);
    m_checksBanner->setObjectName(QStringLiteral("apiChecksBanner"));
    m_checksBanner->setAccessibleName(tr("Checks on the files"));
    m_uploadAnywayButton = button(tr("Upload &anyway"), QStringLiteral("uploadAnywayButton"),
                                  tr("Upload anyway"), this);
    m_uploadAnywayButton->setAccessibleDescription(
        tr("Sends the files although a check warned about them"));
    m_uploadAnywayButton->setVisible(false);
    checksRow->addWidget(m_checksBanner, 1);
    checksRow->addWidget(m_uploadAnywayButton, 0, Qt::AlignTop);
    page->addLayout(checksRow);

    auto *columns = new QHBoxLayout;
    columns->setSpacing(12);
    page->addLayout(columns, 1);

    // Left: where to send, and as whom.
    auto *connection = new QGroupBox(tr("Connection"), this);
    connection->setObjectName(QStringLiteral("connectionGroupBox"));
    auto *connectionLayout = new QVBoxLayout(connection);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    connectionLayout->addLayout(form);
    connectionLayout->addStretch(1); // rows keep their height; the spare room goes below
    columns->addWidget(connection, 1);

    ProfileBar::Names names;
    names.combo = QStringLiteral("profileComboBox");
    names.add = QStringLiteral("addProfileButton");
    names.rename = QStringLiteral("renameProfileButton");
    names.remove = QStringLiteral("removeProfileButton");
    names.nameDialog = QStringLiteral("profileNameDialog");
    names.removeBox = QStringLiteral("removeProfileMessageBox");
    names.removeText = tr("Remove profile \"%1\" and its API key from the keychain?");
    m_profiles = new ProfileBar(
        names, [this] { return m_settings.profileNames(); }, {kSandboxProfile}, connection);
    auto *profileLabel = new QLabel(tr("&Profile:"), connection);
    profileLabel->setBuddy(m_profiles->combo());
    form->addRow(profileLabel, m_profiles);

    m_regionCombo = new QComboBox(connection);
    m_regionCombo->setObjectName(QStringLiteral("regionComboBox"));
    m_regionCombo->setAccessibleName(tr("Region"));
    m_regionCombo->addItem(tr("US (api.secoda.co)"), QStringLiteral("us"));
    m_regionCombo->addItem(tr("EU (eapi.secoda.co)"), QStringLiteral("eu"));
    m_regionCombo->addItem(tr("APAC (aapi.secoda.co)"), QStringLiteral("apac"));
    m_regionCombo->addItem(tr("Custom URL (on-premise)"), QString());
    auto *regionLabel = new QLabel(tr("&Region:"), connection);
    regionLabel->setBuddy(m_regionCombo);
    form->addRow(regionLabel, m_regionCombo);

    m_customUrlEdit = new QLineEdit(connection);
    m_customUrlEdit->setObjectName(QStringLiteral("customUrlLineEdit"));
    m_customUrlEdit->setAccessibleName(tr("API base URL"));
    m_customUrlEdit->setPlaceholderText(QStringLiteral("https://secoda.example.com/api/v1"));
    m_customUrlEdit->setClearButtonEnabled(true);
    auto *urlLabel = new QLabel(tr("Base &URL:"), connection);
    urlLabel->setBuddy(m_customUrlEdit);
    form->addRow(urlLabel, m_customUrlEdit);
    m_urlStatusLabel = statusLabel(QStringLiteral("urlStatusLabel"), tr("URL check"), connection);
    form->addRow(QString(), m_urlStatusLabel);

    m_key = new ApiKeyField(m_secrets, connection);
    auto *keyLabel = new QLabel(tr("API &key:"), connection);
    keyLabel->setBuddy(m_key->lineEdit());
    form->addRow(keyLabel, m_key->lineEdit());
    form->addRow(QString(), m_key->buttons());
    form->addRow(QString(), m_key->statusLabel());

    auto *testRow = new QHBoxLayout;
    m_testButton = button(tr("&Test connection"), QStringLiteral("testConnectionButton"),
                          tr("Test connection"), connection);
    m_testButton->setAccessibleDescription(tr("Checks that the API answers and accepts the key"));
    testRow->addWidget(m_testButton);
    testRow->addStretch(1);
    form->addRow(QString(), testRow);
    m_connectionStatusLabel
        = statusLabel(QStringLiteral("connectionStatusLabel"), tr("Connection status"), connection);
    form->addRow(QString(), m_connectionStatusLabel);

    auto *integrationRow = new QHBoxLayout;
    m_integrationCombo = new QComboBox(connection);
    m_integrationCombo->setObjectName(QStringLiteral("integrationComboBox"));
    m_integrationCombo->setEditable(true);
    m_integrationCombo->setInsertPolicy(QComboBox::NoInsert);
    m_integrationCombo->setAccessibleName(tr("Integration"));
    m_integrationCombo->setAccessibleDescription(
        tr("Pick a dbt integration, or paste its ID or its Syncs page URL"));
    m_integrationCombo->lineEdit()->setPlaceholderText(tr("ID or …/integrations/<id>/syncs URL"));
    m_loadIntegrationsButton = button(tr("&Load list"), QStringLiteral("loadIntegrationsButton"),
                                      tr("Load the integrations of the account"), connection);
    integrationRow->addWidget(m_integrationCombo, 1);
    integrationRow->addWidget(m_loadIntegrationsButton);
    auto *integrationLabel = new QLabel(tr("&Integration:"), connection);
    integrationLabel->setBuddy(m_integrationCombo);
    form->addRow(integrationLabel, integrationRow);
    m_integrationStatusLabel = statusLabel(QStringLiteral("integrationStatusLabel"),
                                           tr("Integration status"), connection);
    form->addRow(QString(), m_integrationStatusLabel);
    for (QLabel *status : {m_urlStatusLabel, m_connectionStatusLabel, m_integrationStatusLabel}) {
        setStatus(status, {}); // hidden until there is something to say
    }

    // Right: what to send, how it goes, what happened before.
    auto *right = new QVBoxLayout;
    columns->addLayout(right, 1);

    auto *upload = new QGroupBox(tr("Upload"), this);
    upload->setObjectName(QStringLiteral("uploadGroupBox"));
    auto *uform = new QFormLayout(upload);
    uform->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    right->addWidget(upload);

    m_styleCombo = new QComboBox(upload);
    m_styleCombo->setObjectName(QStringLiteral("styleComboBox"));
    m_styleCombo->setAccessibleName(tr("Upload style"));
    m_styleCombo->addItem(tr("Combined (both files, then trigger)"), QStringLiteral("combined"));
    m_styleCombo->addItem(tr("Separate (one request per file)"), QStringLiteral("separate"));
    auto *styleLabel = new QLabel(tr("St&yle:"), upload);
    styleLabel->setBuddy(m_styleCombo);
    uform->addRow(styleLabel, m_styleCombo);
    m_styleHelpLabel = statusLabel(QStringLiteral("styleHelpLabel"), tr("About the style"), upload);
    uform->addRow(QString(), m_styleHelpLabel);

    auto *filesRow = new QHBoxLayout;
    m_filesLabel = statusLabel(QStringLiteral("filesLabel"), tr("Files to send"), upload);
    m_chooseFilesButton = button(tr("C&hoose files…"), QStringLiteral("chooseFilesButton"),
                                 tr("Choose the files to send"), upload);
    filesRow->addWidget(m_filesLabel, 1);
    filesRow->addWidget(m_chooseFilesButton, 0, Qt::AlignTop);
    uform->addRow(tr("Files:"), filesRow);

    auto *actions = new QHBoxLayout;
    m_startUploadButton = button(tr("U&pload"), QStringLiteral("startUploadButton"),
                                 tr("Upload the files"), upload);
    m_startUploadButton->setDefault(true);
    m_triggerButton = button(tr("T&rigger sync"), QStringLiteral("triggerSyncButton"),
                             tr("Trigger a sync"), upload);
    m_cancelButton = button(tr("&Cancel"), QStringLiteral("cancelUploadButton"),
                            tr("Cancel the upload or stop watching"), upload);
    actions->addWidget(m_startUploadButton);
    actions->addWidget(m_triggerButton);
    actions->addWidget(m_cancelButton);
    actions->addStretch(1);
    uform->addRow(QString(), actions);

    m_progress = new UploadProgressPanel(upload);
    uform->addRow(m_progress);

    m_syncPanel = new SyncPanel(this);
    right->addWidget(m_syncPanel);
    m_historyBox = new UploadHistoryBox(this);
    right->addWidget(m_historyBox, 1);

    setTabOrder(m_profiles->combo(), m_profiles->addButton());
    setTabOrder(m_profiles->addButton(), m_profiles->renameButton());
    setTabOrder(m_profiles->renameButton(), m_profiles->removeButton());
    setTabOrder(m_profiles->removeButton(), m_regionCombo);
    setTabOrder(m_regionCombo, m_customUrlEdit);
    setTabOrder(m_customUrlEdit, m_key->lineEdit());
    setTabOrder(m_key->lineEdit(), m_key->storeButton());
    setTabOrder(m_key->storeButton(), m_key->sessionButton());
    setTabOrder(m_key->sessionButton(), m_key->deleteButton());
    setTabOrder(m_key->deleteButton(), m_testButton);
    setTabOrder(m_testButton, m_integrationCombo);
    setTabOrder(m_integrationCombo, m_loadIntegrationsButton);
    setTabOrder(m_loadIntegrationsButton, m_styleCombo);
    setTabOrder(m_styleCombo, m_chooseFilesButton);
    setTabOrder(m_chooseFilesButton, m_startUploadButton);
    setTabOrder(m_startUploadButton, m_triggerButton);
    setTabOrder(m_triggerButton, m_cancelButton);
    setTabOrder(m_cancelButton, m_syncPanel->watchLimitSpinBox());
    setTabOrder(m_syncPanel->watchLimitSpinBox(), m_syncPanel->openSyncsButton());
    setTabOrder(m_syncPanel->openSyncsButton(), m_historyBox->table());

    connect(m_profiles, &ProfileBar::activated, this, &ApiUploadPage::onProfileActivated);
    connect(m_profiles, &ProfileBar::addRequested, this, &ApiUploadPage::addProfile);
    connect(m_profiles, &ProfileBar::renameRequested, this, &ApiUploadPage::renameProfile);
    connect(m_profiles, &ProfileBar::removeRequested, this, &ApiUploadPage::removeProfile);
    connect(m_profiles, &ProfileBar::nameRefused, m_errorBanner, &Banner::showError);
    connect(m_regionCombo, &QComboBox::currentIndexChanged, this, &ApiUploadPage::onRegionChanged);
    connect(m_customUrlEdit, &QLineEdit::textChanged, this, &ApiUploadPage::onRegionChanged);
    connect(m_key, &ApiKeyField::changed, this, &ApiUploadPage::updateButtons);
    connect(m_key, &ApiKeyField::keychainUnavailable, this, [this](const Error &error) {
        m_keychainBanner->clear();
        m_keychainBanner->addMessage(Banner::Level::Warning, error.message, error.hint,
                                     error.detail);
    });
    connect(m_key, &ApiKeyField::keychainWorks, m_keychainBanner, &Banner::clear);
    connect(m_key, &ApiKeyField::removeFailed, m_errorBanner, &Banner::showError);
    connect(m_testButton, &QPushButton::clicked, this, &ApiUploadPage::testConnection);
    connect(m_loadIntegrationsButton, &QPushButton::clicked, this,
            &ApiUploadPage::loadIntegrations);
    connect(m_integrationCombo, &QComboBox::currentTextChanged, this,
            &ApiUploadPage::onIntegrationEdited);
    connect(m_styleCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_styleHelpLabel->setText(
            m_styleCombo->currentData().toString() == QLatin1String("separate")
                ? tr("Each file goes to its own endpoint, and each upload starts a sync by "
                     "itself. Use it when only one file changed, or if the combined endpoint "
                     "is not available on your installation.")
                : tr("Both files go in one request to the integration, then a sync is "
                     "triggered. Recommended: Secoda sees a matching pair."));
        saveProfile();
    });
    connect(m_chooseFilesButton, &QPushButton::clicked, this, &ApiUploadPage::chooseFiles);
    connect(m_startUploadButton, &QPushButton::clicked, this, &ApiUploadPage::startUpload);
    connect(m_triggerButton, &QPushButton::clicked, this, &ApiUploadPage::triggerSync);
    connect(m_cancelButton, &QPushButton::clicked, this, &ApiUploadPage::cancel);
    connect(m_uploadAnywayButton, &QPushButton::clicked, this, [this] {
        m_uploadAnywayButton->setVisible(false);
        if (m_session) {
            m_session->proceed();
        }
    });
    connect(m_syncPanel, &SyncPanel::openSyncsRequested, this, &ApiUploadPage::openSyncsPage);
    m_styleCombo->currentIndexChanged(m_styleCombo->currentIndex());
}

// --- profiles ---------------------------------------------------------------------------------

void ApiUploadPage::reloadProfiles(const QString &select)
{
    // Rebuilding the list must not save the profile being replaced (it may just have been
    // renamed or removed): no signals, no saving until loadProfile() has read the new one.
    m_loading = true;
    QList<std::pair<QString, QString>> items;
    if (m_sandbox) {
        items.append({tr("sandbox (local test server)"), kSandboxProfile});
    }
    for (const QString &n : m_settings.profileNames()) {
        items.append({n, n});
    }
    loadProfile(m_profiles->setProfiles(items, select));
}

void ApiUploadPage::onProfileActivated(const QString &name)
{
    if (name == m_profile.name) {
        return;
    }
    loadProfile(name);
    if (!(m_sandbox && name == kSandboxProfile)) {
        m_settings.setLastProfile(name);
    }
}

void ApiUploadPage::loadProfile(const QString &name)
{
    m_loading = true;
    if (!(m_sandbox && name == kSandboxProfile)) {
        m_profile = m_settings.profile(name);
    }
    const int region = m_regionCombo->findData(m_profile.apiUrl);
    if (region >= 0) {
        m_regionCombo->setCurrentIndex(region);
        m_customUrlEdit->clear();
    } else {
        m_regionCombo->setCurrentIndex(m_regionCombo->count() - 1);
        m_customUrlEdit->setText(m_profile.apiUrl);
    }
    m_integrationCombo->clear();
    m_integrationCombo->setEditText(m_profile.integrationId);
    m_styleCombo->setCurrentIndex(m_profile.style == QLatin1String("separate") ? 1 : 0);
    setStatus(m_connectionStatusLabel, {});
    setStatus(m_integrationStatusLabel, {});
    m_errorBanner->clear();
    m_loading = false;
    onRegionChanged();
    const bool transient = m_sandbox && name == kSandboxProfile;
    m_profiles->setTransient(transient);
    m_key->setProfile(name);
    emit profileChanged(name);
}

void ApiUploadPage::saveProfile()
{
    if (m_loading) {
        return;
    }
    m_profile.apiUrl = m_regionCombo->currentData().toString();
    if (m_profile.apiUrl.isEmpty()) {
        m_profile.apiUrl = m_customUrlEdit->text().trimmed();
    }
    m_profile.integrationId = integrationId();
    m_profile.style = m_styleCombo->currentData().toString();
    if (m_sandbox && m_profile.name == kSandboxProfile) {
        return; // transient: never written over the user's profiles
    }
    m_settings.saveProfile(m_profile);
}

void ApiUploadPage::addProfile(const QString &name)
{
    ApiProfile p;
    p.name = name;
    m_settings.saveProfile(p);
    m_settings.setLastProfile(name);
    reloadProfiles(name);
}

void ApiUploadPage::renameProfile(const QString &old, const QString &name)
{
    ApiProfile p = m_profile;
    p.name = name;
    m_settings.saveProfile(p);
    m_settings.removeProfile(old);
    m_profile = p;
    m_settings.setLastProfile(name);
    // The key moves with the profile: written under the new name, then removed.
    if (const std::optional<Secret> key = m_key->keychainKey()) {
        SecretJob *write = m_secrets.write(SecretStore::apiKeyName(name), *key);
        deleteWhenFinished(write);
        connect(write, &SecretJob::finished, this, [this, write, old] {
            if (write->error()) {
                m_errorBanner->showError(*write->error());
                return;
            }
            SecretJob *remove = m_secrets.remove(SecretStore::apiKeyName(old));
            deleteWhenFinished(remove);
            SecretStore::start(remove);
        });
        SecretStore::start(write);
    }
    reloadProfiles(name);
}

void ApiUploadPage::removeProfile(const QString &name)
{
    m_settings.removeProfile(name);
    SecretJob *remove = m_secrets.remove(SecretStore::apiKeyName(name));
    deleteWhenFinished(remove);
    SecretStore::start(remove);
    m_secrets.clearSessionSecret(SecretStore::apiKeyName(name));
    const QStringList left = m_settings.profileNames();
    m_settings.setLastProfile(left.first());
    reloadProfiles(left.first());
}

// --- connection -------------------------------------------------------------------------------

void ApiUploadPage::onRegionChanged()
{
    const bool custom = m_regionCombo->currentData().toString().isEmpty();
    m_customUrlEdit->setEnabled(custom);
    if (custom) {
        const QString text = m_customUrlEdit->text().trimmed();
        if (text.isEmpty()) {
            setStatus(m_urlStatusLabel, tr("Enter the API base URL of your installation."));
        } else if (Result<ApiEndpoint> e = ApiEndpoint::parse(text); !e) {
            setStatus(m_urlStatusLabel, e.error().message + QLatin1Char(' ') + e.error().hint);
        } else {
            setStatus(m_urlStatusLabel,
                      tr("Requests go to %1").arg(e.value().baseUrl().toString()));
        }
    } else {
        setStatus(m_urlStatusLabel,
                  tr("Requests go to %1")
                      .arg(ApiEndpoint::regionUrl(m_regionCombo->currentData().toString())));
    }
    saveProfile();
    updateButtons();
}

std::optional<ApiEndpoint> ApiUploadPage::endpoint() const
{
    QString where = m_regionCombo->currentData().toString();
    if (where.isEmpty()) {
        where = m_customUrlEdit->text().trimmed();
    }
    Result<ApiEndpoint> e = ApiEndpoint::parse(where);
    if (!e) {
        return std::nullopt;
    }
    return e.value();
}

QString ApiUploadPage::integrationId() const
{
    const int index = m_integrationCombo->findText(m_integrationCombo->currentText());
    if (index >= 0) {
        return m_integrationCombo->itemData(index).toString();
    }
    Result<QString> id
        = ApiEndpoint::parseIntegrationId(m_integrationCombo->currentText().trimmed());
    return id ? id.value() : QString();
}

void ApiUploadPage::onIntegrationEdited()
{
    const QString text = m_integrationCombo->currentText().trimmed();
    if (text.isEmpty()) {
        setStatus(m_integrationStatusLabel,
                  tr("Pick an integration (Load list) or paste its ID or Syncs page URL."));
    } else if (m_integrationCombo->findText(text) < 0) {
        Result<QString> id = ApiEndpoint::parseIntegrationId(text);
        setStatus(m_integrationStatusLabel,
                  id ? tr("Integration %1").arg(id.value()) : id.error().message);
    } else {
        setStatus(m_integrationStatusLabel, tr("Integration %1").arg(integrationId()));
    }
    saveProfile();
    updateButtons();
}

void ApiUploadPage::storeKey()
{
    m_key->store();
}

void ApiUploadPage::keepKeyForSession()
{
    m_key->keepForSession();
}

void ApiUploadPage::deleteKey()
{
    m_key->deleteKey();
}

bool ApiUploadPage::prepareAction(ApiEndpoint &ep, Secret &key, bool needIntegration)
{
    m_errorBanner->clear();
    const std::optional<ApiEndpoint> e = endpoint();
    if (!e) {
        m_errorBanner->addMessage(Banner::Level::Error, tr("The API URL is not valid."),
                                  m_urlStatusLabel->text());
        return false;
    }
    const std::optional<Secret> k = m_key->currentKey();
    if (!k || k->isEmpty()) {
        m_errorBanner->addMessage(Banner::Level::Error,
                                  tr("No API key for profile \"%1\".").arg(m_profile.name),
                                  tr("Paste the API key (Secoda: Settings → API) into API key."));
        return false;
    }
    if (needIntegration && integrationId().isEmpty()) {
        m_errorBanner->addMessage(Banner::Level::Error, tr("No integration chosen."),
                                  tr("Pick one with Load list, or paste its ID or Syncs page "
                                     "URL."));
        return false;
    }
    ep = *e;
    key = *k;
    return true;
}

void ApiUploadPage::testConnection()
{
    ApiEndpoint ep;
    Secret key;
    if (m_testJob || !prepareAction(ep, key, false)) {
        return;
    }
    auto *job = new TestConnectionJob(m_nam, ep, key, this);
    m_testJob = job;
    setStatus(m_connectionStatusLabel, tr("Testing %1…").arg(ep.baseUrl().toString()));
    connect(job, &NetworkJob::finished, this, [this, job] {
        job->deleteLater();
        if (job->error()) {
            setStatus(m_connectionStatusLabel, tr("The connection test failed (see above)."));
            m_errorBanner->showError(*job->error());
        } else {
            setStatus(m_connectionStatusLabel,
                      tr("Connected: the API accepted the key (%n integration(s) visible).",
                         nullptr, job->integrationCount()));
        }
        updateButtons();
    });
    job->start();
    updateButtons();
}

void ApiUploadPage::loadIntegrations()
{
    ApiEndpoint ep;
    Secret key;
    if (m_listJob || !prepareAction(ep, key, false)) {
        return;
    }
    auto *job = new ListIntegrationsJob(m_nam, ep, key, this);
    m_listJob = job;
    setStatus(m_integrationStatusLabel, tr("Loading the integrations…"));
    connect(job, &NetworkJob::finished, this, [this, job] {
        job->deleteLater();
        if (job->error()) {
            setStatus(m_integrationStatusLabel, tr("The integrations could not be loaded."));
            m_errorBanner->showError(*job->error());
            updateButtons();
            return;
        }
        QList<Integration> list = job->integrations();
        std::stable_sort(list.begin(), list.end(), [](const Integration &a, const Integration &b) {
            return a.looksLikeDbt() && !b.looksLikeDbt();
        });
        const QString keep = integrationId();
        m_loading = true;
        m_integrationCombo->clear();
        for (const Integration &i : std::as_const(list)) {
            m_integrationCombo->addItem(QStringLiteral("%1 (%2) — %3").arg(i.name, i.type, i.id),
                                        i.id);
        }
        int index = m_integrationCombo->findData(keep);
        if (index < 0 && !list.isEmpty() && list.first().looksLikeDbt()) {
            index = 0;
        }
        m_integrationCombo->setCurrentIndex(index);
        if (index < 0) {
            m_integrationCombo->setEditText(keep);
        }
        m_loading = false;
        onIntegrationEdited();
        setStatus(m_integrationStatusLabel, tr("%n integration(s) loaded; dbt-looking ones first.",
                                               nullptr, int(list.size())));
    });
    job->start();
    updateButtons();
}

// --- upload, trigger, watch -------------------------------------------------------------------

void ApiUploadPage::setPaths(const QStringList &paths)
{
    m_paths = paths;
    updateFilesLabel();
    updateButtons();
}

void ApiUploadPage::updateFilesLabel()
{
    PageWidgets::showArtifactPaths(m_filesLabel, m_paths);
}

void ApiUploadPage::chooseFiles()
{
    PageWidgets::chooseArtifactFiles(this, tr("Choose dbt artifacts to upload"),
                                     QStringLiteral("chooseFilesDialog"),
                                     [this](const QStringList &files) { setPaths(files); });
}

void ApiUploadPage::setWatchPollInterval(std::chrono::milliseconds first,
                                         std::chrono::milliseconds max)
{
    m_pollFirst = first;
    m_pollMax = max;
}

void ApiUploadPage::startUpload()
{
    if (m_paths.isEmpty()) {
        m_errorBanner->clear();
        m_errorBanner->addMessage(Banner::Level::Error, tr("No files to upload."),
                                  tr("Choose manifest.json and run_results.json (Choose files…), "
                                     "or drop them on the File upload tab."));
        return;
    }
    startSession(true);
}

void ApiUploadPage::triggerSync()
{
    startSession(false);
}

void ApiUploadPage::startSession(bool upload)
{
    ApiEndpoint ep;
    Secret key;
    if (m_session || !prepareAction(ep, key, true)) {
        return;
    }
    m_checksBanner->clear();
    m_uploadAnywayButton->setVisible(false);
    m_progress->clearRetry();
    UploadSession::Options options;
    options.watchLimit = m_syncPanel->watchLimit();
    options.pollFirst = m_pollFirst;
    options.pollMax = m_pollMax;
    auto *session = new UploadSession(m_nam, ep, key, integrationId(), options, this);
    m_session = session;
    connect(session, &UploadSession::phaseChanged, this, &ApiUploadPage::onSessionPhase);
    connect(session, &UploadSession::checksFinished, this, &ApiUploadPage::onChecksFinished);
    connect(session, &UploadSession::uploadProgressChanged, m_progress,
            &UploadProgressPanel::setOverall);
    connect(session, &UploadSession::fileProgressChanged, m_progress,
            &UploadProgressPanel::setFileProgress);
    connect(session, &UploadSession::retrying, m_progress, &UploadProgressPanel::setRetrying);
    connect(session, &UploadSession::syncPolled, this, &ApiUploadPage::onSyncPolled);
    connect(session, &UploadSession::finished, this, &ApiUploadPage::onSessionFinished);
    if (upload) {
        m_progress->start();
        session->startUpload(m_paths,
                             m_styleCombo->currentData().toString() == QLatin1String("separate")
                                 ? UploadStyle::Separate
                                 : UploadStyle::Combined);
    } else {
        session->startTrigger();
    }
    updateButtons();
}

void ApiUploadPage::onChecksFinished(const InspectResult &result, bool needsConfirmation)
{
    m_progress->setChecked(result);
    m_checksBanner->addChecks(result.checks);
    if (needsConfirmation) {
        m_progress->setStatus(tr("A check warns about these files. Nothing was sent yet: "
                                 "Upload anyway, or Cancel."));
        m_uploadAnywayButton->setVisible(true);
        m_uploadAnywayButton->setFocus();
    }
}

void ApiUploadPage::onSessionPhase(UploadSession::Phase phase)
{
    switch (phase) {
    case UploadSession::Phase::Idle:
    case UploadSession::Phase::WaitingForConfirmation:
    case UploadSession::Phase::Finished:
        break;
    case UploadSession::Phase::Checking:
        m_progress->setStatus(tr("Checking the files…"));
        break;
    case UploadSession::Phase::Uploading:
        m_progress->setStatus(tr("Uploading…"));
        break;
    case UploadSession::Phase::Triggering:
        m_syncPanel->showTriggering();
        break;
    case UploadSession::Phase::Watching:
        m_syncPanel->showWatching(m_session->syncStartedAt());
        break;
    }
    if (phase == UploadSession::Phase::Triggering || phase == UploadSession::Phase::Watching) {
        if (m_session && m_session->isUploaded()) {
            m_progress->setUploaded(m_session->totalBytes(), m_session->integrationId());
        }
    }
    updateButtons();
}

void ApiUploadPage::onSyncPolled(qint64 elapsedMs, const std::optional<QDateTime> &lastRun)
{
    if (!m_session) {
        return;
    }
    m_syncPanel->showPolled(m_session->syncStartedAt(), elapsedMs, lastRun);
}

void ApiUploadPage::onSessionFinished()
{
    UploadSession *session = m_session;
    m_session.clear();
    session->deleteLater();
    m_uploadAnywayButton->setVisible(false);
    m_progress->clearRetry();

    const bool cancelled = session->error() && session->error()->code == ErrorCode::Cancelled;
    if (session->error() && !cancelled) {
        m_errorBanner->showError(*session->error());
    }
    QString outcome;
    const SyncWatcher::Outcome sync = session->syncOutcome();
    if (sync == SyncWatcher::Outcome::Finished) {
        const QString when
            = session->syncLastRun() ? PageWidgets::localTime(*session->syncLastRun()) : QString();
        m_syncPanel->showFinished(session->syncStartedAt(), when);
        outcome = tr("sync finished");
        emit syncFinished();
        if (!window()->isActiveWindow()) {
            notify(tr("Secoda sync finished"), tr("The sync of integration %1 finished at %2.")
                                                   .arg(session->integrationId(), when));
        }
    } else if (sync == SyncWatcher::Outcome::GaveUp) {
        m_syncPanel->showGaveUp(session->syncStartedAt());
        outcome = tr("uploaded; sync still running");
    } else if (cancelled && session->isTriggered()) {
        m_syncPanel->showStopped();
        outcome = tr("uploaded; watch stopped");
    } else if (cancelled) {
        m_progress->setStatus(
            session->isUploaded()
                ? tr("Cancelled after the upload; no sync was triggered.")
                : tr("Cancelled: the upload was stopped and no sync was triggered."));
        outcome = tr("cancelled");
    } else if (session->error()) {
        outcome = session->isUploaded() ? tr("uploaded; %1").arg(session->error()->message)
                                        : tr("failed: %1").arg(session->error()->message);
        if (!session->isUploaded()) {
            m_progress->setStatus(tr("The upload failed (see above)."));
        }
    } else {
        outcome = tr("uploaded");
    }

    m_historyBox->record(*session, m_profile.name, outcome);
    updateButtons();
    emit sessionFinished();
}

void ApiUploadPage::notify(const QString &title, const QString &text)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        auto *tray = findChild<QSystemTrayIcon *>(QStringLiteral("syncTrayIcon"));
        if (!tray) {
            tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
            tray->setObjectName(QStringLiteral("syncTrayIcon"));
        }
        tray->show();
        tray->showMessage(title, text);
    } else {
        QApplication::alert(window());
    }
}

void ApiUploadPage::openSyncsPage()
{
    const std::optional<ApiEndpoint> e = endpoint();
    const QString id = integrationId();
    if (e && !id.isEmpty()) {
        QDesktopServices::openUrl(e->syncsPage(id));
    }
}

void ApiUploadPage::cancel()
{
    if (m_session) {
        m_session->cancel();
    }
}

void ApiUploadPage::updateButtons()
{
    const bool busy = m_session != nullptr;
    const bool haveKey = m_key->hasKey();
    const bool haveUrl = endpoint().has_value();
    const bool haveIntegration = !integrationId().isEmpty();
    const bool watching = busy && m_session->phase() == UploadSession::Phase::Watching;
    m_startUploadButton->setEnabled(!busy && haveKey && haveUrl && haveIntegration
                                    && !m_paths.isEmpty());
    m_triggerButton->setEnabled(!busy && haveKey && haveUrl && haveIntegration);
    m_cancelButton->setEnabled(busy);
    m_cancelButton->setText(watching ? tr("Stop &watching") : tr("&Cancel"));
    m_testButton->setEnabled(!m_testJob && haveKey && haveUrl);
    m_loadIntegrationsButton->setEnabled(!m_listJob && haveKey && haveUrl);
    m_syncPanel->openSyncsButton()->setEnabled(haveUrl && haveIntegration);
    m_chooseFilesButton->setEnabled(!busy);
    m_profiles->combo()->setEnabled(!busy);
}

void ApiUploadPage::showError(const Error &error)
{
    m_errorBanner->showError(error);
}

void ApiUploadPage::enterSandboxMode(const QUrl &apiBaseUrl, const QString &apiKey,
                                     const QString &integrationId)
{
    m_sandbox = true;
    m_profile = ApiProfile();
    m_profile.name = kSandboxProfile;
    m_profile.apiUrl = apiBaseUrl.toString();
    m_profile.integrationId = integrationId;
    m_secrets.setSessionSecret(SecretStore::apiKeyName(kSandboxProfile), Secret(apiKey));
    m_sandboxBanner->clear();
    m_sandboxBanner->addMessage(
        Banner::Level::Info,
        tr("Sandbox: a local test server, nothing reaches Secoda (%1).").arg(apiBaseUrl.toString()),
        tr("Its key is kept for this session only; the sandbox profile is not saved."));
    reloadProfiles(kSandboxProfile);
}

} // namespace Dbtu::Ui
