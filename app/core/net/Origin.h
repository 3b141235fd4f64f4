// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QUrl>

namespace Dbtu {

/**
 * Whether @p a and @p b share an origin: the same scheme, host (case-insensitive) and port (the
 * scheme's default when none is given). Credentials are only ever sent within one origin.
 */
bool sameOrigin(const QUrl &a, const QUrl &b);

/** "https://host:port" (the port only when it is not the scheme's default), for messages. */
QString originText(const QUrl &url);

} // namespace Dbtu
