// SPDX-License-Identifier: MIT
#include "bucket/AzureConnectionString.h"

#include "net/Redactor.h"

#include <QHostAddress>
#include <QMap>
#include <QRegularExpression>
#include <QUrlQuery>

namespace Dbtu {

namespace {

const QString kHint = QObject::tr("Copy the connection string again from the storage account's "
                                  "\"Access keys\" page in the Azure portal.");

bool isPathStyleHost(const QString &host)
{
    return host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0
           || !QHostAddress(host).isNull();
}

} // namespace

Result<AzureConnectionString> AzureConnectionString::parse(const QString &text)
{
    const QString redacted = Redactor::connectionString(text);
    const auto fail = [&](const QString &message, const QString &hint = kHint) {
        return Error{ErrorCode::InvalidInput, message, hint,
                     QStringLiteral("connection string: %1").arg(redacted), 0};
    };

    // Key names lower-cased; values trimmed. A value may itself hold '=' (base64, SAS).
    QMap<QString, QString> parts;
    const QStringList segments = text.split(QLatin1Char(';'));
    for (const QString &segment : segments) {
        if (segment.trimmed().isEmpty()) {
            continue;
        }
        const qsizetype eq = segment.indexOf(QLatin1Char('='));
        const QString name = segment.left(eq).trimmed();
        if (eq < 0 || name.isEmpty()) {
            return fail(QObject::tr("The connection string has a part that is not Key=Value: "
                                    "\"%1\".")
                            .arg(Redactor::connectionString(segment.trimmed())));
        }
        const QString key = name.toLower();
        if (parts.contains(key)) {
            return fail(QObject::tr("The connection string sets %1 twice.").arg(name));
        }
        parts.insert(key, segment.mid(eq + 1).trimmed());
    }
    if (parts.isEmpty()) {
        return fail(QObject::tr("The Azure connection string is empty."));
    }

    AzureConnectionString out;
    if (parts.contains(QStringLiteral("usedevelopmentstorage"))) {
        if (parts.value(QStringLiteral("usedevelopmentstorage"))
                .compare(QLatin1String("true"), Qt::CaseInsensitive)) {
            return fail(QObject::tr("UseDevelopmentStorage must be \"true\"."),
                        QObject::tr("Remove UseDevelopmentStorage to use a real storage account."));
        }
        for (const char *other :
             {"accountname", "accountkey", "blobendpoint", "sharedaccesssignature"}) {
            if (parts.contains(QLatin1String(other))) {
                return fail(QObject::tr("UseDevelopmentStorage=true cannot be combined with "
                                        "AccountName, AccountKey, BlobEndpoint or "
                                        "SharedAccessSignature."),
                            QObject::tr("Keep only UseDevelopmentStorage=true for the emulator, "
                                        "or describe the account fully without it."));
            }
        }
        QUrl proxy(QStringLiteral("http://127.0.0.1"));
        if (parts.contains(QStringLiteral("developmentstorageproxyuri"))) {
            proxy = QUrl(parts.value(QStringLiteral("developmentstorageproxyuri")));
            if (!proxy.isValid() || proxy.host().isEmpty()
                || (proxy.scheme() != QLatin1String("http")
                    && proxy.scheme() != QLatin1String("https"))) {
                return fail(QObject::tr("DevelopmentStorageProxyUri is not a valid http or https "
                                        "URL."));
            }
        }
        out.accountName = kDevAccount;
        out.accountKey = Secret(QString(kDevKey));
        out.blobEndpoint = QUrl(
            QStringLiteral("%1://%2:10000/%3").arg(proxy.scheme(), proxy.host(), kDevAccount));
        out.pathStyle = true;
        out.developmentStorage = true;
        return out;
    }

    out.accountName = parts.value(QStringLiteral("accountname"));
    const QString key = parts.value(QStringLiteral("accountkey"));
    QString sas = parts.value(QStringLiteral("sharedaccesssignature"));
    if (!key.isEmpty() && !sas.isEmpty()) {
        return fail(QObject::tr("The connection string has both AccountKey and "
                                "SharedAccessSignature."),
                    QObject::tr("Keep one of them: the account key or the SAS token."));
    }
    if (key.isEmpty() && sas.isEmpty()) {
        return fail(QObject::tr("The connection string has neither AccountKey nor "
                                "SharedAccessSignature."));
    }
    if (!out.accountName.isEmpty()
        && !QRegularExpression(QStringLiteral("^[a-z0-9]{3,24}$"))
                .match(out.accountName)
                .hasMatch()) {
        return fail(QObject::tr("AccountName \"%1\" is not a storage account name (3 to 24 "
                                "lower-case letters and digits).")
                        .arg(out.accountName));
    }
    if (!key.isEmpty()) {
        if (out.accountName.isEmpty()) {
            return fail(QObject::tr("The connection string has an AccountKey but no "
                                    "AccountName."));
        }
        const auto decoded = QByteArray::fromBase64Encoding(
            key.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.isEmpty()) {
            return fail(QObject::tr("AccountKey is not valid base64."));
        }
        out.accountKey = Secret(key);
    } else {
        if (sas.startsWith(QLatin1Char('?'))) {
            sas.remove(0, 1);
        }
        if (!QUrlQuery(sas).hasQueryItem(QStringLiteral("sig"))) {
            return fail(QObject::tr("SharedAccessSignature has no sig= parameter."),
                        QObject::tr("Generate the SAS again and copy the whole token."));
        }
        out.sharedAccessSignature = Secret(sas);
    }

    const QString endpoint = parts.value(QStringLiteral("blobendpoint"));
    if (!endpoint.isEmpty()) {
        out.blobEndpoint = QUrl(endpoint, QUrl::StrictMode);
        const QString scheme = out.blobEndpoint.scheme();
        if (!out.blobEndpoint.isValid() || out.blobEndpoint.host().isEmpty()
            || (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
            return fail(
                QObject::tr("BlobEndpoint \"%1\" is not an http or https URL.").arg(endpoint));
        }
    } else {
        if (out.accountName.isEmpty()) {
            return fail(QObject::tr("The connection string has neither BlobEndpoint nor "
                                    "AccountName."));
        }
        const QString protocol
            = parts.value(QStringLiteral("defaultendpointsprotocol"), QStringLiteral("https"))
                  .toLower();
        if (protocol != QLatin1String("https") && protocol != QLatin1String("http")) {
            return fail(QObject::tr("DefaultEndpointsProtocol must be https or http, not "
                                    "\"%1\".")
                            .arg(protocol));
        }
        const QString suffix
            = parts.value(QStringLiteral("endpointsuffix"), QStringLiteral("core.windows.net"));
        out.blobEndpoint
            = QUrl(QStringLiteral("%1://%2.blob.%3").arg(protocol, out.accountName, suffix));
        if (!out.blobEndpoint.isValid() || suffix.isEmpty()) {
            return fail(QObject::tr("EndpointSuffix \"%1\" is not a host name.").arg(suffix));
        }
    }
    QString path = out.blobEndpoint.path();
    while (path.endsWith(QLatin1Char('/'))) {
        path.chop(1);
    }
    out.blobEndpoint.setPath(path);
    out.pathStyle = isPathStyleHost(out.blobEndpoint.host());
    if (out.pathStyle && out.accountName.isEmpty() && !path.isEmpty()) {
        out.accountName = path.section(QLatin1Char('/'), 1, 1);
    }
    return out;
}

} // namespace Dbtu
