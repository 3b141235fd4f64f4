// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"
#include "secrets/Secret.h"

#include <QString>
#include <QUrl>

namespace Dbtu {

/**
 * An Azure Storage connection string, parsed for the Blob service.
 *
 * Accepted forms (keys case-insensitive, `;`-separated, empty parts and unknown keys ignored):
 * - `DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…[;EndpointSuffix=core.windows.net]`
 * - `…;AccountName=…;AccountKey=…;BlobEndpoint=https://…` (an explicit endpoint)
 * - `BlobEndpoint=https://…;SharedAccessSignature=sv=…&sig=…` (a SAS; AccountName optional, or
 *   AccountName with the default endpoint instead of BlobEndpoint)
 * - `UseDevelopmentStorage=true[;DevelopmentStorageProxyUri=http://host]` (Azurite: account
 *   devstoreaccount1, the published dev key, http://127.0.0.1:10000/devstoreaccount1)
 */
struct AzureConnectionString
{
    QString accountName;          ///< may be empty only for a SAS with an explicit BlobEndpoint
    Secret accountKey;            ///< base64, as given; empty when a SAS is used
    Secret sharedAccessSignature; ///< the SAS query without '?'; empty when a key is used
    QUrl blobEndpoint;            ///< e.g. https://acct.blob.core.windows.net, no trailing '/'
    /** Path-style addressing: the account is the first path segment of blobEndpoint (an IP
     * address or localhost, as with the emulator). */
    bool pathStyle = false;
    bool developmentStorage = false;

    bool usesSas() const { return !sharedAccessSignature.isEmpty(); }

    /**
     * Parses @p text. Errors are InvalidInput, name the missing or invalid key and give a hint;
     * their detail holds the connection string with secrets masked.
     */
    static Result<AzureConnectionString> parse(const QString &text);

    static constexpr QLatin1StringView kDevAccount = QLatin1StringView("devstoreaccount1");
    /** The emulator's published, well-known key (not a secret). */
    static constexpr QLatin1StringView kDevKey
        = QLatin1StringView("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/"
                            "K1SZFPTOtr/KBHBeksoGMGw==");
};

} // namespace Dbtu
