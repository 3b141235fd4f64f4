// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"

#include <QJsonObject>
#include <QList>

namespace Dbtu::Sandbox {

/**
 * Faults the sandbox injects for tests; all off by default. Set at start (command-line options)
 * and at run time (POST /sandbox/faults/). Requests to /sandbox/ itself are never faulted, so a
 * test can always switch them off again.
 */
struct FaultSettings
{
    int delayMs = 0;            ///< wait this long before a request reaches the API
    QList<int> statusSequence;  ///< the next POSTs get these statuses in order (200 = normal)
    qint64 dropAfterBytes = -1; ///< close the connection once this many body bytes came (-1 off)
    bool hang = false;          ///< accept requests and never answer

    /** {"delay_ms", "status_sequence", "drop_after_bytes", "hang"}; drop off is null. */
    QJsonObject toJson() const;

    /** This with the keys present in patch applied; an unknown key or bad value is an Error. */
    Result<FaultSettings> patched(const QJsonObject &patch) const;

    /** "429,503,200" → {429, 503, 200}; each a status between 200 and 599. */
    static Result<QList<int>> parseStatusSequence(const QString &text);
};

} // namespace Dbtu::Sandbox
