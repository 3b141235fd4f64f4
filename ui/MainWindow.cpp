// SPDX-License-Identifier: MIT
#include "MainWindow.h"

#include "FileUploadPage.h"

namespace Dbtu::Ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_fileUploadPage(new FileUploadPage(this))
{
    setCentralWidget(m_fileUploadPage);
}

MainWindow::~MainWindow() = default;

void MainWindow::openPaths(const QStringList &paths)
{
    m_fileUploadPage->openPaths(paths);
}

} // namespace Dbtu::Ui
