// SPDX-License-Identifier: MIT
#include "net/HttpError.h"

#include "Translator.h"
#include "net/Origin.h"
#include "net/ProxyConfig.h"
#include "net/Redactor.h"
#include "util/TextFormat.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <algorithm>
#include <array>

Q_LOGGING_CATEGORY(lcBody, "dbtu.net.body", QtWarningMsg)

namespace Dbtu {

namespace {

constexpr Translator tr{"Dbtu::HttpError"};

/** At most this much of a body is looked at for a summary (error bodies are read up to 64 KiB). */
constexpr qsizetype kSummaryScanBytes = 64 * 1024;

QString redactedText(QString text)
{
    static const QRegularExpression bearer(
        QStringLiteral(R"((Bearer|Token|Basic)\s+[A-Za-z0-9._~+/=-]+)"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    text.replace(bearer, QStringLiteral("\\1 <redacted>"));
    return Redactor::text(text);
}

/**
 * @p text with each control or format character (but line breaks) made a space, and each lone
 * surrogate (JSON may escape one, "\\ude00") made U+FFFD, so the text is well-formed UTF-16.
 */
QString withoutControls(QString text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        QChar &c = text[i];
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            ++i;
        } else if (c.isSurrogate()) {
            c = QChar::ReplacementCharacter;
        } else if ((c.category() == QChar::Other_Control && c != QLatin1Char('\n'))
                   || c.category() == QChar::Other_Format) {
            c = QLatin1Char(' ');
        }
    }
    return text;
}

/** Text without control characters (but line breaks), valid UTF-8 or replacement marks. */
QString printable(const QByteArray &bytes)
{
    return withoutControls(QString::fromUtf8(bytes));
}

/** At most maxChars UTF-16 units, "…" last when cut, never half a surrogate pair. */
QString shortened(QString text, int maxChars)
{
    text = text.simplified();
    if (maxChars <= 0) {
        return {};
    }
    if (text.size() > maxChars) {
        qsizetype keep = maxChars - 1;
        if (keep > 0 && text.at(keep - 1).isHighSurrogate()) {
            --keep;
        }
        text = text.left(keep) + QStringLiteral("…");
    }
    return text;
}

QString decodeEntities(QString text)
{
    static const QRegularExpression numeric(QStringLiteral("&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});"));
    QString out;
    qsizetype last = 0;
    for (auto it = numeric.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        const QString digits = m.captured(1);
        bool ok = false;
        const uint code = digits.startsWith(QLatin1Char('x')) ? digits.mid(1).toUInt(&ok, 16)
                                                              : digits.toUInt(&ok, 10);
        if (ok && code >= 0x20 && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF)) {
            const char32_t c = char32_t(code);
            out += QString::fromUcs4(&c, 1);
        } else {
            out += QLatin1Char(' ');
        }
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    out.replace(QLatin1String("&nbsp;"), QLatin1String(" "));
    out.replace(QLatin1String("&lt;"), QLatin1String("<"));
    out.replace(QLatin1String("&gt;"), QLatin1String(">"));
    out.replace(QLatin1String("&quot;"), QLatin1String("\""));
    out.replace(QLatin1String("&#39;"), QLatin1String("'"));
    out.replace(QLatin1String("&apos;"), QLatin1String("'"));
    out.replace(QLatin1String("&amp;"), QLatin1String("&"));
    return out;
}

/** The text of an HTML fragment: no scripts, styles, comments or tags; entities decoded. */
QString htmlText(QString html)
{
    static const QRegularExpression hidden(
        QStringLiteral("<(script|style|head|noscript|template)\\b[^>]*>.*?</\\1\\s*>|<!--.*?-->"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression tag(QStringLiteral("<[^>]*>?"));
    static const QRegularExpression blockEnd(
        QStringLiteral("</?(p|div|h[1-6]|br|li|tr|title|pre|section|main|body)\\b[^>]*>"),
        QRegularExpression::CaseInsensitiveOption);
    html.replace(hidden, QStringLiteral(" "));
    html.replace(blockEnd, QStringLiteral("\n"));
    html.replace(tag, QStringLiteral(" "));
    return decodeEntities(html);
}

QString firstLines(const QString &text, int lines)
{
    QStringList kept;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        const QString t = line.simplified();
        if (!t.isEmpty()) {
            kept << t;
            if (kept.size() == lines) {
                break;
            }
        }
    }
    return kept.join(QStringLiteral(" / "));
}

QString summarizeHtml(const QString &html)
{
    static const QRegularExpression title(QStringLiteral("<title\\b[^>]*>(.*?)</title\\s*>"),
                                          QRegularExpression::CaseInsensitiveOption
                                              | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression heading(QStringLiteral("<h[1-3]\\b[^>]*>(.*?)</h[1-3]\\s*>"),
                                            QRegularExpression::CaseInsensitiveOption
                                                | QRegularExpression::DotMatchesEverythingOption);
    for (const QRegularExpression *re : {&title, &heading}) {
        const QString text = htmlText(re->match(html).captured(1)).simplified();
        if (!text.isEmpty()) {
            return text;
        }
    }
    return firstLines(htmlText(html), 2);
}

QString jsonWords(const QJsonValue &value, int depth = 0)
{
    if (value.isString()) {
        return value.toString();
    }
    if (depth > 2) {
        return {};
    }
    if (value.isArray()) {
        QStringList parts;
        for (const QJsonValue &v : value.toArray()) {
            if (const QString w = jsonWords(v, depth + 1); !w.isEmpty()) {
                parts << w;
            }
            if (parts.size() == 3) {
                break;
            }
        }
        return parts.join(QStringLiteral("; "));
    }
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (const char *key : {"detail", "error", "message", "error_description", "errors",
                                "title", "non_field_errors"}) {
            if (const QString w = jsonWords(o.value(QLatin1String(key)), depth + 1); !w.isEmpty()) {
                return w;
            }
        }
        // {"manifest_file": ["This field is required."]}: a form error names its field
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.value().isArray() || it.value().isString()) {
                if (const QString w = jsonWords(it.value(), depth + 1); !w.isEmpty()) {
                    return QStringLiteral("%1: %2").arg(it.key(), w);
                }
            }
        }
    }
    return {};
}

QString summarizeXml(const QString &xml)
{
    static const QRegularExpression code(QStringLiteral("<Code>([^<]{1,200})</Code>"));
    static const QRegularExpression message(QStringLiteral("<Message>([^<]{1,500})</Message>"));
    const QString c = decodeEntities(code.match(xml).captured(1)).simplified();
    const QString m = decodeEntities(message.match(xml).captured(1)).simplified();
    if (c.isEmpty() && m.isEmpty()) {
        return firstLines(htmlText(xml), 2);
    }
    return c.isEmpty() ? m : m.isEmpty() ? c : QStringLiteral("%1: %2").arg(c, m);
}

/** The server's words for a message: summarizeBody() with a leading space, or nothing. */
QString serverSaid(const QByteArray &body, const QByteArray &contentType)
{
    const QString words = summarizeBody(body, contentType, 200);
    return words.isEmpty() ? QString() : tr(" The server said: %1").arg(words);
}

} // namespace

QString bodyExcerpt(const QByteArray &body, int maxChars)
{
    // Never echo anything that looks like a credential back into a message or log.
    // Simplified before redaction: an em space between "Token" and a word becomes a space.
    return shortened(redactedText(printable(body.left(qsizetype(maxChars) * 4)).simplified()),
                     maxChars);
}

bool looksLikeHtml(const QByteArray &body, const QByteArray &contentType)
{
    if (contentType.toLower().contains("html")) {
        return true;
    }
    const QByteArray start = body.left(512).trimmed().toLower();
    return start.startsWith("<!doctype html") || start.startsWith("<html")
           || start.startsWith("<head") || start.startsWith("<body")
           || (start.startsWith("<!--") && start.contains("<html"));
}

QString summarizeBody(const QByteArray &body, const QByteArray &contentType, int maxChars)
{
    const QByteArray head = body.left(kSummaryScanBytes);
    const QByteArray trimmed = head.trimmed();
    if (trimmed.isEmpty()) {
        return {};
    }
    QString words;
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &error);
        if (error.error == QJsonParseError::NoError) {
            words = doc.isObject() ? jsonWords(doc.object()) : jsonWords(doc.array());
            if (words.isEmpty()) {
                words = QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
            }
        }
    }
    if (words.isEmpty() && looksLikeHtml(trimmed, contentType)) {
        words = summarizeHtml(printable(head));
    } else if (words.isEmpty() && trimmed.startsWith('<')) {
        words = summarizeXml(printable(head));
    } else if (words.isEmpty()) {
        words = firstLines(printable(head), 3);
    }
    return shortened(redactedText(withoutControls(words).simplified()), maxChars);
}

QString bodyDetail(const QByteArray &body)
{
    return redactedText(printable(body.left(kSummaryScanBytes)));
}

Error notApiReply(const QString &what, const QString &host, const QByteArray &body,
                  const QString &why)
{
    Error e;
    e.code = ErrorCode::ServerError;
    e.detail = bodyDetail(body);
    if (looksLikeHtml(body)) {
        const QString title = summarizeBody(body, "text/html", 120);
        e.message
            = title.isEmpty()
                  ? tr("%1: %2 answered with a web page, not with Secoda's API.").arg(what, host)
                  : tr("%1: %2 answered with a web page (\"%3\"), not with Secoda's API.")
                        .arg(what, host, title);
        e.hint = tr("A login page means a proxy or single sign-on is in the way, or the URL is "
                    "Secoda's web app: use the region preset or https://<your host>/api/v1.");
        return e;
    }
    const QString reason = !why.isEmpty()             ? why
                           : body.trimmed().isEmpty() ? tr("an empty reply")
                                                      : tr("no JSON object");
    e.message = tr("%1: %2 did not answer like Secoda's API (%3).").arg(what, host, reason);
    e.hint = tr("Check the API URL: use the region preset or https://<your host>/api/v1.");
    return e;
}

Error redirectError(int status, const QUrl &from, const QUrl &to, const QString &method,
                    const QString &what, bool tooMany)
{
    Error e;
    e.code = ErrorCode::ServerError;
    e.httpStatus = status;
    const QString target = originText(to);
    e.detail = QStringLiteral("HTTP %1 from %2 with Location: %3")
                   .arg(status)
                   .arg(originText(from), Redactor::url(to));
    if (tooMany) {
        e.message = tr("%1: %2 redirected the request too many times (HTTP %3).")
                        .arg(what, from.host(), QString::number(status));
        e.hint = tr("Check the base URL or endpoint: the server sends the request round in "
                    "circles.");
    } else if (!sameOrigin(from, to)) {
        const bool downgrade
            = from.scheme() == QLatin1String("https") && to.scheme() == QLatin1String("http");
        e.message = (downgrade ? tr("%1: %2 redirected the request to %3, an unencrypted "
                                    "address (HTTP %4); it was not followed, and no credential "
                                    "was sent there.")
                               : tr("%1: %2 redirected the request to another address, %3 (HTTP "
                                    "%4); it was not followed, and no credential was sent "
                                    "there."))
                        .arg(what, originText(from), target, QString::number(status));
        e.hint = tr("Fix the base URL or endpoint: if %1 is the right server, use it directly; "
                    "otherwise a proxy or a wrong address is in the way.")
                     .arg(target);
    } else {
        e.message = tr("%1: %2 redirected a %3 request to %4 (HTTP %5); a request with a body is "
                       "not sent again.")
                        .arg(what, originText(from), method, to.path(), QString::number(status));
        e.hint = tr("Fix the base URL or endpoint (a missing or extra path part, such as "
                    "/api/v1, or a trailing slash).");
    }
    return e;
}

Error replyTooLarge(qint64 maxBytes, const QString &what, const QString &host)
{
    return Error{ErrorCode::ServerError,
                 tr("%1: the reply from %2 was longer than %3 and was cut off there.")
                     .arg(what, host, humanSize(maxBytes)),
                 tr("Check the base URL or endpoint: %1 does not answer like the service it "
                    "should be (a proxy or another server?).")
                     .arg(host),
                 {},
                 0};
}

Error deadlineError(std::chrono::milliseconds deadline, const QString &what, const QString &host)
{
    const qint64 seconds = (deadline.count() + 999) / 1000;
    return Error{ErrorCode::Timeout,
                 tr("%1: %2 had not finished answering after %3 s (the request's deadline).")
                     .arg(what, host, QString::number(seconds)),
                 tr("The server or a proxy is very slow or stuck; try again later, or give more "
                    "time with --timeout SECONDS (the window: Request timeout)."),
                 {},
                 0};
}

Error withRetryAfter(Error error, std::chrono::milliseconds asked, std::chrono::milliseconds cap)
{
    const qint64 seconds = (asked.count() + 999) / 1000;
    const QString when = QDateTime::currentDateTime().addSecs(seconds).toString(
        seconds < 86400 ? QStringLiteral("HH:mm") : QStringLiteral("yyyy-MM-dd HH:mm"));
    error.message += tr(" The server asked to wait %1 s before trying again (Retry-After), more "
                        "than the %2 s this app waits, so it did not retry.")
                         .arg(seconds)
                         .arg(cap.count() / 1000);
    error.hint = tr("Try again after %1.").arg(when);
    return error;
}

void logBody(const QString &what, int status, const QString &host, const QByteArray &body)
{
    if (!lcBody().isDebugEnabled() || body.isEmpty()) {
        return;
    }
    qCDebug(lcBody).noquote() << what << ": HTTP" << status << "from" << host << "body ("
                              << body.size() << "bytes):\n"
                              << redactedText(printable(body));
}

namespace {

/** The HTTP statuses with a message of their own. */
struct StatusError
{
    int status;
    ErrorCode kind;
    const char *message; ///< %1: what was asked, %2: the host, %3: what the server said
    const char *hint;
};

constexpr StatusError kStatusErrors[] = {
    {400, ErrorCode::InvalidInput,
     QT_TRANSLATE_NOOP("Dbtu::HttpError", "%1: the server refused the request (400).%3"),
     QT_TRANSLATE_NOOP("Dbtu::HttpError", "Check the files and the integration; the server's "
                                          "message names what it did not accept.")},
    {401, ErrorCode::Unauthorized,
     QT_TRANSLATE_NOOP("Dbtu::HttpError", "%1: %2 rejected the API key (401)."),
     QT_TRANSLATE_NOOP("Dbtu::HttpError",
                       "Create a new API key in Secoda (Settings → API) and enter it again; "
                       "check that the URL is your workspace's region.")},
    {403, ErrorCode::Forbidden,
     QT_TRANSLATE_NOOP("Dbtu::HttpError", "%1: the API key is not allowed to do this (403).%3"),
     QT_TRANSLATE_NOOP("Dbtu::HttpError",
                       "Use a key of a user who can edit this integration (an admin or editor).")},
    {404, ErrorCode::NotFound, QT_TRANSLATE_NOOP("Dbtu::HttpError", "%1: not found at %2 (404)."),
     QT_TRANSLATE_NOOP("Dbtu::HttpError", "Check the integration ID and the API URL (US, EU, "
                                          "APAC or your own https://host/api/v1).")},
    {413, ErrorCode::InvalidInput,
     QT_TRANSLATE_NOOP("Dbtu::HttpError", "%1: the server refused a request this large (413)."),
     QT_TRANSLATE_NOOP("Dbtu::HttpError",
                       "Self-hosted Secoda behind nginx accepts 1 MB by default; ask the admin "
                       "to raise client_max_body_size, or use the bucket option.")},
    {429, ErrorCode::RateLimited,
     QT_TRANSLATE_NOOP("Dbtu::HttpError", "%1: %2 answered too many requests (429).%3"),
     QT_TRANSLATE_NOOP("Dbtu::HttpError",
                       "Secoda allows about 30 uploads a minute; wait a minute and try again.")},
};

/**
 * @p text with each %1 to %3 replaced by @p args in one pass: a server's words or a file name
 * that hold "%2" are never read as a placeholder (QString::arg() would, one arg at a time).
 */
QString filled(const QString &text, const std::array<QString, 3> &args)
{
    QString out;
    out.reserve(text.size() + args[0].size() + args[1].size() + args[2].size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar next = i + 1 < text.size() ? text[i + 1] : QChar();
        if (text[i] == u'%' && next >= u'1' && next <= u'3') {
            out += args[next.unicode() - u'1'];
            ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

} // namespace

Error httpError(int status, const QByteArray &body, const QString &what, const QString &host,
                const QByteArray &contentType)
{
    Error e;
    e.httpStatus = status;
    // The whole body (as far as it was read), redacted, for "Details…"; the message has only
    // the summary.
    e.detail = QStringLiteral("HTTP %1 from %2").arg(status).arg(host);
    if (!body.isEmpty()) {
        e.detail += QStringLiteral(":\n") + bodyDetail(body);
    }
    const QString said = serverSaid(body, contentType);
    for (const StatusError &known : kStatusErrors) {
        if (known.status == status) {
            e.code = known.kind;
            e.message = filled(tr(known.message), {what, host, said});
            e.hint = tr(known.hint);
            return e;
        }
    }
    e.code = ErrorCode::ServerError;
    if (status >= 500) {
        e.message = tr("%1: the server failed (HTTP %2) at %3.%4")
                        .arg(what, QString::number(status), host, said);
        e.hint = tr("This is on Secoda's side; try again in a few minutes, and check "
                    "status.secoda.co if it persists.");
    } else {
        e.message = tr("%1: unexpected reply HTTP %2 from %3.%4")
                        .arg(what, QString::number(status), host, said);
        e.hint = tr("Check the API URL; the server did not answer like Secoda's API.");
    }
    return e;
}

namespace {

/** The network errors whose message names only the request and the host. */
struct PlainNetworkError
{
    std::array<QNetworkReply::NetworkError, 2> codes; ///< the second repeats the first if alone
    ErrorCode kind;
    const char *message; ///< %1: what was asked, %2: the host
    const char *hint;
};

constexpr PlainNetworkError kPlainNetworkErrors[] = {
    {{QNetworkReply::HostNotFoundError, QNetworkReply::HostNotFoundError},
     ErrorCode::Network,
     QT_TRANSLATE_NOOP("Dbtu::HttpError", "%1: cannot find the host %2 (DNS)."),
     QT_TRANSLATE_NOOP("Dbtu::HttpError", "Check the API URL for typos, and your network or VPN.")},
    {{QNetworkReply::ConnectionRefusedError, QNetworkReply::ConnectionRefusedError},
     ErrorCode::Network,
     QT_TRANSLATE_NOOP("Dbtu::HttpError", "%1: %2 refused the connection."),
     QT_TRANSLATE_NOOP("Dbtu::HttpError",
                       "Check the URL and port; is the server (or the sandbox) running?")},
    // ContentReSendError: the same as a closed connection, for a body that is not sent twice
    {{QNetworkReply::RemoteHostClosedError, QNetworkReply::ContentReSendError},
     ErrorCode::Network,
     QT_TRANSLATE_NOOP("Dbtu::HttpError", "%1: %2 closed the connection before answering."),
     QT_TRANSLATE_NOOP("Dbtu::HttpError",
                       "Try again; a proxy or the server dropped the connection.")},
    {{QNetworkReply::TimeoutError, QNetworkReply::TimeoutError},
     ErrorCode::Timeout,
     QT_TRANSLATE_NOOP("Dbtu::HttpError", "%1: the connection to %2 timed out."),
     QT_TRANSLATE_NOOP("Dbtu::HttpError", "Check your connection and try again.")},
};

} // namespace

Error networkError(QNetworkReply::NetworkError code, const QString &errorString, bool timedOut,
                   const QString &what, const QString &host)
{
    Error e;
    e.detail = errorString;
    if (timedOut) {
        e.code = ErrorCode::Timeout;
        e.message = tr("%1: %2 did not answer in time.").arg(what, host);
        e.hint = tr("Check your connection; the server may be busy. Try again.");
        return e;
    }
    if (ProxyConfig::isProxyError(code)) {
        e.code = ErrorCode::Network;
        e.message = tr("%1: the proxy failed: %2").arg(what, errorString);
        e.hint = tr("Check the proxy settings (HTTPS_PROXY / system proxy) and its credentials.");
        return e;
    }
    for (const PlainNetworkError &plain : kPlainNetworkErrors) {
        if (std::find(plain.codes.begin(), plain.codes.end(), code) != plain.codes.end()) {
            e.code = plain.kind;
            e.message = tr(plain.message).arg(what, host);
            e.hint = tr(plain.hint);
            return e;
        }
    }
    switch (code) {
    case QNetworkReply::OperationCanceledError:
        e.code = ErrorCode::Cancelled;
        e.message = tr("%1 was cancelled.").arg(what);
        return e;
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::UnknownNetworkError:
        if (code == QNetworkReply::SslHandshakeFailedError
            || errorString.contains(QLatin1String("SSL"), Qt::CaseInsensitive)
            || errorString.contains(QLatin1String("TLS"), Qt::CaseInsensitive)
            || errorString.contains(QLatin1String("certificate"), Qt::CaseInsensitive)) {
            e.code = ErrorCode::Tls;
            e.message
                = tr("%1: the secure connection to %2 failed: %3").arg(what, host, errorString);
            e.hint = tr("The certificate is not trusted or the host name does not match. A "
                        "company proxy may need its root certificate installed; the app never "
                        "ignores TLS errors.");
            return e;
        }
        break;
    default:
        break;
    }
    e.code = ErrorCode::Network;
    e.message = tr("%1: network error talking to %2: %3").arg(what, host, errorString);
    e.hint = tr("Check your connection and the API URL, then try again.");
    return e;
}

} // namespace Dbtu
