// SPDX-License-Identifier: MIT
#include "sandbox/SandboxApi.h"

#include "sandbox/JsonReply.h"
#include "sandbox/UploadForm.h"

#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QMap>
#include <QMetaEnum>
#include <QTimer>
#include <QUrlQuery>

namespace Dbtu::Sandbox {

namespace {

using Method = QHttpServerRequest::Method;

const QString kPostLimitKey = QStringLiteral("post_limit_per_minute");

/** Compares keys in time independent of where they differ. */
bool sameKey(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff == 0;
}

QString methodNames(QHttpServerRequest::Methods methods)
{
    QStringList names;
    if (methods.testFlag(Method::Get)) {
        names << QStringLiteral("GET");
    }
    if (methods.testFlag(Method::Post)) {
        names << QStringLiteral("POST");
    }
    return names.join(QStringLiteral(", "));
}

QHttpServerResponse withRetryAfter(QHttpServerResponse response, const QByteArray &value)
{
    if (!value.isEmpty()) {
        response.setHeader("Retry-After", value);
    }
    return response;
}

} // namespace

SandboxApi::SandboxApi(const SandboxOptions &options, const QString &dataDir, const QString &apiKey,
                       const QString &readOnlyKey, FaultSettings &faults, SandboxCounters &counters,
                       QObject *parent)
    : QObject(parent)
    , m_syncSeconds(options.syncSeconds)
    , m_maxBodyBytes(options.maxBodyBytes)
    , m_pageSize(options.pageSize)
    , m_apiKey(apiKey)
    , m_readOnlyKey(readOnlyKey)
    , m_faults(faults)
    , m_counters(counters)
    , m_integrations(options.integrationCount, QDateTime::currentDateTimeUtc())
    , m_uploads(dataDir)
    , m_postLimiter(options.postsPerMinute)
{
    m_clock.start();
}

void SandboxApi::registerRoutes(QHttpServer &server)
{
    const QHttpServerRequest::Methods any = Method::AnyKnown;
    const QHttpServerRequest::Methods get = Method::Get;
    const QHttpServerRequest::Methods post = Method::Post;
    for (const QString &prefix : {QString(), QStringLiteral("/api/v1")}) {
        for (const QString &path :
             {QStringLiteral("/healthcheck"), QStringLiteral("/healthcheck/")}) {
            server.route(prefix + path, any, [this, get](const QHttpServerRequest &request) {
                return guarded(request, get, Access::Public, [] {
                    return jsonReply(QJsonObject{{QStringLiteral("status"), QStringLiteral("OK")}});
                });
            });
        }
        server.route(prefix + QStringLiteral("/integration/integrations/"), any,
                     [this, get](const QHttpServerRequest &request) {
                         return guarded(request, get, Access::Read,
                                        [&] { return listIntegrations(request); });
                     });
        server.route(prefix + QStringLiteral("/integration/integrations/<arg>/"), any,
                     [this, get](const QString &id, const QHttpServerRequest &request) {
                         return guarded(request, get, Access::Read,
                                        [&] { return getIntegration(id); });
                     });
        server.route(prefix + QStringLiteral("/integration/dbt/<arg>/upload_artifacts/"), any,
                     [this, post](const QString &id, const QHttpServerRequest &request) {
                         return guarded(
                             request, post, Access::Write,
                             [&] { return uploadArtifacts(id, request); }, &m_counters.uploadPosts);
                     });
        server.route(prefix + QStringLiteral("/integration/dbt/<arg>/trigger/"), any,
                     [this, post](const QString &id, const QHttpServerRequest &request) {
                         return guarded(
                             request, post, Access::Write, [&] { return triggerSync(id); },
                             &m_counters.triggerPosts);
                     });
        server.route(prefix + QStringLiteral("/integration/dbt/manifest/"), any,
                     [this, post](const QHttpServerRequest &request) {
                         return guarded(
                             request, post, Access::Write,
                             [&] {
                                 return uploadSingle(request, QStringLiteral("manifest_file"),
                                                     ArtifactKind::Manifest);
                             },
                             &m_counters.uploadPosts);
                     });
        // run_results/ is the older docs' spelling.
        for (const QString &path : {QStringLiteral("/integration/dbt/run_result/"),
                                    QStringLiteral("/integration/dbt/run_results/")}) {
            server.route(prefix + path, any, [this, post](const QHttpServerRequest &request) {
                return guarded(
                    request, post, Access::Write,
                    [&] {
                        return uploadSingle(request, QStringLiteral("run_result_file"),
                                            ArtifactKind::RunResults);
                    },
                    &m_counters.uploadPosts);
            });
        }
        server.route(prefix + QStringLiteral("/sandbox/uploads/"), any,
                     [this, get](const QHttpServerRequest &request) {
                         return guarded(request, get, Access::Control,
                                        [&] { return listUploads(); });
                     });
        server.route(prefix + QStringLiteral("/sandbox/counts/"), any,
                     [this, get](const QHttpServerRequest &request) {
                         return guarded(request, get, Access::Control,
                                        [&] { return jsonReply(m_counters.toJson()); });
                     });
        server.route(prefix + QStringLiteral("/sandbox/faults/"), any,
                     [this, get, post](const QHttpServerRequest &request) {
                         return guarded(request, get | post, Access::Control, [&] {
                             return request.method() == Method::Post ? changeFaults(request)
                                                                     : currentFaults();
                         });
                     });
    }

    // Documented paths end in '/'. Without it: 308 to the same path with '/', which keeps the
    // method and body (clients should send the slash; this only spares a confusing 404).
    server.setMissingHandler(
        [](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            const QUrl url = request.url();
            if (!url.path().endsWith(QLatin1Char('/'))) {
                QUrl target = url;
                target.setPath(url.path() + QLatin1Char('/'));
                QHttpServerResponse response = jsonError(
                    308, QStringLiteral("the path needs a trailing slash: %1").arg(target.path()));
                response.setHeader("Location", target.toString().toUtf8());
                response.write(std::move(responder));
                return;
            }
            jsonError(404, QStringLiteral("no such route: %1 %2")
                               .arg(QString::fromLatin1(QMetaEnum::fromType<Method>().valueToKey(
                                        int(request.method()))),
                                    url.path()))
                .write(std::move(responder));
        });
}

QHttpServerResponse SandboxApi::guarded(const QHttpServerRequest &request,
                                        QHttpServerRequest::Methods allowed, Access access,
                                        const Handler &handler, qint64 *received)
{
    if (!allowed.testFlag(request.method())) {
        QHttpServerResponse response = jsonError(
            405, QStringLiteral("method not allowed here; use %1").arg(methodNames(allowed)));
        response.setHeader("Allow", methodNames(allowed).toLatin1());
        return response;
    }
    if (request.body().size() > m_maxBodyBytes) {
        return jsonError(413, QStringLiteral("the request body is larger than the sandbox's limit "
                                             "of %1 bytes (--max-body-mb)")
                                  .arg(m_maxBodyBytes));
    }
    if (received) {
        ++*received;
    }
    // The front marks the requests the faults apply to (scope, fault_count).
    const bool faulted = requestHeader(request, "x-sandbox-fault") == "1";
    if (access == Access::Write && faulted && !m_faults.statusSequence.isEmpty()) {
        const int status = m_faults.statusSequence.takeFirst();
        if (status != 200) {
            QHttpServerResponse response = jsonError(
                status,
                QStringLiteral("injected fault: status %1 (--status-sequence)").arg(status));
            return status == 429 || status == 503
                       ? withRetryAfter(std::move(response), m_faults.retryAfterValue())
                       : std::move(response);
        }
    }
    if (std::optional<QHttpServerResponse> refused = authenticate(request, access)) {
        return std::move(*refused);
    }
    if (access == Access::Write) {
        if (const std::optional<int> wait = m_postLimiter.acquire(m_clock.elapsed())) {
            return withRetryAfter(jsonError(429, QStringLiteral("more than %1 POST requests in a "
                                                                "minute; retry in %2 s")
                                                     .arg(m_postLimiter.limit())
                                                     .arg(*wait)),
                                  QByteArray::number(*wait));
        }
    }
    return handler();
}

std::optional<QHttpServerResponse> SandboxApi::authenticate(const QHttpServerRequest &request,
                                                            Access access)
{
    if (access == Access::Public) {
        return std::nullopt;
    }
    const QByteArray authorization = requestHeader(request, "authorization").trimmed();
    if (authorization.isEmpty()) {
        QHttpServerResponse response
            = jsonError(401, QStringLiteral("authentication credentials were not provided: send "
                                            "'Authorization: Bearer <API key>'"));
        response.setHeader("WWW-Authenticate", "Bearer");
        return response;
    }
    const qsizetype space = authorization.indexOf(' ');
    const QByteArray scheme = authorization.left(space);
    const QByteArray key = space < 0 ? QByteArray() : authorization.sliced(space + 1).trimmed();
    const bool full = sameKey(key, m_apiKey.toUtf8());
    const bool readOnly = !full && sameKey(key, m_readOnlyKey.toUtf8());
    if (scheme.compare("Bearer", Qt::CaseInsensitive) != 0 || (!full && !readOnly)) {
        QHttpServerResponse response = jsonError(401, QStringLiteral("invalid API key"));
        response.setHeader("WWW-Authenticate", "Bearer");
        return response;
    }
    const bool writes = access == Access::Write
                        || (access == Access::Control && request.method() == Method::Post);
    if (readOnly && writes) {
        return jsonError(403, QStringLiteral("you do not have permission to perform this action "
                                             "(this is the sandbox's read-only key)"));
    }
    return std::nullopt;
}

QHttpServerResponse SandboxApi::listIntegrations(const QHttpServerRequest &request) const
{
    const QUrlQuery query = request.query();
    int page = 1;
    if (query.hasQueryItem(QStringLiteral("page"))) {
        bool ok = false;
        page = query.queryItemValue(QStringLiteral("page")).toInt(&ok);
        if (!ok) {
            page = 0;
        }
    }
    const std::optional<QJsonObject> body = m_integrations.page(
        query.queryItemValue(QStringLiteral("type")), page, m_pageSize, request.url());
    if (!body) {
        return jsonError(404, QStringLiteral("Invalid page."));
    }
    return jsonReply(*body);
}

QHttpServerResponse SandboxApi::getIntegration(const QString &id) const
{
    const Integration *integration = m_integrations.find(id);
    if (!integration) {
        return jsonError(404, QStringLiteral("integration '%1' not found").arg(id));
    }
    return jsonReply(integration->toJson());
}

std::optional<QHttpServerResponse> SandboxApi::checkDbtIntegration(const QString &id,
                                                                   const QString &field) const
{
    const Integration *integration = m_integrations.find(id);
    if (!integration) {
        return jsonError(404, QStringLiteral("integration '%1' not found").arg(id),
                         field.isEmpty() ? QJsonObject() : fieldExtra(field));
    }
    if (!integration->isDbt()) {
        return jsonError(400,
                         QStringLiteral("integration '%1' is a %2 integration, not dbt Core")
                             .arg(id, integration->type),
                         field.isEmpty() ? QJsonObject() : fieldExtra(field));
    }
    return std::nullopt;
}

QHttpServerResponse SandboxApi::uploadArtifacts(const QString &id,
                                                const QHttpServerRequest &request)
{
    if (auto refused = checkDbtIntegration(id, QString())) {
        return std::move(*refused);
    }
    const QMap<QString, ArtifactKind> fileFields{
        {QStringLiteral("manifest"), ArtifactKind::Manifest},
        {QStringLiteral("run_results"), ArtifactKind::RunResults}};
    auto form = readUploadForm(request, m_uploads, fileFields, {});
    if (auto *refused = std::get_if<QHttpServerResponse>(&form)) {
        return std::move(*refused);
    }
    const UploadForm &upload = std::get<UploadForm>(form);
    if (upload.files.isEmpty()) {
        return jsonError(400,
                         QStringLiteral("no file: send 'manifest', 'run_results' or both as "
                                        "multipart files"),
                         fieldExtra(QStringLiteral("manifest")));
    }
    QJsonArray stored;
    for (const StagedFile &staged : upload.files) {
        Result<QString> path = m_uploads.commit(*staged.file, id, staged.field);
        if (!path) {
            return jsonError(path.error());
        }
        stored.append(path.value());
    }
    ++m_counters.uploadsStored;
    return jsonReply(QJsonObject{{QStringLiteral("message"), QStringLiteral("Artifacts uploaded")},
                                 {QStringLiteral("stored"), stored}});
}

QHttpServerResponse SandboxApi::triggerSync(const QString &id)
{
    if (auto refused = checkDbtIntegration(id, QString())) {
        return std::move(*refused);
    }
    startSync(id);
    ++m_counters.triggersStarted;
    return jsonReply(QJsonObject{{QStringLiteral("message"), QStringLiteral("Sync started")},
                                 {QStringLiteral("integration"), id}});
}

QHttpServerResponse SandboxApi::uploadSingle(const QHttpServerRequest &request,
                                             const QString &fileField, ArtifactKind kind)
{
    const QString integrationField = QStringLiteral("integration");
    const QString legacyField = QStringLiteral("integration_id"); // older docs
    auto form
        = readUploadForm(request, m_uploads, {{fileField, kind}}, {integrationField, legacyField});
    if (auto *refused = std::get_if<QHttpServerResponse>(&form)) {
        return std::move(*refused);
    }
    const UploadForm &upload = std::get<UploadForm>(form);
    const QString field
        = upload.textFields.contains(integrationField) ? integrationField : legacyField;
    const QString id = upload.textFields.value(field);
    if (id.isEmpty()) {
        return jsonError(400,
                         QStringLiteral("field 'integration' is missing: send the id of the dbt "
                                        "integration as a form field"),
                         fieldExtra(integrationField));
    }
    if (auto refused = checkDbtIntegration(id, field)) {
        return std::move(*refused);
    }
    if (upload.files.isEmpty()) {
        return jsonError(
            400, QStringLiteral("field '%1' is missing: send the file as it").arg(fileField),
            fieldExtra(fileField));
    }
    Result<QString> path = m_uploads.commit(*upload.files.first().file, id, fileField);
    if (!path) {
        return jsonError(path.error());
    }
    ++m_counters.uploadsStored;
    startSync(id);
    return jsonReply(QJsonObject{
        {QStringLiteral("message"), QStringLiteral("Successfully ran extraction for dbt")},
        {QStringLiteral("stored"), QJsonArray{path.value()}}});
}

QHttpServerResponse SandboxApi::listUploads() const
{
    const QJsonArray uploads = m_uploads.list();
    return jsonReply(QJsonObject{{QStringLiteral("count"), uploads.size()},
                                 {QStringLiteral("results"), uploads}});
}

QHttpServerResponse SandboxApi::currentFaults() const
{
    QJsonObject body = m_faults.toJson();
    body.insert(kPostLimitKey, m_postLimiter.limit());
    return jsonReply(body);
}

QHttpServerResponse SandboxApi::changeFaults(const QHttpServerRequest &request)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return jsonError(400, QStringLiteral("send a JSON object, e.g. {\"hang\": false}"));
    }
    QJsonObject patch = document.object();
    std::optional<int> postLimit;
    if (patch.contains(kPostLimitKey)) {
        const QJsonValue limit = patch.take(kPostLimitKey);
        if (!limit.isDouble() || limit.toInteger(-1) < 0) {
            return jsonError(400,
                             QStringLiteral("%1 must be a whole number >= 0").arg(kPostLimitKey));
        }
        postLimit = int(limit.toInteger());
    }
    Result<FaultSettings> faults = m_faults.patched(patch);
    if (!faults) {
        return jsonError(faults.error());
    }
    m_faults = faults.value();
    if (postLimit) {
        m_postLimiter.setLimit(*postLimit);
    }
    return currentFaults();
}

void SandboxApi::startSync(const QString &id)
{
    QTimer::singleShot(qRound(m_syncSeconds * 1000), this, [this, id] {
        m_integrations.markSynced(id, QDateTime::currentDateTimeUtc());
        emit syncFinished(id);
    });
}

} // namespace Dbtu::Sandbox
