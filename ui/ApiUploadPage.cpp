// SPDX-License-Identifier: MIT
#include "ApiUploadPage.h"

#include "ui_ApiUploadPage.h"

#include "ArtifactFilesBox.h"
#include "Banner.h"
#include "ChangesBox.h"
#include "PageWidgets.h"
#include "ProfileBar.h"
#include "api/ApiKeyField.h"
#include "api/EndpointField.h"
#include "api/FollowPanel.h"
#include "api/IntegrationField.h"
#include "api/SyncPanel.h"
#include "api/UploadHistoryBox.h"
#include "api/UploadProgressPanel.h"
#include "history/HistoryStore.h"
#include "secoda/ListIntegrationsJob.h"
#include "secoda/TestConnectionJob.h"
#include "secrets/SecretStore.h"

#include <QComboBox>
#include <QDebug>
#include <QDesktopServices>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>

namespace Dbtu::Ui {

using PageWidgets::setStatus;

namespace {

const QString kSandboxProfile = QStringLiteral("sandbox");

} // namespace

ApiUploadPage::ApiUploadPage(QNetworkAccessManager &nam, SecretStore &secrets, QWidget *parent)
    : QWidget(parent)
    , m_nam(nam)
    , m_secrets(secrets)
    , m_ui(std::make_unique<::Ui::ApiUploadPage>())
{
    buildUi();
    reloadProfiles(m_settings.lastProfile());
    m_ui->historyGroupBox->reload();
    updateButtons();
}

ApiUploadPage::~ApiUploadPage() = default;

void ApiUploadPage::buildUi()
{
    m_ui->setupUi(PageWidgets::scrollingContent(this, QStringLiteral("apiUploadScrollArea")));
    setObjectName(QStringLiteral("apiUploadPage"));
    setAccessibleName(tr("API upload"));
    QGroupBox *connection = m_ui->connectionGroupBox;
    QFormLayout *form = m_ui->connectionFormLayout;
    int row = 0;
    QFormLayout::ItemRole role = QFormLayout::LabelRole;

    const auto names = ProfileBar::Names::from(
        QStringLiteral("profile"), tr("Remove profile \"%1\" and its API key from the keychain?"));
    m_profiles = new ProfileBar(
        names, [this] { return m_settings.profileNames(); }, {kSandboxProfile}, connection);
    m_ui->profileLabel->setBuddy(m_profiles->combo());
    form->getWidgetPosition(m_ui->profileLabel, &row, &role);
    form->setWidget(row, QFormLayout::FieldRole, m_profiles);

    m_key = new ApiKeyField(m_secrets, connection);
    m_ui->keyLabel->setBuddy(m_key->lineEdit());
    form->getWidgetPosition(m_ui->keyLabel, &row, &role);
    form->setWidget(row, QFormLayout::FieldRole, m_key->lineEdit());
    form->insertRow(row + 1, QString(), m_key->buttons());
    form->insertRow(row + 2, QString(), m_key->statusLabel());

    ArtifactFilesBox::Names files;
    files.label = QStringLiteral("filesLabel");
    files.labelAccessible = tr("Files to send");
    files.files
        = {QStringLiteral("chooseFilesButton"), tr("Choose files…"), tr("Choose the files to send"),
           QStringLiteral("chooseFilesDialog"), tr("Choose dbt artifacts to upload")};
    m_files = new ArtifactFilesBox(files, m_ui->uploadGroupBox);
    m_ui->uploadFormLayout->getWidgetPosition(m_ui->filesRowLabel, &row, &role);
    m_ui->uploadFormLayout->setWidget(row, QFormLayout::FieldRole, m_files);
    m_follow = new FollowPanel(m_ui->uploadGroupBox);
    m_ui->uploadFormLayout->insertRow(row + 1, QString(), m_follow);

    m_endpoint = new EndpointField(m_ui->regionComboBox, m_ui->customUrlLineEdit,
                                   m_ui->urlStatusLabel, this);
    // Items carry data (a style), which a .ui form cannot hold.
    m_ui->styleComboBox->addItem(tr("Combined (both files, then trigger)"),
                                 QStringLiteral("combined"));
    m_ui->styleComboBox->addItem(tr("Separate (one request per file)"), QStringLiteral("separate"));
    m_integration
        = new IntegrationField(m_ui->integrationComboBox, m_ui->integrationStatusLabel, this);
    setStatus(m_ui->connectionStatusLabel, {}); // hidden until there is something to say

    const QList<QWidget *> tabOrder{m_ui->firstRunSandboxButton,
                                    m_profiles->combo(),
                                    m_profiles->addButton(),
                                    m_profiles->renameButton(),
                                    m_profiles->removeButton(),
                                    m_ui->regionComboBox,
                                    m_ui->customUrlLineEdit,
                                    m_key->lineEdit(),
                                    m_key->storeButton(),
                                    m_key->sessionButton(),
                                    m_key->deleteButton(),
                                    m_ui->testConnectionButton,
                                    m_ui->integrationComboBox,
                                    m_ui->loadIntegrationsButton,
                                    m_ui->styleComboBox,
                                    m_files->chooseFilesButton(),
                                    m_ui->startUploadButton,
                                    m_ui->triggerSyncButton,
                                    m_ui->cancelUploadButton,
                                    m_ui->syncGroupBox->watchLimitSpinBox(),
                                    m_ui->syncGroupBox->openSyncsButton(),
                                    m_ui->historyGroupBox->table()};
    for (qsizetype i = 1; i < tabOrder.size(); ++i) {
        setTabOrder(tabOrder.at(i - 1), tabOrder.at(i));
    }

    connect(m_ui->firstRunSandboxButton, &QPushButton::clicked, this,
            &ApiUploadPage::tryWithSandboxRequested);
    connect(m_profiles, &ProfileBar::activated, this, &ApiUploadPage::onProfileActivated);
    connect(m_profiles, &ProfileBar::addRequested, this, &ApiUploadPage::addProfile);
    connect(m_profiles, &ProfileBar::renameRequested, this, &ApiUploadPage::renameProfile);
    connect(m_profiles, &ProfileBar::removeRequested, this, &ApiUploadPage::removeProfile);
    connect(m_profiles, &ProfileBar::nameRefused, m_ui->apiErrorBanner, &Banner::showError);
    connect(m_endpoint, &EndpointField::edited, this, &ApiUploadPage::onFieldEdited);
    connect(m_key, &ApiKeyField::changed, this, &ApiUploadPage::updateButtons);
    connect(m_key, &ApiKeyField::keychainUnavailable, this, [this](const Error &error) {
        m_ui->keychainBanner->clear();
        m_ui->keychainBanner->addMessage(Banner::Level::Warning, error.message, error.hint,
                                         error.detail);
    });
    connect(m_key, &ApiKeyField::keychainWorks, m_ui->keychainBanner, &Banner::clear);
    connect(m_key, &ApiKeyField::removeFailed, m_ui->apiErrorBanner, &Banner::showError);
    connect(m_key, &ApiKeyField::moveFailed, m_ui->apiErrorBanner, &Banner::showError);
    connect(m_ui->testConnectionButton, &QPushButton::clicked, this,
            &ApiUploadPage::testConnection);
    connect(m_ui->loadIntegrationsButton, &QPushButton::clicked, this,
            &ApiUploadPage::loadIntegrations);
    connect(m_integration, &IntegrationField::edited, this, &ApiUploadPage::onFieldEdited);
    connect(m_integration, &IntegrationField::loadFinished, this, &ApiUploadPage::updateButtons);
    connect(m_integration, &IntegrationField::loadFailed, this, [this](const Error &error) {
        m_ui->apiErrorBanner->showError(error);
        updateButtons();
    });
    connect(m_ui->styleComboBox, &QComboBox::currentIndexChanged, this, [this] {
        m_ui->styleHelpLabel->setText(
            m_ui->styleComboBox->currentData().toString() == QLatin1String("separate")
                ? tr("Each file goes to its own endpoint, and each upload starts a sync by "
                     "itself. Use it when only one file changed, or if the combined endpoint "
                     "is not available on your installation.")
                : tr("Both files go in one request to the integration, then a sync is "
                     "triggered. Recommended: Secoda sees a matching pair."));
        saveProfile();
    });
    connect(m_files, &ArtifactFilesBox::pathsChosen, this, &ApiUploadPage::updateButtons);
    connect(m_files, &ArtifactFilesBox::pathsChosen, this, &ApiUploadPage::updateChanges);
    connect(m_files, &ArtifactFilesBox::pathsChosen, this, [this](const QStringList &paths) {
        m_follow->setFolder(FollowPanel::folderOf(paths));
    });
    m_follow->setSetupSource([this]() -> std::optional<FollowPanel::Setup> {
        ApiEndpoint ep;
        Secret key;
        if (!prepareAction(ep, key, true)) {
            return std::nullopt; // the banner says what is missing
        }
        const bool transient = m_sandbox && m_profile.name == kSandboxProfile;
        HistoryStore *store = m_ui->historyGroupBox->store();
        return FollowPanel::Setup{&m_nam,
                                  ep,
                                  key,
                                  integrationId(),
                                  transient ? QString() : m_profile.name,
                                  m_ui->styleComboBox->currentData().toString()
                                          == QLatin1String("separate")
                                      ? UploadStyle::Separate
                                      : UploadStyle::Combined,
                                  store && store->isOpen() ? store : nullptr,
                                  m_followSettle,
                                  sessionOptions()};
    });
    connect(m_follow, &FollowPanel::followingChanged, this, &ApiUploadPage::followingChanged);
    connect(m_key, &ApiKeyField::changed, this, [this] {
        if (!m_key->isLookingUp()) {
            m_follow->resume(); // a saved switch of the profile shown
        }
    });
    connect(m_follow, &FollowPanel::followEvent, this, &ApiUploadPage::followEvent);
    connect(m_follow, &FollowPanel::recorded, this, &ApiUploadPage::reloadHistory);
    connect(m_follow, &FollowPanel::recorded, this, &ApiUploadPage::updateChanges);
    connect(m_ui->startUploadButton, &QPushButton::clicked, this, &ApiUploadPage::startUpload);
    connect(m_ui->triggerSyncButton, &QPushButton::clicked, this, &ApiUploadPage::triggerSync);
    connect(m_ui->cancelUploadButton, &QPushButton::clicked, this, &ApiUploadPage::cancel);
    connect(m_ui->uploadAnywayButton, &QPushButton::clicked, this, [this] {
        m_ui->uploadAnywayButton->setVisible(false);
        if (m_session) {
            m_session->proceed();
        }
    });
    connect(m_ui->syncGroupBox, &SyncPanel::openSyncsRequested, this,
            &ApiUploadPage::openSyncsPage);
    m_ui->styleComboBox->currentIndexChanged(m_ui->styleComboBox->currentIndex());
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
    m_endpoint->setApiUrl(m_profile.apiUrl);
    m_integration->setIntegrationId(m_profile.integrationId);
    m_ui->styleComboBox->setCurrentIndex(m_profile.style == QLatin1String("separate") ? 1 : 0);
    setStatus(m_ui->connectionStatusLabel, {});
    setStatus(m_ui->integrationStatusLabel, {});
    m_ui->apiErrorBanner->clear();
    m_loading = false;
    m_endpoint->refresh();
    const bool transient = m_sandbox && name == kSandboxProfile;
    m_profiles->setTransient(transient);
    m_key->setProfile(name);
    // The switch belongs to a profile: this one's starts again once its key is known.
    if (const QString followed = m_follow->showProfile(transient ? QString() : name);
        !followed.isEmpty()) {
        m_files->setPaths({followed});
    }
    updateChanges();
    emit profileChanged(name);
}

void ApiUploadPage::saveProfile()
{
    if (m_loading) {
        return;
    }
    m_profile.apiUrl = m_endpoint->apiUrl();
    m_profile.integrationId = integrationId();
    m_profile.style = m_ui->styleComboBox->currentData().toString();
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
    m_key->moveKey(old, name);
    reloadProfiles(name);
}

void ApiUploadPage::removeProfile(const QString &name)
{
    m_settings.removeProfile(name);
    m_key->forgetKey(name);
    const QStringList left = m_settings.profileNames();
    m_settings.setLastProfile(left.first());
    reloadProfiles(left.first());
}

// --- connection -------------------------------------------------------------------------------

void ApiUploadPage::onFieldEdited()
{
    saveProfile();
    updateButtons();
    updateChanges();
}

void ApiUploadPage::updateChanges()
{
    if (m_session) {
        return; // the session compares what it checks (changesFound)
    }
    const std::optional<ApiEndpoint> e = endpoint();
    const HistoryStore *store = m_ui->historyGroupBox->store();
    if (!e || integrationId().isEmpty() || !store || !store->isOpen()) {
        m_ui->changesGroupBox->clear();
        return;
    }
    m_ui->changesGroupBox->compare(
        store->path(), UploadRecord::apiDestinationKey(e->baseUrl().host(), integrationId()),
        m_files->paths());
}

std::optional<ApiEndpoint> ApiUploadPage::endpoint() const
{
    return m_endpoint->endpoint();
}

QString ApiUploadPage::integrationId() const
{
    return m_integration->integrationId();
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
    m_ui->apiErrorBanner->clear();
    const std::optional<ApiEndpoint> e = endpoint();
    if (!e) {
        m_ui->apiErrorBanner->addMessage(Banner::Level::Error, tr("The API URL is not valid."),
                                         m_ui->urlStatusLabel->text());
        return false;
    }
    const std::optional<Secret> k = m_key->currentKey();
    if (!k || k->isEmpty()) {
        m_ui->apiErrorBanner->addMessage(
            Banner::Level::Error, tr("No API key for profile \"%1\".").arg(m_profile.name),
            tr("Paste the API key (Secoda: Settings → API) into API key."));
        return false;
    }
    if (needIntegration && integrationId().isEmpty()) {
        m_ui->apiErrorBanner->addMessage(
            Banner::Level::Error, tr("No integration chosen."),
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
    setStatus(m_ui->connectionStatusLabel, tr("Testing %1…").arg(ep.baseUrl().toString()));
    connect(job, &NetworkJob::finished, this, [this, job] {
        job->deleteLater();
        m_testJob.clear(); // done: the buttons below see it so, not only once it is deleted
        if (job->error()) {
            setStatus(m_ui->connectionStatusLabel, tr("The connection test failed (see above)."));
            m_ui->apiErrorBanner->showError(*job->error());
        } else {
            setStatus(m_ui->connectionStatusLabel,
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
    if (m_integration->isLoading() || !prepareAction(ep, key, false)) {
        return;
    }
    m_integration->load(m_nam, ep, key);
    updateButtons();
}

// --- upload, trigger, watch -------------------------------------------------------------------

void ApiUploadPage::setPaths(const QStringList &paths)
{
    m_files->setPaths(paths);
    m_follow->setFolder(FollowPanel::folderOf(m_files->paths()));
    updateButtons();
    updateChanges();
}

void ApiUploadPage::reloadHistory()
{
    m_ui->historyGroupBox->reload();
}

bool ApiUploadPage::isFollowing() const
{
    return m_follow->isFollowing();
}

void ApiUploadPage::stopFollowing()
{
    m_follow->stop();
}

QStringList ApiUploadPage::paths() const
{
    return m_files->paths();
}

void ApiUploadPage::chooseFiles()
{
    m_files->chooseFiles();
}

void ApiUploadPage::setWatchPollInterval(std::chrono::milliseconds first,
                                         std::chrono::milliseconds max)
{
    m_pollFirst = first;
    m_pollMax = max;
}

void ApiUploadPage::startUpload()
{
    if (m_files->paths().isEmpty()) {
        m_ui->apiErrorBanner->clear();
        m_ui->apiErrorBanner->addMessage(
            Banner::Level::Error, tr("No files to upload."),
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

UploadSession::Options ApiUploadPage::sessionOptions() const
{
    UploadSession::Options options;
    options.watchLimit = m_ui->syncGroupBox->watchLimit();
    options.pollFirst = m_pollFirst;
    options.pollMax = m_pollMax;
    return options;
}

void ApiUploadPage::startSession(bool upload)
{
    ApiEndpoint ep;
    Secret key;
    if (m_session || !prepareAction(ep, key, true)) {
        return;
    }
    m_ui->apiChecksBanner->clear();
    m_ui->uploadAnywayButton->setVisible(false);
    m_ui->uploadProgressWidget->clearRetry();
    auto *session = new UploadSession(m_nam, ep, key, integrationId(), sessionOptions(), this);
    session->setHistory(
        {m_ui->historyGroupBox->store(), UploadRecord::Origin::Window, m_profile.name});
    m_session = session;
    connect(session, &UploadSession::phaseChanged, this, &ApiUploadPage::onSessionPhase);
    connect(session, &UploadSession::checksFinished, this, &ApiUploadPage::onChecksFinished);
    connect(session, &UploadSession::changesFound, m_ui->changesGroupBox, &ChangesBox::setChanges);
    connect(session, &UploadSession::uploadProgressChanged, m_ui->uploadProgressWidget,
            &UploadProgressPanel::setOverall);
    connect(session, &UploadSession::fileProgressChanged, m_ui->uploadProgressWidget,
            &UploadProgressPanel::setFileProgress);
    connect(session, &UploadSession::retrying, m_ui->uploadProgressWidget,
            &UploadProgressPanel::setRetrying);
    connect(session, &UploadSession::syncPolled, this, &ApiUploadPage::onSyncPolled);
    connect(session, &UploadSession::finished, this, &ApiUploadPage::onSessionFinished);
    if (upload) {
        m_ui->uploadProgressWidget->start();
        session->startUpload(m_files->paths(), m_ui->styleComboBox->currentData().toString()
                                                       == QLatin1String("separate")
                                                   ? UploadStyle::Separate
                                                   : UploadStyle::Combined);
    } else {
        session->startTrigger();
    }
    updateButtons();
}

void ApiUploadPage::onChecksFinished(const InspectResult &result, bool needsConfirmation)
{
    m_ui->uploadProgressWidget->setChecked(result);
    m_ui->apiChecksBanner->addChecks(result.checks);
    if (needsConfirmation) {
        m_ui->uploadProgressWidget->setStatus(
            tr("A check warns about these files. Nothing was sent yet: "
               "Upload anyway, or Cancel."));
        m_ui->uploadAnywayButton->setVisible(true);
        m_ui->uploadAnywayButton->setFocus();
    }
}

void ApiUploadPage::onSessionPhase(UploadSession::Phase phase)
{
    m_ui->uploadProgressWidget->showPhase(phase);
    if (phase == UploadSession::Phase::Triggering) {
        m_ui->syncGroupBox->showTriggering();
    } else if (phase == UploadSession::Phase::Watching) {
        m_ui->syncGroupBox->showWatching(m_session->syncStartedAt());
    }
    if (phase == UploadSession::Phase::Triggering || phase == UploadSession::Phase::Watching) {
        if (m_session && m_session->isUploaded()) {
            m_ui->uploadProgressWidget->setUploaded(m_session->totalBytes(),
                                                    m_session->integrationId());
        }
    }
    updateButtons();
}

void ApiUploadPage::onSyncPolled(qint64 elapsedMs, const std::optional<QDateTime> &lastRun)
{
    if (!m_session) {
        return;
    }
    m_ui->syncGroupBox->showPolled(m_session->syncStartedAt(), elapsedMs, lastRun);
}

void ApiUploadPage::onSessionFinished()
{
    UploadSession *session = m_session;
    m_session.clear();
    session->deleteLater();
    m_ui->uploadAnywayButton->setVisible(false);
    m_ui->uploadProgressWidget->clearRetry();

    const bool cancelled = session->error() && session->error()->code == ErrorCode::Cancelled;
    if (session->error() && !cancelled) {
        m_ui->apiErrorBanner->showError(*session->error());
    }
    // The session recorded the upload itself; the Last uploads box reads it back (its Outcome
    // column says the same as this branch: UploadHistoryBox::outcomeText()).
    const SyncWatcher::Outcome sync = session->syncOutcome();
    if (sync == SyncWatcher::Outcome::Finished) {
        const QString when
            = session->syncLastRun() ? PageWidgets::localTime(*session->syncLastRun()) : QString();
        m_ui->syncGroupBox->showFinished(session->syncStartedAt(), when);
        emit syncFinished();
        m_ui->syncGroupBox->notifyFinished(session->integrationId(), when);
    } else if (sync == SyncWatcher::Outcome::GaveUp) {
        m_ui->syncGroupBox->showGaveUp(session->syncStartedAt());
    } else if (cancelled && session->isTriggered()) {
        m_ui->syncGroupBox->showStopped();
    } else if (cancelled) {
        m_ui->uploadProgressWidget->setStatus(
            session->isUploaded()
                ? tr("Cancelled after the upload; no sync was triggered.")
                : tr("Cancelled: the upload was stopped and no sync was triggered."));
    } else if (session->error() && !session->isUploaded()) {
        m_ui->uploadProgressWidget->setStatus(tr("The upload failed (see above)."));
    }

    if (session->historyError()) {
        qWarning().noquote() << "Last uploads:" << session->historyError()->toString();
    }
    m_ui->historyGroupBox->reload();
    updateButtons();
    updateChanges(); // against this upload now, if it went through
    emit sessionFinished();
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
    m_ui->startUploadButton->setEnabled(!busy && haveKey && haveUrl && haveIntegration
                                        && !m_files->paths().isEmpty());
    m_ui->triggerSyncButton->setEnabled(!busy && haveKey && haveUrl && haveIntegration);
    m_ui->cancelUploadButton->setEnabled(busy);
    m_ui->cancelUploadButton->setText(watching ? tr("Stop &watching") : tr("&Cancel"));
    m_ui->testConnectionButton->setEnabled(!m_testJob && haveKey && haveUrl);
    m_ui->loadIntegrationsButton->setEnabled(!m_integration->isLoading() && haveKey && haveUrl);
    m_ui->syncGroupBox->openSyncsButton()->setEnabled(haveUrl && haveIntegration);
    m_files->setChoosingEnabled(!busy);
    m_profiles->combo()->setEnabled(!busy);
    m_follow->setBusy(busy);
    updateFirstRun();
}

void ApiUploadPage::updateFirstRun()
{
    // A first run: only the implicit default profile, no integration chosen, no key (once the
    // keychain has answered, so that a stored key never makes the panel flash).
    const bool firstRun = !m_sandbox && !m_key->isLookingUp() && !m_key->hasKey()
                          && m_settings.profileNames() == QStringList{QStringLiteral("default")}
                          && integrationId().isEmpty();
    m_ui->firstRunPanel->setVisible(firstRun);
    m_ui->firstRunSandboxButton->setVisible(m_sandboxOffered);
}

void ApiUploadPage::setSandboxOffered(bool offered)
{
    m_sandboxOffered = offered;
    updateFirstRun();
}

void ApiUploadPage::showError(const Error &error)
{
    m_ui->apiErrorBanner->showError(error);
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
    m_ui->sandboxBanner->clear();
    m_ui->sandboxBanner->addMessage(
        Banner::Level::Info,
        tr("Sandbox: a local test server, nothing reaches Secoda (%1).").arg(apiBaseUrl.toString()),
        tr("Its key is kept for this session only; the sandbox profile is not saved."));
    reloadProfiles(kSandboxProfile);
}

} // namespace Dbtu::Ui
