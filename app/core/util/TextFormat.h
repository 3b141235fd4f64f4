// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Dbtu {

/** A byte count for people, in SI units with one decimal: "950 bytes", "1.2 kB", "3.4 MB".
 * The same text in every locale (the C locale), so logs and CLI output compare. */
QString humanSize(qint64 bytes);

} // namespace Dbtu
