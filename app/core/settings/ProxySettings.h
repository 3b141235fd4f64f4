// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"

#include <QString>

namespace Dbtu {

/**
 * The window's proxy preference (Settings → Preferences), kept in the settings file. Never holds
 * the password: that lives in the keychain under SecretStore::proxyPasswordName().
 *
 * - Automatic: http_proxy / https_proxy / no_proxy, else the desktop's proxy settings
 *   (ProxyConfig::fromEnvironment()). The default, and what the command line always does.
 * - None: every request goes directly, whatever the environment or the desktop says.
 * - Manual: every request through http://host:port (https tunnelled with CONNECT), with Basic
 *   credentials when a user is set, except the hosts in noProxy (no_proxy's syntax).
 */
struct ProxySettings
{
    enum class Mode { Automatic, None, Manual };

    Mode mode = Mode::Automatic;
    QString host;
    int port = 3128;
    QString user;
    QString noProxy;

    /** For Manual: the host (a name or an address, no scheme or path) and the port (1–65535);
     * an InvalidInput error naming the field and what to type. Always fine otherwise. */
    Result<void> validate() const;

    /** "automatic", "none", "manual" (the settings file's words). */
    static QString modeName(Mode mode);
    /** The mode a settings word names; Automatic for anything else. */
    static Mode modeFromName(const QString &name);

    friend bool operator==(const ProxySettings &, const ProxySettings &) = default;
};

} // namespace Dbtu
