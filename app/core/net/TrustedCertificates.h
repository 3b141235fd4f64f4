// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "Result.h"

#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>

namespace Dbtu {

/**
 * Extra root certificates (a company's CA, a TLS-inspecting proxy's) trusted next to the
 * system store, never instead of it. TLS errors are never ignored: a certificate is either
 * trusted through the system store or one of these, or the connection fails.
 */
class TrustedCertificates
{
public:
    /** A file (PEM or DER, one or many certificates) or a folder of them, and who named it. */
    struct Source
    {
        QString path;
        /** For messages: "--ca-file", "SSL_CERT_FILE", "SSL_CERT_DIR", "Settings". */
        QString origin;
        bool isFolder = false;
    };

    /** SSL_CERT_FILE (one file) and SSL_CERT_DIR (folders separated by ':'), as OpenSSL reads
     * them; empty when neither is set. One that names the system's own store (as many images
     * set them) is passed over by load(): it is trusted already. */
    static QList<Source> fromEnvironment();

    /**
     * Reads every certificate of @p sources: every certificate of a file, every file of a folder
     * (files that hold none are passed over, as OpenSSL does). An unreadable path, a file without
     * a certificate or a folder without any is an InvalidInput error naming it and its origin.
     */
    static Result<QList<QSslCertificate>> load(const QList<Source> &sources);

    /**
     * From now on every TLS connection of this process trusts the system store plus @p extra
     * (replacing any earlier extra set). With none, the system store alone, loaded on demand.
     * Call from the main thread before the requests it should apply to.
     */
    static void install(const QList<QSslCertificate> &extra);

    /** load() then install(); returns how many extra certificates are trusted. */
    static Result<qsizetype> trust(const QList<Source> &sources);

    /**
     * trust() of the environment's sources (fromEnvironment()) plus @p files, each named
     * @p origin in messages ("--ca-file", "Settings"). With none at all, the system store alone.
     */
    static Result<qsizetype> trustWithEnvironment(const QStringList &files, const QString &origin);

    /** How many extra certificates install() put in place. */
    static qsizetype installedCount();

    /** A certificate for messages: its subject's common name (else the whole subject) and
     * its issuer's, e.g. “dbtu test server” issued by “dbtu test CA”. */
    static QString describe(const QSslCertificate &certificate);

    /**
     * A handshake that failed on @p errors (Tls, exit 5): names @p host, the certificate and
     * why (not trusted, another host name, out of date), and how to add a company CA.
     */
    static Error handshakeError(const QList<QSslError> &errors, const QString &what,
                                const QString &host);
};

} // namespace Dbtu
