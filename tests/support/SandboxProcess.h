// SPDX-License-Identifier: MIT
#pragma once

#include "TestPaths.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>

#include <memory>

namespace Dbtu::Test {

/** A real `dbt-uploader sandbox` child process; stopped with SIGTERM when destroyed. */
struct SandboxProcess
{
    std::unique_ptr<QProcess> process;
    QString dataDir;
    quint16 port = 0;
    QByteArray key;
    QByteArray output;
    /** "https" when started with --tls-cert / --tls-key. */
    QString scheme = QStringLiteral("http");
    /** For a TLS sandbox: the CA its certificate comes from (the test's control requests trust
     * it). */
    QString caFile;

    static QString dbtIntegrationId()
    {
        return QStringLiteral("d8b7c0de-5a9d-4b0c-8e1f-000000000001");
    }

    /** http://127.0.0.1:PORT + path (path starts with /); https:// for a TLS sandbox. */
    QString url(const QString &path) const
    {
        return QStringLiteral("%1://127.0.0.1:%2%3").arg(scheme).arg(port).arg(path);
    }
    QString apiUrl() const { return url(QStringLiteral("/api/v1")); }

    /** Starts it on a free port with its data in dataDir; port stays 0 when it did not start. */
    static std::unique_ptr<SandboxProcess> start(const QString &dataDir,
                                                 const QStringList &extraArgs)
    {
        auto sandbox = std::make_unique<SandboxProcess>();
        sandbox->dataDir = dataDir;
        sandbox->process = std::make_unique<QProcess>();
        sandbox->process->setProgram(binaryPath());
        sandbox->process->setArguments(QStringList{QStringLiteral("sandbox"),
                                                   QStringLiteral("--port"), QStringLiteral("0"),
                                                   QStringLiteral("--data-dir"), dataDir}
                                       + extraArgs);
        sandbox->process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        sandbox->process->start();
        const QRegularExpression listening(QStringLiteral(
            "sandbox listening on (https?)://127\\.0\\.0\\.1:(\\d+)/api/v1 \\(key in (.*)\\)\n"));
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired() && sandbox->process->state() != QProcess::NotRunning) {
            sandbox->process->waitForReadyRead(100);
            sandbox->output += sandbox->process->readAllStandardOutput();
            const QRegularExpressionMatch match
                = listening.match(QString::fromUtf8(sandbox->output));
            if (match.hasMatch()) {
                sandbox->scheme = match.captured(1);
                sandbox->port = quint16(match.captured(2).toUInt());
                QFile keyFile(match.captured(3));
                if (keyFile.open(QIODevice::ReadOnly)) {
                    sandbox->key = keyFile.readAll().trimmed();
                }
                break;
            }
        }
        return sandbox;
    }

    ~SandboxProcess()
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
