// SPDX-License-Identifier: MIT
#pragma once

#include "bucket/BucketConfig.h"
#include "bucket/BucketUploadJob.h"

#include <QGroupBox>
#include <QPointer>

#include <memory>

class QCheckBox;
class QLabel;
class QNetworkAccessManager;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace Dbtu {
class BucketPushSession;
class HistoryStore;
} // namespace Dbtu

namespace Dbtu::Ui {

class ArtifactFilesBox;
class Banner;
class ChangesBox;

/**
 * The Bucket tab's "Push artifacts to the bucket" box: the files to push, gzip, Upload and
 * Cancel, the progress and stage, and the objects the listing confirmed. It runs one
 * BucketPushSession per push and only shows its signals: the checks go into the checks banner,
 * a warning shows the "Upload anyway" button (which calls proceed()), a failure goes into the
 * error banner. The page owns the banners and the button (they sit at its top) and says
 * whether its fields allow a push (setBlockedReason()).
 *
 * Widgets (objectNames): pushGroupBox (this), bucketFilesLabel, bucketChooseFilesButton,
 * bucketChooseFolderButton, gzipCheckBox, bucketUploadButton, bucketCancelUploadButton,
 * bucketUploadProgressBar, bucketStageLabel, uploadedObjectsTableWidget, changesGroupBox (a
 * ChangesBox: what the files change against the last push there); dialogs
 * bucketChooseFilesDialog, bucketChooseFolderDialog.
 */
class BucketPushPanel : public QGroupBox
{
    Q_OBJECT
public:
    BucketPushPanel(QNetworkAccessManager &nam, Banner *errorBanner, Banner *checksBanner,
                    QPushButton *uploadAnywayButton, QWidget *parent = nullptr);
    ~BucketPushPanel() override;

    void setPaths(const QStringList &paths);
    QStringList paths() const;
    /** Checking or pushing files (or waiting for "Upload anyway"). */
    bool isUploading() const;
    /** Why the page's fields allow no push now (the Upload button's tooltip); empty: they do. */
    void setBlockedReason(const QString &reason);
    /** Where a push would go (UploadRecord::destinationKey()), for the Changes box; empty:
     * nowhere yet (the fields do not allow a push). */
    void setDestinationKey(const QString &key);

    /** Checks the files, then pushes them with @p config (the caller checked its fields). */
    void startUpload(const BucketConfig &config, const QString &profile = {});
    void cancelUpload();
    void chooseFiles();
    void chooseFolder();

signals:
    /** A push began or ended, or the files changed: the page updates its own buttons. */
    void stateChanged();
    /** The Upload button was clicked: the page checks its fields, then calls startUpload(). */
    void uploadRequested();
    void uploadFinished();

private:
    void onChecksFinished(const InspectResult &result, bool needsConfirmation);
    void onPushFinished();
    void showPushed(const QList<BucketUploadJob::Item> &items, const QString &location);
    void updateButtons();
    void updateChanges();

    QNetworkAccessManager &m_nam;
    Banner *m_errorBanner;
    Banner *m_checksBanner;
    QPushButton *m_uploadAnywayButton;
    QString m_blockedReason;
    QString m_destinationKey;
    ChangesBox *m_changes = nullptr;
    std::unique_ptr<HistoryStore> m_history; ///< opened at the first push
    QPointer<BucketPushSession> m_push; ///< check → "Upload anyway" → push, until finished()

    ArtifactFilesBox *m_files = nullptr; ///< the files row, as on the API tab
    QCheckBox *m_gzipCheck = nullptr;
    QPushButton *m_uploadButton = nullptr;
    QPushButton *m_cancelUploadButton = nullptr;
    QProgressBar *m_uploadProgress = nullptr;
    QLabel *m_stageLabel = nullptr;
    QTableWidget *m_uploadedTable = nullptr;
};

} // namespace Dbtu::Ui
