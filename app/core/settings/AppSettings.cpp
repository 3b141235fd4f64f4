// SPDX-License-Identifier: MIT
#include "AppSettings.h"

namespace Dbtu {

AppSettings::AppSettings() = default;

QStringList AppSettings::profileNames() const
{
    m_settings.beginGroup(QStringLiteral("profiles"));
    QStringList names = m_settings.childGroups();
    m_settings.endGroup();
    if (names.isEmpty()) {
        names << QStringLiteral("default");
    }
    return names;
}

ApiProfile AppSettings::profile(const QString &name) const
{
    ApiProfile p;
    p.name = name;
    m_settings.beginGroup(QStringLiteral("profiles/") + name);
    p.apiUrl = m_settings.value(QStringLiteral("apiUrl"), p.apiUrl).toString();
    p.integrationId = m_settings.value(QStringLiteral("integrationId")).toString();
    p.style = m_settings.value(QStringLiteral("style"), p.style).toString();
    m_settings.endGroup();
    return p;
}

void AppSettings::saveProfile(const ApiProfile &p)
{
    m_settings.beginGroup(QStringLiteral("profiles/") + p.name);
    m_settings.setValue(QStringLiteral("apiUrl"), p.apiUrl);
    m_settings.setValue(QStringLiteral("integrationId"), p.integrationId);
    m_settings.setValue(QStringLiteral("style"), p.style);
    m_settings.endGroup();
}

void AppSettings::removeProfile(const QString &name)
{
    m_settings.remove(QStringLiteral("profiles/") + name);
}

QString AppSettings::lastProfile() const
{
    return m_settings.value(QStringLiteral("lastProfile"), QStringLiteral("default")).toString();
}

void AppSettings::setLastProfile(const QString &name)
{
    m_settings.setValue(QStringLiteral("lastProfile"), name);
}

} // namespace Dbtu
