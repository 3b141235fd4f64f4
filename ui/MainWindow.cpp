// SPDX-License-Identifier: MIT
#include "MainWindow.h"

#include "ApiUploadPage.h"
#include "BucketSettingsPage.h"
#include "FileUploadPage.h"
#include "FollowTray.h"
#include "HelpMenu.h"
#include "PreferencesDialog.h"
#include "TrustedCertificatesDialog.h"
#include "net/NetworkJob.h"
#include "net/NetworkManager.h"
#include "net/ProxyConfig.h"
#include "net/TrustedCertificates.h"
#include "secrets/SecretJob.h"
#include "secrets/SecretStore.h"
#include "settings/AppSettings.h"

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QInputDialog>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QTabWidget>

// Q_INIT_RESOURCE must be called outside any namespace.
static void initResources()
{
    Q_INIT_RESOURCE(dbtu);
}

namespace Dbtu::Ui {

namespace {

void applyRequestTimeout(int seconds)
{
    Dbtu::NetworkJob::setDefaultDeadline(
        seconds > 0 ? std::optional(std::chrono::milliseconds(qint64(seconds) * 1000))
                    : std::nullopt);
}

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
    , m_nam(std::make_unique<Dbtu::NetworkManager>())
    , m_secrets(std::make_unique<Dbtu::SecretStore>())
    , m_tabWidget(new QTabWidget(this))
    , m_fileUploadPage(new FileUploadPage(m_tabWidget))
    , m_apiUploadPage(new ApiUploadPage(*m_nam, *m_secrets, m_tabWidget))
    , m_bucketSettingsPage(new BucketSettingsPage(*m_nam, *m_secrets, m_tabWidget))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("dbt Uploader"));
    initResources();
    setWindowIcon(appIcon());
    resize(1280, 800);

    m_tabWidget->setObjectName(QStringLiteral("mainTabWidget"));
    m_tabWidget->setDocumentMode(true);
    m_tabWidget->setAccessibleName(tr("Ways to get artifacts into Secoda"));
    m_tabWidget->addTab(m_fileUploadPage, tr("File &upload"));
    m_tabWidget->addTab(m_apiUploadPage, tr("&API upload"));
    m_tabWidget->addTab(m_bucketSettingsPage, tr("&Bucket settings"));
    m_tabWidget->setCurrentWidget(m_fileUploadPage);
    connect(m_fileUploadPage, &FileUploadPage::uploadRequested, this,
            [this](const QStringList &paths) {
                m_apiUploadPage->setPaths(paths);
                m_tabWidget->setCurrentWidget(m_apiUploadPage);
                m_apiUploadPage->startUpload();
            });
    connect(m_fileUploadPage, &FileUploadPage::inspectionFinished, this, [this] {
        if (!m_fileUploadPage->currentPaths().isEmpty() && !m_apiUploadPage->isBusy()) {
            m_apiUploadPage->setPaths(m_fileUploadPage->currentPaths());
        }
        if (!m_fileUploadPage->currentPaths().isEmpty() && !m_bucketSettingsPage->isUploading()) {
            m_bucketSettingsPage->setPaths(m_fileUploadPage->currentPaths());
        }
    });
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

    QMenu *settingsMenu = menuBar()->addMenu(tr("&Settings"));
    settingsMenu->setObjectName(QStringLiteral("settingsMenu"));
    QAction *preferences
        = settingsMenu->addAction(tr("&Preferences…"), this, &MainWindow::editPreferences);
    preferences->setObjectName(QStringLiteral("preferencesAction"));
    preferences->setShortcut(QKeySequence::Preferences);
    preferences->setMenuRole(QAction::PreferencesRole);
    QAction *timeout
        = settingsMenu->addAction(tr("Request &Timeout…"), this, &MainWindow::editRequestTimeout);
    timeout->setObjectName(QStringLiteral("requestTimeoutAction"));
    QAction *certificates = settingsMenu->addAction(tr("Trusted &Certificates…"), this,
                                                    &MainWindow::editTrustedCertificates);
    certificates->setObjectName(QStringLiteral("trustedCertificatesAction"));
    m_help = new HelpMenu(menuBar(), this);
    connect(m_help, &HelpMenu::tryWithSandboxRequested, this, &MainWindow::tryWithSandbox);
    connect(m_apiUploadPage, &ApiUploadPage::tryWithSandboxRequested, this,
            &MainWindow::tryWithSandbox);
    m_followTray = new FollowTray(this, m_apiUploadPage);
    // The Bucket tab records its pushes through a history connection of its own.
    connect(m_bucketSettingsPage, &BucketSettingsPage::uploadFinished, m_apiUploadPage,
            &ApiUploadPage::reloadHistory);
    applyRequestTimeout(Dbtu::AppSettings().requestTimeoutSeconds());
    applyNetworkSettings();
}

void MainWindow::applyNetworkSettings()
{
    applyProxy();
    Result<qsizetype> trusted = TrustedCertificates::trustWithEnvironment(
        AppSettings().trustedCertificateFiles(), tr("Trusted certificate file"));
    m_nam->clearConnectionCache();
    if (!trusted) {
        warnNetworkSettings({trusted.error().message + QLatin1Char('\n') + trusted.error().hint});
    }
}

void MainWindow::applyProxy()
{
    const int request = ++m_proxyRequest;
    const ProxySettings settings = AppSettings().proxySettings();
    const bool needsPassword
        = settings.mode == ProxySettings::Mode::Manual && !settings.user.isEmpty();
    // Until the keychain answers (a moment), a manual proxy is in force without its password: a
    // request then gets the proxy's 407, and its error names the proxy.
    installProxy(ProxyConfig::fromSettings(settings, {}), std::nullopt, !needsPassword);
    if (!needsPassword) {
        return;
    }
    SecretJob *job = m_secrets->read(SecretStore::proxyPasswordName(), this);
    connect(job, &Job::finished, this, [this, job, settings, request] {
        job->deleteLater();
        if (request != m_proxyRequest) {
            return; // the preferences changed again meanwhile
        }
        installProxy(ProxyConfig::fromSettings(settings, job->secret().value_or(Secret())),
                     job->error(), true);
    });
    job->start();
}

void MainWindow::installProxy(const Result<ProxyConfig> &proxy,
                              const std::optional<Error> &keychain, bool final)
{
    ProxyConfig config = proxy ? proxy.value() : ProxyConfig::direct();
    if (m_sandboxUrl.isValid()) {
        config.addDirect(m_sandboxUrl);
    }
    config.install();
    m_nam->setProxyFactory(ProxyConfig::newFactory());
    m_nam->clearConnectionCache();
    QStringList problems;
    if (!proxy) {
        problems.append(proxy.error().message + QLatin1Char('\n') + proxy.error().hint);
    }
    if (keychain) {
        problems.append(
            tr("The proxy password could not be read from the keychain: %1").arg(keychain->message)
            + QLatin1Char('\n') + keychain->hint);
    }
    if (final) {
        warnNetworkSettings(problems);
        emit proxyApplied();
    }
}

void MainWindow::warnNetworkSettings(const QStringList &problems)
{
    if (problems.isEmpty()) {
        return;
    }
    // Requests still run (directly, trusting the system store only); the user is told once,
    // without blocking the window.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Network settings"),
                                problems.join(QStringLiteral("\n\n")), QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("networkSettingsWarning"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::editTrustedCertificates()
{
    auto *dialog = new TrustedCertificatesDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TrustedCertificatesDialog::trustChanged, this,
            [this] { m_nam->clearConnectionCache(); });
    dialog->open();
}

void MainWindow::editPreferences()
{
    auto *dialog = new PreferencesDialog(*m_secrets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PreferencesDialog::settingsChanged, this, [this] {
        applyRequestTimeout(AppSettings().requestTimeoutSeconds());
        applyProxy();
    });
    connect(dialog, &PreferencesDialog::trustChanged, this,
            [this] { m_nam->clearConnectionCache(); });
    dialog->open();
}

void MainWindow::setRequestTimeout(int seconds)
{
    Dbtu::AppSettings settings;
    settings.setRequestTimeoutSeconds(seconds);
    applyRequestTimeout(settings.requestTimeoutSeconds());
}

void MainWindow::editRequestTimeout()
{
    bool ok = false;
    const int seconds = QInputDialog::getInt(
        this, tr("Request timeout"),
        tr("The longest any one request may take, from start to end, in seconds.\n"
           "0: automatic (2 minutes, more for large uploads)."),
        Dbtu::AppSettings().requestTimeoutSeconds(), 0,
        Dbtu::AppSettings::kMaxRequestTimeoutSeconds, 10, &ok);
    if (ok) {
        setRequestTimeout(seconds);
    }
}

MainWindow::~MainWindow()
{
    // Pages (and the jobs they hold) go before the network manager and the secret store.
    delete m_tabWidget;
}

void MainWindow::setSandboxStarter(SandboxStarter starter)
{
    m_sandboxStarter = std::move(starter);
    m_help->setSandboxAvailable(m_sandboxStarter && !m_sandboxMode);
    m_apiUploadPage->setSandboxOffered(bool(m_sandboxStarter));
}

void MainWindow::tryWithSandbox()
{
    if (!m_sandboxStarter || m_sandboxMode) {
        return;
    }
    if (m_apiUploadPage->isBusy()) {
        m_tabWidget->setCurrentWidget(m_apiUploadPage);
        m_apiUploadPage->showError(
            Error::invalidInput(tr("An upload is running on the API upload tab."),
                                tr("Wait for it or cancel it, then try the sandbox.")));
        return;
    }
    Result<Sandbox> started = m_sandboxStarter();
    if (!started) {
        m_tabWidget->setCurrentWidget(m_apiUploadPage);
        m_apiUploadPage->showError(started.error());
        return;
    }
    enterSandboxMode(started.value().apiBaseUrl, started.value().apiKey,
                     started.value().integrationId);
}

void MainWindow::enterSandboxMode(const QUrl &apiBaseUrl, const QString &apiKey,
                                  const QString &integrationId)
{
    m_sandboxMode = true;
    m_help->setSandboxAvailable(false);
    setWindowTitle(tr("dbt Uploader — Sandbox"));
    // The sandbox runs in this process: never through a proxy, whatever http_proxy says.
    m_sandboxUrl = apiBaseUrl;
    installProxy(ProxyConfig::installed(), std::nullopt, false); // adds m_sandboxUrl
    m_apiUploadPage->enterSandboxMode(apiBaseUrl, apiKey, integrationId);
    m_tabWidget->setCurrentWidget(m_apiUploadPage);
}

void MainWindow::openPaths(const QStringList &paths)
{
    m_tabWidget->setCurrentWidget(m_fileUploadPage);
    m_fileUploadPage->openPaths(paths);
}

} // namespace Dbtu::Ui
