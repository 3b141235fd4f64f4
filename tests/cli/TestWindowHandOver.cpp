// SPDX-License-Identifier: MIT
// The real binary, twice, offscreen: a second launch hands its file to the window already open
// and exits 0; after the first is killed (its socket file left behind), the next launch becomes
// the window; a CLI command never hands over.
#include "TestPaths.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class TestWindowHandOver : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void secondLaunchHandsOverAndExits();

private:
    /** Starts a window; its stderr is collected in m_logs, in start order. */
    QProcess *startWindow(const QStringList &args);
    int runToEnd(const QStringList &args);

    std::unique_ptr<QTemporaryDir> m_runtimeDir;
    QProcessEnvironment m_env;
    std::vector<std::unique_ptr<QProcess>> m_windows;
    std::vector<std::shared_ptr<QByteArray>> m_logs;
};

void TestWindowHandOver::init()
{
    // A private XDG_RUNTIME_DIR: the socket of a dbt Uploader the developer has open is not ours.
    m_runtimeDir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_runtimeDir->isValid());
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    m_env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_runtimeDir->path());
    m_env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("dbtu.ipc.debug=true"));
}

void TestWindowHandOver::cleanup()
{
    for (const auto &p : m_windows) {
        p->kill();
        p->waitForFinished(10000);
    }
    m_windows.clear();
    m_logs.clear();
}

QProcess *TestWindowHandOver::startWindow(const QStringList &args)
{
    auto process = std::make_unique<QProcess>();
    auto log = std::make_shared<QByteArray>();
    QProcess *p = process.get();
    connect(p, &QProcess::readyReadStandardError, this,
            [p, log] { log->append(p->readAllStandardError()); });
    p->setProcessEnvironment(m_env);
    p->start(Dbtu::Test::binaryPath(), args);
    m_windows.push_back(std::move(process));
    m_logs.push_back(log);
    return p;
}

int TestWindowHandOver::runToEnd(const QStringList &args)
{
    QProcess p;
    p.setProcessEnvironment(m_env);
    p.start(Dbtu::Test::binaryPath(), args);
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        return -1;
    }
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
}

void TestWindowHandOver::secondLaunchHandsOverAndExits()
{
    const QString socket
        = m_runtimeDir->filePath(QStringLiteral("io.github.dbt_uploader.DbtUploader.socket"));
    const QString manifest = Dbtu::Test::dataDir() + QStringLiteral("/core/v12-manifest.json");

    QProcess *first = startWindow({});
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(socket), 30000);

    // The second launch gives its file to the first window and ends at once, with 0.
    QCOMPARE(runToEnd({manifest}), 0);
    QTRY_VERIFY2_WITH_TIMEOUT(m_logs.at(0)->contains("handed over 1 path(s)"),
                              m_logs.at(0)->constData(), 10000);
    QCOMPARE(first->state(), QProcess::Running);

    // A CLI command is never handed over: it runs here.
    QCOMPARE(runToEnd({QStringLiteral("inspect"), manifest}), 0);

    // The first window dies without cleaning up: its socket file stays behind.
    first->kill();
    QVERIFY(first->waitForFinished(10000));
    QVERIFY(QFileInfo::exists(socket));

    // The next launch takes the stale socket over and becomes the window...
    QProcess *next = startWindow({manifest});
    QTRY_VERIFY2_WITH_TIMEOUT(m_logs.at(1)->contains("primary instance, listening on"),
                              m_logs.at(1)->constData(), 30000);
    // ...which the launch after it reaches.
    QCOMPARE(runToEnd({}), 0);
    QTRY_VERIFY2_WITH_TIMEOUT(m_logs.at(1)->contains("handed over 0 path(s)"),
                              m_logs.at(1)->constData(), 10000);
    QCOMPARE(next->state(), QProcess::Running);
}

QTEST_GUILESS_MAIN(TestWindowHandOver)
#include "TestWindowHandOver.moc"
