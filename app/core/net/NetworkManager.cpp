// SPDX-License-Identifier: MIT
#include "net/NetworkManager.h"

#include "net/ProxyConfig.h"

namespace Dbtu {

NetworkManager::NetworkManager(QObject *parent)
    : QNetworkAccessManager(parent)
{
    setProxyFactory(ProxyConfig::newFactory());
}

} // namespace Dbtu
