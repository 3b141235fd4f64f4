// SPDX-License-Identifier: MIT
#include "sandbox/UploadStore.h"

#include "artifacts/ArtifactReader.h"
#include "util/FileDigest.h"

#include <QDateTime>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonObject>

namespace Dbtu::Sandbox {

namespace {

QString kindName(ArtifactKind kind)
{
    switch (kind) {
    case ArtifactKind::Manifest:
        return QStringLiteral("a dbt manifest");
    case ArtifactKind::RunResults:
        return QStringLiteral("a dbt run_results file");
    case ArtifactKind::OtherJson:
        return QStringLiteral("a JSON file that is not a dbt artifact");
    }
    return QString();
}

Error uploadError(ErrorCode code, const QString &message, int status)
{
    return Error{code, message, QString(), QString(), status};
}

} // namespace

UploadStore::UploadStore(const QString &dataDir)
    : m_uploads(QDir(dataDir).filePath(QStringLiteral("uploads")))
    , m_staging(QDir(dataDir).filePath(QStringLiteral("tmp")))
{}

Result<std::shared_ptr<QTemporaryFile>>
UploadStore::stage(const QString &field, const QByteArray &data, ArtifactKind expected) const
{
    if (!m_staging.mkpath(QStringLiteral("."))) {
        return uploadError(ErrorCode::ServerError,
                           QStringLiteral("cannot create the sandbox's staging folder"), 500);
    }
    auto file = std::make_shared<QTemporaryFile>(
        m_staging.filePath(QStringLiteral("upload-XXXXXX.json")));
    if (!file->open() || file->write(data) != data.size() || !file->flush()) {
        return uploadError(ErrorCode::ServerError,
                           QStringLiteral("cannot store the file of field '%1'").arg(field), 500);
    }
    Result<FileSummary> read = readArtifact(file->fileName());
    if (!read) {
        // The reader names the file it read: name the field instead of a server path.
        QString reason = read.error().message;
        reason.replace(file->fileName(), QStringLiteral("the upload"));
        return uploadError(ErrorCode::InvalidInput,
                           QStringLiteral("field '%1': %2").arg(field, reason), 400);
    }
    if (read.value().kind != expected) {
        QString what = kindName(read.value().kind);
        if (!read.value().otherDescription.isEmpty()) {
            what = read.value().otherDescription;
        }
        return uploadError(ErrorCode::InvalidInput,
                           QStringLiteral("field '%1' must hold %2, but the file is %3")
                               .arg(field, kindName(expected), what),
                           400);
    }
    return file;
}

Result<QString> UploadStore::commit(QTemporaryFile &staged, const QString &integrationId,
                                    const QString &field) const
{
    QDir target(m_uploads.filePath(integrationId));
    if (!target.mkpath(QStringLiteral("."))) {
        return uploadError(ErrorCode::ServerError,
                           QStringLiteral("cannot create the sandbox's uploads folder"), 500);
    }
    const QString stamp
        = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz'Z'"));
    QString name = QStringLiteral("%1-%2.json").arg(stamp, field);
    for (int n = 2; target.exists(name); ++n) {
        name = QStringLiteral("%1-%2-%3.json").arg(stamp, field, QString::number(n));
    }
    if (!staged.rename(target.filePath(name))) {
        return uploadError(ErrorCode::ServerError,
                           QStringLiteral("cannot store the file of field '%1'").arg(field), 500);
    }
    staged.setAutoRemove(false); // it is an upload now, no longer a staged file
    return integrationId + QLatin1Char('/') + name;
}

QJsonArray UploadStore::list() const
{
    QStringList names;
    QDirIterator it(m_uploads.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        names.append(m_uploads.relativeFilePath(it.next()));
    }
    names.sort();
    QJsonArray result;
    for (const QString &name : std::as_const(names)) {
        const QString path = m_uploads.filePath(name);
        result.append(QJsonObject{
            {QStringLiteral("name"), name},
            {QStringLiteral("size"), QFileInfo(path).size()},
            {QStringLiteral("sha256"), sha256OfFile(path)},
        });
    }
    return result;
}

} // namespace Dbtu::Sandbox
