// SPDX-License-Identifier: MIT
#pragma once

#include "Job.h"
#include "artifacts/InspectJob.h"
#include "diff/ChangesJob.h"

#include <QPointer>

#include <functional>

namespace Dbtu {

class HistoryRecorder;

/**
 * The check step both sessions run before (or while) sending: read and check the files
 * (InspectJob, off the main thread; the recorder keeps what it needs for the history), then
 * compare them with the last upload to the destination (ChangesJob, when recording) and add
 * the models_removed check. A Job: finished() once; then result() and error().
 *
 * - A file that fails its check is the error; result() is then empty.
 * - setGate() decides, between the check and the comparison, whether what was read can be sent
 *   at all (a request that cannot be built, no artifact among the files); its error ends the
 *   job with result() kept, so the caller can still show the checks.
 * - A comparison that fails is logged, not an error: the upload does not depend on it.
 * - cancel() stops whichever step runs: during the check, finished() follows with
 *   ErrorCode::Cancelled; during the comparison, with the check's result and no comparison.
 */
class ArtifactCheckJob : public Job
{
    Q_OBJECT
public:
    using Gate = std::function<std::optional<Error>(const InspectResult &)>;

    /** @p recorder outlives the job (the session owns both). */
    ArtifactCheckJob(QStringList paths, HistoryRecorder &recorder, QString destinationKey,
                     QObject *parent = nullptr);
    ~ArtifactCheckJob() override;

    /** Before start(). */
    void setGate(Gate gate) { m_gate = std::move(gate); }

    /** After finished(): what the check read, with the models_removed check when it applies. */
    const std::optional<InspectResult> &result() const { return m_result; }

signals:
    /** What the files change against the last upload to the destination (before finished()). */
    void changesFound(const Dbtu::UploadChanges &changes);

protected:
    void run() override;
    void abort() override;

private:
    void onInspected();
    void onCompared();

    QStringList m_paths;
    HistoryRecorder &m_recorder;
    QString m_destinationKey;
    Gate m_gate;
    QPointer<InspectJob> m_inspect;
    QPointer<ChangesJob> m_changes;
    std::optional<InspectResult> m_result;
};

} // namespace Dbtu
