// SPDX-License-Identifier: MIT
#pragma once

#include "TestPaths.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

namespace Dbtu::Test {

/**
 * One test peer from tests/peers (s3-peer.js or azurite-blob) started for a test and stopped
 * when this object goes: port 0, the chosen port read from its output. start() fails with a
 * hint when `npm ci` has not been run in tests/peers.
 */
class PeerProcess
{
public:
    PeerProcess() = default;
    PeerProcess(const PeerProcess &) = delete;
    PeerProcess &operator=(const PeerProcess &) = delete;
    ~PeerProcess() { stop(); }

    /** The S3 peer; @p args as s3-peer.js takes them (--gcs, --region, --bucket, --key). */
    bool startS3(const QStringList &args, QString *why)
    {
        return start(
            QStringLiteral("node"),
            QStringList{peersDir() + QStringLiteral("/s3-peer.js"), QStringLiteral("--watch-stdin")}
                + args,
            QStringLiteral(R"(PORT (\d+))"), why);
    }
    bool startAzurite(QString *why)
    {
        return start(peersDir() + QStringLiteral("/node_modules/.bin/azurite-blob"),
                     {QStringLiteral("--blobHost"), QStringLiteral("127.0.0.1"),
                      QStringLiteral("--blobPort"), QStringLiteral("0"),
                      QStringLiteral("--inMemoryPersistence"), QStringLiteral("--silent"),
                      QStringLiteral("--disableTelemetry")},
                     QStringLiteral(R"(listens on http://127\.0\.0\.1:(\d+))"), why);
    }
    int port() const { return m_port; }
    /** The peer's process id (0 when not running). */
    qint64 processId() const { return m_process.processId(); }
    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000)) {
                m_process.kill();
                m_process.waitForFinished(2000);
            }
        }
    }

private:
    bool start(const QString &program, const QStringList &args, const QString &portPattern,
               QString *why)
    {
        if (!QFileInfo::exists(peersDir() + QStringLiteral("/node_modules"))) {
            *why = QStringLiteral("the test peers are not installed; run `npm ci` in tests/peers "
                                  "(scripts/run-tests.sh does)");
            return false;
        }
        m_process.setWorkingDirectory(peersDir());
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(program, args);
        const QRegularExpression re(portPattern);
        QByteArray output;
        for (int i = 0; i < 150 && m_port == 0; ++i) {
            if (!m_process.waitForReadyRead(100) && m_process.state() == QProcess::NotRunning) {
                break;
            }
            output += m_process.readAll();
            const auto m = re.match(QString::fromUtf8(output));
            if (m.hasMatch()) {
                m_port = m.captured(1).toInt();
            }
        }
        if (m_port == 0) {
            *why = QStringLiteral("%1 did not start: %2")
                       .arg(program, QString::fromUtf8(output + m_process.readAll()));
            return false;
        }
        return true;
    }

    QProcess m_process;
    int m_port = 0;
};

} // namespace Dbtu::Test
