// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QTextStream>

namespace Dbtu::Cli {

/**
 * `dbt-uploader follow [API options | --bucket-profile NAME] DIR`: sends each new dbt run in the
 * target/ folder DIR (RunFollower), one line (or JSON line) per event, until Ctrl+C (exit 130)
 * or SIGTERM (exit 0), or an error no retry can change.
 */
int runFollow(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace Dbtu::Cli
