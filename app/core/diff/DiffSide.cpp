// SPDX-License-Identifier: MIT
#include "diff/DiffSide.h"

#include "artifacts/Inspector.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

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

} // namespace

Result<DiffSide> DiffSide::read(const QString &path, ReadControl *control)
{
    // inspect's own reading and file rules (which file is which, what is no artifact).
    DiffSide side;
    Result<InspectResult> inspected = inspectArtifacts({path}, control, &side.index);
    if (!inspected) {
        return inspected.error().code == ErrorCode::Cancelled ? cancelled() : inspected.error();
    }
    const InspectResult &r = inspected.value();
    if (!r.manifest && QFileInfo(path).isDir()) {
        return invalid(tr("the folder %1 holds no manifest.json").arg(path),
                       tr("Give the target/ folder that dbt writes (run `dbt build` or `dbt "
                          "compile` first), or a manifest.json or run_results.json itself."));
    }
    const ArtifactMetadata *md = nullptr;
    if (r.manifest) {
        side.manifestPath = r.manifest->path;
        md = &r.manifest->metadata;
    }
    if (r.runResults) {
        side.runResultsPath = r.runResults->path;
        md = md ? md : &r.runResults->metadata;
    }
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
    ReadControl *ctl = control ? control : &ownControl; // each side adds its bytes to the total
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
