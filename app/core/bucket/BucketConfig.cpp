// SPDX-License-Identifier: MIT
#include "bucket/BucketConfig.h"

#include "Translator.h"
#include "bucket/BucketFieldValidation.h"

namespace Dbtu {

namespace {

constexpr Translator tr{"Dbtu::BucketConfig"};

} // namespace

QString BucketConfig::effectiveRegion() const
{
    if (provider == BucketProvider::Gcs && region.isEmpty()) {
        return QStringLiteral("auto");
    }
    return region;
}

QUrl BucketConfig::effectiveEndpoint() const
{
    if (!endpoint.isEmpty()) {
        QUrl url = endpoint;
        QString path = url.path();
        while (path.endsWith(QLatin1Char('/'))) {
            path.chop(1);
        }
        url.setPath(path);
        return url;
    }
    if (provider == BucketProvider::Gcs) {
        return QUrl(QString(kGcsEndpoint));
    }
    return QUrl(QStringLiteral("https://s3.%1.amazonaws.com").arg(region));
}

QString BucketConfig::normalizedPrefix() const
{
    QString p = prefix;
    while (p.endsWith(QLatin1Char('/'))) {
        p.chop(1);
    }
    return p.isEmpty() ? QString() : p + QLatin1Char('/');
}

bool BucketConfig::hasCredentials() const
{
    if (isAzure()) {
        return !connectionString.isEmpty();
    }
    return !credentials.accessKeyId.isEmpty() && !credentials.secretAccessKey.isEmpty();
}

Result<void> BucketConfig::validate() const
{
    namespace V = BucketFieldValidation;
    QList<Result<void>> checks;
    switch (provider) {
    case BucketProvider::S3Role:
        checks << V::roleArn(roleArn) << V::externalId(externalId);
        [[fallthrough]];
    case BucketProvider::S3:
        checks << V::awsRegion(region) << V::s3BucketName(bucket);
        break;
    case BucketProvider::Gcs:
        checks << V::gcsRegion(region) << V::gcsBucketName(bucket);
        break;
    case BucketProvider::Azure:
        if (!accountName.isEmpty()) {
            checks << V::azureAccountName(accountName);
        }
        checks << V::azureContainerName(container);
        break;
    }
    checks << V::prefix(prefix);
    if (!endpoint.isEmpty() && !isAzure()) {
        checks << V::endpoint(endpoint);
    }
    if (isAzure()) {
        if (connectionString.isEmpty()) {
            checks << Result<void>(Error::invalidInput(
                tr("No Azure connection string."),
                tr("Set AZURE_STORAGE_CONNECTION_STRING, or store it in the keychain from the "
                   "window's bucket settings (Storage account → Access keys → Connection "
                   "string).")));
        } else {
            const QString text = QString::fromUtf8(connectionString.reveal());
            checks << V::connectionString(text);
            checks << V::connectionStringAccount(text, accountName);
        }
    } else if (provider != BucketProvider::S3Role || !credentials.accessKeyId.isEmpty()) {
        checks << V::accessKeyId(credentials.accessKeyId);
        if (credentials.secretAccessKey.isEmpty()) {
            checks << Result<void>(Error::invalidInput(
                tr("The secret access key is empty."),
                tr("Set AWS_SECRET_ACCESS_KEY, or store the secret in the keychain from "
                   "the window's bucket settings.")));
        }
    }
    for (const Result<void> &r : std::as_const(checks)) {
        if (!r) {
            return r;
        }
    }
    return {};
}

QString BucketConfig::providerName(BucketProvider provider)
{
    switch (provider) {
    case BucketProvider::S3:
        return QStringLiteral("s3");
    case BucketProvider::S3Role:
        return QStringLiteral("s3-role");
    case BucketProvider::Gcs:
        return QStringLiteral("gcs");
    case BucketProvider::Azure:
        return QStringLiteral("azure");
    }
    return {};
}

QString BucketConfig::providerTitle(BucketProvider provider)
{
    switch (provider) {
    case BucketProvider::S3:
        return tr("AWS S3");
    case BucketProvider::S3Role:
        return tr("AWS S3 (role)");
    case BucketProvider::Gcs:
        return tr("Google Cloud Storage");
    case BucketProvider::Azure:
        return tr("Azure Blob Storage");
    }
    return {};
}

QString BucketConfig::keychainKey(const QString &profile, const QString &field)
{
    return QStringLiteral("bucket/%1/%2").arg(profile, field);
}

} // namespace Dbtu
