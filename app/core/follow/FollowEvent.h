// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Dbtu {

/** One thing RunFollower saw or did: a line of `follow`, a JSON line, or a notification. */
struct FollowEvent
{
    enum class Kind {
        Watching,   ///< the folder is watched (once, at the start)
        Waiting,    ///< what is in the folder is not a pair to send yet; message says why
        Skipped,    ///< a pair that is not sent: already sent, or a `dbt docs generate` run
        Uploading,  ///< a pair is being sent (attempt N)
        Uploaded,   ///< it reached the destination (error: what failed after, e.g. the sync)
        Failed,     ///< a try failed; retryInMs: when the next one comes (0: none, follow ends)
        Superseded, ///< a failing run given up: a newer run is in the folder
        Rejected,   ///< the check or the destination refused the pair: never tried again
    };

    Kind kind = Kind::Watching;
    QDateTime at;
    QString message;      ///< one readable line, complete on its own
    QString invocationId; ///< the manifest's invocation_id; empty when not known
    QStringList files;    ///< the pair's file names
    int attempt = 0;      ///< Uploading, Uploaded, Failed: 1 for the first try
    qint64 retryInMs = 0; ///< Failed: the wait before the next try
    std::optional<Error> error;
    qint64 historyId = 0; ///< the upload's history record (Uploaded, Failed), or the one found
                          ///< (Skipped as already sent); 0: none

    /** "watching", "waiting", "skipped", "uploading", "uploaded", "failed", "superseded",
     * "rejected": the `event` of a JSON line. */
    static QString kindName(Kind kind);
};

} // namespace Dbtu

Q_DECLARE_METATYPE(Dbtu::FollowEvent)
