// SPDX-License-Identifier: MIT
#pragma once

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

namespace Dbtu::Test {

/**
 * A real HTTP proxy for one test: Debian's tinyproxy in the foreground on 127.0.0.1, with Basic
 * authentication (user, password), its log in dir/tinyproxy.log. Stopped when destroyed.
 * tinyproxy answers 407 to a request without credentials and 401 to wrong ones.
 */
struct TinyProxy
{
    QString dir;
    QString user;
    QString password;
    quint16 port = 0;
    std::unique_ptr<QProcess> process;

    QString logFile() const { return QDir(dir).filePath(QStringLiteral("tinyproxy.log")); }
    QByteArray log() const
    {
        QFile f(logFile());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    /** http://user:password@127.0.0.1:port (or without credentials). */
    QString url(bool withCredentials = true) const
    {
        return withCredentials
                   ? QStringLiteral("http://%1:%2@127.0.0.1:%3").arg(user, password).arg(port)
                   : QStringLiteral("http://127.0.0.1:%1").arg(port);
    }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(port); }

    /** Starts it; false (and why in error) when tinyproxy is missing or does not listen. */
    bool start(QString *error)
    {
        const QString program = QStandardPaths::findExecutable(QStringLiteral("tinyproxy"));
        if (program.isEmpty()) {
            *error = QStringLiteral("tinyproxy is not installed (scripts/install-deps.sh)");
            return false;
        }
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0)) {
            *error = QStringLiteral("no free port");
            return false;
        }
        port = probe.serverPort();
        probe.close();
        const QString config = QDir(dir).filePath(QStringLiteral("tinyproxy.conf"));
        QFile conf(config);
        if (!conf.open(QIODevice::WriteOnly)) {
            *error = QStringLiteral("cannot write ") + config;
            return false;
        }
        conf.write(QStringLiteral("Port %1\nListen 127.0.0.1\nTimeout 60\nLogFile \"%2\"\n"
                                  "LogLevel Info\nMaxClients 50\nAllow 127.0.0.1\n"
                                  "BasicAuth %3 %4\nDisableViaHeader Yes\n")
                       .arg(port)
                       .arg(logFile(), user, password)
                       .toUtf8());
        conf.close();
        process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->start(program, {QStringLiteral("-d"), QStringLiteral("-c"), config});
        if (!process->waitForStarted(10000)) {
            *error = QStringLiteral("tinyproxy did not start");
            return false;
        }
        QDeadlineTimer deadline(15000);
        while (!deadline.hasExpired() && process->state() == QProcess::Running) {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, port);
            if (s.waitForConnected(200)) {
                return true;
            }
            process->waitForFinished(100);
        }
        *error = QStringLiteral("tinyproxy does not listen on port %1: %2")
                     .arg(port)
                     .arg(QString::fromLocal8Bit(process->readAll()));
        return false;
    }

    ~TinyProxy()
    {
        if (process && process->state() != QProcess::NotRunning) {
            process->terminate();
            if (!process->waitForFinished(5000)) {
                process->kill();
                process->waitForFinished(2000);
            }
        }
    }
};

} // namespace Dbtu::Test
