// SPDX-License-Identifier: MIT
// The Bucket settings tab when no keychain exists: run by CTest under a private D-Bus session
// with no services at all (tests/support/dbus-no-services.conf). The page must say so and offer
// to keep the secrets for this session only, in memory, never in a file.
#include "ApiPageTestSupport.h"
#include "BucketSettingsPage.h"
#include "secrets/SecretStore.h"
#include "settings/AppSettings.h"

#include <QComboBox>
#include <QInputDialog>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>

#include <memory>

using namespace Dbtu;
using namespace Dbtu::Ui;
using Dbtu::Test::bannerText;
using Dbtu::Test::child;
using Dbtu::Test::text;

class TestBucketNoKeychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("dbt-uploader-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("TestBucketNoKeychain"));
        QSettings().clear();
    }

    void bannerAndSessionOnlySecrets()
    {
        QNetworkAccessManager nam;
        SecretStore secrets;
        auto page = std::make_unique<BucketSettingsPage>(nam, secrets);
        page->show();
        auto *banner = child<Banner>(page.get(), QStringLiteral("bucketKeychainBanner"));
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!page->isLoadingSecrets(), 30000);
        QVERIFY2(bannerText(page.get(), QStringLiteral("bucketKeychainBanner"))
                     .contains(QStringLiteral("No keychain")),
                 qPrintable(bannerText(page.get(), QStringLiteral("bucketKeychainBanner"))));
        auto *session = child<QPushButton>(page.get(), QStringLiteral("sessionSecretsButton"));
        QVERIFY(session->isVisible());

        const QString profile = page->currentProfileName();
        const QString secret = QStringLiteral("nokeychain-secret-%1")
                                   .arg(QRandomGenerator::global()->generate64(), 0, 16);
        auto *provider = child<QComboBox>(page.get(), QStringLiteral("providerComboBox"));
        provider->setCurrentIndex(provider->findData(int(BucketProvider::S3)));
        const auto type = [&page](const QString &name, const QString &value) {
            auto *edit = child<QLineEdit>(page.get(), name + QStringLiteral("LineEdit"));
            QTest::keyClicks(edit, value);
        };
        type(QStringLiteral("accessKeyId"), QStringLiteral("AKIAPEERFULL00000001"));
        type(QStringLiteral("secretAccessKey"), secret);
        type(QStringLiteral("region"), QStringLiteral("eu-west-1"));
        type(QStringLiteral("bucket"), QStringLiteral("nokeychain-bucket"));

        // Store fails with the reason; the secret stays unsaved.
        QSignalSpy saved(page.get(), &BucketSettingsPage::secretsSaved);
        QTest::mouseClick(child<QPushButton>(page.get(), QStringLiteral("storeSecretsButton")),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!saved.isEmpty(), 30000);
        QVERIFY2(text(page.get(), QStringLiteral("secretStatusLabel"))
                     .startsWith(QStringLiteral("Not stored")),
                 qPrintable(text(page.get(), QStringLiteral("secretStatusLabel"))));

        // Session only: in memory, found by the next read.
        QTest::mouseClick(session, Qt::LeftButton);
        QVERIFY2(text(page.get(), QStringLiteral("secretStatusLabel"))
                     .contains(QStringLiteral("session only")),
                 qPrintable(text(page.get(), QStringLiteral("secretStatusLabel"))));
        const QString key = BucketConfig::keychainKey(profile, QStringLiteral("secret-access-key"));
        QVERIFY(secrets.hasSessionSecret(key));

        // A new page of the same session gets it back from memory.
        page = std::make_unique<BucketSettingsPage>(nam, secrets);
        QTRY_VERIFY_WITH_TIMEOUT(!page->isLoadingSecrets(), 30000);
        QCOMPARE(child<QLineEdit>(page.get(), QStringLiteral("secretAccessKeyLineEdit"))->text(),
                 secret);
        QCOMPARE(child<QLineEdit>(page.get(), QStringLiteral("bucketLineEdit"))->text(),
                 QStringLiteral("nokeychain-bucket"));

        // And it was written nowhere.
        QSettings().sync();
        const QString found
            = Dbtu::Test::fileContaining(QString::fromLocal8Bit(qgetenv("HOME")), secret.toUtf8());
        QVERIFY2(found.isEmpty(), qPrintable(found));
    }

    void renameMovesSessionSecrets()
    {
        QNetworkAccessManager nam;
        SecretStore secrets;
        auto page = std::make_unique<BucketSettingsPage>(nam, secrets);
        page->show();
        QTRY_VERIFY_WITH_TIMEOUT(
            child<Banner>(page.get(), QStringLiteral("bucketKeychainBanner"))->isVisible(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!page->isLoadingSecrets(), 30000);
        const QString from = page->currentProfileName();
        const QString to = QStringLiteral("moved-in-memory");
        const QString secret = QStringLiteral("nokeychain-rename-%1")
                                   .arg(QRandomGenerator::global()->generate64(), 0, 16);
        auto *provider = child<QComboBox>(page.get(), QStringLiteral("providerComboBox"));
        provider->setCurrentIndex(provider->findData(int(BucketProvider::S3)));
        for (const auto &[name, value] :
             {std::pair{QStringLiteral("accessKeyId"), QStringLiteral("AKIAPEERFULL00000001")},
              std::pair{QStringLiteral("secretAccessKey"), secret}}) {
            auto *edit = child<QLineEdit>(page.get(), name + QStringLiteral("LineEdit"));
            edit->clear();
            QTest::keyClicks(edit, value);
        }
        QTest::mouseClick(child<QPushButton>(page.get(), QStringLiteral("sessionSecretsButton")),
                          Qt::LeftButton);
        const auto key = [](const QString &profile) {
            return BucketConfig::keychainKey(profile, QStringLiteral("secret-access-key"));
        };
        QVERIFY(secrets.hasSessionSecret(key(from)));

        // Rename through the dialog, as a user does.
        QSignalSpy finished(page.get(), &BucketSettingsPage::renameFinished);
        auto *rename = child<QPushButton>(page.get(), QStringLiteral("renameBucketProfileButton"));
        QTRY_VERIFY_WITH_TIMEOUT(rename->isEnabled(), 30000);
        QTest::mouseClick(rename, Qt::LeftButton);
        QInputDialog *dialog = nullptr;
        QTRY_VERIFY(
            (dialog = page->findChild<QInputDialog *>(QStringLiteral("bucketProfileNameDialog"))));
        QCOMPARE(dialog->textValue(), from);
        dialog->setTextValue(to);
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);

        // The session's secrets moved in memory; the banner says the keychain's could not.
        QVERIFY(!secrets.hasSessionSecret(key(from)));
        QVERIFY(secrets.hasSessionSecret(key(to)));
        QCOMPARE(QString::fromUtf8(secrets.sessionSecret(key(to)).value_or(Secret()).reveal()),
                 secret);
        QVERIFY2(bannerText(page.get(), QStringLiteral("bucketErrorBanner"))
                     .contains(QStringLiteral("without a keychain")),
                 qPrintable(bannerText(page.get(), QStringLiteral("bucketErrorBanner"))));
        QCOMPARE(page->currentProfileName(), to);
        QCOMPARE(
            child<QComboBox>(page.get(), QStringLiteral("bucketProfileComboBox"))->currentText(),
            to);
        AppSettings settings;
        QVERIFY(settings.bucketProfileNames().contains(to));
        QVERIFY(!settings.bucketProfileNames().contains(from));
        QCOMPARE(settings.lastBucketProfile(), to);

        // A new page of the same session opens the renamed profile with its secret.
        page = std::make_unique<BucketSettingsPage>(nam, secrets);
        QCOMPARE(page->currentProfileName(), to);
        QTRY_VERIFY_WITH_TIMEOUT(!page->isLoadingSecrets(), 30000);
        QCOMPARE(child<QLineEdit>(page.get(), QStringLiteral("secretAccessKeyLineEdit"))->text(),
                 secret);
    }
};

QTEST_MAIN(TestBucketNoKeychain)
#include "TestBucketNoKeychain.moc"
