// SPDX-License-Identifier: MIT
#include "sandbox/FrontServer.h"

#include "sandbox/FrontConnection.h"

#include <QSslServer>

namespace Dbtu::Sandbox {

FrontServer::FrontServer(FaultSettings &faults, SandboxCounters &counters, qint64 maxBodyBytes,
                         QObject *parent)
    : QObject(parent)
    , m_faults(faults)
    , m_counters(counters)
    , m_maxBodyBytes(maxBodyBytes)
{}

FrontServer::~FrontServer()
{
    close();
}

Result<quint16> FrontServer::listen(const QHostAddress &address, quint16 port, quint16 backendPort,
                                    const std::optional<QSslConfiguration> &tls)
{
    m_backendPort = backendPort;
    if (tls) {
        auto server = std::make_unique<QSslServer>();
        server->setSslConfiguration(*tls);
        m_server = std::move(server);
    } else {
        m_server = std::make_unique<QTcpServer>();
    }
    // A QSslServer offers a connection once its handshake is done; a QTcpServer at once.
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this,
            &FrontServer::acceptConnections);
    if (!m_server->listen(address, port)) {
        return Error{ErrorCode::Network,
                     QStringLiteral("the sandbox cannot listen on %1 port %2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(m_server->errorString()),
                     QStringLiteral("choose another --port, or 0 for any free port"), QString(), 0};
    }
    return m_server->serverPort();
}

void FrontServer::close()
{
    if (m_server) {
        m_server->close();
    }
    const QList<FrontConnection *> connections
        = findChildren<FrontConnection *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(connections);
}

void FrontServer::acceptConnections()
{
    while (QTcpSocket *client = m_server->nextPendingConnection()) {
        auto *connection = new FrontConnection(client, m_backendPort, m_faults, m_counters,
                                               m_maxBodyBytes, this);
        connect(connection, &FrontConnection::finished, connection, &QObject::deleteLater);
    }
}

} // namespace Dbtu::Sandbox
