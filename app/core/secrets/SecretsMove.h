// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "Job.h"
#include "secrets/Secret.h"

#include <QList>
#include <QMap>
#include <QObject>
#include <QStringList>

#include <optional>

namespace Dbtu {

class SecretStore;

/**
 * Moves keychain entries to new keys as one transaction (a profile's secrets, when the profile
 * is renamed): it reads every old key; writes each secret found under its new key, and removes
 * the new key of an entry not found (so a stale entry left there never joins); and only once
 * every write succeeded removes the old entries. The first failure rolls back instead: the old
 * entries were never touched, the copies written so far are removed. Keys that could not be
 * removed (copies or old entries) are named by leftOver(). Session-only secrets are the
 * caller's to move (SecretStore::sessionSecret()). A Job: finished() comes exactly once; error()
 * is the first failure (the move was rolled back), none when every entry moved. cancel() does not
 * stop a move half-way: it ends or rolls back by itself.
 */
class SecretsMove : public Job
{
    Q_OBJECT
public:
    struct Key
    {
        QString from;
        QString to;
    };

    SecretsMove(SecretStore &store, QList<Key> keys, QObject *parent = nullptr);
    ~SecretsMove() override;

    /** Keys whose entry could not be removed (copies or old entries, never in use). */
    QStringList leftOver() const { return m_leftOver; }

signals:
    /** A failure: the copies are about to be removed (then finished()). */
    void rollingBack();

protected:
    void run() override;
    void abort() override;

private:
    void readOld();
    void writeNew();
    void rollBack();
    /** Removes the entries under @p keys, then finished(). */
    void removeAll(const QStringList &keys);

    SecretStore &m_store;
    QList<Key> m_keys;
    QMap<int, Secret> m_found; ///< by index in m_keys: the entries under `from`
    QList<int> m_written;      ///< indexes whose entry was written under `to`
    QStringList m_leftOver;
    std::optional<Error> m_failure;
    int m_pending = 0;
};

} // namespace Dbtu
