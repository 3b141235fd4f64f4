// SPDX-License-Identifier: MIT
#pragma once

#include <QNetworkAccessManager>

namespace Dbtu {

/**
 * The QNetworkAccessManager every flow uses: its requests go through the proxy that
 * ProxyConfig::installed() chooses (http_proxy / https_proxy / no_proxy, the desktop's, or the
 * window's setting), loopback hosts included unless no_proxy names them.
 */
class NetworkManager : public QNetworkAccessManager
{
    Q_OBJECT
public:
    explicit NetworkManager(QObject *parent = nullptr);
};

} // namespace Dbtu
