// SPDX-License-Identifier: MIT
// Two SingleInstance objects in one process play the first and the second launch: the second
// hands its (absolute) paths to the first and ends; a stale socket file left by a crashed instance
// is taken over; a primary that never answers leaves the second launch standalone.
#include "ipc/SingleInstance.h"

#include "TestHelpers.h"

#include <QCoreApplication>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#endif

using namespace Dbtu;

class TestSingleInstance : public QObject
{
    Q_OBJECT

private slots:
    void serverNameIsPerUser();
    void secondLaunchHandsPathsToFirst();
    void secondLaunchWithoutPathsStillDefers();
    void firstLaunchEndedSoNextBecomesPrimary();
    void staleSocketIsTakenOver();
    void stuckPrimaryLeavesSecondStandalone();
    void malformedRequestIsIgnored();

private:
    QString uniqueName();
    static SingleInstance::Role startAndWait(SingleInstance &instance, const QStringList &paths);
    int m_counter = 0;
};

QString TestSingleInstance::uniqueName()
{
    // Short (a Unix socket path is limited to ~100 bytes) and unique per run and case.
    return QStringLiteral("dbtu-test-%1-%2")
        .arg(QCoreApplication::applicationPid())
        .arg(++m_counter);
}

SingleInstance::Role TestSingleInstance::startAndWait(SingleInstance &instance,
                                                      const QStringList &paths)
{
    QSignalSpy finished(&instance, &SingleInstance::finished);
    instance.start(paths);
    // finished() must never come from inside start(): a caller connects exit() to it.
    if (finished.count() != 0) {
        qWarning("finished() was emitted from inside start()");
        return SingleInstance::Role::Undecided;
    }
    if (!finished.wait(10000) || finished.count() != 1) {
        return SingleInstance::Role::Undecided;
    }
    return instance.role();
}

void TestSingleInstance::serverNameIsPerUser()
{
    const QByteArray saved = qgetenv("XDG_RUNTIME_DIR");
    const QString runtimeDir = QDir::tempPath();
    qputenv("XDG_RUNTIME_DIR", runtimeDir.toLocal8Bit());
    QCOMPARE(SingleInstance::serverNameFor(QStringLiteral("io.example.App")),
             QDir(runtimeDir).filePath(QStringLiteral("io.example.App.socket")));
    qunsetenv("XDG_RUNTIME_DIR");
    const QString fallback = SingleInstance::serverNameFor(QStringLiteral("io.example.App"));
    QVERIFY2(fallback.startsWith(QLatin1String("io.example.App-")), qPrintable(fallback));
    QVERIFY(fallback.size() > QStringLiteral("io.example.App-").size());
    if (!saved.isNull()) {
        qputenv("XDG_RUNTIME_DIR", saved);
    }
}

void TestSingleInstance::secondLaunchHandsPathsToFirst()
{
    const QString name = uniqueName();
    SingleInstance first(name);
    QCOMPARE(startAndWait(first, {}), SingleInstance::Role::Primary);
    QVERIFY(!first.error());
    QSignalSpy received(&first, &SingleInstance::pathsReceived);

    // Relative paths are resolved against the second launch's working directory; odd characters
    // (spaces, newlines, non-ASCII) survive the trip.
    const QStringList given = {QStringLiteral("target/manifest.json"),
                               QStringLiteral("/data/run results\n2/rün_results.json")};
    SingleInstance second(name);
    QCOMPARE(startAndWait(second, given), SingleInstance::Role::Secondary);
    QVERIFY(!second.error());

    QTRY_COMPARE(received.count(), 1);
    const QStringList paths = received.at(0).at(0).toStringList();
    QCOMPARE(paths,
             QStringList({QDir::current().absoluteFilePath(QStringLiteral("target/manifest.json")),
                          given.at(1)}));

    // The primary keeps serving: a third launch is handed over as well.
    SingleInstance third(name);
    QCOMPARE(startAndWait(third, {QStringLiteral("/x.json")}), SingleInstance::Role::Secondary);
    QTRY_COMPARE(received.count(), 2);
    QCOMPARE(received.at(1).at(0).toStringList(), QStringList{QStringLiteral("/x.json")});
}

void TestSingleInstance::secondLaunchWithoutPathsStillDefers()
{
    const QString name = uniqueName();
    SingleInstance first(name);
    QCOMPARE(startAndWait(first, {}), SingleInstance::Role::Primary);
    QSignalSpy received(&first, &SingleInstance::pathsReceived);
    SingleInstance second(name);
    QCOMPARE(startAndWait(second, {}), SingleInstance::Role::Secondary);
    // An empty list still arrives: the window is brought forward.
    QTRY_COMPARE(received.count(), 1);
    QVERIFY(received.at(0).at(0).toStringList().isEmpty());
}

void TestSingleInstance::firstLaunchEndedSoNextBecomesPrimary()
{
    const QString name = uniqueName();
    {
        SingleInstance first(name);
        QCOMPARE(startAndWait(first, {}), SingleInstance::Role::Primary);
    }
    SingleInstance next(name);
    QCOMPARE(startAndWait(next, {QStringLiteral("/a.json")}), SingleInstance::Role::Primary);
    QVERIFY(!next.error());
}

void TestSingleInstance::staleSocketIsTakenOver()
{
#ifdef Q_OS_UNIX
    // What a crashed primary leaves: a bound socket file that nobody listens on any more.
    const QString name = QDir(QDir::tempPath()).filePath(uniqueName());
    const QByteArray path = QFile::encodeName(name);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    QVERIFY(static_cast<size_t>(path.size()) < sizeof(address.sun_path));
    std::memcpy(address.sun_path, path.constData(), static_cast<size_t>(path.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
    ::close(fd);
    QVERIFY(QFileInfo::exists(name));

    SingleInstance next(name);
    QCOMPARE(startAndWait(next, {QStringLiteral("/a.json")}), SingleInstance::Role::Primary);
    QVERIFY(!next.error());

    // And it really serves: another launch reaches it.
    QSignalSpy received(&next, &SingleInstance::pathsReceived);
    SingleInstance other(name);
    QCOMPARE(startAndWait(other, {QStringLiteral("/b.json")}), SingleInstance::Role::Secondary);
    QTRY_COMPARE(received.count(), 1);
#else
    QSKIP("a stale socket file is a Unix thing (named pipes vanish with their process)");
#endif
}

void TestSingleInstance::stuckPrimaryLeavesSecondStandalone()
{
    const QString name = uniqueName();
    QLocalServer stuck; // accepts connections (the kernel does) but never answers
    QVERIFY(stuck.listen(name));
    SingleInstance second(name);
    second.setTimeout(300);
    QCOMPARE(startAndWait(second, {QStringLiteral("/a.json")}), SingleInstance::Role::Standalone);
    QVERIFY(second.error());
    QCOMPARE(second.error()->code, ErrorCode::Timeout);
}

void TestSingleInstance::malformedRequestIsIgnored()
{
    const QString name = uniqueName();
    SingleInstance first(name);
    QCOMPARE(startAndWait(first, {}), SingleInstance::Role::Primary);
    QSignalSpy received(&first, &SingleInstance::pathsReceived);

    QLocalSocket peer;
    QSignalSpy disconnected(&peer, &QLocalSocket::disconnected);
    peer.connectToServer(name);
    QVERIFY(peer.waitForConnected(5000));
    peer.write(QByteArray("GET / HTTP/1.1\r\n\r\n"));
    QVERIFY(disconnected.wait(5000)); // dropped by the primary
    QCOMPARE(received.count(), 0);

    // The primary still serves well-formed launches afterwards.
    SingleInstance second(name);
    QCOMPARE(startAndWait(second, {QStringLiteral("/a.json")}), SingleInstance::Role::Secondary);
    QTRY_COMPARE(received.count(), 1);
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "TestSingleInstance.moc"
