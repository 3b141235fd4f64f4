// SPDX-License-Identifier: MIT
#include "diff/DiffSide.h"

#include "Translator.h"
#include "artifacts/Inspector.h"
#include "history/HistoryStore.h"

#include <QDir>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace Dbtu {

namespace {

constexpr Translator tr{"Dbtu::DiffSide"};

Error cancelled()
{
    return Error{ErrorCode::Cancelled, tr("Comparing was cancelled"), {}, {}, 0};
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
        return Error::invalidInput(
            tr("the folder %1 holds no manifest.json").arg(path),
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

Result<DiffSide> DiffSide::lastUpload(const QString &historyPath, const Destination &destination)
{
    const QString file = historyPath.isEmpty() ? HistoryStore::defaultPath() : historyPath;
    const QString where = destination.key.isEmpty()
                              ? tr("the destination of profile \"%1\"").arg(destination.profile)
                              : destination.text;
    const QString again = tr("Upload to it first, or pass the old target/ folder or artifact "
                             "file as OLD instead of @last.");
    if (!QFileInfo::exists(file)) {
        return Error::invalidInput(
            tr("@last: nothing was uploaded to %1 yet (there is no upload history, "
               "%2)")
                .arg(where, QDir::toNativeSeparators(file)),
            again);
    }
    HistoryStore store(file);
    if (Result<void> opened = store.open(); !opened) {
        return opened.error();
    }
    Result<std::optional<UploadRecord>> last = destination.key.isEmpty()
                                                   ? store.lastOfProfile(destination.profile)
                                                   : store.lastFor(destination.key);
    if (!last) {
        return last.error();
    }
    if (!last.value()) {
        return Error::invalidInput(
            tr("@last: nothing was uploaded to %1 yet (the upload history %2 holds "
               "no successful upload there)")
                .arg(where, QDir::toNativeSeparators(file)),
            again);
    }
    DiffSide side;
    side.upload = *last.value();
    Result<ArtifactIndex> index = store.indexOf(side.upload->id);
    if (!index) {
        return index.error();
    }
    side.index = std::move(index).value();
    if (!side.index.hasManifest && !side.index.hasRunResults) {
        return Error::invalidInput(
            tr("@last: the last upload to %1 (%2) was recorded without what it "
               "held, so there is nothing to compare with")
                .arg(where, side.upload->finishedAt.toString(Qt::ISODate)),
            tr("Uploads recorded by an older version keep no index. Pass the old "
               "target/ folder or artifact file as OLD; the next upload is compared "
               "from then on."));
    }
    if (!side.upload->invocationIds.isEmpty()) {
        side.invocationId = side.upload->invocationIds.first();
    }
    return side;
}

Result<DiffSides> DiffSides::readWith(const std::function<Result<DiffSide>(ReadControl *)> &readOld,
                                      const QString &newPath, ReadControl *control)
{
    ReadControl ownControl;
    ReadControl *ctl = control ? control : &ownControl; // each side adds its bytes to the total
    QFuture<Result<DiffSide>> oldReading
        = QtConcurrent::run([&readOld, ctl] { return readOld(ctl); });
    Result<DiffSide> newSide = DiffSide::read(newPath, ctl);
    if (!newSide && newSide.error().code != ErrorCode::Cancelled) {
        ctl->cancelled.store(true); // no need to finish OLD: NEW failed
    }
    Result<DiffSide> oldSide = oldReading.result();
    const bool oldStoppedForNew = !oldSide && oldSide.error().code == ErrorCode::Cancelled;
    if (!newSide && (newSide.error().code == ErrorCode::Cancelled || oldStoppedForNew)) {
        return newSide.error();
    }
    if (!oldSide) {
        return oldSide.error();
    }
    if (!newSide) {
        return newSide.error();
    }
    return DiffSides{std::move(oldSide).value(), std::move(newSide).value()};
}

Result<DiffSides> DiffSides::read(const QString &oldPath, const QString &newPath,
                                  ReadControl *control)
{
    return readWith([&oldPath](ReadControl *ctl) { return DiffSide::read(oldPath, ctl); }, newPath,
                    control);
}

Result<DiffSides> DiffSides::readAgainstLast(const QString &historyPath,
                                             const DiffSide::Destination &where,
                                             const QString &newPath, ReadControl *control)
{
    return readWith(
        [&historyPath, &where](ReadControl *) { return DiffSide::lastUpload(historyPath, where); },
        newPath, control);
}

} // namespace Dbtu
