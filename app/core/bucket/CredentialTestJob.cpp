// SPDX-License-Identifier: MIT
#include "bucket/CredentialTestJob.h"

#include "Translator.h"
#include "bucket/ArtifactDiscovery.h"
#include "bucket/BucketGetJob.h"
#include "bucket/BucketListJob.h"

#include <QLocale>
#include <QTimer>

namespace Dbtu {

namespace {

constexpr Translator tr{"Dbtu::CredentialTestJob"};

constexpr qint64 kHeadBytes = 64 * 1024;

QString humanAge(qint64 seconds)
{
    if (seconds < 120) {
        return tr("%1 s").arg(seconds);
    }
    if (seconds < 2 * 3600) {
        return tr("%1 min").arg(seconds / 60);
    }
    if (seconds < 2 * 86400) {
        return tr("%1 h").arg(seconds / 3600);
    }
    return tr("%1 days").arg(seconds / 86400);
}

} // namespace

CredentialTestJob::CredentialTestJob(QNetworkAccessManager &nam, BucketConfig config,
                                     QObject *parent)
    : Job(parent)
    , m_nam(nam)
    , m_config(std::move(config))
{
    for (StepId id :
         {StepId::ParseFields, StepId::ReachEndpoint, StepId::SignIn, StepId::ListPrefix,
          StepId::FindArtifacts, StepId::ReadManifest, StepId::ReportManifest}) {
        m_steps.append(Step{id, stepTitle(id), StepState::Pending, {}, {}, {}, {}});
    }
}

CredentialTestJob::~CredentialTestJob() = default;

QString CredentialTestJob::stepTitle(StepId id)
{
    switch (id) {
    case StepId::ParseFields:
        return tr("Check the fields");
    case StepId::ReachEndpoint:
        return tr("Reach the endpoint");
    case StepId::SignIn:
        return tr("Sign in");
    case StepId::ListPrefix:
        return tr("List the path");
    case StepId::FindArtifacts:
        return tr("Find the artifacts");
    case StepId::ReadManifest:
        return tr("Read the manifest");
    case StepId::ReportManifest:
        return tr("Manifest age and run_results");
    }
    return {};
}

QString CredentialTestJob::stateName(StepState state)
{
    switch (state) {
    case StepState::Pending:
        return QStringLiteral("pending");
    case StepState::Running:
        return QStringLiteral("running");
    case StepState::Ok:
        return QStringLiteral("ok");
    case StepState::Warning:
        return QStringLiteral("warning");
    case StepState::Failed:
        return QStringLiteral("failed");
    case StepState::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

void CredentialTestJob::setStep(StepId id, StepState state, const QString &message,
                                const QString &hint)
{
    const int index = int(id);
    Step &s = m_steps[index];
    s.state = state;
    s.message = message;
    s.hint = hint;
    emit stepChanged(index);
}

void CredentialTestJob::failStep(StepId id, const Error &error, const QString &providerCode)
{
    Step &s = m_steps[int(id)];
    s.error = error;
    s.providerCode = providerCode;
    if (!m_failure) {
        m_failure = error;
    }
    setStep(id, StepState::Failed, error.message, error.hint);
}

void CredentialTestJob::run()
{
    setStep(StepId::ParseFields, StepState::Running, {});
    Result<BucketClient> client = BucketClient::create(m_config);
    if (!client) {
        failStep(StepId::ParseFields, client.error());
        finish();
        return;
    }
    m_client = client.value();
    if (m_clock) {
        m_client->setClock(m_clock);
    }
    if (m_config.provider == BucketProvider::S3Role && !m_config.hasCredentials()) {
        // Only Secoda can assume its role: check what can be checked, say how to test the rest.
        setStep(StepId::ParseFields, StepState::Ok,
                tr("The role ARN %1 and the external ID are well-formed; bucket %2 in %3.")
                    .arg(m_config.roleArn, m_config.bucket, m_config.effectiveRegion()));
        const QString why
            = tr("Not tested: the app cannot assume Secoda's role, so it cannot reach the bucket "
                 "as Secoda will.");
        const QString how
            = tr("To test the bucket, give your own AWS keys with access to it "
                 "(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the access key fields) and "
                 "test again; check the role's trust and permissions policies with "
                 "`dbt-uploader bucket policy --kind role`.");
        for (int i = int(StepId::ParseFields) + 1; i < m_steps.size(); ++i) {
            setStep(m_steps[i].id, StepState::Skipped, why, how);
        }
        finish();
        return;
    }
    setStep(StepId::ParseFields, StepState::Ok,
            tr("%1, %2").arg(BucketConfig::providerTitle(m_config.provider), m_client->location()));
    runList();
}

template<typename J>
void CredentialTestJob::startSub(J *job, void (CredentialTestJob::*done)())
{
    job->setTimeout(m_timeout);
    job->setRetryPolicy(m_retryPolicy);
    if (m_job) {
        m_requestsSent += m_job->attempts();
    }
    m_job.reset(job);
    connect(job, &NetworkJob::finished, this, done);
    connect(job, &NetworkJob::retrying, this,
            [this](int attempt, int maxAttempts, qint64 delayMs, const QString &reason) {
                for (const Step &s : std::as_const(m_steps)) {
                    if (s.state == StepState::Running) {
                        setStep(s.id, StepState::Running,
                                NetworkJob::retryText(attempt, maxAttempts, delayMs, reason));
                        return;
                    }
                }
            });
    job->start();
}

void CredentialTestJob::runList()
{
    setStep(StepId::ReachEndpoint, StepState::Running, m_client->host());
    startSub(new BucketListJob(m_nam, *m_client, m_config.normalizedPrefix()),
             &CredentialTestJob::onListed);
}

void CredentialTestJob::failFromJob(const BucketRequestJob &job, StepId whenSignedIn)
{
    const Error &e = *job.error();
    if (e.code == ErrorCode::Cancelled) {
        for (Step &s : m_steps) {
            if (s.state == StepState::Running || s.state == StepState::Pending) {
                failStep(s.id, e);
                break;
            }
        }
        return;
    }
    if (!job.serverReplied()) {
        failStep(StepId::ReachEndpoint, e);
        return;
    }
    if (m_steps[int(StepId::ReachEndpoint)].state != StepState::Ok) {
        setStep(StepId::ReachEndpoint, StepState::Ok, m_client->host());
    }
    const std::optional<ProviderError> &pe = job.providerError();
    const QString code = pe ? pe->code : QString();
    if (pe && !pe->bucketRegion.isEmpty() && pe->bucketRegion != m_config.effectiveRegion()) {
        m_suggestedRegion = pe->bucketRegion;
    }
    // A redirect that was not followed (not a region redirect) proves nothing about the keys.
    const bool redirected
        = e.httpStatus >= 300 && e.httpStatus < 400 && e.code != ErrorCode::InvalidInput;
    if ((pe && pe->isSignInFailure()) || redirected) {
        failStep(StepId::SignIn, e, code);
        return;
    }
    if (m_steps[int(StepId::SignIn)].state != StepState::Ok) {
        setStep(StepId::SignIn, StepState::Ok, tr("The credentials were accepted."));
    }
    failStep(whenSignedIn, e, code);
}

void CredentialTestJob::onListed()
{
    auto *job = static_cast<BucketListJob *>(m_job.get());
    if (job->error()) {
        failFromJob(*job, StepId::ListPrefix);
        finish();
        return;
    }
    m_objects = job->objects();
    setStep(StepId::ReachEndpoint, StepState::Ok, m_client->host());
    setStep(StepId::SignIn, StepState::Ok, tr("The credentials were accepted."));
    setStep(StepId::ListPrefix, StepState::Ok,
            tr("%n object(s) under %1", nullptr, int(m_objects.size())).arg(m_client->location()));

    const ArtifactDiscovery::Found found
        = ArtifactDiscovery::discover(m_objects, m_config.normalizedPrefix());
    if (!found.manifest) {
        failStep(
            StepId::FindArtifacts,
            Error::invalidInput(
                tr("No file under %1 matches Secoda's rule (a name containing "
                   "\"manifest\" ending in .json or .json.gz%2).")
                    .arg(m_client->location(), m_config.normalizedPrefix().isEmpty()
                                                   ? tr("; at the root: starting with \"manifest\"")
                                                   : QString()),
                tr("Upload the artifacts with `dbt-uploader bucket upload`, or fix the "
                   "path (prefix).")));
        finish();
        return;
    }
    m_manifest = ManifestInfo{*found.manifest, {}, 0, found.runResults};
    const QString foundText
        = tr("%1 (%2 candidate(s))")
              .arg(found.manifest->key, QString::number(found.candidates.size()));
    if (found.warnings.isEmpty()) {
        setStep(StepId::FindArtifacts, StepState::Ok, foundText);
    } else {
        setStep(StepId::FindArtifacts, StepState::Warning, foundText,
                found.warnings.join(QLatin1Char(' ')));
    }
    runRead();
}

void CredentialTestJob::runRead()
{
    setStep(StepId::ReadManifest, StepState::Running, m_manifest->object.key);
    startSub(new BucketGetJob(m_nam, *m_client, m_manifest->object.key, kHeadBytes),
             &CredentialTestJob::onRead);
}

void CredentialTestJob::onRead()
{
    auto *job = static_cast<BucketGetJob *>(m_job.get());
    if (job->error()) {
        failFromJob(*job, StepId::ReadManifest);
        finish();
        return;
    }
    const bool gzip = m_manifest->object.key.endsWith(QLatin1String(".gz"));
    Result<QString> schema = ArtifactDiscovery::checkManifestHead(job->data(), gzip);
    if (!schema) {
        Error e = schema.error();
        e.message = tr("%1: %2").arg(m_manifest->object.key, e.message);
        failStep(StepId::ReadManifest, e);
        finish();
        return;
    }
    m_manifest->schemaVersion = schema.value();
    setStep(
        StepId::ReadManifest, StepState::Ok,
        tr("A dbt manifest (%1)")
            .arg(schema.value().isEmpty() ? tr("no schema version: an old dbt") : schema.value()));

    const BucketObject &o = m_manifest->object;
    m_manifest->ageSeconds = o.lastModified.isValid() ? o.lastModified.secsTo(m_client->now()) : 0;
    const QString about = tr("%1, %2 bytes, written %3 ago")
                              .arg(o.key, QString::number(o.size),
                                   humanAge(qMax<qint64>(0, m_manifest->ageSeconds)));
    if (m_manifest->runResults) {
        setStep(StepId::ReportManifest, StepState::Ok,
                tr("%1; run_results beside it: %2").arg(about, m_manifest->runResults->key));
    } else {
        setStep(StepId::ReportManifest, StepState::Warning,
                tr("%1; no run_results.json beside it").arg(about),
                tr("Without run_results.json Secoda shows no test results; upload both files."));
    }
    finish();
}

void CredentialTestJob::abort()
{
    if (m_job && m_job->isRunning()) {
        m_job->cancel(); // ends in onListed / onRead with Cancelled
    }
}

void CredentialTestJob::finish()
{
    if (!isRunning()) {
        return;
    }
    for (int i = 0; i < m_steps.size(); ++i) {
        if (m_steps[i].state == StepState::Pending || m_steps[i].state == StepState::Running) {
            setStep(m_steps[i].id, StepState::Skipped, {});
        }
    }
    finishWith(m_failure);
}

} // namespace Dbtu
