// SPDX-License-Identifier: MIT
#include "settings/ProxySettings.h"

#include "Translator.h"

#include <QUrl>

namespace Dbtu {

namespace {

constexpr Translator tr{"Dbtu::ProxySettings"};

} // namespace

Result<void> ProxySettings::validate() const
{
    if (mode != Mode::Manual) {
        return {};
    }
    const QString trimmed = host.trimmed();
    if (trimmed.isEmpty()) {
        return Error::invalidInput(
            tr("Proxy host: empty."),
            tr("Type the proxy's host name or address, e.g. proxy.corp.example."));
    }
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || trimmed.contains(QLatin1Char('/'))
        || trimmed.contains(QLatin1Char('@'))) {
        return Error::invalidInput(
            tr("Proxy host: \"%1\" is not a host name or an address.").arg(trimmed),
            tr("Type the host alone, without http:// or a port, e.g. "
               "proxy.corp.example."));
    }
    if (port < 1 || port > 65535) {
        return Error::invalidInput(tr("Proxy port: %1 is not a port (1–65535).").arg(port),
                                   tr("Type the proxy's port, often 3128 or 8080."));
    }
    return {};
}

QString ProxySettings::modeName(Mode mode)
{
    switch (mode) {
    case Mode::None:
        return QStringLiteral("none");
    case Mode::Manual:
        return QStringLiteral("manual");
    case Mode::Automatic:
        break;
    }
    return QStringLiteral("automatic");
}

ProxySettings::Mode ProxySettings::modeFromName(const QString &name)
{
    if (name == QLatin1String("none")) {
        return Mode::None;
    }
    if (name == QLatin1String("manual")) {
        return Mode::Manual;
    }
    return Mode::Automatic;
}

} // namespace Dbtu
