// SPDX-License-Identifier: MIT
#include "cli/SandboxCommand.h"

#include "cli/CliSupport.h"
#include "cli/StopSignals.h"
#include "sandbox/SandboxServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

namespace Dbtu::Cli {

namespace {

const char kUsage[]
    = "Usage: dbt-uploader sandbox [OPTIONS]\n"
      "\n"
      "Runs a local, Secoda-compatible API server in the foreground until Ctrl+C, for trying\n"
      "dbt Uploader without an account and for tests. It serves the documented Secoda routes\n"
      "under / and /api/v1/, with a seeded dbt Core integration (its id is printed), and\n"
      "stores what it receives under DIR/uploads/. It listens on 127.0.0.1 unless --bind says\n"
      "otherwise, and writes nowhere but its data dir.\n"
      "\n"
      "  --port N               port to listen on; 0 (default) picks a free one\n"
      "  --bind ADDR            address to listen on (default 127.0.0.1); needed for any\n"
      "                         non-loopback address\n"
      "  --data-dir DIR         where keys and uploads go (default: a new temporary folder,\n"
      "                         removed on exit)\n"
      "  --api-key KEY          the API key to accept (default: generated, written to\n"
      "  --api-key-file F       DIR/api-key with mode 0600); or read it from file F\n"
      "  --read-only-key KEY    a key that may read but gets 403 on writes (default:\n"
      "  --read-only-key-file F generated, in DIR/read-only-key); or read it from file F\n"
      "  --print-key            print a generated API key (never printed otherwise)\n"
      "  --sync-seconds S       how long a triggered sync runs (default 5)\n"
      "  --max-body-mb N        larger request bodies get 413 (default 100)\n"
      "  --post-limit N         POSTs a minute before 429 + Retry-After (default 30; 0: none)\n"
      "  --page-size N          integrations per listing page (default 50)\n"
      "  --integrations N       number of seeded integrations, the first dbt Core (default 5)\n"
      "  --tls-cert FILE        serve https with this PEM certificate (its chain may follow)\n"
      "  --tls-key FILE         and this unencrypted PEM key (RSA or EC); clients must trust\n"
      "                         its CA (e.g. dbt-uploader --ca-file CA.pem)\n"
      "\n"
      "Fault injection (never on by default; also settable at run time with\n"
      "POST /sandbox/faults/):\n"
      "  --delay-ms N           wait N ms before a request reaches the API\n"
      "  --status-sequence L    answer the next POSTs with the statuses of the comma-separated\n"
      "                         list L in order (200: answer normally), with Retry-After\n"
      "                         (--retry-after) on 429 and 503\n"
      "  --drop-after-bytes N   close the connection once N bytes of a request body arrived\n"
      "  --hang                 accept requests and never answer\n"
      "  --retry-after V        Retry-After on the sequence's 429 and 503: seconds (default\n"
      "                         1; 999999 works), date+N (an HTTP date N s ahead), an HTTP\n"
      "                         date, or none\n"
      "  --endless-body         answer 200 (or the sequence's status, for POSTs) with a\n"
      "                         chunked JSON body that never ends\n"
      "  --drip-bytes-per-second N\n"
      "                         send each reply, status line and headers included, N bytes\n"
      "                         a second\n"
      "  --html-error           answer 500 (or the sequence's status) with a gateway's HTML\n"
      "                         error page (text/html, a few KB with styles and scripts)\n"
      "  --login-page           answer 200 with an SSO proxy's HTML sign-in page\n"
      "  --wrong-content-type T the API's own JSON answer, labelled Content-Type: T (e.g.\n"
      "                         text/plain or application/octet-stream)\n"
      "  --malformed-json       the API's answer as application/json, its body cut in half\n"
      "  --cut-reply-after-bytes N\n"
      "                         send the reply head and N bytes of its body, then close\n"
      "  --drop-reply           let the API handle the request, then close the connection\n"
      "                         before a byte of its reply (did a trigger reach it?)\n"
      "  --redirect S:URL       answer with redirect status S (301, 302, 303, 307, 308) to\n"
      "                         URL, a path or another origin; {path} in it is replaced by\n"
      "                         the request's path and query\n"
      "Redirect, login page, HTML error and endless body are answered before the API (the\n"
      "request is read whole, never handled). Which requests the faults apply to:\n"
      "  --only-method M        only requests with method M (e.g. POST)\n"
      "  --only-path-prefix P   only requests whose path starts with P (e.g.\n"
      "                         /api/v1/integration/dbt/)\n"
      "  --fault-count N        only the next N requests in scope, then none\n"
      "GET /sandbox/counts/ tells how many requests, upload POSTs and trigger POSTs came.\n";

Error badValue(const QString &option, const QString &what)
{
    return Error::invalidInput(QStringLiteral("--%1 needs %2").arg(option, what),
                               QStringLiteral("see dbt-uploader sandbox --help"));
}

/** Reads one option as a number in [min, max]; absent leaves value as it is. */
template<typename T>
Result<void> readNumber(const QCommandLineParser &parser, const QString &name, T min, T max,
                        T &value)
{
    if (!parser.isSet(name)) {
        return {};
    }
    bool ok = false;
    const double number = parser.value(name).toDouble(&ok);
    if (!ok || number < double(min) || number > double(max)
        || (std::is_integral_v<T> && number != double(T(number)))) {
        return badValue(name, QStringLiteral("a number from %1 to %2").arg(min).arg(max));
    }
    value = T(number);
    return {};
}

Result<Sandbox::SandboxOptions> optionsFrom(const QCommandLineParser &parser)
{
    Sandbox::SandboxOptions options;
    int port = 0;
    double maxBodyMb = double(options.maxBodyBytes) / (1024 * 1024);
    qint64 dropAfter = -1;
    qint64 cutAfter = -1;
    for (Result<void> r : {
             readNumber(parser, QStringLiteral("port"), 0, 65535, port),
             readNumber(parser, QStringLiteral("sync-seconds"), 0.0, 86400.0, options.syncSeconds),
             readNumber(parser, QStringLiteral("max-body-mb"), 0.001, 1e6, maxBodyMb),
             readNumber(parser, QStringLiteral("post-limit"), 0, 1000000, options.postsPerMinute),
             readNumber(parser, QStringLiteral("page-size"), 1, 10000, options.pageSize),
             readNumber(parser, QStringLiteral("integrations"), 1, 1000, options.integrationCount),
             readNumber(parser, QStringLiteral("delay-ms"), 0, 3600000, options.faults.delayMs),
             readNumber(parser, QStringLiteral("drop-after-bytes"), qint64(0), qint64(1) << 50,
                        dropAfter),
             readNumber(parser, QStringLiteral("cut-reply-after-bytes"), qint64(0), qint64(1) << 50,
                        cutAfter),
             readNumber(parser, QStringLiteral("drip-bytes-per-second"), 1, 100000000,
                        options.faults.dripBytesPerSecond),
             readNumber(parser, QStringLiteral("fault-count"), 0, 1 << 30,
                        options.faults.faultCount),
         }) {
        if (!r) {
            return r.error();
        }
    }
    options.port = quint16(port);
    options.maxBodyBytes = qint64(maxBodyMb * 1024 * 1024);
    options.faults.dropAfterBytes = dropAfter;
    options.faults.hang = parser.isSet(QStringLiteral("hang"));
    options.faults.cutReplyAfterBytes = cutAfter;
    options.faults.endlessBody = parser.isSet(QStringLiteral("endless-body"));
    options.faults.htmlError = parser.isSet(QStringLiteral("html-error"));
    options.faults.loginPage = parser.isSet(QStringLiteral("login-page"));
    options.faults.malformedJson = parser.isSet(QStringLiteral("malformed-json"));
    options.faults.dropReply = parser.isSet(QStringLiteral("drop-reply"));
    options.faults.wrongContentType
        = parser.value(QStringLiteral("wrong-content-type")).trimmed().toLatin1();
    options.faults.onlyMethod = parser.value(QStringLiteral("only-method")).toUpper().toLatin1();
    options.faults.onlyPathPrefix = parser.value(QStringLiteral("only-path-prefix"));
    if (!options.faults.onlyPathPrefix.isEmpty()
        && !options.faults.onlyPathPrefix.startsWith(QLatin1Char('/'))) {
        return badValue(QStringLiteral("only-path-prefix"), QStringLiteral("a path starting "
                                                                           "with /"));
    }
    if (parser.isSet(QStringLiteral("retry-after"))) {
        Result<QByteArray> retryAfter
            = Sandbox::FaultSettings::parseRetryAfter(parser.value(QStringLiteral("retry-after")));
        if (!retryAfter) {
            return retryAfter.error();
        }
        options.faults.retryAfter = retryAfter.value();
    }
    if (parser.isSet(QStringLiteral("redirect"))) {
        Result<std::pair<int, QString>> redirect
            = Sandbox::FaultSettings::parseRedirect(parser.value(QStringLiteral("redirect")));
        if (!redirect) {
            return redirect.error();
        }
        options.faults.redirectStatus = redirect.value().first;
        options.faults.redirectLocation = redirect.value().second;
    }
    if (parser.isSet(QStringLiteral("status-sequence"))) {
        Result<QList<int>> sequence = Sandbox::FaultSettings::parseStatusSequence(
            parser.value(QStringLiteral("status-sequence")));
        if (!sequence) {
            return sequence.error();
        }
        options.faults.statusSequence = sequence.value();
    }
    if (parser.isSet(QStringLiteral("bind"))) {
        QString address = parser.value(QStringLiteral("bind"));
        if (address == QLatin1String("localhost")) {
            address = QStringLiteral("127.0.0.1");
        }
        options.bindAddress = QHostAddress(address);
        if (options.bindAddress.isNull()) {
            return badValue(QStringLiteral("bind"), QStringLiteral("an IP address, e.g. 0.0.0.0"));
        }
        options.allowNonLoopback = true; // asked for explicitly
    }
    options.dataDir = parser.value(QStringLiteral("data-dir"));
    options.tlsCertificateFile = parser.value(QStringLiteral("tls-cert"));
    options.tlsKeyFile = parser.value(QStringLiteral("tls-key"));
    // A key from --NAME KEY or, kept out of `ps`, from the first line of --NAME-file F.
    const auto key = [&parser](const QString &name, QString &value) -> Result<void> {
        const QString fileOption = name + QStringLiteral("-file");
        if (parser.isSet(name) && parser.isSet(fileOption)) {
            return badValue(name, QStringLiteral("to be given without --%1").arg(fileOption));
        }
        value = parser.value(name).trimmed();
        if (!parser.isSet(fileOption)) {
            return {};
        }
        const QString path = parser.value(fileOption);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            return Error{
                ErrorCode::FileNotFound,
                QStringLiteral("cannot read the key file %1: %2").arg(path, file.errorString()),
                QStringLiteral("check the path given to --%1").arg(fileOption), QString(), 0};
        }
        value = QString::fromUtf8(file.readLine()).trimmed();
        if (value.isEmpty()) {
            return badValue(fileOption, QStringLiteral("a file whose first line is the key"));
        }
        return {};
    };
    for (const Result<void> &r : {key(QStringLiteral("api-key"), options.apiKey),
                                  key(QStringLiteral("read-only-key"), options.readOnlyKey)}) {
        if (!r) {
            return r.error();
        }
    }
    return options;
}

} // namespace

int runSandbox(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    const auto valued = [&](const char *name, const char *valueName) {
        parser.addOption(QCommandLineOption(QString::fromLatin1(name), QString(),
                                            QString::fromLatin1(valueName)));
    };
    valued("port", "N");
    valued("bind", "ADDR");
    valued("data-dir", "DIR");
    valued("api-key", "KEY");
    valued("api-key-file", "F");
    valued("read-only-key", "KEY");
    valued("read-only-key-file", "F");
    valued("sync-seconds", "S");
    valued("max-body-mb", "N");
    valued("post-limit", "N");
    valued("page-size", "N");
    valued("integrations", "N");
    valued("delay-ms", "N");
    valued("status-sequence", "L");
    valued("drop-after-bytes", "N");
    valued("cut-reply-after-bytes", "N");
    valued("drip-bytes-per-second", "N");
    valued("wrong-content-type", "T");
    valued("retry-after", "V");
    valued("redirect", "S:URL");
    valued("only-method", "M");
    valued("only-path-prefix", "P");
    valued("fault-count", "N");
    valued("tls-cert", "FILE");
    valued("tls-key", "FILE");
    for (const char *name :
         {"hang", "endless-body", "html-error", "login-page", "malformed-json", "drop-reply"}) {
        parser.addOption(QCommandLineOption(QString::fromLatin1(name)));
    }
    parser.addOption(QCommandLineOption(QStringLiteral("print-key")));
    parser.addOption(QCommandLineOption(QStringList{QStringLiteral("h"), QStringLiteral("help")}));
    if (!parser.parse(QStringList{QStringLiteral("dbt-uploader sandbox")} + args)) {
        return usage(err, parser.errorText(), QStringLiteral("see dbt-uploader sandbox --help"));
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << kUsage;
        out.flush();
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usage(
            err,
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()),
            QStringLiteral("see dbt-uploader sandbox --help"));
    }
    Result<Sandbox::SandboxOptions> options = optionsFrom(parser);
    if (!options) {
        return fail(err, options.error());
    }

    Sandbox::SandboxServer server(options.value());
    if (Result<void> started = server.start(); !started) {
        return fail(err, started.error());
    }
    out << "sandbox data dir: " << server.dataDir()
        << (server.dataDirIsTemporary() ? " (temporary, removed on exit)" : "") << "\n";
    out << "sandbox dbt Core integration id: " << Sandbox::SandboxServer::dbtIntegrationId()
        << "\n";
    if (!server.readOnlyKeyFile().isEmpty()) {
        out << "sandbox read-only key (403 on writes) in " << server.readOnlyKeyFile() << "\n";
    }
    if (parser.isSet(QStringLiteral("print-key"))) {
        if (server.apiKeyGenerated()) {
            out << "sandbox API key: " << server.apiKey() << "\n";
        } else {
            err << "note: --print-key prints generated keys only; this key was given\n";
            err.flush();
        }
    }
    const QString keySource = server.apiKeyGenerated()
                                  ? server.apiKeyFile()
                                  : (parser.isSet(QStringLiteral("api-key-file"))
                                         ? parser.value(QStringLiteral("api-key-file"))
                                         : QStringLiteral("--api-key"));
    out << "sandbox listening on " << server.apiBaseUrl().toString() << " (key in " << keySource
        << ")\n";
    out.flush();

    // Ctrl+C or SIGTERM stops it cleanly (the data dir is removed when temporary).
    StopSignals stops;
    QObject::connect(&stops, &StopSignals::stopRequested, &stops, [] { QCoreApplication::quit(); });
    QCoreApplication::exec();
    server.stop();
    out << "sandbox stopped\n";
    out.flush();
    return 0;
}

} // namespace Dbtu::Cli
