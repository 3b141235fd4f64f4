// SPDX-License-Identifier: MIT
#pragma once

#include "Job.h"
#include "bucket/BucketClient.h"
#include "bucket/BucketObject.h"
#include "bucket/BucketRequestJob.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <memory>
#include <optional>

namespace Dbtu {

/**
 * "Test connection": a checklist that says which step failed. Steps, in order: parse the
 * fields → reach the endpoint → sign in → list the prefix → find the artifacts by Secoda's rule
 * → read the start of the manifest (a ranged GET) and confirm it is one → report its age and
 * size and whether run_results sits beside it. Each step ends Ok, Warning (ok, with something
 * to know), Failed (with the provider's code and message and a hint) or Skipped (an earlier
 * step failed).
 *
 * Emits stepChanged() on every change so a GUI can show the list live, then finished() exactly
 * once, never from inside start(). error() is the failed step's error, if any. The owner
 * deletes the job; cancel() ends it with ErrorCode::Cancelled. Runs on the caller's thread.
 *
 * The S3Role provider: the app cannot assume Secoda's role. Without keys it checks the fields
 * (ARN, external ID, bucket, region: ParseFields Ok) and marks every network step Skipped, with a
 * message saying why and a hint on testing the bucket with the admin's own keys; no error. With
 * those keys it tests the bucket like S3.
 */
class CredentialTestJob : public Job
{
    Q_OBJECT
public:
    enum class StepId {
        ParseFields,
        ReachEndpoint,
        SignIn,
        ListPrefix,
        FindArtifacts,
        ReadManifest,
        ReportManifest,
    };
    Q_ENUM(StepId)
    enum class StepState { Pending, Running, Ok, Warning, Failed, Skipped };
    Q_ENUM(StepState)

    struct Step
    {
        StepId id = StepId::ParseFields;
        QString title; ///< "Sign in"
        StepState state = StepState::Pending;
        QString message;            ///< what happened ("12 objects under s3://b/dbt/")
        QString hint;               ///< what to do next, for Failed and Warning
        QString providerCode;       ///< the provider's error code ("AccessDenied"), when one came
        std::optional<Error> error; ///< for Failed
    };

    /** What was found about the manifest (after ReadManifest). */
    struct ManifestInfo
    {
        BucketObject object;
        QString schemaVersion; ///< dbt_schema_version URL; empty for an old manifest
        qint64 ageSeconds = 0;
        std::optional<BucketObject> runResults;
    };

    CredentialTestJob(QNetworkAccessManager &nam, BucketConfig config, QObject *parent = nullptr);
    ~CredentialTestJob() override;

    const QList<Step> &steps() const { return m_steps; }
    const std::optional<ManifestInfo> &manifest() const { return m_manifest; }
    /** The region the bucket really is in, when a reply said it differs (offer it as the fix). */
    const QString &suggestedRegion() const { return m_suggestedRegion; }

    /** Test hook: the clock requests are signed with (e.g. one hour off, for clock skew). */
    void setClock(BucketClient::Clock clock) { m_clock = std::move(clock); }
    /** Per request (default 30 s). */
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    /** Retries of each request (default RetryPolicy::interactive(): the user is waiting). */
    void setRetryPolicy(const RetryPolicy &policy) { m_retryPolicy = policy; }
    const RetryPolicy &retryPolicy() const { return m_retryPolicy; }
    /** How often the checklist's requests were tried so far, retries included (a test hook;
     * of a paged listing, only the last page's tries count). */
    int requestsSent() const { return m_requestsSent + (m_job ? m_job->attempts() : 0); }

    static QString stepTitle(StepId id);
    static QString stateName(StepState state);

signals:
    /** steps()[index] changed state or message. */
    void stepChanged(int index);

protected:
    void run() override;
    void abort() override;

private:
    void runList();
    void onListed();
    void runRead();
    void onRead();
    void setStep(StepId id, StepState state, const QString &message, const QString &hint = {});
    void failStep(StepId id, const Error &error, const QString &providerCode = {});
    void failFromJob(const BucketRequestJob &job, StepId whenSignedIn);
    void finish();
    template<typename J>
    void startSub(J *job, void (CredentialTestJob::*done)());

    QNetworkAccessManager &m_nam;
    BucketConfig m_config;
    std::optional<BucketClient> m_client;
    BucketClient::Clock m_clock;
    std::chrono::milliseconds m_timeout{30000};
    RetryPolicy m_retryPolicy = RetryPolicy::interactive();
    int m_requestsSent = 0; ///< by the sub-jobs before m_job
    std::unique_ptr<BucketRequestJob> m_job;
    QList<BucketObject> m_objects;
    QList<Step> m_steps;
    std::optional<ManifestInfo> m_manifest;
    std::optional<Error> m_failure; ///< the first failed step's, the job's error
    QString m_suggestedRegion;
};

} // namespace Dbtu
