// SPDX-License-Identifier: MIT
#include "secrets/SecretsMove.h"

#include "secrets/SecretStore.h"

namespace Dbtu {

namespace {

void deleteWhenFinished(SecretJob *job)
{
    QObject::connect(job, &SecretJob::finished, job, &QObject::deleteLater);
}

} // namespace

SecretsMove::SecretsMove(SecretStore &store, QList<Key> keys, QObject *parent)
    : Job(parent)
    , m_store(store)
    , m_keys(std::move(keys))
{}

SecretsMove::~SecretsMove() = default;

void SecretsMove::run()
{
    readOld();
}

void SecretsMove::abort()
{
    // Half a move is worse than either end: it runs to the end or rolls back by itself.
}

void SecretsMove::readOld()
{
    if (m_keys.isEmpty()) {
        finishWith(m_failure);
        return;
    }
    m_pending = int(m_keys.size());
    for (int i = 0; i < m_keys.size(); ++i) {
        SecretJob *job = m_store.read(m_keys.at(i).from);
        deleteWhenFinished(job);
        connect(job, &SecretJob::finished, this, [this, job, i] {
            if (job->error()) {
                if (!m_failure) {
                    m_failure = *job->error();
                }
            } else if (job->found()) {
                m_found.insert(i, *job->secret());
            }
            if (--m_pending > 0) {
                return;
            }
            if (m_failure) {
                rollBack();
            } else {
                writeNew();
            }
        });
        job->start();
    }
}

void SecretsMove::writeNew()
{
    m_pending = int(m_keys.size());
    for (int i = 0; i < m_keys.size(); ++i) {
        const QString &key = m_keys.at(i).to;
        // An entry the old key lacks is removed under the new one, so a stale entry left there
        // never joins the moved ones.
        const bool write = m_found.contains(i);
        SecretJob *job = write ? m_store.write(key, m_found.value(i)) : m_store.remove(key);
        deleteWhenFinished(job);
        connect(job, &SecretJob::finished, this, [this, job, i, write] {
            if (job->error()) {
                if (!m_failure) {
                    m_failure = *job->error();
                }
            } else if (write) {
                m_written.append(i);
            }
            if (--m_pending > 0) {
                return;
            }
            if (m_failure) {
                rollBack();
                return;
            }
            // Every copy is in place: only now do the old entries go.
            QStringList old;
            for (auto it = m_found.cbegin(); it != m_found.cend(); ++it) {
                old.append(m_keys.at(it.key()).from);
            }
            removeAll(old);
        });
        job->start();
    }
}

void SecretsMove::rollBack()
{
    // The old entries were never touched; the copies already written under the new keys go.
    emit rollingBack();
    QStringList copies;
    for (int i : std::as_const(m_written)) {
        copies.append(m_keys.at(i).to);
    }
    m_written.clear();
    removeAll(copies);
}

void SecretsMove::removeAll(const QStringList &keys)
{
    if (keys.isEmpty()) {
        finishWith(m_failure);
        return;
    }
    m_pending = int(keys.size());
    for (const QString &key : keys) {
        SecretJob *job = m_store.remove(key);
        deleteWhenFinished(job);
        connect(job, &SecretJob::finished, this, [this, job] {
            if (job->error()) {
                m_leftOver.append(job->key()); // named by the caller's warning
            }
            if (--m_pending == 0) {
                finishWith(m_failure);
            }
        });
        job->start();
    }
}

} // namespace Dbtu
