// SPDX-License-Identifier: MIT
#include "history/HistoryStore.h"

#include "history/IndexBlob.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

#include <algorithm>

namespace Dbtu {

namespace {

QAtomicInteger<quint64> g_connections;

constexpr int kBusyTimeoutMs = 10000;

// Version 1. Each later version adds one step in migrate(), never edits this.
const char *const kSchemaV1[] = {
    "CREATE TABLE uploads ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,"
    " kind TEXT NOT NULL, origin TEXT NOT NULL, profile TEXT NOT NULL,"
    " api_host TEXT NOT NULL, integration_id TEXT NOT NULL, style TEXT NOT NULL,"
    " bucket_provider TEXT NOT NULL, bucket TEXT NOT NULL, prefix TEXT NOT NULL, bytes INTEGER NOT "
    "NULL,"
    " destination_key TEXT NOT NULL, resource_counts TEXT NOT NULL, status_counts TEXT NOT NULL,"
    " outcome TEXT NOT NULL, uploaded INTEGER NOT NULL, error TEXT NOT NULL, sync TEXT NOT NULL,"
    " sync_end TEXT NOT NULL,"
    " invocation_ids TEXT NOT NULL, has_manifest INTEGER NOT NULL, has_run_results INTEGER NOT "
    "NULL)",
    "CREATE INDEX uploads_by_destination ON uploads (destination_key, id)",
    "CREATE INDEX uploads_by_profile ON uploads (profile, id)",
    "CREATE TABLE upload_files ("
    " upload_id INTEGER NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,"
    " position INTEGER NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL)",
    "CREATE INDEX upload_files_by_upload ON upload_files (upload_id)",
    // One row per resource (checksum set, status NULL) or per result (status set).
    "CREATE TABLE upload_index ("
    " upload_id INTEGER NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,"
    " unique_id TEXT NOT NULL, resource_type TEXT, checksum TEXT, status TEXT)",
    "CREATE INDEX upload_index_by_upload ON upload_index (upload_id)",
};

// Version 2: an upload's index is one compressed value (IndexBlob) instead of a row per entry;
// an upload written by version 1 keeps its rows in upload_index, and indexOf() reads them.
const char *const kSchemaV2[] = {
    "CREATE TABLE upload_index_blobs ("
    " upload_id INTEGER PRIMARY KEY REFERENCES uploads (id) ON DELETE CASCADE,"
    " data BLOB NOT NULL)",
};

QString toJson(const QMap<QString, qint64> &counts)
{
    QJsonObject o;
    for (auto it = counts.begin(); it != counts.end(); ++it) {
        o.insert(it.key(), it.value());
    }
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QMap<QString, qint64> countsFromJson(const QString &text)
{
    QMap<QString, qint64> out;
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        out.insert(it.key(), it.value().toInteger());
    }
    return out;
}

/** A null QString binds as SQL NULL: the columns are NOT NULL, an unknown text is "". */
QVariant notNull(const QVariant &v)
{
    if (v.typeId() == QMetaType::QString && v.toString().isNull()) {
        return QStringLiteral("");
    }
    return v;
}

QString utc(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

HistoryStore::HistoryStore(QString path)
    : m_path(path.isEmpty() ? defaultPath() : std::move(path))
    , m_connection(QStringLiteral("dbtu-history-%1").arg(g_connections.fetchAndAddRelaxed(1)))
{}

HistoryStore::~HistoryStore()
{
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase d = QSqlDatabase::database(m_connection, false);
            d.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString HistoryStore::defaultPath()
{
    const QString named = qEnvironmentVariable("DBTU_HISTORY_FILE");
    if (!named.isEmpty()) {
        return named;
    }
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
           + QStringLiteral("/dbt-uploader/history.sqlite");
}

QSqlDatabase HistoryStore::db() const
{
    return QSqlDatabase::database(m_connection, false);
}

Error HistoryStore::sqlError(const QString &what, const QString &detail) const
{
    return Error{ErrorCode::InvalidInput,
                 QObject::tr("The upload history %1 could not be %2: %3")
                     .arg(QDir::toNativeSeparators(m_path), what, detail),
                 QObject::tr("Check that the file and its folder can be written and the disk is "
                             "not full; if the file is damaged, move it away and a new history "
                             "starts."),
                 detail, 0};
}

Result<void> HistoryStore::exec(const QString &sql) const
{
    QSqlQuery q(db());
    if (!q.exec(sql)) {
        return sqlError(QObject::tr("written"), q.lastError().text());
    }
    return {};
}

Result<void> HistoryStore::open()
{
    if (m_open) {
        return {};
    }
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        return Error::invalidInput(
            QObject::tr("The upload history cannot be kept: the folder %1 cannot be "
                        "created.")
                .arg(QDir::toNativeSeparators(info.absolutePath())),
            QObject::tr("Make the folder writable, or set XDG_DATA_HOME (or "
                        "DBTU_HISTORY_FILE) to a folder you can write."));
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        return Error::invalidInput(
            QObject::tr("The upload history %1 cannot be opened: Qt's SQLite driver is "
                        "missing.")
                .arg(QDir::toNativeSeparators(m_path)),
            QObject::tr("Install the package libqt6sql6-sqlite."));
    }
    {
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        d.setDatabaseName(m_path);
        d.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
        if (!d.open()) {
            return sqlError(QObject::tr("opened"), d.lastError().text());
        }
    }
    QSqlQuery q(db());
    // Reading the version first tells a file that is no database from one that is.
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        return sqlError(QObject::tr("read"), q.lastError().text());
    }
    const int version = q.value(0).toInt();
    if (version > kSchemaVersion) {
        return Error::invalidInput(
            QObject::tr("The upload history %1 was written by a newer version of dbt "
                        "Uploader (schema %2; this version reads up to %3).")
                .arg(QDir::toNativeSeparators(m_path), QString::number(version),
                     QString::number(kSchemaVersion)),
            QObject::tr("Update dbt Uploader, or move the file away to start a new "
                        "history (the newer version still reads the old file)."));
    }
    // WAL: a reader (a second window, `history`) never waits for the writer, nor the reverse.
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL"))) {
        return sqlError(QObject::tr("opened"), q.lastError().text());
    }
    if (!q.exec(QStringLiteral("PRAGMA foreign_keys=ON"))) {
        return sqlError(QObject::tr("opened"), q.lastError().text());
    }
    m_open = true;
    if (version < kSchemaVersion) {
        if (Result<void> migrated = migrate(); !migrated) {
            m_open = false;
            return migrated;
        }
    }
    return {};
}

Result<void> HistoryStore::migrate()
{
    // BEGIN IMMEDIATE takes the write lock at once: two first runs cannot both create tables.
    if (Result<void> begun = exec(QStringLiteral("BEGIN IMMEDIATE")); !begun) {
        return begun;
    }
    QSqlQuery q(db());
    int version = 0;
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next()) {
        version = q.value(0).toInt();
    }
    const auto run = [&q](const auto &steps) {
        for (const char *sql : steps) {
            if (!q.exec(QString::fromLatin1(sql))) {
                return false;
            }
        }
        return true;
    };
    if ((version < 1 && !run(kSchemaV1)) || (version < 2 && !run(kSchemaV2))) {
        const QString detail = q.lastError().text();
        (void)exec(QStringLiteral("ROLLBACK"));
        return sqlError(QObject::tr("created"), detail);
    }
    if (!q.exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion))) {
        const QString detail = q.lastError().text();
        (void)exec(QStringLiteral("ROLLBACK"));
        return sqlError(QObject::tr("created"), detail);
    }
    return exec(QStringLiteral("COMMIT"));
}

Result<int> HistoryStore::schemaVersion() const
{
    QSqlQuery q(db());
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        return sqlError(QObject::tr("read"), q.lastError().text());
    }
    return q.value(0).toInt();
}

Result<qint64> HistoryStore::insert(const UploadRecord &r, const ArtifactIndex &index)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral(
        "INSERT INTO uploads (started_at, finished_at, kind, origin, profile, api_host,"
        " integration_id, style, bucket_provider, bucket, prefix, bytes, destination_key,"
        " resource_counts, status_counts, outcome, uploaded, error, sync, sync_end, invocation_ids,"
        " has_manifest, has_run_results)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    const QVariantList values{
        utc(r.startedAt),
        utc(r.finishedAt),
        UploadRecord::kindName(r.kind),
        UploadRecord::originName(r.origin),
        r.profile,
        r.apiHost,
        r.integrationId,
        r.style,
        r.bucketProvider,
        r.bucket,
        r.prefix,
        r.bytes,
        r.destinationKey(),
        toJson(r.resourceCounts),
        toJson(r.statusCounts),
        UploadRecord::outcomeName(r.outcome),
        r.uploaded ? 1 : 0,
        r.error,
        UploadRecord::syncName(r.sync),
        r.syncEnd,
        QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(r.invocationIds))
                              .toJson(QJsonDocument::Compact)),
        index.hasManifest ? 1 : 0,
        index.hasRunResults ? 1 : 0};
    for (const QVariant &v : values) {
        q.addBindValue(notNull(v));
    }
    if (!q.exec()) {
        return sqlError(QObject::tr("written"), q.lastError().text());
    }
    const qint64 id = q.lastInsertId().toLongLong();

    QSqlQuery f(db());
    f.prepare(QStringLiteral("INSERT INTO upload_files (upload_id, position, name, size, sha256)"
                             " VALUES (?, ?, ?, ?, ?)"));
    for (int i = 0; i < r.files.size(); ++i) {
        const UploadRecord::File &file = r.files.at(i);
        f.addBindValue(id);
        f.addBindValue(i);
        f.addBindValue(notNull(file.name));
        f.addBindValue(file.size);
        f.addBindValue(notNull(file.sha256));
        if (!f.exec()) {
            return sqlError(QObject::tr("written"), f.lastError().text());
        }
    }

    QSqlQuery x(db());
    x.prepare(QStringLiteral("INSERT INTO upload_index_blobs (upload_id, data) VALUES (?, ?)"));
    x.addBindValue(id);
    x.addBindValue(IndexBlob::encode(index));
    if (!x.exec()) {
        return sqlError(QObject::tr("written"), x.lastError().text());
    }
    return id;
}

Result<qint64> HistoryStore::add(const UploadRecord &record, const ArtifactIndex &index)
{
    if (!m_open) {
        return sqlError(QObject::tr("written"), QObject::tr("it is not open"));
    }
    if (Result<void> begun = exec(QStringLiteral("BEGIN IMMEDIATE")); !begun) {
        return begun.error();
    }
    Result<qint64> id = insert(record, index);
    if (!id) {
        (void)exec(QStringLiteral("ROLLBACK"));
        return id;
    }
    if (Result<void> done = exec(QStringLiteral("COMMIT")); !done) {
        (void)exec(QStringLiteral("ROLLBACK"));
        return done.error();
    }
    return id;
}

Result<void> HistoryStore::addAll(const QList<UploadRecord> &records)
{
    if (!m_open) {
        return sqlError(QObject::tr("written"), QObject::tr("it is not open"));
    }
    if (Result<void> begun = exec(QStringLiteral("BEGIN IMMEDIATE")); !begun) {
        return begun;
    }
    for (const UploadRecord &r : records) {
        if (Result<qint64> id = insert(r, {}); !id) {
            (void)exec(QStringLiteral("ROLLBACK"));
            return id.error();
        }
    }
    if (Result<void> done = exec(QStringLiteral("COMMIT")); !done) {
        (void)exec(QStringLiteral("ROLLBACK"));
        return done;
    }
    return {};
}

Result<QList<UploadRecord>> HistoryStore::select(const QString &where, const QVariantList &values,
                                                 int limit) const
{
    if (!m_open) {
        return sqlError(QObject::tr("read"), QObject::tr("it is not open"));
    }
    QSqlQuery q(db());
    QString sql = QStringLiteral(
        "SELECT id, started_at, finished_at, kind, origin, profile, api_host, integration_id,"
        " style, bucket_provider, bucket, prefix, resource_counts, status_counts, outcome, error,"
        " sync_end, invocation_ids, bytes, uploaded, sync FROM uploads");
    if (!where.isEmpty()) {
        sql += QStringLiteral(" WHERE ") + where;
    }
    sql += QStringLiteral(" ORDER BY id DESC");
    if (limit > 0) {
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    }
    q.prepare(sql);
    for (const QVariant &v : values) {
        q.addBindValue(v);
    }
    if (!q.exec()) {
        return sqlError(QObject::tr("read"), q.lastError().text());
    }
    QList<UploadRecord> out;
    while (q.next()) {
        UploadRecord r;
        r.id = q.value(0).toLongLong();
        r.startedAt = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
        r.finishedAt = QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs);
        r.kind = UploadRecord::kindFromName(q.value(3).toString());
        r.origin = UploadRecord::originFromName(q.value(4).toString());
        r.profile = q.value(5).toString();
        r.apiHost = q.value(6).toString();
        r.integrationId = q.value(7).toString();
        r.style = q.value(8).toString();
        r.bucketProvider = q.value(9).toString();
        r.bucket = q.value(10).toString();
        r.prefix = q.value(11).toString();
        r.resourceCounts = countsFromJson(q.value(12).toString());
        r.statusCounts = countsFromJson(q.value(13).toString());
        r.outcome = UploadRecord::outcomeFromName(q.value(14).toString());
        r.error = q.value(15).toString();
        r.syncEnd = q.value(16).toString();
        for (const QJsonValue &v :
             QJsonDocument::fromJson(q.value(17).toString().toUtf8()).array()) {
            r.invocationIds << v.toString();
        }
        r.bytes = q.value(18).toLongLong();
        r.uploaded = q.value(19).toBool();
        r.sync = UploadRecord::syncFromName(q.value(20).toString());
        out << r;
    }
    QSqlQuery f(db());
    f.prepare(QStringLiteral(
        "SELECT name, size, sha256 FROM upload_files WHERE upload_id = ? ORDER BY position"));
    for (UploadRecord &r : out) {
        f.addBindValue(r.id);
        if (!f.exec()) {
            return sqlError(QObject::tr("read"), f.lastError().text());
        }
        while (f.next()) {
            r.files << UploadRecord::File{f.value(0).toString(), f.value(1).toLongLong(),
                                          f.value(2).toString()};
        }
    }
    return out;
}

Result<QList<UploadRecord>> HistoryStore::recent(int limit, const QString &profile) const
{
    if (profile.isEmpty()) {
        return select({}, {}, limit);
    }
    return select(QStringLiteral("profile = ?"), {profile}, limit);
}

Result<std::optional<UploadRecord>> HistoryStore::newest(const QString &where,
                                                         const QVariantList &values) const
{
    Result<QList<UploadRecord>> found = select(where, values, 1);
    if (!found) {
        return found.error();
    }
    if (found.value().isEmpty()) {
        return std::optional<UploadRecord>();
    }
    return std::optional<UploadRecord>(found.value().first());
}

Result<std::optional<UploadRecord>> HistoryStore::lastOfProfile(const QString &profile) const
{
    return newest(QStringLiteral("profile = ? AND outcome = 'succeeded'"), {profile});
}

Result<std::optional<UploadRecord>> HistoryStore::lastFor(const QString &destinationKey) const
{
    return newest(QStringLiteral("destination_key = ? AND outcome = 'succeeded'"),
                  {destinationKey});
}

Result<std::optional<UploadRecord>> HistoryStore::lastSent(const QString &destinationKey,
                                                           QStringList sha256s) const
{
    // The files' digests, sorted and joined, against the same of each upload to the destination.
    std::sort(sha256s.begin(), sha256s.end());
    return newest(
        QStringLiteral("destination_key = ? AND uploaded = 1 AND"
                       " (SELECT group_concat(sha256, ',') FROM"
                       " (SELECT sha256 FROM upload_files f WHERE f.upload_id = uploads.id"
                       " ORDER BY sha256)) = ?"),
        {destinationKey, sha256s.join(QLatin1Char(','))});
}

Result<ArtifactIndex> HistoryStore::indexOf(qint64 id) const
{
    if (!m_open) {
        return sqlError(QObject::tr("read"), QObject::tr("it is not open"));
    }
    ArtifactIndex index;
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT has_manifest, has_run_results FROM uploads WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec()) {
        return sqlError(QObject::tr("read"), q.lastError().text());
    }
    if (!q.next()) {
        return Error{ErrorCode::NotFound,
                     QObject::tr("The upload history %1 holds no upload %2.")
                         .arg(QDir::toNativeSeparators(m_path), QString::number(id)),
                     QObject::tr("See `dbt-uploader history` for the uploads it holds."),
                     {},
                     0};
    }
    index.hasManifest = q.value(0).toBool();
    index.hasRunResults = q.value(1).toBool();
    q.prepare(QStringLiteral("SELECT data FROM upload_index_blobs WHERE upload_id = ?"));
    q.addBindValue(id);
    if (!q.exec()) {
        return sqlError(QObject::tr("read"), q.lastError().text());
    }
    if (q.next()) {
        std::optional<ArtifactIndex> kept = IndexBlob::decode(q.value(0).toByteArray());
        if (!kept) {
            return sqlError(QObject::tr("read"),
                            QObject::tr("the index of upload %1 is damaged").arg(id));
        }
        kept->hasManifest = index.hasManifest;
        kept->hasRunResults = index.hasRunResults;
        return *std::move(kept);
    }
    // Written by schema version 1: a row per entry.
    q.prepare(QStringLiteral("SELECT unique_id, resource_type, checksum, status FROM upload_index"
                             " WHERE upload_id = ? ORDER BY unique_id"));
    q.addBindValue(id);
    if (!q.exec()) {
        return sqlError(QObject::tr("read"), q.lastError().text());
    }
    while (q.next()) {
        if (q.value(3).isNull()) {
            index.addResource(q.value(0).toString().toStdString(),
                              q.value(1).toString().toStdString(),
                              q.value(2).toString().toStdString());
        } else {
            index.addResult(q.value(0).toString().toStdString(),
                            q.value(3).toString().toStdString());
        }
    }
    // SQLite's ORDER BY compares bytes as std::string does: the lists stay as finish() sorts them.
    return index;
}

} // namespace Dbtu
