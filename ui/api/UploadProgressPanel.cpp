// SPDX-License-Identifier: MIT
#include "api/UploadProgressPanel.h"

#include "PageWidgets.h"
#include "util/TextFormat.h"

#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>

#include <algorithm>

namespace Dbtu::Ui {

UploadProgressPanel::UploadProgressPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("uploadProgressWidget"));
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    const auto bar = [this](const QString &name, const QString &accessible) {
        auto *b = new QProgressBar(this);
        b->setObjectName(name);
        b->setAccessibleName(accessible);
        b->setRange(0, 100);
        b->setValue(0);
        return b;
    };
    m_manifest = bar(QStringLiteral("manifestProgressBar"), tr("Manifest progress"));
    m_runResults = bar(QStringLiteral("runResultsProgressBar"), tr("Run results progress"));
    m_overall = bar(QStringLiteral("overallProgressBar"), tr("Overall progress"));
    m_manifestLabel = new QLabel(tr("manifest"), this);
    m_runResultsLabel = new QLabel(tr("run_results"), this);
    form->addRow(m_manifestLabel, m_manifest);
    form->addRow(m_runResultsLabel, m_runResults);
    form->addRow(tr("Overall"), m_overall);
    m_status = PageWidgets::statusLabel(QStringLiteral("uploadProgressLabel"), tr("Upload status"),
                                        this);
    m_retry = PageWidgets::statusLabel(QStringLiteral("retryLabel"), tr("Retries"), this);
    form->addRow(QString(), m_status);
    form->addRow(QString(), m_retry);
    setVisible(false);
}

void UploadProgressPanel::start()
{
    m_manifestPath.clear();
    m_runResultsPath.clear();
    for (QProgressBar *b : {m_manifest, m_runResults, m_overall}) {
        b->setValue(0);
    }
    m_retry->clear();
    setVisible(true);
}

void UploadProgressPanel::setChecked(const InspectResult &result)
{
    m_manifestPath = result.manifest ? result.manifest->path : QString();
    m_runResultsPath = result.runResults ? result.runResults->path : QString();
    m_manifest->setVisible(result.manifest.has_value());
    m_manifestLabel->setVisible(result.manifest.has_value());
    m_runResults->setVisible(result.runResults.has_value());
    m_runResultsLabel->setVisible(result.runResults.has_value());
}

void UploadProgressPanel::showPhase(UploadSession::Phase phase)
{
    if (phase == UploadSession::Phase::Checking) {
        setStatus(tr("Checking the files…"));
    } else if (phase == UploadSession::Phase::Uploading) {
        setStatus(tr("Uploading…"));
    }
}

void UploadProgressPanel::setStatus(const QString &text)
{
    m_status->setText(text);
}

void UploadProgressPanel::setOverall(qint64 done, qint64 total)
{
    m_overall->setValue(total > 0 ? int(done * 100 / total) : 0);
    m_overall->setAccessibleDescription(tr("%1 of %2").arg(humanSize(done), humanSize(total)));
    m_status->setText(tr("Uploading… %1 of %2").arg(humanSize(done), humanSize(total)));
}

void UploadProgressPanel::setUploaded(qint64 totalBytes, const QString &integrationId)
{
    m_status->setText(
        tr("Uploaded %1 to integration %2.").arg(humanSize(totalBytes), integrationId));
    m_overall->setValue(100);
}

void UploadProgressPanel::setFileProgress(const QString &path, qint64 done, qint64 total)
{
    QProgressBar *bar = path == m_manifestPath     ? m_manifest
                        : path == m_runResultsPath ? m_runResults
                                                   : nullptr;
    if (bar) {
        bar->setValue(total > 0 ? int(done * 100 / total) : 100);
        bar->setAccessibleDescription(tr("%1 of %2").arg(humanSize(done), humanSize(total)));
    }
    if (!m_retry->text().isEmpty() && done > 0) {
        m_retry->clear();
    }
}

void UploadProgressPanel::setRetrying(int attempt, int maxAttempts, qint64 delayMs,
                                      const QString &reason)
{
    m_retry->setText(NetworkJob::retryText(attempt, maxAttempts, delayMs, reason));
}

void UploadProgressPanel::clearRetry()
{
    m_retry->clear();
}

} // namespace Dbtu::Ui
