// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "net/ProxyConfig.h"

#include <QMainWindow>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QTabWidget;

namespace Dbtu {
class SecretStore;
}

namespace Dbtu::Ui {

class ApiUploadPage;
class BucketSettingsPage;
class FileUploadPage;
class FollowTray;
class HelpMenu;

/**
 * The main window ("dbt Uploader", 1280×800 by default): a tab per way into Secoda
 * (objectName "mainTabWidget"): File upload ("fileUploadPage", the one the window opens on), API
 * upload ("apiUploadPage") and Bucket settings ("bucketSettingsPage"). The File upload tab's
 * Upload button hands its files to the API upload tab, which sends them with its active profile;
 * the files it has loaded are also handed to the API and Bucket settings tabs (when they are not
 * busy), so either can push them. The File menu offers Open files
 * (Ctrl+O), Open folder (Ctrl+Shift+O) and Quit. Owns the QNetworkAccessManager and the
 * SecretStore the pages use.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /** Loads files or a target/ folder into the File upload tab (as a drop would). */
    void openPaths(const QStringList &paths);

    /**
     * --sandbox: points the API upload tab at a local sandbox server (transient profile, session
     * key), adds " — Sandbox" to the window title and opens the API upload tab.
     */
    void enterSandboxMode(const QUrl &apiBaseUrl, const QString &apiKey,
                          const QString &integrationId);

    /** A sandbox server the window may start (main.cpp owns it; ui does not link it). */
    struct Sandbox
    {
        QUrl apiBaseUrl;
        QString apiKey;
        QString integrationId;
    };
    using SandboxStarter = std::function<Result<Sandbox>()>;
    /** Enables Help → Try with a Local Sandbox, which starts one with @p starter. */
    void setSandboxStarter(SandboxStarter starter);
    /** Help → Try with a Local Sandbox: starts the sandbox and enters sandbox mode; a failure
     * is shown on the API upload tab. */
    void tryWithSandbox();
    bool isSandboxMode() const { return m_sandboxMode; }

    FileUploadPage *fileUploadPage() const { return m_fileUploadPage; }
    ApiUploadPage *apiUploadPage() const { return m_apiUploadPage; }
    BucketSettingsPage *bucketSettingsPage() const { return m_bucketSettingsPage; }
    QTabWidget *tabWidget() const { return m_tabWidget; }
    /** The tray and notifications of automatic uploads. */
    FollowTray *followTray() const { return m_followTray; }

    /**
     * Settings → Request timeout: the total deadline of every request in seconds (0: automatic),
     * saved and applied to the jobs started from now on.
     */
    void setRequestTimeout(int seconds);
    /** Asks for the request timeout (Settings → Request timeout…). */
    void editRequestTimeout();
    /** Opens Settings → Trusted Certificates… (a TrustedCertificatesDialog). */
    void editTrustedCertificates();
    /** Opens Settings → Preferences… (a PreferencesDialog); its OK applies them at once. */
    void editPreferences();

signals:
    /** The proxy of the saved preferences is in force (for a manual proxy with a user, once
     * its password was read from the keychain). */
    void proxyApplied();

private:
    /** The proxy (applyProxy()), and SSL_CERT_FILE / SSL_CERT_DIR and the saved certificate
     * files trusted; a warning that does not block the window when one cannot be used. */
    void applyNetworkSettings();
    /** The proxy of Settings → Preferences: automatic (the environment, else the desktop's),
     * none, or manual (its password read from the keychain first). */
    void applyProxy();
    /** Installs @p proxy (direct when it is an error); @p final: the last step of applyProxy()
     * (warns about @p proxy's or @p keychain's error and emits proxyApplied()). */
    void installProxy(const Result<ProxyConfig> &proxy, const std::optional<Error> &keychain,
                      bool final);
    /** Shows @p problems in a warning that does not block the window. */
    void warnNetworkSettings(const QStringList &problems);

    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<Dbtu::SecretStore> m_secrets;
    QTabWidget *m_tabWidget = nullptr;
    FileUploadPage *m_fileUploadPage = nullptr;
    ApiUploadPage *m_apiUploadPage = nullptr;
    BucketSettingsPage *m_bucketSettingsPage = nullptr;
    HelpMenu *m_help = nullptr;
    FollowTray *m_followTray = nullptr;
    SandboxStarter m_sandboxStarter;
    bool m_sandboxMode = false;
    QUrl m_sandboxUrl;      ///< reached directly, whatever the proxy
    int m_proxyRequest = 0; ///< the latest applyProxy(); an older keychain answer is dropped
};

} // namespace Dbtu::Ui
