// SPDX-License-Identifier: MIT
// The real `dbt-uploader sandbox` process, spoken to over loopback HTTP with QNetworkAccessManager.
#include "SandboxProcess.h"
#include "TestPaths.h"

#include "Sanitizers.h"
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHttpMultiPart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <QTest>

#include <functional>
#include <memory>

namespace {

const QString kDbtId = QStringLiteral("d8b7c0de-5a9d-4b0c-8e1f-000000000001");
const QByteArray kReadOnlyKey = "read-only-test-key";

using Sandbox = Dbtu::Test::SandboxProcess;

/** One HTTP exchange's outcome. */
struct Reply
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0) {
                return value;
            }
        }
        return QByteArray();
    }
    QString error_text() const { return json.value(QStringLiteral("error")).toString(); }
};

QHttpPart filePart(const QString &field, const QString &fileName, const QByteArray &data)
{
    QHttpPart part;
    part.setHeader(QNetworkRequest::ContentDispositionHeader,
                   QStringLiteral("form-data; name=\"%1\"; filename=\"%2\"").arg(field, fileName));
    part.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    part.setBody(data);
    return part;
}

QHttpPart textPart(const QString &field, const QString &value)
{
    QHttpPart part;
    part.setHeader(QNetworkRequest::ContentDispositionHeader,
                   QStringLiteral("form-data; name=\"%1\"").arg(field));
    part.setBody(value.toUtf8());
    return part;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/** Temporary folders go into the test's private DBTU_TEST_TMP (made if missing). */
QString tempTemplate()
{
    const QDir base(qEnvironmentVariable("DBTU_TEST_TMP", QDir::tempPath()));
    base.mkpath(QStringLiteral("."));
    return base.filePath(QStringLiteral("sandbox-XXXXXX"));
}

} // namespace

class TestSandboxServer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();
    void startupOutputAndKeyFile();
    void healthcheck();
    void authentication();
    void pagination();
    void missingTrailingSlashRedirects();
    void unknownIntegration();
    void combinedUpload();
    void separateUploads();
    void badUploads();
    void bodyTooLarge();
    void triggerMovesLastRun();
    void rateLimit();
    void statusSequence();
    void dropAfterBytes();
    void expectContinue();
    void hangAndDelayFromOptions();
    void newFaultsFromOptions();
    void endlessBody();
    void dripBytes();
    void htmlError();
    void loginPage();
    void wrongContentTypeAndMalformedJson();
    void retryAfter();
    void redirect();
    void cutReplyAfterBytes();
    void dropReply();
    void scopeAndFaultCount();

private:
    std::unique_ptr<Sandbox> startSandbox(const QString &name, const QStringList &extraArgs);
    Reply send(const QByteArray &method, const QString &url, const QByteArray &key,
               QHttpMultiPart *multipart = nullptr, const QByteArray &body = QByteArray(),
               int timeoutMs = 10000);
    Reply get(const QString &path, const QByteArray &key = QByteArray())
    {
        return send("GET", m_main->url(path), key.isNull() ? m_main->key : key);
    }
    Reply setFaults(const QJsonObject &faults)
    {
        return send("POST", m_main->url(QStringLiteral("/sandbox/faults/")), m_main->key, nullptr,
                    QJsonDocument(faults).toJson());
    }
    QJsonArray uploads();
    QJsonObject counts() { return get(QStringLiteral("/sandbox/counts/")).json; }
    /** Writes request to the sandbox on a raw socket; reads until closed, done or timeoutMs. */
    QByteArray raw(const QByteArray &request, int timeoutMs,
                   const std::function<bool(const QByteArray &)> &done = {});
    QByteArray rawGet(const QByteArray &path, int timeoutMs,
                      const std::function<bool(const QByteArray &)> &done = {})
    {
        return raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                       + m_main->key + "\r\n\r\n",
                   timeoutMs, done);
    }
    QString trigger() const
    {
        return m_main->url(QStringLiteral("/api/v1/integration/dbt/%1/trigger/").arg(kDbtId));
    }

    QTemporaryDir m_tmp{tempTemplate()};
    QNetworkAccessManager m_nam;
    std::unique_ptr<Sandbox> m_main;
};

std::unique_ptr<Sandbox> TestSandboxServer::startSandbox(const QString &name,
                                                         const QStringList &extraArgs)
{
    return Sandbox::start(m_tmp.filePath(name), extraArgs);
}

Reply TestSandboxServer::send(const QByteArray &method, const QString &url, const QByteArray &key,
                              QHttpMultiPart *multipart, const QByteArray &body, int timeoutMs)
{
    QNetworkRequest request{QUrl(url)};
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(timeoutMs);
    if (!key.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + key);
    }
    if (!multipart && !body.isNull()) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    }
    QNetworkReply *reply = multipart ? m_nam.sendCustomRequest(request, method, multipart)
                                     : m_nam.sendCustomRequest(request, method, body);
    if (multipart) {
        multipart->setParent(reply);
    }
    const std::unique_ptr<QNetworkReply> owner(reply);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished()) {
        finished.wait(timeoutMs + 5000);
    }
    Reply result;
    result.headers = reply->rawHeaderPairs();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    result.body = reply->isOpen() ? reply->readAll() : QByteArray();
    result.json = QJsonDocument::fromJson(result.body).object();
    return result;
}

QJsonArray TestSandboxServer::uploads()
{
    return get(QStringLiteral("/api/v1/sandbox/uploads/"))
        .json.value(QStringLiteral("results"))
        .toArray();
}

void TestSandboxServer::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QVERIFY2(QFile::exists(Dbtu::Test::binaryPath()), "build dbt-uploader first");
    m_main = startSandbox(QStringLiteral("main"),
                          {QStringLiteral("--page-size"), QStringLiteral("2"),
                           QStringLiteral("--integrations"), QStringLiteral("5"),
                           QStringLiteral("--sync-seconds"), QStringLiteral("1"),
                           QStringLiteral("--max-body-mb"), QStringLiteral("1"),
                           QStringLiteral("--post-limit"), QStringLiteral("1000"),
                           QStringLiteral("--read-only-key"), QString::fromLatin1(kReadOnlyKey)});
    QVERIFY2(m_main->port != 0, m_main->output.constData());
    QVERIFY(!m_main->key.isEmpty());
}

void TestSandboxServer::cleanupTestCase()
{
    m_main.reset();
}

void TestSandboxServer::cleanup()
{
    // Every fault back to its default, so one test's faults never leak into the next.
    const Reply r = setFaults(QJsonObject{
        {QStringLiteral("delay_ms"), 0},
        {QStringLiteral("status_sequence"), QJsonArray()},
        {QStringLiteral("drop_after_bytes"), QJsonValue()},
        {QStringLiteral("hang"), false},
        {QStringLiteral("endless_body"), false},
        {QStringLiteral("drip_bytes_per_second"), 0},
        {QStringLiteral("html_error"), false},
        {QStringLiteral("login_page"), false},
        {QStringLiteral("wrong_content_type"), QJsonValue()},
        {QStringLiteral("malformed_json"), false},
        {QStringLiteral("cut_reply_after_bytes"), QJsonValue()},
        {QStringLiteral("drop_reply"), false},
        {QStringLiteral("retry_after"), 1},
        {QStringLiteral("redirect"), QJsonValue()},
        {QStringLiteral("only_method"), QJsonValue()},
        {QStringLiteral("only_path_prefix"), QJsonValue()},
        {QStringLiteral("fault_count"), QJsonValue()},
    });
    QCOMPARE(r.status, 200);
}

QByteArray TestSandboxServer::raw(const QByteArray &request, int timeoutMs,
                                  const std::function<bool(const QByteArray &)> &done)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_main->port);
    if (!socket.waitForConnected(5000)) {
        return QByteArray();
    }
    socket.write(request);
    QByteArray received;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && !(done && done(received))) {
        if (socket.waitForReadyRead(int(std::min<qint64>(deadline.remainingTime(), 100)))) {
            received += socket.readAll();
        } else if (socket.state() != QAbstractSocket::ConnectedState) {
            received += socket.readAll();
            break;
        }
    }
    return received;
}

void TestSandboxServer::startupOutputAndKeyFile()
{
    const QString output = QString::fromUtf8(m_main->output);
    QVERIFY(output.contains(kDbtId));
    QVERIFY2(!output.contains(QString::fromLatin1(m_main->key)), "the key must not be printed");
    const QFileInfo keyFile(QDir(m_main->dataDir).filePath(QStringLiteral("api-key")));
    QCOMPARE(keyFile.permissions()
                 & ~(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser),
             QFile::Permissions());
}

void TestSandboxServer::healthcheck()
{
    for (const QString &path :
         {QStringLiteral("/healthcheck"), QStringLiteral("/api/v1/healthcheck")}) {
        const Reply r = send("GET", m_main->url(path), QByteArray());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(QStringLiteral("status")).toString(), QStringLiteral("OK"));
    }
}

void TestSandboxServer::authentication()
{
    const QString list = QStringLiteral("/api/v1/integration/integrations/");
    Reply r = send("GET", m_main->url(list), QByteArray());
    QCOMPARE(r.status, 401);
    QVERIFY(!r.error_text().isEmpty());
    r = get(list, "not-the-key");
    QCOMPARE(r.status, 401);
    QVERIFY(!r.error_text().isEmpty());
    r = get(list, kReadOnlyKey);
    QCOMPARE(r.status, 200);
    r = send("POST", m_main->url(QStringLiteral("/integration/dbt/%1/trigger/").arg(kDbtId)),
             kReadOnlyKey);
    QCOMPARE(r.status, 403);
    QVERIFY(!r.error_text().isEmpty());
}

void TestSandboxServer::pagination()
{
    Reply r = get(QStringLiteral("/api/v1/integration/integrations/"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("count")).toInt(), 5);
    QCOMPARE(r.json.value(QStringLiteral("total_pages")).toInt(), 3);
    QCOMPARE(r.json.value(QStringLiteral("results")).toArray().size(), 2);
    const QJsonObject links = r.json.value(QStringLiteral("links")).toObject();
    QCOMPARE(links.value(QStringLiteral("previous")).toString(), QStringLiteral("None"));
    QVERIFY(links.value(QStringLiteral("next")).toString().endsWith(QLatin1String("?page=2")));
    QCOMPARE(r.json.value(QStringLiteral("meta"))
                 .toObject()
                 .value(QStringLiteral("previous_page"))
                 .toString(),
             QStringLiteral("None"));
    QCOMPARE(r.json.value(QStringLiteral("results"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("id"))
                 .toString(),
             kDbtId);

    // Follow next to the last page.
    QString next = links.value(QStringLiteral("next")).toString();
    int pages = 1;
    while (next != QLatin1String("None")) {
        r = send("GET", next, m_main->key);
        QCOMPARE(r.status, 200);
        next = r.json.value(QStringLiteral("links"))
                   .toObject()
                   .value(QStringLiteral("next"))
                   .toString();
        ++pages;
    }
    QCOMPARE(pages, 3);
    QCOMPARE(r.json.value(QStringLiteral("meta"))
                 .toObject()
                 .value(QStringLiteral("next_page"))
                 .toString(),
             QStringLiteral("None"));
    QCOMPARE(r.json.value(QStringLiteral("results")).toArray().size(), 1);

    QCOMPARE(get(QStringLiteral("/integration/integrations/?page=4")).status, 404);
    r = get(QStringLiteral("/integration/integrations/?type=tableau"));
    QCOMPARE(r.json.value(QStringLiteral("count")).toInt(), 1);
}

void TestSandboxServer::missingTrailingSlashRedirects()
{
    const Reply r = get(QStringLiteral("/api/v1/integration/integrations?page=2"));
    QCOMPARE(r.status, 308);
    QCOMPARE(QUrl(QString::fromUtf8(r.header("Location"))).path(),
             QStringLiteral("/api/v1/integration/integrations/"));
    QVERIFY(!r.error_text().isEmpty());
}

void TestSandboxServer::unknownIntegration()
{
    Reply r = get(QStringLiteral("/api/v1/integration/integrations/no-such-id/"));
    QCOMPARE(r.status, 404);
    QVERIFY(r.error_text().contains(QLatin1String("no-such-id")));
    auto *multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    multipart->append(
        filePart(QStringLiteral("manifest"), QStringLiteral("manifest.json"),
                 readFile(Dbtu::Test::dataDir() + QStringLiteral("/sandbox/manifest.json"))));
    r = send("POST", m_main->url(QStringLiteral("/integration/dbt/no-such-id/upload_artifacts/")),
             m_main->key, multipart);
    QCOMPARE(r.status, 404);
    QVERIFY(!r.error_text().isEmpty());
}

void TestSandboxServer::combinedUpload()
{
    const QByteArray manifest
        = readFile(Dbtu::Test::dataDir() + QStringLiteral("/sandbox/manifest.json"));
    const QByteArray runResults
        = readFile(Dbtu::Test::dataDir() + QStringLiteral("/sandbox/run_results.json"));
    QVERIFY(!manifest.isEmpty() && !runResults.isEmpty());
    auto *multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    multipart->append(
        filePart(QStringLiteral("manifest"), QStringLiteral("manifest.json"), manifest));
    multipart->append(
        filePart(QStringLiteral("run_results"), QStringLiteral("run_results.json"), runResults));
    const Reply r = send(
        "POST",
        m_main->url(QStringLiteral("/api/v1/integration/dbt/%1/upload_artifacts/").arg(kDbtId)),
        m_main->key, multipart);
    QCOMPARE(r.status, 200);
    const QJsonArray stored = r.json.value(QStringLiteral("stored")).toArray();
    QCOMPARE(stored.size(), 2);

    // What arrived is byte for byte what was sent: in the listing and on disk.
    QMap<QString, QJsonObject> listed;
    for (const QJsonValue &upload : uploads()) {
        listed.insert(upload.toObject().value(QStringLiteral("name")).toString(),
                      upload.toObject());
    }
    const QList<QPair<QString, QByteArray>> expected{{stored[0].toString(), manifest},
                                                     {stored[1].toString(), runResults}};
    for (const auto &[name, data] : expected) {
        QVERIFY2(listed.contains(name), qPrintable(name));
        QCOMPARE(listed[name].value(QStringLiteral("sha256")).toString().toLatin1(),
                 QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
        QCOMPARE(listed[name].value(QStringLiteral("size")).toInteger(), data.size());
        QCOMPARE(readFile(QDir(m_main->dataDir).filePath(QStringLiteral("uploads/") + name)), data);
    }
    QVERIFY(stored[0].toString().endsWith(QLatin1String("-manifest.json")));
    QVERIFY(stored[1].toString().endsWith(QLatin1String("-run_results.json")));
}

void TestSandboxServer::separateUploads()
{
    const QByteArray manifest
        = readFile(Dbtu::Test::dataDir() + QStringLiteral("/sandbox/manifest.json"));
    const QByteArray runResults
        = readFile(Dbtu::Test::dataDir() + QStringLiteral("/sandbox/run_results.json"));
    auto *m = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    m->append(filePart(QStringLiteral("manifest_file"), QStringLiteral("manifest.json"), manifest));
    m->append(textPart(QStringLiteral("integration"), kDbtId));
    Reply r = send("POST", m_main->url(QStringLiteral("/api/v1/integration/dbt/manifest/")),
                   m_main->key, m);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("message")).toString(),
             QStringLiteral("Successfully ran extraction for dbt"));

    // The older spelling: run_results/ and integration_id.
    auto *rr = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    rr->append(textPart(QStringLiteral("integration_id"), kDbtId));
    rr->append(filePart(QStringLiteral("run_result_file"), QStringLiteral("run_results.json"),
                        runResults));
    r = send("POST", m_main->url(QStringLiteral("/integration/dbt/run_results/")), m_main->key, rr);
    QCOMPARE(r.status, 200);
    const QString name = r.json.value(QStringLiteral("stored")).toArray().first().toString();
    QVERIFY(name.endsWith(QLatin1String("-run_result_file.json")));
    QCOMPARE(readFile(QDir(m_main->dataDir).filePath(QStringLiteral("uploads/") + name)),
             runResults);
}

void TestSandboxServer::badUploads()
{
    const QByteArray manifest
        = readFile(Dbtu::Test::dataDir() + QStringLiteral("/sandbox/manifest.json"));
    const QByteArray runResults
        = readFile(Dbtu::Test::dataDir() + QStringLiteral("/sandbox/run_results.json"));
    const QString combined
        = m_main->url(QStringLiteral("/api/v1/integration/dbt/%1/upload_artifacts/").arg(kDbtId));
    const int before = int(uploads().size());

    // A misnamed field.
    auto *misnamed = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    misnamed->append(
        filePart(QStringLiteral("manifest_file"), QStringLiteral("manifest.json"), manifest));
    Reply r = send("POST", combined, m_main->key, misnamed);
    QCOMPARE(r.status, 400);
    QVERIFY2(r.error_text().contains(QLatin1String("manifest_file")), r.body.constData());

    // run_results where the manifest belongs: named by field, judged by content.
    auto *swapped = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    swapped->append(
        filePart(QStringLiteral("manifest"), QStringLiteral("manifest.json"), runResults));
    r = send("POST", combined, m_main->key, swapped);
    QCOMPARE(r.status, 400);
    QVERIFY2(r.error_text().contains(QLatin1String("'manifest'")), r.body.constData());
    QVERIFY(r.error_text().contains(QLatin1String("run_results")));

    // The separate style without its integration field.
    auto *noIntegration = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    noIntegration->append(
        filePart(QStringLiteral("manifest_file"), QStringLiteral("m.json"), manifest));
    r = send("POST", m_main->url(QStringLiteral("/integration/dbt/manifest/")), m_main->key,
             noIntegration);
    QCOMPARE(r.status, 400);
    QVERIFY(r.error_text().contains(QLatin1String("integration")));

    // Not multipart at all, and a malformed multipart body.
    r = send("POST", combined, m_main->key, nullptr, "{}");
    QCOMPARE(r.status, 400);
    QVERIFY(r.error_text().contains(QLatin1String("multipart/form-data")));
    QNetworkRequest request{QUrl(combined)};
    request.setRawHeader("Authorization", "Bearer " + m_main->key);
    request.setRawHeader("Content-Type", "multipart/form-data; boundary=zz");
    QNetworkReply *reply = m_nam.post(request, QByteArray("--zz\r\nContent-Disposition: form-data; "
                                                          "name=\"manifest\"\r\n\r\ntruncated"));
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(done.wait(10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    QVERIFY(QJsonDocument::fromJson(reply->readAll()).object().contains(QStringLiteral("error")));
    delete reply;

    QCOMPARE(int(uploads().size()), before); // nothing was stored
}

void TestSandboxServer::bodyTooLarge()
{
    auto *multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    multipart->append(filePart(QStringLiteral("manifest"), QStringLiteral("manifest.json"),
                               QByteArray(1536 * 1024, 'x')));
    const Reply r = send(
        "POST",
        m_main->url(QStringLiteral("/api/v1/integration/dbt/%1/upload_artifacts/").arg(kDbtId)),
        m_main->key, multipart);
    QCOMPARE(r.status, 413);
    QVERIFY(r.error_text().contains(QLatin1String("max-body-mb")));
}

void TestSandboxServer::triggerMovesLastRun()
{
    const QString path = QStringLiteral("/api/v1/integration/integrations/%1/").arg(kDbtId);
    const QString lastRunKey = QStringLiteral("scheduled_extractions_last_run");
    const QString before = get(path).json.value(lastRunKey).toString();
    QVERIFY(!before.isEmpty());
    const QDateTime triggered = QDateTime::currentDateTimeUtc().addSecs(-1);
    const Reply r = send(
        "POST", m_main->url(QStringLiteral("/api/v1/integration/dbt/%1/trigger/").arg(kDbtId)),
        m_main->key);
    QCOMPARE(r.status, 200);
    QString after = before;
    QDeadlineTimer deadline(10000);
    while (after == before && !deadline.hasExpired()) {
        QTest::qWait(100);
        after = get(path).json.value(lastRunKey).toString();
    }
    QVERIFY2(after != before, "last_run did not move within 10 s");
    QVERIFY(QDateTime::fromString(after, Qt::ISODate) >= triggered.addSecs(-1));
    QVERIFY(after.endsWith(QLatin1Char('Z')));
}

void TestSandboxServer::rateLimit()
{
    QCOMPARE(setFaults({{QStringLiteral("post_limit_per_minute"), 3}}).status, 200);
    const QString trigger = m_main->url(QStringLiteral("/integration/dbt/%1/trigger/").arg(kDbtId));
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(send("POST", trigger, m_main->key).status, 200);
    }
    const Reply r = send("POST", trigger, m_main->key);
    QCOMPARE(r.status, 429);
    QVERIFY(r.header("Retry-After").toInt() >= 1);
    QVERIFY(!r.error_text().isEmpty());
    QCOMPARE(setFaults({{QStringLiteral("post_limit_per_minute"), 1000}}).status, 200);
    QCOMPARE(send("POST", trigger, m_main->key).status, 200);
}

void TestSandboxServer::statusSequence()
{
    QCOMPARE(setFaults({{QStringLiteral("status_sequence"), QJsonArray{429, 503, 200}}}).status,
             200);
    const QString trigger = m_main->url(QStringLiteral("/integration/dbt/%1/trigger/").arg(kDbtId));
    Reply r = send("POST", trigger, m_main->key);
    QCOMPARE(r.status, 429);
    QCOMPARE(r.header("Retry-After"), QByteArray("1"));
    r = send("POST", trigger, m_main->key);
    QCOMPARE(r.status, 503);
    QCOMPARE(r.header("Retry-After"), QByteArray("1"));
    QVERIFY(!r.error_text().isEmpty());
    QCOMPARE(send("POST", trigger, m_main->key).status, 200);
    QCOMPARE(send("POST", trigger, m_main->key).status, 200); // the sequence is used up
}

void TestSandboxServer::dropAfterBytes()
{
    QCOMPARE(setFaults({{QStringLiteral("drop_after_bytes"), 1000}}).status, 200);
    auto *multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    multipart->append(filePart(QStringLiteral("manifest"), QStringLiteral("manifest.json"),
                               QByteArray(64 * 1024, ' ')));
    const Reply r = send(
        "POST", m_main->url(QStringLiteral("/integration/dbt/%1/upload_artifacts/").arg(kDbtId)),
        m_main->key, multipart);
    QCOMPARE(r.status, 0);
    QVERIFY2(r.error != QNetworkReply::NoError, "the connection should have been dropped");
    QCOMPARE(setFaults({{QStringLiteral("drop_after_bytes"), QJsonValue()}}).status, 200);
    QCOMPARE(get(QStringLiteral("/integration/integrations/")).status, 200); // GETs have no body
}

void TestSandboxServer::expectContinue()
{
    // curl -F sends Expect: 100-continue for big bodies and waits for "100 Continue".
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_main->port);
    QVERIFY(socket.waitForConnected(5000));
    const QByteArray body = "{}";
    socket.write(
        "POST /api/v1/sandbox/faults/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + m_main->key + "\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nExpect: 100-continue\r\n\r\n");
    QByteArray received;
    QDeadlineTimer deadline(5000);
    while (!received.contains("\r\n\r\n")
           && socket.waitForReadyRead(int(deadline.remainingTime()))) {
        received += socket.readAll();
    }
    QVERIFY2(received.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), received.constData());
    socket.write(body);
    while (!received.contains("\"hang\"")
           && socket.waitForReadyRead(int(deadline.remainingTime()))) {
        received += socket.readAll();
    }
    QVERIFY2(received.contains("HTTP/1.1 200"), received.constData());
}

void TestSandboxServer::hangAndDelayFromOptions()
{
    const std::unique_ptr<Sandbox> hanging
        = startSandbox(QStringLiteral("hang"), {QStringLiteral("--hang")});
    QVERIFY2(hanging->port != 0, hanging->output.constData());
    QElapsedTimer timer;
    timer.start();
    Reply r = send("GET", hanging->url(QStringLiteral("/healthcheck")), QByteArray(), nullptr,
                   QByteArray(), 700);
    QCOMPARE(r.status, 0);
    QVERIFY(r.error != QNetworkReply::NoError);
    QVERIFY(timer.elapsed() >= 600);
    // The control routes never hang, so a test can switch the fault off.
    r = send("POST", hanging->url(QStringLiteral("/sandbox/faults/")), hanging->key, nullptr,
             R"({"hang": false})");
    QCOMPARE(r.status, 200);
    QCOMPARE(send("GET", hanging->url(QStringLiteral("/healthcheck")), QByteArray()).status, 200);

    const std::unique_ptr<Sandbox> slow = startSandbox(
        QStringLiteral("slow"), {QStringLiteral("--delay-ms"), QStringLiteral("300"),
                                 QStringLiteral("--status-sequence"), QStringLiteral("503,200")});
    QVERIFY2(slow->port != 0, slow->output.constData());
    timer.restart();
    QCOMPARE(send("GET", slow->url(QStringLiteral("/healthcheck/")), QByteArray()).status, 200);
    QVERIFY(timer.elapsed() >= 300);
    const QString trigger = slow->url(QStringLiteral("/integration/dbt/%1/trigger/").arg(kDbtId));
    r = send("POST", trigger, slow->key);
    QCOMPARE(r.status, 503);
    QCOMPARE(r.header("Retry-After"), QByteArray("1"));
    QCOMPARE(send("POST", trigger, slow->key).status, 200);
}

namespace {

qint64 residentKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').first().toLongLong();
        }
    }
    return -1;
}

QByteArray headerOf(const QByteArray &response, const QByteArray &name)
{
    const QByteArray head = response.left(response.indexOf("\r\n\r\n"));
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0) {
            return line.mid(colon + 1).trimmed();
        }
    }
    return QByteArray();
}

} // namespace

void TestSandboxServer::newFaultsFromOptions()
{
    const std::unique_ptr<Sandbox> faulty
        = startSandbox(QStringLiteral("options"), {QStringLiteral("--endless-body"),
                                                   QStringLiteral("--drip-bytes-per-second"),
                                                   QStringLiteral("7"),
                                                   QStringLiteral("--html-error"),
                                                   QStringLiteral("--login-page"),
                                                   QStringLiteral("--wrong-content-type"),
                                                   QStringLiteral("application/octet-stream"),
                                                   QStringLiteral("--malformed-json"),
                                                   QStringLiteral("--cut-reply-after-bytes"),
                                                   QStringLiteral("12"),
                                                   QStringLiteral("--drop-reply"),
                                                   QStringLiteral("--retry-after"),
                                                   QStringLiteral("999999"),
                                                   QStringLiteral("--redirect"),
                                                   QStringLiteral("302:http://127.0.0.2:9{path}"),
                                                   QStringLiteral("--only-method"),
                                                   QStringLiteral("post"),
                                                   QStringLiteral("--only-path-prefix"),
                                                   QStringLiteral("/api/v1/integration/"),
                                                   QStringLiteral("--fault-count"),
                                                   QStringLiteral("3")});
    QVERIFY2(faulty->port != 0, faulty->output.constData());
    const Reply r = send("GET", faulty->url(QStringLiteral("/sandbox/faults/")), faulty->key);
    QCOMPARE(r.status, 200);
    const QJsonObject expected{
        {QStringLiteral("endless_body"), true},
        {QStringLiteral("drip_bytes_per_second"), 7},
        {QStringLiteral("html_error"), true},
        {QStringLiteral("login_page"), true},
        {QStringLiteral("wrong_content_type"), QStringLiteral("application/octet-stream")},
        {QStringLiteral("malformed_json"), true},
        {QStringLiteral("cut_reply_after_bytes"), 12},
        {QStringLiteral("drop_reply"), true},
        {QStringLiteral("retry_after"), QStringLiteral("999999")},
        {QStringLiteral("redirect"),
         QJsonObject{{QStringLiteral("status"), 302},
                     {QStringLiteral("location"), QStringLiteral("http://127.0.0.2:9{path}")}}},
        {QStringLiteral("only_method"), QStringLiteral("POST")},
        {QStringLiteral("only_path_prefix"), QStringLiteral("/api/v1/integration/")},
        {QStringLiteral("fault_count"), 3},
    };
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        QVERIFY2(r.json.value(it.key()) == it.value(), qPrintable(it.key()));
    }
    // A bad value is refused by name, at start and at run time.
    const std::unique_ptr<Sandbox> bad = startSandbox(
        QStringLiteral("bad"), {QStringLiteral("--redirect"), QStringLiteral("200:/x")});
    QCOMPARE(bad->port, quint16(0));
    bad->process->waitForFinished(5000);
    QCOMPARE(bad->process->exitCode(), 3);
    QCOMPARE(setFaults({{QStringLiteral("retry_after"), QStringLiteral("soon")}}).status, 400);
    QCOMPARE(setFaults({{QStringLiteral("redirect"), QJsonObject{{QStringLiteral("status"), 301}}}})
                 .status,
             400);
}

void TestSandboxServer::endlessBody()
{
    QCOMPARE(setFaults({{QStringLiteral("endless_body"), true}}).status, 200);
    const qint64 pid = m_main->process->processId();
    const qint64 rssBefore = residentKiB(pid);
    QVERIFY(rssBefore > 0);

    // Read 64 MB of it: the reply does not end, and the sandbox's memory stays flat.
    QNetworkRequest request{QUrl(m_main->url(QStringLiteral("/api/v1/integration/integrations/")))};
    request.setRawHeader("Authorization", "Bearer " + m_main->key);
    std::unique_ptr<QNetworkReply> reply(m_nam.get(request));
    reply->setReadBufferSize(1024 * 1024);
    qint64 received = 0;
    QByteArray start;
    qint64 rssPeak = rssBefore;
    connect(reply.get(), &QNetworkReply::readyRead, this, [&] {
        const QByteArray chunk = reply->readAll();
        if (start.size() < 64) {
            start += chunk.left(64);
        }
        received += chunk.size();
    });
    QDeadlineTimer deadline(60000);
    while (received < 64LL * 1024 * 1024 && !reply->isFinished() && !deadline.hasExpired()) {
        QTest::qWait(20);
        rssPeak = std::max(rssPeak, residentKiB(pid));
    }
    QVERIFY2(!reply->isFinished(), qPrintable(reply->errorString()));
    QVERIFY2(received >= 64LL * 1024 * 1024, qPrintable(QString::number(received)));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(start.startsWith("{\"count\": 1, \"results\": ["));
    if (Dbtu::Test::kRssIsMeaningful) {
        QVERIFY2(
            rssPeak - rssBefore < 32 * 1024,
            qPrintable(
                QStringLiteral("sandbox RSS grew from %1 to %2 KiB").arg(rssBefore).arg(rssPeak)));
    }
    reply->abort();

    // With the status sequence, a POST gets its status, with a body that never ends either.
    QCOMPARE(setFaults({{QStringLiteral("status_sequence"), QJsonArray{503}}}).status, 200);
    const QByteArray answer
        = raw("POST /api/v1/integration/dbt/" + kDbtId.toLatin1()
                  + "/trigger/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n",
              10000, [](const QByteArray &r) { return r.size() > 200 * 1024; });
    QVERIFY2(answer.startsWith("HTTP/1.1 503 "), answer.left(200).constData());
    QCOMPARE(headerOf(answer, "Transfer-Encoding"), QByteArray("chunked"));
    QVERIFY(answer.size() > 200 * 1024);
}

void TestSandboxServer::dripBytes()
{
    // The whole reply, status line first, trickles out at the rate.
    QCOMPARE(setFaults({{QStringLiteral("drip_bytes_per_second"), 20}}).status, 200);
    QElapsedTimer timer;
    timer.start();
    const QByteArray first = raw("GET /healthcheck/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 1500);
    QVERIFY2(first.size() >= 5 && first.size() <= 60, first.constData());
    QVERIFY(QByteArray("HTTP/1.1 200 OK\r\n").startsWith(first.left(17)));
    QVERIFY2(!first.contains("\"OK\""), "the reply should still be dripping");

    // Fast enough to end: all of it arrives, intact, and no faster than the rate.
    QCOMPARE(setFaults({{QStringLiteral("drip_bytes_per_second"), 100}}).status, 200);
    timer.restart();
    const QByteArray whole
        = raw("GET /healthcheck/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 10000,
              [](const QByteArray &r) { return r.contains("\"OK\""); });
    QVERIFY2(whole.startsWith("HTTP/1.1 200") && whole.contains("\"OK\""), whole.constData());
    QVERIFY(whole.size() > 60);
    QVERIFY2(
        timer.elapsed() >= whole.size() * 1000 / 100 * 8 / 10,
        qPrintable(QStringLiteral("%1 bytes in %2 ms").arg(whole.size()).arg(timer.elapsed())));
}

void TestSandboxServer::htmlError()
{
    const int triggersBefore = counts().value(QStringLiteral("trigger_posts")).toInt();
    QCOMPARE(setFaults({{QStringLiteral("html_error"), true}}).status, 200);
    Reply r = get(QStringLiteral("/api/v1/integration/integrations/"));
    QCOMPARE(r.status, 500);
    QVERIFY(r.header("Content-Type").startsWith("text/html"));
    QVERIFY2(r.body.contains("<title>500 Internal Server Error</title>"),
             r.body.left(300).constData());
    QVERIFY(r.body.contains("<script") && r.body.contains("<style") && r.body.size() > 2048);
    QVERIFY(r.body.startsWith("<!DOCTYPE html>"));

    // The status sequence gives the status; the request never reaches the API.
    QCOMPARE(setFaults({{QStringLiteral("status_sequence"), QJsonArray{502, 200}}}).status, 200);
    r = send("POST", trigger(), m_main->key);
    QCOMPARE(r.status, 502);
    QVERIFY(r.body.contains("<title>502 Bad Gateway</title>"));
    QCOMPARE(counts().value(QStringLiteral("trigger_posts")).toInt(), triggersBefore);
    r = send("POST", trigger(), m_main->key); // 200 in the sequence: answered by the API
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(QStringLiteral("message")).toString(), QStringLiteral("Sync started"));
    QCOMPARE(counts().value(QStringLiteral("trigger_posts")).toInt(), triggersBefore + 1);
}

void TestSandboxServer::loginPage()
{
    QCOMPARE(setFaults({{QStringLiteral("login_page"), true}}).status, 200);
    for (const QByteArray &method : {QByteArray("GET"), QByteArray("POST")}) {
        const Reply r = send(
            method,
            method == "GET" ? m_main->url(QStringLiteral("/integration/integrations/")) : trigger(),
            m_main->key);
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("Content-Type").startsWith("text/html"));
        QVERIFY(r.body.contains("<form") && r.body.contains("type=\"password\""));
        QVERIFY(r.body.contains("<title>Sign in"));
        QCOMPARE(QJsonDocument::fromJson(r.body).isNull(), true);
    }
}

void TestSandboxServer::wrongContentTypeAndMalformedJson()
{
    const QString list = QStringLiteral("/api/v1/integration/integrations/");
    for (const QString &type :
         {QStringLiteral("text/plain"), QStringLiteral("application/octet-stream")}) {
        QCOMPARE(setFaults({{QStringLiteral("wrong_content_type"), type}}).status, 200);
        const Reply r = get(list);
        QCOMPARE(r.status, 200);
        QCOMPARE(QString::fromLatin1(r.header("Content-Type")), type);
        QCOMPARE(r.json.value(QStringLiteral("count")).toInt(), 5); // the real, whole answer
    }
    QCOMPARE(setFaults({{QStringLiteral("wrong_content_type"), QJsonValue()},
                        {QStringLiteral("malformed_json"), true}})
                 .status,
             200);
    const Reply r = get(list);
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("Content-Type").startsWith("application/json"));
    QJsonParseError error;
    QJsonDocument::fromJson(r.body, &error);
    QVERIFY2(error.error != QJsonParseError::NoError, r.body.constData());
    QVERIFY(r.body.startsWith("{"));
    QCOMPARE(r.header("Content-Length").toInt(), r.body.size());
}

void TestSandboxServer::retryAfter()
{
    QCOMPARE(setFaults({{QStringLiteral("status_sequence"), QJsonArray{429, 503, 429, 429}},
                        {QStringLiteral("retry_after"), QJsonValue()}})
                 .status,
             200);
    Reply r = send("POST", trigger(), m_main->key);
    QCOMPARE(r.status, 429);
    QVERIFY2(r.header("Retry-After").isNull(), r.header("Retry-After").constData());
    QCOMPARE(setFaults({{QStringLiteral("retry_after"), 999999}}).status, 200);
    r = send("POST", trigger(), m_main->key);
    QCOMPARE(r.status, 503);
    QCOMPARE(r.header("Retry-After"), QByteArray("999999"));

    // An HTTP date, made at the answer ("date+N"), or as given.
    QCOMPARE(setFaults({{QStringLiteral("retry_after"), QStringLiteral("date+120")}}).status, 200);
    r = send("POST", trigger(), m_main->key);
    QCOMPARE(r.status, 429);
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(r.header("Retry-After")),
                                             QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"));
    when.setTimeSpec(Qt::UTC);
    QVERIFY2(when.isValid(), r.header("Retry-After").constData());
    const qint64 ahead = QDateTime::currentDateTimeUtc().secsTo(when);
    QVERIFY2(ahead > 100 && ahead <= 121, qPrintable(QString::number(ahead)));
    const QString fixed = QStringLiteral("Wed, 21 Oct 2026 07:28:00 GMT");
    QCOMPARE(setFaults({{QStringLiteral("retry_after"), fixed}}).status, 200);
    r = send("POST", trigger(), m_main->key);
    QCOMPARE(r.status, 429);
    QCOMPARE(QString::fromLatin1(r.header("Retry-After")), fixed);
}

void TestSandboxServer::redirect()
{
    // Same origin, a path: the API prefix is redirected to the root one, which is not.
    QCOMPARE(setFaults({{QStringLiteral("redirect"),
                         QJsonObject{{QStringLiteral("status"), 301},
                                     {QStringLiteral("location"),
                                      QStringLiteral("/integration/integrations/")}}},
                        {QStringLiteral("only_path_prefix"), QStringLiteral("/api/v1/")}})
                 .status,
             200);
    Reply r = get(QStringLiteral("/api/v1/integration/integrations/"));
    QCOMPARE(r.status, 301);
    QCOMPARE(r.header("Location"), QByteArray("/integration/integrations/"));
    QCOMPARE(get(QString::fromLatin1(r.header("Location"))).status, 200);

    // Another origin, with the request's path; every method, the body read but not handled.
    const int uploadsBefore = counts().value(QStringLiteral("upload_posts")).toInt();
    QCOMPARE(setFaults({{QStringLiteral("redirect"),
                         QJsonObject{{QStringLiteral("status"), 307},
                                     {QStringLiteral("location"),
                                      QStringLiteral("http://127.0.0.2:9{path}")}}},
                        {QStringLiteral("only_path_prefix"), QJsonValue()}})
                 .status,
             200);
    auto *multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    multipart->append(filePart(QStringLiteral("manifest"), QStringLiteral("manifest.json"),
                               QByteArray(200 * 1024, ' ')));
    const QString path
        = QStringLiteral("/api/v1/integration/dbt/%1/upload_artifacts/?x=1").arg(kDbtId);
    r = send("POST", m_main->url(path), m_main->key, multipart);
    QCOMPARE(r.status, 307);
    QCOMPARE(QString::fromLatin1(r.header("Location")),
             QStringLiteral("http://127.0.0.2:9") + path);
    QCOMPARE(counts().value(QStringLiteral("upload_posts")).toInt(), uploadsBefore);
}

void TestSandboxServer::cutReplyAfterBytes()
{
    QCOMPARE(setFaults({{QStringLiteral("cut_reply_after_bytes"), 10}}).status, 200);
    const QByteArray answer = rawGet("/api/v1/integration/integrations/", 10000);
    const qsizetype headEnd = answer.indexOf("\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 200") && headEnd > 0, answer.constData());
    QCOMPARE(answer.size() - (headEnd + 4), 10); // then closed
    QVERIFY(headerOf(answer, "Content-Length").toInt() > 100);
}

void TestSandboxServer::dropReply()
{
    // The API acts on the trigger, and the client gets not a byte of the answer.
    const QJsonObject before = counts();
    QCOMPARE(setFaults({{QStringLiteral("drop_reply"), true}}).status, 200);
    const QByteArray answer
        = raw("POST /api/v1/integration/dbt/" + kDbtId.toLatin1()
                  + "/trigger/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_main->key
                  + "\r\nContent-Length: 0\r\n\r\n",
              10000);
    QVERIFY2(answer.isEmpty(), answer.constData());
    const QJsonObject after = counts();
    QCOMPARE(after.value(QStringLiteral("trigger_posts")).toInt(),
             before.value(QStringLiteral("trigger_posts")).toInt() + 1);
    QCOMPARE(after.value(QStringLiteral("triggers_started")).toInt(),
             before.value(QStringLiteral("triggers_started")).toInt() + 1);
}

void TestSandboxServer::scopeAndFaultCount()
{
    const QJsonObject before = counts();
    // Only POSTs, and only the next two: fail twice, then succeed.
    QCOMPARE(setFaults({{QStringLiteral("html_error"), true},
                        {QStringLiteral("only_method"), QStringLiteral("POST")},
                        {QStringLiteral("fault_count"), 2}})
                 .status,
             200);
    QCOMPARE(get(QStringLiteral("/api/v1/integration/integrations/")).status, 200);
    QCOMPARE(send("POST", trigger(), m_main->key).status, 500);
    QCOMPARE(send("POST", trigger(), m_main->key).status, 500);
    QCOMPARE(
        get(QStringLiteral("/sandbox/faults/")).json.value(QStringLiteral("fault_count")).toInt(),
        0);
    QCOMPARE(send("POST", trigger(), m_main->key).status, 200);
    const QJsonObject after = counts();
    const auto delta = [&](const char *key) {
        return after.value(QLatin1String(key)).toInt() - before.value(QLatin1String(key)).toInt();
    };
    QCOMPARE(delta("requests_seen"), 4);
    QCOMPARE(delta("posts_seen"), 3);
    QCOMPARE(delta("faulted"), 2);
    QCOMPARE(delta("trigger_posts"), 1); // the two HTML errors never reached the API
    QCOMPARE(delta("triggers_started"), 1);

    // Only a path prefix.
    QCOMPARE(setFaults(
                 {{QStringLiteral("only_method"), QJsonValue()},
                  {QStringLiteral("fault_count"), QJsonValue()},
                  {QStringLiteral("only_path_prefix"), QStringLiteral("/api/v1/integration/dbt/")}})
                 .status,
             200);
    QCOMPARE(get(QStringLiteral("/api/v1/integration/integrations/")).status, 200);
    QCOMPARE(send("POST", trigger(), m_main->key).status, 500);
    QCOMPARE(send("POST", m_main->url(QStringLiteral("/integration/dbt/%1/trigger/").arg(kDbtId)),
                  m_main->key)
                 .status,
             200);

    // The status sequence follows the scope too.
    QCOMPARE(setFaults({{QStringLiteral("html_error"), false},
                        {QStringLiteral("only_path_prefix"), QStringLiteral("/api/v1/")},
                        {QStringLiteral("status_sequence"), QJsonArray{503}}})
                 .status,
             200);
    QCOMPARE(send("POST", m_main->url(QStringLiteral("/integration/dbt/%1/trigger/").arg(kDbtId)),
                  m_main->key)
                 .status,
             200);
    QCOMPARE(send("POST", trigger(), m_main->key).status, 503);
}

QTEST_GUILESS_MAIN(TestSandboxServer)
#include "TestSandboxServer.moc"
