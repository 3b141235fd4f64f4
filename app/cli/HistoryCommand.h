// SPDX-License-Identifier: MIT
#pragma once

#include "history/HistoryRecorder.h"

#include <QStringList>
#include <QTextStream>

#include <memory>

namespace Dbtu {
class HistoryStore;
struct UploadChanges;
} // namespace Dbtu

namespace Dbtu::Cli {

/** `dbt-uploader history [--json] [--limit N] [--profile NAME]`: the last uploads, newest first. */
int runHistory(const QStringList &args, QTextStream &out, QTextStream &err);

/**
 * The history an upload command records into (HistoryStore::defaultPath()), opened; null when it
 * cannot be opened, after a `warning:` on @p err: the upload goes on unrecorded.
 */
std::unique_ptr<HistoryStore> openHistoryForUpload(QTextStream &err);

/** The target a CLI session records into (null store: nothing is recorded). */
HistoryRecorder::Target historyTarget(HistoryStore *store, const QString &profile);

/** "Changes since the last upload to D at T: +1 model, …": how upload commands print them. */
QString changesLine(const UploadChanges &changes);

/** After a session: a `warning:` on @p err when its record could not be written. */
void warnIfNotRecorded(QTextStream &err, const std::optional<Error> &historyError);

} // namespace Dbtu::Cli
