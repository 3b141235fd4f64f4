// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QStringList>
#include <QWidget>

#include <memory>

namespace Ui {
class FileUploadPage;
}

namespace Dbtu {
class InspectJob;
}

namespace Dbtu::Ui {

class Banner;
class DropArea;
class SummaryView;

/**
 * The File upload tab: choose dbt artifacts (drop, Browse, recent, command line), read them on a
 * worker thread with progress and Cancel, then show their summary, the pair checks and any error
 * inline. Never blocks the GUI thread and never opens a modal box for an error.
 *
 * Widgets (objectNames): dropArea, browseButton, browseFolderButton, exampleButton (offered
 * until something is read), uploadButton, recentComboBox,
 * progressBar, cancelButton, statusLabel, errorBanner, checksBanner, summaryView (and inside it
 * problemFilterLineEdit, problemsTableView, problemDetailTextEdit).
 */
class FileUploadPage : public QWidget
{
    Q_OBJECT
public:
    enum class State { Idle, Reading, Cancelling };
    Q_ENUM(State)

    explicit FileUploadPage(QWidget *parent = nullptr);
    ~FileUploadPage() override;

    /**
     * Reads files and/or target/ folders, as a drop would. A job still running is cancelled and
     * replaced; only the newest job emits inspectionFinished().
     */
    void openPaths(const QStringList &paths);

    State state() const { return m_state; }
    bool isBusy() const { return m_state != State::Idle; }
    SummaryView *summaryView() const;
    /** The files of the last successful read (empty after an error or a cancel). */
    QStringList currentPaths() const { return m_currentPaths; }

public slots:
    /** Opens the (window-modal, non-blocking) file dialog for manifest/run_results files. */
    void browseFiles();
    /** Opens the folder dialog for a dbt target/ folder. */
    void browseFolder();
    /** Cancels the running job; the page goes back to idle and shows nothing from it. */
    void cancel();
    /** Writes the example project to the app's data folder (ExampleProject) and reads it. */
    void openExample();

signals:
    /** Emitted once after each (not superseded) job ends: success, error or cancel. */
    void inspectionFinished();
    void stateChanged(Dbtu::Ui::FileUploadPage::State state);
    /** The Upload button: send currentPaths() through the API upload tab. */
    void uploadRequested(const QStringList &paths);

private:
    void onJobProgress(qint64 done, qint64 total);
    void onJobFinished();
    void setState(State state);
    void reloadRecent();
    void onRecentActivated(int index);

    std::unique_ptr<::Ui::FileUploadPage> m_ui;
    QPointer<Dbtu::InspectJob> m_job;
    QStringList m_jobPaths;
    QStringList m_currentPaths;
    State m_state = State::Idle;
    bool m_cancelRequested = false;
};

} // namespace Dbtu::Ui
