// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactSummary.h"
#include "sandbox/UploadStore.h"

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QMap>
#include <QStringList>
#include <QTemporaryFile>

#include <memory>
#include <variant>

namespace Dbtu::Sandbox {

/** The value of a request header, its name matched without case; empty when absent. */
QByteArray requestHeader(const QHttpServerRequest &request, QByteArrayView name);

/** {"field": field}, for an error that names the form field it is about. */
QJsonObject fieldExtra(const QString &field);

/** A staged upload: which field it came in, and the checked file waiting to be committed. */
struct StagedFile
{
    QString field;
    std::shared_ptr<QTemporaryFile> file;
};

/** The form of an upload request: its text fields and its checked files. */
struct UploadForm
{
    QMap<QString, QString> textFields;
    QList<StagedFile> files;
};

/**
 * Parses the multipart body, insists that every part is an expected field (files with a
 * filename, text fields without), that none comes twice, and stages each file as its expected
 * artifact kind. Answers 400 naming the field otherwise.
 */
std::variant<UploadForm, QHttpServerResponse>
readUploadForm(const QHttpServerRequest &request, const UploadStore &store,
               const QMap<QString, ArtifactKind> &fileFields, const QStringList &textFields);

} // namespace Dbtu::Sandbox
