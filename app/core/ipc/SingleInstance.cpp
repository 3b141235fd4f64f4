// SPDX-License-Identifier: MIT
#include "ipc/SingleInstance.h"

#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QTimer>
#include <QtEndian>

#ifdef Q_OS_UNIX
#include <unistd.h>
#else
#include <QRegularExpression>
#endif

Q_LOGGING_CATEGORY(lcIpc, "dbtu.ipc")

namespace Dbtu {

namespace {

constexpr int kHeaderSize = 8;
constexpr char kAck = 'k';

QByteArray encodeRequest(const QStringList &paths)
{
    QByteArray payload;
    for (const QString &path : paths) {
        payload += path.toUtf8();
        payload += '\0';
    }
    QByteArray message(kHeaderSize, Qt::Uninitialized);
    qToBigEndian<quint32>(SingleInstance::kMagic, message.data());
    qToBigEndian<quint32>(static_cast<quint32>(payload.size()), message.data() + 4);
    return message + payload;
}

} // namespace

SingleInstance::SingleInstance(QString serverName, QObject *parent)
    : QObject(parent)
    , m_serverName(std::move(serverName))
{}

SingleInstance::~SingleInstance()
{
    if (m_server) {
        m_server->close(); // removes the socket file, so the next launch becomes the primary
    }
}

QString SingleInstance::serverNameFor(const QString &appId)
{
    const QString runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtimeDir.isEmpty() && QFileInfo(runtimeDir).isDir()) {
        return QDir(runtimeDir).filePath(appId + QStringLiteral(".socket"));
    }
#ifdef Q_OS_UNIX
    const QString user = QString::number(::getuid());
#else
    QString user = qEnvironmentVariable("USERNAME");
    user.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
#endif
    return appId + QLatin1Char('-') + user;
}

void SingleInstance::start(const QStringList &paths)
{
    Q_ASSERT(!m_started);
    m_started = true;
    for (const QString &path : paths) {
        m_paths << QFileInfo(path).absoluteFilePath();
    }
    // Queued, so that finished() always comes from the event loop (see the class comment).
    QMetaObject::invokeMethod(this, &SingleInstance::connectToPrimary, Qt::QueuedConnection);
}

void SingleInstance::connectToPrimary()
{
    m_client = new QLocalSocket(this);
    connect(m_client, &QLocalSocket::connected, this, [this] {
        qCDebug(lcIpc) << "handing" << m_paths.size() << "path(s) to the running instance";
        m_client->write(encodeRequest(m_paths));
    });
    connect(m_client, &QLocalSocket::readyRead, this, [this] {
        if (m_role == Role::Undecided && m_client->read(1) == QByteArray(1, kAck)) {
            m_client->disconnectFromServer();
            finish(Role::Secondary);
        }
    });
    connect(m_client, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError e) {
        if (m_role != Role::Undecided) {
            return;
        }
        if (e == QLocalSocket::ConnectionRefusedError || e == QLocalSocket::ServerNotFoundError) {
            // Nobody listens: no instance runs, or a crashed one left its socket file behind.
            becomePrimary(e == QLocalSocket::ConnectionRefusedError);
            return;
        }
        finish(Role::Standalone,
               Error{ErrorCode::Network, tr("Could not reach the dbt Uploader already running."),
                     tr("A new window was opened instead."), m_client->errorString()});
    });
    QTimer::singleShot(m_timeoutMs, this, [this] {
        if (m_role == Role::Undecided && m_client) {
            m_client->abort();
            finish(Role::Standalone,
                   Error{ErrorCode::Timeout,
                         tr("The dbt Uploader already running did not answer in time."),
                         tr("A new window was opened instead."),
                         tr("no answer on %1 within %2 ms")
                             .arg(m_serverName, QString::number(m_timeoutMs))});
        }
    });
    m_client->connectToServer(m_serverName);
}

void SingleInstance::becomePrimary(bool staleSocketPossible)
{
    m_server = new QLocalServer(this);
    // Only this user may connect (and so hand paths to this window).
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    bool listening = m_server->listen(m_serverName);
    // With UserAccessOption, Qt 6.4 on Unix binds in a private directory and renames the socket
    // into place, which already replaces a stale file; this covers the other cases.
    if (!listening && staleSocketPossible
        && m_server->serverError() == QAbstractSocket::AddressInUseError) {
        qCInfo(lcIpc) << "removing the stale socket" << m_serverName
                      << "left by an instance that ended without closing it";
        QLocalServer::removeServer(m_serverName);
        listening = m_server->listen(m_serverName);
    }
    if (!listening) {
        const QString detail = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        finish(Role::Standalone, Error{ErrorCode::InvalidInput,
                                       tr("Could not listen for other launches of dbt Uploader."),
                                       tr("Files opened later may open a second window."), detail});
        return;
    }
    qCDebug(lcIpc) << "primary instance, listening on" << m_server->fullServerName();
    finish(Role::Primary);
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { readRequest(socket); });
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        // A peer that never finishes its request is dropped, not kept forever.
        QTimer::singleShot(m_timeoutMs, socket, [socket] { socket->abort(); });
    }
}

void SingleInstance::readRequest(QLocalSocket *socket)
{
    if (socket->bytesAvailable() < kHeaderSize) {
        return;
    }
    const QByteArray header = socket->peek(kHeaderSize);
    const quint32 magic = qFromBigEndian<quint32>(header.constData());
    const quint32 length = qFromBigEndian<quint32>(header.constData() + 4);
    if (magic != kMagic || length > kMaxPayload) {
        qCWarning(lcIpc) << "ignoring a malformed request on" << m_serverName;
        socket->abort();
        return;
    }
    if (socket->bytesAvailable() < kHeaderSize + static_cast<qint64>(length)) {
        return;
    }
    socket->skip(kHeaderSize);
    const QByteArray payload = socket->read(length);
    QStringList paths;
    for (const QByteArray &path : payload.split('\0')) {
        if (!path.isEmpty()) {
            paths << QString::fromUtf8(path);
        }
    }
    socket->write(QByteArray(1, kAck));
    socket->disconnectFromServer(); // after the answer is written
    qCInfo(lcIpc) << "another launch handed over" << paths.size() << "path(s)";
    emit pathsReceived(paths);
}

void SingleInstance::finish(Role role, std::optional<Error> error)
{
    m_role = role;
    m_error = std::move(error);
    if (m_error) {
        qCWarning(lcIpc) << "single instance:" << *m_error;
    }
    emit finished();
}

} // namespace Dbtu
