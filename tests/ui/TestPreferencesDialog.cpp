// SPDX-License-Identifier: MIT
// Settings → Preferences… in the real window, with a real proxy (Debian's tinyproxy with Basic
// authentication) in front of a sandbox in this process, and a real Secret Service: a manual
// proxy with a password goes to the settings file without the password and to the keychain with
// it, and the window's requests then go through the proxy (its log shows them); the next window
// reads the password back from the keychain; a cleared user removes it and the proxy's refusal
// names the proxy; "No proxy" connects directly; an empty host is refused in the dialog and
// nothing is saved.
#include "ApiPageTestSupport.h"
#include "PreferencesDialog.h"
#include "TinyProxy.h"
#include "net/ProxyConfig.h"
#include "sandbox/SandboxServer.h"
#include "secrets/SecretJob.h"
#include "secrets/SecretStore.h"
#include "settings/AppSettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QPointer>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace Dbtu;
using namespace Dbtu::Test;
using namespace Dbtu::Ui;

namespace {
constexpr char kPassword[] = "Pr0xy-pass.5530";

/** A click on the radio's indicator (its middle may lie past the text, where a click misses). */
void clickRadio(QRadioButton *radio)
{
    QTest::mouseClick(radio, Qt::LeftButton, {}, QPoint(6, radio->height() / 2));
}
} // namespace

class TestPreferencesDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void manualProxyThroughTheKeychain();
    void automaticUploadsAreKept();

private:
    QWidget *page() const { return m_window->apiUploadPage(); }
    void openWindow();
    PreferencesDialog *openDialog();
    QString testConnection();
    /** The keychain's proxy password, or "<none>". */
    QString storedPassword();

    QTemporaryDir m_tmp;
    TinyProxy m_proxy;
    std::unique_ptr<Sandbox::SandboxServer> m_sandbox;
    std::unique_ptr<MainWindow> m_window;
};

void TestPreferencesDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("dbt-uploader-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("TestPreferencesDialog"));
    QSettings().clear();
    for (const char *name : {"http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY",
                             "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"}) {
        qunsetenv(name);
    }
    QVERIFY(m_tmp.isValid());
    m_proxy.dir = m_tmp.path();
    m_proxy.user = QStringLiteral("proxyuser");
    m_proxy.password = QString::fromLatin1(kPassword);
    QString why;
    QVERIFY2(m_proxy.start(&why), qPrintable(why));
    Sandbox::SandboxOptions options;
    options.apiKey = QStringLiteral("preferences-window-key");
    m_sandbox = std::make_unique<Sandbox::SandboxServer>(options);
    Result<void> started = m_sandbox->start();
    QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
    // A password left by an earlier run of this test would make the first step meaningless.
    SecretStore secrets;
    SecretJob *job = secrets.remove(SecretStore::proxyPasswordName());
    QSignalSpy done(job, &Job::finished);
    job->start();
    QVERIFY(done.wait(20000));
    QVERIFY2(!job->error(), qPrintable(job->error() ? job->error()->message : QString()));
    delete job;
}

void TestPreferencesDialog::cleanupTestCase()
{
    m_window.reset();
    m_sandbox.reset();
    ProxyConfig::direct().install();
}

void TestPreferencesDialog::openWindow()
{
    m_window.reset();
    m_window = std::make_unique<MainWindow>();
    QSignalSpy applied(m_window.get(), &MainWindow::proxyApplied);
    m_window->tabWidget()->setCurrentWidget(page());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // The constructor applied the saved proxy; a manual one with a user waits for the keychain.
    const ProxySettings saved = AppSettings().proxySettings();
    if (saved.mode == ProxySettings::Mode::Manual && !saved.user.isEmpty()) {
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() > 0, 20000);
    }
}

PreferencesDialog *TestPreferencesDialog::openDialog()
{
    auto *action = m_window->findChild<QAction *>(QStringLiteral("preferencesAction"));
    if (!action || !action->isEnabled()) {
        return nullptr;
    }
    action->trigger();
    auto *dialog = m_window->findChild<PreferencesDialog *>(QStringLiteral("preferencesDialog"));
    if (!dialog || !QTest::qWaitForWindowExposed(dialog)) {
        return nullptr;
    }
    return dialog;
}

QString TestPreferencesDialog::testConnection()
{
    return Test::testConnection(page(), m_sandbox->apiBaseUrl().toString(), m_sandbox->apiKey());
}

QString TestPreferencesDialog::storedPassword()
{
    SecretStore secrets;
    std::unique_ptr<SecretJob> job(secrets.read(SecretStore::proxyPasswordName()));
    QSignalSpy done(job.get(), &Job::finished);
    job->start();
    if (!done.wait(20000)) {
        return QStringLiteral("<the keychain did not answer>");
    }
    if (job->error()) {
        return QStringLiteral("<error: %1>").arg(job->error()->message);
    }
    return job->found() ? QString::fromUtf8(job->secret()->reveal()) : QStringLiteral("<none>");
}

void TestPreferencesDialog::manualProxyThroughTheKeychain()
{
    openWindow();
    const QByteArray through
        = "GET " + m_sandbox->apiBaseUrl().toString(QUrl::StripTrailingSlash).toLatin1();
    qsizetype before = m_proxy.log().size();
    QString outcome = testConnection();
    QVERIFY2(outcome.startsWith(QStringLiteral("Connected")), qPrintable(outcome));
    QVERIFY2(!m_proxy.log().mid(before).contains(through), m_proxy.log().constData());

    // A manual proxy without a host: refused in the dialog, which stays open; nothing saved.
    QPointer<PreferencesDialog> dialog = openDialog(); // deleted when it closes
    QVERIFY(dialog);
    clickRadio(child<QRadioButton>(dialog, QStringLiteral("proxyManualRadioButton")));
    QVERIFY(child<QLineEdit>(dialog, QStringLiteral("proxyHostLineEdit"))->isEnabled());
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("acceptButton")), Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    const QString refused = bannerText(dialog, QStringLiteral("preferencesBanner"));
    QVERIFY2(refused.contains(QStringLiteral("Proxy host")), qPrintable(refused));
    QCOMPARE(AppSettings().proxySettings().mode, ProxySettings::Mode::Automatic);

    // The proxy with its user and password: the password goes to the keychain alone.
    QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("proxyHostLineEdit")),
                     QStringLiteral("127.0.0.1"));
    child<QSpinBox>(dialog, QStringLiteral("proxyPortSpinBox"))->setValue(m_proxy.port);
    QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("proxyUserLineEdit")), m_proxy.user);
    auto *password = child<QLineEdit>(dialog, QStringLiteral("proxyPasswordLineEdit"));
    QVERIFY(password->isEnabled());
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    QTest::keyClicks(password, m_proxy.password);
    QSignalSpy applied(m_window.get(), &MainWindow::proxyApplied);
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("acceptButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(applied.count() > 0, 20000);
    QTRY_VERIFY(!dialog || !dialog->isVisible());
    const ProxySettings saved = AppSettings().proxySettings();
    QCOMPARE(saved.mode, ProxySettings::Mode::Manual);
    QCOMPARE(saved.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(saved.port, int(m_proxy.port));
    QCOMPARE(saved.user, m_proxy.user);
    QCOMPARE(storedPassword(), m_proxy.password);
    AppSettings().sync();
    QFile settingsFile(AppSettings().fileName());
    QVERIFY(settingsFile.open(QIODevice::ReadOnly));
    const QByteArray settingsBytes = settingsFile.readAll();
    QVERIFY(settingsBytes.contains("127.0.0.1"));
    QVERIFY(!settingsBytes.contains(kPassword));

    // The window's requests now go through the proxy, signed in.
    QCOMPARE(ProxyConfig::proxyNameFor(m_sandbox->apiBaseUrl()),
             QStringLiteral("127.0.0.1:%1").arg(m_proxy.port));
    before = m_proxy.log().size();
    outcome = testConnection();
    QVERIFY2(outcome.startsWith(QStringLiteral("Connected")), qPrintable(outcome));
    QVERIFY2(m_proxy.log().mid(before).contains(through), m_proxy.log().mid(before).constData());

    // The next window reads the password back from the keychain.
    ProxyConfig::direct().install();
    openWindow();
    before = m_proxy.log().size();
    outcome = testConnection();
    QVERIFY2(outcome.startsWith(QStringLiteral("Connected")), qPrintable(outcome));
    QVERIFY2(m_proxy.log().mid(before).contains(through), m_proxy.log().mid(before).constData());

    // No user: the password leaves the keychain, and the proxy's refusal names the proxy.
    dialog = openDialog();
    QVERIFY(dialog);
    auto *user = child<QLineEdit>(dialog, QStringLiteral("proxyUserLineEdit"));
    QCOMPARE(user->text(), m_proxy.user);
    QVERIFY(child<QLineEdit>(dialog, QStringLiteral("proxyPasswordLineEdit"))->text().isEmpty());
    user->clear();
    QSignalSpy appliedAgain(m_window.get(), &MainWindow::proxyApplied); // the new window's
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("acceptButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(appliedAgain.count() > 0, 20000);
    QTRY_VERIFY(!dialog || !dialog->isVisible());
    QCOMPARE(storedPassword(), QStringLiteral("<none>"));
    outcome = testConnection();
    QVERIFY2(outcome.contains(QStringLiteral("127.0.0.1:%1").arg(m_proxy.port)),
             qPrintable(outcome));
    QVERIFY2(!outcome.startsWith(QStringLiteral("Connected")), qPrintable(outcome));

    // No proxy: directly again, whatever was set before.
    dialog = openDialog();
    QVERIFY(dialog);
    clickRadio(child<QRadioButton>(dialog, QStringLiteral("proxyNoneRadioButton")));
    QVERIFY(!child<QLineEdit>(dialog, QStringLiteral("proxyHostLineEdit"))->isEnabled());
    appliedAgain.clear();
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("acceptButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(appliedAgain.count() > 0, 20000);
    QCOMPARE(AppSettings().proxySettings().mode, ProxySettings::Mode::None);
    before = m_proxy.log().size();
    outcome = testConnection();
    QVERIFY2(outcome.startsWith(QStringLiteral("Connected")), qPrintable(outcome));
    QVERIFY2(!m_proxy.log().mid(before).contains(through), m_proxy.log().mid(before).constData());
}

void TestPreferencesDialog::automaticUploadsAreKept()
{
    // Preferences → Automatic uploads: written on OK, shown again the next time; Cancel keeps
    // what was there.
    openWindow();
    QCOMPARE(AppSettings().followPreferences().settleSeconds, 2);
    QPointer<PreferencesDialog> dialog = openDialog();
    QVERIFY(dialog);
    auto *settle = child<QSpinBox>(dialog, QStringLiteral("followSettleSpinBox"));
    QCOMPARE(settle->value(), 2);
    settle->setValue(7);
    child<QCheckBox>(dialog, QStringLiteral("followManifestOnlyCheckBox"))->click();
    auto *notifications = child<QComboBox>(dialog, QStringLiteral("followNotificationsComboBox"));
    QCOMPARE(notifications->count(), 3);
    notifications->setCurrentIndex(
        notifications->findData(int(FollowPreferences::Notifications::FailuresOnly)));
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("acceptButton")), Qt::LeftButton);
    QTRY_VERIFY(!dialog);
    FollowPreferences saved = AppSettings().followPreferences();
    QCOMPARE(saved.settleSeconds, 7);
    QVERIFY(saved.allowManifestOnly);
    QVERIFY(!saved.includeDocsGenerate);
    QCOMPARE(saved.notifications, FollowPreferences::Notifications::FailuresOnly);
    QVERIFY(saved.notifies(true));
    QVERIFY(!saved.notifies(false));

    dialog = openDialog();
    QVERIFY(dialog);
    QCOMPARE(child<QSpinBox>(dialog, QStringLiteral("followSettleSpinBox"))->value(), 7);
    QVERIFY(child<QCheckBox>(dialog, QStringLiteral("followManifestOnlyCheckBox"))->isChecked());
    QCOMPARE(child<QComboBox>(dialog, QStringLiteral("followNotificationsComboBox"))
                 ->currentData()
                 .toInt(),
             int(FollowPreferences::Notifications::FailuresOnly));
    child<QCheckBox>(dialog, QStringLiteral("followDocsGenerateCheckBox"))->click();
    dialog->reject();
    QTRY_VERIFY(!dialog);
    QVERIFY(!AppSettings().followPreferences().includeDocsGenerate);
    AppSettings().setFollowPreferences({});
}

QTEST_MAIN(TestPreferencesDialog)
#include "TestPreferencesDialog.moc"
