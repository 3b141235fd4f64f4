// SPDX-License-Identifier: MIT
#include "sandbox/SandboxServer.h"

#include "sandbox/FrontServer.h"
#include "sandbox/IntegrationStore.h"
#include "sandbox/SandboxApi.h"

#include <QDir>
#include <QFile>
#include <QHttpServer>
#include <QRandomGenerator>
#include <QSslKey>

namespace Dbtu::Sandbox {

namespace {

Error setupError(ErrorCode code, const QString &message, const QString &hint = QString())
{
    return Error{code, message, hint, QString(), 0};
}

QString generateKey()
{
    QByteArray bytes(24, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / int(sizeof(quint32)));
    return QStringLiteral("sandbox_") + QString::fromLatin1(bytes.toHex());
}

/** Writes key to path, created afresh with mode 0600 so it is never readable by others. */
Result<void> writeKeyFile(const QString &path, const QString &key)
{
    QFile::remove(path);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(key.toUtf8() + '\n') < 0 || !file.flush()) {
        return setupError(
            ErrorCode::InvalidInput,
            QStringLiteral("cannot write the key file %1: %2").arg(path, file.errorString()),
            QStringLiteral("check that the data dir is writable"));
    }
    return {};
}

} // namespace

SandboxServer::SandboxServer(SandboxOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_faults(m_options.faults)
{}

SandboxServer::~SandboxServer()
{
    stop();
}

QString SandboxServer::dbtIntegrationId()
{
    return IntegrationStore::kDbtIntegrationId;
}

Result<void> SandboxServer::start()
{
    if (isRunning()) {
        return {};
    }
    if (!m_options.bindAddress.isLoopback() && !m_options.allowNonLoopback) {
        return setupError(ErrorCode::InvalidInput,
                          QStringLiteral("the sandbox listens on loopback only, not on %1")
                              .arg(m_options.bindAddress.toString()),
                          QStringLiteral("pass --bind %1 explicitly to expose it on the network")
                              .arg(m_options.bindAddress.toString()));
    }
    if (Result<void> r = prepareDataDir(); !r) {
        return r;
    }
    if (Result<void> r = prepareKeys(); !r) {
        return r;
    }

    m_http = new QHttpServer(this);
    m_api
        = new SandboxApi(m_options, m_dataDir, m_apiKey, m_readOnlyKey, m_faults, m_counters, this);
    connect(m_api, &SandboxApi::syncFinished, this, &SandboxServer::syncFinished);
    m_api->registerRoutes(*m_http);
    const quint16 backendPort = m_http->listen(QHostAddress(QHostAddress::LocalHost), 0);
    if (backendPort == 0) {
        stop();
        return setupError(ErrorCode::Network,
                          QStringLiteral("the sandbox cannot open its internal loopback port"));
    }
    Result<std::optional<QSslConfiguration>> tls = tlsConfiguration();
    if (!tls) {
        stop();
        return tls.error();
    }
    m_front = new FrontServer(m_faults, m_counters, m_options.maxBodyBytes, this);
    Result<quint16> port
        = m_front->listen(m_options.bindAddress, m_options.port, backendPort, tls.value());
    if (!port) {
        stop();
        return port.error();
    }
    m_port = port.value();
    return {};
}

void SandboxServer::stop()
{
    if (m_front) {
        m_front->close();
    }
    delete m_front;
    m_front = nullptr;
    delete m_api;
    m_api = nullptr;
    delete m_http;
    m_http = nullptr;
    m_port = 0;
    m_tempDir.reset();
}

QUrl SandboxServer::apiBaseUrl() const
{
    const QHostAddress &bind = m_options.bindAddress;
    QString host = QStringLiteral("127.0.0.1");
    if (bind == QHostAddress(QHostAddress::LocalHostIPv6)) {
        host = QStringLiteral("[::1]");
    } else if (bind != QHostAddress(QHostAddress::Any)
               && bind != QHostAddress(QHostAddress::AnyIPv4)
               && bind != QHostAddress(QHostAddress::AnyIPv6)) {
        host = bind.protocol() == QAbstractSocket::IPv6Protocol
                   ? QStringLiteral("[%1]").arg(bind.toString())
                   : bind.toString();
    }
    return QUrl(QStringLiteral("%1://%2:%3/api/v1")
                    .arg(isTls() ? QStringLiteral("https") : QStringLiteral("http"), host)
                    .arg(m_port));
}

bool SandboxServer::isTls() const
{
    return !m_options.tlsCertificateFile.isEmpty();
}

Result<std::optional<QSslConfiguration>> SandboxServer::tlsConfiguration() const
{
    const QString &certPath = m_options.tlsCertificateFile;
    const QString &keyPath = m_options.tlsKeyFile;
    if (certPath.isEmpty() && keyPath.isEmpty()) {
        return std::optional<QSslConfiguration>();
    }
    if (certPath.isEmpty() || keyPath.isEmpty()) {
        return setupError(ErrorCode::InvalidInput,
                          QStringLiteral("https needs both a certificate and its key"),
                          QStringLiteral("pass --tls-cert FILE and --tls-key FILE together"));
    }
    const auto read = [](const QString &path) -> Result<QByteArray> {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            return setupError(ErrorCode::FileNotFound,
                              QStringLiteral("cannot read %1: %2").arg(path, file.errorString()),
                              QStringLiteral("check the path given to --tls-cert / --tls-key"));
        }
        return file.read(1024 * 1024);
    };
    Result<QByteArray> certData = read(certPath);
    if (!certData) {
        return certData.error();
    }
    Result<QByteArray> keyData = read(keyPath);
    if (!keyData) {
        return keyData.error();
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certData.value(), QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        return setupError(ErrorCode::InvalidInput,
                          QStringLiteral("%1 holds no PEM certificate").arg(certPath),
                          QStringLiteral("give --tls-cert a PEM file (BEGIN CERTIFICATE)"));
    }
    QSslKey key(keyData.value(), QSsl::Rsa, QSsl::Pem);
    if (key.isNull()) {
        key = QSslKey(keyData.value(), QSsl::Ec, QSsl::Pem);
    }
    if (key.isNull()) {
        return setupError(
            ErrorCode::InvalidInput,
            QStringLiteral("%1 holds no unencrypted PEM key (RSA or EC)").arg(keyPath),
            QStringLiteral("give --tls-key the key of the certificate, without a "
                           "passphrase"));
    }
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setLocalCertificateChain(chain);
    conf.setPrivateKey(key);
    conf.setPeerVerifyMode(QSslSocket::VerifyNone); // the clients are not asked for certificates
    return std::optional<QSslConfiguration>(conf);
}

Result<void> SandboxServer::prepareDataDir()
{
    if (m_options.dataDir.isEmpty()) {
        m_tempDir = std::make_unique<QTemporaryDir>(
            QDir(QDir::tempPath()).filePath(QStringLiteral("dbtu-sandbox-XXXXXX")));
        if (!m_tempDir->isValid()) {
            const QString reason = m_tempDir->errorString();
            m_tempDir.reset();
            return setupError(ErrorCode::InvalidInput,
                              QStringLiteral("cannot create a temporary data dir: %1").arg(reason),
                              QStringLiteral("pass --data-dir DIR"));
        }
        m_dataDir = m_tempDir->path();
        return {};
    }
    const QDir dir(m_options.dataDir);
    if (!dir.mkpath(QStringLiteral("."))) {
        return setupError(ErrorCode::InvalidInput,
                          QStringLiteral("cannot create the data dir %1").arg(m_options.dataDir),
                          QStringLiteral("choose a writable --data-dir"));
    }
    m_dataDir = dir.absolutePath();
    return {};
}

Result<void> SandboxServer::prepareKeys()
{
    const QDir dir(m_dataDir);
    m_apiKey = m_options.apiKey;
    m_apiKeyFile.clear();
    if (m_apiKey.isEmpty()) {
        m_apiKey = generateKey();
        m_apiKeyFile = dir.filePath(QStringLiteral("api-key"));
        if (Result<void> r = writeKeyFile(m_apiKeyFile, m_apiKey); !r) {
            return r;
        }
    }
    m_readOnlyKey = m_options.readOnlyKey;
    m_readOnlyKeyFile.clear();
    if (m_readOnlyKey.isEmpty()) {
        m_readOnlyKey = generateKey();
        m_readOnlyKeyFile = dir.filePath(QStringLiteral("read-only-key"));
        if (Result<void> r = writeKeyFile(m_readOnlyKeyFile, m_readOnlyKey); !r) {
            return r;
        }
    }
    if (m_readOnlyKey == m_apiKey) {
        return setupError(ErrorCode::InvalidInput,
                          QStringLiteral("the read-only key must differ from the API key"));
    }
    return {};
}

} // namespace Dbtu::Sandbox
