// SPDX-License-Identifier: MIT
// UploadSession, the one upload flow of the window's API tab and the CLI's `upload` and
// `trigger`, against an in-process sandbox: what it sends (the sandbox's counts and stored
// files), in which phases, and the errors it ends with for each surface.
#include "BigArtifacts.h"
#include "TestHelpers.h"
#include "TestPaths.h"
#include "history/HistoryStore.h"
#include "sandbox/SandboxServer.h"
#include "sandbox/UploadStore.h"
#include "secoda/ApiEndpoint.h"
#include "secoda/UploadSession.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Dbtu;
using namespace std::chrono_literals;

namespace {

const QString kKey = QStringLiteral("dbtu-upload-session-test-key");

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                       : QJsonObject();
}

bool writeJson(const QString &path, const QJsonObject &o)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(QJsonDocument(o).toJson()) > 0;
}

/** The CLI's options: report warnings and go on, messages for the command line. */
UploadSession::Options cliOptions()
{
    UploadSession::Options o;
    o.surface = UploadSession::Surface::CommandLine;
    o.waitOnWarnings = false;
    o.watch = false;
    return o;
}

} // namespace

class TestUploadSession : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void windowWaitsForConfirmationOfAWarning();
    void cancelWhileWaitingSendsNothing();
    void cleanFilesGoOnAndAreWatched();
    void cliGoesOnDespiteWarnings();
    void cliSendsWhileChecking();
    void legacyFilesAreCheckedFirst();
    void separateStyleStartsItsOwnSync();
    void noTrigger();
    void checkFailureWhileSendingTriggersNothing();
    void invalidRequestSendsNothing();
    void cancelMidUpload();
    void triggerOnly();
    void cancelWhileTriggering();
    void triggerErrors_data();
    void triggerErrors();
    void watchCancelled_data();
    void watchCancelled();
    void aRecordedUploadIsComparedWithTheLast();
    void theRecordIsWrittenOffTheEventLoop();

private:
    std::unique_ptr<UploadSession> session(UploadSession::Options options);
    /** Runs until finished() (once); false when it did not come in time. */
    bool finish(UploadSession &s, int timeoutMs = 20000);
    /** A manifest and a run_results of the same invocation that draw no warning. */
    QStringList cleanPair(qint64 manifestBytes = 0);
    int storedCount() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QTemporaryDir> m_files;
    std::unique_ptr<Sandbox::SandboxServer> m_sandbox;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<QSignalSpy> m_finished;
};

void TestUploadSession::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_files = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid() && m_files->isValid());
    Sandbox::SandboxOptions options;
    options.dataDir = m_dir->path();
    options.apiKey = kKey;
    options.syncSeconds = 0.3;
    options.postsPerMinute = 0;
    m_sandbox = std::make_unique<Sandbox::SandboxServer>(options);
    QVERIFY_OK(m_sandbox->start());
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void TestUploadSession::cleanup()
{
    m_finished.reset();
    m_nam.reset();
    m_sandbox.reset();
    m_files.reset();
    m_dir.reset();
}

std::unique_ptr<UploadSession> TestUploadSession::session(UploadSession::Options options)
{
    options.pollFirst = 50ms;
    options.pollMax = 200ms;
    const Result<ApiEndpoint> endpoint = ApiEndpoint::parse(m_sandbox->apiBaseUrl().toString());
    if (!endpoint) {
        return nullptr;
    }
    auto s = std::make_unique<UploadSession>(*m_nam, endpoint.value(), Secret(kKey),
                                             Sandbox::SandboxServer::dbtIntegrationId(), options);
    m_finished = std::make_unique<QSignalSpy>(s.get(), &UploadSession::finished);
    return s;
}

bool TestUploadSession::finish(UploadSession &s, int timeoutMs)
{
    if (m_finished->isEmpty() && !m_finished->wait(timeoutMs)) {
        return false;
    }
    QTest::qWait(50); // a second finished() would come now
    return m_finished->size() == 1 && s.phase() == UploadSession::Phase::Finished;
}

QStringList TestUploadSession::cleanPair(qint64 manifestBytes)
{
    const QString manifest = m_files->filePath(QStringLiteral("manifest.json"));
    const QString runResults = m_files->filePath(QStringLiteral("run_results.json"));
    if (manifestBytes > 0) {
        if (Test::writeBigManifest(manifest, manifestBytes) < 0) {
            return {};
        }
    } else if (!QFile::copy(Test::dataDir() + QStringLiteral("/core/v12-manifest.json"),
                            manifest)) {
        return {};
    }
    const QJsonObject m = readJson(manifest);
    QJsonObject r = readJson(Test::dataDir() + QStringLiteral("/core/v6-run_results.json"));
    QJsonArray results;
    for (const QJsonValue &v : r.value(QLatin1String("results")).toArray()) {
        const QString id = v[QLatin1String("unique_id")].toString();
        if (m.value(QLatin1String("nodes")).toObject().contains(id)) {
            results.append(v); // only results of nodes the manifest has: no pair warning
        }
    }
    r.insert(QStringLiteral("results"), results);
    QJsonObject meta = r.value(QLatin1String("metadata")).toObject();
    meta.insert(QStringLiteral("invocation_id"),
                m.value(QLatin1String("metadata"))[QLatin1String("invocation_id")]);
    r.insert(QStringLiteral("metadata"), meta);
    return writeJson(runResults, r) ? QStringList{manifest, runResults} : QStringList();
}

int TestUploadSession::storedCount() const
{
    return int(Sandbox::UploadStore(m_dir->path()).list().size());
}

void TestUploadSession::windowWaitsForConfirmationOfAWarning()
{
    auto s = session({});
    QSignalSpy checks(s.get(), &UploadSession::checksFinished);
    QSignalSpy uploaded(s.get(), &UploadSession::uploaded);
    QSignalSpy triggered(s.get(), &UploadSession::triggered);
    s->startUpload({Test::dataDir() + QStringLiteral("/ui/target")}, UploadStyle::Combined);
    QTRY_COMPARE(checks.size(), 1);
    QCOMPARE(checks.at(0).at(1).toBool(), true); // needsConfirmation
    QCOMPARE(s->phase(), UploadSession::Phase::WaitingForConfirmation);
    QTest::qWait(200);
    QCOMPARE(m_sandbox->counters().postsSeen, 0); // nothing leaves before the confirmation
    s->proceed();
    QVERIFY(finish(*s));
    QVERIFY2(!s->error(), qPrintable(s->error() ? s->error()->message : QString()));
    QVERIFY(s->isUploaded() && s->isTriggered());
    QCOMPARE(uploaded.size(), 1);
    QCOMPARE(triggered.size(), 1);
    QCOMPARE(s->syncOutcome(), SyncWatcher::Outcome::Finished);
    QVERIFY(s->hasWatched());
    QCOMPARE(m_sandbox->counters().uploadPosts, 1);
    QCOMPARE(m_sandbox->counters().triggerPosts, 1);
    QCOMPARE(storedCount(), 2);
}

void TestUploadSession::cancelWhileWaitingSendsNothing()
{
    auto s = session({});
    QSignalSpy checks(s.get(), &UploadSession::checksFinished);
    s->startUpload({Test::dataDir() + QStringLiteral("/ui/target")}, UploadStyle::Combined);
    QTRY_COMPARE(checks.size(), 1);
    s->cancel();
    QVERIFY(finish(*s));
    QVERIFY(s->error());
    QCOMPARE(s->error()->code, ErrorCode::Cancelled);
    QVERIFY2(s->error()->message.contains(QLatin1String("nothing was sent")),
             qPrintable(s->error()->message));
    s->proceed(); // too late: nothing happens
    QTest::qWait(200);
    QCOMPARE(m_sandbox->counters().postsSeen, 0);
    QCOMPARE(storedCount(), 0);
}

void TestUploadSession::cleanFilesGoOnAndAreWatched()
{
    const QStringList files = cleanPair();
    QVERIFY(!files.isEmpty());
    auto s = session({});
    QSignalSpy checks(s.get(), &UploadSession::checksFinished);
    QSignalSpy phases(s.get(), &UploadSession::phaseChanged);
    s->startUpload(files, UploadStyle::Combined);
    QVERIFY(finish(*s));
    QVERIFY2(!s->error(), qPrintable(s->error() ? s->error()->message : QString()));
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.at(0).at(1).toBool(), false);
    QList<UploadSession::Phase> seen;
    for (const QList<QVariant> &p : std::as_const(phases)) {
        seen << p.at(0).value<UploadSession::Phase>();
    }
    const QList<UploadSession::Phase> expected{
        UploadSession::Phase::Checking, UploadSession::Phase::Uploading,
        UploadSession::Phase::Triggering, UploadSession::Phase::Watching,
        UploadSession::Phase::Finished};
    QCOMPARE(seen, expected);
    QCOMPARE(s->syncOutcome(), SyncWatcher::Outcome::Finished);
    QVERIFY(s->syncLastRun() && *s->syncLastRun() >= s->syncStartedAt().addSecs(-1));
    QCOMPARE(s->request().manifestPath, files.at(0));
    QCOMPARE(s->request().runResultsPath, files.at(1));
    QCOMPARE(storedCount(), 2);
}

void TestUploadSession::cliGoesOnDespiteWarnings()
{
    auto s = session(cliOptions());
    QSignalSpy checks(s.get(), &UploadSession::checksFinished);
    s->startUpload({Test::dataDir() + QStringLiteral("/ui/target")}, UploadStyle::Combined);
    QVERIFY(finish(*s));
    QVERIFY2(!s->error(), qPrintable(s->error() ? s->error()->message : QString()));
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.at(0).at(1).toBool(), false);
    QVERIFY(checks.at(0).at(0).value<InspectResult>().hasWarnings()); // reported, not waited on
    QVERIFY(s->isUploaded() && s->isTriggered());
    QVERIFY(!s->hasWatched());
    QCOMPARE(m_sandbox->counters().triggerPosts, 1);
    QCOMPARE(storedCount(), 2);
}

void TestUploadSession::cliSendsWhileChecking()
{
    const QStringList files = cleanPair(8 * 1024 * 1024);
    QVERIFY(!files.isEmpty());
    auto s = session(cliOptions());
    QSignalSpy phases(s.get(), &UploadSession::phaseChanged);
    QSignalSpy checks(s.get(), &UploadSession::checksFinished);
    QSignalSpy uploaded(s.get(), &UploadSession::uploaded);
    s->startUpload(files, UploadStyle::Combined);
    QVERIFY(s->checksWhileSending());
    QCOMPARE(s->phase(), UploadSession::Phase::Uploading); // sent at once, no Checking phase
    QVERIFY(finish(*s));
    QVERIFY2(!s->error(), qPrintable(s->error() ? s->error()->message : QString()));
    for (const QList<QVariant> &p : std::as_const(phases)) {
        QVERIFY(p.at(0).value<UploadSession::Phase>() != UploadSession::Phase::Checking);
    }
    QCOMPARE(checks.size(), 1); // the check still ran to its end, and was reported
    QCOMPARE(uploaded.size(), 1);
    QVERIFY(s->totalBytes() > 8 * 1024 * 1024);
    QCOMPARE(m_sandbox->counters().triggerPosts, 1);
    QCOMPARE(storedCount(), 2);
}

void TestUploadSession::legacyFilesAreCheckedFirst()
{
    auto s = session(cliOptions());
    QSignalSpy phases(s.get(), &UploadSession::phaseChanged);
    s->startUpload({Test::dataDir() + QStringLiteral("/core/legacy-manifest.json"),
                    Test::dataDir() + QStringLiteral("/core/legacy-run_results.json")},
                   UploadStyle::Combined);
    QVERIFY(!s->checksWhileSending()); // dbt before 0.19 names no schema in its first bytes
    QCOMPARE(s->phase(), UploadSession::Phase::Checking);
    QVERIFY(finish(*s));
    QVERIFY2(!s->error(), qPrintable(s->error() ? s->error()->message : QString()));
    QCOMPARE(phases.at(0).at(0).value<UploadSession::Phase>(), UploadSession::Phase::Checking);
    QCOMPARE(storedCount(), 2);
}

void TestUploadSession::separateStyleStartsItsOwnSync()
{
    const QStringList files = cleanPair();
    QVERIFY(!files.isEmpty());
    UploadSession::Options options = cliOptions();
    options.watch = true;
    auto s = session(options);
    QSignalSpy triggered(s.get(), &UploadSession::triggered);
    s->startUpload(files, UploadStyle::Separate);
    QVERIFY(!s->checksWhileSending()); // the separate uploads start a sync: checked first
    QVERIFY(finish(*s));
    QVERIFY2(!s->error(), qPrintable(s->error() ? s->error()->message : QString()));
    QVERIFY(s->isTriggered());
    QCOMPARE(triggered.size(), 0); // no trigger request: the uploads started it
    QCOMPARE(m_sandbox->counters().triggerPosts, 0);
    QCOMPARE(m_sandbox->counters().uploadPosts, 2);
    QCOMPARE(s->syncOutcome(), SyncWatcher::Outcome::Finished);
    QCOMPARE(storedCount(), 2);
}

void TestUploadSession::noTrigger()
{
    const QStringList files = cleanPair();
    QVERIFY(!files.isEmpty());
    UploadSession::Options options = cliOptions();
    options.trigger = false;
    auto s = session(options);
    s->startUpload(files, UploadStyle::Combined);
    QVERIFY(finish(*s));
    QVERIFY2(!s->error(), qPrintable(s->error() ? s->error()->message : QString()));
    QVERIFY(s->isUploaded());
    QVERIFY(!s->isTriggered());
    QCOMPARE(m_sandbox->counters().triggerPosts, 0);
    QCOMPARE(storedCount(), 2);
}

void TestUploadSession::checkFailureWhileSendingTriggersNothing()
{
    QStringList files = cleanPair(4 * 1024 * 1024);
    QVERIFY(!files.isEmpty());
    // The manifest names its schema in its first bytes, so it is sent while checked; its end is
    // cut, so the check fails.
    QFile manifest(files.at(0));
    QVERIFY(manifest.open(QIODevice::ReadWrite));
    QVERIFY(manifest.resize(manifest.size() / 2));
    manifest.close();
    auto s = session(cliOptions());
    QSignalSpy uploaded(s.get(), &UploadSession::uploaded);
    s->startUpload(files, UploadStyle::Combined);
    QVERIFY(s->checksWhileSending());
    QVERIFY(finish(*s));
    QVERIFY(s->error());
    QVERIFY2(s->error()->code != ErrorCode::Cancelled, qPrintable(s->error()->message));
    QVERIFY2(s->error()->message.contains(QLatin1String("manifest.json")),
             qPrintable(s->error()->message));
    QVERIFY(!s->isUploaded());
    QCOMPARE(uploaded.size(), 0);
    QCOMPARE(m_sandbox->counters().triggerPosts, 0); // Secoda keeps its last synced state
    // Either the check stopped the upload, or the files had arrived: the message says which.
    const bool arrived = m_sandbox->counters().uploadsStored == 1;
    QCOMPARE(s->error()->message.contains(QLatin1String("had already been sent")), arrived);
    QCOMPARE(storedCount(), arrived ? 2 : 0);
}

void TestUploadSession::invalidRequestSendsNothing()
{
    const QStringList files = cleanPair();
    QVERIFY(!files.isEmpty());
    for (const UploadSession::Options &options : {UploadSession::Options{}, cliOptions()}) {
        auto s = session(options);
        s->startUpload({files.at(0)}, UploadStyle::Combined); // combined needs both files
        QCOMPARE(m_finished->size(), 0);                      // never from inside the start call
        QVERIFY(finish(*s));
        QVERIFY(s->error());
        QCOMPARE(s->error()->code, ErrorCode::InvalidInput);
        QVERIFY2(s->error()->message.contains(QLatin1String("run_results.json is missing")),
                 qPrintable(s->error()->message));
    }
    QCOMPARE(m_sandbox->counters().postsSeen, 0);
}

void TestUploadSession::cancelMidUpload()
{
    const QStringList files = cleanPair();
    QVERIFY(!files.isEmpty());
    Sandbox::FaultSettings faults;
    faults.hang = true; // the upload is held: it can only end by the cancel
    faults.onlyMethod = "POST";
    m_sandbox->setFaults(faults);
    auto s = session(cliOptions());
    s->startUpload(files, UploadStyle::Combined);
    QTRY_COMPARE(s->phase(), UploadSession::Phase::Uploading);
    QTRY_VERIFY(m_sandbox->counters().postsSeen == 1);
    s->cancel();
    QVERIFY(finish(*s, 5000));
    QVERIFY(s->error());
    QCOMPARE(s->error()->code, ErrorCode::Cancelled);
    QVERIFY(!s->isUploaded() && !s->isTriggered());
    QCOMPARE(m_sandbox->counters().triggerPosts, 0);
    QCOMPARE(storedCount(), 0);
}

void TestUploadSession::triggerOnly()
{
    UploadSession::Options options = cliOptions();
    options.watch = true;
    auto s = session(options);
    QSignalSpy triggered(s.get(), &UploadSession::triggered);
    s->startTrigger();
    QVERIFY(finish(*s));
    QVERIFY2(!s->error(), qPrintable(s->error() ? s->error()->message : QString()));
    QCOMPARE(triggered.size(), 1);
    QCOMPARE(triggered.at(0).at(0).toDateTime(), s->syncStartedAt());
    QVERIFY(!s->isUploaded());
    QCOMPARE(s->syncOutcome(), SyncWatcher::Outcome::Finished);
    QCOMPARE(m_sandbox->counters().uploadPosts, 0);
    QCOMPARE(m_sandbox->counters().triggerPosts, 1);
}

void TestUploadSession::cancelWhileTriggering()
{
    const QStringList files = cleanPair();
    QVERIFY(!files.isEmpty());
    Sandbox::FaultSettings faults;
    faults.hang = true; // the trigger is held after it arrived
    faults.onlyMethod = "POST";
    faults.onlyPathPrefix = QStringLiteral("/api/v1/integration/dbt/%1/trigger/")
                                .arg(Sandbox::SandboxServer::dbtIntegrationId());
    m_sandbox->setFaults(faults);
    auto s = session(cliOptions());
    s->startUpload(files, UploadStyle::Combined);
    QTRY_COMPARE(s->phase(), UploadSession::Phase::Triggering);
    QTRY_VERIFY(m_sandbox->counters().postsSeen == 2);
    s->cancel();
    QVERIFY(finish(*s, 5000));
    QVERIFY(s->error());
    QCOMPARE(s->error()->code, ErrorCode::Cancelled);
    // The trigger was out: the message must not say "not triggered", nor invite a second one.
    QVERIFY2(s->error()->message.contains(QLatin1String("may or may not have started")),
             qPrintable(s->error()->message));
    QVERIFY2(!s->error()->message.contains(QLatin1String("not triggered")),
             qPrintable(s->error()->message));
    QVERIFY2(s->error()->hint.contains(QLatin1String("before you trigger again")),
             qPrintable(s->error()->hint));
    QVERIFY(s->isUploaded() && !s->isTriggered());
    QCOMPARE(storedCount(), 2);
}

void TestUploadSession::triggerErrors_data()
{
    QTest::addColumn<bool>("cli");
    QTest::addColumn<bool>("lost"); // the trigger's answer is lost (else: a 400)
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("hint");
    QTest::newRow("window, refused") << false << false << "the sync was not triggered"
                                     << "Use Trigger sync to start it.";
    QTest::newRow("cli, refused") << true << false << "the sync was not triggered"
                                  << "Run `dbt-uploader trigger` to start it.";
    QTest::newRow("window, answer lost")
        << false << true << "The files were uploaded; the sync may or may not have started"
        << "Look at the Syncs page before you trigger again";
    QTest::newRow("cli, answer lost")
        << true << true << "The files were uploaded; the sync may or may not have started"
        << "(or run `dbt-uploader watch`) before you trigger again";
}

void TestUploadSession::triggerErrors()
{
    QFETCH(bool, cli);
    QFETCH(bool, lost);
    QFETCH(QString, message);
    QFETCH(QString, hint);
    const QStringList files = cleanPair();
    QVERIFY(!files.isEmpty());
    Sandbox::FaultSettings faults;
    faults.onlyMethod = "POST";
    faults.onlyPathPrefix = QStringLiteral("/api/v1/integration/dbt/%1/trigger/")
                                .arg(Sandbox::SandboxServer::dbtIntegrationId());
    if (lost) {
        faults.dropReply = true;
    } else {
        faults.statusSequence = {400};
    }
    m_sandbox->setFaults(faults);
    UploadSession::Options options = cli ? cliOptions() : UploadSession::Options{};
    auto s = session(options);
    s->startUpload(files, UploadStyle::Combined);
    QVERIFY(finish(*s));
    QVERIFY(s->error());
    QVERIFY2(s->error()->message.contains(message), qPrintable(s->error()->message));
    QVERIFY2(s->error()->hint.contains(hint), qPrintable(s->error()->hint));
    QVERIFY(s->isUploaded());
    QVERIFY(!s->isTriggered());
    QVERIFY(!s->hasWatched());
    QCOMPARE(m_sandbox->counters().triggerPosts, 1); // never sent twice
    QCOMPARE(storedCount(), 2);
}

void TestUploadSession::watchCancelled_data()
{
    QTest::addColumn<bool>("cli");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("hint");
    QTest::newRow("window") << false << "Watching was stopped; the sync goes on in Secoda."
                            << "Follow it on the Syncs page.";
    QTest::newRow("cli") << true << "Watching was cancelled; the sync goes on in Secoda."
                         << "Follow it at http://127.0.0.1";
}

void TestUploadSession::watchCancelled()
{
    QFETCH(bool, cli);
    QFETCH(QString, message);
    QFETCH(QString, hint);
    UploadSession::Options options = cli ? cliOptions() : UploadSession::Options{};
    options.watch = true;
    auto s = session(options);
    s->startTrigger();
    QTRY_COMPARE(s->phase(), UploadSession::Phase::Watching);
    s->cancel();
    QVERIFY(finish(*s));
    QVERIFY(s->error());
    QCOMPARE(s->error()->code, ErrorCode::Cancelled);
    QCOMPARE(s->error()->message, message);
    QVERIFY2(s->error()->hint.startsWith(hint), qPrintable(s->error()->hint));
    QCOMPARE(s->syncOutcome(), SyncWatcher::Outcome::Cancelled);
    QCOMPARE(m_sandbox->counters().triggerPosts, 1);
}

void TestUploadSession::aRecordedUploadIsComparedWithTheLast()
{
    // Recorded in a history: each upload is compared with the last one to the integration,
    // before anything is sent; removing a model of four is models_removed, a warning that the
    // window waits on.
    HistoryStore store(m_dir->filePath(QStringLiteral("history/history.sqlite")));
    QVERIFY_OK(store.open());
    const HistoryRecorder::Target target{&store, UploadRecord::Origin::Window,
                                         QStringLiteral("prod")};
    const QString oldRun = Test::dataDir() + QStringLiteral("/diff/old");
    const QString newRun = Test::dataDir() + QStringLiteral("/diff/new");
    UploadSession::Options noSync = cliOptions();
    noSync.trigger = false;
    {
        auto first = session(noSync);
        first->setHistory(target);
        QSignalSpy changes(first.get(), &UploadSession::changesFound);
        first->startUpload({oldRun}, UploadStyle::Combined);
        QVERIFY(finish(*first));
        QVERIFY2(!first->error(), qPrintable(first->error() ? first->error()->message : QString()));
        QCOMPARE(changes.size(), 0); // nothing before it
    }
    const int stored = storedCount();

    auto s = session({});
    s->setHistory(target);
    QSignalSpy changes(s.get(), &UploadSession::changesFound);
    QSignalSpy checks(s.get(), &UploadSession::checksFinished);
    s->startUpload({newRun}, UploadStyle::Combined);
    QTRY_COMPARE(checks.size(), 1);
    QCOMPARE(changes.size(), 1);
    const auto found = changes.at(0).at(0).value<UploadChanges>();
    QCOMPARE(found.summary(), QStringLiteral("+1 model, \u22121 model, 1 model modified, 1 seed "
                                             "modified, +1 snapshot, \u22121 source, 3 newly "
                                             "failing, 2 fixed"));
    QCOMPARE(found.lastModels, 4);
    QCOMPARE(found.last.profile, QStringLiteral("prod"));
    QCOMPARE(checks.at(0).at(1).toBool(), true); // needsConfirmation
    const auto result = checks.at(0).at(0).value<InspectResult>();
    const auto removed = std::find_if(result.checks.begin(), result.checks.end(),
                                      [](const Check &c) { return c.code == "models_removed"; });
    QVERIFY(removed != result.checks.end());
    QCOMPARE(removed->level, Check::Level::Warning);
    QCOMPARE(removed->count, 1);
    QCOMPARE(removed->examples, QStringList{QStringLiteral("model.shop.legacy")});
    QVERIFY2(removed->message.contains(QLatin1String("1 of the 4 models")),
             qPrintable(removed->message));
    QCOMPARE(s->phase(), UploadSession::Phase::WaitingForConfirmation);
    QCOMPARE(storedCount(), stored); // nothing sent before the confirmation
    s->proceed();
    QVERIFY(finish(*s));
    QVERIFY2(!s->error(), qPrintable(s->error() ? s->error()->message : QString()));

    // The same run again: no change, no models_removed.
    auto again = session(noSync);
    again->setHistory(target);
    QSignalSpy againChanges(again.get(), &UploadSession::changesFound);
    QSignalSpy againChecks(again.get(), &UploadSession::checksFinished);
    again->startUpload({newRun}, UploadStyle::Combined);
    QVERIFY(finish(*again));
    QCOMPARE(againChanges.size(), 1);
    QVERIFY(againChanges.at(0).at(0).value<UploadChanges>().diff.isEmpty());
    QCOMPARE(againChanges.at(0).at(0).value<UploadChanges>().summary(),
             QStringLiteral("no changes"));
    for (const Check &c : againChecks.at(0).at(0).value<InspectResult>().checks) {
        QVERIFY(c.code != QLatin1String("models_removed"));
    }
}

void TestUploadSession::theRecordIsWrittenOffTheEventLoop()
{
    // Another writer (a second window, `follow`) holds the history file: the record waits for
    // it on a worker, while the event loop goes on, and the session finishes once it is written.
    const QString path = m_dir->filePath(QStringLiteral("history/history.sqlite"));
    HistoryStore store(path);
    QVERIFY_OK(store.open());
    {
        QSqlDatabase locker
            = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
        locker.setDatabaseName(path);
        QVERIFY(locker.open());
        QSqlQuery begin(locker);
        QVERIFY2(begin.exec(QStringLiteral("BEGIN IMMEDIATE")),
                 qPrintable(begin.lastError().text()));

        UploadSession::Options noSync = cliOptions();
        noSync.trigger = false;
        auto s = session(noSync);
        s->setHistory({&store, UploadRecord::Origin::Window, QStringLiteral("prod")});
        s->startUpload(cleanPair(), UploadStyle::Combined);
        QTRY_COMPARE_WITH_TIMEOUT(s->phase(), UploadSession::Phase::Finished, 20000);
        int ticks = 0;
        QTimer tick;
        connect(&tick, &QTimer::timeout, [&ticks] { ++ticks; });
        tick.start(10);
        QTest::qWait(400);
        QVERIFY2(ticks >= 10, qPrintable(QString::number(ticks))); // the loop was never held
        QCOMPARE(m_finished->size(), 0);                           // still writing

        QSqlQuery rollback(locker);
        QVERIFY(rollback.exec(QStringLiteral("ROLLBACK")));
        QVERIFY(finish(*s));
        QVERIFY2(!s->error(), qPrintable(s->error() ? s->error()->message : QString()));
        QVERIFY2(!s->historyError(),
                 qPrintable(s->historyError() ? s->historyError()->message : QString()));
        QVERIFY(s->historyId() > 0);
        const Result<QList<UploadRecord>> recent = store.recent(5);
        QVERIFY_OK(recent);
        QCOMPARE(recent.value().size(), 1);
        QCOMPARE(recent.value().first().id, s->historyId());
        QCOMPARE(recent.value().first().profile, QStringLiteral("prod"));
        locker.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("locker"));
}

QTEST_GUILESS_MAIN(TestUploadSession)
#include "TestUploadSession.moc"
