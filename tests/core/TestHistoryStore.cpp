// SPDX-License-Identifier: MIT
// HistoryStore: the upload history in SQLite, on real artifacts and real files; two stores on one
// file at once; a file of a newer version; the move of the settings' list.
#include "artifacts/InspectJob.h"
#include "diff/ArtifactDiff.h"
#include "history/HistoryStore.h"
#include "history/IndexBlob.h"
#include "history/SettingsHistoryMove.h"
#include "settings/UploadHistory.h"
#include "util/FileDigest.h"

#include "HistoryFiles.h"
#include "TestHelpers.h"
#include "TestPaths.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace Dbtu;

namespace {

/** Inspects @p folder as the sessions do (InspectJob collecting the index). */
struct Checked
{
    InspectResult result;
    ArtifactIndex index;
    QString manifestSha;
    QString runResultsSha;
};

std::optional<Checked> check(const QString &folder)
{
    InspectJob job({folder});
    job.setCollectIndex(true);
    QSignalSpy spy(&job, &InspectJob::finished);
    job.start();
    if (!spy.wait(10000) || job.error()) {
        return std::nullopt;
    }
    Checked c{*job.result(), job.index(), {}, {}};
    c.manifestSha = job.sha256(c.result.manifest->path);
    c.runResultsSha = job.sha256(c.result.runResults->path);
    return c;
}

UploadRecord apiRecord(const Checked &c, const QString &profile)
{
    UploadRecord r;
    r.startedAt = QDateTime(QDate(2026, 7, 31), QTime(16, 59, 51, 206), Qt::UTC);
    r.finishedAt = r.startedAt.addSecs(7);
    r.kind = UploadRecord::Kind::Api;
    r.origin = UploadRecord::Origin::Cli;
    r.profile = profile;
    r.apiHost = QStringLiteral("api.secoda.example");
    r.integrationId = QStringLiteral("740904fe-0000-4000-8000-000000000001");
    r.style = QStringLiteral("combined");
    r.files << UploadRecord::File{QStringLiteral("manifest.json"), c.result.manifest->sizeBytes,
                                  c.manifestSha}
            << UploadRecord::File{QStringLiteral("run_results.json"),
                                  c.result.runResults->sizeBytes, c.runResultsSha};
    r.bytes = c.result.manifest->sizeBytes + c.result.runResults->sizeBytes;
    r.resourceCounts = c.result.manifest->resourceTypeCounts;
    r.statusCounts = c.result.runResults->statusCounts;
    r.outcome = UploadRecord::Outcome::Succeeded;
    r.syncEnd = QStringLiteral("finished at 2026-07-31T17:00:01Z");
    r.invocationIds << *c.result.manifest->metadata.invocationId;
    return r;
}

} // namespace

class TestHistoryStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("dbtu-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("TestHistoryStore"));
        QFile::remove(QSettings().fileName());
        QVERIFY(m_dir.isValid());
        const std::optional<Checked> old = check(Test::dataDir() + QStringLiteral("/diff/old"));
        QVERIFY(old);
        m_old = *old;
    }

    void defaultPathIsUnderTheDataFolder()
    {
        const QString path = HistoryStore::defaultPath();
        QVERIFY2(path.endsWith(QLatin1String("/dbt-uploader/history.sqlite")), qPrintable(path));
        QVERIFY(
            path.startsWith(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)));
    }

    void roundTripOfARecordAndItsIndex()
    {
        HistoryStore store(m_dir.filePath(QStringLiteral("round-trip/history.sqlite")));
        QVERIFY_OK(store.open());
        const UploadRecord in = apiRecord(m_old, QStringLiteral("prod"));
        const Result<qint64> id = store.add(in, m_old.index);
        QVERIFY_OK(id);
        QVERIFY(id.value() > 0);

        const Result<QList<UploadRecord>> all = store.recent(10);
        QVERIFY_OK(all);
        QCOMPARE(all.value().size(), 1);
        const UploadRecord &out = all.value().first();
        QCOMPARE(out.id, id.value());
        QCOMPARE(out.startedAt, in.startedAt);
        QCOMPARE(out.finishedAt, in.finishedAt);
        QCOMPARE(out.kind, in.kind);
        QCOMPARE(out.origin, in.origin);
        QCOMPARE(out.profile, in.profile);
        QCOMPARE(out.apiHost, in.apiHost);
        QCOMPARE(out.integrationId, in.integrationId);
        QCOMPARE(out.style, in.style);
        QCOMPARE(out.bytes, in.bytes);
        QCOMPARE(out.resourceCounts, in.resourceCounts);
        QVERIFY(!out.resourceCounts.isEmpty());
        QCOMPARE(out.statusCounts, in.statusCounts);
        QVERIFY(!out.statusCounts.isEmpty());
        QCOMPARE(out.outcome, in.outcome);
        QCOMPARE(out.syncEnd, in.syncEnd);
        QCOMPARE(out.invocationIds, in.invocationIds);
        QCOMPARE(out.files.size(), 2);
        // The digests are those of the real files, computed apart here.
        QCOMPARE(
            out.files.at(0).sha256.toLatin1(),
            Dbtu::Test::sha256Hex(Test::dataDir() + QStringLiteral("/diff/old/manifest.json")));
        QCOMPARE(
            out.files.at(1).sha256.toLatin1(),
            Dbtu::Test::sha256Hex(Test::dataDir() + QStringLiteral("/diff/old/run_results.json")));
        QCOMPARE(out.files.at(1).size,
                 QFileInfo(Test::dataDir() + QStringLiteral("/diff/old/run_results.json")).size());

        // The index comes back as it went in, and compares with NEW as the original does.
        const Result<ArtifactIndex> index = store.indexOf(id.value());
        QVERIFY_OK(index);
        QVERIFY(index.value().hasManifest);
        QVERIFY(index.value().hasRunResults);
        QCOMPARE(index.value().resources.size(), m_old.index.resources.size());
        QCOMPARE(index.value().results.size(), m_old.index.results.size());
        QVERIFY(!m_old.index.resources.empty());
        for (size_t i = 0; i < m_old.index.resources.size(); ++i) {
            QCOMPARE(index.value().resources[i].uniqueId, m_old.index.resources[i].uniqueId);
            QCOMPARE(index.value().resources[i].resourceType,
                     m_old.index.resources[i].resourceType);
            QCOMPARE(index.value().resources[i].checksum, m_old.index.resources[i].checksum);
        }
        for (size_t i = 0; i < m_old.index.results.size(); ++i) {
            QCOMPARE(index.value().results[i].uniqueId, m_old.index.results[i].uniqueId);
            QCOMPARE(index.value().results[i].status, m_old.index.results[i].status);
        }
        const std::optional<Checked> next = check(Test::dataDir() + QStringLiteral("/diff/new"));
        QVERIFY(next);
        const ArtifactDiff fromStore = ArtifactDiff::compare(index.value(), next->index);
        const ArtifactDiff fromFiles = ArtifactDiff::compare(m_old.index, next->index);
        QVERIFY(!fromFiles.isEmpty());
        QVERIFY(fromStore.resources && fromFiles.resources);
        QCOMPARE(fromStore.resources->size(), fromFiles.resources->size());
        for (const auto &[type, changes] : *fromFiles.resources) {
            QVERIFY(fromStore.resources->count(type));
            QCOMPARE(fromStore.resources->at(type).added, changes.added);
            QCOMPARE(fromStore.resources->at(type).removed, changes.removed);
            QCOMPARE(fromStore.resources->at(type).modified, changes.modified);
        }
        QVERIFY(fromStore.results && fromFiles.results);
        QCOMPARE(fromStore.results->newlyFailing, fromFiles.results->newlyFailing);
        QCOMPARE(fromStore.results->fixed, fromFiles.results->fixed);
        QVERIFY(!store.indexOf(id.value() + 1000).ok());
    }

    void recentLimitProfileAndLastFor()
    {
        HistoryStore store(m_dir.filePath(QStringLiteral("recent.sqlite")));
        QVERIFY_OK(store.open());
        for (int i = 0; i < 5; ++i) {
            UploadRecord r
                = apiRecord(m_old, i % 2 ? QStringLiteral("dev") : QStringLiteral("prod"));
            r.syncEnd = QString::number(i);
            r.outcome = i == 4 ? UploadRecord::Outcome::Failed : UploadRecord::Outcome::Succeeded;
            QVERIFY_OK(store.add(r, m_old.index));
        }
        UploadRecord bucket = apiRecord(m_old, QStringLiteral("prod"));
        bucket.kind = UploadRecord::Kind::Bucket;
        bucket.bucketProvider = QStringLiteral("s3");
        bucket.bucket = QStringLiteral("lake");
        bucket.prefix = QStringLiteral("dbt/");
        bucket.syncEnd.clear();
        QVERIFY_OK(store.add(bucket, {}));

        const Result<QList<UploadRecord>> two = store.recent(2);
        QVERIFY_OK(two);
        QCOMPARE(two.value().size(), 2);
        QCOMPARE(two.value().at(0).kind, UploadRecord::Kind::Bucket);
        QCOMPARE(two.value().at(0).destination(), QStringLiteral("s3://lake/dbt/"));
        QCOMPARE(two.value().at(1).syncEnd, QStringLiteral("4"));
        const Result<QList<UploadRecord>> dev = store.recent(0, QStringLiteral("dev"));
        QVERIFY_OK(dev);
        QCOMPARE(dev.value().size(), 2);
        QCOMPARE(dev.value().at(0).syncEnd, QStringLiteral("3"));
        QCOMPARE(dev.value().at(1).syncEnd, QStringLiteral("1"));

        // The last upload that succeeded to the API destination: the 4th (the 5th failed).
        const Result<std::optional<UploadRecord>> last
            = store.lastFor(apiRecord(m_old, {}).destinationKey());
        QVERIFY_OK(last);
        QVERIFY(last.value());
        QCOMPARE(last.value()->syncEnd, QStringLiteral("3"));
        const Result<std::optional<UploadRecord>> none
            = store.lastFor(QStringLiteral("bucket|gcs|other|"));
        QVERIFY_OK(none);
        QVERIFY(!none.value());
    }

    void lastSentMatchesTheDigestsAndTheDestination()
    {
        // What `follow` asks before it sends a pair: files that reached the destination with
        // exactly these digests (in any order), whether or not the sync then failed.
        HistoryStore store(m_dir.filePath(QStringLiteral("last-sent/history.sqlite")));
        QVERIFY_OK(store.open());
        UploadRecord sent = apiRecord(m_old, QStringLiteral("prod"));
        sent.outcome = UploadRecord::Outcome::Failed; // the trigger failed after the upload
        sent.uploaded = true;
        const Result<qint64> id = store.add(sent);
        QVERIFY_OK(id);
        UploadRecord notSent = apiRecord(m_old, QStringLiteral("prod"));
        notSent.integrationId = QStringLiteral("00000000-0000-0000-0000-00000000000b");
        notSent.outcome = UploadRecord::Outcome::Failed;
        notSent.uploaded = false;
        QVERIFY_OK(store.add(notSent));
        const QString key = sent.destinationKey();

        const Result<std::optional<UploadRecord>> both
            = store.lastSent(key, {m_old.runResultsSha, m_old.manifestSha});
        QVERIFY_OK(both);
        QVERIFY(both.value());
        QCOMPARE(both.value()->id, id.value());
        // Not the manifest alone, nor another destination, nor files that never arrived.
        const Result<std::optional<UploadRecord>> one = store.lastSent(key, {m_old.manifestSha});
        QVERIFY_OK(one);
        QVERIFY(!one.value());
        const Result<std::optional<UploadRecord>> elsewhere = store.lastSent(
            UploadRecord::bucketDestinationKey(QStringLiteral("s3"), QStringLiteral("lake"),
                                               QStringLiteral("dbt/")),
            {m_old.manifestSha, m_old.runResultsSha});
        QVERIFY_OK(elsewhere);
        QVERIFY(!elsewhere.value());
        const Result<std::optional<UploadRecord>> never
            = store.lastSent(notSent.destinationKey(), {m_old.manifestSha, m_old.runResultsSha});
        QVERIFY_OK(never);
        QVERIFY(!never.value());
    }

    void schemaVersionIsSet()
    {
        const QString path = m_dir.filePath(QStringLiteral("version.sqlite"));
        {
            HistoryStore store(path);
            QVERIFY_OK(store.open());
            const Result<int> v = store.schemaVersion();
            QVERIFY_OK(v);
            QCOMPARE(v.value(), HistoryStore::kSchemaVersion);
        }
        // Read by a connection of the test's own, not through the store.
        QCOMPARE(rawUserVersion(path), HistoryStore::kSchemaVersion);
        QVERIFY(HistoryStore::kSchemaVersion >= 1);
    }

    void aNewerFileGivesAClearError()
    {
        const QString path = m_dir.filePath(QStringLiteral("newer.sqlite"));
        {
            HistoryStore store(path);
            QVERIFY_OK(store.open());
        }
        setRawUserVersion(path, HistoryStore::kSchemaVersion + 1);
        HistoryStore store(path);
        const Result<void> opened = store.open();
        QVERIFY(!opened.ok());
        QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
        QVERIFY2(opened.error().message.contains(QLatin1String("newer version")),
                 qPrintable(opened.error().message));
        QVERIFY(opened.error().hint.contains(QLatin1String("Update dbt Uploader")));
        QVERIFY(!store.isOpen());
        QVERIFY(!store.add(apiRecord(m_old, {}), {}).ok());
        QVERIFY(!store.recent(1).ok());
        QCOMPARE(rawUserVersion(path), HistoryStore::kSchemaVersion + 1); // left as it was
    }

    void aFileThatIsNoDatabase()
    {
        const QString path = m_dir.filePath(QStringLiteral("garbage.sqlite"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        HistoryStore store(path);
        const Result<void> opened = store.open();
        QVERIFY(!opened.ok());
        QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
        QVERIFY(opened.error().hint.contains(QLatin1String("move it away")));
    }

    void aFolderThatCannotBeCreated()
    {
        const QString file = m_dir.filePath(QStringLiteral("a-file"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        HistoryStore store(file + QStringLiteral("/sub/history.sqlite"));
        const Result<void> opened = store.open();
        QVERIFY(!opened.ok());
        QVERIFY2(opened.error().message.contains(file), qPrintable(opened.error().message));
    }

    void twoStoresOnOneFileAtOnce()
    {
        const QString path = m_dir.filePath(QStringLiteral("shared.sqlite"));
        HistoryStore a(path);
        HistoryStore b(path);
        QVERIFY_OK(a.open());
        QVERIFY_OK(b.open());
        // b reads while a writes, and the other way round, each seeing the other's rows at once.
        for (int i = 0; i < 20; ++i) {
            UploadRecord r = apiRecord(m_old, QStringLiteral("a"));
            r.syncEnd = QStringLiteral("a%1").arg(i);
            QVERIFY_OK(a.add(r, m_old.index));
            const Result<QList<UploadRecord>> seen = b.recent(1);
            QVERIFY_OK(seen);
            QCOMPARE(seen.value().first().syncEnd, r.syncEnd);
            r.profile = QStringLiteral("b");
            r.syncEnd = QStringLiteral("b%1").arg(i);
            QVERIFY_OK(b.add(r, {}));
            QCOMPARE(a.recent(1).value().first().syncEnd, r.syncEnd);
        }
        QCOMPARE(a.recent(0).value().size(), 40);
        QCOMPARE(b.recent(0, QStringLiteral("a")).value().size(), 20);
        QCOMPARE(a.recent(0, QStringLiteral("b")).value().size(), 20);
        const qint64 lastA = b.recent(0, QStringLiteral("a")).value().first().id;
        QCOMPARE(b.indexOf(lastA).value().resources.size(), m_old.index.resources.size());
    }

    void theSettingsListMovesOnce()
    {
        UploadHistory::clear();
        UploadHistory::Entry older{
            QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC),
            {QStringLiteral("manifest.json"), QStringLiteral("run_results.json")},
            12345,
            QStringLiteral("prod"),
            QStringLiteral("740904fe-aaaa"),
            QStringLiteral("combined"),
            QStringLiteral("sync finished")};
        UploadHistory::Entry newer = older;
        newer.when = older.when.addDays(1);
        newer.bytes = 99;
        newer.style = QStringLiteral("separate");
        newer.outcome = QStringLiteral("failed: Secoda refused the key");
        UploadHistory::add(older);
        UploadHistory::add(newer);

        HistoryStore store(m_dir.filePath(QStringLiteral("moved.sqlite")));
        QVERIFY_OK(store.open());
        const Result<int> moved = moveSettingsHistory(store);
        QVERIFY_OK(moved);
        QCOMPARE(moved.value(), 2);
        QVERIFY(UploadHistory::load().isEmpty());
        QCOMPARE(QSettings().value(QStringLiteral("apiUpload/history/size"), -1).toInt(), -1);

        const QList<UploadRecord> all = store.recent(0).value();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.at(0).startedAt, newer.when);
        QCOMPARE(all.at(0).outcome, UploadRecord::Outcome::Failed);
        QCOMPARE(all.at(0).error, newer.outcome);
        QCOMPARE(all.at(0).style, QStringLiteral("separate"));
        QCOMPARE(all.at(0).bytes, 99);
        QCOMPARE(all.at(1).startedAt, older.when);
        QCOMPARE(all.at(1).outcome, UploadRecord::Outcome::Succeeded);
        QCOMPARE(all.at(1).syncEnd, QStringLiteral("sync finished"));
        QCOMPARE(all.at(1).profile, QStringLiteral("prod"));
        QCOMPARE(all.at(1).integrationId, QStringLiteral("740904fe-aaaa"));
        QCOMPARE(all.at(1).bytes, 12345);
        QCOMPARE(all.at(1).files.size(), 2);
        QCOMPARE(all.at(1).files.at(1).name, QStringLiteral("run_results.json"));
        QVERIFY(all.at(1).id < all.at(0).id);

        // Once: a second run finds nothing to move and adds nothing.
        const Result<int> again = moveSettingsHistory(store);
        QVERIFY_OK(again);
        QCOMPARE(again.value(), 0);
        QCOMPARE(store.recent(0).value().size(), 2);
    }

    void aVersionOneFileIsMigratedAndItsIndexStillRead()
    {
        // A file as version 1 wrote it: the index as a row per entry, user_version 1. Made
        // here from a current file by moving its index into those rows.
        const QString path = m_dir.filePath(QStringLiteral("v1/history.sqlite"));
        qint64 id = 0;
        {
            HistoryStore store(path);
            QVERIFY_OK(store.open());
            const Result<qint64> added = store.add(apiRecord(m_old, QStringLiteral("prod")));
            QVERIFY_OK(added);
            id = added.value();
        }
        {
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("test-v1"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("BEGIN")));
            QVERIFY(q.exec(QStringLiteral("DROP TABLE upload_index_blobs")));
            QVERIFY(q.prepare(QStringLiteral("INSERT INTO upload_index VALUES (?, ?, ?, ?, ?)")));
            for (const ArtifactIndex::Resource &r : m_old.index.resources) {
                q.addBindValue(id);
                q.addBindValue(QString::fromUtf8(r.uniqueId));
                q.addBindValue(QString::fromUtf8(r.resourceType));
                q.addBindValue(QString::fromUtf8(r.checksum));
                q.addBindValue(QVariant(QMetaType(QMetaType::QString)));
                QVERIFY(q.exec());
            }
            for (const ArtifactIndex::RunResult &r : m_old.index.results) {
                q.addBindValue(id);
                q.addBindValue(QString::fromUtf8(r.uniqueId));
                q.addBindValue(QVariant(QMetaType(QMetaType::QString)));
                q.addBindValue(QVariant(QMetaType(QMetaType::QString)));
                q.addBindValue(QString::fromUtf8(r.status));
                QVERIFY(q.exec());
            }
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=1")));
            QVERIFY(q.exec(QStringLiteral("COMMIT")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("test-v1"));
        QCOMPARE(rawUserVersion(path), 1);

        HistoryStore store(path);
        QVERIFY_OK(store.open());
        QCOMPARE(rawUserVersion(path), HistoryStore::kSchemaVersion);
        const Result<ArtifactIndex> old = store.indexOf(id);
        QVERIFY_OK(old);
        QVERIFY(sameIndex(old.value(), m_old.index));
        // A new upload goes into the new form, and both read back.
        const Result<qint64> next
            = store.add(apiRecord(m_old, QStringLiteral("prod")), m_old.index);
        QVERIFY_OK(next);
        const Result<ArtifactIndex> fresh = store.indexOf(next.value());
        QVERIFY_OK(fresh);
        QVERIFY(sameIndex(fresh.value(), m_old.index));
    }

    void aDamagedIndexIsAnErrorNotACrash()
    {
        const QString path = m_dir.filePath(QStringLiteral("damaged/history.sqlite"));
        HistoryStore store(path);
        QVERIFY_OK(store.open());
        const Result<qint64> id = store.add(apiRecord(m_old, QStringLiteral("prod")), m_old.index);
        QVERIFY_OK(id);
        // Every cut of the kept value, and a value that claims to unpack to 4 GB.
        const QByteArray whole = rawIndexBlob(path);
        QVERIFY(whole.size() > 16);
        QByteArray huge = whole;
        huge[0] = char(0xff);
        huge[1] = char(0xff);
        QByteArray flipped = whole;
        flipped[whole.size() / 2] = char(flipped[whole.size() / 2] ^ 0x55);
        for (const QByteArray &bad : {whole.left(whole.size() / 2), whole.left(3), QByteArray(""),
                                      huge, flipped, QByteArray("not an index at all")}) {
            setRawIndexBlob(path, bad);
            const Result<ArtifactIndex> read = store.indexOf(id.value());
            QVERIFY(!read.ok());
            QVERIFY2(read.error().message.contains(QLatin1String("damaged")),
                     qPrintable(read.error().message));
        }
        setRawIndexBlob(path, whole);
        QVERIFY_OK(store.indexOf(id.value()));
    }

    void aLargeIndexKeepsTheStoredForm()
    {
        // Written in pieces (many times zlib's window and the writer's buffer), still
        // qCompress's form that earlier versions wrote and read: the size, then one stream.
        ArtifactIndex in;
        for (int i = 0; i < 40000; ++i) {
            const std::string id = "model.p.m" + std::to_string(i);
            in.addResource(id, i % 3 ? "model" : "test", std::to_string(i * 7919) + "f00d");
        }
        in.finish(ArtifactKind::Manifest);
        ArtifactIndex results;
        for (const ArtifactIndex::Resource &r : in.resources) {
            results.addResult(r.uniqueId, r.resourceType == "test" ? "fail" : "pass");
        }
        results.finish(ArtifactKind::RunResults);
        in.takeResults(std::move(results));
        const QByteArray blob = IndexBlob::encode(in);
        const QByteArray raw = qUncompress(blob);
        QVERIFY(raw.startsWith("DBTUIX1\n"));
        QVERIFY2(raw.size() > 1024 * 1024, QByteArray::number(raw.size()).constData());
        const std::optional<ArtifactIndex> out = IndexBlob::decode(blob);
        QVERIFY(out);
        QVERIFY(sameIndex(*out, in));
    }

    void theIndexKeepsAnyText()
    {
        // unique_ids are JSON strings: tabs, new lines, empty strings and non-ASCII survive.
        ArtifactIndex in;
        in.addResource("model.p.a\tb", "model", "");
        in.addResource("model.p.caf\xc3\xa9\n2", "", std::string("sha\0x", 5));
        in.addResource(std::string(300, 'x'), "seed", std::string(64, 'f'));
        in.addResult("", "error");
        in.addResult("test.p.t\r", "");
        in.hasManifest = in.hasRunResults = true;
        HistoryStore store(m_dir.filePath(QStringLiteral("text/history.sqlite")));
        QVERIFY_OK(store.open());
        const Result<qint64> id = store.add(apiRecord(m_old, QStringLiteral("prod")), in);
        QVERIFY_OK(id);
        const Result<ArtifactIndex> out = store.indexOf(id.value());
        QVERIFY_OK(out);
        QVERIFY(sameIndex(out.value(), in));
        // And an empty one.
        const Result<qint64> empty = store.add(apiRecord(m_old, QStringLiteral("prod")), {});
        QVERIFY_OK(empty);
        const Result<ArtifactIndex> none = store.indexOf(empty.value());
        QVERIFY_OK(none);
        QVERIFY(none.value().resources.empty() && none.value().results.empty());
    }

    void digestOfAFile()
    {
        const QString path = Test::dataDir() + QStringLiteral("/diff/new/manifest.json");
        QCOMPARE(sha256OfFile(path).toLatin1(), Dbtu::Test::sha256Hex(path));
        QVERIFY(sha256OfFile(m_dir.filePath(QStringLiteral("missing.json"))).isEmpty());
        // FIPS 180-2's examples, through libcrypto.
        QCOMPARE(Sha256::hexOf("abc"),
                 QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(Sha256::hexOf(""),
                 QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

private:
    static bool sameIndex(const ArtifactIndex &a, const ArtifactIndex &b)
    {
        const auto sameResource
            = [](const ArtifactIndex::Resource &x, const ArtifactIndex::Resource &y) {
                  return x.uniqueId == y.uniqueId && x.resourceType == y.resourceType
                         && x.checksum == y.checksum;
              };
        const auto sameResult
            = [](const ArtifactIndex::RunResult &x, const ArtifactIndex::RunResult &y) {
                  return x.uniqueId == y.uniqueId && x.status == y.status;
              };
        return std::equal(a.resources.begin(), a.resources.end(), b.resources.begin(),
                          b.resources.end(), sameResource)
               && std::equal(a.results.begin(), a.results.end(), b.results.begin(), b.results.end(),
                             sameResult);
    }
    /** Runs @p work on a connection of its own to the file at @p path, as another program
     * would; false when the file cannot be opened or @p work fails. */
    static bool onRawFile(const QString &path, const std::function<bool(QSqlQuery &)> &work)
    {
        bool done = false;
        {
            QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("test-raw"));
            db.setDatabaseName(path);
            if (db.open()) {
                QSqlQuery q(db);
                done = work(q);
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("test-raw"));
        return done;
    }
    static int rawUserVersion(const QString &path)
    {
        int version = -1;
        onRawFile(path, [&version](QSqlQuery &q) {
            if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next()) {
                version = q.value(0).toInt();
            }
            return true;
        });
        return version;
    }
    static void setRawUserVersion(const QString &path, int version)
    {
        QVERIFY(onRawFile(path, [version](QSqlQuery &q) {
            return q.exec(QStringLiteral("PRAGMA user_version=%1").arg(version));
        }));
    }
    static QByteArray rawIndexBlob(const QString &path)
    {
        QByteArray data;
        onRawFile(path, [&data](QSqlQuery &q) {
            if (q.exec(QStringLiteral("SELECT data FROM upload_index_blobs")) && q.next()) {
                data = q.value(0).toByteArray();
            }
            return true;
        });
        return data;
    }
    static void setRawIndexBlob(const QString &path, const QByteArray &data)
    {
        QVERIFY(onRawFile(path, [&data](QSqlQuery &q) {
            if (!q.prepare(QStringLiteral("UPDATE upload_index_blobs SET data = ?"))) {
                return false;
            }
            q.addBindValue(data);
            return q.exec();
        }));
    }

    QTemporaryDir m_dir;
    Checked m_old;
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "TestHistoryStore.moc"
