// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QString>

namespace Dbtu::Reader {

/** The reader's user-facing text, all under one translation context. */
inline QString tr(const char *text)
{
    return QCoreApplication::translate("Dbtu::ArtifactReader", text);
}

} // namespace Dbtu::Reader
