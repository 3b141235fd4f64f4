// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

namespace Dbtu::Ui {

class FileUploadPage;

/** The main window: a tab per way into Secoda; opens on the File upload tab. */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /** Loads files or a target/ folder into the File upload tab (as a drop would). */
    void openPaths(const QStringList &paths);

    FileUploadPage *fileUploadPage() const { return m_fileUploadPage; }

private:
    FileUploadPage *m_fileUploadPage = nullptr;
};

} // namespace Dbtu::Ui
