// SPDX-License-Identifier: MIT
#include "bucket/ArtifactDiscovery.h"

#include "Translator.h"

#include <QRegularExpression>

#include <zlib.h>

namespace Dbtu::ArtifactDiscovery {

namespace {

constexpr Translator tr{"Dbtu::ArtifactDiscovery"};

bool isJsonName(const QString &name)
{
    return name.endsWith(QLatin1String(".json")) || name.endsWith(QLatin1String(".json.gz"));
}

QString dirOf(const QString &key)
{
    const qsizetype slash = key.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : key.left(slash + 1);
}

// Inflates what it can of a gzip stream's start (a ranged GET cuts it anywhere).
QByteArray gunzipHead(const QByteArray &head)
{
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        return {};
    }
    QByteArray out(256 * 1024, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(head.constData()));
    zs.avail_in = uInt(head.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    inflate(&zs, Z_SYNC_FLUSH);
    out.truncate(qsizetype(zs.total_out));
    inflateEnd(&zs);
    return out;
}

} // namespace

bool matchesRule(const QString &key, const QString &prefix)
{
    if (!key.startsWith(prefix)) {
        return false;
    }
    const QString rest = key.mid(prefix.size());
    const QString name = rest.section(QLatin1Char('/'), -1);
    if (!isJsonName(name)) {
        return false;
    }
    if (prefix.isEmpty()) {
        return !rest.contains(QLatin1Char('/')) && name.startsWith(QLatin1String("manifest"));
    }
    return name.contains(QLatin1String("manifest"));
}

Found discover(const QList<BucketObject> &objects, const QString &prefix)
{
    Found found;
    for (const BucketObject &o : objects) {
        if (matchesRule(o.key, prefix)) {
            found.candidates.append(o);
        }
    }
    const auto isExact = [&prefix](const BucketObject &o) {
        return o.key == prefix + QLatin1String("manifest.json")
               || o.key == prefix + QLatin1String("manifest.json.gz");
    };
    std::optional<BucketObject> best;
    QList<BucketObject> real;
    for (const BucketObject &o : std::as_const(found.candidates)) {
        const QString name = o.name();
        if (name.startsWith(QLatin1String("semantic_manifest"))) {
            found.warnings << tr("%1 matches Secoda's rule too (dbt 1.6+ writes it); Secoda may "
                                 "read it instead of manifest.json. Keep it out of this path.")
                                  .arg(o.key);
            continue;
        }
        real.append(o);
        if (!best || (isExact(o) && !isExact(*best))
            || (isExact(o) == isExact(*best) && o.lastModified > best->lastModified)) {
            best = o;
        }
    }
    if (real.size() > 1) {
        QStringList keys;
        for (const BucketObject &o : std::as_const(real)) {
            keys << o.key;
        }
        found.warnings << tr("%1 files match Secoda's rule (%2); Secoda may pick any of them. "
                             "Keep one manifest per path.")
                              .arg(real.size())
                              .arg(keys.join(QStringLiteral(", ")));
    }
    found.manifest = best;
    if (best) {
        const QString dir = dirOf(best->key);
        for (const BucketObject &o : objects) {
            if (o.key == dir + QLatin1String("run_results.json")
                || o.key == dir + QLatin1String("run_results.json.gz")) {
                found.runResults = o;
            }
        }
    }
    return found;
}

Result<QString> checkManifestHead(const QByteArray &head, bool gzip)
{
    const QByteArray text = gzip ? gunzipHead(head) : head;
    const QString hint = tr("Upload dbt's target/manifest.json (dbt-uploader bucket upload).");
    if (text.isEmpty()) {
        return Error::invalidInput(
            gzip ? tr("The file is not a valid gzip stream.") : tr("The file is empty."), hint);
    }
    static const QRegularExpression schema(
        QStringLiteral(R"re("dbt_schema_version"\s*:\s*"([^"]+)")re"));
    const QString start = QString::fromUtf8(text.left(64 * 1024));
    const QRegularExpressionMatch m = schema.match(start);
    if (m.hasMatch()) {
        const QString url = m.captured(1);
        if (url.contains(QLatin1String("/manifest/"))) {
            return url;
        }
        return Error::invalidInput(
            tr("The file is a dbt artifact but not a manifest (%1).").arg(url), hint);
    }
    if (start.trimmed().startsWith(QLatin1Char('{')) && start.contains(QLatin1String("\"nodes\""))
        && start.contains(QLatin1String("\"macros\""))) {
        return QString(); // an old manifest without metadata
    }
    return Error{
        ErrorCode::InvalidInput,
        tr("The file does not start like a dbt manifest (no metadata.dbt_schema_version)."), hint,
        QString::fromUtf8(text.left(80)).simplified(), 0};
}

} // namespace Dbtu::ArtifactDiscovery
