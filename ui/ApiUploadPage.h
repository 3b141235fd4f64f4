// SPDX-License-Identifier: MIT
#pragma once

#include "follow/FollowEvent.h"
#include "secoda/ApiEndpoint.h"
#include "secoda/UploadSession.h"
#include "secrets/Secret.h"
#include "settings/AppSettings.h"

#include <QPointer>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace Ui {
class ApiUploadPage;
}

namespace Dbtu {
class SecretStore;
class TestConnectionJob;
} // namespace Dbtu

namespace Dbtu::Ui {

class ApiKeyField;
class ArtifactFilesBox;
class EndpointField;
class FollowPanel;
class IntegrationField;
class ProfileBar;

/**
 * The API upload tab: a connection profile (region or URL, API key in the OS keychain,
 * integration), then check → upload (combined or separate) → trigger → watch through an
 * UploadSession, with progress per file, retries, cancel, and a history of the last uploads.
 * Errors are inline banners; confirmations go through MessageBox; nothing blocks the GUI thread.
 * The static layout is the form ApiUploadPage.ui (the panels promoted in it); the parts built
 * with arguments (ProfileBar, ApiKeyField, ArtifactFilesBox) go into its rows in code;
 * EndpointField and IntegrationField work on its widgets.
 *
 * With no saved profile, no integration and no key (a first run), firstRunPanel says where to
 * get a key and offers Try with a local sandbox (firstRunSandboxButton, when a sandbox can be
 * started: setSandboxOffered()).
 *
 * Widgets (objectNames): firstRunPanel, firstRunLabel, firstRunSandboxButton, sandboxBanner,
 * keychainBanner, apiErrorBanner, apiChecksBanner,
 * uploadAnywayButton; profileComboBox, addProfileButton, renameProfileButton,
 * removeProfileButton; regionComboBox, customUrlLineEdit, urlStatusLabel; apiKeyLineEdit,
 * keyStatusLabel, storeKeyButton, sessionKeyButton, deleteKeyButton; testConnectionButton,
 * connectionStatusLabel; integrationComboBox, loadIntegrationsButton, integrationStatusLabel;
 * styleComboBox, styleHelpLabel; filesLabel, chooseFilesButton; startUploadButton,
 * cancelUploadButton, triggerSyncButton; manifestProgressBar, runResultsProgressBar,
 * overallProgressBar, uploadProgressLabel, retryLabel; syncStatusLabel, watchLimitSpinBox,
 * openSyncsButton; followCheckBox, followStatusLabel; changesGroupBox, changesSummaryLabel,
 * changesTreeWidget; historyTableWidget. Dialogs: profileNameDialog (QInputDialog),
 * removeProfileMessageBox, deleteKeyMessageBox (MessageBox).
 */
class ApiUploadPage : public QWidget
{
    Q_OBJECT
public:
    ApiUploadPage(QNetworkAccessManager &nam, SecretStore &secrets, QWidget *parent = nullptr);
    ~ApiUploadPage() override;

    /** The files the next upload sends (from the File upload tab or chooseFiles()). */
    void setPaths(const QStringList &paths);
    QStringList paths() const;

    /**
     * Points the page at a local sandbox: a transient profile "sandbox" (never saved over the
     * user's profiles), the key kept as a session secret, the dbt integration selected, and a
     * banner saying nothing reaches Secoda.
     */
    void enterSandboxMode(const QUrl &apiBaseUrl, const QString &apiKey,
                          const QString &integrationId);
    bool isSandboxMode() const { return m_sandbox; }
    /** Whether the first-run panel offers Try with a local sandbox (the window can start one). */
    void setSandboxOffered(bool offered);
    /** Shows an error in the tab's banner (e.g. a sandbox that would not start). */
    void showError(const Error &error);

    /** How often a sync is polled (tests use short intervals). */
    void setWatchPollInterval(std::chrono::milliseconds first, std::chrono::milliseconds max);

    QString currentProfileName() const { return m_profile.name; }
    /** The integration id the page would upload to (empty when none or invalid). */
    QString integrationId() const;
    bool isBusy() const { return m_session != nullptr; }
    UploadSession *session() const { return m_session; }

    /** Reads the upload history again into Last uploads (another tab recorded an upload). */
    void reloadHistory();

    /** "Upload new runs automatically" is on (FollowPanel). */
    bool isFollowing() const;
    /** Turns it off (the tray's Pause); an upload under way is cancelled. */
    void stopFollowing();
    /** How long the files must stay still before a run is sent (tests: shorter). */
    void setFollowSettle(std::chrono::milliseconds settle) { m_followSettle = settle; }

public slots:
    void startUpload();
    void triggerSync();
    void cancel();
    void testConnection();
    void loadIntegrations();
    void storeKey();
    void keepKeyForSession();
    void deleteKey();
    void chooseFiles();
    void openSyncsPage();

signals:
    /** Try with a local sandbox was pressed on the first-run panel. */
    void tryWithSandboxRequested();
    /** After each upload/trigger session ends (success, error, cancel). */
    void sessionFinished();
    /** The sync being watched was seen to finish. */
    void syncFinished();
    void profileChanged(const QString &name);
    /** Automatic uploads went on or off. */
    void followingChanged(bool following);
    /** Something automatic uploads saw or did (the window's tray notifies). */
    void followEvent(const Dbtu::FollowEvent &event);

private:
    void buildUi();
    void updateFirstRun();
    void reloadProfiles(const QString &select);
    void loadProfile(const QString &name);
    void saveProfile();
    void onProfileActivated(const QString &name);
    void addProfile(const QString &name);
    void renameProfile(const QString &old, const QString &name);
    void removeProfile(const QString &name);
    /** An address or integration edited: the profile is saved. */
    void onFieldEdited();
    /** The Changes box: a preview against the last upload to the destination. */
    void updateChanges();

    std::optional<ApiEndpoint> endpoint() const;
    bool prepareAction(ApiEndpoint &endpoint, Secret &key, bool needIntegration);
    void startSession(bool upload);
    /** The watch limit and polling of this tab's sessions. */
    UploadSession::Options sessionOptions() const;
    void onChecksFinished(const InspectResult &result, bool needsConfirmation);
    void onSessionPhase(UploadSession::Phase phase);
    void onSyncPolled(qint64 elapsedMs, const std::optional<QDateTime> &lastRun);
    void onSessionFinished();
    void updateButtons();

    QNetworkAccessManager &m_nam;
    SecretStore &m_secrets;
    AppSettings m_settings;
    ApiProfile m_profile;
    bool m_sandbox = false;
    bool m_sandboxOffered = false;
    bool m_loading = true; // until the first profile is loaded: building widgets saves nothing
    std::chrono::milliseconds m_pollFirst{2000};
    std::chrono::milliseconds m_pollMax{30000};
    QPointer<UploadSession> m_session;
    QPointer<TestConnectionJob> m_testJob;

    std::unique_ptr<::Ui::ApiUploadPage> m_ui;
    ProfileBar *m_profiles = nullptr;
    ApiKeyField *m_key = nullptr;
    ArtifactFilesBox *m_files = nullptr;
    EndpointField *m_endpoint = nullptr;
    IntegrationField *m_integration = nullptr;
    FollowPanel *m_follow = nullptr;
    std::optional<std::chrono::milliseconds> m_followSettle;
};

} // namespace Dbtu::Ui
