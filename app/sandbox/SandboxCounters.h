// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>

namespace Dbtu::Sandbox {

/**
 * What reached the sandbox since it started, for tests that prove a client sent a request once
 * (GET /sandbox/counts/). The front counts every request head it saw (also those it then
 * dropped or answered itself); the API counts the upload and trigger POSTs that reached it
 * whole, and those it accepted (stored, started). /sandbox/ requests are not counted.
 */
struct SandboxCounters
{
    qint64 requestsSeen = 0;    ///< request heads the front saw
    qint64 postsSeen = 0;       ///< of which POSTs
    qint64 faulted = 0;         ///< requests the faults applied to
    qint64 uploadPosts = 0;     ///< upload POSTs that reached the API whole
    qint64 uploadsStored = 0;   ///< of which stored (answered 2xx)
    qint64 triggerPosts = 0;    ///< trigger POSTs that reached the API whole
    qint64 triggersStarted = 0; ///< of which started a sync (answered 2xx)

    QJsonObject toJson() const
    {
        return QJsonObject{
            {QStringLiteral("requests_seen"), requestsSeen},
            {QStringLiteral("posts_seen"), postsSeen},
            {QStringLiteral("faulted"), faulted},
            {QStringLiteral("upload_posts"), uploadPosts},
            {QStringLiteral("uploads_stored"), uploadsStored},
            {QStringLiteral("trigger_posts"), triggerPosts},
            {QStringLiteral("triggers_started"), triggersStarted},
        };
    }
};

} // namespace Dbtu::Sandbox
