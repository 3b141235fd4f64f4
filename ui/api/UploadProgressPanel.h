// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/Inspector.h"
#include "secoda/UploadSession.h"

#include <QWidget>

class QLabel;
class QProgressBar;

namespace Dbtu::Ui {

/**
 * The API tab's upload progress: a bar per file and one overall, a status line and the retry
 * line. Hidden until the first upload. Widgets (objectNames): uploadProgressWidget (this),
 * manifestProgressBar, runResultsProgressBar, overallProgressBar, uploadProgressLabel,
 * retryLabel.
 */
class UploadProgressPanel : public QWidget
{
    Q_OBJECT
public:
    explicit UploadProgressPanel(QWidget *parent = nullptr);

    /** A new upload: bars at 0, shown; which file is which comes with setChecked(). */
    void start();
    /** The check said which files go: only their bars are shown. */
    void setChecked(const InspectResult &result);
    void setStatus(const QString &text);
    /** The status line of a session's phase: checking, uploading (others leave it). */
    void showPhase(UploadSession::Phase phase);
    void setOverall(qint64 done, qint64 total);
    /** The whole upload reached Secoda. */
    void setUploaded(qint64 totalBytes, const QString &integrationId);
    void setFileProgress(const QString &path, qint64 done, qint64 total);
    void setRetrying(int attempt, int maxAttempts, qint64 delayMs, const QString &reason);
    void clearRetry();

private:
    QProgressBar *m_manifest = nullptr;
    QProgressBar *m_runResults = nullptr;
    QProgressBar *m_overall = nullptr;
    QLabel *m_manifestLabel = nullptr;
    QLabel *m_runResultsLabel = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_retry = nullptr;
    QString m_manifestPath;
    QString m_runResultsPath;
};

} // namespace Dbtu::Ui
