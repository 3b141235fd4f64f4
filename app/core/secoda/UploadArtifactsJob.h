// SPDX-License-Identifier: MIT
#pragma once

#include "secoda/SecodaJob.h"

#include <QDateTime>

namespace Dbtu {
class OneShotBody;
}

namespace Dbtu {

/** The two documented ways to send artifacts. */
enum class UploadStyle {
    Combined, ///< POST dbt/{id}/upload_artifacts/ with manifest + run_results, then a trigger
    Separate, ///< POST dbt/manifest/ and dbt/run_result/, each starting a sync by itself
};

struct UploadRequest
{
    QString integrationId;
    std::optional<QString> manifestPath;
    std::optional<QString> runResultsPath;
    UploadStyle style = UploadStyle::Combined;
};

/**
 * Sends the artifacts, streamed from disk (never read whole into memory), with progress per
 * file and overall, retries as the RetryPolicy allows (never sent twice once it may have reached
 * the server), and a check that no file
 * changed while it was being sent. The files must have been checked (inspect) before.
 */
class UploadArtifactsJob : public SecodaJob
{
    Q_OBJECT
public:
    UploadArtifactsJob(QNetworkAccessManager &nam, ApiEndpoint endpoint, Secret apiKey,
                       UploadRequest request, QObject *parent = nullptr);
    ~UploadArtifactsJob() override;

    /** Checks the request's shape (files present for the style, readable). */
    static Result<void> validate(const UploadRequest &request);
    const UploadRequest &uploadRequest() const { return m_request; }
    qint64 totalBytes() const { return m_total; }

signals:
    /** Progress of one file: path, bytes sent, its size. */
    void fileProgressChanged(const QString &path, qint64 done, qint64 total);

protected:
    Result<QNetworkReply *> send(QNetworkAccessManager &nam) override;
    Result<void> handleReply(int httpStatus, const QByteArray &body) override;
    /** Never sent twice once it may have reached the server, whatever its style. */
    /** A combined upload starts no sync: after a 503 it is sent again. */
    bool retriesUnavailable() const override { return m_request.style == UploadStyle::Combined; }
    Error replyFailed(const Error &generic, const QNetworkReply &reply,
                      const QByteArray &body) override;
    QString what() const override;
    Result<void> afterTransfer() override;
    void reportUploadProgress(qint64 done, qint64 total) override;
    void cleanup() override;
    qint64 payloadBytes() const override;

private:
    struct Part
    {
        QString field;
        QString path;
        qint64 size = 0;
        QDateTime modified;
    };
    QList<Part> currentParts() const;
    Result<void> appendFile(OneShotBody &body, const QByteArray &boundary, const Part &part);

    UploadRequest m_request;
    QList<Part> m_parts; ///< every file, in sending order
    int m_step = 0;      ///< separate style: which file is being sent
    qint64 m_doneBefore = 0;
    qint64 m_total = 0;
};

} // namespace Dbtu
