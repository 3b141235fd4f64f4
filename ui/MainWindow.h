// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

class QTabWidget;

namespace Dbtu::Ui {

class FileUploadPage;

/**
 * The main window ("dbt Uploader", 1280×800 by default): a tab per way into Secoda. Only the
 * File upload tab exists so far (objectName "mainTabWidget", page "fileUploadPage"); it is the
 * one the window opens on. The File menu offers Open files (Ctrl+O), Open folder (Ctrl+Shift+O)
 * and Quit.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /** Loads files or a target/ folder into the File upload tab (as a drop would). */
    void openPaths(const QStringList &paths);

    FileUploadPage *fileUploadPage() const { return m_fileUploadPage; }
    QTabWidget *tabWidget() const { return m_tabWidget; }

private:
    QTabWidget *m_tabWidget = nullptr;
    FileUploadPage *m_fileUploadPage = nullptr;
};

} // namespace Dbtu::Ui
