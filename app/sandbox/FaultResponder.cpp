// SPDX-License-Identifier: MIT
#include "sandbox/FaultResponder.h"

#include <QList>

#include <utility>

namespace Dbtu::Sandbox::FaultResponder {

namespace {

// What nginx-based gateways and CDNs answer in front of a failing upstream: a few KB of markup
// with inline styles and scripts, which a client must never print as it is.
const char kGatewayPage[] = R"HTML(<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<html lang="en-US">
<head>
<title>%STATUS%</title>
<meta charset="UTF-8" />
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta http-equiv="X-UA-Compatible" content="IE=Edge" />
<meta name="robots" content="noindex, nofollow" />
<meta name="viewport" content="width=device-width,initial-scale=1" />
<style>
  html, body { margin: 0; padding: 0; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI",
    Roboto, "Helvetica Neue", Arial, sans-serif; color: #404040; background: #f7f7f7; }
  .wrapper { max-width: 960px; margin: 4rem auto; padding: 0 1.5rem; }
  .header h1 { font-size: 2.5rem; font-weight: 300; margin: 0 0 .5rem; }
  .header .code { color: #bd2426; font-weight: 600; }
  .diagram { display: flex; justify-content: space-between; margin: 3rem 0; }
  .diagram .node { flex: 1; text-align: center; padding: 1rem; border-radius: 6px;
    background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.12); margin: 0 .5rem; }
  .diagram .node.error { border-top: 4px solid #bd2426; }
  .diagram .node.ok { border-top: 4px solid #9bca3e; }
  .what-happened, .what-can-i-do { margin-top: 2rem; line-height: 1.6; }
  .footer { margin-top: 4rem; font-size: .8rem; color: #999; border-top: 1px solid #ddd;
    padding-top: 1rem; }
  .footer .ray { font-family: monospace; }
</style>
<script>
  (function () {
    var d = document, w = window;
    w.__gw = { ray: "8f2c1e9b7a6d5c4b", ts: Date.now(), retry: function () { w.location.reload(); } };
    d.addEventListener("DOMContentLoaded", function () {
      var el = d.getElementById("retry-link");
      if (el) { el.addEventListener("click", function (e) { e.preventDefault(); w.__gw.retry(); }); }
      var t = d.getElementById("ts");
      if (t) { t.textContent = new Date(w.__gw.ts).toUTCString(); }
    });
  })();
</script>
</head>
<body>
<div class="wrapper">
  <div class="header">
    <h1><span class="code">Error %CODE%</span> %REASON%</h1>
    <p>The web server reported a gateway error. <span id="ts"></span></p>
  </div>
  <div class="diagram">
    <div class="node ok"><h3>You</h3><p>Browser: Working</p></div>
    <div class="node ok"><h3>Edge</h3><p>Gateway: Working</p></div>
    <div class="node error"><h3>api.example.internal</h3><p>Host: Error</p></div>
  </div>
  <div class="what-happened">
    <h2>What happened?</h2>
    <p>The upstream web server returned an unexpected response, or it did not answer at all.
    The gateway could not complete the request. This is usually temporary: the service may be
    restarting, overloaded, or being deployed.</p>
  </div>
  <div class="what-can-i-do">
    <h2>What can I do?</h2>
    <p>Please try again in a few minutes (<a id="retry-link" href="#">retry now</a>). If you are
    the owner of this site, check the logs of the upstream server and its health checks.</p>
  </div>
  <div class="footer">
    <p>Request ID: <span class="ray">8f2c1e9b7a6d5c4b</span> &bull; Performance &amp; security
    by the edge gateway</p>
  </div>
</div>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag() { dataLayer.push(arguments); }
  gtag("js", new Date()); gtag("config", "G-XXXXXXXX", { anonymize_ip: true });
</script>
</body>
</html>
)HTML";

const char kLoginPage[] = R"HTML(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sign in - Corporate Single Sign-On</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font-family: "Segoe UI", Arial, sans-serif; background: #eef1f5; margin: 0; }
  .card { width: 380px; margin: 8vh auto; background: #fff; padding: 2rem 2.5rem;
    border-radius: 8px; box-shadow: 0 2px 12px rgba(0,0,0,.15); }
  .card h1 { font-size: 1.4rem; margin: 0 0 1.5rem; }
  label { display: block; font-size: .9rem; margin: 1rem 0 .3rem; }
  input[type=text], input[type=password] { width: 100%; padding: .6rem; box-sizing: border-box;
    border: 1px solid #c4c9d0; border-radius: 4px; }
  button { margin-top: 1.5rem; width: 100%; padding: .7rem; background: #0b5cad; color: #fff;
    border: 0; border-radius: 4px; font-size: 1rem; }
  .small { font-size: .8rem; color: #666; margin-top: 1.5rem; }
</style>
<script>
  window.__sso = { relayState: "aHR0cHM6Ly9hcGkuZXhhbXBsZS5jb20vYXBpL3YxLw", nonce: "b81f2c" };
  function onSubmit(form) { form.relay.value = window.__sso.relayState; return true; }
</script>
</head>
<body>
<div class="card">
  <h1>Sign in to continue</h1>
  <p>Your organization requires you to sign in before you can reach this site.</p>
  <form method="post" action="/sso/login" onsubmit="return onSubmit(this)">
    <input type="hidden" name="relay" value="">
    <label for="username">Corporate e-mail</label>
    <input type="text" id="username" name="username" autocomplete="username">
    <label for="password">Password</label>
    <input type="password" id="password" name="password" autocomplete="current-password">
    <button type="submit">Sign in</button>
  </form>
  <p class="small">Protected by the corporate access proxy. Unauthorized access is prohibited.</p>
</div>
</body>
</html>
)HTML";

} // namespace

QByteArray reasonPhrase(int status)
{
    static const std::pair<int, const char *> kReasons[] = {
        {200, "OK"},
        {201, "Created"},
        {301, "Moved Permanently"},
        {302, "Found"},
        {303, "See Other"},
        {307, "Temporary Redirect"},
        {308, "Permanent Redirect"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {408, "Request Timeout"},
        {413, "Payload Too Large"},
        {429, "Too Many Requests"},
        {500, "Internal Server Error"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
        {504, "Gateway Timeout"},
    };
    for (const auto &[code, reason] : kReasons) {
        if (code == status) {
            return reason;
        }
    }
    return "Status";
}

QByteArray replyHead(int status, const QByteArray &contentType, qint64 length,
                     const QByteArray &extraHeaders)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
                      + "\r\nServer: sandbox-gateway\r\nContent-Type: " + contentType + "\r\n";
    if (length >= 0) {
        head += "Content-Length: " + QByteArray::number(length) + "\r\n";
    }
    return head + extraHeaders + "Connection: close\r\n\r\n";
}

QByteArray htmlErrorReply(int status)
{
    QByteArray page(kGatewayPage);
    page.replace("%STATUS%", QByteArray::number(status) + ' ' + reasonPhrase(status));
    page.replace("%CODE%", QByteArray::number(status));
    page.replace("%REASON%", reasonPhrase(status));
    return replyHead(status, "text/html; charset=UTF-8", page.size()) + page;
}

QByteArray loginPageReply()
{
    const QByteArray page(kLoginPage);
    return replyHead(200, "text/html; charset=utf-8", page.size(),
                     "Cache-Control: no-store\r\nSet-Cookie: sso_session=pending; Path=/; "
                     "HttpOnly\r\n")
           + page;
}

QByteArray redirectReply(int status, const QString &location, const QByteArray &target)
{
    QString where = location;
    where.replace(QLatin1String("{path}"), QString::fromLatin1(target));
    const QByteArray body = "<html><head><title>" + QByteArray::number(status) + ' '
                            + reasonPhrase(status) + "</title></head><body>Moved to <a href=\""
                            + where.toUtf8() + "\">here</a>.</body></html>\n";
    return replyHead(status, "text/html", body.size(), "Location: " + where.toUtf8() + "\r\n")
           + body;
}

QByteArray endlessHead(int status)
{
    return replyHead(status, "application/json", -1, "Transfer-Encoding: chunked\r\n");
}

QByteArray endlessChunk(qint64 index)
{
    QByteArray data;
    if (index == 0) {
        data = "{\"count\": 1, \"results\": [";
    }
    while (data.size() < 16 * 1024) {
        data += "{\"id\": \"" + QByteArray::number(index) + "\", \"name\": \"endless\"}, ";
    }
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

QByteArray rewriteReply(const QByteArray &head, const QByteArray &body,
                        const QByteArray &contentType, bool malformedJson)
{
    const QByteArray newBody = malformedJson ? body.left(body.size() / 2) + "\"\\u12" : body;
    QList<QByteArray> lines = head.trimmed().split('\n');
    QByteArray result;
    for (QByteArray &line : lines) {
        const QByteArray name = line.left(line.indexOf(':')).trimmed().toLower();
        if (name == "content-length") {
            continue;
        }
        if (name == "content-type" && !contentType.isEmpty()) {
            continue;
        }
        result += line.trimmed() + "\r\n";
    }
    if (!contentType.isEmpty()) {
        result += "Content-Type: " + contentType + "\r\n";
    }
    return result + "Content-Length: " + QByteArray::number(newBody.size()) + "\r\n\r\n" + newBody;
}

} // namespace Dbtu::Sandbox::FaultResponder
