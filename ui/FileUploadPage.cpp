// SPDX-License-Identifier: MIT
#include "FileUploadPage.h"

#include "ui_FileUploadPage.h"

#include "Banner.h"
#include "DropArea.h"
#include "PageWidgets.h"
#include "SummaryView.h"
#include "Theme.h"
#include "artifacts/InspectJob.h"
#include "example/ExampleProject.h"
#include "settings/RecentPaths.h"
#include "util/TextFormat.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace Dbtu::Ui {

namespace {

/** A short label for a recent set: its names and where they are ("target/  (in ~/proj)"). */
QString recentLabel(const QStringList &paths)
{
    QStringList names;
    QString parent;
    for (const QString &p : paths) {
        const QFileInfo fi(p);
        names << (fi.isDir() ? fi.fileName() + QLatin1Char('/') : fi.fileName());
        if (parent.isEmpty()) {
            parent = QDir::toNativeSeparators(fi.absolutePath());
            const QString home = QDir::toNativeSeparators(QDir::homePath());
            if (parent.startsWith(home)) {
                parent = QLatin1Char('~') + parent.mid(home.size());
            }
        }
    }
    return QCoreApplication::translate("RecentPaths", "%1  (in %2)")
        .arg(names.join(QStringLiteral(", ")), parent);
}

} // namespace

FileUploadPage::FileUploadPage(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<::Ui::FileUploadPage>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("fileUploadPage"));
    setAccessibleName(tr("File upload"));
    m_ui->errorBanner->setAccessibleName(tr("Error"));
    m_ui->checksBanner->setAccessibleName(tr("Checks on the files"));
    m_ui->summaryView->setAccessibleName(tr("Summary of the dbt artifacts"));
    m_ui->statusLabel->setAccessibleName(tr("Status"));
    m_ui->progressWidget->setVisible(false);
    m_ui->statusLabel->setVisible(false);
    m_ui->summaryView->setVisible(false);

    connect(m_ui->dropArea, &DropArea::pathsDropped, this, &FileUploadPage::openPaths);
    connect(m_ui->dropArea, &DropArea::activated, this, &FileUploadPage::browseFiles);
    connect(m_ui->browseButton, &QPushButton::clicked, this, &FileUploadPage::browseFiles);
    connect(m_ui->browseFolderButton, &QPushButton::clicked, this, &FileUploadPage::browseFolder);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &FileUploadPage::cancel);
    connect(m_ui->uploadButton, &QPushButton::clicked, this,
            [this] { emit uploadRequested(m_currentPaths); });
    connect(m_ui->recentComboBox, &QComboBox::activated, this, &FileUploadPage::onRecentActivated);
    connect(m_ui->exampleButton, &QPushButton::clicked, this, &FileUploadPage::openExample);
    reloadRecent();
}

FileUploadPage::~FileUploadPage() = default;

SummaryView *FileUploadPage::summaryView() const
{
    return m_ui->summaryView;
}

void FileUploadPage::openPaths(const QStringList &paths)
{
    if (paths.isEmpty()) {
        return;
    }
    if (m_job) {
        // Superseded: cancel it, drop its signals, and delete it once its worker has stopped
        // (never wait for it here: that would block the GUI thread).
        InspectJob *old = m_job;
        m_job.clear();
        disconnect(old, nullptr, this, nullptr);
        old->cancel();
        if (old->isRunning()) {
            connect(old, &InspectJob::finished, old, &QObject::deleteLater);
        } else {
            old->deleteLater();
        }
    }
    m_jobPaths = paths;
    m_currentPaths.clear();
    m_ui->uploadButton->setEnabled(false);
    m_cancelRequested = false;
    m_ui->errorBanner->clear();
    m_ui->checksBanner->clear();
    m_ui->summaryView->clear();
    m_ui->summaryView->setVisible(false);
    m_ui->dropArea->setCompact(false);
    m_ui->progressBar->setRange(0, 0); // busy until the first byte count arrives
    QStringList names;
    for (const QString &p : paths) {
        names << QFileInfo(p).fileName();
    }
    m_ui->progressLabel->setText(tr("Reading %1…").arg(names.join(QStringLiteral(", "))));
    m_ui->statusLabel->setVisible(false);
    RecentPaths::rememberDirectory(paths.first());

    auto *job = new InspectJob(paths, this);
    m_job = job;
    connect(job, &InspectJob::progressChanged, this, &FileUploadPage::onJobProgress);
    connect(job, &InspectJob::finished, this, &FileUploadPage::onJobFinished);
    setState(State::Reading);
    job->start();
}

void FileUploadPage::cancel()
{
    if (!m_job || m_state != State::Reading) {
        return;
    }
    // Whatever the worker still delivers, the user asked for nothing from this job.
    m_cancelRequested = true;
    m_job->cancel();
    m_ui->progressLabel->setText(tr("Cancelling…"));
    setState(State::Cancelling);
}

void FileUploadPage::onJobProgress(qint64 done, qint64 total)
{
    if (total <= 0) {
        return;
    }
    m_ui->progressBar->setRange(0, 1000);
    m_ui->progressBar->setValue(int(qBound(qint64(0), done * 1000 / total, qint64(1000))));
    const QString text = tr("%1 of %2").arg(humanSize(done), humanSize(total));
    m_ui->progressBar->setAccessibleDescription(text);
    if (m_state == State::Reading) {
        QStringList names;
        for (const QString &p : std::as_const(m_jobPaths)) {
            names << QFileInfo(p).fileName();
        }
        m_ui->progressLabel->setText(
            tr("Reading %1… %2").arg(names.join(QStringLiteral(", ")), text));
    }
}

void FileUploadPage::onJobFinished()
{
    InspectJob *job = m_job;
    if (!job) {
        return;
    }
    m_job.clear();
    job->deleteLater();

    if (m_cancelRequested || (job->error() && job->error()->code == ErrorCode::Cancelled)) {
        m_ui->statusLabel->setText(
            tr("Cancelled: nothing was read from %1.").arg(m_jobPaths.join(QStringLiteral(", "))));
        m_ui->statusLabel->setVisible(true);
    } else if (job->error()) {
        m_ui->errorBanner->showError(*job->error());
    } else if (job->result()) {
        const InspectResult &r = *job->result();
        m_ui->summaryView->setResult(r);
        m_ui->summaryView->setVisible(true);
        m_ui->dropArea->setCompact(true);
        m_ui->checksBanner->addChecks(r.checks);
        RecentPaths::add(m_jobPaths);
        m_currentPaths = m_jobPaths;
        m_ui->uploadButton->setEnabled(true);
        m_ui->exampleButton->setVisible(false); // offered while nothing is loaded
        reloadRecent();
    }
    m_cancelRequested = false;
    setState(State::Idle);
    emit inspectionFinished();
}

void FileUploadPage::setState(State state)
{
    m_state = state;
    const bool busy = state != State::Idle;
    m_ui->progressWidget->setVisible(busy);
    m_ui->cancelButton->setEnabled(state == State::Reading);
    if (!busy) {
        m_ui->progressBar->setRange(0, 1000);
        m_ui->progressBar->setValue(0);
    }
    emit stateChanged(state);
}

void FileUploadPage::browseFiles()
{
    PageWidgets::chooseArtifactFiles(
        this, tr("Choose dbt artifacts"), QStringLiteral("browseFileDialog"),
        [this](const QStringList &files) { openPaths(files); }, RecentPaths::lastDirectory());
}

void FileUploadPage::browseFolder()
{
    PageWidgets::chooseArtifactFolder(
        this, tr("Choose a dbt target folder"), QStringLiteral("browseFolderDialog"),
        [this](const QString &dir) { openPaths({dir}); }, RecentPaths::lastDirectory());
}

void FileUploadPage::openExample()
{
    // A copy in the app's data folder, so the paths shown (and kept in Recent) stay valid.
    const Result<QString> target = ExampleProject::writeTo(ExampleProject::userDir());
    if (!target) {
        m_ui->errorBanner->showError(target.error());
        return;
    }
    openPaths({target.value()});
}

void FileUploadPage::reloadRecent()
{
    QComboBox *combo = m_ui->recentComboBox;
    combo->clear();
    const QList<QStringList> sets = RecentPaths::load();
    combo->addItem(sets.isEmpty() ? tr("No recent files") : tr("Open a recent set…"));
    for (const QStringList &set : sets) {
        combo->addItem(recentLabel(set), set);
        combo->setItemData(combo->count() - 1, set.join(QLatin1Char('\n')), Qt::ToolTipRole);
    }
    combo->setCurrentIndex(0);
    combo->setEnabled(!sets.isEmpty());
}

void FileUploadPage::onRecentActivated(int index)
{
    if (index <= 0) {
        return;
    }
    const QStringList paths = m_ui->recentComboBox->itemData(index).toStringList();
    m_ui->recentComboBox->setCurrentIndex(0);
    openPaths(paths);
}

} // namespace Dbtu::Ui
