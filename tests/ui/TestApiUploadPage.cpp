// SPDX-License-Identifier: MIT
// The API upload tab driven through its real widgets against an in-process SandboxServer, under
// a real Secret Service (tests/support/with-keyring.sh).
#include "ApiPageTestSupport.h"
#include "FileUploadPage.h"
#include "FollowTray.h"
#include "HistoryFiles.h"
#include "TestPaths.h"
#include "sandbox/SandboxServer.h"
#include "settings/AppSettings.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QInputDialog>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>

#include <memory>

using namespace Dbtu::Ui;
using Dbtu::Test::bannerText;
using Dbtu::Test::child;
using Dbtu::Test::text;

class TestApiUploadPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void storeKeyAndTestConnection();
    void wrongKeyShows401Banner();
    void httpRefusedForRemoteHost();
    void pickIntegrationFromList();
    void uploadCombinedAndWatchSync();
    void uploadSeparateStyle();
    void warningNeedsUploadAnyway();
    void changesSinceTheLastUploadComeFirst();
    void uploadsNewRunsAutomatically();
    void theSwitchIsKeptPerProfile();
    void preferencesShapeAutomaticUploads();
    void cancelInTheMiddleOfAnUpload();
    void fileTabUploadButtonUsesApiTab();
    void profilesAddRenameRemove();
    void profileNamesFollowOneRule();
    void sandboxModeIsTransient();
    void settingsNeverHoldTheKey();

private:
    /** Types @p name into the visible profile-name dialog, accepts it, waits for it to close. */
    void answerNameDialog(const QString &name);
    QString data(const QString &rel) const
    {
        return Dbtu::Test::dataDir() + QStringLiteral("/ui/") + rel;
    }
    QWidget *page() const { return m_window->apiUploadPage(); }
    template<typename T>
    T *find(const QString &name) const
    {
        return child<T>(page(), name);
    }
    void connectToSandbox();
    void storeKey(const QString &key);
    void loadIntegrations();
    bool uploadAndWait();

    std::unique_ptr<Dbtu::Sandbox::SandboxServer> m_sandbox;
    std::unique_ptr<MainWindow> m_window;
};

void TestApiUploadPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("dbt-uploader-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("TestApiUploadPage"));
    QSettings().clear();
    Dbtu::Sandbox::SandboxOptions options;
    options.syncSeconds = 1.0;
    options.postsPerMinute = 0;
    m_sandbox = std::make_unique<Dbtu::Sandbox::SandboxServer>(options);
    QVERIFY_OK(m_sandbox->start());
}

void TestApiUploadPage::cleanupTestCase()
{
    m_sandbox.reset();
}

void TestApiUploadPage::init()
{
    m_sandbox->setFaults({});
    m_window = std::make_unique<MainWindow>();
    m_window->apiUploadPage()->setWatchPollInterval(std::chrono::milliseconds(100),
                                                    std::chrono::milliseconds(300));
    m_window->tabWidget()->setCurrentWidget(page());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // The stored key (if any) has been looked up.
    QTRY_VERIFY(
        !text(page(), QStringLiteral("keyStatusLabel")).contains(QStringLiteral("Looking")));
}

void TestApiUploadPage::cleanup()
{
    m_window.reset();
}

void TestApiUploadPage::connectToSandbox()
{
    Dbtu::Test::setCustomUrl(page(), m_sandbox->apiBaseUrl().toString());
    QVERIFY2(text(page(), QStringLiteral("urlStatusLabel")).contains(QStringLiteral("Requests go")),
             qPrintable(text(page(), QStringLiteral("urlStatusLabel"))));
    // Typed, not stored: each test stands alone, whatever the keychain holds.
    find<QLineEdit>(QStringLiteral("apiKeyLineEdit"))->setText(m_sandbox->apiKey());
}

void TestApiUploadPage::storeKey(const QString &key)
{
    auto *edit = find<QLineEdit>(QStringLiteral("apiKeyLineEdit"));
    QCOMPARE(edit->echoMode(), QLineEdit::Password);
    edit->setText(key);
    QTest::mouseClick(find<QPushButton>(QStringLiteral("storeKeyButton")), Qt::LeftButton);
    QTRY_VERIFY2(text(page(), QStringLiteral("keyStatusLabel"))
                     .contains(QStringLiteral("stored in the keychain")),
                 qPrintable(text(page(), QStringLiteral("keyStatusLabel"))));
    QVERIFY(edit->text().isEmpty());
}

void TestApiUploadPage::loadIntegrations()
{
    QTest::mouseClick(find<QPushButton>(QStringLiteral("loadIntegrationsButton")), Qt::LeftButton);
    auto *combo = find<QComboBox>(QStringLiteral("integrationComboBox"));
    QTRY_COMPARE(combo->count(), 5);
    // Loaded: the button can load the list again at once.
    QVERIFY(find<QPushButton>(QStringLiteral("loadIntegrationsButton"))->isEnabled());
}

bool TestApiUploadPage::uploadAndWait()
{
    auto *ui = m_window->apiUploadPage();
    QSignalSpy done(ui, &ApiUploadPage::sessionFinished);
    auto *start = find<QPushButton>(QStringLiteral("startUploadButton"));
    if (!start->isEnabled()) {
        qWarning("startUploadButton is disabled");
        return false;
    }
    QTest::mouseClick(start, Qt::LeftButton);
    // tests/data/ui/target draws a pair-check warning (results not in its small manifest):
    // accept it as a user would; warningNeedsUploadAnyway covers the confirmation itself.
    auto *anyway = find<QPushButton>(QStringLiteral("uploadAnywayButton"));
    const bool settled
        = QTest::qWaitFor([&] { return anyway->isVisible() || !done.isEmpty(); }, 10000);
    Q_UNUSED(settled); // either way, the checks below say what happened
    if (anyway->isVisible()) {
        anyway->click();
    }
    if (done.isEmpty() && !done.wait(20000)) {
        qWarning("upload: %s | sync: %s | error: %s",
                 qPrintable(text(page(), QStringLiteral("uploadProgressLabel"))),
                 qPrintable(text(page(), QStringLiteral("syncStatusLabel"))),
                 qPrintable(bannerText(page(), QStringLiteral("apiErrorBanner"))));
        return false;
    }
    return true;
}

void TestApiUploadPage::storeKeyAndTestConnection()
{
    connectToSandbox();
    storeKey(m_sandbox->apiKey());
    QVERIFY(find<QPushButton>(QStringLiteral("deleteKeyButton"))->isEnabled());
    QTest::mouseClick(find<QPushButton>(QStringLiteral("testConnectionButton")), Qt::LeftButton);
    QTRY_VERIFY2(text(page(), QStringLiteral("connectionStatusLabel"))
                     .startsWith(QStringLiteral("Connected")),
                 qPrintable(text(page(), QStringLiteral("connectionStatusLabel"))));
    QVERIFY(!find<Banner>(QStringLiteral("apiErrorBanner"))->isVisible());
    // Done: the test can be run again at once (not only after some other field changed).
    QVERIFY(find<QPushButton>(QStringLiteral("testConnectionButton"))->isEnabled());

    // A new window finds the key again (keychain), not in a settings file.
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QTRY_VERIFY(text(page(), QStringLiteral("keyStatusLabel"))
                    .contains(QStringLiteral("stored in the keychain")));
}

void TestApiUploadPage::wrongKeyShows401Banner()
{
    connectToSandbox();
    find<QLineEdit>(QStringLiteral("apiKeyLineEdit"))->setText(QStringLiteral("not-the-key"));
    QTest::mouseClick(find<QPushButton>(QStringLiteral("testConnectionButton")), Qt::LeftButton);
    auto *banner = find<Banner>(QStringLiteral("apiErrorBanner"));
    QTRY_VERIFY(banner->isVisible());
    const QString shown = bannerText(page(), QStringLiteral("apiErrorBanner"));
    QVERIFY2(shown.contains(QStringLiteral("401")) && shown.contains(QStringLiteral("API key")),
             qPrintable(shown));
    QVERIFY(!shown.contains(QStringLiteral("not-the-key")));
    QVERIFY(banner->findChild<QPushButton *>(QStringLiteral("detailsButton")));
}

void TestApiUploadPage::httpRefusedForRemoteHost()
{
    Dbtu::Test::setCustomUrl(page(), QStringLiteral("http://secoda.example.com/api/v1"));
    const QString reason = text(page(), QStringLiteral("urlStatusLabel"));
    QVERIFY2(reason.contains(QStringLiteral("http"))
                 && !reason.startsWith(QStringLiteral("Requests")),
             qPrintable(reason));
    QVERIFY(!find<QPushButton>(QStringLiteral("testConnectionButton"))->isEnabled());
}

void TestApiUploadPage::pickIntegrationFromList()
{
    connectToSandbox();
    loadIntegrations();
    auto *combo = find<QComboBox>(QStringLiteral("integrationComboBox"));
    // dbt-looking first, and picked.
    QCOMPARE(combo->itemData(0).toString(), Dbtu::Sandbox::SandboxServer::dbtIntegrationId());
    QCOMPARE(m_window->apiUploadPage()->integrationId(),
             Dbtu::Sandbox::SandboxServer::dbtIntegrationId());
    // A pasted Syncs page URL works as well.
    combo->setEditText(QStringLiteral("https://app.secoda.co/integrations/%1/syncs")
                           .arg(Dbtu::Sandbox::SandboxServer::dbtIntegrationId()));
    QCOMPARE(m_window->apiUploadPage()->integrationId(),
             Dbtu::Sandbox::SandboxServer::dbtIntegrationId());
    QVERIFY(find<QPushButton>(QStringLiteral("openSyncsButton"))->isEnabled());
}

void TestApiUploadPage::uploadCombinedAndWatchSync()
{
    m_window.reset(); // a new window, to start from the empty history
    Dbtu::Test::removeHistory();
    m_window = std::make_unique<MainWindow>();
    m_window->apiUploadPage()->setWatchPollInterval(std::chrono::milliseconds(100),
                                                    std::chrono::milliseconds(300));
    m_window->tabWidget()->setCurrentWidget(page()); // "Upload anyway" is clicked on the page
    m_window->show();
    connectToSandbox();
    loadIntegrations();
    m_window->apiUploadPage()->setPaths({data(QStringLiteral("target"))});
    QVERIFY(uploadAndWait());
    QVERIFY2(!find<Banner>(QStringLiteral("apiErrorBanner"))->isVisible(),
             qPrintable(bannerText(page(), QStringLiteral("apiErrorBanner"))));
    QCOMPARE(find<QProgressBar>(QStringLiteral("overallProgressBar"))->value(), 100);
    QCOMPARE(find<QProgressBar>(QStringLiteral("manifestProgressBar"))->value(), 100);
    QCOMPARE(find<QProgressBar>(QStringLiteral("runResultsProgressBar"))->value(), 100);
    QVERIFY2(
        text(page(), QStringLiteral("syncStatusLabel")).contains(QStringLiteral("finished at")),
        qPrintable(text(page(), QStringLiteral("syncStatusLabel"))));
    auto *history = find<QTableWidget>(QStringLiteral("historyTableWidget"));
    QCOMPARE(history->rowCount(), 1);
    QVERIFY(history->item(0, 1)->text().contains(QStringLiteral("manifest.json")));
    QVERIFY(history->item(0, 3)->text().contains(Dbtu::Sandbox::SandboxServer::dbtIntegrationId()));
    QCOMPARE(history->item(0, 4)->text(), QStringLiteral("sync finished"));
}

void TestApiUploadPage::uploadSeparateStyle()
{
    connectToSandbox();
    loadIntegrations();
    find<QComboBox>(QStringLiteral("styleComboBox"))->setCurrentIndex(1);
    QVERIFY(text(page(), QStringLiteral("styleHelpLabel")).contains(QStringLiteral("its own")));
    m_window->apiUploadPage()->setPaths({data(QStringLiteral("target/manifest.json")),
                                         data(QStringLiteral("target/run_results.json"))});
    QVERIFY(uploadAndWait());
    QVERIFY2(!find<Banner>(QStringLiteral("apiErrorBanner"))->isVisible(),
             qPrintable(bannerText(page(), QStringLiteral("apiErrorBanner"))));
    QCOMPARE(find<QProgressBar>(QStringLiteral("manifestProgressBar"))->value(), 100);
    QCOMPARE(find<QProgressBar>(QStringLiteral("runResultsProgressBar"))->value(), 100);
    QVERIFY(
        text(page(), QStringLiteral("syncStatusLabel")).contains(QStringLiteral("finished at")));
    // The style is remembered in the profile.
    m_window = std::make_unique<MainWindow>();
    QCOMPARE(child<QComboBox>(m_window->apiUploadPage(), QStringLiteral("styleComboBox"))
                 ->currentIndex(),
             1);
    find<QComboBox>(QStringLiteral("styleComboBox"))->setCurrentIndex(0);
}

void TestApiUploadPage::warningNeedsUploadAnyway()
{
    connectToSandbox();
    loadIntegrations();
    m_window->apiUploadPage()->setPaths({data(QStringLiteral("target/manifest.json")),
                                         data(QStringLiteral("docs-generate/run_results.json"))});
    QSignalSpy done(m_window->apiUploadPage(), &ApiUploadPage::sessionFinished);
    QTest::mouseClick(find<QPushButton>(QStringLiteral("startUploadButton")), Qt::LeftButton);
    auto *anyway = find<QPushButton>(QStringLiteral("uploadAnywayButton"));
    QTRY_VERIFY(anyway->isVisible());
    QVERIFY(find<Banner>(QStringLiteral("apiChecksBanner"))->isVisible());
    QCOMPARE(find<QProgressBar>(QStringLiteral("overallProgressBar"))->value(), 0);
    anyway->click();
    QVERIFY(done.wait(20000));
    QCOMPARE(find<QProgressBar>(QStringLiteral("overallProgressBar"))->value(), 100);
}

void TestApiUploadPage::changesSinceTheLastUploadComeFirst()
{
    // After an upload of one run, the next run's files show what they change against it before
    // anything is sent, each group opening to its ids; removing a model of four is
    // models_removed, a warning to confirm.
    connectToSandbox();
    loadIntegrations();
    auto *ui = m_window->apiUploadPage();
    auto *box = find<QGroupBox>(QStringLiteral("changesGroupBox"));
    const QString diff = Dbtu::Test::dataDir() + QStringLiteral("/diff/");
    ui->setPaths({diff + QStringLiteral("old")});
    QVERIFY(uploadAndWait());
    QSignalSpy compared(box, SIGNAL(compared()));
    ui->setPaths({diff + QStringLiteral("new")});
    QVERIFY(compared.wait(10000));
    QVERIFY(box->isVisible());
    QVERIFY2(box->title().startsWith(QStringLiteral("Changes since the last upload to 127.0.0.1 "
                                                    "integration ")),
             qPrintable(box->title()));
    const QString summary = text(page(), QStringLiteral("changesSummaryLabel"));
    QVERIFY2(summary.startsWith(QStringLiteral("+1 model, \u22121 model, 1 model modified")),
             qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("3 newly failing, 2 fixed")), qPrintable(summary));
    auto *tree = find<QTreeWidget>(QStringLiteral("changesTreeWidget"));
    const QList<QTreeWidgetItem *> removed
        = tree->findItems(QStringLiteral("\u22121 model"), Qt::MatchExactly);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first()->childCount(), 1);
    QCOMPARE(removed.first()->child(0)->text(0), QStringLiteral("model.shop.legacy"));
    QCOMPARE(
        tree->findItems(QStringLiteral("3 newly failing"), Qt::MatchExactly).first()->childCount(),
        3);

    // Upload: the comparison is a check too, and it waits for a confirmation.
    QSignalSpy done(ui, &ApiUploadPage::sessionFinished);
    const int posts = m_sandbox->counters().uploadPosts;
    QTest::mouseClick(find<QPushButton>(QStringLiteral("startUploadButton")), Qt::LeftButton);
    auto *anyway = find<QPushButton>(QStringLiteral("uploadAnywayButton"));
    QTRY_VERIFY(anyway->isVisible());
    const auto labels = find<Banner>(QStringLiteral("apiChecksBanner"))->findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(), [](const QLabel *l) {
        return l->text().contains(QLatin1String("removes 1 of the 4 models"));
    }));
    QCOMPARE(m_sandbox->counters().uploadPosts, posts); // nothing sent yet
    anyway->click();
    QVERIFY(done.wait(20000));
    QCOMPARE(m_sandbox->counters().uploadPosts, posts + 1);
    // A crowded tab (banners, progress, the changes, the sync, Last uploads) on a 1280x800
    // screen scrolls: no box is squeezed below the height its wrapped labels need.
    m_window->resize(1280, 800);
    QTRY_COMPARE(m_window->height(), 800);
    QTest::qWait(100); // the layouts settle
    for (const char *name : {"uploadGroupBox", "changesGroupBox", "uploadProgressWidget"}) {
        auto *part = find<QWidget>(QLatin1String(name));
        const int needs = part->hasHeightForWidth() ? part->heightForWidth(part->width())
                                                    : part->minimumSizeHint().height();
        QVERIFY2(
            part->height() >= needs,
            qPrintable(
                QStringLiteral("%1: %2 px, needs %3").arg(name).arg(part->height()).arg(needs)));
    }
    // Now against this upload: the same files change nothing.
    QTRY_VERIFY(text(page(), QStringLiteral("changesSummaryLabel"))
                    .startsWith(QStringLiteral("no changes")));
}

void TestApiUploadPage::uploadsNewRunsAutomatically()
{
    // "Upload new runs automatically": each run dbt writes into the folder is sent once, the
    // status line and the tray's notification say so, and the switch turns it off again.
    connectToSandbox();
    loadIntegrations();
    QTemporaryDir target;
    QVERIFY(target.isValid());
    // Invocation ids of their own: the history (kept between runs of this test) never saw them.
    const QString stamp = QString::number(QDateTime::currentMSecsSinceEpoch());
    const auto writeRun = [&](const char *folder, const QString &invocation) {
        for (const char *name : {"manifest.json", "run_results.json"}) {
            QFile in(Dbtu::Test::dataDir() + QStringLiteral("/diff/") + QLatin1String(folder)
                     + QLatin1Char('/') + QLatin1String(name));
            QVERIFY(in.open(QIODevice::ReadOnly));
            QByteArray bytes = in.readAll();
            bytes.replace("\"inv-1\"", "\"" + invocation.toUtf8() + "\"");
            bytes.replace("\"inv-2\"", "\"" + invocation.toUtf8() + "\"");
            QFile out(target.filePath(QLatin1String(name)));
            QVERIFY(out.open(QIODevice::WriteOnly));
            QCOMPARE(out.write(bytes), bytes.size());
        }
    };
    auto *ui = m_window->apiUploadPage();
    ui->setFollowSettle(std::chrono::milliseconds(300));
    ui->setPaths({target.path()});
    auto *check = find<QCheckBox>(QStringLiteral("followCheckBox"));
    QVERIFY(check->isEnabled());
    QSignalSpy events(ui, &ApiUploadPage::followEvent);
    const auto uploaded = [&events](const QString &invocation) {
        for (const QList<QVariant> &e : std::as_const(events)) {
            const auto event = e.at(0).value<Dbtu::FollowEvent>();
            if (event.kind == Dbtu::FollowEvent::Kind::Uploaded
                && event.invocationId == invocation) {
                return true;
            }
        }
        return false;
    };
    const int posts = m_sandbox->counters().uploadPosts;
    const QString first = QStringLiteral("win-a-") + stamp;
    writeRun("old", first);
    check->click();
    QVERIFY(ui->isFollowing());
    QTRY_VERIFY_WITH_TIMEOUT(uploaded(first), 20000);
    QCOMPARE(m_sandbox->counters().uploadPosts, posts + 1);
    QVERIFY2(text(page(), QStringLiteral("followStatusLabel")).contains(first),
             qPrintable(text(page(), QStringLiteral("followStatusLabel"))));
    QVERIFY2(m_window->followTray()->lastNotification().startsWith(QStringLiteral("Run uploaded")),
             qPrintable(m_window->followTray()->lastNotification()));
    // Each run's sync is followed to its end, and the event says how it ended.
    QVERIFY2(m_window->followTray()->lastNotification().contains(
                 QStringLiteral("The sync finished at ")),
             qPrintable(m_window->followTray()->lastNotification()));

    const QString second = QStringLiteral("win-b-") + stamp;
    writeRun("new", second);
    QTRY_VERIFY_WITH_TIMEOUT(uploaded(second), 20000);
    QCOMPARE(m_sandbox->counters().uploadPosts, posts + 2);
    // The Last uploads box shows them.
    QTRY_VERIFY(find<QTableWidget>(QStringLiteral("historyTableWidget"))->rowCount() >= 2);

    check->click();
    QTRY_VERIFY(!ui->isFollowing());
    QVERIFY(!check->isChecked());
    QVERIFY2(text(page(), QStringLiteral("followStatusLabel")).contains(QStringLiteral("off")),
             qPrintable(text(page(), QStringLiteral("followStatusLabel"))));
}

void TestApiUploadPage::theSwitchIsKeptPerProfile()
{
    // On when the window closes: on again when it opens (once the stored key is read), on the
    // same folder, and it sends the next run. Turned off: off at the next start.
    connectToSandbox();
    storeKey(m_sandbox->apiKey());
    loadIntegrations();
    QTemporaryDir target;
    QVERIFY(target.isValid());
    const QString profile = m_window->apiUploadPage()->currentProfileName();
    m_window->apiUploadPage()->setPaths({target.path()});
    find<QCheckBox>(QStringLiteral("followCheckBox"))->click();
    QVERIFY(m_window->apiUploadPage()->isFollowing());
    QCOMPARE(Dbtu::AppSettings().followFolder(profile), QDir::cleanPath(target.path()));

    cleanup();
    init(); // a new window, as after a restart
    auto *ui = m_window->apiUploadPage();
    ui->setFollowSettle(std::chrono::milliseconds(300));
    QTRY_VERIFY_WITH_TIMEOUT(ui->isFollowing(), 10000);
    QVERIFY(find<QCheckBox>(QStringLiteral("followCheckBox"))->isChecked());
    QCOMPARE(ui->paths(), QStringList{QDir::cleanPath(target.path())});
    QSignalSpy events(ui, &ApiUploadPage::followEvent);
    const int posts = m_sandbox->counters().uploadPosts;
    // One invocation id for both files (taken per file, a millisecond between them made two
    // runs, and the manifest waited for its run_results).
    const QByteArray invocation
        = "\"kept-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "\"";
    for (const char *name : {"manifest.json", "run_results.json"}) {
        QFile in(Dbtu::Test::dataDir() + QStringLiteral("/diff/new/") + QLatin1String(name));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray bytes = in.readAll();
        bytes.replace("\"inv-2\"", invocation);
        QFile out(target.filePath(QLatin1String(name)));
        QVERIFY(out.open(QIODevice::WriteOnly));
        QCOMPARE(out.write(bytes), bytes.size());
    }
    const auto seen = [&events] {
        QStringList lines;
        for (const QList<QVariant> &e : std::as_const(events)) {
            lines << e.at(0).value<Dbtu::FollowEvent>().message;
        }
        return lines.join(u'\n');
    };
    QTRY_VERIFY2_WITH_TIMEOUT(m_sandbox->counters().uploadPosts == posts + 1, qPrintable(seen()),
                              20000);

    find<QCheckBox>(QStringLiteral("followCheckBox"))->click();
    QTRY_VERIFY(!ui->isFollowing());
    QVERIFY(Dbtu::AppSettings().followFolder(profile).isEmpty());
    cleanup();
    init();
    QTest::qWait(500);
    QVERIFY(!m_window->apiUploadPage()->isFollowing());
}

void TestApiUploadPage::preferencesShapeAutomaticUploads()
{
    // Preferences → Automatic uploads: a manifest alone is sent when allowed; with "Only
    // failures" a run that went through is not notified, one that fails is.
    Dbtu::FollowPreferences preferences;
    preferences.allowManifestOnly = true;
    preferences.notifications = Dbtu::FollowPreferences::Notifications::FailuresOnly;
    Dbtu::AppSettings().setFollowPreferences(preferences);
    const auto restore = qScopeGuard([this] {
        Dbtu::AppSettings().setFollowPreferences({});
        m_sandbox->setFaults({});
    });
    connectToSandbox();
    loadIntegrations();
    QTemporaryDir target;
    QVERIFY(target.isValid());
    auto *ui = m_window->apiUploadPage();
    ui->setFollowSettle(std::chrono::milliseconds(300));
    ui->setPaths({target.path()});
    QSignalSpy events(ui, &ApiUploadPage::followEvent);
    const auto seen = [&events](Dbtu::FollowEvent::Kind kind) {
        return std::any_of(events.begin(), events.end(), [kind](const QList<QVariant> &e) {
            return e.at(0).value<Dbtu::FollowEvent>().kind == kind;
        });
    };
    const auto dump = [&events] {
        QStringList lines;
        for (const QList<QVariant> &e : std::as_const(events)) {
            lines << e.at(0).value<Dbtu::FollowEvent>().message;
        }
        return lines.join(u'\n');
    };
    const auto writeManifest = [&](const QByteArray &invocation) {
        QFile in(Dbtu::Test::dataDir() + QStringLiteral("/diff/new/manifest.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray bytes = in.readAll();
        bytes.replace("\"inv-2\"", "\"" + invocation + "\"");
        QFile out(target.filePath(QStringLiteral("manifest.json")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        QCOMPARE(out.write(bytes), bytes.size());
    };
    const QString before = m_window->followTray()->lastNotification();
    const int posts = m_sandbox->counters().uploadPosts;
    find<QCheckBox>(QStringLiteral("followCheckBox"))->click();
    QVERIFY(ui->isFollowing());
    const QByteArray stamp = QByteArray::number(QDateTime::currentMSecsSinceEpoch());
    writeManifest("alone-" + stamp);
    QTRY_VERIFY2_WITH_TIMEOUT(seen(Dbtu::FollowEvent::Kind::Uploaded), qPrintable(dump()), 20000);
    QCOMPARE(m_sandbox->counters().uploadPosts, posts + 1); // the manifest, without run_results
    QCOMPARE(m_window->followTray()->lastNotification(), before);

    Dbtu::Sandbox::FaultSettings faults;
    faults.statusSequence = QList<int>(20, 500);
    m_sandbox->setFaults(faults);
    writeManifest("failing-" + stamp);
    QTRY_VERIFY2_WITH_TIMEOUT(seen(Dbtu::FollowEvent::Kind::Failed), qPrintable(dump()), 30000);
    QVERIFY2(m_window->followTray()->lastNotification().startsWith(
                 QStringLiteral("Automatic upload failed")),
             qPrintable(m_window->followTray()->lastNotification()));
    find<QCheckBox>(QStringLiteral("followCheckBox"))->click();
    QTRY_VERIFY(!ui->isFollowing());
}

void TestApiUploadPage::cancelInTheMiddleOfAnUpload()
{
    connectToSandbox();
    loadIntegrations();
    Dbtu::Sandbox::FaultSettings faults;
    faults.hang = true; // the request is accepted and never answered
    m_sandbox->setFaults(faults);
    m_window->apiUploadPage()->setPaths({data(QStringLiteral("target"))});
    QSignalSpy done(m_window->apiUploadPage(), &ApiUploadPage::sessionFinished);
    QTest::mouseClick(find<QPushButton>(QStringLiteral("startUploadButton")), Qt::LeftButton);
    QTRY_VERIFY(find<QPushButton>(QStringLiteral("uploadAnywayButton"))->isVisible());
    find<QPushButton>(QStringLiteral("uploadAnywayButton"))->click();
    QTRY_VERIFY(
        text(page(), QStringLiteral("uploadProgressLabel")).startsWith(QStringLiteral("Upload")));
    auto *cancel = find<QPushButton>(QStringLiteral("cancelUploadButton"));
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    // Cancel aborts the transfer at once, so the session may end within the click itself.
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 5000);
    QVERIFY2(
        text(page(), QStringLiteral("uploadProgressLabel")).startsWith(QStringLiteral("Cancelled")),
        qPrintable(text(page(), QStringLiteral("uploadProgressLabel"))));
    QVERIFY(!find<Banner>(QStringLiteral("apiErrorBanner"))->isVisible());
    QVERIFY(!cancel->isEnabled());
    QVERIFY(find<QPushButton>(QStringLiteral("startUploadButton"))->isEnabled());
    QCOMPARE(find<QTableWidget>(QStringLiteral("historyTableWidget"))->item(0, 4)->text(),
             QStringLiteral("cancelled"));
    m_sandbox->setFaults({});
}

void TestApiUploadPage::fileTabUploadButtonUsesApiTab()
{
    connectToSandbox();
    loadIntegrations();
    m_window->tabWidget()->setCurrentWidget(m_window->fileUploadPage());
    auto *upload = child<QPushButton>(m_window->fileUploadPage(), QStringLiteral("uploadButton"));
    QVERIFY(!upload->isEnabled());
    QSignalSpy read(m_window->fileUploadPage(), &FileUploadPage::inspectionFinished);
    m_window->openPaths({data(QStringLiteral("target"))});
    QVERIFY(read.wait(10000));
    QTRY_VERIFY(upload->isEnabled());
    QSignalSpy done(m_window->apiUploadPage(), &ApiUploadPage::sessionFinished);
    QTest::mouseClick(upload, Qt::LeftButton);
    QCOMPARE(m_window->tabWidget()->currentWidget(), page());
    QTRY_VERIFY(find<QPushButton>(QStringLiteral("uploadAnywayButton"))->isVisible());
    find<QPushButton>(QStringLiteral("uploadAnywayButton"))->click();
    QVERIFY(done.wait(20000));
    QCOMPARE(find<QProgressBar>(QStringLiteral("overallProgressBar"))->value(), 100);
}

void TestApiUploadPage::answerNameDialog(const QString &name)
{
    // The visible one: an earlier dialog may not be deleted yet (WA_DeleteOnClose).
    const auto visibleDialog = [this]() -> QInputDialog * {
        for (QInputDialog *d :
             page()->findChildren<QInputDialog *>(QStringLiteral("profileNameDialog"))) {
            if (d->isVisible()) {
                return d;
            }
        }
        return nullptr;
    };
    QInputDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = visibleDialog()));
    dialog->setTextValue(name);
    dialog->accept();
    QTRY_VERIFY(!visibleDialog());
}

void TestApiUploadPage::profileNamesFollowOneRule()
{
    // The rule of every tab (profileNameProblem): refused names leave the list as it was.
    QTest::mouseClick(find<QPushButton>(QStringLiteral("addProfileButton")), Qt::LeftButton);
    answerNameDialog(QStringLiteral("staging"));
    auto *profiles = find<QComboBox>(QStringLiteral("profileComboBox"));
    QTRY_COMPARE(profiles->currentText(), QStringLiteral("staging"));
    const QStringList before = Dbtu::AppSettings().profileNames();
    for (const auto &[name, problem] :
         {std::pair{QStringLiteral("STAGING"), QStringLiteral("only in letter case")},
          std::pair{QStringLiteral("staging"), QStringLiteral("already exists")},
          std::pair{QStringLiteral("eu/prod"), QStringLiteral("contains a slash")},
          std::pair{QStringLiteral("Sandbox"), QStringLiteral("is reserved")},
          std::pair{QStringLiteral("  "), QStringLiteral("cannot be empty")}}) {
        QTest::mouseClick(find<QPushButton>(QStringLiteral("addProfileButton")), Qt::LeftButton);
        answerNameDialog(name);
        QTRY_VERIFY2(bannerText(page(), QStringLiteral("apiErrorBanner")).contains(problem),
                     qPrintable(name + QStringLiteral(": ")
                                + bannerText(page(), QStringLiteral("apiErrorBanner"))));
        QCOMPARE(Dbtu::AppSettings().profileNames(), before);
        QCOMPARE(profiles->currentText(), QStringLiteral("staging"));
    }
}

void TestApiUploadPage::profilesAddRenameRemove()
{
    QTest::mouseClick(find<QPushButton>(QStringLiteral("addProfileButton")), Qt::LeftButton);
    answerNameDialog(QStringLiteral("staging"));
    auto *profiles = find<QComboBox>(QStringLiteral("profileComboBox"));
    QTRY_COMPARE(profiles->currentText(), QStringLiteral("staging"));
    QCOMPARE(Dbtu::AppSettings().lastProfile(), QStringLiteral("staging"));

    QTest::mouseClick(find<QPushButton>(QStringLiteral("renameProfileButton")), Qt::LeftButton);
    answerNameDialog(QStringLiteral("staging-eu"));
    QTRY_COMPARE(profiles->currentText(), QStringLiteral("staging-eu"));
    QVERIFY(!Dbtu::AppSettings().profileNames().contains(QStringLiteral("staging")));

    QTest::mouseClick(find<QPushButton>(QStringLiteral("removeProfileButton")), Qt::LeftButton);
    QMessageBox *box = nullptr;
    QTRY_VERIFY(
        (box = page()->findChild<QMessageBox *>(QStringLiteral("removeProfileMessageBox"))));
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("acceptButton")),
                      Qt::LeftButton);
    QTRY_VERIFY(profiles->findData(QStringLiteral("staging-eu")) < 0);
    QVERIFY(!Dbtu::AppSettings().profileNames().contains(QStringLiteral("staging-eu")));
}

void TestApiUploadPage::sandboxModeIsTransient()
{
    const QStringList before = Dbtu::AppSettings().profileNames();
    const QString last = Dbtu::AppSettings().lastProfile();
    m_window->enterSandboxMode(m_sandbox->apiBaseUrl(), m_sandbox->apiKey(),
                               Dbtu::Sandbox::SandboxServer::dbtIntegrationId());
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("Sandbox")));
    QTRY_VERIFY(find<Banner>(QStringLiteral("sandboxBanner"))->isVisible());
    QVERIFY(bannerText(page(), QStringLiteral("sandboxBanner"))
                .contains(QStringLiteral("nothing reaches Secoda")));
    QTRY_VERIFY(
        text(page(), QStringLiteral("keyStatusLabel")).contains(QStringLiteral("session only")));
    QCOMPARE(m_window->apiUploadPage()->integrationId(),
             Dbtu::Sandbox::SandboxServer::dbtIntegrationId());
    m_window->apiUploadPage()->setPaths({data(QStringLiteral("target"))});
    QVERIFY(uploadAndWait());
    QVERIFY(
        text(page(), QStringLiteral("syncStatusLabel")).contains(QStringLiteral("finished at")));
    QCOMPARE(Dbtu::AppSettings().profileNames(), before);
    QCOMPARE(Dbtu::AppSettings().lastProfile(), last);
}

void TestApiUploadPage::settingsNeverHoldTheKey()
{
    // After every flow above: nothing under the test HOME (settings, recent files, history)
    // holds the key; the sandbox's own key file lives in its data dir, which is skipped.
    QSettings().sync();
    const QString home = QString::fromLocal8Bit(qgetenv("HOME"));
    QVERIFY(!home.isEmpty());
    const QString found
        = Dbtu::Test::fileContaining(home, m_sandbox->apiKey().toUtf8(), m_sandbox->dataDir());
    QVERIFY2(found.isEmpty(), qPrintable(QStringLiteral("the key is in %1").arg(found)));
    QVERIFY(QFile::exists(QSettings().fileName()));
}

QTEST_MAIN(TestApiUploadPage)
#include "TestApiUploadPage.moc"
