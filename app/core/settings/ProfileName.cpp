// SPDX-License-Identifier: MIT
#include "settings/ProfileName.h"

#include "Translator.h"

namespace Dbtu {

namespace {

constexpr Translator tr{"Dbtu::ProfileName"};

} // namespace

std::optional<Error> profileNameProblem(const QString &name, const QStringList &existing,
                                        const QStringList &reserved)
{
    if (name.trimmed().isEmpty()) {
        return Error::invalidInput(tr("A profile name cannot be empty."),
                                   tr("Type a name such as prod or staging."));
    }
    if (name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\'))) {
        return Error::invalidInput(
            tr("\"%1\" cannot be used as a profile name: it contains a slash.").arg(name),
            tr("Use a name without \"/\" or \"\\\": the name is part of the settings and of the "
               "names of its keychain entries."));
    }
    for (const QString &word : reserved) {
        if (word.compare(name, Qt::CaseInsensitive) == 0) {
            return Error::invalidInput(
                tr("\"%1\" is reserved and cannot be a profile's name.").arg(name),
                tr("Choose another name."));
        }
    }
    for (const QString &other : existing) {
        if (other == name) {
            return Error::invalidInput(tr("A profile named \"%1\" already exists.").arg(name),
                                       tr("Choose another name, or remove that profile first."));
        }
        if (other.compare(name, Qt::CaseInsensitive) == 0) {
            return Error::invalidInput(
                tr("\"%1\" differs from the profile \"%2\" only in letter case.").arg(name, other),
                tr("Choose a name that differs in more than letter case."));
        }
    }
    return std::nullopt;
}

} // namespace Dbtu
