// SPDX-License-Identifier: MIT
// The Bucket settings tab driven through its real widgets against real storage peers on
// loopback (tests/peers: s3rver behind a SigV4-checking front, the same in GCS mode, azurite),
// under a real Secret Service (tests/support/with-keyring.sh).
#include "ApiPageTestSupport.h"
#include "AzuriteContainer.h"
#include "BucketSettingsPage.h"
#include "PeerProcess.h"
#include "TestPaths.h"
#include "bucket/AzureConnectionString.h"
#include "bucket/AzureSharedKeySigner.h"
#include "history/HistoryStore.h"
#include "secrets/SecretStore.h"
#include "settings/AppSettings.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QInputDialog>
#include <QJsonDocument>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>

#include <memory>

using namespace Dbtu;
using namespace Dbtu::Ui;
using Dbtu::Test::bannerText;
using Dbtu::Test::child;
using Dbtu::Test::text;
using Field = BucketSettingsPage::Field;

namespace {
const QString kBucket = QStringLiteral("dbt-artifacts");
const QString kFull = QStringLiteral("AKIAPEERFULL00000001");
const QString kFullSecret = QStringLiteral("peer-full-secret");
constexpr int kWait = 30000; // a slow, loaded CI box
const QString kNotFound = QStringLiteral("<not found>");
} // namespace

class TestBucketSettingsPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void validationAsYouType();
    void s3PushThenTestPasses();
    void s3WrongSecretFailsSignIn();
    void changesSinceTheLastPushComeFirst();
    void s3WrongRegionOffersTheRightOne();
    void s3MissingBucket();
    void cancelARunningTest();
    void gcsPushGzipThenTest();
    void azurePushThenTest();
    void azureMissingContainer();
    void roleChecksFieldsAndDocuments();
    void secretsGoToTheKeychainOnly();
    void cliReadsWhatTheTabStored();
    void cancelDuringALargeUpload();
    void profilesAddAndRemove();
    void profileRenameMovesTheSecrets();
    void profileRenameRefusesBadNames();
    void mainWindowHasTheTab();

private:
    QString data(const QString &rel) const { return Test::dataDir() + QLatin1Char('/') + rel; }
    template<typename T>
    T *find(const QString &name) const
    {
        return child<T>(m_page.get(), name);
    }
    QLineEdit *field(Field f) const
    {
        return find<QLineEdit>(BucketSettingsPage::fieldKey(f) + QStringLiteral("LineEdit"));
    }
    QString errorText(Field f) const
    {
        return text(m_page.get(), BucketSettingsPage::fieldKey(f) + QStringLiteral("ErrorLabel"));
    }
    void newPage(const QString &profile);
    void type(Field f, const QString &value);
    void setProvider(BucketProvider provider);
    void fillS3(const QString &prefix);
    void fillGcs(const QString &prefix);
    void fillAzure(const QString &prefix, const QString &container = kBucket);
    void push(const QStringList &paths, bool gzip);
    void runTest();
    QString stepState(int step) const;
    QString stepText(int step) const; ///< the item's columns and every child's, one per line
    void expectAllPassed();
    /**
     * The value under bucket/<profile>/<name>, read by a store of its own (no session secrets:
     * only what the keychain holds); kNotFound when there is none.
     */
    QString storedSecret(const QString &profile, const QString &name);
    void storeSecretsNow();
    void renameTo(const QString &name);

    Test::PeerProcess m_s3;
    Test::PeerProcess m_gcs;
    Test::PeerProcess m_azure;
    QNetworkAccessManager m_nam;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<BucketSettingsPage> m_page;
    int m_profileCount = 0;
};

void TestBucketSettingsPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("dbt-uploader-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("TestBucketSettingsPage"));
    QSettings().clear();
    m_secrets = std::make_unique<SecretStore>();
    QString why;
    const QStringList keys = {QStringLiteral("--bucket"), kBucket, QStringLiteral("--key"),
                              kFull + QLatin1Char(':') + kFullSecret + QStringLiteral(":lrw")};
    // No peers, no test: a failure with the hint (never a skip that hides the gap).
    QVERIFY2(m_s3.startS3(
                 keys + QStringList{QStringLiteral("--region"), QStringLiteral("us-east-1")}, &why),
             qPrintable(why));
    QVERIFY2(m_gcs.startS3(keys + QStringList{QStringLiteral("--gcs")}, &why), qPrintable(why));
    QVERIFY2(m_azure.startAzurite(&why), qPrintable(why));
    QVERIFY2(Test::createAzuriteContainer(m_nam, m_azure.port(), kBucket, &why), qPrintable(why));
}

void TestBucketSettingsPage::init()
{
    newPage(QStringLiteral("gui-%1").arg(++m_profileCount));
}

void TestBucketSettingsPage::cleanup()
{
    m_page.reset();
}

void TestBucketSettingsPage::newPage(const QString &profile)
{
    m_page.reset();
    {
        AppSettings settings;
        if (!settings.bucketProfileNames().contains(profile)) {
            BucketProfile p;
            p.name = profile;
            settings.saveBucketProfile(p);
        }
        settings.setLastBucketProfile(profile);
    }
    m_page = std::make_unique<BucketSettingsPage>(m_nam, *m_secrets);
    m_page->resize(1280, 800);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QCOMPARE(m_page->currentProfileName(), profile);
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->isLoadingSecrets(), kWait);
}

void TestBucketSettingsPage::type(Field f, const QString &value)
{
    QLineEdit *e = field(f);
    QVERIFY(e);
    QVERIFY2(e->isVisibleTo(m_page.get()), qPrintable(e->objectName()));
    e->selectAll();
    QTest::keyClick(e, Qt::Key_Backspace);
    QTest::keyClicks(e, value);
    QCOMPARE(e->text(), value);
}

void TestBucketSettingsPage::setProvider(BucketProvider provider)
{
    auto *combo = find<QComboBox>(QStringLiteral("providerComboBox"));
    combo->setCurrentIndex(combo->findData(int(provider)));
    QCOMPARE(m_page->provider(), provider);
}

void TestBucketSettingsPage::fillS3(const QString &prefix)
{
    setProvider(BucketProvider::S3);
    type(Field::AccessKeyId, kFull);
    type(Field::SecretAccessKey, kFullSecret);
    type(Field::Region, QStringLiteral("us-east-1"));
    type(Field::Bucket, kBucket);
    type(Field::Prefix, prefix);
    auto *advanced = find<QToolButton>(QStringLiteral("advancedToolButton"));
    if (!advanced->isChecked()) {
        QTest::mouseClick(advanced, Qt::LeftButton);
    }
    type(Field::Endpoint, QStringLiteral("http://127.0.0.1:%1").arg(m_s3.port()));
}

void TestBucketSettingsPage::fillGcs(const QString &prefix)
{
    setProvider(BucketProvider::Gcs);
    // Secoda's defaults are filled in.
    QCOMPARE(field(Field::Region)->text(), QStringLiteral("auto"));
    QCOMPARE(field(Field::Endpoint)->text(), QStringLiteral("https://storage.googleapis.com"));
    type(Field::AccessKeyId, kFull);
    type(Field::SecretAccessKey, kFullSecret);
    type(Field::Endpoint, QStringLiteral("http://127.0.0.1:%1").arg(m_gcs.port()));
    type(Field::Bucket, kBucket);
    type(Field::Prefix, prefix);
}

void TestBucketSettingsPage::fillAzure(const QString &prefix, const QString &container)
{
    setProvider(BucketProvider::Azure);
    type(Field::AccountName, QString(AzureConnectionString::kDevAccount));
    type(Field::ConnectionString,
         QStringLiteral("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=%1;"
                        "BlobEndpoint=http://127.0.0.1:%2/devstoreaccount1;")
             .arg(AzureConnectionString::kDevKey)
             .arg(m_azure.port()));
    type(Field::Container, container);
    type(Field::Prefix, prefix);
}

void TestBucketSettingsPage::push(const QStringList &paths, bool gzip)
{
    m_page->setPaths(paths);
    auto *gz = find<QCheckBox>(QStringLiteral("gzipCheckBox"));
    gz->setChecked(gzip);
    auto *upload = find<QPushButton>(QStringLiteral("bucketUploadButton"));
    QVERIFY2(upload->isEnabled(), qPrintable(upload->toolTip()));
    QSignalSpy finished(m_page.get(), &BucketSettingsPage::uploadFinished);
    QTest::mouseClick(upload, Qt::LeftButton);
    // A check may warn (e.g. a fixture pair from different runs): confirm, as a user would.
    auto *anyway = find<QPushButton>(QStringLiteral("bucketUploadAnywayButton"));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || anyway->isVisible(), kWait);
    if (finished.isEmpty()) {
        QTest::mouseClick(anyway, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kWait);
    }
    QVERIFY2(bannerText(m_page.get(), QStringLiteral("bucketErrorBanner")).isEmpty(),
             qPrintable(bannerText(m_page.get(), QStringLiteral("bucketErrorBanner"))));
    QVERIFY2(text(m_page.get(), QStringLiteral("bucketStageLabel"))
                 .contains(QStringLiteral("listing confirms")),
             qPrintable(text(m_page.get(), QStringLiteral("bucketStageLabel"))));
}

void TestBucketSettingsPage::runTest()
{
    auto *test = find<QPushButton>(QStringLiteral("testConnectionButton"));
    QVERIFY2(test->isEnabled(), qPrintable(test->toolTip()));
    QSignalSpy finished(m_page.get(), &BucketSettingsPage::testFinished);
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY(!test->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kWait);
    QVERIFY(test->isEnabled());
    QVERIFY(!find<QPushButton>(QStringLiteral("cancelTestButton"))->isEnabled());
}

QString TestBucketSettingsPage::stepState(int step) const
{
    auto *tree = find<QTreeWidget>(QStringLiteral("checklistView"));
    return tree->topLevelItem(step)->data(0, Qt::UserRole).toString();
}

QString TestBucketSettingsPage::stepText(int step) const
{
    auto *tree = find<QTreeWidget>(QStringLiteral("checklistView"));
    const QTreeWidgetItem *item = tree->topLevelItem(step);
    QStringList lines{item->text(0) + QStringLiteral(" | ") + item->text(1)};
    for (int i = 0; i < item->childCount(); ++i) {
        lines << item->child(i)->text(0) + QStringLiteral(": ") + item->child(i)->text(1);
    }
    return lines.join(QLatin1Char('\n'));
}

void TestBucketSettingsPage::expectAllPassed()
{
    auto *tree = find<QTreeWidget>(QStringLiteral("checklistView"));
    QCOMPARE(tree->topLevelItemCount(), 7);
    for (int i = 0; i < 7; ++i) {
        const QString state = stepState(i);
        QVERIFY2(state == QLatin1String("ok") || state == QLatin1String("warning"),
                 qPrintable(stepText(i)));
    }
    // The last step shows the manifest facts: size, age, run_results beside it.
    const QString last = stepText(6);
    QVERIFY2(last.contains(QStringLiteral("Size")) && last.contains(QStringLiteral("Age"))
                 && last.contains(QStringLiteral("run_results")),
             qPrintable(last));
    QVERIFY2(bannerText(m_page.get(), QStringLiteral("bucketErrorBanner")).isEmpty(),
             qPrintable(bannerText(m_page.get(), QStringLiteral("bucketErrorBanner"))));
}

// --- the tests --------------------------------------------------------------------------------

void TestBucketSettingsPage::validationAsYouType()
{
    setProvider(BucketProvider::S3);
    auto *test = find<QPushButton>(QStringLiteral("testConnectionButton"));
    type(Field::AccessKeyId, kFull);
    type(Field::SecretAccessKey, kFullSecret);
    type(Field::Region, QStringLiteral("us-east-1"));

    type(Field::Bucket, QStringLiteral("My_Bucket"));
    QVERIFY2(errorText(Field::Bucket).contains(QStringLiteral("lower-case")),
             qPrintable(errorText(Field::Bucket)));
    QVERIFY(errorText(Field::Bucket).contains(QStringLiteral("My_Bucket")));
    QVERIFY(find<QLabel>(QStringLiteral("bucketErrorLabel"))->isVisible());
    QVERIFY(!field(Field::Bucket)->accessibleDescription().isEmpty());
    QVERIFY(!test->isEnabled());
    QVERIFY2(test->toolTip().contains(QStringLiteral("Bucket")), qPrintable(test->toolTip()));

    type(Field::Bucket, QStringLiteral("my-bucket"));
    QCOMPARE(errorText(Field::Bucket), QString());
    QVERIFY(!find<QLabel>(QStringLiteral("bucketErrorLabel"))->isVisible());
    QVERIFY2(test->isEnabled(), qPrintable(test->toolTip()));

    // A role ARN.
    setProvider(BucketProvider::S3Role);
    type(Field::RoleArn, QStringLiteral("arn:aws:iam::1234:role/secoda"));
    QVERIFY2(errorText(Field::RoleArn).contains(QStringLiteral("ARN")),
             qPrintable(errorText(Field::RoleArn)));
    QVERIFY(!test->isEnabled());
    QVERIFY2(test->toolTip().contains(QStringLiteral("Role ARN")), qPrintable(test->toolTip()));
    type(Field::RoleArn, QStringLiteral("arn:aws:iam::123456789012:role/secoda"));
    QCOMPARE(errorText(Field::RoleArn), QString());

    // An Azure connection string.
    setProvider(BucketProvider::Azure);
    type(Field::AccountName, QStringLiteral("devstoreaccount1"));
    type(Field::Container, kBucket);
    type(Field::ConnectionString, QStringLiteral("this is not a connection string"));
    QVERIFY2(!errorText(Field::ConnectionString).isEmpty(), "no error for a bad connection string");
    QVERIFY(!test->isEnabled());
    QVERIFY2(test->toolTip().contains(QStringLiteral("Connection string")),
             qPrintable(test->toolTip()));
    type(Field::ConnectionString,
         QStringLiteral("DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;"
                        "AccountKey=%1;EndpointSuffix=core.windows.net")
             .arg(AzureConnectionString::kDevKey));
    QCOMPARE(errorText(Field::ConnectionString), QString());
    QVERIFY2(test->isEnabled(), qPrintable(test->toolTip()));
    // A rule across fields: the connection string must be the named account's.
    type(Field::AccountName, QStringLiteral("otheraccount"));
    QVERIFY2(errorText(Field::ConnectionString).contains(QStringLiteral("otheraccount")),
             qPrintable(errorText(Field::ConnectionString)));
    QVERIFY(!test->isEnabled());
    type(Field::AccountName, QStringLiteral("devstoreaccount1"));
    QCOMPARE(errorText(Field::ConnectionString), QString());
}

void TestBucketSettingsPage::s3PushThenTestPasses()
{
    fillS3(QStringLiteral("gui/s3"));
    push({data(QStringLiteral("ui/target"))}, false);
    auto *table = find<QTableWidget>(QStringLiteral("uploadedObjectsTableWidget"));
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("gui/s3/manifest.json"));
    QVERIFY(table->item(0, 2)->text().contains(QStringLiteral("✓")));
    runTest();
    expectAllPassed();
    QVERIFY(stepText(6).contains(QStringLiteral("gui/s3/run_results.json")));
}

void TestBucketSettingsPage::changesSinceTheLastPushComeFirst()
{
    // After a push of one run, the next run's files show what they change against it before
    // anything is sent; a model of four removed is models_removed, a warning to confirm.
    const QString prefix
        = QStringLiteral("gui/changes-%1").arg(QDateTime::currentMSecsSinceEpoch());
    fillS3(prefix);
    push({data(QStringLiteral("diff/old"))}, false);
    auto *box = find<QGroupBox>(QStringLiteral("changesGroupBox"));
    QSignalSpy compared(box, SIGNAL(compared()));
    m_page->setPaths({data(QStringLiteral("diff/new"))});
    QVERIFY(compared.wait(kWait));
    QVERIFY(box->isVisible());
    QCOMPARE(box->title(),
             QStringLiteral("Changes since the last upload to s3://%1/%2/").arg(kBucket, prefix));
    const QString summary = text(m_page.get(), QStringLiteral("changesSummaryLabel"));
    QVERIFY2(summary.startsWith(QStringLiteral("+1 model, \u22121 model")), qPrintable(summary));
    // Another prefix is another destination: nothing pushed there yet, nothing to show.
    type(Field::Prefix, prefix + QStringLiteral("-other"));
    QTRY_VERIFY_WITH_TIMEOUT(!box->isVisible(), kWait);
    type(Field::Prefix, prefix);
    QTRY_VERIFY_WITH_TIMEOUT(box->isVisible(), kWait);

    QSignalSpy finished(m_page.get(), &BucketSettingsPage::uploadFinished);
    QTest::mouseClick(find<QPushButton>(QStringLiteral("bucketUploadButton")), Qt::LeftButton);
    auto *anyway = find<QPushButton>(QStringLiteral("bucketUploadAnywayButton"));
    QTRY_VERIFY_WITH_TIMEOUT(anyway->isVisible(), kWait);
    QVERIFY2(bannerText(m_page.get(), QStringLiteral("bucketChecksBanner"))
                 .contains(QStringLiteral("removes 1 of the 4 models")),
             qPrintable(bannerText(m_page.get(), QStringLiteral("bucketChecksBanner"))));
    QTest::mouseClick(anyway, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kWait);
    QTRY_VERIFY_WITH_TIMEOUT(text(m_page.get(), QStringLiteral("changesSummaryLabel"))
                                 .startsWith(QStringLiteral("no changes")),
                             kWait);
}

void TestBucketSettingsPage::s3WrongSecretFailsSignIn()
{
    fillS3(QStringLiteral("gui/s3"));
    push({data(QStringLiteral("ui/target"))}, false);
    type(Field::SecretAccessKey, QStringLiteral("not-the-secret"));
    runTest();
    QCOMPARE(stepState(0), QStringLiteral("ok"));
    QCOMPARE(stepState(1), QStringLiteral("ok"));
    QCOMPARE(stepState(2), QStringLiteral("failed"));
    const QString signIn = stepText(2);
    QVERIFY2(signIn.contains(QStringLiteral("SignatureDoesNotMatch")), qPrintable(signIn));
    QVERIFY2(signIn.contains(QStringLiteral("What to do")), qPrintable(signIn));
    // The failed step shows in full under the list.
    const QString detail = text(m_page.get(), QStringLiteral("stepDetailLabel"));
    QVERIFY2(detail.contains(QStringLiteral("Sign in"))
                 && detail.contains(QStringLiteral("SignatureDoesNotMatch")),
             qPrintable(detail));
    for (int i = 3; i < 7; ++i) {
        QCOMPARE(stepState(i), QStringLiteral("skipped"));
    }
    QVERIFY(!bannerText(m_page.get(), QStringLiteral("bucketErrorBanner")).isEmpty());
}

void TestBucketSettingsPage::s3WrongRegionOffersTheRightOne()
{
    fillS3(QStringLiteral("gui/s3"));
    push({data(QStringLiteral("ui/target"))}, false);
    type(Field::Region, QStringLiteral("eu-west-1"));
    runTest();
    QCOMPARE(stepState(2), QStringLiteral("failed"));
    auto *offer = find<QPushButton>(QStringLiteral("useSuggestedRegionButton"));
    QVERIFY(offer->isVisible());
    QVERIFY2(text(m_page.get(), QStringLiteral("suggestedRegionLabel"))
                 .contains(QStringLiteral("us-east-1")),
             qPrintable(text(m_page.get(), QStringLiteral("suggestedRegionLabel"))));
    // "Use it" sets the region and runs the test again.
    QSignalSpy finished(m_page.get(), &BucketSettingsPage::testFinished);
    QTest::mouseClick(offer, Qt::LeftButton);
    QCOMPARE(field(Field::Region)->text(), QStringLiteral("us-east-1"));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kWait);
    expectAllPassed();
    QVERIFY(!offer->isVisible());
    // The fix is saved with the profile.
    QCOMPARE(AppSettings().bucketProfile(m_page->currentProfileName()).region,
             QStringLiteral("us-east-1"));
}

void TestBucketSettingsPage::s3MissingBucket()
{
    fillS3(QStringLiteral("gui/s3"));
    type(Field::Bucket, QStringLiteral("no-such-bucket"));
    runTest();
    QCOMPARE(stepState(2), QStringLiteral("ok"));
    QCOMPARE(stepState(3), QStringLiteral("failed"));
    QVERIFY2(stepText(3).contains(QStringLiteral("NoSuchBucket")), qPrintable(stepText(3)));
}

void TestBucketSettingsPage::cancelARunningTest()
{
    // A server that accepts the connection and never answers: the test waits until cancelled.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    fillS3(QStringLiteral("gui/s3"));
    type(Field::Endpoint, QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()));
    auto *test = find<QPushButton>(QStringLiteral("testConnectionButton"));
    auto *cancel = find<QPushButton>(QStringLiteral("cancelTestButton"));
    QVERIFY(!cancel->isEnabled());
    QSignalSpy finished(m_page.get(), &BucketSettingsPage::testFinished);
    QTest::mouseClick(test, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(stepState(1), QStringLiteral("running"), kWait);
    QVERIFY(cancel->isEnabled());
    QVERIFY(!test->isEnabled());
    // The secrets must not move while a test uses them.
    auto *rename = find<QPushButton>(QStringLiteral("renameBucketProfileButton"));
    QVERIFY(!rename->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kWait);
    QCOMPARE(text(m_page.get(), QStringLiteral("testStatusLabel")), QStringLiteral("Cancelled."));
    QVERIFY(test->isEnabled());
    QVERIFY(!cancel->isEnabled());
    QVERIFY(rename->isEnabled());
    QVERIFY(bannerText(m_page.get(), QStringLiteral("bucketErrorBanner")).isEmpty());
}

void TestBucketSettingsPage::gcsPushGzipThenTest()
{
    fillGcs(QStringLiteral("gui/gcs"));
    push({data(QStringLiteral("ui/target"))}, true);
    auto *table = find<QTableWidget>(QStringLiteral("uploadedObjectsTableWidget"));
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("gui/gcs/manifest.json.gz"));
    QCOMPARE(table->item(1, 0)->text(), QStringLiteral("gui/gcs/run_results.json.gz"));
    for (int row = 0; row < 2; ++row) {
        QVERIFY(table->item(row, 2)->text().contains(QStringLiteral("✓")));
    }
    runTest();
    expectAllPassed();
    // Documents for GCS: cors.json and the gsutil command with the bucket.
    QVERIFY(find<QPlainTextEdit>(QStringLiteral("gcsCorsCommandTextEdit"))
                ->toPlainText()
                .contains(QStringLiteral("gs://") + kBucket));
    QVERIFY(!find<QPlainTextEdit>(QStringLiteral("iamUserPolicyTextEdit"))->isVisible());
    QVERIFY(!find<QPlainTextEdit>(QStringLiteral("uploaderPolicyTextEdit"))->isVisible());
}

void TestBucketSettingsPage::azurePushThenTest()
{
    fillAzure(QStringLiteral("gui/azure"));
    push({data(QStringLiteral("ui/target/manifest.json")),
          data(QStringLiteral("ui/target/run_results.json"))},
         false);
    auto *table = find<QTableWidget>(QStringLiteral("uploadedObjectsTableWidget"));
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("gui/azure/manifest.json"));
    runTest();
    expectAllPassed();
    QVERIFY(find<QLabel>(QStringLiteral("noDocumentsLabel"))->isVisible());
}

void TestBucketSettingsPage::azureMissingContainer()
{
    fillAzure(QStringLiteral("gui/azure"), QStringLiteral("no-such-container"));
    runTest();
    QCOMPARE(stepState(2), QStringLiteral("ok"));
    QCOMPARE(stepState(3), QStringLiteral("failed"));
    QVERIFY2(stepText(3).contains(QStringLiteral("ContainerNotFound")), qPrintable(stepText(3)));
}

void TestBucketSettingsPage::roleChecksFieldsAndDocuments()
{
    setProvider(BucketProvider::S3Role);
    QVERIFY(find<QLabel>(QStringLiteral("roleNoteLabel"))->isVisible());
    QVERIFY(find<QLabel>(QStringLiteral("roleNoteLabel"))
                ->text()
                .contains(QStringLiteral("cannot assume")));
    type(Field::RoleArn, QStringLiteral("arn:aws:iam::123456789012:role/secoda-reader"));
    type(Field::ExternalId, QStringLiteral("secoda-ext-7781"));
    type(Field::Region, QStringLiteral("eu-west-1"));
    type(Field::Bucket, QStringLiteral("acme-dbt"));
    runTest();
    QCOMPARE(stepState(0), QStringLiteral("ok"));
    for (int i = 1; i < 7; ++i) {
        QCOMPARE(stepState(i), QStringLiteral("skipped"));
        QVERIFY2(stepText(i).contains(QStringLiteral("cannot assume")), qPrintable(stepText(i)));
    }
    QVERIFY(bannerText(m_page.get(), QStringLiteral("bucketErrorBanner")).isEmpty());

    auto *trust = find<QPlainTextEdit>(QStringLiteral("roleTrustPolicyTextEdit"));
    auto *permissions = find<QPlainTextEdit>(QStringLiteral("rolePermissionsPolicyTextEdit"));
    QVERIFY(trust->isVisible());
    QVERIFY(permissions->isVisible());
    QVERIFY(!find<QPlainTextEdit>(QStringLiteral("gcsCorsTextEdit"))->isVisible());
    QVERIFY(trust->toPlainText().contains(QStringLiteral("secoda-ext-7781")));
    QVERIFY(trust->toPlainText().contains(QStringLiteral("482836992928")));
    QVERIFY(permissions->toPlainText().contains(QStringLiteral("arn:aws:s3:::acme-dbt/*")));
    // The pushing identity's least privilege sits beside them, with the path typed.
    auto *uploader = find<QPlainTextEdit>(QStringLiteral("uploaderPolicyTextEdit"));
    QVERIFY(uploader->isVisible());
    QVERIFY(uploader->toPlainText().contains(QStringLiteral("arn:aws:s3:::acme-dbt/*")));
    QVERIFY(!uploader->toPlainText().contains(QStringLiteral("DeleteObject")));
    type(Field::Prefix, QStringLiteral("dbt/prod"));
    QVERIFY2(uploader->toPlainText().contains(QStringLiteral("arn:aws:s3:::acme-dbt/dbt/prod/*")),
             qPrintable(uploader->toPlainText()));
    // Regenerated as the fields change.
    type(Field::ExternalId, QStringLiteral("secoda-ext-9000"));
    QVERIFY(trust->toPlainText().contains(QStringLiteral("secoda-ext-9000")));

    auto *copy = find<QPushButton>(QStringLiteral("copyRoleTrustPolicyButton"));
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(copy->text(), QStringLiteral("Copied"));
    const QString copied = QGuiApplication::clipboard()->text();
    QCOMPARE(copied, trust->toPlainText());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(copied.toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(doc.isObject());
    QTRY_COMPARE_WITH_TIMEOUT(copy->text(), QStringLiteral("Copy"), kWait);
}

void TestBucketSettingsPage::secretsGoToTheKeychainOnly()
{
    const QString profile = m_page->currentProfileName();
    const QString secret
        = QStringLiteral("gui-secret-%1").arg(QRandomGenerator::global()->generate64(), 0, 16);
    fillS3(QStringLiteral("gui/secrets"));
    type(Field::SecretAccessKey, secret);
    type(Field::SessionToken, QStringLiteral("gui-session-token-%1").arg(secret));
    QCOMPARE(field(Field::SecretAccessKey)->echoMode(), QLineEdit::Password);
    QCOMPARE(text(m_page.get(), QStringLiteral("secretStatusLabel")), QStringLiteral("Not stored"));

    QSignalSpy saved(m_page.get(), &BucketSettingsPage::secretsSaved);
    QTest::mouseClick(find<QPushButton>(QStringLiteral("storeSecretsButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!saved.isEmpty(), kWait);
    QCOMPARE(text(m_page.get(), QStringLiteral("secretStatusLabel")),
             QStringLiteral("Stored in the keychain"));

    // The keychain holds it under the key the CLI reads.
    QCOMPARE(BucketConfig::keychainKey(profile, QStringLiteral("secret-access-key")),
             QStringLiteral("bucket/%1/secret-access-key").arg(profile));
    for (const auto &[name, expected] :
         {std::pair{QStringLiteral("secret-access-key"), secret},
          std::pair{QStringLiteral("access-key-id"), kFull},
          std::pair{QStringLiteral("session-token"),
                    QStringLiteral("gui-session-token-%1").arg(secret)}}) {
        SecretJob *job = m_secrets->read(BucketConfig::keychainKey(profile, name), this);
        QSignalSpy done(job, &SecretJob::finished);
        job->start();
        QVERIFY(done.wait(kWait));
        QVERIFY2(!job->error(), job->error() ? qPrintable(job->error()->message) : "");
        QVERIFY2(job->found(), qPrintable(name));
        QCOMPARE(QString::fromUtf8(job->secret()->reveal()), expected);
        QVERIFY(!m_secrets->hasSessionSecret(BucketConfig::keychainKey(profile, name)));
        job->deleteLater();
    }

    // The settings file has the bucket, never the secret.
    AppSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
    const QByteArray written = file.readAll();
    QVERIFY(written.contains(kBucket.toUtf8()));
    QVERIFY(written.contains("gui/secrets"));
    QVERIFY(!written.contains(secret.toUtf8()));
    QVERIFY(!written.contains(kFullSecret.toUtf8()));
    QVERIFY(!written.contains(kFull.toUtf8()));

    // A new page loads the profile and reads its secrets from the keychain.
    newPage(profile);
    QCOMPARE(m_page->provider(), BucketProvider::S3);
    QCOMPARE(field(Field::Bucket)->text(), kBucket);
    QCOMPARE(field(Field::Prefix)->text(), QStringLiteral("gui/secrets"));
    QCOMPARE(field(Field::AccessKeyId)->text(), kFull);
    QCOMPARE(field(Field::SecretAccessKey)->text(), secret);
    QCOMPARE(text(m_page.get(), QStringLiteral("secretStatusLabel")),
             QStringLiteral("Stored in the keychain"));

    // Delete (confirmed) removes them.
    QSignalSpy deleted(m_page.get(), &BucketSettingsPage::secretsSaved);
    QTest::mouseClick(find<QPushButton>(QStringLiteral("deleteSecretsButton")), Qt::LeftButton);
    QMessageBox *box = nullptr;
    QTRY_VERIFY(
        (box = m_page->findChild<QMessageBox *>(QStringLiteral("deleteSecretsMessageBox"))));
    QTest::mouseClick(child<QPushButton>(box, QStringLiteral("acceptButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!deleted.isEmpty(), kWait);
    SecretJob *job = m_secrets->read(
        BucketConfig::keychainKey(profile, QStringLiteral("secret-access-key")), this);
    QSignalSpy done(job, &SecretJob::finished);
    job->start();
    QVERIFY(done.wait(kWait));
    QVERIFY(!job->found());
    job->deleteLater();
}

void TestBucketSettingsPage::cliReadsWhatTheTabStored()
{
    // The tab stores the keys where `dbt-uploader bucket ... --profile NAME` looks for them.
    const QString profile = m_page->currentProfileName();
    fillS3(QStringLiteral("gui/cli"));
    push({data(QStringLiteral("ui/target"))}, false);
    QSignalSpy saved(m_page.get(), &BucketSettingsPage::secretsSaved);
    QTest::mouseClick(find<QPushButton>(QStringLiteral("storeSecretsButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!saved.isEmpty(), kWait);
    QCOMPARE(text(m_page.get(), QStringLiteral("secretStatusLabel")),
             QStringLiteral("Stored in the keychain"));

    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}) {
        env.remove(QString::fromLatin1(name)); // the keychain only
    }
    cli.setProcessEnvironment(env);
    cli.start(Test::binaryPath(),
              {QStringLiteral("bucket"), QStringLiteral("test"), QStringLiteral("--provider"),
               QStringLiteral("s3"), QStringLiteral("--profile"), profile,
               QStringLiteral("--bucket"), kBucket, QStringLiteral("--region"),
               QStringLiteral("us-east-1"), QStringLiteral("--prefix"), QStringLiteral("gui/cli"),
               QStringLiteral("--endpoint"),
               QStringLiteral("http://127.0.0.1:%1").arg(m_s3.port())});
    QVERIFY(cli.waitForFinished(60000));
    const QString output
        = QString::fromUtf8(cli.readAllStandardOutput() + cli.readAllStandardError());
    QVERIFY2(cli.exitStatus() == QProcess::NormalExit && cli.exitCode() == 0, qPrintable(output));
}

void TestBucketSettingsPage::cancelDuringALargeUpload()
{
    // A manifest of some 40 MB (random text, so gzip cannot shrink it away): checking, compressing,
    // hashing and sending it takes long enough to cancel in the middle.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("manifest.json"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            R"({"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json", )"
            R"("dbt_version": "1.10.2", "generated_at": "2025-05-01T12:00:00Z", "invocation_id": "big-1", )"
            R"("project_name": "big"}, "nodes": {)");
        QRandomGenerator rng(42);
        for (int i = 0; i < 20000; ++i) {
            QByteArray noise(1500, Qt::Uninitialized);
            for (char &c : noise) {
                c = char('a' + rng.bounded(26));
            }
            f.write((i ? ", " : "") + QByteArray("\"model.big.m") + QByteArray::number(i)
                    + "\": {\"resource_type\": \"model\", \"package_name\": \"big\", "
                      "\"config\": {\"materialized\": \"table\"}, \"description\": \""
                    + noise + "\"}");
        }
        f.write(R"(}, "sources": {}, "macros": {}, "exposures": {}, "metrics": {}})");
    }
    QVERIFY(QFileInfo(path).size() > 20 * 1000 * 1000);

    fillS3(QStringLiteral("gui/big"));
    m_page->setPaths({path});
    find<QCheckBox>(QStringLiteral("gzipCheckBox"))->setChecked(true);
    auto *upload = find<QPushButton>(QStringLiteral("bucketUploadButton"));
    auto *cancel = find<QPushButton>(QStringLiteral("bucketCancelUploadButton"));
    QVERIFY(!cancel->isEnabled());
    QSignalSpy finished(m_page.get(), &BucketSettingsPage::uploadFinished);
    QTest::mouseClick(upload, Qt::LeftButton);
    QVERIFY(!upload->isEnabled());
    QVERIFY(cancel->isEnabled());
    // Past the checks (confirming a warning if one comes), into the upload job.
    auto *anyway = find<QPushButton>(QStringLiteral("bucketUploadAnywayButton"));
    const auto stage = [this] {
        return text(m_page.get(), QStringLiteral("bucketStageLabel"));
    };
    QTRY_VERIFY_WITH_TIMEOUT(anyway->isVisible() || stage().startsWith(QStringLiteral("Compress"))
                                 || stage().startsWith(QStringLiteral("Uploading"))
                                 || !finished.isEmpty(),
                             kWait);
    if (anyway->isVisible()) {
        QTest::mouseClick(anyway, Qt::LeftButton);
    }
    QVERIFY2(finished.isEmpty(), qPrintable(stage()));
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kWait);
    QVERIFY2(stage().startsWith(QStringLiteral("Cancelled")), qPrintable(stage()));
    QVERIFY(upload->isEnabled());
    QVERIFY(!cancel->isEnabled());
    QVERIFY(find<QPushButton>(QStringLiteral("testConnectionButton"))->isEnabled());
    QVERIFY(bannerText(m_page.get(), QStringLiteral("bucketErrorBanner")).isEmpty());
    QCOMPARE(find<QTableWidget>(QStringLiteral("uploadedObjectsTableWidget"))->rowCount(), 0);
}

void TestBucketSettingsPage::profilesAddAndRemove()
{
    const QString first = m_page->currentProfileName();
    fillGcs(QStringLiteral("gui/first"));
    auto *profiles = find<QComboBox>(QStringLiteral("bucketProfileComboBox"));

    // Add: a new, empty profile with the current provider, selected and remembered.
    QTest::mouseClick(find<QPushButton>(QStringLiteral("addBucketProfileButton")), Qt::LeftButton);
    QInputDialog *dialog = nullptr;
    QTRY_VERIFY(
        (dialog = m_page->findChild<QInputDialog *>(QStringLiteral("bucketProfileNameDialog"))));
    const QString added = QStringLiteral("staging-%1").arg(m_profileCount);
    dialog->setTextValue(added);
    dialog->accept();
    QTRY_COMPARE(m_page->currentProfileName(), added);
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->isLoadingSecrets(), kWait);
    QCOMPARE(profiles->currentData().toString(), added);
    QCOMPARE(m_page->provider(), BucketProvider::Gcs);
    QCOMPARE(field(Field::Bucket)->text(), QString());
    QCOMPARE(AppSettings().lastBucketProfile(), added);

    // Switching back shows the first profile's fields again.
    profiles->setCurrentIndex(profiles->findData(first));
    profiles->activated(profiles->currentIndex());
    QCOMPARE(m_page->currentProfileName(), first);
    QCOMPARE(field(Field::Prefix)->text(), QStringLiteral("gui/first"));
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->isLoadingSecrets(), kWait);

    // Remove (confirmed).
    QTest::mouseClick(find<QPushButton>(QStringLiteral("removeBucketProfileButton")),
                      Qt::LeftButton);
    QMessageBox *box = nullptr;
    QTRY_VERIFY(
        (box = m_page->findChild<QMessageBox *>(QStringLiteral("removeBucketProfileMessageBox"))));
    QTest::mouseClick(child<QPushButton>(box, QStringLiteral("acceptButton")), Qt::LeftButton);
    QTRY_VERIFY(profiles->findData(first) < 0);
    QVERIFY(!AppSettings().bucketProfileNames().contains(first));
    QVERIFY(AppSettings().bucketProfileNames().contains(added));
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->isLoadingSecrets(), kWait);
}

QString TestBucketSettingsPage::storedSecret(const QString &profile, const QString &name)
{
    SecretStore fresh;
    SecretJob *job = fresh.read(BucketConfig::keychainKey(profile, name), this);
    QSignalSpy done(job, &SecretJob::finished);
    job->start();
    if (!done.wait(kWait)) {
        return QStringLiteral("<no answer from the keychain>"); // the job deletes with this test
    }
    job->deleteLater();
    if (job->error()) {
        return QStringLiteral("<error: %1>").arg(job->error()->message);
    }
    return job->found() ? QString::fromUtf8(job->secret()->reveal()) : kNotFound;
}

void TestBucketSettingsPage::storeSecretsNow()
{
    QSignalSpy saved(m_page.get(), &BucketSettingsPage::secretsSaved);
    QTest::mouseClick(find<QPushButton>(QStringLiteral("storeSecretsButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!saved.isEmpty(), kWait);
    QCOMPARE(text(m_page.get(), QStringLiteral("secretStatusLabel")),
             QStringLiteral("Stored in the keychain"));
}

/** Opens Rename…, types the name and accepts, as the Add test does. */
void TestBucketSettingsPage::renameTo(const QString &name)
{
    auto *rename = find<QPushButton>(QStringLiteral("renameBucketProfileButton"));
    QTRY_VERIFY_WITH_TIMEOUT(rename->isEnabled(), kWait);
    // The dialog of an earlier rename deletes itself later (WA_DeleteOnClose): not that one.
    QTRY_VERIFY_WITH_TIMEOUT(
        !m_page->findChild<QInputDialog *>(QStringLiteral("bucketProfileNameDialog")), kWait);
    QTest::mouseClick(rename, Qt::LeftButton);
    QInputDialog *dialog = nullptr;
    QTRY_VERIFY(
        (dialog = m_page->findChild<QInputDialog *>(QStringLiteral("bucketProfileNameDialog"))));
    QCOMPARE(dialog->textValue(), m_page->currentProfileName()); // prefilled
    dialog->setTextValue(name);
    dialog->accept();
}

void TestBucketSettingsPage::profileRenameMovesTheSecrets()
{
    const QString from = m_page->currentProfileName();
    const QString to = QStringLiteral("renamed-%1").arg(m_profileCount);
    const QString token = QStringLiteral("gui-rename-token-%1")
                              .arg(QRandomGenerator::global()->generate64(), 0, 16);
    fillS3(QStringLiteral("gui/rename"));
    type(Field::SessionToken, token);
    storeSecretsNow();
    QCOMPARE(storedSecret(from, QStringLiteral("session-token")), token);
    // A stale entry under the new name (no profile of that name) must not join the profile.
    {
        SecretJob *stale
            = m_secrets->write(BucketConfig::keychainKey(to, QStringLiteral("connection-string")),
                               Secret(QStringLiteral("stale")), this);
        QSignalSpy done(stale, &SecretJob::finished);
        stale->start();
        QVERIFY(done.wait(kWait));
        QVERIFY(!stale->error());
        stale->deleteLater();
    }

    QSignalSpy finished(m_page.get(), &BucketSettingsPage::renameFinished);
    renameTo(to);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kWait);
    QCOMPARE(finished.size(), 1);
    QVERIFY(!m_page->isRenaming());
    QVERIFY2(bannerText(m_page.get(), QStringLiteral("bucketErrorBanner")).isEmpty(),
             qPrintable(bannerText(m_page.get(), QStringLiteral("bucketErrorBanner"))));

    // The keychain: every secret under the new name, none left under the old one.
    for (const auto &[name, expected] :
         {std::pair{QStringLiteral("access-key-id"), kFull},
          std::pair{QStringLiteral("secret-access-key"), kFullSecret},
          std::pair{QStringLiteral("session-token"), token}}) {
        QCOMPARE(storedSecret(to, name), expected);
        QCOMPARE(storedSecret(from, name), kNotFound);
        QVERIFY(!m_secrets->hasSessionSecret(BucketConfig::keychainKey(to, name)));
    }
    QCOMPARE(storedSecret(to, QStringLiteral("connection-string")), kNotFound);

    // The settings and the combo.
    AppSettings settings;
    QVERIFY(settings.bucketProfileNames().contains(to));
    QVERIFY(!settings.bucketProfileNames().contains(from));
    QCOMPARE(settings.lastBucketProfile(), to);
    QCOMPARE(settings.bucketProfile(to).prefix, QStringLiteral("gui/rename"));
    auto *profiles = find<QComboBox>(QStringLiteral("bucketProfileComboBox"));
    QCOMPARE(profiles->currentText(), to);
    QCOMPARE(profiles->currentData().toString(), to);
    QVERIFY(profiles->findData(from) < 0);
    QCOMPARE(m_page->currentProfileName(), to);
    QCOMPARE(text(m_page.get(), QStringLiteral("secretStatusLabel")),
             QStringLiteral("Stored in the keychain"));
    for (const char *name : {"bucketProfileComboBox", "addBucketProfileButton",
                             "renameBucketProfileButton", "removeBucketProfileButton"}) {
        QVERIFY2(find<QWidget>(QString::fromLatin1(name))->isEnabled(), name);
    }

    // A new page opens the renamed profile with its secrets.
    newPage(to);
    QCOMPARE(field(Field::Prefix)->text(), QStringLiteral("gui/rename"));
    QCOMPARE(field(Field::SecretAccessKey)->text(), kFullSecret);
    QCOMPARE(field(Field::SessionToken)->text(), token);
}

void TestBucketSettingsPage::profileRenameRefusesBadNames()
{
    const QString profile = m_page->currentProfileName();
    fillS3(QStringLiteral("gui/refused"));
    storeSecretsNow();
    const QString other = QStringLiteral("taken-%1").arg(m_profileCount);
    {
        AppSettings settings;
        BucketProfile p;
        p.name = other;
        settings.saveBucketProfile(p);
    }
    const QStringList before = AppSettings().bucketProfileNames();
    QSignalSpy finished(m_page.get(), &BucketSettingsPage::renameFinished);
    for (const auto &[name, why] :
         {std::pair{other, QStringLiteral("already exists")},
          std::pair{other.toUpper(), QStringLiteral("only in letter case")},
          std::pair{QStringLiteral("a/b"), QStringLiteral("contains a slash")},
          std::pair{QStringLiteral("a\\b"), QStringLiteral("contains a slash")},
          std::pair{QStringLiteral("  "), QStringLiteral("cannot be empty")}}) {
        renameTo(name);
        QTRY_VERIFY_WITH_TIMEOUT(
            bannerText(m_page.get(), QStringLiteral("bucketErrorBanner")).contains(why), kWait);
        const QString banner = bannerText(m_page.get(), QStringLiteral("bucketErrorBanner"));
        QVERIFY2(banner.contains(QStringLiteral("Choose")) || banner.contains(QStringLiteral("Use"))
                     || banner.contains(QStringLiteral("Type")),
                 qPrintable(banner)); // says what to do
        QVERIFY(!m_page->isRenaming());
        QCOMPARE(m_page->currentProfileName(), profile);
        QCOMPARE(AppSettings().bucketProfileNames(), before);
        QCOMPARE(find<QComboBox>(QStringLiteral("bucketProfileComboBox"))->currentData().toString(),
                 profile);
    }
    QVERIFY(finished.isEmpty());
    QCOMPARE(AppSettings().lastBucketProfile(), profile);
    QCOMPARE(storedSecret(profile, QStringLiteral("secret-access-key")), kFullSecret);
    QCOMPARE(storedSecret(other, QStringLiteral("secret-access-key")), kNotFound);
}

void TestBucketSettingsPage::mainWindowHasTheTab()
{
    m_page.reset();
    MainWindow window;
    QTabWidget *tabs = window.tabWidget();
    QCOMPARE(tabs->count(), 3);
    QCOMPARE(tabs->widget(2), static_cast<QWidget *>(window.bucketSettingsPage()));
    QCOMPARE(tabs->widget(2)->objectName(), QStringLiteral("bucketSettingsPage"));
    QCOMPARE(tabs->tabText(2).remove(QLatin1Char('&')), QStringLiteral("Bucket settings"));
    // Files loaded in the File upload tab are handed over.
    window.openPaths({data(QStringLiteral("ui/target"))});
    QTRY_VERIFY_WITH_TIMEOUT(!window.bucketSettingsPage()->paths().isEmpty(), kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!window.bucketSettingsPage()->isLoadingSecrets(), kWait);

    // A push recorded through another history connection (the Bucket tab's own) shows in the
    // API tab's Last uploads as soon as the push ends, not at the next reload.
    HistoryStore other;
    QVERIFY_OK(other.open());
    UploadRecord r;
    r.kind = UploadRecord::Kind::Bucket;
    r.bucketProvider = QStringLiteral("s3");
    r.bucket = QStringLiteral("window-history-%1").arg(QDateTime::currentMSecsSinceEpoch());
    r.prefix = QStringLiteral("dbt/");
    r.startedAt = r.finishedAt = QDateTime::currentDateTimeUtc();
    r.files << UploadRecord::File{QStringLiteral("manifest.json"), 10, QString()};
    QVERIFY_OK(other.add(r));
    auto *table = child<QTableWidget>(window.apiUploadPage(), QStringLiteral("historyTableWidget"));
    const auto shown = [&] {
        for (int row = 0; row < table->rowCount(); ++row) {
            for (int col = 0; col < table->columnCount(); ++col) {
                if (table->item(row, col) && table->item(row, col)->text().contains(r.bucket)) {
                    return true;
                }
            }
        }
        return false;
    };
    QVERIFY(!shown());
    emit window.bucketSettingsPage()->uploadFinished();
    QVERIFY(shown());
}

QTEST_MAIN(TestBucketSettingsPage)
#include "TestBucketSettingsPage.moc"
