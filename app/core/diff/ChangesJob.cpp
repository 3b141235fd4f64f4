// SPDX-License-Identifier: MIT
#include "diff/ChangesJob.h"

#include "artifacts/ArtifactIndex.h"
#include "artifacts/ArtifactReader.h"
#include "diff/DiffSide.h"
#include "history/HistoryRecorder.h"
#include "history/HistoryStore.h"

#include <QFileInfo>
#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcChanges, "dbtu.history.changes", QtWarningMsg)

namespace Dbtu {

namespace {

/** "model" → "models", "test" → "tests" for the counts. */
QString plural(const std::string &type, qint64 n)
{
    const QString name = QString::fromStdString(type);
    return n == 1 ? name : name + QLatin1Char('s');
}

} // namespace

qint64 UploadChanges::count(const char *resourceType,
                            std::vector<std::string> ArtifactDiff::TypeChanges::*list) const
{
    if (!diff.resources) {
        return 0;
    }
    const auto it = diff.resources->find(resourceType);
    return it == diff.resources->end() ? 0 : qint64((it->second.*list).size());
}

QList<UploadChanges::Group> UploadChanges::groups() const
{
    QList<Group> list;
    const auto add = [&list](const QString &title, const std::vector<std::string> &ids) {
        if (!ids.empty()) {
            list << Group{title, &ids};
        }
    };
    if (diff.resources) {
        for (const auto &[type, changes] : *diff.resources) {
            add(QStringLiteral("+%1 %2")
                    .arg(changes.added.size())
                    .arg(plural(type, qint64(changes.added.size()))),
                changes.added);
            add(QStringLiteral("\u2212%1 %2")
                    .arg(changes.removed.size())
                    .arg(plural(type, qint64(changes.removed.size()))),
                changes.removed);
            add(QStringLiteral("%1 %2 modified")
                    .arg(changes.modified.size())
                    .arg(plural(type, qint64(changes.modified.size()))),
                changes.modified);
        }
    }
    if (diff.results) {
        add(QStringLiteral("%1 newly failing").arg(diff.results->newlyFailing.size()),
            diff.results->newlyFailing);
        add(QStringLiteral("%1 fixed").arg(diff.results->fixed.size()), diff.results->fixed);
    }
    return list;
}

QString UploadChanges::summary() const
{
    QStringList titles;
    for (const Group &g : groups()) {
        titles << g.title;
    }
    return titles.isEmpty() ? QStringLiteral("no changes") : titles.join(QStringLiteral(", "));
}

std::optional<Check> UploadChanges::modelsRemovedCheck() const
{
    const qint64 removed = count("model", &ArtifactDiff::TypeChanges::removed);
    if (removed == 0 || (removed < 20 && removed * 10 < lastModels)) {
        return std::nullopt;
    }
    Check c;
    c.level = Check::Level::Warning;
    c.code = QStringLiteral("models_removed");
    c.count = removed;
    const qint64 percent = lastModels > 0 ? removed * 100 / lastModels : 100;
    c.message = QStringLiteral("This upload removes %1 of the %2 models the last upload to %3 "
                               "held (%4%), and Secoda drops them from the catalog. Check that "
                               "this is the whole project (not a dbt run with --select).")
                    .arg(removed)
                    .arg(lastModels)
                    .arg(last.destination(), QString::number(percent));
    const auto &list = diff.resources->at("model").removed;
    for (size_t i = 0; i < std::min<size_t>(list.size(), 5); ++i) {
        c.examples << QString::fromStdString(list[i]);
    }
    return c;
}

void UploadChanges::addChecksTo(InspectResult &result) const
{
    if (std::optional<Check> check = modelsRemovedCheck()) {
        result.checks << *check;
    }
}

ChangesJob *ChangesJob::startFor(const HistoryRecorder &recorder, const QString &destinationKey,
                                 QObject *parent)
{
    if (!recorder.isRecording() || !recorder.index()) {
        return nullptr;
    }
    auto *job
        = new ChangesJob(recorder.target.store->path(), destinationKey, recorder.index(), parent);
    job->start();
    return job;
}

ChangesJob::ChangesJob(QString historyPath, QString destinationKey,
                       std::shared_ptr<const ArtifactIndex> index, QObject *parent)
    : PoolJob(parent)
    , m_historyPath(std::move(historyPath))
    , m_destinationKey(std::move(destinationKey))
    , m_index(std::move(index))
{}

ChangesJob::ChangesJob(QString historyPath, QString destinationKey, QStringList paths,
                       QObject *parent)
    : PoolJob(parent)
    , m_historyPath(std::move(historyPath))
    , m_destinationKey(std::move(destinationKey))
    , m_paths(std::move(paths))
    , m_control(std::make_shared<ReadControl>())
{}

ChangesJob::~ChangesJob()
{
    if (m_control) {
        m_control->cancelled = true; // a reader stops at its next chunk; PoolJob waits for it
    }
}

Result<ArtifactIndex> ChangesJob::readIndex(const QStringList &paths, ReadControl *control)
{
    ArtifactIndex index;
    for (const QString &path : paths) {
        Result<DiffSide> side = DiffSide::read(path, control);
        if (!side) {
            return side.error();
        }
        if (side.value().index.hasManifest) {
            index.takeResources(std::move(side.value().index));
        }
        if (side.value().index.hasRunResults) {
            index.takeResults(std::move(side.value().index));
        }
    }
    return index;
}

Result<std::optional<UploadChanges>> ChangesJob::compareWithLast(const QString &historyPath,
                                                                 const QString &destinationKey,
                                                                 const ArtifactIndex &index)
{
    if (!QFileInfo::exists(historyPath)) {
        return std::optional<UploadChanges>(); // no history yet: nothing to compare with
    }
    HistoryStore store(historyPath);
    if (Result<void> opened = store.open(); !opened) {
        return opened.error();
    }
    Result<std::optional<UploadRecord>> last = store.lastFor(destinationKey);
    if (!last) {
        return last.error();
    }
    if (!last.value()) {
        return std::optional<UploadChanges>();
    }
    Result<ArtifactIndex> lastIndex = store.indexOf(last.value()->id);
    if (!lastIndex) {
        return lastIndex.error();
    }
    if (!lastIndex.value().hasManifest && !lastIndex.value().hasRunResults) {
        return std::optional<UploadChanges>(); // recorded without an index (an older version)
    }
    UploadChanges c;
    c.last = *last.value();
    c.diff = ArtifactDiff::compare(lastIndex.value(), index);
    c.lastModels
        = std::count_if(lastIndex.value().resources.begin(), lastIndex.value().resources.end(),
                        [](const ArtifactIndex::Resource &r) { return r.resourceType == "model"; });
    return std::optional<UploadChanges>(std::move(c));
}

void ChangesJob::run()
{
    if (!m_index && m_paths.isEmpty()) {
        finishWith(std::nullopt);
        return;
    }
    runOnPool([path = m_historyPath, key = m_destinationKey, index = m_index, paths = m_paths,
               control = m_control]() -> Result<std::optional<UploadChanges>> {
        if (index) {
            return compareWithLast(path, key, *index);
        }
        if (!QFileInfo::exists(path)) {
            return std::optional<UploadChanges>(); // nothing to compare with: no need to read
        }
        Result<ArtifactIndex> read = readIndex(paths, control.get());
        if (!read) {
            return read.error();
        }
        return compareWithLast(path, key, read.value());
    });
}

void ChangesJob::abort()
{
    if (m_control) {
        m_control->cancelled = true;
    }
    // A few reads: not worth stopping, but the caller does not wait for them.
    finishWith(Error{ErrorCode::Cancelled,
                     tr("The comparison with the last upload was "
                        "stopped."),
                     {},
                     {},
                     0});
}

void ChangesJob::onPoolResult(Result<std::optional<UploadChanges>> result)
{
    if (!result) {
        qCWarning(lcChanges).noquote()
            << "no comparison with the last upload:" << result.error().toString();
        finishWith(result.error());
        return;
    }
    m_changes = std::move(result).value();
    finishWith(std::nullopt);
}

} // namespace Dbtu
