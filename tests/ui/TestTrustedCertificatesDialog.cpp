// SPDX-License-Identifier: MIT
// Settings → Trusted Certificates… in the real window, against an https sandbox (in this
// process) whose CA the test makes with openssl: Test connection fails naming the certificate
// until the CA is added in the dialog; a file that is no certificate is refused in the dialog's
// banner and nothing is saved; the list is kept in the settings file and trusted again by the
// next window.
#include "ApiPageTestSupport.h"
#include "TestCa.h"
#include "TrustedCertificatesDialog.h"
#include "net/TrustedCertificates.h"
#include "sandbox/SandboxServer.h"
#include "settings/AppSettings.h"

#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace Dbtu;
using namespace Dbtu::Test;
using namespace Dbtu::Ui;

class TestTrustedCertificatesDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void untrustedUntilTheCaIsAdded();

private:
    QWidget *page() const { return m_window->apiUploadPage(); }
    /** Clicks Test connection and waits for its outcome: the status line or the banner. */
    QString testConnection();
    TrustedCertificatesDialog *openDialog();

    QTemporaryDir m_tmp;
    TestCa m_ca;
    std::unique_ptr<Sandbox::SandboxServer> m_sandbox;
    std::unique_ptr<MainWindow> m_window;
};

void TestTrustedCertificatesDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("dbt-uploader-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("TestTrustedCertificatesDialog"));
    QSettings().clear();
    qunsetenv("SSL_CERT_FILE");
    qunsetenv("SSL_CERT_DIR");
    QVERIFY(m_tmp.isValid());
    m_ca.dir = m_tmp.path();
    QString why;
    QVERIFY2(m_ca.make(&why), qPrintable(why));
    Sandbox::SandboxOptions options;
    options.apiKey = QStringLiteral("tls-window-key");
    options.tlsCertificateFile = m_ca.certFile();
    options.tlsKeyFile = m_ca.keyFile();
    m_sandbox = std::make_unique<Sandbox::SandboxServer>(options);
    Result<void> started = m_sandbox->start();
    QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
    QCOMPARE(m_sandbox->apiBaseUrl().scheme(), QStringLiteral("https"));
}

void TestTrustedCertificatesDialog::cleanupTestCase()
{
    m_window.reset();
    m_sandbox.reset();
    TrustedCertificates::install({});
}

QString TestTrustedCertificatesDialog::testConnection()
{
    return Test::testConnection(page(), m_sandbox->apiBaseUrl().toString(), m_sandbox->apiKey());
}

TrustedCertificatesDialog *TestTrustedCertificatesDialog::openDialog()
{
    auto *action = m_window->findChild<QAction *>(QStringLiteral("trustedCertificatesAction"));
    if (!action) {
        return nullptr;
    }
    action->trigger();
    auto *dialog = m_window->findChild<TrustedCertificatesDialog *>(
        QStringLiteral("trustedCertificatesDialog"));
    if (!dialog || !QTest::qWaitForWindowExposed(dialog)) {
        return nullptr;
    }
    return dialog;
}

void TestTrustedCertificatesDialog::untrustedUntilTheCaIsAdded()
{
    m_window = std::make_unique<MainWindow>();
    m_window->tabWidget()->setCurrentWidget(page());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    QString outcome = testConnection();
    QVERIFY2(outcome.contains(QStringLiteral("“dbtu test server” issued by “dbtu test CA” is "
                                             "not trusted")),
             qPrintable(outcome));
    QVERIFY2(outcome.contains(QStringLiteral("Settings → Trusted Certificates…")),
             qPrintable(outcome));

    // A file that holds no certificate: refused in the dialog, which stays open; nothing saved.
    QPointer<TrustedCertificatesDialog> dialog = openDialog(); // deleted when it closes
    QVERIFY(dialog);
    const QString notCert = m_tmp.filePath(QStringLiteral("server.ext"));
    dialog->setFiles({notCert});
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("acceptButton")), Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    const QString refused = bannerText(dialog, QStringLiteral("certificateBanner"));
    QVERIFY2(refused.contains(notCert) && refused.contains(QStringLiteral("holds no certificate")),
             qPrintable(refused));
    QVERIFY(AppSettings().trustedCertificateFiles().isEmpty());

    // Removing it and adding the CA: saved, and trusted from the next request on.
    auto *list = child<QListWidget>(dialog, QStringLiteral("certificateList"));
    list->item(0)->setSelected(true);
    auto *remove = child<QPushButton>(dialog, QStringLiteral("removeCertificateButton"));
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(list->count(), 0);
    dialog->setFiles({m_ca.caFile()});
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("acceptButton")), Qt::LeftButton);
    QTRY_VERIFY(!dialog || !dialog->isVisible());
    QCOMPARE(AppSettings().trustedCertificateFiles(), QStringList{m_ca.caFile()});
    QCOMPARE(TrustedCertificates::installedCount(), 1);
    outcome = testConnection();
    QVERIFY2(outcome.startsWith(QStringLiteral("Connected")), qPrintable(outcome));

    // The next window (a new process would do the same) trusts the saved list at its start.
    m_window.reset();
    TrustedCertificates::install({});
    m_window = std::make_unique<MainWindow>();
    m_window->tabWidget()->setCurrentWidget(page());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(TrustedCertificates::installedCount(), 1);
    outcome = testConnection();
    QVERIFY2(outcome.startsWith(QStringLiteral("Connected")), qPrintable(outcome));
}

QTEST_MAIN(TestTrustedCertificatesDialog)
#include "TestTrustedCertificatesDialog.moc"
