// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "sandbox/FaultSettings.h"
#include "sandbox/SandboxCounters.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QTcpServer>

#include <memory>
#include <optional>

namespace Dbtu::Sandbox {

/**
 * The sandbox's public listening socket: every accepted connection gets a FrontConnection that
 * relays it to the QHttpServer on backendPort (see FrontConnection for why). Owns the
 * connections; close() ends them all.
 */
class FrontServer : public QObject
{
    Q_OBJECT
public:
    /** faults and counters must outlive this. */
    FrontServer(FaultSettings &faults, SandboxCounters &counters, qint64 maxBodyBytes,
                QObject *parent = nullptr);
    ~FrontServer() override;

    /** Listens on address:port (0: any free port) and returns the port it got. With @p tls
     * (a certificate and key), clients speak https: the front ends TLS, the backend is plain. */
    Result<quint16> listen(const QHostAddress &address, quint16 port, quint16 backendPort,
                           const std::optional<QSslConfiguration> &tls = std::nullopt);
    /** Stops listening and closes every open connection. */
    void close();

private:
    void acceptConnections();

    FaultSettings &m_faults;
    SandboxCounters &m_counters;
    qint64 m_maxBodyBytes;
    quint16 m_backendPort = 0;
    std::unique_ptr<QTcpServer> m_server;
};

} // namespace Dbtu::Sandbox
