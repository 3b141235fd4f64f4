// SPDX-License-Identifier: MIT
#include "MainWindow.h"

#include "FileUploadPage.h"

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QTabWidget>

// Q_INIT_RESOURCE must be called outside any namespace.
static void initResources()
{
    Q_INIT_RESOURCE(dbtu);
}

namespace Dbtu::Ui {

namespace {

/** The installed theme icon where there is one, else the copy built into the binary. */
QIcon appIcon()
{
    const QString id = QStringLiteral("io.github.dbt_uploader.DbtUploader");
    QIcon fallback;
    for (const int size : {16, 24, 32, 48, 64, 128, 256}) {
        fallback.addFile(QStringLiteral(":/icons/hicolor/%1x%1/apps/%2.png").arg(size).arg(id));
    }
    return QIcon::fromTheme(id, fallback);
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tabWidget(new QTabWidget(this))
    , m_fileUploadPage(new FileUploadPage(m_tabWidget))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("dbt Uploader"));
    initResources();
    setWindowIcon(appIcon());
    resize(1280, 800);

    m_tabWidget->setObjectName(QStringLiteral("mainTabWidget"));
    m_tabWidget->setDocumentMode(true);
    m_tabWidget->setAccessibleName(tr("Ways to get artifacts into Secoda"));
    // The API upload and Bucket settings tabs are added when they exist; no empty pages.
    m_tabWidget->addTab(m_fileUploadPage, tr("File &upload"));
    m_tabWidget->setCurrentWidget(m_fileUploadPage);
    setCentralWidget(m_tabWidget);

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->setObjectName(QStringLiteral("fileMenu"));
    QAction *openFiles
        = fileMenu->addAction(tr("&Open Files…"), m_fileUploadPage, &FileUploadPage::browseFiles);
    openFiles->setObjectName(QStringLiteral("openFilesAction"));
    openFiles->setShortcut(QKeySequence::Open);
    QAction *openFolder
        = fileMenu->addAction(tr("Open &Folder…"), m_fileUploadPage, &FileUploadPage::browseFolder);
    openFolder->setObjectName(QStringLiteral("openFolderAction"));
    openFolder->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
}

MainWindow::~MainWindow() = default;

void MainWindow::openPaths(const QStringList &paths)
{
    m_tabWidget->setCurrentWidget(m_fileUploadPage);
    m_fileUploadPage->openPaths(paths);
}

} // namespace Dbtu::Ui
