// SPDX-License-Identifier: MIT
#include "diff/DiffSide.h"

#include "artifacts/Inspector.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace Dbtu {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Dbtu::DiffSide", text);
}

Error cancelled()
{
    return Error{ErrorCode::Cancelled, tr("Comparing was cancelled"), {}, {}, 0};
}

Error invalid(const QString &message, const QString &hint)
{
    return Error{ErrorCode::InvalidInput, message, hint, {}, 0};
}

qint64 totalSize(const QString &path)
{
    Result<ArtifactPaths> resolved = resolveArtifactPaths({path});
    qint64 total = 0;
    if (resolved) {
        for (const ArtifactPaths::Entry &e : resolved.value().files) {
            total += QFileInfo(e.path).size();
        }
    }
    return total;
}

} // namespace

Result<DiffSide> DiffSide::read(const QString &path, ReadControl *control)
{
    Result<ArtifactPaths> resolved = resolveArtifactPaths({path});
    if (!resolved) {
        return resolved.error();
    }
    const QList<ArtifactPaths::Entry> &files = resolved.value().files;
    const bool folder = QFileInfo(path).isDir();
    if (folder && std::none_of(files.cbegin(), files.cend(), [](const ArtifactPaths::Entry &e) {
            return e.expected == ArtifactKind::Manifest;
        })) {
        return invalid(tr("the folder %1 holds no manifest.json").arg(path),
                       tr("Give the target/ folder that dbt writes (run `dbt build` or `dbt "
                          "compile` first), or a manifest.json or run_results.json itself."));
    }

    DiffSide side;
    std::optional<ArtifactMetadata> manifestMd;
    std::optional<ArtifactMetadata> runResultsMd;
    for (const ArtifactPaths::Entry &entry : files) {
        ArtifactIndex index;
        Result<FileSummary> read = readArtifact(entry.path, control, &index);
        if (control && control->cancelled.load()) {
            return cancelled();
        }
        if (!read) {
            return read.error();
        }
        FileSummary &f = read.value();
        if (f.kind == ArtifactKind::OtherJson) {
            return invalid(tr("%1 is JSON, but not a dbt manifest or run_results: %2")
                               .arg(f.path, f.otherDescription),
                           tr("Give a dbt target/ folder, or the manifest.json or "
                              "run_results.json from one."));
        }
        if (entry.expected && *entry.expected != f.kind) {
            return invalid(tr("%1 does not hold what its name says (%2)")
                               .arg(f.path, f.kind == ArtifactKind::Manifest
                                                ? tr("it is a manifest")
                                                : tr("it is a run_results file")),
                           tr("The file was renamed or overwritten; put the real %1 back (dbt "
                              "writes it to target/).")
                               .arg(QFileInfo(f.path).fileName()));
        }
        if (f.kind == ArtifactKind::Manifest) {
            side.manifestPath = f.path;
            manifestMd = f.manifest->metadata;
            ArtifactIndex results;
            results.takeResults(std::move(side.index));
            side.index = std::move(index);
            side.index.takeResults(std::move(results));
        } else {
            side.runResultsPath = f.path;
            runResultsMd = f.runResults->metadata;
            side.index.takeResults(std::move(index));
        }
    }
    const std::optional<ArtifactMetadata> &md = manifestMd ? manifestMd : runResultsMd;
    if (md) {
        side.invocationId = md->invocationId;
        side.generatedAt = md->generatedAt;
    }
    return side;
}

Result<DiffSides> DiffSides::read(const QString &oldPath, const QString &newPath,
                                  ReadControl *control)
{
    ReadControl ownControl;
    ReadControl *ctl = control ? control : &ownControl;
    ctl->bytesTotal.store(totalSize(oldPath) + totalSize(newPath));
    QFuture<Result<DiffSide>> oldReading
        = QtConcurrent::run([oldPath, ctl] { return DiffSide::read(oldPath, ctl); });
    Result<DiffSide> newSide = DiffSide::read(newPath, ctl);
    if (!newSide && newSide.error().code != ErrorCode::Cancelled) {
        ctl->cancelled.store(true); // no need to finish OLD: NEW failed
    }
    Result<DiffSide> oldSide = oldReading.result();
    if (!oldSide && oldSide.error().code == ErrorCode::Cancelled && !newSide) {
        return newSide.error(); // OLD only stopped because NEW failed
    }
    if (!oldSide) {
        return oldSide.error();
    }
    if (!newSide) {
        return newSide.error();
    }
    return DiffSides{std::move(oldSide).value(), std::move(newSide).value()};
}

} // namespace Dbtu
