// SPDX-License-Identifier: MIT
// SigV4Signer against every case of the two official AWS suites in DBTU_SIGV4_VECTORS_DIR:
// aws-sig-v4-test-suite/ (.req -> .creq, .sts, .authz) and aws-signing-test-suite-v4/
// (context.json + request.txt -> header-* and query-* files). Without the folder this says so and
// skips; with DBTU_REQUIRE_CORPUS=1 (CI) it fails instead.
#include "TestHelpers.h"
#include "TestPaths.h"
#include "bucket/SigV4Signer.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>

using namespace Dbtu;

namespace {

struct RawRequest
{
    QByteArray method;
    QString path;
    QString query;
    HttpHeaders headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const HttpHeader &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
                return h.second;
            }
        }
        return {};
    }
};

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        qFatal("cannot read %s", qPrintable(path));
    }
    QByteArray data = f.readAll();
    data.replace("\r\n", "\n");
    return data;
}

// Expected files end with or without a newline; the value itself never does.
QByteArray expected(const QString &path)
{
    QByteArray data = readFile(path);
    while (data.endsWith('\n')) {
        data.chop(1);
    }
    return data;
}

// "METHOD /path?query HTTP/1.1", header lines (a line starting with white space continues the
// previous value: obs-fold, kept with its newline for the signer to unfold), an empty line, body.
RawRequest parseRequest(const QByteArray &raw)
{
    RawRequest r;
    const qsizetype headEnd = raw.indexOf("\n\n");
    const QByteArray head = headEnd < 0 ? raw : raw.left(headEnd);
    r.body = headEnd < 0 ? QByteArray() : raw.mid(headEnd + 2);
    const QList<QByteArray> lines = head.split('\n');
    const QByteArray first = lines.value(0);
    const qsizetype sp = first.indexOf(' ');
    const qsizetype proto = first.lastIndexOf(" HTTP/");
    r.method = first.left(sp);
    const QString target = QString::fromUtf8(first.mid(sp + 1, proto - sp - 1));
    const qsizetype q = target.indexOf(QLatin1Char('?'));
    r.path = q < 0 ? target : target.left(q);
    r.query = q < 0 ? QString() : target.mid(q + 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        if ((line.startsWith(' ') || line.startsWith('\t')) && !r.headers.isEmpty()) {
            r.headers.last().second += '\n' + line;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon > 0) {
            r.headers.append({line.left(colon), line.mid(colon + 1)});
        }
    }
    return r;
}

SigV4Signer::Request toSignerRequest(const RawRequest &r)
{
    return SigV4Signer::Request{r.method, r.path, r.query, r.headers, QByteArray(), r.body};
}

// The decoded query parameters of the request line of a signed-request file, sorted.
QList<QByteArray> decodedParams(QByteArrayView query)
{
    QList<QByteArray> out;
    for (const QByteArray &p : query.toByteArray().split('&')) {
        out << QByteArray::fromPercentEncoding(p);
    }
    std::sort(out.begin(), out.end());
    return out;
}

const char *kAccessKey = "AKIDEXAMPLE";
const char *kSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

// Where a folder is missing, say so: skipped on a fresh clone, a failure where it is required.
bool requireVectors(const QString &dir)
{
    if (!dir.isEmpty() && QFileInfo(dir).isDir()) {
        return true;
    }
    const char *message = "the AWS SigV4 test suites are absent (DBTU_SIGV4_VECTORS_DIR is not "
                          "set or lacks the suite folder), so the vector comparison did not run; "
                          "set DBTU_SIGV4_VECTORS_DIR to shared/sigv4-vectors";
    if (qEnvironmentVariableIntValue("DBTU_REQUIRE_CORPUS")) {
        QTest::qFail(message, __FILE__, __LINE__);
        return false;
    }
    QTest::qSkip(message, __FILE__, __LINE__);
    return false;
}

QString suiteDir(const char *name)
{
    const QString root = Test::sigv4VectorsDir();
    return root.isEmpty() ? QString() : root + QLatin1Char('/') + QLatin1String(name);
}

} // namespace

class TestSigV4Vectors : public QObject
{
    Q_OBJECT

private slots:
    void classicSuite_data();
    void classicSuite();
    void crtSuite_data();
    void crtSuite();
};

void TestSigV4Vectors::classicSuite_data()
{
    QTest::addColumn<QString>("base"); // folder + case name, without extension
    const QString root = suiteDir("aws-sig-v4-test-suite");
    if (!requireVectors(root)) {
        return;
    }
    QStringList bases;
    QDirIterator it(root, {QStringLiteral("*.req")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        bases << file.left(file.size() - 4);
    }
    bases.sort();
    QCOMPARE(bases.size(), 34); // the README's count: a case that went missing is a failure
    for (const QString &b : std::as_const(bases)) {
        QTest::newRow(qPrintable(QFileInfo(b).absolutePath().mid(root.size() + 1))) << b;
    }
}

void TestSigV4Vectors::classicSuite()
{
    QFETCH(QString, base);
    const RawRequest raw = parseRequest(readFile(base + QStringLiteral(".req")));
    const QString name = QFileInfo(base).fileName();

    SigV4Signer::Options options = SigV4Signer::Options::generic();
    AwsCredentials credentials{QString::fromLatin1(kAccessKey), Secret(QByteArray(kSecretKey)),
                               Secret(raw.header("X-Amz-Security-Token").trimmed())};
    // Two cases carry the session token outside the .req, only in the signed request (.sreq):
    // get-vanilla-with-session-token signs it (the suite's .sreq even shows a stale signature;
    // .authz is right), and post-sts-header-after adds it after signing
    // (post-sts-token/readme.txt).
    if (name == QLatin1String("get-vanilla-with-session-token")
        || name == QLatin1String("post-sts-header-after")) {
        const RawRequest sreq = parseRequest(readFile(base + QStringLiteral(".sreq")));
        credentials.sessionToken = Secret(sreq.header("X-Amz-Security-Token").trimmed());
        QVERIFY(!credentials.sessionToken.isEmpty());
        if (name == QLatin1String("post-sts-header-after")) {
            options.sessionToken = SigV4Signer::SessionToken::AddedAfterSigning;
        }
    }

    const SigV4Signer signer(credentials, QStringLiteral("us-east-1"), QStringLiteral("service"),
                             options);
    const auto time = QDateTime::fromString(QStringLiteral("2015-08-30T12:36:00Z"), Qt::ISODate);
    const auto result = signer.sign(toSignerRequest(raw), time);
    QVERIFY_OK(result);
    QCOMPARE(result.value().canonicalRequest, expected(base + QStringLiteral(".creq")));
    QCOMPARE(result.value().stringToSign, expected(base + QStringLiteral(".sts")));
    QCOMPARE(result.value().authorization, expected(base + QStringLiteral(".authz")));
}

void TestSigV4Vectors::crtSuite_data()
{
    QTest::addColumn<QString>("dir");
    QTest::addColumn<bool>("presign");
    const QString root = suiteDir("aws-signing-test-suite-v4");
    if (!requireVectors(root)) {
        return;
    }
    QStringList dirs = QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    QCOMPARE(dirs.size(), 38);
    for (const QString &d : std::as_const(dirs)) {
        const QString dir = root + QLatin1Char('/') + d;
        QVERIFY2(QFile::exists(dir + QStringLiteral("/context.json")), qPrintable(d));
        QTest::newRow(qPrintable(d + QStringLiteral(" header"))) << dir << false;
        if (QFile::exists(dir + QStringLiteral("/query-signature.txt"))) {
            QTest::newRow(qPrintable(d + QStringLiteral(" query"))) << dir << true;
        }
    }
}

void TestSigV4Vectors::crtSuite()
{
    QFETCH(QString, dir);
    QFETCH(bool, presign);
    const QJsonObject context
        = QJsonDocument::fromJson(readFile(dir + QStringLiteral("/context.json"))).object();
    const QJsonObject c = context[QLatin1String("credentials")].toObject();
    const AwsCredentials credentials{c[QLatin1String("access_key_id")].toString(),
                                     Secret(c[QLatin1String("secret_access_key")].toString()),
                                     Secret(c[QLatin1String("token")].toString())};
    // normalize: false is the S3 path handling; x-amz-content-sha256 follows sign_body.
    SigV4Signer::Options options = context[QLatin1String("normalize")].toBool()
                                       ? SigV4Signer::Options::generic()
                                       : SigV4Signer::Options::s3();
    options.addContentSha256 = context[QLatin1String("sign_body")].toBool();
    if (context[QLatin1String("omit_session_token")].toBool()) {
        options.sessionToken = SigV4Signer::SessionToken::AddedAfterSigning;
    }
    const SigV4Signer signer(credentials, context[QLatin1String("region")].toString(),
                             context[QLatin1String("service")].toString(), options);
    const auto time
        = QDateTime::fromString(context[QLatin1String("timestamp")].toString(), Qt::ISODate);
    const SigV4Signer::Request request
        = toSignerRequest(parseRequest(readFile(dir + QStringLiteral("/request.txt"))));

    const QString prefix = dir + (presign ? QStringLiteral("/query-") : QStringLiteral("/header-"));
    const auto result = presign ? signer.presign(
                            request, time, context[QLatin1String("expiration_in_seconds")].toInt())
                                : signer.sign(request, time);
    QVERIFY_OK(result);
    const SigV4Signer::Signature &s = result.value();
    QCOMPARE(s.canonicalRequest, expected(prefix + QStringLiteral("canonical-request.txt")));
    QCOMPARE(s.stringToSign, expected(prefix + QStringLiteral("string-to-sign.txt")));
    QCOMPARE(s.signature, expected(prefix + QStringLiteral("signature.txt")));

    const QByteArray signedRequest = readFile(prefix + QStringLiteral("signed-request.txt"));
    if (presign) {
        // Same parameters as the suite's URL (its order and encoding of the caller's own
        // parameters differ; both decode to the same set).
        const QByteArray line = signedRequest.left(signedRequest.indexOf('\n'));
        const qsizetype q = line.indexOf('?');
        const QByteArray query = line.mid(q + 1, line.lastIndexOf(" HTTP/") - q - 1);
        QCOMPARE(decodedParams(s.presignedQuery), decodedParams(query));
    } else {
        const RawRequest sreq = parseRequest(signedRequest);
        QCOMPARE(s.authorization, sreq.header("Authorization"));
    }
}

QTEST_GUILESS_MAIN(TestSigV4Vectors)
#include "TestSigV4Vectors.moc"
