// SPDX-License-Identifier: MIT
#include "example/ExampleProject.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

namespace Dbtu {

QStringList ExampleProject::fileNames()
{
    return {QStringLiteral("manifest.json"), QStringLiteral("run_results.json")};
}

Result<QString> ExampleProject::writeTo(const QString &dir)
{
    const QString target = QDir(dir).filePath(QStringLiteral("target"));
    if (!QDir().mkpath(target)) {
        return Error::invalidInput(
            QStringLiteral("cannot make the folder %1").arg(target),
            QStringLiteral("Check that %1 is writable and the disk is not full.").arg(dir));
    }
    for (const QString &name : fileNames()) {
        QFile source(QStringLiteral(":/example/target/") + name);
        if (!source.open(QIODevice::ReadOnly)) {
            // Only a build without resources/example linked in gets here.
            return Error{ErrorCode::FileNotFound,
                         QStringLiteral("this build holds no example project (%1)").arg(name),
                         QStringLiteral("Rebuild dbt Uploader from its sources."),
                         {},
                         0};
        }
        const QByteArray data = source.readAll();
        const QString path = QDir(target).filePath(name);
        QSaveFile out(path);
        if (!out.open(QIODevice::WriteOnly) || out.write(data) != data.size() || !out.commit()) {
            return Error::invalidInput(
                QStringLiteral("cannot write %1: %2").arg(path, out.errorString()),
                QStringLiteral("Check that the folder is writable and the disk is not "
                               "full."));
        }
    }
    return target;
}

QString ExampleProject::userDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("example"));
}

} // namespace Dbtu
