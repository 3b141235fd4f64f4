// SPDX-License-Identifier: MIT
#pragma once

#include "TestPaths.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace Dbtu::Test {

/**
 * Writes a valid dbt manifest of at least @p minBytes to @p path: the v12 fixture with its first
 * node copied under new unique ids until the file is big enough (so an upload of it takes many
 * progress steps). Returns the size written, or -1 when the fixture or the target fails.
 */
inline qint64 writeBigManifest(const QString &path, qint64 minBytes)
{
    QFile fixture(dataDir() + QStringLiteral("/core/v12-manifest.json"));
    if (!fixture.open(QIODevice::ReadOnly)) {
        return -1;
    }
    QJsonObject manifest = QJsonDocument::fromJson(fixture.readAll()).object();
    QJsonObject nodes = manifest.value(QLatin1String("nodes")).toObject();
    if (nodes.isEmpty()) {
        return -1;
    }
    const QJsonObject model = nodes.begin().value().toObject();
    const qint64 perNode = QJsonDocument(model).toJson(QJsonDocument::Compact).size() + 40;
    for (qint64 i = 0; i * perNode < minBytes; ++i) {
        const QString id = QStringLiteral("model.analytics.generated_%1").arg(i);
        QJsonObject copy = model;
        copy.insert(QStringLiteral("unique_id"), id);
        copy.insert(QStringLiteral("name"), QStringLiteral("generated_%1").arg(i));
        nodes.insert(id, copy);
    }
    manifest.insert(QStringLiteral("nodes"), nodes);
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly)
        || out.write(QJsonDocument(manifest).toJson(QJsonDocument::Compact)) < 0) {
        return -1;
    }
    return out.size();
}

} // namespace Dbtu::Test
