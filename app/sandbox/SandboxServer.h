// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "sandbox/FaultSettings.h"
#include "sandbox/SandboxCounters.h"
#include "sandbox/SandboxOptions.h"

#include <QObject>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QHttpServer;
QT_END_NAMESPACE

namespace Dbtu::Sandbox {

class FrontServer;
class SandboxApi;

/**
 * A local, Secoda-compatible HTTP server for trying the app without an account and for tests.
 * Used by `dbt-uploader sandbox` and, in-process, by the window's --sandbox mode:
 *
 *     SandboxServer server(options);          // defaults: loopback, any free port, temp dir
 *     if (Result<void> r = server.start(); !r) { show(r.error()); }
 *     client.setBaseUrl(server.apiBaseUrl()); // http://127.0.0.1:PORT/api/v1
 *     client.setKey(server.apiKey());
 *
 * Requests reach a QHttpServer on a private loopback port through a TCP front (FrontServer)
 * that answers Expect: 100-continue, refuses oversized bodies early and injects faults.
 * Lives on the thread that created it; needs a running event loop. Writes only in dataDir().
 */
class SandboxServer : public QObject
{
    Q_OBJECT
public:
    explicit SandboxServer(SandboxOptions options, QObject *parent = nullptr);
    ~SandboxServer() override;

    /** Prepares the data dir and keys, then listens. Errors name what failed (port, folder…). */
    Result<void> start();
    /** Closes every connection and stops listening; removes a temporary data dir. */
    void stop();
    bool isRunning() const { return m_port != 0; }

    quint16 port() const { return m_port; }
    /** http://HOST:PORT/api/v1 (https:// with a certificate), HOST being 127.0.0.1 unless
     * bound to another address. */
    QUrl apiBaseUrl() const;
    /** Whether it serves https (SandboxOptions::tlsCertificateFile). */
    bool isTls() const;

    QString apiKey() const { return m_apiKey; }
    QString readOnlyKey() const { return m_readOnlyKey; }
    /** The file holding a generated key (mode 0600); empty when the key was given. */
    QString apiKeyFile() const { return m_apiKeyFile; }
    QString readOnlyKeyFile() const { return m_readOnlyKeyFile; }
    bool apiKeyGenerated() const { return !m_apiKeyFile.isEmpty(); }

    QString dataDir() const { return m_dataDir; }
    bool dataDirIsTemporary() const { return m_tempDir != nullptr; }
    /** The id of the seeded dbt Core integration (fixed, the same on every start). */
    static QString dbtIntegrationId();

    FaultSettings faults() const { return m_faults; }
    void setFaults(const FaultSettings &faults) { m_faults = faults; }
    SandboxCounters counters() const { return m_counters; }

signals:
    /** A triggered or automatic sync of integrationId ended (its last run was updated). */
    void syncFinished(const QString &integrationId);

private:
    Result<void> prepareDataDir();
    Result<void> prepareKeys();
    /** The TLS set-up of the options' certificate and key; nullopt for plain http. */
    Result<std::optional<QSslConfiguration>> tlsConfiguration() const;

    SandboxOptions m_options;
    FaultSettings m_faults;
    SandboxCounters m_counters;
    std::unique_ptr<QTemporaryDir> m_tempDir;
    QString m_dataDir;
    QString m_apiKey;
    QString m_readOnlyKey;
    QString m_apiKeyFile;
    QString m_readOnlyKeyFile;
    QHttpServer *m_http = nullptr;
    SandboxApi *m_api = nullptr;
    FrontServer *m_front = nullptr;
    quint16 m_port = 0;
};

} // namespace Dbtu::Sandbox
