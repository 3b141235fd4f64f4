// SPDX-License-Identifier: MIT
#pragma once

#include "net/NetworkJob.h"
#include "secoda/ApiEndpoint.h"
#include "secrets/Secret.h"

namespace Dbtu {

/** A NetworkJob against the Secoda API: adds the endpoint and the Bearer key. */
class SecodaJob : public NetworkJob
{
    Q_OBJECT
public:
    SecodaJob(QNetworkAccessManager &nam, ApiEndpoint endpoint, Secret apiKey,
              QObject *parent = nullptr);
    const ApiEndpoint &endpoint() const { return m_endpoint; }

protected:
    QNetworkRequest request(const QUrl &url, bool authorized = true) const;
    /** Whether a URL the server handed back may receive the key (same scheme, host, port). */
    bool sameOrigin(const QUrl &url) const;
    /**
     * A JSON answer must say it is one: Secoda sends application/json. A body from @p url
     * labelled as something else (text/plain, application/octet-stream, a web page) is not
     * taken for the API's answer, even when it happens to parse; no Content-Type at all is let
     * through. Call from handleReply().
     */
    std::optional<Error> notJson(const QUrl &url, const QByteArray &body) const;
    /** A 2xx body that is not the API's answer (a login page, a proxy's page). */
    Error notApiAnswer(const QByteArray &body) const;

private:
    ApiEndpoint m_endpoint;
    Secret m_apiKey;
};

} // namespace Dbtu
