// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QObject>
#include <QStringList>

#include <optional>

class QLocalServer;
class QLocalSocket;

namespace Dbtu {

/**
 * Keeps one window per user: the first launch becomes the primary and listens on a local socket
 * (QLocalServer); a later launch connects to it, hands over its paths and is told to exit.
 *
 * start() decides the role asynchronously and finished() reports it, always from the event loop
 * (never from inside start(), so a caller may connect QCoreApplication::exit to it):
 * - Primary: no other instance answered (or only a stale socket file that a crashed instance
 *   left, which is removed); this object now listens and emits pathsReceived() for every later
 *   launch, with an empty list when that launch had no paths (the window should come forward).
 * - Secondary: a primary took the paths and acknowledged them; this process should exit 0.
 * - Standalone: no primary could be reached in time and listening failed (or a primary is stuck);
 *   error() says why. The caller opens a window of its own so that no file is lost.
 *
 * Wire format (same user only: the socket is created with UserAccessOption): the secondary sends
 * kMagic and the payload's length (two big-endian quint32), then the absolute paths in UTF-8, each
 * ended by a NUL byte (the one byte no path can hold); the primary answers one byte 'k'. Payloads
 * over kMaxPayload are refused. Lives on the thread that created it; owns its server and sockets.
 */
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    enum class Role { Undecided, Primary, Secondary, Standalone };
    Q_ENUM(Role)

    /** serverName: a name for QLocalServer, usually serverNameFor(app id). */
    explicit SingleInstance(QString serverName, QObject *parent = nullptr);
    ~SingleInstance() override;

    /**
     * The per-user socket name for appId: $XDG_RUNTIME_DIR/<appId>.socket where that directory
     * exists (private to the user), else "<appId>-<user>" (QLocalServer's temp dir or, on
     * Windows, a named pipe).
     */
    static QString serverNameFor(const QString &appId);

    /**
     * Hands paths (made absolute against the current directory) to a running primary, or becomes
     * the primary. Call once. Ends with finished().
     */
    void start(const QStringList &paths);

    /** How long a secondary waits for the primary's answer before going Standalone. */
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }

    Role role() const { return m_role; }
    QString serverName() const { return m_serverName; }
    const std::optional<Error> &error() const { return m_error; }

    static constexpr quint32 kMagic = 0xdb70'0001;
    static constexpr quint32 kMaxPayload = 1024 * 1024;

signals:
    /** The role is decided: read role() and error(). Emitted once. */
    void finished();
    /** Primary only: another launch asked to open these absolute paths (possibly none). */
    void pathsReceived(const QStringList &paths);

private:
    void connectToPrimary();
    void becomePrimary(bool staleSocketPossible);
    void onNewConnection();
    void readRequest(QLocalSocket *socket);
    void finish(Role role, std::optional<Error> error = std::nullopt);

    QString m_serverName;
    QStringList m_paths;
    int m_timeoutMs = 5000;
    Role m_role = Role::Undecided;
    std::optional<Error> m_error;
    QLocalServer *m_server = nullptr;
    QLocalSocket *m_client = nullptr;
    bool m_started = false;
};

} // namespace Dbtu
