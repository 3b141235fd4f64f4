// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QTextStream>

namespace Dbtu::Cli {

/** `upload`, `trigger`, `watch`, `integrations`, `key`: args exclude the command word. */
int runUpload(const QStringList &args, QTextStream &out, QTextStream &err);
int runTrigger(const QStringList &args, QTextStream &out, QTextStream &err);
int runWatch(const QStringList &args, QTextStream &out, QTextStream &err);
int runIntegrations(const QStringList &args, QTextStream &out, QTextStream &err);
int runKey(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace Dbtu::Cli
