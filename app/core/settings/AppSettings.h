// SPDX-License-Identifier: MIT
#pragma once

#include <QSettings>
#include <QStringList>

namespace Dbtu {

/** One Secoda workspace the user uploads to (e.g. prod, staging). Never holds a secret. */
struct ApiProfile
{
    QString name = QStringLiteral("default");
    QString apiUrl = QStringLiteral("us"); ///< a region (us, eu, apac) or a URL
    QString integrationId;
    QString style = QStringLiteral("combined"); ///< combined | separate
};

/**
 * The non-secret settings (QSettings, the platform's usual place). Secrets live only in the
 * keychain (SecretStore); a test reads the written file and looks for them.
 */
class AppSettings
{
public:
    AppSettings();

    QStringList profileNames() const;
    ApiProfile profile(const QString &name) const;
    void saveProfile(const ApiProfile &profile);
    void removeProfile(const QString &name);
    QString lastProfile() const;
    void setLastProfile(const QString &name);

    QString fileName() const { return m_settings.fileName(); }
    void sync() { m_settings.sync(); }

private:
    mutable QSettings m_settings;
};

} // namespace Dbtu
