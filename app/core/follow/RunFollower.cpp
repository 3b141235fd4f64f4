// SPDX-License-Identifier: MIT
#include "follow/RunFollower.h"

#include "artifacts/InspectJob.h"
#include "history/HistoryStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QStandardPaths>

#include <algorithm>

Q_LOGGING_CATEGORY(lcFollow, "dbtu.follow", QtWarningMsg)

namespace Dbtu {

namespace {

const char kManifest[] = "manifest.json";
const char kRunResults[] = "run_results.json";

/** Errors no retry can change for this run: the next run is taken. */
bool rejectsTheRun(ErrorCode code)
{
    return code == ErrorCode::InvalidInput || code == ErrorCode::ParseError
           || code == ErrorCode::FileNotFound;
}

/** Errors no retry or later run can change: the follower ends with them. */
bool endsTheFollower(ErrorCode code)
{
    return code == ErrorCode::Unauthorized || code == ErrorCode::Forbidden
           || code == ErrorCode::NotFound || code == ErrorCode::Tls
           || code == ErrorCode::KeychainUnavailable;
}

QString seconds(qint64 ms)
{
    return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000)
                          : QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

} // namespace

QString FollowEvent::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Watching:
        return QStringLiteral("watching");
    case Kind::Waiting:
        return QStringLiteral("waiting");
    case Kind::Skipped:
        return QStringLiteral("skipped");
    case Kind::Uploading:
        return QStringLiteral("uploading");
    case Kind::Uploaded:
        return QStringLiteral("uploaded");
    case Kind::Failed:
        return QStringLiteral("failed");
    case Kind::Superseded:
        return QStringLiteral("superseded");
    case Kind::Rejected:
        return QStringLiteral("rejected");
    }
    return {};
}

RunFollower::RunFollower(QString folder, Options options, SendFactory factory,
                         HistoryStore *history, QObject *parent)
    : Job(parent)
    , m_folder(QDir::cleanPath(QFileInfo(folder).absoluteFilePath()))
    , m_options(std::move(options))
    , m_factory(std::move(factory))
    , m_history(history)
{
    qRegisterMetaType<FollowEvent>();
    m_settle.setSingleShot(true);
    m_retry.setSingleShot(true);
    connect(&m_settle, &QTimer::timeout, this, &RunFollower::evaluate);
    connect(&m_retry, &QTimer::timeout, this, &RunFollower::evaluate);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &RunFollower::onChanged);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &RunFollower::onChanged);
}

RunFollower::~RunFollower()
{
    // Their last finished() must not reach a follower that is going away.
    if (m_check) {
        m_check->disconnect(this);
        delete m_check;
    }
    if (m_send.job) {
        m_send.job->disconnect(this);
        delete m_send.job;
    }
}

QString RunFollower::path(const char *name) const
{
    return m_folder + QLatin1Char('/') + QLatin1String(name);
}

QString RunFollower::runName(const QString &invocationId)
{
    return invocationId.isEmpty() ? QStringLiteral("run (no invocation_id)")
                                  : QStringLiteral("run %1").arg(invocationId);
}

QString RunFollower::stagingBase() const
{
    if (!m_options.stagingDir.isEmpty()) {
        return m_options.stagingDir;
    }
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
           + QStringLiteral("/dbt-uploader/follow");
}

void RunFollower::run()
{
    const QFileInfo folder(m_folder);
    if (!folder.isDir()) {
        finishWith(Error{ErrorCode::FileNotFound,
                         QStringLiteral("%1 is not a folder").arg(m_folder),
                         QStringLiteral("Pass dbt's target/ folder (the project's target-path), "
                                        "where dbt writes manifest.json and run_results.json."),
                         {},
                         0});
        return;
    }
    if (!m_watcher.addPath(m_folder)) {
        finishWith(Error::invalidInput(
            QStringLiteral("%1 cannot be watched for changes").arg(m_folder),
            QStringLiteral("Check that the folder can be read; on Linux, a full "
                           "fs.inotify.max_user_watches also stops this.")));
        return;
    }
    watchFiles();
    // Copies a follower killed with SIGKILL left behind (a live one's are locked).
    if (const int stale = StagingDir::removeStale(stagingBase()); stale > 0) {
        qCInfo(lcFollow) << "removed" << stale << "folders of copies left by a follower that ended";
    }
    FollowEvent e;
    e.kind = FollowEvent::Kind::Watching;
    e.message = QStringLiteral("Watching %1 for new dbt runs (to %2).")
                    .arg(m_folder, m_options.destination);
    emitEvent(e);
    settleLater(); // what is there already may not have been sent yet
}

void RunFollower::abort()
{
    m_settle.stop();
    m_retry.stop();
    m_watcher.disconnect(this);
    if (m_check) {
        m_check->cancel(); // onChecked() ends the follower
        return;
    }
    if (m_send.job) {
        m_send.job->cancel(); // onSent() ends the follower
        return;
    }
    finishWith(Error{
        ErrorCode::Cancelled, QStringLiteral("Stopped following %1.").arg(m_folder), {}, {}, 0});
}

void RunFollower::watchFiles()
{
    // A file replaced (written anew, renamed over) drops out of the watch: add it again.
    for (const char *name : {kManifest, kRunResults}) {
        const QString p = path(name);
        if (QFileInfo::exists(p) && !m_watcher.files().contains(p)) {
            m_watcher.addPath(p);
        }
    }
}

void RunFollower::onChanged()
{
    if (!isRunning() || isCancelRequested()) {
        return;
    }
    watchFiles();
    if (m_check || m_send.job) {
        m_dirty = true; // looked at again when the work ends
        if (m_check) {
            m_check->cancel(); // its copies are of files that changed since
        }
        return;
    }
    settleLater();
}

void RunFollower::settleLater()
{
    m_settle.start(m_options.settle);
}

RunFollower::Snapshot RunFollower::snapshot() const
{
    Snapshot s;
    const QFileInfo manifest(path(kManifest));
    const QFileInfo runResults(path(kRunResults));
    s.manifest = manifest.isFile();
    s.runResults = runResults.isFile();
    if (s.manifest) {
        s.manifestSize = manifest.size();
        s.manifestModified = manifest.lastModified();
    }
    if (s.runResults) {
        s.runResultsSize = runResults.size();
        s.runResultsModified = runResults.lastModified();
    }
    return s;
}

void RunFollower::wait(const QString &message)
{
    if (message == m_lastWait) {
        return; // said already; a change in the folder brings the next look
    }
    m_lastWait = message;
    FollowEvent e;
    e.kind = FollowEvent::Kind::Waiting;
    e.message = message;
    emitEvent(e);
}

void RunFollower::evaluate()
{
    if (!isRunning() || isCancelRequested()) {
        return;
    }
    if (m_check || m_send.job) {
        m_dirty = true;
        return;
    }
    m_snapshot = snapshot();
    if (!m_snapshot.manifest) {
        wait(QStringLiteral("Waiting for dbt: no manifest.json in %1 yet.").arg(m_folder));
        return;
    }
    // Copies of what is there now: the check reads them and the upload sends them, so a run
    // that starts writing meanwhile cannot change what is sent.
    const QString base = stagingBase();
    QDir().mkpath(base);
    m_staging = std::make_unique<StagingDir>(base);
    if (!m_staging->isValid()) {
        const Error error{ErrorCode::InvalidInput,
                          QStringLiteral("cannot make a folder in %1 for the copies to send "
                                         "(%2)")
                              .arg(base, m_staging->errorString()),
                          QStringLiteral("Free some disk space, or make the folder writable."),
                          {},
                          0};
        m_staging.reset();
        m_settle.stop();
        m_retry.stop();
        finishWith(error);
        return;
    }
    QStringList copies;
    for (const char *name : {kManifest, kRunResults}) {
        if (!(name == kManifest ? m_snapshot.manifest : m_snapshot.runResults)) {
            continue;
        }
        const QString copy = m_staging->filePath(QLatin1String(name));
        QFile original(path(name));
        if (!original.copy(copy)) {
            // Gone or replaced meanwhile (a change event brings the next look), or unreadable:
            // say so once and wait, rather than trying again and again.
            const QString why = original.errorString();
            m_staging.reset();
            wait(QStringLiteral("Waiting: %1 could not be read (%2); looked at again when the "
                                "files change.")
                     .arg(original.fileName(), why));
            return;
        }
        copies << copy;
    }
    if (snapshot() != m_snapshot) {
        m_staging.reset();
        settleLater(); // written to while it was copied
        return;
    }
    m_check = new InspectJob(copies, this);
    m_check->setCollectIndex(true); // for the SHA-256
    connect(m_check, &Job::finished, this, &RunFollower::onChecked);
    m_check->start();
}

void RunFollower::onChecked()
{
    InspectJob *job = m_check;
    m_check = nullptr;
    job->deleteLater();
    if (isCancelRequested()) {
        m_staging.reset();
        finishWith(Error{ErrorCode::Cancelled,
                         QStringLiteral("Stopped following %1.").arg(m_folder),
                         {},
                         {},
                         0});
        return;
    }
    if (m_dirty || (job->error() && job->error()->code == ErrorCode::Cancelled)) {
        m_dirty = false;
        m_staging.reset();
        settleLater();
        return;
    }
    if (job->error()) {
        // Most often a file dbt is still writing (it stopped for longer than the settle time):
        // the next change brings another look.
        m_staging.reset();
        wait(QStringLiteral("Waiting: %1 (looked at again when the files change).")
                 .arg(job->error()->message));
        return;
    }
    const InspectResult &r = *job->result();
    if (!r.manifest) {
        m_staging.reset();
        wait(QStringLiteral("Waiting: %1 holds no dbt manifest.").arg(path(kManifest)));
        return;
    }
    Candidate c;
    c.invocationId = r.manifest->metadata.invocationId.value_or(QString());
    const QString manifestCopy = m_staging->filePath(QLatin1String(kManifest));
    const QString runResultsCopy = m_staging->filePath(QLatin1String(kRunResults));
    const bool paired
        = r.runResults && r.runResults->metadata.invocationId.value_or(QString()) == c.invocationId;
    if (paired) {
        c.paths = {manifestCopy, runResultsCopy};
        c.files = {QLatin1String(kManifest), QLatin1String(kRunResults)};
    } else if (m_options.allowManifestOnly) {
        c.paths = {manifestCopy};
        c.files = {QLatin1String(kManifest)};
    } else {
        m_staging.reset();
        wait(QStringLiteral("Waiting: %1's manifest.json has no run_results.json of its "
                            "invocation yet (dbt parse and compile write only the manifest; "
                            "--allow-manifest-only sends it alone).")
                 .arg(runName(c.invocationId)));
        return;
    }
    QStringList digests;
    for (const QString &p : std::as_const(c.paths)) {
        digests << job->sha256(p);
    }
    std::sort(digests.begin(), digests.end());
    c.key = digests.join(QLatin1Char(','));
    if (m_failing && m_failing->key == c.key && m_retry.isActive()) {
        m_staging.reset();
        return; // the same failing run: its retry comes when its wait is over
    }
    if (m_done.contains(c.key)) {
        m_staging.reset();
        return; // said already
    }
    m_lastWait.clear();
    if (paired && !m_options.includeDocsGenerate
        && r.runResults->command.value_or(QString()) == QLatin1String("generate")) {
        m_done.insert(c.key);
        m_staging.reset();
        emitEvent(eventFor(FollowEvent::Kind::Skipped, c,
                           QStringLiteral("Skipped %1: a `dbt docs generate` run, whose "
                                          "\"success\" means compiled, not run "
                                          "(--include-docs-generate sends it).")
                               .arg(runName(c.invocationId))));
        return;
    }
    if (m_history) {
        const Result<std::optional<UploadRecord>> sent
            = m_history->lastSent(m_options.destinationKey, digests);
        if (!sent) {
            qCWarning(lcFollow) << "the history could not be read:" << sent.error();
        } else if (sent.value()) {
            m_done.insert(c.key);
            m_staging.reset();
            FollowEvent e = eventFor(
                FollowEvent::Kind::Skipped, c,
                QStringLiteral("Skipped %1: already sent to %2 at %3 (history record %4).")
                    .arg(runName(c.invocationId), m_options.destination,
                         sent.value()->finishedAt.toUTC().toString(Qt::ISODate),
                         QString::number(sent.value()->id)));
            e.historyId = sent.value()->id;
            emitEvent(e);
            return;
        }
    }
    if (m_failing && m_failing->key != c.key) {
        FollowEvent e;
        e.kind = FollowEvent::Kind::Superseded;
        e.invocationId = m_failing->invocationId;
        e.attempt = m_failing->attempts;
        e.message = QStringLiteral("%1 (failing since %2, %3 tries) is given up for the newer "
                                   "%4: only the latest run matters to Secoda.")
                        .arg(runName(m_failing->invocationId),
                             m_failing->since.toUTC().toString(Qt::ISODate),
                             QString::number(m_failing->attempts), runName(c.invocationId));
        m_failing.reset();
        m_retry.stop();
        emitEvent(e);
    }
    send(c);
}

FollowEvent RunFollower::eventFor(FollowEvent::Kind kind, const Candidate &c, QString message) const
{
    FollowEvent e;
    e.kind = kind;
    e.invocationId = c.invocationId;
    e.files = c.files;
    e.message = std::move(message);
    return e;
}

void RunFollower::send(const Candidate &candidate)
{
    m_sending = candidate;
    m_sendingAttempt = m_failing && m_failing->key == candidate.key ? m_failing->attempts + 1 : 1;
    m_send = m_factory(candidate.paths);
    m_send.job->setParent(this);
    connect(m_send.job, &Job::finished, this, &RunFollower::onSent);
    FollowEvent e
        = eventFor(FollowEvent::Kind::Uploading, candidate,
                   QStringLiteral("Sending %1 (%2) to %3%4.")
                       .arg(runName(candidate.invocationId),
                            candidate.files.join(QStringLiteral(", ")), m_options.destination,
                            m_sendingAttempt > 1 ? QStringLiteral(", try %1").arg(m_sendingAttempt)
                                                 : QString()));
    e.attempt = m_sendingAttempt;
    emitEvent(e);
    m_send.begin();
}

void RunFollower::onSent()
{
    const Send send = std::exchange(m_send, Send{});
    send.job->deleteLater();
    const std::optional<Error> error = send.job->error();
    const bool reached = send.reached && send.reached();
    const qint64 historyId = send.historyId ? send.historyId() : 0;
    const QString outcome = send.outcome ? send.outcome() : QString();
    m_staging.reset();
    const Candidate &c = m_sending;
    if (isCancelRequested()) {
        finishWith(Error{ErrorCode::Cancelled,
                         QStringLiteral("Stopped following %1.").arg(m_folder),
                         {},
                         {},
                         0});
        return;
    }
    if (!error || reached) {
        m_done.insert(c.key);
        m_failing.reset();
        FollowEvent e = eventFor(
            FollowEvent::Kind::Uploaded, c,
            error ? QStringLiteral("Sent %1 to %2, but: %3")
                        .arg(runName(c.invocationId), m_options.destination, error->message)
                  : QStringLiteral("Sent %1 to %2.%3")
                        .arg(runName(c.invocationId), m_options.destination,
                             outcome.isEmpty() ? QString() : QLatin1Char(' ') + outcome));
        e.attempt = m_sendingAttempt;
        e.error = error;
        e.historyId = historyId;
        emitEvent(e);
        afterWork();
        return;
    }
    FollowEvent e = eventFor(FollowEvent::Kind::Failed, c, QString());
    e.attempt = m_sendingAttempt;
    e.error = error;
    e.historyId = historyId;
    if (endsTheFollower(error->code)) {
        e.message = QStringLiteral("%1 was not sent: %2 No retry can change this; follow ends.")
                        .arg(runName(c.invocationId), error->message);
        emitEvent(e);
        m_settle.stop();
        m_retry.stop();
        finishWith(error);
        return;
    }
    if (rejectsTheRun(error->code)) {
        m_done.insert(c.key);
        m_failing.reset();
        e.kind = FollowEvent::Kind::Rejected;
        e.message = QStringLiteral("%1 was refused and is not tried again: %2 The next run is "
                                   "sent as usual.")
                        .arg(runName(c.invocationId), error->message);
        emitEvent(e);
        afterWork();
        return;
    }
    if (!m_failing || m_failing->key != c.key) {
        m_failing = Failing{c.key, c.invocationId, 0, QDateTime::currentDateTimeUtc()};
    }
    m_failing->attempts = m_sendingAttempt;
    const qint64 first = m_options.retryFirst.count();
    const int doublings = std::min(m_sendingAttempt - 1, 20);
    const qint64 delay = std::min<qint64>(first << doublings, m_options.retryMax.count());
    e.retryInMs = delay;
    e.message = QStringLiteral("%1 was not sent (try %2): %3 Trying again in %4, unless a "
                               "newer run comes first.")
                    .arg(runName(c.invocationId), QString::number(m_sendingAttempt), error->message,
                         seconds(delay));
    emitEvent(e);
    m_retry.start(std::chrono::milliseconds(delay));
    afterWork();
}

void RunFollower::afterWork()
{
    if (m_dirty) {
        m_dirty = false;
        settleLater();
    }
}

void RunFollower::emitEvent(FollowEvent e)
{
    e.at = QDateTime::currentDateTimeUtc();
    qCDebug(lcFollow).noquote() << FollowEvent::kindName(e.kind) << e.message;
    emit reported(e);
}

} // namespace Dbtu
