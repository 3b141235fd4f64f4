// SPDX-License-Identifier: MIT
#pragma once

#include "PoolJob.h"
#include "artifacts/ArtifactSummary.h"
#include "diff/ArtifactDiff.h"
#include "history/UploadRecord.h"

#include <memory>
#include <optional>

namespace Dbtu {

class ArtifactIndex;
class HistoryRecorder;
struct ReadControl;

/** What an upload changes against the last one that succeeded to its destination. */
struct UploadChanges
{
    UploadRecord last; ///< the upload compared with
    ArtifactDiff diff;
    qint64 lastModels = 0; ///< models the last upload held

    /** Counts of one group, e.g. added models; 0 when the group is not there. */
    qint64 count(const char *resourceType,
                 std::vector<std::string> ArtifactDiff::TypeChanges::*list) const;
    /** One group of changes: "+16 models", "−9 models", "3 models modified", "2 newly
     * failing", "1 fixed", with its unique_ids (sorted). */
    struct Group
    {
        QString title;
        const std::vector<std::string> *ids = nullptr;
    };
    /** Every group with a change: per resource type added, removed, modified; then results. */
    QList<Group> groups() const;
    /** The groups' titles, "+16 models, −9 models, 3 newly failing"; "no changes". */
    QString summary() const;
    /**
     * The `models_removed` check (a warning: the window asks before sending) when the upload
     * removes 10% or more of the models the last upload held, or 20 or more.
     */
    std::optional<Check> modelsRemovedCheck() const;
    /** Adds modelsRemovedCheck(), if any, to @p result's checks. */
    void addChecksTo(InspectResult &result) const;
};

/**
 * Compares what a check read (its ArtifactIndex) with the last upload that succeeded to a
 * destination, as `diff @last` does, for the window's "Changes since the last upload" and the
 * sessions' models_removed check. Runs on a worker thread with a history connection of its own
 * (HistoryStore is used from one thread only), so the GUI never waits on the disk. A Job:
 * finished() once; then changes() (none: nothing was sent there yet, or the last upload kept
 * no index), or error() when the history could not be read (a warning for the caller, never a
 * reason not to upload). A history file that is not there is not created.
 */
class ChangesJob : public PoolJob<std::optional<UploadChanges>>
{
    Q_OBJECT
public:
    /** Compares @p index (what a session's check read). */
    ChangesJob(QString historyPath, QString destinationKey,
               std::shared_ptr<const ArtifactIndex> index, QObject *parent = nullptr);
    /** Reads @p paths first (files or a target/ folder, as `diff` reads a side): the window's
     * preview before an upload. A file that cannot be read is the job's error. */
    ChangesJob(QString historyPath, QString destinationKey, QStringList paths,
               QObject *parent = nullptr);
    ~ChangesJob() override;

    const std::optional<UploadChanges> &changes() const { return m_changes; }

    /**
     * For the sessions: a started job on what @p recorder took from the check; null when it
     * records nowhere or took no index (then there is nothing to compare).
     */
    static ChangesJob *startFor(const HistoryRecorder &recorder, const QString &destinationKey,
                                QObject *parent);

    /** The comparison itself; blocking. */
    static Result<std::optional<UploadChanges>> compareWithLast(const QString &historyPath,
                                                                const QString &destinationKey,
                                                                const ArtifactIndex &index);
    /** What @p paths hold, as one index (a manifest's resources, a run_results' results). */
    static Result<ArtifactIndex> readIndex(const QStringList &paths, ReadControl *control);

protected:
    void run() override;
    void abort() override;

private:
    void onPoolResult(Result<std::optional<UploadChanges>> result) override;

    QString m_historyPath;
    QString m_destinationKey;
    std::shared_ptr<const ArtifactIndex> m_index;
    QStringList m_paths;
    std::shared_ptr<ReadControl> m_control;
    std::optional<UploadChanges> m_changes;
};

} // namespace Dbtu

Q_DECLARE_METATYPE(Dbtu::UploadChanges)
