// SPDX-License-Identifier: MIT
#include "bucket/BucketPushPanel.h"

#include "ArtifactFilesBox.h"
#include "Banner.h"
#include "ChangesBox.h"
#include "PageWidgets.h"
#include "bucket/BucketPushSession.h"
#include "history/HistoryStore.h"
#include "util/TextFormat.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Dbtu::Ui {

using PageWidgets::button;
using PageWidgets::statusLabel;

BucketPushPanel::BucketPushPanel(QNetworkAccessManager &nam, Banner *errorBanner,
                                 Banner *checksBanner, QPushButton *uploadAnywayButton,
                                 QWidget *parent)
    : QGroupBox(tr("Push artifacts to the bucket"), parent)
    , m_nam(nam)
    , m_errorBanner(errorBanner)
    , m_checksBanner(checksBanner)
    , m_uploadAnywayButton(uploadAnywayButton)
{
    setObjectName(QStringLiteral("pushGroupBox"));
    auto *v = new QVBoxLayout(this);
    ArtifactFilesBox::Names files;
    files.label = QStringLiteral("bucketFilesLabel");
    files.labelAccessible = tr("Files to push");
    files.files = {QStringLiteral("bucketChooseFilesButton"), tr("Choose files…"),
                   tr("Choose the files to push"), QStringLiteral("bucketChooseFilesDialog"),
                   tr("Choose dbt artifacts to push")};
    files.folder = ArtifactFilesBox::Choice{
        QStringLiteral("bucketChooseFolderButton"), tr("Choose tar&get/ folder…"),
        tr("Choose a dbt target folder to push"), QStringLiteral("bucketChooseFolderDialog"),
        tr("Choose a dbt target/ folder")};
    m_files = new ArtifactFilesBox(files, this);
    v->addWidget(m_files);
    m_changes = new ChangesBox(this);
    v->addWidget(m_changes);

    auto *actions = new QHBoxLayout;
    m_gzipCheck = new QCheckBox(tr("Compress (g&zip, .json.gz)"), this);
    m_gzipCheck->setObjectName(QStringLiteral("gzipCheckBox"));
    m_gzipCheck->setAccessibleName(tr("Compress with gzip"));
    m_uploadButton = button(tr("Up&load to bucket"), QStringLiteral("bucketUploadButton"),
                            tr("Upload the files to the bucket"), this);
    m_cancelUploadButton = button(tr("Cancel upload"), QStringLiteral("bucketCancelUploadButton"),
                                  tr("Cancel the upload"), this);
    actions->addWidget(m_gzipCheck);
    actions->addStretch(1);
    actions->addWidget(m_uploadButton);
    actions->addWidget(m_cancelUploadButton);
    v->addLayout(actions);

    m_uploadProgress = new QProgressBar(this);
    m_uploadProgress->setObjectName(QStringLiteral("bucketUploadProgressBar"));
    m_uploadProgress->setAccessibleName(tr("Upload progress"));
    m_uploadProgress->setRange(0, 100);
    m_uploadProgress->setValue(0);
    v->addWidget(m_uploadProgress);
    m_stageLabel = statusLabel(QStringLiteral("bucketStageLabel"), tr("Upload stage"), this);
    v->addWidget(m_stageLabel);

    m_uploadedTable = new QTableWidget(0, 3, this);
    m_uploadedTable->setObjectName(QStringLiteral("uploadedObjectsTableWidget"));
    m_uploadedTable->setAccessibleName(tr("Objects in the bucket"));
    m_uploadedTable->setHorizontalHeaderLabels({tr("Object key"), tr("Size"), tr("Listed")});
    m_uploadedTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_uploadedTable->verticalHeader()->setVisible(false);
    m_uploadedTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_uploadedTable->setTabKeyNavigation(false);
    // A push lists two objects: room for a few rows, the checklist above gets the rest.
    m_uploadedTable->setMaximumHeight(m_uploadedTable->fontMetrics().lineSpacing() * 9);
    v->addWidget(m_uploadedTable);

    connect(m_files, &ArtifactFilesBox::pathsChosen, this, [this] {
        updateButtons();
        updateChanges();
        emit stateChanged();
    });
    connect(m_uploadButton, &QPushButton::clicked, this, &BucketPushPanel::uploadRequested);
    connect(m_cancelUploadButton, &QPushButton::clicked, this, &BucketPushPanel::cancelUpload);
    connect(m_uploadAnywayButton, &QPushButton::clicked, this, [this] {
        m_uploadAnywayButton->setVisible(false);
        if (m_push) {
            m_push->proceed();
        }
        updateButtons();
    });
    updateButtons();
}

BucketPushPanel::~BucketPushPanel() = default; // the session (a child) aborts its jobs

bool BucketPushPanel::isUploading() const
{
    return m_push && m_push->isRunning();
}

void BucketPushPanel::setBlockedReason(const QString &reason)
{
    m_blockedReason = reason;
    updateButtons();
}

void BucketPushPanel::setDestinationKey(const QString &key)
{
    if (key == m_destinationKey) {
        return;
    }
    m_destinationKey = key;
    updateChanges();
}

void BucketPushPanel::updateChanges()
{
    if (isUploading()) {
        return; // the session compares what it checks (changesFound)
    }
    m_changes->compare(m_history ? m_history->path() : HistoryStore::defaultPath(),
                       m_destinationKey, m_files->paths());
}

QStringList BucketPushPanel::paths() const
{
    return m_files->paths();
}

void BucketPushPanel::setPaths(const QStringList &paths)
{
    m_files->setPaths(paths);
    updateButtons();
    updateChanges();
    emit stateChanged();
}

void BucketPushPanel::chooseFiles()
{
    m_files->chooseFiles();
}

void BucketPushPanel::chooseFolder()
{
    m_files->chooseFolder();
}

void BucketPushPanel::startUpload(const BucketConfig &config, const QString &profile)
{
    if (isUploading()) {
        return;
    }
    m_uploadedTable->setRowCount(0);
    m_uploadProgress->setValue(0);
    m_stageLabel->setText(tr("Checking the files…"));
    BucketPushSession::Options options;
    options.gzip = m_gzipCheck->isChecked();
    auto *session = new BucketPushSession(m_nam, config, options, this);
    if (!m_history) {
        m_history = std::make_unique<HistoryStore>();
    }
    // A store that cannot be opened is retried by the session, which then logs a warning.
    session->setHistory({m_history.get(), UploadRecord::Origin::Window, profile});
    m_push = session;
    connect(session, &BucketPushSession::checksFinished, this, &BucketPushPanel::onChecksFinished);
    connect(session, &BucketPushSession::changesFound, m_changes, &ChangesBox::setChanges);
    connect(session, &BucketPushSession::pushProgressChanged, this,
            [this](qint64 done, qint64 total) {
                m_uploadProgress->setValue(total > 0 ? int(done * 100 / total) : 0);
                m_uploadProgress->setAccessibleDescription(
                    tr("%1 of %2").arg(humanSize(done), humanSize(total)));
            });
    connect(session, &BucketPushSession::stageChanged, this,
            [this](const QString &stage) { m_stageLabel->setText(stage); });
    connect(session, &BucketPushSession::finished, this, &BucketPushPanel::onPushFinished);
    session->start(m_files->paths());
    updateButtons();
    emit stateChanged();
}

void BucketPushPanel::onChecksFinished(const InspectResult &result, bool needsConfirmation)
{
    m_checksBanner->addChecks(result.checks);
    if (needsConfirmation) {
        m_stageLabel->setText(tr("A check warns about these files. Nothing was sent yet: Upload "
                                 "anyway, or Cancel."));
        m_uploadAnywayButton->setVisible(true);
        m_uploadAnywayButton->setFocus();
    }
}

void BucketPushPanel::onPushFinished()
{
    BucketPushSession *session = m_push;
    m_push.clear();
    session->deleteLater();
    m_uploadAnywayButton->setVisible(false);
    const std::optional<Error> &error = session->error();
    if (error && error->code == ErrorCode::Cancelled) {
        m_stageLabel->setText(session->hasPushStarted()
                                  ? tr("Cancelled: the upload was stopped. Objects already sent "
                                       "stay in the bucket.")
                                  : error->message);
    } else if (error) {
        m_stageLabel->setText(session->hasPushStarted()
                                  ? tr("The upload failed (see above).")
                                  : tr("The files were not sent (see above)."));
        m_errorBanner->showError(*error);
    } else {
        m_uploadProgress->setValue(100);
        showPushed(session->items(), session->location());
    }
    updateButtons();
    updateChanges(); // against this push now, if it went through
    emit stateChanged();
    emit uploadFinished();
}

void BucketPushPanel::showPushed(const QList<BucketUploadJob::Item> &items, const QString &location)
{
    m_uploadedTable->setRowCount(int(items.size()));
    bool allConfirmed = true;
    for (int row = 0; row < items.size(); ++row) {
        const BucketUploadJob::Item &item = items.at(row);
        allConfirmed = allConfirmed && item.confirmed;
        const QStringList cells{item.key, humanSize(item.uploadSize),
                                item.confirmed ? tr("✓ listed") : tr("✗ not listed")};
        for (int col = 0; col < cells.size(); ++col) {
            auto *cell = new QTableWidgetItem(cells.at(col));
            cell->setToolTip(col == 1 ? tr("%n byte(s)", nullptr, int(item.uploadSize))
                                      : cells.at(col));
            m_uploadedTable->setItem(row, col, cell);
        }
    }
    m_uploadedTable->resizeColumnsToContents();
    m_uploadedTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_stageLabel->setText(
        allConfirmed
            ? tr("Uploaded to %1; the listing confirms every object.").arg(location)
            : tr("Uploaded to %1, but the listing does not show every object yet.").arg(location));
}

void BucketPushPanel::cancelUpload()
{
    if (m_push) {
        m_push->cancel(); // finished() follows (at once while checking or waiting)
    }
}

void BucketPushPanel::updateButtons()
{
    const bool uploading = isUploading();
    m_uploadButton->setEnabled(!uploading && m_blockedReason.isEmpty() && !paths().isEmpty());
    m_uploadButton->setToolTip(!m_blockedReason.isEmpty() ? m_blockedReason
                               : paths().isEmpty()        ? tr("Choose the files to push first.")
                                                   : tr("Checks the files, then pushes them"));
    m_cancelUploadButton->setEnabled(uploading);
    m_files->setChoosingEnabled(!uploading);
    m_gzipCheck->setEnabled(!uploading);
}

} // namespace Dbtu::Ui
