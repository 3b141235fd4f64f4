// SPDX-License-Identifier: MIT
// readArtifact(): opens the file, looks at its first bytes, runs the SAX handler over the chunked
// stream and turns what the handler and its accumulators gathered into a FileSummary. The parts
// are in reader/: ChunkedFileStream (input), Scalar (JSON scalars), SummaryHandler (the SAX
// handler), ManifestAccumulator and RunResultsAccumulator (the totals), ArtifactKindRules (what
// the file is) and ReadErrors (the errors, in words).
#include "artifacts/ArtifactReader.h"

#include "artifacts/reader/ArtifactKindRules.h"
#include "artifacts/reader/ChunkedFileStream.h"
#include "artifacts/reader/ReadErrors.h"
#include "artifacts/reader/ReaderText.h"
#include "artifacts/reader/SummaryHandler.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <span>

namespace Dbtu {

namespace {

using Reader::ArtifactKindRules;
using Reader::ChunkedFileStream;
using Reader::ReadErrors;
using Reader::Scalar;
using Reader::SummaryHandler;
using Reader::tr;

QString displayName(const QString &path)
{
    return QFileInfo(path).fileName().isEmpty() ? path : QFileInfo(path).fileName();
}

ArtifactMetadata metadataOf(const SummaryHandler &h)
{
    ArtifactMetadata md;
    md.dbtVersion = h.mDbtVersion.toOptString();
    md.dbtSchemaVersion = h.mSchema.toOptString();
    if (md.dbtSchemaVersion) {
        md.schemaVersionNumber = schemaVersionNumber(*md.dbtSchemaVersion);
    }
    md.generatedAt
        = h.mGeneratedAt.present() ? h.mGeneratedAt.toOptString() : h.topGeneratedAt.toOptString();
    md.invocationId = h.mInvocationId.toOptString();
    md.invocationStartedAt = h.mInvocationStartedAt.toOptString();
    md.projectName = h.mProjectName.toOptString();
    md.projectId = h.mProjectId.toOptString();
    md.adapterType = h.mAdapterType.toOptString();
    return md;
}

QString formatOf(const ArtifactMetadata &md)
{
    if (!md.dbtSchemaVersion) {
        return QStringLiteral("legacy-pre-0.19");
    }
    return md.schemaVersionNumber ? QStringLiteral("v%1").arg(*md.schemaVersionNumber)
                                  : QStringLiteral("vNone");
}

} // namespace

quint64 hashId(const char *data, size_t size)
{
    quint64 h = 14695981039346656037ULL;
    for (size_t i = 0; i < size; ++i) {
        h ^= static_cast<unsigned char>(data[i]);
        h *= 1099511628211ULL;
    }
    return h;
}

std::optional<int> schemaVersionNumber(const QString &schemaUrl)
{
    static const QRegularExpression re(QStringLiteral(R"(/(manifest|run-results)/v(\d+)\.json$)"));
    const auto m = re.match(schemaUrl);
    if (!m.hasMatch()) {
        return std::nullopt;
    }
    bool ok = false;
    const int n = m.captured(2).toInt(&ok);
    return ok ? std::optional(n) : std::nullopt;
}

Result<FileSummary> readArtifact(const QString &path, ReadControl *control, ArtifactIndex *index)
{
    if (index) {
        index->clear();
    }
    const QString name = displayName(path);
    const QFileInfo info(path);
    if (!info.exists()) {
        return ReadErrors::fileError(
            ErrorCode::FileNotFound, tr("%1: no such file").arg(path),
            tr("Check the path; dbt writes its artifacts to the project's target/ folder."));
    }
    if (info.isDir()) {
        return ReadErrors::fileError(
            ErrorCode::InvalidInput, tr("%1 is a folder, not a file").arg(path),
            tr("Give the folder itself to inspect, or the JSON files inside it."));
    }
    std::FILE *file = std::fopen(QFile::encodeName(path).constData(), "rb");
    if (!file) {
        const QString reason = QString::fromLocal8Bit(std::strerror(errno));
        return ReadErrors::fileError(
            ErrorCode::InvalidInput, tr("cannot read %1: %2").arg(path, reason),
            tr("Check that the file is readable by you (permissions, or a file another "
               "program keeps locked)."));
    }
    const std::unique_ptr<std::FILE, int (*)(std::FILE *)> closer(file, &std::fclose);
    const qint64 size = info.size();

    // Quick looks at the first bytes: empty, compressed or binary files get a plain answer.
    std::array<unsigned char, 4096> head{};
    const size_t headSize = std::fread(head.data(), 1, head.size(), file);
    std::rewind(file);
    if (headSize == 0) {
        return ReadErrors::fileError(
            ErrorCode::ParseError, tr("%1 is empty (0 bytes)").arg(path),
            tr("dbt writes %1 when a command finishes; run dbt again, or wait until "
               "it has finished writing.")
                .arg(name));
    }
    if (headSize >= 2 && head[0] == 0x1f && head[1] == 0x8b) {
        return ReadErrors::fileError(
            ErrorCode::ParseError, tr("%1 is gzip-compressed").arg(path),
            tr("Decompress it first (gunzip %1), then inspect the .json file.").arg(name));
    }
    for (size_t i = 0; i < headSize; ++i) {
        const unsigned char c = head[i];
        if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
            return ReadErrors::fileError(
                ErrorCode::ParseError,
                tr("%1 is not a text file: binary data at byte %2").arg(path, QString::number(i)),
                tr("Give the manifest.json or run_results.json that dbt wrote, not "
                   "another kind of file."));
        }
    }

    ChunkedFileStream stream(file, control);
    SummaryHandler handler;
    handler.manifest.diffIndex = index;
    handler.runResults.diffIndex = index;
    const rapidjson::ParseResult parsed = handler.parse(stream);
    if (index
        && (parsed.IsError() || stream.stop() == ChunkedFileStream::Stop::Cancelled
            || stream.stop() == ChunkedFileStream::Stop::ReadError)) {
        index->clear();
    }
    if (stream.stop() == ChunkedFileStream::Stop::Cancelled) {
        return ReadErrors::fileError(ErrorCode::Cancelled, tr("Reading %1 was cancelled").arg(name),
                                     {});
    }
    if (stream.stop() == ChunkedFileStream::Stop::ReadError) {
        return ReadErrors::fileError(
            ErrorCode::InvalidInput, tr("reading %1 failed part way").arg(path),
            tr("The disk or network share returned an error; copy the file locally "
               "and try again."));
    }
    if (parsed.IsError()) {
        return ReadErrors::parseError(path, size, parsed, stream);
    }

    FileSummary out;
    out.path = path;
    out.sizeBytes = size;
    const ArtifactMetadata md = metadataOf(handler);
    const std::optional<QString> schemaUrl = md.dbtSchemaVersion;

    // Decide what this is, by content.
    const ArtifactKind kind = ArtifactKindRules::kindOf(handler, schemaUrl);
    out.kind = kind;
    if (index) {
        index->finish(kind);
    }

    const auto versionCheck = [&](const char *what) {
        if (!md.schemaVersionNumber) {
            return;
        }
        const int n = *md.schemaVersionNumber;
        const std::span<const int> known = ArtifactKindRules::knownSchemaVersions(kind);
        if (std::find(known.begin(), known.end(), n) == known.end()) {
            out.checks.append({Check::Level::Info,
                               QStringLiteral("schema_version_unknown"),
                               tr("%1 uses %2 schema v%3, newer than this app knows; it was read "
                                  "best-effort.")
                                   .arg(name, QLatin1String(what), QString::number(n)),
                               {},
                               n});
        }
    };

    if (kind == ArtifactKind::Manifest) {
        ManifestSummary m;
        m.path = path;
        m.sizeBytes = size;
        m.metadata = md;
        m.format = formatOf(md);
        handler.manifest.moveInto(m);
        for (const std::string &k : handler.rootObjectKeys) {
            if (k != "parent_map" && k != "child_map" && k != "group_map" && k != "metadata"
                && k != "disabled") {
                m.unknownTopLevelCollections << QString::fromStdString(k);
            }
        }
        versionCheck("manifest");
        out.manifest = std::move(m);
    } else if (kind == ArtifactKind::RunResults) {
        RunResultsSummary r;
        r.path = path;
        r.sizeBytes = size;
        r.metadata = md;
        r.metadata.projectName.reset();
        r.metadata.projectId.reset();
        r.metadata.adapterType.reset();
        r.format = formatOf(md);
        r.command = handler.argsWhich.toOptString();
        r.invocationCommand = handler.argsInvocationCommand.toOptString();
        if ((handler.elapsedTime.type == Scalar::Type::Int
             || handler.elapsedTime.type == Scalar::Type::Float)
            && std::isfinite(handler.elapsedTime.pyNum())) {
            r.elapsedTime = handler.elapsedTime.pyNum();
        }
        handler.runResults.moveInto(r);
        versionCheck("run_results");
        out.runResults = std::move(r);
    } else {
        out.otherDescription = ArtifactKindRules::describeOther(handler, schemaUrl);
    }
    return out;
}

} // namespace Dbtu
