// SPDX-License-Identifier: MIT
#include "NetworkManager.h"

#include "ProxyConfig.h"

namespace Dbtu {

NetworkManager::NetworkManager(QObject *parent)
    : QNetworkAccessManager(parent)
{
    setProxyFactory(ProxyConfig::newFactory());
}

} // namespace Dbtu
