// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "artifacts/ArtifactSummary.h"
#include "bucket/BucketConfig.h"
#include "bucket/BucketFieldProblem.h"
#include "secrets/Secret.h"
#include "settings/AppSettings.h"

#include <QMap>
#include <QWidget>

#include <optional>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;

namespace Dbtu {
class SecretStore;
} // namespace Dbtu

namespace Dbtu::Ui {

class Banner;
class BucketDocumentsPanel;
class BucketProfiles;
class BucketProviderForm;
class BucketPushPanel;
class BucketSecrets;
class BucketTestPanel;

/**
 * The Bucket settings tab: the fields of Secoda's bucket connection form (AWS S3 with an IAM
 * user's keys, AWS S3 through a role, Google Cloud Storage through its S3 XML API, Azure Blob),
 * checked as they are typed, saved per profile (non-secret fields in AppSettings, secrets only
 * in the keychain under BucketConfig::keychainKey(profile, field), the same keys the CLI's
 * `bucket --profile NAME` reads), a "Test connection" checklist (CredentialTestJob), the
 * documents to paste into AWS / GCS (PolicyDocuments), and a push of the artifacts into the
 * bucket (BucketPushSession, which `bucket upload` runs too). Errors are inline banners;
 * confirmations go through MessageBox; nothing blocks the GUI thread (keychain reads and
 * writes are jobs).
 *
 * Widgets (objectNames): bucketConnectionGroupBox, testGroupBox, pushGroupBox;
 * bucketKeychainBanner, bucketErrorBanner, bucketChecksBanner,
 * bucketUploadAnywayButton; bucketProfileComboBox, addBucketProfileButton,
 * renameBucketProfileButton, removeBucketProfileButton; providerComboBox, roleNoteLabel,
 * ownKeysLabel, advancedToolButton;
 * one QLineEdit per field, with a QLabel `<field>ErrorLabel` under it that says why the value
 * is refused (empty when fine): roleArnLineEdit, externalIdLineEdit, accountNameLineEdit,
 * connectionStringLineEdit, containerLineEdit, accessKeyIdLineEdit, secretAccessKeyLineEdit,
 * sessionTokenLineEdit, regionLineEdit, endpointLineEdit, bucketLineEdit, prefixLineEdit (so
 * roleArnErrorLabel, bucketErrorLabel, ...); the secrets' rows (a BucketSecrets makes them):
 * secretStatusLabel, storeSecretsButton, sessionSecretsButton, deleteSecretsButton; in testGroupBox
 * (a BucketTestPanel): testConnectionButton, cancelTestButton, testStatusLabel, checklistView
 * (QTreeWidget: one top-level item per step, its state name in Qt::UserRole of column 0, children
 * for the provider code, the hint and the manifest facts), stepDetailLabel (the selected step in
 * full; after a test, the first failure or warning), suggestedRegionFrame, suggestedRegionLabel,
 * useSuggestedRegionButton; documentsGroupBox (a BucketDocumentsPanel) with per document a
 * QPlainTextEdit and a Copy button: iamUserPolicyTextEdit / copyIamUserPolicyButton,
 * roleTrustPolicyTextEdit / copyRoleTrustPolicyButton, rolePermissionsPolicyTextEdit /
 * copyRolePermissionsPolicyButton, gcsCorsTextEdit / copyGcsCorsButton, gcsCorsCommandTextEdit /
 * copyGcsCorsCommandButton, noDocumentsLabel; in pushGroupBox (a BucketPushPanel):
 * bucketFilesLabel, bucketChooseFilesButton, bucketChooseFolderButton, gzipCheckBox,
 * bucketUploadButton, bucketCancelUploadButton, bucketUploadProgressBar, bucketStageLabel,
 * uploadedObjectsTableWidget. Dialogs: bucketProfileNameDialog (QInputDialog, for Add and Rename),
 * removeBucketProfileMessageBox, deleteSecretsMessageBox (MessageBox).
 *
 * The provider's own fields are a BucketProviderForm (BucketS3Form, BucketGcsForm,
 * BucketAzureForm: Qt Designer forms, each with its fields' visibility), made anew when the
 * provider changes; the page keeps every field's value, so it survives the switch.
 *
 * The profile row and what its buttons do are a BucketProfiles (Rename moves the secrets as
 * one keychain transaction, SecretsMove); the profile controls stay disabled until
 * renameFinished().
 */
class BucketSettingsPage : public QWidget
{
    Q_OBJECT
public:
    /** The form's fields (core's); fieldKey() gives the objectName stem. */
    using Field = BucketField;

    BucketSettingsPage(QNetworkAccessManager &nam, SecretStore &secrets, QWidget *parent = nullptr);
    ~BucketSettingsPage() override;

    /** The files the next push sends (from the File upload tab or the choose buttons). */
    void setPaths(const QStringList &paths);
    QStringList paths() const;

    QString currentProfileName() const;
    BucketProvider provider() const;
    /** The form as a BucketConfig, secrets included (as typed or read from the keychain). */
    BucketConfig config() const;
    bool isTesting() const;
    /** Checking or pushing files (or waiting for "Upload anyway"). */
    bool isUploading() const;
    /** Whether the keychain reads of the current profile are still running. */
    bool isLoadingSecrets() const;
    /** Whether a Rename is still moving the profile's secrets (see renameFinished()). */
    bool isRenaming() const;

    static QString fieldKey(Field field);

public slots:
    void testConnection();
    void cancelTest();
    void startUpload();
    void cancelUpload();
    void storeSecrets();
    void keepSecretsForSession();
    void deleteSecrets();
    void chooseFiles();
    void chooseFolder();

signals:
    /** The keychain reads of a newly loaded profile are done (found or not). */
    void secretsLoaded();
    /** A Store / session / Delete of the secrets finished. */
    void secretsSaved();
    /**
     * A Rename ended, once per accepted name: the profile and its secrets moved, or nothing
     * changed and the error banner says why.
     */
    void renameFinished();
    void testFinished();
    void uploadFinished();

private:
    void buildUi();
    void buildConnection(QWidget *parent, QFormLayout *form);
    /** The current provider's form, made anew when the provider needs another one. */
    void ensureProviderForm();
    /** The field's edit in the provider's form, or nullptr when that form has no such field. */
    QLineEdit *edit(Field field) const;
    /** Sets the field's value (and its edit's text, when the form has it). */
    void setValue(Field field, const QString &value);
    QString text(Field field) const;

    /** Fills the form with @p profile's fields (BucketProfiles loads it). */
    void showProfile(const BucketProfile &profile);
    /** @p profile with the form's non-secret fields. */
    BucketProfile formProfile(BucketProfile profile) const;
    void saveProfile();
    void onProviderChanged();
    void onFieldEdited(Field field);
    bool isFieldVisible(Field field) const;
    /** Core's first problem of the form (BucketFieldValidation::formProblems()). */
    std::optional<BucketFieldProblem> firstProblem(bool forUpload) const;
    void showFieldProblems();
    void regenerateDocuments();

    void updateSecretStatus();

    void updateButtons();

    QNetworkAccessManager &m_nam;
    SecretStore &m_secrets;

    Banner *m_keychainBanner = nullptr;
    Banner *m_errorBanner = nullptr;
    Banner *m_checksBanner = nullptr;
    QPushButton *m_uploadAnywayButton = nullptr;
    QComboBox *m_providerCombo = nullptr;
    QWidget *m_providerHolder = nullptr;          ///< holds m_providerForm
    BucketProviderForm *m_providerForm = nullptr; ///< the current provider's fields
    QMap<Field, QString> m_values;                ///< every field's value, as typed
    bool m_advanced = false;                      ///< the S3 endpoint is shown
    BucketSecrets *m_profileSecrets = nullptr;    ///< the keychain entries and their rows
    BucketProfiles *m_profiles = nullptr;         ///< the profile row, load, save, Rename

    BucketTestPanel *m_testPanel = nullptr; ///< Test, the checklist, the suggested region
    BucketPushPanel *m_pushPanel = nullptr; ///< the files, gzip, Upload, progress, objects
    BucketDocumentsPanel *m_documentsPanel = nullptr; ///< the IAM / CORS documents to paste
};

} // namespace Dbtu::Ui
