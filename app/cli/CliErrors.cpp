// SPDX-License-Identifier: MIT
#include "CliErrors.h"

namespace Dbtu::Cli {

int fail(QTextStream &err, const Error &error)
{
    err << "error: " << error.message << "\n";
    if (!error.hint.isEmpty()) {
        err << "hint: " << error.hint << "\n";
    }
    err.flush();
    return exitCodeFor(error.code);
}

int usage(QTextStream &err, const QString &message, const QString &hint)
{
    err << "error: " << message << "\n"
        << "hint: " << hint << "\n";
    err.flush();
    return 2;
}

} // namespace Dbtu::Cli
