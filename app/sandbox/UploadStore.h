// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "artifacts/ArtifactSummary.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryFile>

#include <memory>

namespace Dbtu::Sandbox {

/**
 * Uploaded artifacts under <dataDir>/uploads/<integration>/<timestamp>-<field>.json, and nothing
 * written anywhere else: a file is first staged in <dataDir>/tmp, checked by content with
 * readArtifact(), and only then moved into place. A staged file that is never committed is
 * removed when its QTemporaryFile goes away.
 */
class UploadStore
{
public:
    explicit UploadStore(const QString &dataDir);

    /**
     * Writes data to a staged file and checks that it is the expected kind of dbt artifact.
     * The Error (InvalidInput, httpStatus 400) names field and says what the file is instead;
     * a write failure is a ServerError (500).
     */
    Result<std::shared_ptr<QTemporaryFile>> stage(const QString &field, const QByteArray &data,
                                                  ArtifactKind expected) const;

    /** Moves a staged file into uploads/<integrationId>/; returns its path under uploads/. */
    Result<QString> commit(QTemporaryFile &staged, const QString &integrationId,
                           const QString &field) const;

    /** [{"name": "<integration>/<file>", "size": N, "sha256": "…"}], sorted by name. */
    QJsonArray list() const;

private:
    QDir m_uploads;
    QDir m_staging;
};

} // namespace Dbtu::Sandbox
