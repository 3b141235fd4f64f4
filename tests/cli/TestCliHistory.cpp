// SPDX-License-Identifier: MIT
// `dbt-uploader history`: real uploads by the real binary to a real sandbox process are
// recorded (files with size and SHA-256, counts, destination, outcome) and listed, as text and
// JSON, with --limit and --profile; the history file holds no key; a second process reads the
// file while this one writes it; usage errors and an unreadable file.
#include "CliEnvironment.h"
#include "HistoryFiles.h"
#include "SandboxProcess.h"
#include "TestHelpers.h"
#include "TestPaths.h"
#include "history/HistoryStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using Dbtu::Test::SandboxProcess;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestCliHistory : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void uploadsAreListedWithDigestsAndCounts();
    void limitAndProfile();
    void textOutput();
    // before aSecondProcessReadsWhileThisOneWrites, whose records (no index) come last
    void diffAgainstTheLastUpload();
    void diffAgainstLastFindsNothing_data();
    void diffAgainstLastFindsNothing();
    void theFileHoldsNoKey();
    void aSecondProcessReadsWhileThisOneWrites();
    void badLimitIsUsage_data();
    void badLimitIsUsage();
    void anUnreadableHistory();

private:
    QProcess *startCli(const QStringList &args, const QProcessEnvironment &extra = {});
    Run cli(const QStringList &args, const QProcessEnvironment &extra = {});
    Run upload(const QString &folder, const QString &profile);
    QJsonArray historyJson(const QStringList &args = {});
    QString historyFile() const
    {
        return m_home + QStringLiteral("/.local/share/dbt-uploader/history.sqlite");
    }
    QString dir(const char *name) const
    {
        return Dbtu::Test::dataDir() + QStringLiteral("/diff/") + QLatin1String(name);
    }

    QTemporaryDir m_tmp;
    QString m_home;
    QByteArray m_key;
    std::unique_ptr<SandboxProcess> m_sandbox;
    std::vector<std::unique_ptr<QProcess>> m_processes;
};

void TestCliHistory::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_home = m_tmp.filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(m_home));
    // A key no other text could hold by chance, so that finding it means it leaked.
    m_key = "dbtu-history-key-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "-q7Zp";
    QFile keyFile(m_tmp.filePath(QStringLiteral("api-key")));
    QVERIFY(keyFile.open(QIODevice::WriteOnly));
    keyFile.write(m_key);
    keyFile.close();
    m_sandbox = SandboxProcess::start(m_tmp.filePath(QStringLiteral("sandbox")),
                                      {QStringLiteral("--api-key-file"), keyFile.fileName(),
                                       QStringLiteral("--sync-seconds"), QStringLiteral("1")});
    QVERIFY2(m_sandbox->port != 0, m_sandbox->output.constData());

    // Two uploads of prod (old, then new) and one of dev (new), each followed to its sync.
    QCOMPARE(upload(dir("old"), QStringLiteral("prod")).exitCode, 0);
    QCOMPARE(upload(dir("new"), QStringLiteral("dev")).exitCode, 0);
    const Run last = upload(dir("new"), QStringLiteral("prod"));
    QVERIFY2(last.exitCode == 0, last.err.constData());
    QVERIFY2(!last.err.contains("warning:"), last.err.constData());
}

QProcess *TestCliHistory::startCli(const QStringList &args, const QProcessEnvironment &extra)
{
    auto p = std::make_unique<QProcess>();
    QProcessEnvironment env = Dbtu::Test::homeEnvironment(m_home);
    env.insert(QStringLiteral("DBTU_WATCH_POLL_MS"), QStringLiteral("100"));
    env.remove(QStringLiteral("SECODA_API_KEY"));
    env.remove(QStringLiteral("DBTU_HISTORY_FILE"));
    for (const QString &name : extra.keys()) {
        env.insert(name, extra.value(name));
    }
    p->setProcessEnvironment(env);
    p->start(Dbtu::Test::binaryPath(), args);
    m_processes.push_back(std::move(p));
    return m_processes.back().get();
}

Run TestCliHistory::cli(const QStringList &args, const QProcessEnvironment &extra)
{
    QProcess *p = startCli(args, extra);
    Run r;
    if (!p->waitForFinished(60000)) {
        p->kill();
        p->waitForFinished();
        return r;
    }
    r.exitCode = p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -2;
    r.out = p->readAllStandardOutput();
    r.err = p->readAllStandardError();
    return r;
}

Run TestCliHistory::upload(const QString &folder, const QString &profile)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("SECODA_API_KEY"), QString::fromUtf8(m_key));
    return cli({QStringLiteral("upload"), QStringLiteral("--api-url"), m_sandbox->apiUrl(),
                QStringLiteral("--integration"), SandboxProcess::dbtIntegrationId(),
                QStringLiteral("--profile"), profile, QStringLiteral("--watch"), folder},
               env);
}

QJsonArray TestCliHistory::historyJson(const QStringList &args)
{
    const Run r = cli(QStringList{QStringLiteral("history"), QStringLiteral("--json")} + args);
    if (r.exitCode != 0) {
        qWarning("history failed (%d): %s", r.exitCode, r.err.constData());
        return {};
    }
    const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
    if (doc.value(QLatin1String("history_file")).toString() != historyFile()) {
        qWarning("history read %s",
                 qPrintable(doc.value(QLatin1String("history_file")).toString()));
        return {};
    }
    return doc.value(QLatin1String("uploads")).toArray();
}

void TestCliHistory::uploadsAreListedWithDigestsAndCounts()
{
    const QJsonArray uploads = historyJson();
    QCOMPARE(uploads.size(), 3);
    const QJsonObject newest = uploads.at(0).toObject();
    QCOMPARE(newest.value(QLatin1String("profile")).toString(), QStringLiteral("prod"));
    QCOMPARE(newest.value(QLatin1String("origin")).toString(), QStringLiteral("cli"));
    QCOMPARE(newest.value(QLatin1String("outcome")).toString(), QStringLiteral("succeeded"));
    QVERIFY(newest.value(QLatin1String("error")).isNull());
    QVERIFY2(newest.value(QLatin1String("sync_end")).toString().startsWith(u"finished"),
             qPrintable(newest.value(QLatin1String("sync_end")).toString()));
    const QJsonObject where = newest.value(QLatin1String("destination")).toObject();
    QCOMPARE(where.value(QLatin1String("kind")).toString(), QStringLiteral("api"));
    QCOMPARE(where.value(QLatin1String("api_host")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(where.value(QLatin1String("integration")).toString(),
             SandboxProcess::dbtIntegrationId());
    QCOMPARE(where.value(QLatin1String("style")).toString(), QStringLiteral("combined"));

    const QJsonArray files = newest.value(QLatin1String("files")).toArray();
    QCOMPARE(files.size(), 2);
    qint64 total = 0;
    for (const char *name : {"manifest.json", "run_results.json"}) {
        const QString path = dir("new") + QLatin1Char('/') + QLatin1String(name);
        const auto it = std::find_if(files.begin(), files.end(), [name](const QJsonValue &f) {
            return f.toObject().value(QLatin1String("name")).toString() == QLatin1String(name);
        });
        QVERIFY2(it != files.end(), name);
        const QJsonObject f = it->toObject();
        QCOMPARE(f.value(QLatin1String("sha256")).toString().toLatin1(),
                 Dbtu::Test::sha256Hex(path));
        QCOMPARE(f.value(QLatin1String("size_bytes")).toInteger(), QFileInfo(path).size());
        total += QFileInfo(path).size();
    }
    QCOMPARE(newest.value(QLatin1String("size_bytes")).toInteger(), total);

    // The counts are what inspect finds in the same files.
    const Run inspected = cli({QStringLiteral("inspect"), QStringLiteral("--json"), dir("new")});
    QCOMPARE(inspected.exitCode, 0);
    const QJsonObject summary = QJsonDocument::fromJson(inspected.out).object();
    const QJsonObject manifest = summary.value(QLatin1String("manifest")).toObject();
    const QJsonObject runResults = summary.value(QLatin1String("run_results")).toObject();
    QVERIFY(!manifest.value(QLatin1String("resource_type_counts")).toObject().isEmpty());
    QCOMPARE(newest.value(QLatin1String("resource_type_counts")).toObject(),
             manifest.value(QLatin1String("resource_type_counts")).toObject());
    QCOMPARE(newest.value(QLatin1String("status_counts")).toObject(),
             runResults.value(QLatin1String("status_counts")).toObject());
    const QJsonArray ids = newest.value(QLatin1String("invocation_ids")).toArray();
    QVERIFY(!ids.isEmpty());
    QCOMPARE(ids.at(0).toString(), manifest.value(QLatin1String("metadata"))
                                       .toObject()
                                       .value(QLatin1String("invocation_id"))
                                       .toString());

    // The oldest is the upload of "old", with that folder's digests.
    const QJsonObject oldest = uploads.at(2).toObject();
    const QString oldManifest = dir("old") + QStringLiteral("/manifest.json");
    bool found = false;
    for (const QJsonValue &f : oldest.value(QLatin1String("files")).toArray()) {
        if (f.toObject().value(QLatin1String("name")).toString() == u"manifest.json") {
            QCOMPARE(f.toObject().value(QLatin1String("sha256")).toString().toLatin1(),
                     Dbtu::Test::sha256Hex(oldManifest));
            found = true;
        }
    }
    QVERIFY(found);
    QVERIFY(Dbtu::Test::sha256Hex(oldManifest)
            != Dbtu::Test::sha256Hex(dir("new") + QStringLiteral("/manifest.json")));
    QVERIFY(oldest.value(QLatin1String("id")).toInteger()
            < newest.value(QLatin1String("id")).toInteger());
}

void TestCliHistory::limitAndProfile()
{
    const QJsonArray one = historyJson({QStringLiteral("--limit"), QStringLiteral("1")});
    QCOMPARE(one.size(), 1);
    QCOMPARE(one.at(0).toObject().value(QLatin1String("profile")).toString(),
             QStringLiteral("prod"));
    QCOMPARE(historyJson({QStringLiteral("--limit"), QStringLiteral("2")}).size(), 2);
    QCOMPARE(historyJson({QStringLiteral("--limit"), QStringLiteral("0")}).size(), 3);

    const QJsonArray dev = historyJson({QStringLiteral("--profile"), QStringLiteral("dev")});
    QCOMPARE(dev.size(), 1);
    QCOMPARE(dev.at(0).toObject().value(QLatin1String("profile")).toString(),
             QStringLiteral("dev"));
    const QJsonArray prod = historyJson({QStringLiteral("--profile"), QStringLiteral("prod")});
    QCOMPARE(prod.size(), 2);
    for (const QJsonValue &u : prod) {
        QCOMPARE(u.toObject().value(QLatin1String("profile")).toString(), QStringLiteral("prod"));
    }
    QCOMPARE(historyJson({QStringLiteral("--profile"), QStringLiteral("prod"),
                          QStringLiteral("--limit"), QStringLiteral("1")})
                 .size(),
             1);
    QCOMPARE(historyJson({QStringLiteral("--profile"), QStringLiteral("nobody")}).size(), 0);
}

void TestCliHistory::textOutput()
{
    const Run r = cli({QStringLiteral("history"), QStringLiteral("--limit"), QStringLiteral("2")});
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(0).contains("succeeded") && lines.at(0).contains(" prod ")
                 && lines.at(0).contains("manifest.json,run_results.json")
                 && lines.at(0).contains(SandboxProcess::dbtIntegrationId().toLatin1()),
             lines.at(0).constData());
    QVERIFY2(lines.at(1).contains(" dev "), lines.at(1).constData());
    const Run none
        = cli({QStringLiteral("history"), QStringLiteral("--profile"), QStringLiteral("nobody")});
    QCOMPARE(none.exitCode, 0);
    QCOMPARE(none.out, QByteArray("No uploads of profile \"nobody\" yet.\n"));
}

void TestCliHistory::theFileHoldsNoKey()
{
    // Every file the history keeps (the database, its WAL and shared memory), as bytes.
    QDirIterator it(QFileInfo(historyFile()).absolutePath(), QDir::Files | QDir::Hidden);
    int read = 0;
    bool holdsTheIntegration = false;
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        ++read;
        QVERIFY2(!bytes.contains(m_key), qPrintable(f.fileName()));
        QVERIFY2(!bytes.contains(m_key.toBase64()), qPrintable(f.fileName()));
        QVERIFY2(!bytes.contains("Bearer"), qPrintable(f.fileName()));
        holdsTheIntegration
            = holdsTheIntegration || bytes.contains(SandboxProcess::dbtIntegrationId().toLatin1());
    }
    QVERIFY(read >= 1);
    // The search looked at the right bytes: what was recorded is there.
    QVERIFY(holdsTheIntegration);
}

void TestCliHistory::aSecondProcessReadsWhileThisOneWrites()
{
    Dbtu::HistoryStore store(historyFile());
    QVERIFY_OK(store.open());
    const Dbtu::Result<QList<Dbtu::UploadRecord>> before = store.recent(0);
    QVERIFY_OK(before);
    const qsizetype start = before.value().size();
    Dbtu::UploadRecord r = before.value().first();
    r.profile = QStringLiteral("concurrent");

    // `history` runs over and over in other processes while this one writes.
    std::vector<QProcess *> readers;
    for (int i = 0; i < 40; ++i) {
        if (i % 4 == 0) {
            readers.push_back(startCli({QStringLiteral("history"), QStringLiteral("--json"),
                                        QStringLiteral("--limit"), QStringLiteral("0")}));
        }
        r.syncEnd = QStringLiteral("write %1").arg(i);
        QVERIFY_OK(store.add(r, {}));
    }
    for (QProcess *p : readers) {
        QVERIFY(p->waitForFinished(60000));
        QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        const QJsonArray seen = QJsonDocument::fromJson(p->readAllStandardOutput())
                                    .object()
                                    .value(QLatin1String("uploads"))
                                    .toArray();
        // Each reader saw a whole state: at least what was there, at most all of it.
        QVERIFY2(seen.size() >= start && seen.size() <= start + 40,
                 qPrintable(QString::number(seen.size())));
    }
    QCOMPARE(historyJson({QStringLiteral("--limit"), QStringLiteral("0")}).size(), start + 40);
    const QJsonArray concurrent
        = historyJson({QStringLiteral("--profile"), QStringLiteral("concurrent"),
                       QStringLiteral("--limit"), QStringLiteral("1")});
    QCOMPARE(concurrent.size(), 1);
    QCOMPARE(concurrent.at(0).toObject().value(QLatin1String("sync_end")).toString(),
             QStringLiteral("write 39"));
}

void TestCliHistory::badLimitIsUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("not a number") << QStringList{QStringLiteral("--limit"), QStringLiteral("ten")};
    QTest::newRow("negative") << QStringList{QStringLiteral("--limit"), QStringLiteral("-3")};
    QTest::newRow("no value") << QStringList{QStringLiteral("--limit")};
    QTest::newRow("a path") << QStringList{QStringLiteral("target/")};
}

void TestCliHistory::badLimitIsUsage()
{
    QFETCH(QStringList, args);
    const Run r = cli(QStringList{QStringLiteral("history")} + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith("error: "), r.err.constData());
    QVERIFY2(r.err.contains("hint: "), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

void TestCliHistory::anUnreadableHistory()
{
    const QString garbage = m_tmp.filePath(QStringLiteral("garbage.sqlite"));
    QFile f(garbage);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(8192, '#'));
    f.close();
    QProcessEnvironment env;
    env.insert(QStringLiteral("DBTU_HISTORY_FILE"), garbage);
    const Run r = cli({QStringLiteral("history")}, env);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.startsWith("error: ") && r.err.contains(garbage.toUtf8()), r.err.constData());
    QVERIFY2(r.err.contains("hint: "), r.err.constData());

    // An upload still works: the history is a warning, never a failed upload.
    env.insert(QStringLiteral("SECODA_API_KEY"), QString::fromUtf8(m_key));
    const Run up = cli({QStringLiteral("upload"), QStringLiteral("--api-url"), m_sandbox->apiUrl(),
                        QStringLiteral("--integration"), SandboxProcess::dbtIntegrationId(),
                        QStringLiteral("--no-trigger"), dir("old")},
                       env);
    QVERIFY2(up.exitCode == 0, up.err.constData());
    QVERIFY2(up.err.contains("warning: the upload will not be recorded"), up.err.constData());
    QVERIFY2(up.err.contains(garbage.toUtf8()), up.err.constData());
}

void TestCliHistory::diffAgainstTheLastUpload()
{
    // The last upload to the sandbox's integration was prod's of "new": @last compares with what
    // the history kept of it, the same as comparing with the files themselves.
    const QStringList destination{QStringLiteral("--api-url"), m_sandbox->apiUrl(),
                                  QStringLiteral("--integration"),
                                  SandboxProcess::dbtIntegrationId()};
    const Run last = cli(QStringList{QStringLiteral("diff"), QStringLiteral("--json")} + destination
                         + QStringList{QStringLiteral("@last"), dir("old")});
    QVERIFY2(last.exitCode == 0, last.err.constData());
    const Run files
        = cli({QStringLiteral("diff"), QStringLiteral("--json"), dir("new"), dir("old")});
    QCOMPARE(files.exitCode, 0);
    const QJsonObject fromHistory = QJsonDocument::fromJson(last.out).object();
    const QJsonObject fromFiles = QJsonDocument::fromJson(files.out).object();
    QVERIFY(!fromFiles.value(QLatin1String("resources")).toObject().isEmpty());
    QCOMPARE(fromHistory.value(QLatin1String("resources")),
             fromFiles.value(QLatin1String("resources")));
    QVERIFY(fromFiles.value(QLatin1String("results")).isObject());
    QCOMPARE(fromHistory.value(QLatin1String("results")),
             fromFiles.value(QLatin1String("results")));
    const QJsonObject old = fromHistory.value(QLatin1String("old")).toObject();
    QCOMPARE(
        old.value(QLatin1String("invocation_id")),
        fromFiles.value(QLatin1String("old")).toObject().value(QLatin1String("invocation_id")));
    const QJsonObject upload = old.value(QLatin1String("upload")).toObject();
    QCOMPARE(upload.value(QLatin1String("profile")).toString(), QStringLiteral("prod"));
    QCOMPARE(upload.value(QLatin1String("id")).toInteger(),
             historyJson().at(0).toObject().value(QLatin1String("id")).toInteger());
    QVERIFY(upload.value(QLatin1String("files"))
                .toArray()
                .contains(QJsonValue(QStringLiteral("manifest.json"))));
    QVERIFY(
        fromFiles.value(QLatin1String("old")).toObject().value(QLatin1String("upload")).isNull());

    // Against itself: no change. Text output names the upload.
    const Run same = cli(QStringList{QStringLiteral("diff")} + destination
                         + QStringList{QStringLiteral("@last"), dir("new")});
    QVERIFY2(same.exitCode == 0, same.err.constData());
    QVERIFY2(same.out.contains("No changes"), same.out.constData());
    QVERIFY2(same.out.startsWith("old  @last: upload "), same.out.constData());

    // A profile saved nowhere: where its own last upload went (dev uploaded "new").
    const Run dev
        = cli({QStringLiteral("diff"), QStringLiteral("--json"), QStringLiteral("--profile"),
               QStringLiteral("dev"), QStringLiteral("@last"), dir("old")});
    QVERIFY2(dev.exitCode == 0, dev.err.constData());
    const QJsonObject devDoc = QJsonDocument::fromJson(dev.out).object();
    QCOMPARE(devDoc.value(QLatin1String("old"))
                 .toObject()
                 .value(QLatin1String("upload"))
                 .toObject()
                 .value(QLatin1String("profile"))
                 .toString(),
             QStringLiteral("dev"));
    QCOMPARE(devDoc.value(QLatin1String("resources")), fromFiles.value(QLatin1String("resources")));
    QVERIFY(!dev.out.contains(m_key));
}

void TestCliHistory::diffAgainstLastFindsNothing_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("noHistoryFile");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrHas");
    QTest::newRow("unknown profile")
        << QStringList{QStringLiteral("--profile"), QStringLiteral("nobody")} << false << 3
        << "nothing was uploaded to the destination of profile \"nobody\" yet";
    QTest::newRow("another integration")
        << QStringList{QStringLiteral("--api-url"), QStringLiteral("https://api.secoda.co/api/v1"),
                       QStringLiteral("--integration"),
                       QStringLiteral("00000000-0000-4000-8000-000000000001")}
        << false << 3
        << "nothing was uploaded to api.secoda.co integration 00000000-0000-4000-8000-000000000001";
    QTest::newRow("no bucket profile")
        << QStringList{QStringLiteral("--bucket-profile"), QStringLiteral("nobody")} << false << 3
        << "no bucket profile \"nobody\" is saved";
    QTest::newRow("no history file")
        << QStringList{QStringLiteral("--profile"), QStringLiteral("prod")} << true << 3
        << "there is no upload history";
}

void TestCliHistory::diffAgainstLastFindsNothing()
{
    QFETCH(QStringList, args);
    QFETCH(bool, noHistoryFile);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrHas);
    QProcessEnvironment env;
    const QString missing = m_tmp.filePath(QStringLiteral("no-such-history.sqlite"));
    if (noHistoryFile) {
        env.insert(QStringLiteral("DBTU_HISTORY_FILE"), missing);
    }
    const Run r = cli(QStringList{QStringLiteral("diff")} + args
                          + QStringList{QStringLiteral("@last"), dir("new")},
                      env);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(r.err).contains(stderrHas), r.err.constData());
    QVERIFY(r.err.contains("\nhint: "));
    QVERIFY(!QFileInfo::exists(missing)); // looking does not create a history
}

QTEST_GUILESS_MAIN(TestCliHistory)
#include "TestCliHistory.moc"
