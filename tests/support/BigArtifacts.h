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
    // The copies are written as text: inserting thousands of keys into a QJsonObject is
    // quadratic, minutes under the sanitizers for 16 MB.
    manifest.insert(QStringLiteral("nodes"), QJsonObject());
    const QByteArray rest = QJsonDocument(manifest).toJson(QJsonDocument::Compact);
    const QByteArray slot = "\"nodes\":{}";
    const qsizetype at = rest.indexOf(slot);
    if (at < 0 || rest.indexOf(slot, at + 1) >= 0) {
        return -1;
    }
    QByteArray text = QJsonDocument(nodes).toJson(QJsonDocument::Compact);
    text.chop(1); // the closing brace: the copies follow
    text.reserve(minBytes + text.size() + 4096);
    for (qint64 i = 0; text.size() < minBytes; ++i) {
        const QString id = QStringLiteral("model.analytics.generated_%1").arg(i);
        QJsonObject copy = model;
        copy.insert(QStringLiteral("unique_id"), id);
        copy.insert(QStringLiteral("name"), QStringLiteral("generated_%1").arg(i));
        text += ",\"" + id.toUtf8() + "\":" + QJsonDocument(copy).toJson(QJsonDocument::Compact);
    }
    text += '}';
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(rest.left(at)) < 0
        || out.write("\"nodes\":" + text) < 0 || out.write(rest.mid(at + slot.size())) < 0) {
        return -1;
    }
    return out.size();
}

} // namespace Dbtu::Test
