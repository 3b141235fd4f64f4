// SPDX-License-Identifier: MIT
#include "bucket/ProviderError.h"

#include "Translator.h"
#include "net/HttpError.h"

#include <QLocale>
#include <QTimeZone>
#include <QXmlStreamReader>

namespace Dbtu {

namespace {

constexpr Translator tr{"Dbtu::ProviderError"};

QDateTime parseHttpDate(const QByteArray &value)
{
    QDateTime t = QLocale::c().toDateTime(QString::fromLatin1(value).trimmed(),
                                          QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    t.setTimeSpec(Qt::UTC);
    return t;
}

QString permissionFor(const BucketConfig &config, ProviderError::Operation operation)
{
    const QString b = config.storageName();
    switch (config.provider) {
    case BucketProvider::Gcs:
        switch (operation) {
        case ProviderError::Operation::List:
            return tr("the key may not list the bucket: give the service account of this HMAC "
                      "key the role Storage Object Viewer (storage.objects.list) on bucket %1")
                .arg(b);
        case ProviderError::Operation::Read:
            return tr("the key may list but not read objects: give the service account of this "
                      "HMAC key the role Storage Object Viewer (storage.objects.get) on bucket %1")
                .arg(b);
        case ProviderError::Operation::Write:
            return tr("the key may not write objects: give the service account of this HMAC key "
                      "the role Storage Object Creator (storage.objects.create) on bucket %1")
                .arg(b);
        }
        return {};
    case BucketProvider::Azure:
        return tr("use a connection string with the account key, or a SAS that allows "
                  "%1 on container %2")
            .arg(operation == ProviderError::Operation::List   ? tr("list (l)")
                 : operation == ProviderError::Operation::Read ? tr("read (r)")
                                                               : tr("write (w, c)"),
                 b);
    case BucketProvider::S3:
    case BucketProvider::S3Role:
        break;
    }
    switch (operation) {
    case ProviderError::Operation::List:
        return tr("the key may not list the bucket: allow s3:ListBucket on arn:aws:s3:::%1 "
                  "(see `dbt-uploader bucket policy`)")
            .arg(b);
    case ProviderError::Operation::Read:
        return tr("the key may list but not read objects: allow s3:GetObject on "
                  "arn:aws:s3:::%1/* (see `dbt-uploader bucket policy`)")
            .arg(b);
    case ProviderError::Operation::Write:
        return tr("the key may not write objects: allow s3:PutObject on arn:aws:s3:::%1/* "
                  "(see `dbt-uploader bucket policy`)")
            .arg(b);
    }
    return {};
}

} // namespace

ProviderError ProviderError::parse(int httpStatus, const QByteArray &body,
                                   const QByteArray &headerCode, const QByteArray &regionHeader,
                                   const QByteArray &dateHeader)
{
    ProviderError e;
    e.httpStatus = httpStatus;
    QXmlStreamReader xml(body);
    QString element;
    int depth = 0;
    bool inError = false;
    while (!xml.atEnd() && !xml.hasError()) {
        switch (xml.readNext()) {
        case QXmlStreamReader::StartElement:
            ++depth;
            element = xml.name().toString();
            if (depth == 1) {
                inError = element == QLatin1String("Error");
            }
            break;
        case QXmlStreamReader::EndElement:
            --depth;
            element.clear();
            break;
        case QXmlStreamReader::Characters:
            if (inError && depth == 2) {
                const QString text = xml.text().toString().trimmed();
                if (element == QLatin1String("Code")) {
                    e.code = text;
                } else if (element == QLatin1String("Message")) {
                    e.message = text.section(QLatin1Char('\n'), 0, 0);
                } else if (element == QLatin1String("Region")) {
                    e.bucketRegion = text;
                } else if (element == QLatin1String("RequestId")) {
                    e.requestId = text;
                }
            }
            break;
        default:
            break;
        }
    }
    if (e.code.isEmpty()) {
        e.code = QString::fromLatin1(headerCode);
    }
    if (e.bucketRegion.isEmpty()) {
        e.bucketRegion = QString::fromLatin1(regionHeader).trimmed();
    }
    if (!dateHeader.isEmpty()) {
        e.serverTime = parseHttpDate(dateHeader);
    }
    return e;
}

bool ProviderError::isSignInFailure() const
{
    static const QStringList codes = {QStringLiteral("SignatureDoesNotMatch"),
                                      QStringLiteral("InvalidAccessKeyId"),
                                      QStringLiteral("AuthorizationHeaderMalformed"),
                                      QStringLiteral("RequestTimeTooSkewed"),
                                      QStringLiteral("AuthenticationFailed"),
                                      QStringLiteral("AuthorizationFailure"),
                                      QStringLiteral("InvalidSecurity"),
                                      QStringLiteral("ExpiredToken"),
                                      QStringLiteral("InvalidToken"),
                                      QStringLiteral("TokenRefreshRequired")};
    return codes.contains(code) || (httpStatus == 401 && code.isEmpty());
}

Error ProviderError::toError(const BucketConfig &config, Operation operation, const QString &host,
                             const QDateTime &localTime) const
{
    Error e;
    e.httpStatus = httpStatus;
    e.detail = QStringLiteral("HTTP %1 from %2: %3%4%5")
                   .arg(httpStatus)
                   .arg(host, code.isEmpty() ? QStringLiteral("(no error code)") : code,
                        message.isEmpty() ? QString() : QStringLiteral(": ") + message,
                        requestId.isEmpty() ? QString()
                                            : QStringLiteral(" (request ID %1)").arg(requestId));
    const QString said
        = code.isEmpty() ? QString()
                         : QStringLiteral(" (%1%2)").arg(
                             code, message.isEmpty() ? QString() : QStringLiteral(": ") + message);
    const QString title = BucketConfig::providerTitle(config.provider);
    QString clock;
    if (serverTime.isValid() && localTime.isValid()) {
        const qint64 skew = localTime.secsTo(serverTime);
        clock = tr("The server's clock says %1, this computer's %2 (%3 s apart).")
                    .arg(serverTime.toString(Qt::ISODate), localTime.toUTC().toString(Qt::ISODate))
                    .arg(qAbs(skew));
    }

    if (code == QLatin1String("SignatureDoesNotMatch")) {
        e.code = ErrorCode::Unauthorized;
        e.message = tr("%1 did not accept the request's signature%2.").arg(title, said);
        e.hint = tr("The secret access key is wrong (re-enter it), or this computer's clock is "
                    "off. %1")
                     .arg(clock)
                     .trimmed();
    } else if (code == QLatin1String("InvalidAccessKeyId")) {
        e.code = ErrorCode::Unauthorized;
        e.message = tr("%1 does not know the access key ID %2%3.")
                        .arg(title, config.credentials.accessKeyId, said);
        const bool temporary = config.credentials.accessKeyId.startsWith(QLatin1String("ASIA"));
        if (config.provider == BucketProvider::Gcs) {
            e.hint = tr("Check the HMAC access id (Cloud Storage → Settings → Interoperability); "
                        "it may have been deleted or deactivated.");
        } else if (temporary && config.credentials.sessionToken.isEmpty()) {
            e.hint = tr("Access key IDs starting with ASIA are temporary: give the session token "
                        "that came with the key (AWS_SESSION_TOKEN, or the Session token field).");
        } else if (temporary) {
            e.hint = tr("These temporary credentials are not valid (any more): get a fresh set "
                        "of access key ID, secret access key and session token.");
        } else {
            e.hint = tr("Check the access key ID (IAM → Users → Security credentials); it may "
                        "have been deleted or made inactive, or belong to another account.");
        }
    } else if (code == QLatin1String("InvalidToken") || code == QLatin1String("ExpiredToken")
               || code == QLatin1String("TokenRefreshRequired")) {
        e.code = ErrorCode::Unauthorized;
        const bool expired = code != QLatin1String("InvalidToken");
        e.message = expired ? tr("%1 refused the session token: it has expired%2.").arg(title, said)
                            : tr("%1 refused the session token%2.").arg(title, said);
        e.hint = config.credentials.sessionToken.isEmpty()
                     ? tr("These keys need their session token (AWS_SESSION_TOKEN, or the "
                          "Session token field).")
                     : tr("Get fresh temporary credentials and give all three together: access "
                          "key ID, secret access key and session token (AWS_SESSION_TOKEN, or the "
                          "Session token field); a token only works with the keys it came with.");
    } else if (code == QLatin1String("AuthorizationHeaderMalformed")
               || code == QLatin1String("PermanentRedirect")
               || code == QLatin1String("IncorrectEndpoint")
               || (code == QLatin1String("TemporaryRedirect") && !bucketRegion.isEmpty())
               || (!bucketRegion.isEmpty() && bucketRegion != config.effectiveRegion()
                   && (httpStatus == 301 || httpStatus == 307))) {
        e.code = ErrorCode::InvalidInput;
        if (!bucketRegion.isEmpty() && bucketRegion != config.effectiveRegion()) {
            e.message = tr("Bucket %1 is in region %2, not %3%4.")
                            .arg(config.bucket, bucketRegion, config.effectiveRegion(), said);
            e.hint = tr("Set the region to %1 (--region %1).").arg(bucketRegion);
        } else {
            e.message
                = tr("%1 refused the region %2%3.").arg(title, config.effectiveRegion(), said);
            e.hint = tr("Set the bucket's own region (its Properties tab shows it).");
        }
    } else if (code == QLatin1String("RequestTimeTooSkewed")) {
        e.code = ErrorCode::Unauthorized;
        e.message = tr("%1 refused the request: this computer's clock is too far off%2.")
                        .arg(title, said);
        e.hint = tr("Set the clock right (enable automatic time / NTP); requests may be at most "
                    "15 minutes off. %1")
                     .arg(clock)
                     .trimmed();
    } else if (code == QLatin1String("AccessDenied")
               || code == QLatin1String("AuthorizationPermissionMismatch")
               || code == QLatin1String("InsufficientAccountPermissions")
               || (httpStatus == 403 && code.isEmpty())) {
        e.code = ErrorCode::Forbidden;
        e.message = tr("%1 signed the key in but refused to %2 %3%4.")
                        .arg(title,
                             operation == Operation::List   ? tr("list")
                             : operation == Operation::Read ? tr("read from")
                                                            : tr("write to"),
                             config.storageName(), said);
        e.hint = tr("Missing permission: %1.").arg(permissionFor(config, operation));
    } else if (code == QLatin1String("AuthenticationFailed")
               || code == QLatin1String("AuthorizationFailure")) {
        e.code = ErrorCode::Unauthorized;
        e.message = tr("Azure refused the credentials of account %1%2.")
                        .arg(config.accountName.isEmpty() ? tr("(from the connection string)")
                                                          : config.accountName,
                             said);
        e.hint = tr("The account key (or SAS) in the connection string is wrong, expired or not "
                    "allowed here: copy it again from Storage account → Access keys. %1")
                     .arg(clock)
                     .trimmed();
    } else if (code == QLatin1String("NoSuchBucket")) {
        e.code = ErrorCode::InvalidInput;
        e.message = tr("Bucket %1 does not exist at %2%3.").arg(config.bucket, host, said);
        e.hint = tr("Check the bucket name (and the account it belongs to).");
    } else if (code == QLatin1String("ContainerNotFound")) {
        e.code = ErrorCode::InvalidInput;
        e.message = tr("Container %1 does not exist in the storage account%2.")
                        .arg(config.container, said);
        e.hint = tr("Check the container name, or create it (Storage account → Containers).");
    } else if (code == QLatin1String("NoSuchKey") || code == QLatin1String("BlobNotFound")) {
        e.code = ErrorCode::NotFound;
        e.message = tr("The object is not in %1%2.").arg(config.storageName(), said);
        e.hint = tr("List the path again; the file may have been moved or deleted.");
    } else if (code == QLatin1String("InvalidBucketName")
               || code == QLatin1String("InvalidResourceName")) {
        e.code = ErrorCode::InvalidInput;
        e.message = tr("%1 refused the name %2%3.").arg(title, config.storageName(), said);
        e.hint = tr("Check the bucket or container name.");
    } else if (code == QLatin1String("XAmzContentSHA256Mismatch")
               || code == QLatin1String("Md5Mismatch") || code == QLatin1String("BadDigest")) {
        e.code = ErrorCode::InvalidInput;
        e.message = tr("%1 received other bytes than were signed%2.").arg(title, said);
        e.hint = tr("Was the file changed during the upload? Try again.");
    } else {
        Error generic = httpError(httpStatus, QByteArray(), tr("Talking to %1").arg(title), host);
        generic.message += said;
        generic.detail = e.detail;
        return generic;
    }
    return e;
}

} // namespace Dbtu
