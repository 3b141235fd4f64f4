// SPDX-License-Identifier: MIT
#pragma once

#include <QFile>
#include <QString>

#include <csignal>

namespace Dbtu::Test {

/**
 * True once process @p pid catches SIGINT (SigCgt in /proc/PID/status): the CLI sets its
 * handler only while it waits for a job (runUntil), and a SIGINT before that ends it unhandled.
 */
inline bool catchesSigint(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) {
        return false;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("SigCgt:")) {
            bool ok = false;
            const qulonglong caught = line.mid(7).trimmed().toULongLong(&ok, 16);
            return ok && (caught & (1ULL << (SIGINT - 1))) != 0;
        }
    }
    return false;
}

} // namespace Dbtu::Test
