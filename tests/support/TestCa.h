// SPDX-License-Identifier: MIT
#pragma once

#include <QDir>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace Dbtu::Test {

/**
 * A certificate authority made for one test with openssl: ca.pem ("dbtu test CA"), and a server
 * certificate it signed, server.pem + server.key ("dbtu test server", valid for 127.0.0.1 and
 * localhost). Files in dir; make() returns false (and why in error) when openssl failed.
 */
struct TestCa
{
    QString dir;

    QString caFile() const { return QDir(dir).filePath(QStringLiteral("ca.pem")); }
    QString certFile() const { return QDir(dir).filePath(QStringLiteral("server.pem")); }
    QString keyFile() const { return QDir(dir).filePath(QStringLiteral("server.key")); }
    /** The sandbox's --tls-cert / --tls-key arguments. */
    QStringList sandboxArgs() const
    {
        return {QStringLiteral("--tls-cert"), certFile(), QStringLiteral("--tls-key"), keyFile()};
    }

    bool make(QString *error) const
    {
        const QDir d(dir);
        const QString ext = d.filePath(QStringLiteral("server.ext"));
        QFile extFile(ext);
        if (!extFile.open(QIODevice::WriteOnly)
            || extFile.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                             "basicConstraints=CA:FALSE\n"
                             "extendedKeyUsage=serverAuth\n")
                   < 0) {
            *error = QStringLiteral("cannot write ") + ext;
            return false;
        }
        extFile.close();
        const QList<QStringList> steps = {
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
             QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
             QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=dbtu test CA"),
             QStringLiteral("-keyout"), d.filePath(QStringLiteral("ca.key")),
             QStringLiteral("-out"), caFile()},
            {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
             QStringLiteral("-nodes"), QStringLiteral("-subj"),
             QStringLiteral("/CN=dbtu test server"), QStringLiteral("-keyout"), keyFile(),
             QStringLiteral("-out"), d.filePath(QStringLiteral("server.csr"))},
            {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
             d.filePath(QStringLiteral("server.csr")), QStringLiteral("-CA"), caFile(),
             QStringLiteral("-CAkey"), d.filePath(QStringLiteral("ca.key")),
             QStringLiteral("-CAcreateserial"), QStringLiteral("-days"), QStringLiteral("2"),
             QStringLiteral("-extfile"), ext, QStringLiteral("-out"), certFile()},
        };
        for (const QStringList &args : steps) {
            QProcess openssl;
            openssl.start(QStringLiteral("openssl"), args);
            if (!openssl.waitForFinished(60000) || openssl.exitStatus() != QProcess::NormalExit
                || openssl.exitCode() != 0) {
                *error = QStringLiteral("openssl %1 failed: %2")
                             .arg(args.first(),
                                  QString::fromLocal8Bit(openssl.readAllStandardError()));
                return false;
            }
        }
        return true;
    }
};

} // namespace Dbtu::Test
