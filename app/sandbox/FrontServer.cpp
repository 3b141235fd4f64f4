// SPDX-License-Identifier: MIT
#include "FrontServer.h"

#include "FrontConnection.h"

namespace Dbtu::Sandbox {

FrontServer::FrontServer(FaultSettings &faults, SandboxCounters &counters, qint64 maxBodyBytes,
                         QObject *parent)
    : QObject(parent)
    , m_faults(faults)
    , m_counters(counters)
    , m_maxBodyBytes(maxBodyBytes)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FrontServer::acceptConnections);
}

FrontServer::~FrontServer()
{
    close();
}

Result<quint16> FrontServer::listen(const QHostAddress &address, quint16 port, quint16 backendPort)
{
    m_backendPort = backendPort;
    if (!m_server.listen(address, port)) {
        return Error{ErrorCode::Network,
                     QStringLiteral("the sandbox cannot listen on %1 port %2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(m_server.errorString()),
                     QStringLiteral("choose another --port, or 0 for any free port"), QString(), 0};
    }
    return m_server.serverPort();
}

void FrontServer::close()
{
    m_server.close();
    const QList<FrontConnection *> connections
        = findChildren<FrontConnection *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(connections);
}

void FrontServer::acceptConnections()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *connection = new FrontConnection(client, m_backendPort, m_faults, m_counters,
                                               m_maxBodyBytes, this);
        connect(connection, &FrontConnection::finished, connection, &QObject::deleteLater);
    }
}

} // namespace Dbtu::Sandbox
