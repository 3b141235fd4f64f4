// SPDX-License-Identifier: MIT
// `dbt-uploader follow`: the real binary follows a folder the test writes as dbt does (the
// manifest first, in halves, with pauses longer than the settle time; run_results later), and
// sends to a real sandbox process. Each run is sent once and whole; a restart does not send it
// again; a new invocation is sent; a manifest alone waits (unless --allow-manifest-only); a
// `dbt docs generate` run is skipped; a failing run is retried with backoff, kept across a
// restart and superseded by a newer one; SIGTERM ends it with 0 and Ctrl+C with 130 within two
// seconds, also in the middle of an upload; usage errors.
#include "CliEnvironment.h"
#include "SandboxControl.h"
#include "SandboxProcess.h"
#include "TestPaths.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <functional>

using Dbtu::Test::SandboxProcess;

namespace {

/** A running `follow --json`, its events read as they come. */
class Follow
{
public:
    explicit Follow(std::unique_ptr<QProcess> process)
        : m_process(std::move(process))
    {}
    ~Follow()
    {
        if (m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }

    /** Waits up to @p ms for an event that @p match accepts; it, or an empty object. */
    QJsonObject waitFor(const std::function<bool(const QJsonObject &)> &match, int ms = 20000)
    {
        QElapsedTimer clock;
        clock.start();
        for (;;) {
            while (m_next < m_events.size()) {
                const QJsonObject e = m_events.at(m_next++);
                if (match(e)) {
                    return e;
                }
            }
            if (clock.elapsed() > ms || m_process->state() == QProcess::NotRunning) {
                read();
                if (m_next < m_events.size()) {
                    continue;
                }
                return {};
            }
            m_process->waitForReadyRead(100);
            read();
        }
    }
    QJsonObject waitFor(const QString &event, int ms = 20000)
    {
        return waitFor(
            [event](const QJsonObject &e) {
                return e.value(QLatin1String("event")).toString() == event;
            },
            ms);
    }
    /** Every event so far of kind @p event. */
    QList<QJsonObject> all(const QString &event)
    {
        read();
        QList<QJsonObject> found;
        for (const QJsonObject &e : std::as_const(m_events)) {
            if (e.value(QLatin1String("event")).toString() == event) {
                found << e;
            }
        }
        return found;
    }
    /** Sends @p signal and waits for the end; the exit code (-1: still running after @p ms). */
    int stop(int signal, qint64 *tookMs = nullptr, int ms = 5000)
    {
        QElapsedTimer clock;
        clock.start();
        ::kill(pid_t(m_process->processId()), signal);
        if (!m_process->waitForFinished(ms)) {
            return -1;
        }
        if (tookMs) {
            *tookMs = clock.elapsed();
        }
        read();
        return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -2;
    }
    QByteArray errors() { return m_err += m_process->readAllStandardError(); }
    QString dump()
    {
        read();
        QByteArray text;
        for (const QJsonObject &e : std::as_const(m_events)) {
            text += QJsonDocument(e).toJson(QJsonDocument::Compact) + '\n';
        }
        return QString::fromUtf8(text + "stderr:\n" + errors());
    }

private:
    void read()
    {
        m_buffer += m_process->readAllStandardOutput();
        qsizetype end = 0;
        while ((end = m_buffer.indexOf('\n')) >= 0) {
            const QByteArray line = m_buffer.left(end);
            m_buffer.remove(0, end + 1);
            const QJsonDocument doc = QJsonDocument::fromJson(line);
            if (doc.isObject()) {
                m_events << doc.object();
            } else {
                QJsonObject bad{{QStringLiteral("event"), QStringLiteral("not-json")},
                                {QStringLiteral("line"), QString::fromUtf8(line)}};
                m_events << bad;
            }
        }
    }

    std::unique_ptr<QProcess> m_process;
    QByteArray m_buffer;
    QByteArray m_err;
    QList<QJsonObject> m_events;
    qsizetype m_next = 0;
};

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

bool isEvent(const QJsonObject &e, const char *kind, const QString &invocation)
{
    return e.value(QLatin1String("event")).toString() == QLatin1String(kind)
           && e.value(QLatin1String("invocation_id")).toString() == invocation;
}

} // namespace

class TestCliFollow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void aRunWrittenInHalvesIsSentOnceAndWhole();
    void aRestartDoesNotSendItAgainButANewInvocationIsSent();
    void aManifestAloneWaitsUnlessAllowed();
    void docsGenerateIsSkipped();
    void aFailingRunIsRetriedKeptAcrossARestartAndSuperseded();
    void stopsWithinTwoSeconds_data();
    void stopsWithinTwoSeconds();
    void copiesOfAKilledFollowerAreRemovedAtTheNextStart();
    void usageAndInputErrors_data();
    void usageAndInputErrors();

private:
    std::unique_ptr<Follow> follow(const QString &dir, const QStringList &extra = {},
                                   const QString &retryMs = QStringLiteral("300"));
    QByteArray artifact(const char *name, const QString &invocation,
                        const QString &which = QStringLiteral("build")) const;
    /** Writes @p data to @p path as dbt might: in two halves, @p pauseMs apart. */
    void writeInHalves(const QString &path, const QByteArray &data, int pauseMs = 800);
    void write(const QString &path, const QByteArray &data);
    QString target(const char *name)
    {
        const QString dir = m_tmp.filePath(QStringLiteral("targets/") + QLatin1String(name));
        QDir().mkpath(dir);
        return dir;
    }
    /** Uploads the sandbox accepted (one for the two files of a combined upload). */
    qint64 stored()
    {
        return Dbtu::Test::sandboxCounts(*m_sandbox).value("uploads_stored").toInteger();
    }
    QStringList storedDigests();
    void setFaults(const QJsonObject &faults);

    QTemporaryDir m_tmp;
    QString m_home;
    QByteArray m_key;
    std::unique_ptr<SandboxProcess> m_sandbox;
};

void TestCliFollow::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_home = m_tmp.filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(m_home));
    m_key = "dbtu-follow-key-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "-w3Rk";
    QFile keyFile(m_tmp.filePath(QStringLiteral("api-key")));
    QVERIFY(keyFile.open(QIODevice::WriteOnly));
    keyFile.write(m_key);
    keyFile.close();
    m_sandbox = SandboxProcess::start(m_tmp.filePath(QStringLiteral("sandbox")),
                                      {QStringLiteral("--api-key-file"), keyFile.fileName(),
                                       QStringLiteral("--sync-seconds"), QStringLiteral("1"),
                                       QStringLiteral("--post-limit"), QStringLiteral("0")});
    QVERIFY2(m_sandbox->port != 0, m_sandbox->output.constData());
}

std::unique_ptr<Follow> TestCliFollow::follow(const QString &dir, const QStringList &extra,
                                              const QString &retryMs)
{
    auto p = std::make_unique<QProcess>();
    QProcessEnvironment env = Dbtu::Test::homeEnvironment(m_home);
    env.insert(QStringLiteral("DBTU_WATCH_POLL_MS"), QStringLiteral("100"));
    env.insert(QStringLiteral("DBTU_FOLLOW_RETRY_MS"), retryMs);
    env.insert(QStringLiteral("SECODA_API_KEY"), QString::fromUtf8(m_key));
    env.remove(QStringLiteral("DBTU_HISTORY_FILE"));
    p->setProcessEnvironment(env);
    p->start(Dbtu::Test::binaryPath(),
             QStringList{QStringLiteral("follow"), QStringLiteral("--json"),
                         QStringLiteral("--api-url"), m_sandbox->apiUrl(),
                         QStringLiteral("--integration"), SandboxProcess::dbtIntegrationId(),
                         QStringLiteral("--settle"), QStringLiteral("0.3")}
                 + extra + QStringList{dir});
    auto f = std::make_unique<Follow>(std::move(p));
    return f;
}

QByteArray TestCliFollow::artifact(const char *name, const QString &invocation,
                                   const QString &which) const
{
    QFile f(Dbtu::Test::dataDir() + QStringLiteral("/diff/old/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    QByteArray data = f.readAll();
    data.replace("\"inv-1\"", "\"" + invocation.toUtf8() + "\"");
    data.replace("\"which\": \"build\"", "\"which\": \"" + which.toUtf8() + "\"");
    return data;
}

void TestCliFollow::write(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(data), data.size());
}

void TestCliFollow::writeInHalves(const QString &path, const QByteArray &data, int pauseMs)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    const qsizetype half = data.size() / 2;
    QCOMPARE(f.write(data.left(half)), half);
    QVERIFY(f.flush());
    QTest::qWait(pauseMs); // longer than the settle time: the follower sees half a file
    QCOMPARE(f.write(data.mid(half)), data.size() - half);
}

QStringList TestCliFollow::storedDigests()
{
    QStringList digests;
    for (const QJsonValue &u : Dbtu::Test::sandboxUploads(*m_sandbox)) {
        digests << u.toObject().value(QLatin1String("sha256")).toString();
    }
    return digests;
}

void TestCliFollow::setFaults(const QJsonObject &faults)
{
    const QJsonObject answer
        = Dbtu::Test::sandboxControl(*m_sandbox, QStringLiteral("/sandbox/faults/"), faults);
    QVERIFY2(!answer.isEmpty() && !answer.contains(QLatin1String("error")),
             QJsonDocument(answer).toJson().constData());
}

void TestCliFollow::aRunWrittenInHalvesIsSentOnceAndWhole()
{
    const QString dir = target("halves");
    const qint64 before = stored();
    const QByteArray manifest = artifact("manifest.json", QStringLiteral("halves-1"));
    const QByteArray runResults = artifact("run_results.json", QStringLiteral("halves-1"));
    QVERIFY(!manifest.isEmpty() && !runResults.isEmpty());

    auto f = follow(dir);
    QVERIFY2(!f->waitFor(QStringLiteral("watching")).isEmpty(), qPrintable(f->dump()));
    writeInHalves(dir + QStringLiteral("/manifest.json"), manifest);
    QTest::qWait(800); // dbt runs the models: the manifest alone, whole
    writeInHalves(dir + QStringLiteral("/run_results.json"), runResults);

    const QJsonObject sent = f->waitFor(
        [](const QJsonObject &e) { return isEvent(e, "uploaded", QStringLiteral("halves-1")); });
    QVERIFY2(!sent.isEmpty(), qPrintable(f->dump()));
    QCOMPARE(sent.value("files").toArray(),
             QJsonArray({QStringLiteral("manifest.json"), QStringLiteral("run_results.json")}));
    QCOMPARE(sent.value("attempt").toInt(), 1);
    QVERIFY(sent.value("history_id").toInteger() > 0);
    QVERIFY(sent.value("error").isNull());
    // It waited while a file was half written or alone, and said so.
    QVERIFY2(!f->all(QStringLiteral("waiting")).isEmpty(), qPrintable(f->dump()));
    QTest::qWait(1000); // nothing more comes for this run
    QCOMPARE(f->all(QStringLiteral("uploading")).size(), 1);
    QCOMPARE(stored() - before, 1); // one upload of the two files
    const QStringList digests = storedDigests();
    QVERIFY(digests.contains(QString::fromLatin1(sha256(manifest))));
    QVERIFY(digests.contains(QString::fromLatin1(sha256(runResults))));
    qint64 took = 0;
    QCOMPARE(f->stop(SIGTERM, &took), 0);
    const QList<QJsonObject> stops = f->all(QStringLiteral("stopped"));
    QCOMPARE(stops.size(), 1);
    QCOMPARE(stops.first().value("signal").toString(), QStringLiteral("SIGTERM"));
    QVERIFY2(!f->errors().contains(m_key), "the key reached stderr");
}

void TestCliFollow::aRestartDoesNotSendItAgainButANewInvocationIsSent()
{
    const QString dir = target("restart");
    write(dir + QStringLiteral("/manifest.json"), artifact("manifest.json", QStringLiteral("r-1")));
    write(dir + QStringLiteral("/run_results.json"),
          artifact("run_results.json", QStringLiteral("r-1")));
    {
        auto f = follow(dir);
        QVERIFY2(!f->waitFor([](const QJsonObject &e) {
                       return isEvent(e, "uploaded", QStringLiteral("r-1"));
                   }).isEmpty(),
                 qPrintable(f->dump()));
        QCOMPARE(f->stop(SIGTERM), 0);
    }
    const qint64 before = stored();
    auto f = follow(dir);
    const QJsonObject skipped = f->waitFor(QStringLiteral("skipped"));
    QVERIFY2(!skipped.isEmpty(), qPrintable(f->dump()));
    QCOMPARE(skipped.value("invocation_id").toString(), QStringLiteral("r-1"));
    QVERIFY(skipped.value("history_id").toInteger() > 0);
    QVERIFY2(skipped.value("message").toString().contains(QLatin1String("already sent")),
             qPrintable(f->dump()));
    // The same files written again (dbt's `retry` of nothing, a copy): still not sent.
    write(dir + QStringLiteral("/manifest.json"), artifact("manifest.json", QStringLiteral("r-1")));
    QTest::qWait(1200);
    QCOMPARE(stored(), before);
    QVERIFY(f->all(QStringLiteral("uploading")).isEmpty());

    // A new invocation is sent.
    write(dir + QStringLiteral("/manifest.json"), artifact("manifest.json", QStringLiteral("r-2")));
    write(dir + QStringLiteral("/run_results.json"),
          artifact("run_results.json", QStringLiteral("r-2")));
    QVERIFY2(!f->waitFor([](const QJsonObject &e) {
                   return isEvent(e, "uploaded", QStringLiteral("r-2"));
               }).isEmpty(),
             qPrintable(f->dump()));
    QCOMPARE(stored() - before, 1);
    QCOMPARE(f->stop(SIGINT), 130);
}

void TestCliFollow::aManifestAloneWaitsUnlessAllowed()
{
    const QString dir = target("manifest-only");
    // run_results of the run before, a manifest of a `dbt parse` since.
    write(dir + QStringLiteral("/run_results.json"),
          artifact("run_results.json", QStringLiteral("m-0")));
    write(dir + QStringLiteral("/manifest.json"), artifact("manifest.json", QStringLiteral("m-1")));
    const qint64 before = stored();
    {
        auto f = follow(dir);
        const QJsonObject waiting = f->waitFor([](const QJsonObject &e) {
            return e.value("event").toString() == QLatin1String("waiting")
                   && e.value("message").toString().contains(
                       QLatin1String("--allow-manifest-only"));
        });
        QVERIFY2(!waiting.isEmpty(), qPrintable(f->dump()));
        QTest::qWait(800);
        QCOMPARE(stored(), before);
        QCOMPARE(f->stop(SIGTERM), 0);
    }
    auto f = follow(dir, {QStringLiteral("--allow-manifest-only")});
    const QJsonObject sent = f->waitFor(QStringLiteral("uploaded"));
    QVERIFY2(!sent.isEmpty(), qPrintable(f->dump()));
    QCOMPARE(sent.value("invocation_id").toString(), QStringLiteral("m-1"));
    QCOMPARE(sent.value("files").toArray(), QJsonArray({QStringLiteral("manifest.json")}));
    QCOMPARE(stored() - before, 1);
    QCOMPARE(f->stop(SIGTERM), 0);
}

void TestCliFollow::docsGenerateIsSkipped()
{
    const QString dir = target("docs");
    const QString generate = QStringLiteral("generate");
    write(dir + QStringLiteral("/manifest.json"), artifact("manifest.json", QStringLiteral("d-1")));
    write(dir + QStringLiteral("/run_results.json"),
          artifact("run_results.json", QStringLiteral("d-1"), generate));
    const qint64 before = stored();
    {
        auto f = follow(dir);
        const QJsonObject skipped = f->waitFor(QStringLiteral("skipped"));
        QVERIFY2(!skipped.isEmpty(), qPrintable(f->dump()));
        QVERIFY2(skipped.value("message").toString().contains(QLatin1String("docs generate")),
                 qPrintable(f->dump()));
        QTest::qWait(500);
        QCOMPARE(stored(), before);
        QCOMPARE(f->stop(SIGTERM), 0);
    }
    auto f = follow(dir, {QStringLiteral("--include-docs-generate")});
    QVERIFY2(!f->waitFor(QStringLiteral("uploaded")).isEmpty(), qPrintable(f->dump()));
    QCOMPARE(stored() - before, 1);
    QCOMPARE(f->stop(SIGTERM), 0);
}

void TestCliFollow::aFailingRunIsRetriedKeptAcrossARestartAndSuperseded()
{
    const QString dir = target("failing");
    const QJsonObject uploadsFail{
        {QStringLiteral("status_sequence"), QJsonArray({500, 500, 500, 500, 500, 500, 500, 500})},
        {QStringLiteral("only_path_prefix"),
         QStringLiteral("/api/v1/integration/dbt/%1/upload_artifacts/")
             .arg(SandboxProcess::dbtIntegrationId())},
        {QStringLiteral("fault_count"), 2}};
    setFaults(uploadsFail);
    const QByteArray manifest1 = artifact("manifest.json", QStringLiteral("f-1"));
    write(dir + QStringLiteral("/manifest.json"), manifest1);
    write(dir + QStringLiteral("/run_results.json"),
          artifact("run_results.json", QStringLiteral("f-1")));
    {
        // Two failures, then it goes through: tries 1 and 2 fail, the waits double.
        auto f = follow(dir);
        const QJsonObject sent = f->waitFor(
            [](const QJsonObject &e) { return isEvent(e, "uploaded", QStringLiteral("f-1")); });
        QVERIFY2(!sent.isEmpty(), qPrintable(f->dump()));
        QCOMPARE(sent.value("attempt").toInt(), 3);
        const QList<QJsonObject> failed = f->all(QStringLiteral("failed"));
        QCOMPARE(failed.size(), 2);
        QCOMPARE(failed.at(0).value("retry_in_ms").toInteger(), 300);
        QCOMPARE(failed.at(1).value("retry_in_ms").toInteger(), 600);
        QCOMPARE(failed.at(0).value("error").toObject().value("code").toString(),
                 QStringLiteral("ServerError"));
        QCOMPARE(f->stop(SIGTERM), 0);
    }

    // It fails on, follow is stopped and started again: the run is still there and is sent.
    QJsonObject always = uploadsFail;
    always.insert(QStringLiteral("fault_count"), QJsonValue());
    always.insert(QStringLiteral("status_sequence"),
                  QJsonArray({500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500,
                              500, 500}));
    setFaults(always);
    const QByteArray manifest2 = artifact("manifest.json", QStringLiteral("f-2"));
    write(dir + QStringLiteral("/manifest.json"), manifest2);
    write(dir + QStringLiteral("/run_results.json"),
          artifact("run_results.json", QStringLiteral("f-2")));
    {
        auto f = follow(dir, {}, QStringLiteral("60000"));
        QVERIFY2(!f->waitFor([](const QJsonObject &e) {
                       return isEvent(e, "failed", QStringLiteral("f-2"));
                   }).isEmpty(),
                 qPrintable(f->dump()));
        QCOMPARE(f->stop(SIGTERM), 0);
    }
    auto f = follow(dir, {}, QStringLiteral("400"));
    QVERIFY2(!f->waitFor([](const QJsonObject &e) {
                   return isEvent(e, "failed", QStringLiteral("f-2"));
               }).isEmpty(),
             qPrintable(f->dump()));

    // A newer run while f-2 still fails: f-2 is given up, f-3 goes through once the
    // destination is back.
    const QByteArray manifest3 = artifact("manifest.json", QStringLiteral("f-3"));
    write(dir + QStringLiteral("/manifest.json"), manifest3);
    write(dir + QStringLiteral("/run_results.json"),
          artifact("run_results.json", QStringLiteral("f-3")));
    const QJsonObject superseded = f->waitFor(QStringLiteral("superseded"));
    QVERIFY2(!superseded.isEmpty(), qPrintable(f->dump()));
    QCOMPARE(superseded.value("invocation_id").toString(), QStringLiteral("f-2"));
    QVERIFY2(superseded.value("message").toString().contains(QLatin1String("f-3")),
             qPrintable(f->dump()));
    setFaults({{QStringLiteral("status_sequence"), QJsonArray()},
               {QStringLiteral("only_path_prefix"), QJsonValue()},
               {QStringLiteral("fault_count"), QJsonValue()}});
    QVERIFY2(!f->waitFor([](const QJsonObject &e) {
                   return isEvent(e, "uploaded", QStringLiteral("f-3"));
               }).isEmpty(),
             qPrintable(f->dump()));
    QTest::qWait(1000); // f-2 is not tried again
    for (const QJsonObject &e : f->all(QStringLiteral("uploading"))) {
        if (e.value("invocation_id").toString() == QLatin1String("f-2")) {
            QVERIFY2(f->all(QStringLiteral("superseded")).size() == 1, qPrintable(f->dump()));
        }
    }
    const QStringList digests = storedDigests();
    QVERIFY(digests.contains(QString::fromLatin1(sha256(manifest1))));
    QVERIFY(!digests.contains(QString::fromLatin1(sha256(manifest2))));
    QVERIFY(digests.contains(QString::fromLatin1(sha256(manifest3))));
    QCOMPARE(f->stop(SIGTERM), 0);
}

void TestCliFollow::stopsWithinTwoSeconds_data()
{
    QTest::addColumn<int>("signal");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<bool>("midUpload");
    QTest::newRow("SIGTERM idle") << int(SIGTERM) << 0 << false;
    QTest::newRow("Ctrl+C idle") << int(SIGINT) << 130 << false;
    QTest::newRow("SIGTERM in an upload that hangs") << int(SIGTERM) << 0 << true;
    QTest::newRow("Ctrl+C in an upload that hangs") << int(SIGINT) << 130 << true;
}

void TestCliFollow::stopsWithinTwoSeconds()
{
    QFETCH(int, signal);
    QFETCH(int, exitCode);
    QFETCH(bool, midUpload);
    const QString dir = target(midUpload ? "stop-mid" : "stop-idle");
    auto f = follow(dir);
    QVERIFY2(!f->waitFor(QStringLiteral("watching")).isEmpty(), qPrintable(f->dump()));
    if (midUpload) {
        setFaults({{QStringLiteral("hang"), true}});
        const QString id = QString::fromLatin1(QTest::currentDataTag()).left(6);
        write(dir + QStringLiteral("/manifest.json"), artifact("manifest.json", id));
        write(dir + QStringLiteral("/run_results.json"), artifact("run_results.json", id));
        QVERIFY2(!f->waitFor(QStringLiteral("uploading")).isEmpty(), qPrintable(f->dump()));
        QTest::qWait(300);
    }
    qint64 took = 0;
    const int code = f->stop(signal, &took);
    if (midUpload) {
        setFaults({{QStringLiteral("hang"), false}});
    }
    QVERIFY2(code == exitCode, qPrintable(f->dump()));
    QVERIFY2(took < 2000, qPrintable(QStringLiteral("took %1 ms").arg(took)));
    QCOMPARE(f->all(QStringLiteral("stopped")).size(), 1);
}

void TestCliFollow::copiesOfAKilledFollowerAreRemovedAtTheNextStart()
{
    // SIGKILL leaves a run's copies behind; the next follower removes them, but never the
    // copies of a follower that still runs beside it.
    const QDir copies(m_home + QStringLiteral("/.cache/dbt-uploader/follow"));
    const auto runFolders = [&copies] {
        return copies.entryList({QStringLiteral("run-*")}, QDir::Dirs | QDir::NoDotAndDotDot);
    };
    const QStringList before = runFolders();
    const auto startUploading = [&](const char *name) -> std::unique_ptr<Follow> {
        const QString dir = target(name);
        auto f = follow(dir);
        if (f->waitFor(QStringLiteral("watching")).isEmpty()) {
            qWarning().noquote() << f->dump();
            return nullptr;
        }
        const QString id = QString::fromLatin1(name);
        write(dir + QStringLiteral("/manifest.json"), artifact("manifest.json", id));
        write(dir + QStringLiteral("/run_results.json"), artifact("run_results.json", id));
        if (f->waitFor(QStringLiteral("uploading")).isEmpty()) {
            qWarning().noquote() << f->dump();
            return nullptr;
        }
        return f;
    };
    setFaults({{QStringLiteral("hang"), true}});
    auto alive = startUploading("alive");
    QVERIFY(alive);
    const QStringList withAlive = runFolders();
    QCOMPARE(withAlive.size(), before.size() + 1);
    auto killed = startUploading("killed"); // its start leaves the live one's copies alone
    QVERIFY(killed);
    const QStringList both = runFolders();
    QCOMPARE(both.size(), withAlive.size() + 1);
    QCOMPARE(killed->stop(SIGKILL), -2);
    QCOMPARE(runFolders(), both); // nobody removed them
    const auto added = [](QStringList list, const QStringList &old) {
        for (const QString &f : old) {
            list.removeAll(f);
        }
        return list.value(0);
    };
    const QString aliveFolder = added(withAlive, before);
    const QString killedFolder = added(both, withAlive);

    auto next = follow(target("next"));
    QVERIFY2(!next->waitFor(QStringLiteral("watching")).isEmpty(), qPrintable(next->dump()));
    const QStringList after = runFolders();
    QVERIFY2(!after.contains(killedFolder), qPrintable(after.join(u' ')));
    QVERIFY2(after.contains(aliveFolder), qPrintable(after.join(u' ')));

    QCOMPARE(alive->stop(SIGTERM), 0);
    setFaults({{QStringLiteral("hang"), false}});
    QVERIFY2(!runFolders().contains(aliveFolder), "a stopped follower removes its own");
    QCOMPARE(next->stop(SIGTERM), 0);
}

void TestCliFollow::usageAndInputErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString missing = QDir::tempPath() + QStringLiteral("/dbtu-no-such-folder-4711");
    QTest::newRow("no DIR") << QStringList{QStringLiteral("follow")} << 2
                            << QStringLiteral("follow takes one DIR");
    QTest::newRow("two DIRs") << QStringList{QStringLiteral("follow"), QStringLiteral("a"),
                                             QStringLiteral("b")}
                              << 2 << QStringLiteral("follow takes one DIR");
    QTest::newRow("bad settle") << QStringList{QStringLiteral("follow"), QStringLiteral("--settle"),
                                               QStringLiteral("soon"), QStringLiteral("t")}
                                << 2 << QStringLiteral("--settle takes a number of seconds");
    QTest::newRow("unknown style")
        << QStringList{QStringLiteral("follow"), QStringLiteral("--style"), QStringLiteral("both"),
                       QStringLiteral("t")}
        << 2 << QStringLiteral("unknown style \"both\"");
    QTest::newRow("unknown style, upload")
        << QStringList{QStringLiteral("upload"), QStringLiteral("--style"), QStringLiteral("both"),
                       QStringLiteral("t")}
        << 2 << QStringLiteral("unknown style \"both\"");
    QTest::newRow("gzip without bucket")
        << QStringList{QStringLiteral("follow"), QStringLiteral("--gzip"), QStringLiteral("t")} << 2
        << QStringLiteral("--gzip is for --bucket-profile");
    QTest::newRow("unsaved bucket profile")
        << QStringList{QStringLiteral("follow"), QStringLiteral("--bucket-profile"),
                       QStringLiteral("nowhere"), QStringLiteral("t")}
        << 3 << QStringLiteral("no bucket profile \"nowhere\" is saved");
    QTest::newRow("missing folder") << QStringList{QStringLiteral("follow"),
                                                   QStringLiteral("--api-url"),
                                                   QStringLiteral("http://127.0.0.1:9/api/v1"),
                                                   QStringLiteral("--integration"),
                                                   SandboxProcess::dbtIntegrationId(),
                                                   missing}
                                    << 3 << missing + QStringLiteral(" is not a folder");
}

void TestCliFollow::usageAndInputErrors()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QProcess p;
    QProcessEnvironment env = Dbtu::Test::homeEnvironment(m_home);
    env.insert(QStringLiteral("SECODA_API_KEY"), QString::fromUtf8(m_key));
    p.setProcessEnvironment(env);
    p.start(Dbtu::Test::binaryPath(), args);
    QVERIFY(p.waitForFinished(20000));
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(p.exitCode() == exitCode, err.constData());
    QVERIFY2(err.contains(message.toUtf8()), err.constData());
    QVERIFY2(err.contains("hint: "), err.constData());
}

QTEST_GUILESS_MAIN(TestCliFollow)
#include "TestCliFollow.moc"
