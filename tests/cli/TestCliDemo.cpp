// SPDX-License-Identifier: MIT
// The real dbt-uploader binary's `demo`: the example project summarized, uploaded to its own
// sandbox, synced and followed to the end, with no keychain, no settings and nothing left behind;
// Ctrl+C in the middle ends it with 130 and still cleans up; usage errors.
#include "ProcessSignals.h"
#include "TestPaths.h"

#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <sys/types.h>

namespace {

/** Files and folders under dir, for a message when something was left behind. */
QStringList entriesUnder(const QString &dir)
{
    QStringList found;
    QDirIterator it(dir, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        found << it.next();
    }
    return found;
}

} // namespace

class TestCliDemo : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void endToEnd();
    void ctrlCWhileSyncing();
    void usage();

private:
    /** demo in a home of its own: no keychain (no D-Bus), no key, its own temporary folder. */
    void startDemo(QProcess &p, const QStringList &args = {});

    std::unique_ptr<QTemporaryDir> m_home;
    QString m_tmp;
};

void TestCliDemo::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    m_tmp = m_home->filePath(QStringLiteral("tmp"));
    QVERIFY(QDir().mkpath(m_tmp));
}

void TestCliDemo::startDemo(QProcess &p, const QStringList &args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString home = m_home->filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(home));
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("XDG_STATE_HOME"), home + QStringLiteral("/.local/state"));
    env.insert(QStringLiteral("TMPDIR"), m_tmp);
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    env.remove(QStringLiteral("SECODA_API_KEY"));
    for (const char *proxy : {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"}) {
        env.remove(QString::fromLatin1(proxy));
    }
    p.setProcessEnvironment(env);
    p.start(Dbtu::Test::binaryPath(), QStringList{QStringLiteral("demo")} + args);
    QVERIFY(p.waitForStarted());
}

void TestCliDemo::endToEnd()
{
    QProcess p;
    startDemo(p);
    QVERIFY(p.waitForFinished(60000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, err.constData());

    // The four steps in order, each with what it did.
    const QStringList expected{
        QStringLiteral("Step 1 of 4"),
        QStringLiteral("project      jaffle_shop (duckdb)"),
        QStringLiteral("6 model · 1 seed · 3 source · 8 test"),
        QStringLiteral("2 fail · 5 pass · 7 success · 1 warn"),
        QStringLiteral("model.jaffle_shop.customer_lifetime_value"),
        QStringLiteral("Step 2 of 4"),
        QStringLiteral("listening on http://127.0.0.1:"),
        QStringLiteral("Step 3 of 4"),
        QStringLiteral("Uploaded "),
        QStringLiteral("Sync triggered."),
        QStringLiteral("The sync finished"),
        QStringLiteral("Step 4 of 4"),
        QStringLiteral("dbt-uploader inspect path/to/target/"),
    };
    qsizetype at = 0;
    for (const QString &line : expected) {
        const qsizetype found = out.indexOf(line, at);
        QVERIFY2(
            found >= 0,
            qPrintable(QStringLiteral("missing (after offset %1): %2\n%3").arg(at).arg(line, out)));
        at = found + line.size();
    }
    QVERIFY2(err.trimmed().isEmpty(), err.constData());

    // Nothing left: the example's folder and the sandbox's data are gone, and no setting, key
    // or history was written for a demo; only the debug log of the run (XDG_STATE_HOME).
    QVERIFY2(entriesUnder(m_tmp).isEmpty(), qPrintable(entriesUnder(m_tmp).join(u'\n')));
    const QString home = m_home->filePath(QStringLiteral("home"));
    QStringList written = entriesUnder(home);
    written.removeIf([&home](const QString &path) {
        return (home + QStringLiteral("/.local/state/dbt-uploader/debug.log")).startsWith(path);
    });
    QVERIFY2(written.isEmpty(), qPrintable(written.join(u'\n')));
}

void TestCliDemo::ctrlCWhileSyncing()
{
    QProcess p;
    startDemo(p);
    QByteArray out;
    QDeadlineTimer deadline(30000);
    while (!out.contains("Sync triggered.") && !deadline.hasExpired()
           && p.state() == QProcess::Running) {
        p.waitForReadyRead(100);
        out += p.readAllStandardOutput();
    }
    QVERIFY2(out.contains("Sync triggered."), out.constData());
    QVERIFY(Dbtu::Test::catchesSigint(p.processId()));
    QVERIFY2(p.state() == QProcess::Running, "demo ended before Ctrl+C");
    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 130);
    QVERIFY(p.readAllStandardError().contains("cancelled"));
    QVERIFY(!p.readAllStandardOutput().contains("Step 4 of 4"));
    QVERIFY2(entriesUnder(m_tmp).isEmpty(), qPrintable(entriesUnder(m_tmp).join(u'\n')));
}

void TestCliDemo::usage()
{
    QProcess extra;
    startDemo(extra, {QStringLiteral("target/")});
    QVERIFY(extra.waitForFinished(30000));
    QCOMPARE(extra.exitCode(), 2);
    QVERIFY(extra.readAllStandardError().contains("demo takes no arguments"));

    QProcess help;
    startDemo(help, {QStringLiteral("--help")});
    QVERIFY(help.waitForFinished(30000));
    QCOMPARE(help.exitCode(), 0);
    QVERIFY(help.readAllStandardOutput().contains("Usage: dbt-uploader demo"));
}

QTEST_GUILESS_MAIN(TestCliDemo)
#include "TestCliDemo.moc"
