// SPDX-License-Identifier: MIT
#pragma once

#include "sandbox/FaultSettings.h"

#include <QHostAddress>
#include <QString>

namespace Dbtu::Sandbox {

/** How a SandboxServer runs. The defaults are safe: loopback only, no faults. */
struct SandboxOptions
{
    /** Where clients connect. A non-loopback address needs allowNonLoopback (the CLI's --bind). */
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    bool allowNonLoopback = false;
    quint16 port = 0; ///< 0: any free port; SandboxServer::port() tells which

    /** Everything the server writes goes here. Empty: a temporary folder removed on stop. */
    QString dataDir;

    /** The key that may do everything. Empty: generated and written to <dataDir>/api-key (0600). */
    QString apiKey;
    /** A key that may read but gets 403 on writes. Empty: generated, <dataDir>/read-only-key. */
    QString readOnlyKey;

    double syncSeconds = 5.0;                  ///< how long a triggered sync "runs"
    qint64 maxBodyBytes = 100LL * 1024 * 1024; ///< larger request bodies get 413
    int postsPerMinute = 30;                   ///< more POSTs in 60 s get 429; 0: no limit
    int pageSize = 50;                         ///< integrations per listing page
    int integrationCount = 5;                  ///< seeded integrations, the first is dbt Core

    /** PEM files of the certificate (its chain may follow) and key to serve https with; both
     * empty: plain http. */
    QString tlsCertificateFile;
    QString tlsKeyFile;

    FaultSettings faults;
};

} // namespace Dbtu::Sandbox
