// SPDX-License-Identifier: MIT
// TrustedCertificates: extra root certificates are read from files and folders (PEM bundles,
// DER), added to the system store (never replacing it), named in messages; and a failed
// handshake becomes an error that names the certificate and says what to do.
#include "TestCa.h"
#include "net/TrustedCertificates.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSslConfiguration>
#include <QSslError>
#include <QTemporaryDir>
#include <QTest>

using Dbtu::TrustedCertificates;

class TestTrustedCertificates : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void readsPemBundlesDerAndFolders();
    void errorsNameThePathAndItsOrigin();
    void addsToTheSystemStoreNeverReplacesIt();
    void environment();
    void systemStoreIsNotReadAgain();
    void describe();
    void handshakeErrors();

private:
    QByteArray readAll(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    void write(const QString &path, const QByteArray &data)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(data), data.size());
    }

    QTemporaryDir m_tmp;
    Dbtu::Test::TestCa m_ca;
    QSslCertificate m_caCert;
    QSslCertificate m_serverCert;
};

void TestTrustedCertificates::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_ca.dir = m_tmp.path();
    QString why;
    QVERIFY2(m_ca.make(&why), qPrintable(why));
    m_caCert = QSslCertificate::fromPath(m_ca.caFile()).value(0);
    m_serverCert = QSslCertificate::fromPath(m_ca.certFile()).value(0);
    QVERIFY(!m_caCert.isNull() && !m_serverCert.isNull());
}

void TestTrustedCertificates::cleanup()
{
    TrustedCertificates::install({});
    qunsetenv("SSL_CERT_FILE");
    qunsetenv("SSL_CERT_DIR");
}

void TestTrustedCertificates::readsPemBundlesDerAndFolders()
{
    using Source = TrustedCertificates::Source;
    // A bundle of two PEM certificates, with text around them as real bundles have.
    const QString bundle = m_tmp.filePath(QStringLiteral("bundle.pem"));
    write(bundle, "# company roots\n" + readAll(m_ca.caFile()) + "\nsome comment\n"
                      + readAll(m_ca.certFile()));
    auto certs = TrustedCertificates::load({Source{bundle, QStringLiteral("--ca-file"), false}});
    QVERIFY2(certs, qPrintable(certs ? QString() : certs.error().message));
    QCOMPARE(certs.value(), (QList<QSslCertificate>{m_caCert, m_serverCert}));

    const QString der = m_tmp.filePath(QStringLiteral("ca.der"));
    write(der, m_caCert.toDer());
    certs = TrustedCertificates::load({Source{der, QStringLiteral("--ca-file"), false}});
    QVERIFY(certs);
    QCOMPARE(certs.value(), QList<QSslCertificate>{m_caCert});

    // A folder: every file that holds certificates; other files are passed over.
    const QString folder = m_tmp.filePath(QStringLiteral("folder"));
    QVERIFY(QDir().mkpath(folder));
    write(folder + QStringLiteral("/a.crt"), readAll(m_ca.caFile()));
    write(folder + QStringLiteral("/notes.txt"), "hello\n");
    certs = TrustedCertificates::load({Source{folder, QStringLiteral("SSL_CERT_DIR"), true}});
    QVERIFY(certs);
    QCOMPARE(certs.value(), QList<QSslCertificate>{m_caCert});
}

void TestTrustedCertificates::errorsNameThePathAndItsOrigin()
{
    using Source = TrustedCertificates::Source;
    const QString missing = m_tmp.filePath(QStringLiteral("missing.pem"));
    const QString text = m_tmp.filePath(QStringLiteral("text.pem"));
    write(text, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    const QString empty = m_tmp.filePath(QStringLiteral("empty-folder"));
    QVERIFY(QDir().mkpath(empty));
    const struct
    {
        Source source;
        QString message;
    } cases[] = {
        {{missing, QStringLiteral("--ca-file"), false},
         QStringLiteral("--ca-file %1: does not exist").arg(missing)},
        {{text, QStringLiteral("SSL_CERT_FILE"), false},
         QStringLiteral("SSL_CERT_FILE %1: holds no certificate (PEM or DER)").arg(text)},
        {{empty, QStringLiteral("SSL_CERT_DIR"), true},
         QStringLiteral("SSL_CERT_DIR %1: holds no certificate").arg(empty)},
        {{text, QStringLiteral("SSL_CERT_DIR"), true},
         QStringLiteral("SSL_CERT_DIR %1: is not a folder").arg(text)},
    };
    for (const auto &c : cases) {
        const auto loaded = TrustedCertificates::load({c.source});
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, Dbtu::ErrorCode::InvalidInput);
        QCOMPARE(loaded.error().message, c.message);
        QVERIFY(!loaded.error().hint.isEmpty());
    }
    // One bad source fails the whole set: nothing is half installed.
    const auto trusted
        = TrustedCertificates::trust({Source{m_ca.caFile(), QStringLiteral("--ca-file"), false},
                                      Source{missing, QStringLiteral("--ca-file"), false}});
    QVERIFY(!trusted);
    QCOMPARE(TrustedCertificates::installedCount(), 0);
}

void TestTrustedCertificates::addsToTheSystemStoreNeverReplacesIt()
{
    const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
    const auto trusted = TrustedCertificates::trust(
        {TrustedCertificates::Source{m_ca.caFile(), QStringLiteral("--ca-file"), false}});
    QVERIFY(trusted);
    QCOMPARE(trusted.value(), 1);
    const QList<QSslCertificate> now = QSslConfiguration::defaultConfiguration().caCertificates();
    QVERIFY(now.contains(m_caCert));
    for (const QSslCertificate &c : system) {
        QVERIFY2(now.contains(c), qPrintable(c.subjectDisplayName()));
    }
    // Taking them away again leaves the system store alone.
    TrustedCertificates::install({});
    QCOMPARE(TrustedCertificates::installedCount(), 0);
    QVERIFY(!QSslConfiguration::defaultConfiguration().caCertificates().contains(m_caCert));
}

void TestTrustedCertificates::environment()
{
    QVERIFY(TrustedCertificates::fromEnvironment().isEmpty());
    qputenv("SSL_CERT_FILE", m_ca.caFile().toLocal8Bit());
    qputenv("SSL_CERT_DIR", QByteArray("/one:/two"));
    const auto sources = TrustedCertificates::fromEnvironment();
    QCOMPARE(sources.size(), 3);
    QCOMPARE(sources[0].path, m_ca.caFile());
    QCOMPARE(sources[0].origin, QStringLiteral("SSL_CERT_FILE"));
    QVERIFY(!sources[0].isFolder);
    QCOMPARE(sources[1].path, QStringLiteral("/one"));
    QCOMPARE(sources[2].path, QStringLiteral("/two"));
    QVERIFY(sources[1].isFolder && sources[2].isFolder);
    QCOMPARE(sources[2].origin, QStringLiteral("SSL_CERT_DIR"));
}

void TestTrustedCertificates::systemStoreIsNotReadAgain()
{
    // Many images set SSL_CERT_DIR / SSL_CERT_FILE to the system's own store: trusted already,
    // so nothing is read or installed for them.
    const QString folder = QStringLiteral("/etc/ssl/certs");
    if (!QFileInfo(folder).isDir()) {
        QSKIP("no /etc/ssl/certs on this system");
    }
    using Source = TrustedCertificates::Source;
    QList<Source> sources{Source{folder, QStringLiteral("SSL_CERT_DIR"), true}};
    const QString bundle = folder + QStringLiteral("/ca-certificates.crt");
    if (QFileInfo::exists(bundle)) {
        sources.append(Source{bundle, QStringLiteral("SSL_CERT_FILE"), false});
    }
    const auto loaded = TrustedCertificates::load(sources);
    QVERIFY(loaded);
    QVERIFY(loaded.value().isEmpty());
    // With a company CA next to them, that one alone is added.
    sources.append(Source{m_ca.caFile(), QStringLiteral("--ca-file"), false});
    const auto trusted = TrustedCertificates::trust(sources);
    QVERIFY(trusted);
    QCOMPARE(trusted.value(), 1);
}

void TestTrustedCertificates::describe()
{
    QCOMPARE(TrustedCertificates::describe(m_serverCert),
             QStringLiteral("“dbtu test server” issued by “dbtu test CA”"));
    QCOMPARE(TrustedCertificates::describe(m_caCert),
             QStringLiteral("“dbtu test CA” (self-signed)"));
}

void TestTrustedCertificates::handshakeErrors()
{
    const Dbtu::Error untrusted = TrustedCertificates::handshakeError(
        {QSslError(QSslError::UnableToGetLocalIssuerCertificate, m_serverCert)},
        QStringLiteral("Listing integrations"), QStringLiteral("api.example.com"));
    QCOMPARE(untrusted.code, Dbtu::ErrorCode::Tls);
    QVERIFY2(untrusted.message.startsWith(
                 QStringLiteral("Listing integrations: the secure connection to api.example.com "
                                "failed: its certificate “dbtu test server” issued by “dbtu "
                                "test CA” is not trusted (")),
             qPrintable(untrusted.message));
    QVERIFY(untrusted.hint.contains(QLatin1String("--ca-file FILE")));
    QVERIFY(untrusted.hint.contains(QLatin1String("never ignores TLS errors")));

    const Dbtu::Error mismatch = TrustedCertificates::handshakeError(
        {QSslError(QSslError::HostNameMismatch, m_serverCert)}, QStringLiteral("Uploading"),
        QStringLiteral("other.example.com"));
    QVERIFY2(mismatch.message.contains(QLatin1String("is for another host name")),
             qPrintable(mismatch.message));
    QVERIFY(mismatch.hint.startsWith(QLatin1String("Check the host name in the URL")));

    const Dbtu::Error expired = TrustedCertificates::handshakeError(
        {QSslError(QSslError::UnableToGetLocalIssuerCertificate, m_serverCert),
         QSslError(QSslError::CertificateExpired, m_serverCert)},
        QStringLiteral("Uploading"), QStringLiteral("api.example.com"));
    QVERIFY2(expired.message.contains(QLatin1String("out of its validity period")),
             qPrintable(expired.message));
    QVERIFY(expired.hint.contains(QLatin1String("date and time")));
    QVERIFY(expired.detail.contains(QLatin1Char('\n'))); // both reasons kept for Details…
}

QTEST_GUILESS_MAIN(TestTrustedCertificates)
#include "TestTrustedCertificates.moc"
