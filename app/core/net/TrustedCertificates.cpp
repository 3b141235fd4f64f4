// SPDX-License-Identifier: MIT
#include "net/TrustedCertificates.h"

#include "Translator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSslConfiguration>
#include <QSslError>

#include <algorithm>
#include <optional>

namespace Dbtu {

namespace {

constexpr Translator tr{"Dbtu::TrustedCertificates"};

qsizetype g_installed = 0;
/** The default configuration before install() changed it (set on first use: a
 * QSslConfiguration needs the application object). */
std::optional<QSslConfiguration> g_original;

Error sourceError(const TrustedCertificates::Source &source, const QString &why)
{
    return Error::invalidInput(
        tr("%1 %2: %3").arg(source.origin, QDir::toNativeSeparators(source.path), why),
        source.isFolder
            ? tr("Point it at a folder of PEM certificates (.pem or .crt), or unset it.")
            : tr("Point it at your company's root certificate in PEM or DER form (ask "
                 "your IT team for the CA file), or unset it."));
}

QList<QSslCertificate> certificatesOf(const QByteArray &data)
{
    QList<QSslCertificate> certs = QSslCertificate::fromData(data, QSsl::Pem);
    if (certs.isEmpty()) {
        certs = QSslCertificate::fromData(data, QSsl::Der);
    }
    certs.removeIf([](const QSslCertificate &c) { return c.isNull(); });
    return certs;
}

/**
 * The folders where this system's certificate store lives (the ones Qt's TLS backend reads on
 * Unix). A source in one of them (SSL_CERT_DIR=/etc/ssl/certs, SSL_CERT_FILE=the system bundle,
 * as many images set) adds nothing to the trusted store, so it is not read again.
 */
bool isSystemStore(const QFileInfo &info)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    static const QStringList folders = [] {
        QStringList list;
        for (const char *dir :
             {"/etc/ssl/certs", "/usr/lib/ssl/certs", "/usr/share/ssl", "/usr/local/ssl",
              "/var/ssl/certs", "/usr/local/ssl/certs", "/etc/openssl/certs", "/opt/openssl/certs",
              "/etc/ssl", "/etc/pki/tls/certs", "/etc/pki/ca-trust/extracted/pem"}) {
            const QString canonical = QFileInfo(QString::fromLatin1(dir)).canonicalFilePath();
            if (!canonical.isEmpty()) {
                list.append(canonical);
            }
        }
        return list;
    }();
    const QString path = info.canonicalFilePath();
    const QString folder = info.isDir() ? path : QFileInfo(path).canonicalPath();
    return !path.isEmpty() && folders.contains(folder);
#else
    Q_UNUSED(info);
    return false;
#endif
}

/** At most this much of one file is read: a certificate bundle is a few hundred KiB. */
constexpr qint64 kMaxFileBytes = 16 * 1024 * 1024;

Result<QByteArray> readFile(const TrustedCertificates::Source &source, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return sourceError(source, tr("cannot be read (%1)").arg(file.errorString()));
    }
    if (file.size() > kMaxFileBytes) {
        return sourceError(source, tr("is too large to be a certificate file"));
    }
    return file.read(kMaxFileBytes);
}

} // namespace

QList<TrustedCertificates::Source> TrustedCertificates::fromEnvironment()
{
    QList<Source> sources;
    const QString file = qEnvironmentVariable("SSL_CERT_FILE");
    if (!file.isEmpty()) {
        sources.append(Source{file, QStringLiteral("SSL_CERT_FILE"), false});
    }
    const QStringList folders
        = qEnvironmentVariable("SSL_CERT_DIR").split(QDir::listSeparator(), Qt::SkipEmptyParts);
    for (const QString &folder : folders) {
        sources.append(Source{folder, QStringLiteral("SSL_CERT_DIR"), true});
    }
    return sources;
}

Result<QList<QSslCertificate>> TrustedCertificates::load(const QList<Source> &sources)
{
    QList<QSslCertificate> all;
    for (const Source &source : sources) {
        const QFileInfo info(source.path);
        if (!info.exists()) {
            return sourceError(source, tr("does not exist"));
        }
        if (isSystemStore(info) && (info.isDir() || !source.isFolder)) {
            continue; // trusted already
        }
        if (source.isFolder || info.isDir()) {
            if (!info.isDir()) {
                return sourceError(source, tr("is not a folder"));
            }
            const QDir dir(source.path);
            qsizetype found = 0;
            const QFileInfoList entries
                = dir.entryInfoList(QDir::Files | QDir::Readable, QDir::Name);
            QSet<QString> read; // OpenSSL's hash links point at files of the same folder
            for (const QFileInfo &entry : entries) {
                if (entry.size() > kMaxFileBytes || read.contains(entry.canonicalFilePath())) {
                    continue;
                }
                read.insert(entry.canonicalFilePath());
                QFile file(entry.filePath());
                if (!file.open(QIODevice::ReadOnly)) {
                    continue; // as OpenSSL: a folder's unreadable file is not a certificate
                }
                const QList<QSslCertificate> certs = certificatesOf(file.read(kMaxFileBytes));
                found += certs.size();
                all += certs;
            }
            if (found == 0) {
                return sourceError(source, tr("holds no certificate"));
            }
            continue;
        }
        Result<QByteArray> data = readFile(source, source.path);
        if (!data) {
            return data.error();
        }
        const QList<QSslCertificate> certs = certificatesOf(data.value());
        if (certs.isEmpty()) {
            return sourceError(source, tr("holds no certificate (PEM or DER)"));
        }
        all += certs;
    }
    return all;
}

void TrustedCertificates::install(const QList<QSslCertificate> &extra)
{
    if (extra.isEmpty()) {
        if (g_original) {
            QSslConfiguration::setDefaultConfiguration(*g_original);
            g_original.reset();
        }
        g_installed = 0;
        return;
    }
    if (!g_original) {
        g_original = QSslConfiguration::defaultConfiguration();
    }
    // Setting CA certificates turns Qt's on-demand loading of the system store off, so the
    // system's certificates are listed explicitly: the extras add to them, never replace them.
    QList<QSslCertificate> cas = QSslConfiguration::systemCaCertificates();
    QSet<QSslCertificate> seen(cas.cbegin(), cas.cend());
    qsizetype added = 0;
    for (const QSslCertificate &c : extra) {
        if (!seen.contains(c)) {
            seen.insert(c);
            cas.append(c);
        }
        ++added;
    }
    QSslConfiguration conf = *g_original;
    conf.setCaCertificates(cas);
    QSslConfiguration::setDefaultConfiguration(conf);
    g_installed = added;
}

Result<qsizetype> TrustedCertificates::trust(const QList<Source> &sources)
{
    Result<QList<QSslCertificate>> certs = load(sources);
    if (!certs) {
        return certs.error();
    }
    install(certs.value());
    return installedCount();
}

Result<qsizetype> TrustedCertificates::trustWithEnvironment(const QStringList &files,
                                                            const QString &origin)
{
    QList<Source> sources = fromEnvironment();
    for (const QString &file : files) {
        sources.append(Source{file, origin, false});
    }
    return trust(sources);
}

qsizetype TrustedCertificates::installedCount()
{
    return g_installed;
}

QString TrustedCertificates::describe(const QSslCertificate &certificate)
{
    const auto name = [](const QStringList &commonNames, const QString &whole) {
        const QString cn = commonNames.join(QStringLiteral(", "));
        return cn.isEmpty() ? whole : cn;
    };
    const QString subject
        = name(certificate.subjectInfo(QSslCertificate::CommonName),
               certificate.subjectDisplayName().isEmpty() ? tr("(no name)")
                                                          : certificate.subjectDisplayName());
    const QString issuer = name(certificate.issuerInfo(QSslCertificate::CommonName),
                                certificate.issuerDisplayName());
    if (certificate.isSelfSigned() || issuer.isEmpty()) {
        return tr("“%1” (self-signed)").arg(subject);
    }
    return tr("“%1” issued by “%2”").arg(subject, issuer);
}

Error TrustedCertificates::handshakeError(const QList<QSslError> &errors, const QString &what,
                                          const QString &host)
{
    Q_ASSERT(!errors.isEmpty());
    const auto has = [&errors](std::initializer_list<QSslError::SslError> kinds) {
        return std::find_if(errors.cbegin(), errors.cend(),
                            [kinds](const QSslError &e) {
                                return std::find(kinds.begin(), kinds.end(), e.error())
                                       != kinds.end();
                            })
               != errors.cend();
    };
    QSslCertificate certificate;
    QStringList reasons;
    for (const QSslError &e : errors) {
        if (certificate.isNull() && !e.certificate().isNull()) {
            certificate = e.certificate();
        }
        if (!reasons.contains(e.errorString())) {
            reasons.append(e.errorString());
        }
    }
    const QString which = certificate.isNull()
                              ? tr("its certificate")
                              : tr("its certificate %1").arg(describe(certificate));
    Error e;
    e.code = ErrorCode::Tls;
    e.detail = reasons.join(QLatin1Char('\n'));
    const QString never = tr("The app never ignores TLS errors.");
    if (has({QSslError::HostNameMismatch})) {
        e.message = tr("%1: the secure connection to %2 failed: %3 is for another host name.")
                        .arg(what, host, which);
        e.hint = tr("Check the host name in the URL. %1").arg(never);
    } else if (has({QSslError::CertificateExpired, QSslError::CertificateNotYetValid})) {
        e.message = tr("%1: the secure connection to %2 failed: %3 is out of its validity "
                       "period (%4).")
                        .arg(what, host, which, reasons.first());
        e.hint = tr("Check this computer's date and time; otherwise the server must renew its "
                    "certificate. %1")
                     .arg(never);
    } else {
        e.message = tr("%1: the secure connection to %2 failed: %3 is not trusted (%4).")
                        .arg(what, host, which, reasons.first());
        e.hint = tr("If your network uses its own root certificate (a company CA or a "
                    "TLS-inspecting proxy), add that CA: --ca-file FILE, SSL_CERT_FILE, or "
                    "Settings → Trusted Certificates… in the window. %1")
                     .arg(never);
    }
    return e;
}

} // namespace Dbtu
