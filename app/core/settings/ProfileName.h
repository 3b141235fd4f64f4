// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QStringList>

#include <optional>

namespace Dbtu {

/**
 * The one rule for a profile's name, for every tab and the CLI: not empty, no slash (the name
 * is a settings group and part of the keychain entries' names, e.g. secoda/<profile>/api-key),
 * not one of @p reserved, and new: neither equal to one of @p existing nor differing from one
 * only in letter case (some settings stores and keychains do not tell those apart). The name is
 * taken as given: trim it first. An InvalidInput Error with a hint, or nothing.
 */
std::optional<Error> profileNameProblem(const QString &name, const QStringList &existing,
                                        const QStringList &reserved = {});

} // namespace Dbtu
