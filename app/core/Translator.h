// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QString>

namespace Dbtu {

/**
 * tr() for a file's free functions, in the context of the class they serve:
 * `constexpr Translator tr{"Dbtu::HttpError"};` in the file's anonymous namespace, then
 * tr("text") as in a QObject.
 */
struct Translator
{
    const char *context;
    QString operator()(const char *text) const
    {
        return QCoreApplication::translate(context, text);
    }
};

} // namespace Dbtu
