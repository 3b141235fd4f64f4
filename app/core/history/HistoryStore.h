// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "artifacts/ArtifactIndex.h"
#include "history/UploadRecord.h"

#include <QList>
#include <QString>

#include <optional>

class QSqlDatabase;

namespace Dbtu {

/**
 * The upload history: every upload (window or CLI, API or bucket) as an UploadRecord, and the
 * compact index of what it held (ArtifactIndex: per resource unique_id, resource_type, checksum;
 * per result unique_id, status), so that a later upload can be compared with it (`diff @last`)
 * without keeping the files.
 *
 * A SQLite file through Qt Sql, by default defaultPath(). Each store opens its own connection
 * (a name of its own), so two stores, in one process or two, can use one file at once: the file
 * is in WAL mode (readers never wait for a writer) with a busy timeout for two writers. The
 * schema version is PRAGMA user_version; an older file is migrated when opened, a newer one is
 * refused with an error that says so. Every write is one transaction. It never holds a secret.
 *
 * Not thread-safe: use a store from the thread that opened it. Calls block on the disk for a
 * moment (an insert, a read of a few rows); the index of a large manifest takes longer (about
 * 70 ms to write for 57,000 entries: it is one compressed value, IndexBlob).
 */
class HistoryStore
{
public:
    static constexpr int kSchemaVersion = 2;

    /** @p path: the SQLite file; empty: defaultPath(). Call open() before anything else. */
    explicit HistoryStore(QString path = {});
    ~HistoryStore();
    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    /**
     * $XDG_DATA_HOME/dbt-uploader/history.sqlite (~/.local/share/… when unset; the app data
     * folder on Windows and macOS); DBTU_HISTORY_FILE names another file.
     */
    static QString defaultPath();

    /**
     * Opens (creating the file and its folder when missing) and migrates the schema. Errors name
     * the file and say what to do: a folder that cannot be written, a file that is no SQLite
     * database, a file of a newer version of the app.
     */
    Result<void> open();
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }

    /** Adds @p record (its id is ignored) and its @p index in one transaction; returns the id. */
    Result<qint64> add(const UploadRecord &record, const ArtifactIndex &index = {});
    /** Adds @p records (without index) in one transaction, e.g. the settings' list, oldest last. */
    Result<void> addAll(const QList<UploadRecord> &records);
    /** The newest @p limit records (all when limit <= 0), newest first; of one profile if set. */
    Result<QList<UploadRecord>> recent(int limit, const QString &profile = {}) const;
    /** The newest record that succeeded to the destination (UploadRecord::destinationKey()). */
    Result<std::optional<UploadRecord>> lastFor(const QString &destinationKey) const;
    /** The newest record of @p profile that succeeded, wherever it went. */
    Result<std::optional<UploadRecord>> lastOfProfile(const QString &profile) const;
    /**
     * The newest record to the destination whose files reached it (also when its sync then
     * failed) and whose files have exactly these SHA-256 digests (in any order): what `follow`
     * asks before it sends a pair, so that one pair is never sent twice, across restarts.
     */
    Result<std::optional<UploadRecord>> lastSent(const QString &destinationKey,
                                                 QStringList sha256s) const;
    /** The index kept for upload @p id (finished: sorted by unique_id). */
    Result<ArtifactIndex> indexOf(qint64 id) const;
    /** The file's PRAGMA user_version (for tests and About). */
    Result<int> schemaVersion() const;

private:
    Result<void> migrate();
    Result<qint64> insert(const UploadRecord &record, const ArtifactIndex &index);
    Result<QList<UploadRecord>> select(const QString &where, const QVariantList &values,
                                       int limit) const;
    Result<std::optional<UploadRecord>> newest(const QString &where,
                                               const QVariantList &values) const;
    Result<void> exec(const QString &sql) const;
    Error sqlError(const QString &what, const QString &detail) const;
    QSqlDatabase db() const;

    QString m_path;
    QString m_connection;
    bool m_open = false;
};

} // namespace Dbtu
