// SPDX-License-Identifier: MIT
#include "util/FileDigest.h"

#include <QFile>
#include <QScopeGuard>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace Dbtu {

void Sha256::Free::operator()(evp_md_ctx_st *ctx) const
{
    EVP_MD_CTX_free(ctx);
}

Sha256::Sha256()
    : m_ctx(EVP_MD_CTX_new())
{
    // Both fail only when memory runs out, which Qt treats as fatal everywhere else too.
    if (!m_ctx || EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr) != 1) {
        qFatal("SHA-256: OpenSSL could not start a digest");
    }
}

Sha256::~Sha256() = default;

void Sha256::addData(QByteArrayView bytes)
{
    if (!bytes.isEmpty()) {
        EVP_DigestUpdate(m_ctx.get(), bytes.data(), size_t(bytes.size()));
    }
}

QByteArray Sha256::result()
{
    QByteArray digest(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int size = 0;
    EVP_DigestFinal_ex(m_ctx.get(), reinterpret_cast<unsigned char *>(digest.data()), &size);
    digest.truncate(qsizetype(size));
    return digest;
}

QByteArray Sha256::hexOf(QByteArrayView bytes)
{
    Sha256 hash;
    hash.addData(bytes);
    return hash.result().toHex();
}

std::optional<QByteArray> sha256HexOf(QIODevice &device, const std::atomic<bool> *cancelled)
{
    // libcrypto keeps an error queue per thread (904 bytes), freed when the thread ends. This
    // runs on pool threads, which may outlive the work (and, at exit, LeakSanitizer's check):
    // free it here, libcrypto makes a new one when the thread hashes again.
    const auto freeThreadState = qScopeGuard([] { OPENSSL_thread_stop(); });
    Sha256 hash;
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (;;) {
        if (cancelled && cancelled->load()) {
            return std::nullopt;
        }
        const qint64 n = device.read(chunk.data(), chunk.size());
        if (n < 0) {
            return std::nullopt;
        }
        if (n == 0) {
            return hash.result().toHex();
        }
        hash.addData(QByteArrayView(chunk.constData(), n));
    }
}

QString sha256OfFile(const QString &path, const std::atomic<bool> *cancelled)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    const std::optional<QByteArray> hex = sha256HexOf(file, cancelled);
    return hex ? QString::fromLatin1(*hex) : QString();
}

} // namespace Dbtu
