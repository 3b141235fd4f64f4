// SPDX-License-Identifier: MIT
// The debug log: what it writes is redacted, dbtu.* debug lines are captured but not passed on
// to the terminal, the file is 0600 in a 0700 folder, it rotates at 1 MiB keeping one old file,
// the in-memory ring is bounded, and it survives threads and messages emitted from a handler.
#include "log/DebugLog.h"
#include "net/Redactor.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <thread>
#include <vector>

using Dbtu::DebugLog;

// Like the app's own categories: debug and info off by default.
Q_LOGGING_CATEGORY(lcProbe, "dbtu.probe", QtWarningMsg)
Q_LOGGING_CATEGORY(lcOther, "unit.other")

namespace {

QMutex g_passedMutex;
QStringList g_passed; ///< what the log passed on to the handler before it (the terminal)
QtMessageHandler g_qtestHandler = nullptr;
bool g_reenter = false;

void recordingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_passedMutex);
        g_passed << message;
    }
    if (g_reenter && message.contains(QLatin1String("re-enter"))) {
        g_reenter = false;
        qCWarning(lcProbe) << "emitted from a handler down the chain";
    }
    if (g_qtestHandler && type != QtDebugMsg) {
        g_qtestHandler(type, context, message);
    }
}

QStringList passed()
{
    QMutexLocker lock(&g_passedMutex);
    return g_passed;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

unsigned modeOf(const QString &path)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0) {
        return 0;
    }
    return unsigned(st.st_mode) & 0777u;
}

} // namespace

class TestDebugLog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void pathFromTheEnvironment();
    void linesAreRedacted();
    void debugIsCapturedButNotPassedOn();
    void permissions();
    void rotatesAtOneMebibyte();
    void ringIsBounded();
    void threadsAndReentry();

private:
    QString logPath() const
    {
        return m_dir.filePath(QStringLiteral("state/dbt-uploader/debug.log"));
    }
    QTemporaryDir m_dir;
};

void TestDebugLog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("DBTU_LOG_FILE", QFile::encodeName(logPath()));
    qunsetenv("DBTU_DEBUG");
    g_qtestHandler = qInstallMessageHandler(recordingHandler);
    QVERIFY(!lcProbe().isDebugEnabled());
    DebugLog::install();
    QVERIFY(DebugLog::isInstalled());
    QCOMPARE(DebugLog::filePath(), logPath());
}

void TestDebugLog::cleanupTestCase()
{
    DebugLog::uninstall();
    QVERIFY(!DebugLog::isInstalled());
    QVERIFY(!lcProbe().isDebugEnabled()); // the rules in force before are back
    qInstallMessageHandler(g_qtestHandler);
}

void TestDebugLog::pathFromTheEnvironment()
{
    QCOMPARE(DebugLog::defaultFilePath(), logPath());
    const QByteArray saved = qgetenv("DBTU_LOG_FILE");
    qunsetenv("DBTU_LOG_FILE");
    const QByteArray state = qgetenv("XDG_STATE_HOME");
    qputenv("XDG_STATE_HOME", "/somewhere/state");
    QCOMPARE(DebugLog::defaultFilePath(),
             QStringLiteral("/somewhere/state/dbt-uploader/debug.log"));
    qputenv("XDG_STATE_HOME", "relative/is/ignored");
    QCOMPARE(DebugLog::defaultFilePath(),
             QDir::homePath() + QStringLiteral("/.local/state/dbt-uploader/debug.log"));
    if (state.isEmpty()) {
        qunsetenv("XDG_STATE_HOME");
    } else {
        qputenv("XDG_STATE_HOME", state);
    }
    qputenv("DBTU_LOG_FILE", saved);
}

void TestDebugLog::linesAreRedacted()
{
    const QStringList secrets = {
        QStringLiteral("dbtu-UNIT-api-4d2e"),           // a Bearer key
        QStringLiteral("unit/Secret+4d2e"),             // an AWS secret in a canonical request
        QStringLiteral("UNITTOKEN4d2e"),                // a session token there
        QStringLiteral("AKIAUNITAUDIT0004D2E"),         // the key id in X-Amz-Credential
        QStringLiteral("VU5JVC1henVyZS1rZXktNGQyZQ=="), // an AccountKey
        QStringLiteral("unit-pass-4d2e"),               // a URL's password
        QStringLiteral("f00dfeed4d2e"),                 // X-Amz-Signature in a query
    };
    qCDebug(lcProbe).noquote() << "GET /api/v1/integration/integrations\nAuthorization: Bearer "
                                  "dbtu-UNIT-api-4d2e\nAccept: application/json";
    qCDebug(lcProbe).noquote() << "quoted without its header: Bearer dbtu-UNIT-api-4d2e";
    qCInfo(lcProbe).noquote()
        << "CanonicalRequest: PUT\n/dbt-artifacts/manifest.json\n"
           "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAUNITAUDIT0004D2E%2F20261201%2Fus-"
           "east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=UNITTOKEN4d2e\n"
           "host:127.0.0.1\nx-amz-security-token:UNITTOKEN4d2e\n"
           "Authorization: AWS4-HMAC-SHA256 Credential=AKIAUNITAUDIT0004D2E/20261201, "
           "Signature=00aa secret unit/Secret+4d2e\n";
    qCWarning(lcProbe).noquote() << "connection string DefaultEndpointsProtocol=https;AccountName="
                                    "acct;AccountKey=VU5JVC1henVyZS1rZXktNGQyZQ==;EndpointSuffix="
                                    "core.windows.net";
    qCDebug(lcProbe).noquote() << "proxy http://joe:unit-pass-4d2e@proxy.example:3128/ refused";
    qCDebug(lcProbe).noquote() << "HTTP 400: <Error><Code>ExpiredToken</Code>"
                                  "<Token-0>UNITTOKEN4d2e</Token-0></Error>";
    qCDebug(lcProbe).noquote()
        << "GET https://b.s3.amazonaws.com/k?X-Amz-Date=20261201T000000Z&X-Amz-Signature="
           "f00dfeed4d2e -> HTTP 403";
    DebugLog::flush();
    const QByteArray file = readAll(logPath());
    const QString ring = DebugLog::recentLines().join(QLatin1Char('\n'));
    for (const QString &secret : secrets) {
        QVERIFY2(!file.contains(secret.toUtf8()), qPrintable(secret));
        QVERIFY2(!ring.contains(secret), qPrintable(secret));
        for (const QString &seen : passed()) {
            QVERIFY2(!seen.contains(secret), qPrintable(secret));
        }
    }
    // What was there stays readable: names, the masked values, a timestamp and the category.
    for (const char *kept :
         {"Authorization: <redacted>", "Bearer <redacted>", "X-Amz-Credential=<redacted>",
          "x-amz-security-token:<redacted>", "AccountKey=<redacted>;EndpointSuffix",
          "http://joe:<redacted>@proxy.example:3128/", "X-Amz-Signature=<redacted> -> HTTP 403",
          "X-Amz-Date=20261201T000000Z", " debug dbtu.probe: GET /api/v1/integration",
          " warning dbtu.probe: connection string"}) {
        QVERIFY2(file.contains(kept), kept);
    }
    // A multi-line message keeps its lines, indented under the first.
    QVERIFY(file.contains("\n    Accept: application/json\n"));
    QVERIFY(file.contains(QByteArray("[") + QByteArray::number(QCoreApplication::applicationPid())
                          + "] "));
}

void TestDebugLog::debugIsCapturedButNotPassedOn()
{
    QVERIFY(lcProbe().isDebugEnabled()); // for the log
    const int before = int(passed().size());
    qCDebug(lcProbe) << "only-in-the-log-debug";
    qCInfo(lcProbe) << "only-in-the-log-info";
    qCWarning(lcProbe) << "also-on-the-terminal";
    const QStringList after = passed().mid(before);
    QCOMPARE(after.size(), 1); // the warning alone, as without the log
    QVERIFY(after.first().contains(QLatin1String("also-on-the-terminal")));
    const QByteArray file = readAll(logPath()); // a warning flushes by itself
    QVERIFY(file.contains("only-in-the-log-debug"));
    QVERIFY(file.contains("only-in-the-log-info"));
    QVERIFY(file.contains("also-on-the-terminal"));
    // Other categories are left as they were: their debug lines go on exactly when the rules
    // enable them (by default they do).
    const int count = int(passed().size());
    qCDebug(lcOther) << "other-category-debug";
    QCOMPARE(passed().size() > count, lcOther().isDebugEnabled());
    if (lcOther().isDebugEnabled()) {
        QVERIFY(passed().last().contains(QLatin1String("other-category-debug")));
    }
}

void TestDebugLog::permissions()
{
    qCWarning(lcProbe) << "something to write";
    QCOMPARE(modeOf(logPath()), 0600u);
    QCOMPARE(modeOf(QFileInfo(logPath()).path()), 0700u);
    // A file left with a wider mode is narrowed when the log opens it again.
    QVERIFY(QFile::setPermissions(logPath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                                 | QFileDevice::ReadOther));
    DebugLog::install();
    QCOMPARE(modeOf(logPath()), 0600u);
}

void TestDebugLog::rotatesAtOneMebibyte()
{
    const QString old = logPath() + QStringLiteral(".1");
    const QString line(300, QLatin1Char('r'));
    for (int round = 1; round <= 2; ++round) {
        for (int i = 0; i < 4000; ++i) { // some 1.3 MB each round
            qCDebug(lcProbe).noquote() << "rotation" << round << i << line;
        }
        DebugLog::flush();
        QVERIFY2(QFileInfo::exists(old), qPrintable(old));
        QVERIFY(QFileInfo(old).size() <= DebugLog::kMaxFileBytes);
        QVERIFY(QFileInfo(old).size() > DebugLog::kMaxFileBytes / 2);
        QVERIFY(QFileInfo(logPath()).size() <= DebugLog::kMaxFileBytes);
        QCOMPARE(modeOf(old), 0600u);
        QCOMPARE(modeOf(logPath()), 0600u);
        // The newest line is in the current file, every line is whole.
        const QByteArray current = readAll(logPath());
        QVERIFY(current.contains("rotation " + QByteArray::number(round) + " 3999 rrr"));
        QVERIFY(current.startsWith("20"));
        QVERIFY(current.endsWith(line.toUtf8() + '\n'));
    }
    // One old file only.
    const QStringList files = QDir(QFileInfo(logPath()).path()).entryList(QDir::Files);
    QCOMPARE(files, (QStringList{QStringLiteral("debug.log"), QStringLiteral("debug.log.1")}));
}

void TestDebugLog::ringIsBounded()
{
    for (int i = 0; i < DebugLog::kMaxRecentLines + 500; ++i) {
        qCDebug(lcProbe) << "ring" << i;
    }
    const QStringList lines = DebugLog::recentLines();
    QCOMPARE(lines.size(), DebugLog::kMaxRecentLines);
    QVERIFY2(lines.last().endsWith(QStringLiteral("ring %1").arg(DebugLog::kMaxRecentLines + 499)),
             qPrintable(lines.last()));
    QVERIFY2(lines.first().endsWith(QStringLiteral("ring 500")), qPrintable(lines.first()));
}

void TestDebugLog::threadsAndReentry()
{
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t] {
            for (int i = 0; i < 300; ++i) {
                qCDebug(lcProbe) << "thread" << t << "line" << i;
            }
        });
    }
    for (std::thread &t : threads) {
        t.join();
    }
    // A handler down the chain that logs again: no deadlock (Qt itself sends a message emitted
    // inside a handler straight to stderr).
    g_reenter = true;
    qCWarning(lcProbe) << "re-enter";
    QVERIFY(!g_reenter);
    DebugLog::flush();
    // The file may have rotated meanwhile.
    const QByteArray file = readAll(logPath() + QStringLiteral(".1")) + readAll(logPath());
    for (int t = 0; t < 4; ++t) {
        QVERIFY(file.contains("thread " + QByteArray::number(t) + " line 299\n"));
    }
    QVERIFY(file.contains("re-enter"));
    // Every line is whole: a timestamp first, or the indent of a continuation.
    for (const QByteArray &l : file.split('\n')) {
        QVERIFY2(l.isEmpty() || l.startsWith("20") || l.startsWith("    "), l.constData());
    }
}

QTEST_GUILESS_MAIN(TestDebugLog)
#include "TestDebugLog.moc"
