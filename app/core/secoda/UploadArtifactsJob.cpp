// SPDX-License-Identifier: MIT
#include "secoda/UploadArtifactsJob.h"

#include "net/HttpError.h"
#include "net/OneShotBody.h"
#include "net/RetryPolicy.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

namespace Dbtu {

UploadArtifactsJob::UploadArtifactsJob(QNetworkAccessManager &nam, ApiEndpoint endpoint,
                                       Secret apiKey, UploadRequest request, QObject *parent)
    : SecodaJob(nam, std::move(endpoint), std::move(apiKey), parent)
    , m_request(std::move(request))
{
    const bool combined = m_request.style == UploadStyle::Combined;
    const auto add = [this](const QString &field, const std::optional<QString> &path) {
        if (path) {
            const QFileInfo info(*path);
            m_parts.append({field, *path, info.size(), info.lastModified()});
            m_total += info.size();
        }
    };
    add(combined ? QStringLiteral("manifest") : QStringLiteral("manifest_file"),
        m_request.manifestPath);
    add(combined ? QStringLiteral("run_results") : QStringLiteral("run_result_file"),
        m_request.runResultsPath);
}

UploadArtifactsJob::~UploadArtifactsJob() = default;

Result<void> UploadArtifactsJob::validate(const UploadRequest &request)
{
    Result<QString> id = ApiEndpoint::parseIntegrationId(request.integrationId);
    if (!id) {
        return id.error();
    }
    if (request.style == UploadStyle::Combined
        && (!request.manifestPath || !request.runResultsPath)) {
        return Error::invalidInput(
            tr("the combined upload (upload_artifacts) sends manifest.json and "
               "run_results.json together; %1 is missing")
                .arg(request.manifestPath ? QStringLiteral("run_results.json")
                                          : QStringLiteral("manifest.json")),
            tr("Add the missing file, or use the separate style, which sends either "
               "file on its own."));
    }
    if (!request.manifestPath && !request.runResultsPath) {
        return Error::invalidInput(tr("no file to upload"),
                                   tr("Give manifest.json and/or run_results.json."));
    }
    for (const auto &path : {request.manifestPath, request.runResultsPath}) {
        if (path && !QFileInfo(*path).isFile()) {
            return Error{ErrorCode::FileNotFound,
                         tr("%1: no such file").arg(*path),
                         tr("Check the path; dbt writes its artifacts to target/."),
                         {},
                         0};
        }
    }
    return {};
}

QString UploadArtifactsJob::what() const
{
    if (m_request.style == UploadStyle::Combined) {
        return tr("Uploading the artifacts");
    }
    const Part &p = m_parts.value(m_step);
    return tr("Uploading %1").arg(QFileInfo(p.path).fileName());
}

QList<UploadArtifactsJob::Part> UploadArtifactsJob::currentParts() const
{
    if (m_request.style == UploadStyle::Combined) {
        return m_parts;
    }
    return {m_parts.value(m_step)};
}

Result<void> UploadArtifactsJob::appendFile(OneShotBody &body, const QByteArray &boundary,
                                            const Part &part)
{
    body.appendBytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                     + part.field.toUtf8() + "\"; filename=\""
                     + QFileInfo(part.path).fileName().toUtf8()
                     + "\"\r\nContent-Type: application/json\r\n\r\n");
    if (!body.appendFile(part.path)) {
        return Error::invalidInput(tr("cannot read %1: %2").arg(part.path, body.errorString()),
                                   tr("Check that the file is still there and readable."));
    }
    body.appendBytes("\r\n");
    return {};
}

Result<QNetworkReply *> UploadArtifactsJob::send(QNetworkAccessManager &nam)
{
    // multipart/form-data written here rather than by QHttpMultiPart: Qt can rewind a
    // QHttpMultiPart and silently send it again after a dropped connection (a second sync for
    // the separate style); a OneShotBody cannot be rewound, so only RetryPolicy sends again.
    const QByteArray boundary
        = "dbt-uploader-" + QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    auto *body = new OneShotBody(this);
    const QList<Part> parts = currentParts();
    for (const Part &part : parts) {
        if (Result<void> added = appendFile(*body, boundary, part); !added) {
            delete body;
            return added.error();
        }
    }
    QUrl url;
    if (m_request.style == UploadStyle::Combined) {
        url = endpoint().url(
            QStringLiteral("integration/dbt/%1/upload_artifacts").arg(m_request.integrationId));
    } else {
        body->appendBytes("--" + boundary
                          + "\r\nContent-Disposition: form-data; name=\"integration\"\r\n\r\n"
                          + m_request.integrationId.toUtf8() + "\r\n");
        const bool manifest = parts.first().field == QLatin1String("manifest_file");
        url = endpoint().url(manifest ? QStringLiteral("integration/dbt/manifest")
                                      : QStringLiteral("integration/dbt/run_result"));
    }
    body->appendBytes("--" + boundary + "--\r\n");
    body->openForReading();
    QNetworkRequest r = request(url);
    r.setHeader(QNetworkRequest::ContentTypeHeader,
                QByteArray("multipart/form-data; boundary=\"" + boundary + "\""));
    r.setHeader(QNetworkRequest::ContentLengthHeader, body->totalSize());
    r.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
    QNetworkReply *reply = nam.post(r, body);
    body->setParent(reply); // read by the reply until it is deleted
    return reply;
}

void UploadArtifactsJob::reportUploadProgress(qint64 done, qint64 total)
{
    // The multipart adds a little framing: spread done over the files by their sizes.
    const QList<Part> parts = currentParts();
    qint64 payload = 0;
    for (const Part &p : parts) {
        payload += p.size;
    }
    const qint64 sentPayload
        = total > 0 ? qint64(double(done) / double(total) * double(payload)) : 0;
    qint64 offset = 0;
    for (const Part &p : parts) {
        emit fileProgressChanged(p.path, qBound<qint64>(0, sentPayload - offset, p.size), p.size);
        offset += p.size;
    }
    emit progressChanged(m_doneBefore + sentPayload, m_total);
}

Result<void> UploadArtifactsJob::afterTransfer()
{
    for (const Part &p : currentParts()) {
        const QFileInfo now(p.path);
        if (!now.exists() || now.size() != p.size || now.lastModified() != p.modified) {
            return Error::invalidInput(
                tr("%1 changed while it was being sent; Secoda may have received a mix "
                   "of old and new content")
                    .arg(p.path),
                tr("Wait until dbt has finished writing it, then upload again."));
        }
    }
    return {};
}

qint64 UploadArtifactsJob::payloadBytes() const
{
    qint64 bytes = 0;
    for (const Part &p : currentParts()) {
        bytes += p.size;
    }
    return bytes;
}

Result<void> UploadArtifactsJob::handleReply(int, const QByteArray &body)
{
    // Secoda documents no body here; a web page is a proxy's or a login page's, so the files
    // did not reach the API.
    if (looksLikeHtml(body)) {
        return notApiReply(what(), endpoint().baseUrl().host(), body);
    }
    for (const Part &p : currentParts()) {
        m_doneBefore += p.size;
    }
    emit progressChanged(m_doneBefore, m_total);
    if (m_request.style == UploadStyle::Separate && m_step + 1 < m_parts.size()) {
        ++m_step;
        requestAgain();
    }
    return {};
}

void UploadArtifactsJob::cleanup() {}

Error UploadArtifactsJob::replyFailed(const Error &generic, const QNetworkReply &reply,
                                      const QByteArray &body)
{
    Q_UNUSED(body);
    // A connection that was up and then failed: the server may have had the whole upload, so
    // it was not sent again (RetryPolicy); the user decides, knowing that.
    if (!mayHaveArrived(generic, reply.error())) {
        return generic;
    }
    Error e = generic;
    e.hint = m_request.style == UploadStyle::Combined
                 ? tr("The files may have reached Secoda before the connection dropped, so "
                      "they were not sent again. Upload again when the connection is back: it "
                      "replaces them.")
                 : tr("The file may have reached Secoda before the connection dropped (and "
                      "started a sync), so it was not sent again. Check the Syncs page before "
                      "you upload again.");
    return e;
}

} // namespace Dbtu
