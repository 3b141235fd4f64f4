// SPDX-License-Identifier: MIT
#include "cli/BucketCommands.h"

#include "net/NetworkJob.h"

#include "artifacts/SummaryJson.h"
#include "bucket/BucketFieldValidation.h"
#include "bucket/BucketPushSession.h"
#include "bucket/CredentialTestJob.h"
#include "bucket/PolicyDocuments.h"
#include "cli/CliSupport.h"
#include "cli/HistoryCommand.h"
#include "cli/InspectText.h"
#include "history/HistoryStore.h"
#include "net/NetworkManager.h"
#include "settings/AppSettings.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>

namespace Dbtu::Cli {

namespace {

const QString kHelp = QStringLiteral(
    "Usage: dbt-uploader bucket test   (--provider s3|gcs|azure | --profile NAME) [FIELDS]\n"
    "                                  [--json]\n"
    "       dbt-uploader bucket upload (--provider s3|gcs|azure | --profile NAME) [FIELDS]\n"
    "                                  [--gzip] [--json] PATH...\n"
    "       dbt-uploader bucket policy --kind user|role|uploader|cors --bucket B\n"
    "                                  [--external-id ID] [--prefix P] [--json]\n"
    "\n"
    "test    runs the connection checklist: fields, endpoint, sign-in, listing, Secoda's\n"
    "        manifest discovery rule, reading the manifest, its age and run_results.\n"
    "upload  checks manifest.json / run_results.json (files or a target/ folder), uploads\n"
    "        them under the prefix (--gzip: as .json.gz), and lists them again to confirm.\n"
    "policy  prints the IAM user policy, the role's trust + permissions policies, GCS\n"
    "        cors.json, or (uploader) the least-privilege policy of the identity that pushes:\n"
    "        s3:PutObject under the prefix and s3:ListBucket of the prefix, nothing else.\n"
    "\n"
    "FIELDS: --bucket B --region R [--endpoint URL] [--prefix P]          (s3, gcs)\n"
    "        --role-arn ARN --external-id ID                              (s3 with a role)\n"
    "        --account NAME --container C [--prefix P]                    (azure)\n"
    "        --profile NAME  a profile of the Bucket settings tab: its saved fields are the\n"
    "                        defaults (options override them), its secrets in the keychain\n"
    "Credentials are never arguments: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,\n"
    "AWS_SESSION_TOKEN (s3, gcs HMAC) and AZURE_STORAGE_CONNECTION_STRING (azure), else the\n"
    "keychain (bucket/<profile>/access-key-id, secret-access-key, session-token,\n"
    "connection-string). http:// endpoints only on loopback.\n"
    "--timeout SECONDS: no request takes longer than this from start to end (default 120 s,\n"
    "uploads more by size). Redirects to another address are never followed.\n"
    "--ca-file FILE: also trust this root certificate (a company CA; may be repeated);\n"
    "SSL_CERT_FILE and SSL_CERT_DIR are read too. TLS errors are never ignored.\n"
    "Exit codes: 0 ok, 2 usage, 3 invalid field or file, 4 credentials refused or missing\n"
    "permission, 5 network, 6 server, 130 cancelled.\n");

struct BucketOptions
{
    QCommandLineOption provider = valueOption("provider", "s3, gcs or azure.", "NAME");
    QCommandLineOption bucket = valueOption("bucket", "Bucket name.", "B");
    QCommandLineOption region = valueOption("region", "Region.", "R");
    QCommandLineOption endpoint = valueOption("endpoint", "Endpoint URL.", "URL");
    QCommandLineOption prefix = valueOption("prefix", "Path in the bucket.", "P");
    QCommandLineOption container = valueOption("container", "Azure container.", "C");
    QCommandLineOption account = valueOption("account", "Azure storage account.", "NAME");
    QCommandLineOption roleArn = valueOption("role-arn", "IAM role ARN.", "ARN");
    QCommandLineOption externalId = valueOption("external-id", "External ID Secoda shows.", "ID");
    QCommandLineOption profile
        = valueOption("profile", "Bucket settings profile (fields and keychain).", "NAME");
    QCommandLineOption kind = valueOption("kind", "user, role, uploader or cors.", "KIND");
    QCommandLineOption gzip = flagOption("gzip", "Upload as .json.gz.");
    QCommandLineOption json = flagOption("json", "Print a JSON result.");
    QCommandLineOption timeout
        = valueOption("timeout", "Total deadline of each request.", "SECONDS");
    QCommandLineOption caFile = caFileOption();
    QCommandLineOption help = helpOption();

    void addTo(QCommandLineParser &p) const
    {
        for (const auto &o :
             {provider, bucket, region, endpoint, prefix, container, account, roleArn, externalId,
              profile, kind, gzip, json, timeout, caFile, help}) {
            p.addOption(o);
        }
    }
};

/** A secret from the environment, else the keychain (a keychain failure is an error only when
 * @p required). */
Result<Secret> credential(const char *env, const QString &profile, const QString &field,
                          bool required)
{
    const QByteArray fromEnv = qgetenv(env);
    if (!fromEnv.isEmpty()) {
        return Secret(fromEnv);
    }
    Result<Secret> stored = readKeychain(BucketConfig::keychainKey(profile, field));
    if (!stored) {
        if (!required) {
            return Secret();
        }
        Error e = stored.error();
        e.hint += QStringLiteral(" Or set %1.").arg(QLatin1String(env));
        return e;
    }
    return stored.value();
}

/** @p c with its secrets: from the environment, else the keychain entries of @p profile. */
Result<BucketConfig> withCredentials(BucketConfig c, const QString &profile);

Result<BucketConfig> configFrom(const QCommandLineParser &p, const BucketOptions &o)
{
    // --profile NAME: the Bucket settings tab's profile. Its saved fields are the defaults (an
    // option overrides each one) and its secrets come from the keychain. Without --profile the
    // fields come from the options only, the secrets from the tab's last profile.
    const AppSettings settings;
    const bool named = p.isSet(o.profile);
    const QString profile = named ? p.value(o.profile) : settings.lastBucketProfile();
    const bool saved = named && settings.hasBucketProfile(profile);
    BucketConfig c = saved ? settings.bucketProfile(profile).toConfig() : BucketConfig();
    const auto override = [&p](const QCommandLineOption &option, QString &field) {
        if (p.isSet(option)) {
            field = p.value(option);
        }
    };
    override(o.bucket, c.bucket);
    override(o.region, c.region);
    override(o.prefix, c.prefix);
    override(o.container, c.container);
    override(o.account, c.accountName);
    override(o.roleArn, c.roleArn);
    override(o.externalId, c.externalId);
    const QString provider = p.value(o.provider);
    if (provider == QLatin1String("s3")) {
        c.provider = c.roleArn.isEmpty() ? BucketProvider::S3 : BucketProvider::S3Role;
    } else if (provider == QLatin1String("gcs")) {
        c.provider = BucketProvider::Gcs;
    } else if (provider == QLatin1String("azure")) {
        c.provider = BucketProvider::Azure;
    } else if (!provider.isEmpty() || !saved) {
        return Error::invalidInput(
            QStringLiteral("unknown or missing provider \"%1\"").arg(provider),
            named ? QStringLiteral("--provider s3, gcs or azure (no bucket profile \"%1\" is "
                                   "saved: the Bucket settings tab saves one)")
                        .arg(profile)
                  : QStringLiteral("--provider s3, gcs or azure, or --profile NAME of a "
                                   "profile saved in the Bucket settings tab"));
    }
    if (p.isSet(o.endpoint)) {
        c.endpoint = QUrl(p.value(o.endpoint));
    }
    if (!c.endpoint.isEmpty()) {
        if (Result<void> ok = BucketFieldValidation::endpoint(c.endpoint); !ok) {
            return ok.error();
        }
    }
    return withCredentials(std::move(c), profile);
}

} // namespace

Result<BucketConfig> savedBucketConfig(const QString &profile)
{
    const AppSettings settings;
    if (!settings.hasBucketProfile(profile)) {
        return Error::invalidInput(
            QStringLiteral("no bucket profile \"%1\" is saved").arg(profile),
            QStringLiteral("Save it in the window's Bucket settings tab, or check the "
                           "name (the tab's profile list shows them)."));
    }
    BucketConfig c = settings.bucketProfile(profile).toConfig();
    if (!c.endpoint.isEmpty()) {
        if (Result<void> ok = BucketFieldValidation::endpoint(c.endpoint); !ok) {
            return ok.error();
        }
    }
    return withCredentials(std::move(c), profile);
}

namespace {

Result<BucketConfig> withCredentials(BucketConfig c, const QString &profile)
{
    if (c.isAzure()) {
        Result<Secret> cs = credential("AZURE_STORAGE_CONNECTION_STRING", profile,
                                       QStringLiteral("connection-string"), true);
        if (!cs) {
            return cs.error();
        }
        c.connectionString = cs.value();
        return c;
    }
    const bool required = c.provider != BucketProvider::S3Role;
    const QByteArray idFromEnv = qgetenv("AWS_ACCESS_KEY_ID");
    if (!idFromEnv.isEmpty()) {
        c.credentials.accessKeyId = QString::fromUtf8(idFromEnv);
    } else {
        Result<Secret> id
            = credential("AWS_ACCESS_KEY_ID", profile, QStringLiteral("access-key-id"), required);
        if (!id) {
            return id.error();
        }
        c.credentials.accessKeyId = QString::fromUtf8(id.value().reveal());
    }
    if (c.credentials.accessKeyId.isEmpty() && !required) {
        return c;
    }
    Result<Secret> secret = credential("AWS_SECRET_ACCESS_KEY", profile,
                                       QStringLiteral("secret-access-key"), required);
    if (!secret) {
        return secret.error();
    }
    c.credentials.secretAccessKey = secret.value();
    // Keys from the environment are a set: never mix in a keychain session token.
    if (!idFromEnv.isEmpty()) {
        c.credentials.sessionToken = Secret(qgetenv("AWS_SESSION_TOKEN"));
    } else {
        Result<Secret> token
            = credential("AWS_SESSION_TOKEN", profile, QStringLiteral("session-token"), false);
        c.credentials.sessionToken = token ? token.value() : Secret();
    }
    return c;
}

int runTest(const QCommandLineParser &p, const BucketOptions &o, QTextStream &out, QTextStream &err)
{
    const bool json = p.isSet(o.json);
    Result<BucketConfig> config = configFrom(p, o);
    if (!config) {
        return fail(out, err, json, config.error());
    }
    NetworkManager nam;
    CredentialTestJob job(nam, config.value());
    const QByteArray skew = qgetenv("DBTU_TEST_CLOCK_OFFSET_S"); // tests: sign with a wrong clock
    if (!skew.isEmpty()) {
        const qint64 offset = skew.toLongLong();
        job.setClock([offset] { return QDateTime::currentDateTimeUtc().addSecs(offset); });
    }
    QString lastHint; // several skipped steps may share one hint: print it once
    if (!json) {
        QObject::connect(&job, &CredentialTestJob::stepChanged, &job, [&](int index) {
            const CredentialTestJob::Step &s = job.steps()[index];
            if (s.state == CredentialTestJob::StepState::Running
                || s.state == CredentialTestJob::StepState::Pending) {
                return;
            }
            out << QStringLiteral("[%1] ").arg(CredentialTestJob::stateName(s.state), -7) << s.title
                << (s.message.isEmpty() ? QString() : QStringLiteral(": ") + s.message) << "\n";
            if (!s.hint.isEmpty() && s.state != CredentialTestJob::StepState::Failed
                && s.hint != lastHint) {
                out << "          " << s.hint << "\n";
                lastHint = s.hint;
            }
            out.flush();
        });
    }
    runJob(job);

    if (json) {
        QJsonArray steps;
        for (const CredentialTestJob::Step &s : job.steps()) {
            QJsonObject step{
                {QStringLiteral("id"),
                 QString::fromLatin1(
                     QMetaEnum::fromType<CredentialTestJob::StepId>().valueToKey(int(s.id)))},
                {QStringLiteral("title"), s.title},
                {QStringLiteral("state"), CredentialTestJob::stateName(s.state)},
                {QStringLiteral("message"), s.message},
                {QStringLiteral("hint"), s.hint}};
            if (!s.providerCode.isEmpty()) {
                step.insert(QStringLiteral("provider_code"), s.providerCode);
            }
            steps.append(step);
        }
        QJsonObject result{
            {QStringLiteral("provider"), BucketConfig::providerName(config.value().provider)},
            {QStringLiteral("ok"), !job.error().has_value()},
            {QStringLiteral("steps"), steps}};
        if (job.manifest()) {
            const auto &m = *job.manifest();
            result.insert(
                QStringLiteral("manifest"),
                QJsonObject{{QStringLiteral("key"), m.object.key},
                            {QStringLiteral("size_bytes"), m.object.size},
                            {QStringLiteral("age_seconds"), m.ageSeconds},
                            {QStringLiteral("schema_version"), m.schemaVersion},
                            {QStringLiteral("run_results"),
                             m.runResults ? QJsonValue(m.runResults->key) : QJsonValue()}});
        }
        if (!job.suggestedRegion().isEmpty()) {
            result.insert(QStringLiteral("suggested_region"), job.suggestedRegion());
        }
        if (job.error()) {
            result.insert(QStringLiteral("error"), errorToJsonObject(*job.error()));
        }
        out << QJsonDocument(result).toJson();
        out.flush();
    }
    if (job.error()) {
        return fail(out, err, false, *job.error());
    }
    return 0;
}

int runUploadCommand(const QCommandLineParser &p, const BucketOptions &o, const QStringList &paths,
                     QTextStream &out, QTextStream &err)
{
    const bool json = p.isSet(o.json);
    if (paths.isEmpty()) {
        return usage(err, QStringLiteral("bucket upload needs at least one PATH"),
                     QStringLiteral("dbt-uploader bucket upload --provider s3 ... target/"));
    }
    Result<BucketConfig> config = configFrom(p, o);
    if (!config) {
        return fail(out, err, json, config.error());
    }
    NetworkManager nam;
    BucketPushSession::Options options;
    options.gzip = p.isSet(o.gzip);
    options.waitForConfirmation = false; // the warnings are printed; the push goes on
    BucketPushSession session(nam, config.value(), options);
    const std::unique_ptr<HistoryStore> history = openHistoryForUpload(err);
    session.setHistory(
        historyTarget(history.get(), p.isSet(o.profile) ? p.value(o.profile) : QString()));
    QObject::connect(&session, &BucketPushSession::changesFound, &session,
                     [&err](const UploadChanges &changes) {
                         err << changesLine(changes) << "\n";
                         err.flush();
                     });
    QObject::connect(
        &session, &BucketPushSession::checksFinished, &session,
        [&err](const InspectResult &result, bool) { writeChecks(err, result.checks); });
    QObject::connect(&session, &BucketPushSession::stageChanged, &session,
                     [&err](const QString &s) {
                         err << s << "\n";
                         err.flush();
                     });
    // Ctrl+C stops the check (it runs on a worker) as well as the push.
    runJob(session, [&] { session.start(paths); });
    warnIfNotRecorded(err, session.historyError());
    if (session.error()) {
        return fail(out, err, json, *session.error());
    }
    QJsonArray files;
    // "confirmed": the listing after the push shows the object with the size sent.
    for (const BucketUploadJob::Item &item : session.items()) {
        err << "Uploaded " << item.path << " → " << item.key << " (" << item.uploadSize
            << (item.confirmed ? " bytes, confirmed)\n" : " bytes, not confirmed)\n");
        files.append(QJsonObject{{QStringLiteral("path"), item.path},
                                 {QStringLiteral("key"), item.key},
                                 {QStringLiteral("size_bytes"), item.uploadSize},
                                 {QStringLiteral("confirmed"), item.confirmed}});
    }
    err.flush();
    if (json) {
        out << QJsonDocument(QJsonObject{{QStringLiteral("location"), session.location()},
                                         {QStringLiteral("files"), files}})
                   .toJson();
        out.flush();
    }
    return 0;
}

int runPolicy(const QCommandLineParser &p, const BucketOptions &o, QTextStream &out,
              QTextStream &err)
{
    const bool json = p.isSet(o.json);
    const QString kind = p.value(o.kind);
    const QString bucket = p.value(o.bucket);
    if (kind != QLatin1String("user") && kind != QLatin1String("role")
        && kind != QLatin1String("uploader") && kind != QLatin1String("cors")) {
        return usage(err, QStringLiteral("--kind must be user, role, uploader or cors"),
                     QStringLiteral("dbt-uploader bucket policy --kind user --bucket B"));
    }
    if (!p.isSet(o.bucket)) {
        return usage(err, QStringLiteral("bucket policy needs --bucket"),
                     QStringLiteral("dbt-uploader bucket policy --kind %1 --bucket B").arg(kind));
    }
    Result<void> name = kind == QLatin1String("cors") ? BucketFieldValidation::gcsBucketName(bucket)
                                                      : BucketFieldValidation::s3BucketName(bucket);
    if (!name) {
        return fail(out, err, json, name.error());
    }
    const auto parse = [](const QByteArray &doc) {
        return QJsonDocument::fromJson(doc).object();
    };
    if (kind == QLatin1String("uploader")) {
        if (Result<void> prefix = BucketFieldValidation::prefix(p.value(o.prefix)); !prefix) {
            return fail(out, err, json, prefix.error());
        }
        BucketConfig config;
        config.prefix = p.value(o.prefix);
        const QByteArray doc = PolicyDocuments::uploaderPolicy(bucket, config.normalizedPrefix());
        if (json) {
            out << QJsonDocument(QJsonObject{{QStringLiteral("kind"), kind},
                                             {QStringLiteral("policy"), parse(doc)}})
                       .toJson();
        } else {
            out << doc;
            err << "Attach it to the IAM user or role that runs dbt Uploader. \"bucket test\" "
                   "with these keys reports the manifest read as refused: this policy grants no "
                   "reads.\n";
        }
    } else if (kind == QLatin1String("user")) {
        const QByteArray doc = PolicyDocuments::iamUserPolicy(bucket);
        out << (json ? QJsonDocument(QJsonObject{{QStringLiteral("kind"), kind},
                                                 {QStringLiteral("policy"), parse(doc)}})
                           .toJson()
                     : doc);
    } else if (kind == QLatin1String("role")) {
        if (!p.isSet(o.externalId)) {
            return usage(err, QStringLiteral("--kind role needs --external-id"),
                         QStringLiteral("copy the external ID from Secoda's bucket form"));
        }
        if (Result<void> id = BucketFieldValidation::externalId(p.value(o.externalId)); !id) {
            return fail(out, err, json, id.error());
        }
        const QByteArray trust = PolicyDocuments::roleTrustPolicy(p.value(o.externalId));
        const QByteArray perms = PolicyDocuments::rolePermissionsPolicy(bucket);
        if (json) {
            out << QJsonDocument(QJsonObject{{QStringLiteral("kind"), kind},
                                             {QStringLiteral("trust_policy"), parse(trust)},
                                             {QStringLiteral("permissions_policy"), parse(perms)}})
                       .toJson();
        } else {
            out << "Trust policy (IAM → Roles → the role → Trust relationships):\n"
                << trust << "\nPermissions policy (the role's inline policy):\n"
                << perms;
        }
    } else {
        const QByteArray cors = PolicyDocuments::gcsCors();
        const QString command = PolicyDocuments::gcsCorsCommand(bucket);
        if (json) {
            out << QJsonDocument(
                       QJsonObject{{QStringLiteral("kind"), kind},
                                   {QStringLiteral("cors"), QJsonDocument::fromJson(cors).array()},
                                   {QStringLiteral("command"), command}})
                       .toJson();
        } else {
            out << cors;
            err << "Save it as cors.json, then run: " << command << "\n";
        }
    }
    out.flush();
    err.flush();
    return 0;
}

} // namespace

int runBucket(const QStringList &args, QTextStream &out, QTextStream &err)
{
    BucketOptions o;
    QCommandLineParser p;
    o.addTo(p);
    p.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("test, upload or policy"));
    if (!p.parse(QStringList{QStringLiteral("dbt-uploader bucket")} + args)) {
        return usage(err, p.errorText(), QStringLiteral("see dbt-uploader bucket --help"));
    }
    if (p.isSet(o.help)) {
        out << kHelp;
        out.flush();
        return 0;
    }
    if (p.isSet(o.timeout)) {
        bool ok = false;
        const double seconds = p.value(o.timeout).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 7 * 86400) {
            return usage(err, QStringLiteral("--timeout takes a number of seconds"),
                         QStringLiteral("e.g. --timeout 60"));
        }
        NetworkJob::setDefaultDeadline(std::chrono::milliseconds(qint64(seconds * 1000)));
    }
    QStringList pos = p.positionalArguments();
    const QString action = pos.isEmpty() ? QString() : pos.takeFirst();
    if (action != QLatin1String("policy")) {
        if (Result<void> trusted = prepareNetwork(p.values(o.caFile)); !trusted) {
            return fail(out, err, p.isSet(o.json), trusted.error());
        }
    }
    if (action == QLatin1String("test")) {
        return runTest(p, o, out, err);
    }
    if (action == QLatin1String("upload")) {
        return runUploadCommand(p, o, pos, out, err);
    }
    if (action == QLatin1String("policy")) {
        return runPolicy(p, o, out, err);
    }
    return usage(err, QStringLiteral("bucket needs one of test, upload, policy"),
                 QStringLiteral("see dbt-uploader bucket --help"));
}

} // namespace Dbtu::Cli
