// SPDX-License-Identifier: MIT
// The leak audit: every flow, command line and window, API, bucket and sandbox, success and
// failure, run with distinctive secrets; then each secret (raw and in the encodings it could take)
// is looked for in every file under the test's HOME and XDG folders (settings, caches, the debug
// log, history), in the TMPDIR every process used, in the sandboxes' data (but their uploads and
// their own key files), in all the output of every child process, in what the window showed
// (banners and their Details…), in the log lines of this process, and in the command line of
// every process alive during the run (sampled from /proc every 50 ms). Any hit fails with the
// place and the secret's name (never its value).
//
// The S3 peer gets its keys as arguments (it is the far side, started by the test); its process
// is left out of the command-line scan. Azurite gets its account key from AZURITE_ACCOUNTS.
#include "../ui/ApiPageTestSupport.h"
#include "AzuriteContainer.h"
#include "BucketSettingsPage.h"
#include "PeerProcess.h"
#include "TestPaths.h"
#include "TinyProxy.h"
#include "log/DebugLog.h"
#include "settings/AppSettings.h"

#include <QApplication>
#include <QCheckBox>
#include <QDeadlineTimer>
#include <QDirIterator>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <sys/stat.h>

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

using namespace Dbtu;
using namespace Dbtu::Ui;
using Dbtu::Test::bannerText;
using Dbtu::Test::child;
using Dbtu::Test::text;
using Field = BucketSettingsPage::Field;

namespace {

// The secrets: distinctive, so that any hit is a leak and not a coincidence.
const QByteArray kApiKey = "dbtu-LEAK-api-7f3a9c";
const QByteArray kWrongApiKey = "dbtu-LEAK-wrongapi-7f3a9c";
const QByteArray kReadOnlyKey = "dbtu-LEAK-readonly-7f3a9c";
const QByteArray kKeyId = "AKIALEAKAUDIT7F3A9C0";
const QByteArray kSecret = "leak/Secret+7f3a9c0Qw=Zr";
const QByteArray kWrongSecret = "leak/WrongSecret+7f3a9c1=";
const QByteArray kTempKeyId = "ASIALEAKAUDIT7F3A9C1";
const QByteArray kTempSecret = "leak/TempSecret+7f3a9c2Xy";
const QByteArray kToken = "LEAKTOKEN7f3a9c/Fw+ZXhhbXBsZQ==";
const QByteArray kExpiredToken = "LEAKEXPIRED7f3a9c/Gx+T2xkVG9rZW4=";
const QByteArray kAzureKeyText = "LEAK-azure-account-key-7f3a9c-0123456789";
const QByteArray kWrongAzureKeyText = "LEAK-wrong-azure-key-7f3a9c-9876543210";
const QByteArray kProxyUser = "leakproxy";
const QByteArray kProxyPassword = "LEAK-proxy-pass-7f3a9c";
const QByteArray kWrongProxyPassword = "LEAK-wrong-proxy-7f3a9c";
const QString kAccount = QStringLiteral("leakaudit");
const QString kBucket = QStringLiteral("dbt-artifacts");
const QString kIntegration = QStringLiteral("d8b7c0de-5a9d-4b0c-8e1f-000000000001");
constexpr int kWait = 30000;

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

QString leakRoot()
{
    return QString::fromLocal8Bit(qgetenv("DBTU_LEAK_ROOT"));
}

/** One secret and the forms it could be found in. */
struct Needle
{
    QString name; ///< what a failure names; never the value
    QList<QByteArray> forms;
};

Needle needle(const QString &name, const QByteArray &secret)
{
    QList<QByteArray> forms{
        secret, secret.toBase64(),
        secret.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals),
        QUrl::toPercentEncoding(QString::fromLatin1(secret)),
        QUrl::toPercentEncoding(QString::fromLatin1(secret)).toLower()};
    // JSON writers may escape '/'.
    forms << QByteArray(secret).replace("/", "\\/");
    QList<QByteArray> unique;
    for (const QByteArray &f : forms) {
        if (!unique.contains(f)) {
            unique << f;
        }
    }
    return {name, unique};
}

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

/** Samples every process's command line from /proc on a thread of its own. */
class CommandLineSampler
{
public:
    void start(const QList<Needle> &needles, const QByteArray &canary)
    {
        m_needles = needles;
        m_canary = canary;
        m_thread = std::thread([this] { loop(); });
    }
    void stop()
    {
        m_stop = true;
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }
    void exclude(qint64 pid)
    {
        std::lock_guard lock(m_mutex);
        m_excluded.insert(pid);
    }
    QStringList hits() const
    {
        std::lock_guard lock(m_mutex);
        return QStringList(m_hits.begin(), m_hits.end());
    }
    int samples() const { return m_samples; }
    bool sawCanary() const { return m_sawCanary; }
    /** How many distinct dbt-uploader processes were seen. */
    int uploaderProcesses() const
    {
        std::lock_guard lock(m_mutex);
        return int(m_uploaders.size());
    }

private:
    static qint64 parentOf(qint64 pid)
    {
        const QByteArray stat = readAll(QStringLiteral("/proc/%1/stat").arg(pid));
        const qsizetype close = stat.lastIndexOf(')');
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        return fields.size() > 1 ? fields[1].toLongLong() : 0;
    }
    bool excluded(qint64 pid) const
    {
        for (int depth = 0; pid > 1 && depth < 8; ++depth) {
            if (m_excluded.count(pid)) {
                return true;
            }
            pid = parentOf(pid);
        }
        return false;
    }
    void loop()
    {
        const qint64 self = QCoreApplication::applicationPid();
        while (!m_stop) {
            const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
            for (const QString &entry : pids) {
                bool numeric = false;
                const qint64 pid = entry.toLongLong(&numeric);
                if (!numeric || pid == self) {
                    continue;
                }
                QByteArray cmdline = readAll(QStringLiteral("/proc/%1/cmdline").arg(pid));
                if (cmdline.isEmpty()) {
                    continue;
                }
                cmdline.replace('\0', ' ');
                std::lock_guard lock(m_mutex);
                if (cmdline.contains(m_canary)) {
                    m_sawCanary = true;
                }
                if (cmdline.contains("bin/dbt-uploader")) {
                    m_uploaders.insert(pid);
                }
                for (const Needle &n : m_needles) {
                    for (const QByteArray &form : n.forms) {
                        if (cmdline.contains(form) && !excluded(pid)) {
                            m_hits.insert(
                                QStringLiteral("the command line of pid %1 (%2 …) holds %3")
                                    .arg(pid)
                                    .arg(QString::fromLocal8Bit(cmdline.left(40)), n.name));
                        }
                    }
                }
            }
            ++m_samples;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }

    QList<Needle> m_needles;
    QByteArray m_canary;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_samples{0};
    std::atomic<bool> m_sawCanary{false};
    mutable std::mutex m_mutex;
    std::set<qint64> m_excluded;
    std::set<QString> m_hits;
    std::set<qint64> m_uploaders;
};

unsigned modeOf(const QString &path)
{
    struct stat st
    {
    };
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? unsigned(st.st_mode) & 0777u
                                                                 : 0u;
}

} // namespace

class TestLeakAudit : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void theSearchFindsWhatIsThere();
    void cliApiFlows();
    void cliSandboxFaults();
    void cliBucketS3();
    void cliBucketS3SessionToken();
    void cliBucketAzure();
    void cliThroughAProxy();
    void windowApiFlows();
    void windowBucketFlows();
    void nothingLeaked();

private:
    struct Sandbox
    {
        std::unique_ptr<QProcess> process;
        QString dataDir;
        QString url;
        QString readOnlyKeyFile;
    };
    Sandbox *startSandbox(const QString &name, const QStringList &extra);
    Run cli(const QString &label, const QStringList &args,
            const QList<std::pair<QString, QByteArray>> &env = {}, const QByteArray &input = {});
    void keep(const QString &place, const QByteArray &data) { m_outputs << qMakePair(place, data); }
    QList<std::pair<QString, QByteArray>> s3Env(const QByteArray &id, const QByteArray &secret,
                                                const QByteArray &token = {}) const;
    QStringList s3Args(const QString &action, int port) const;
    QString connectionString(const QByteArray &keyText) const;
    QStringList azureArgs(const QString &action) const;
    /** Every hit of a needle in @p data, as "PLACE holds NAME". */
    QStringList search(const QString &place, const QByteArray &data) const;
    QStringList searchTree(const QString &dir, const QStringList &skip) const;
    QString windowErrorText(QWidget *root, const QString &bannerName) const;

    QString m_root;
    QString m_home;
    QString m_tmp;
    QString m_private;
    QString m_manifest;
    QString m_runResults;
    QList<Needle> m_needles;
    mutable int m_filesSearched = 0;
    QList<QPair<QString, QByteArray>> m_outputs;
    std::list<Sandbox> m_sandboxes;
    CommandLineSampler m_sampler;
    Test::PeerProcess m_s3;
    Test::PeerProcess m_s3Token;
    Test::PeerProcess m_azure;
    Test::TinyProxy m_proxy;
    QNetworkAccessManager m_nam;
    std::unique_ptr<MainWindow> m_window;
};

void TestLeakAudit::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBTU_KEYRING_SESSION"),
             "run this test through tests/support/with-keyring.sh (ctest does)");
    m_root = leakRoot();
    QVERIFY(!m_root.isEmpty());
    m_home = m_root + QStringLiteral("/home");
    m_tmp = m_root + QStringLiteral("/tmp");
    m_private = m_root + QStringLiteral("/private");
    QVERIFY(QDir().mkpath(m_private));
    QCOMPARE(QDir::homePath(), m_home);
    QCOMPARE(QDir::tempPath(), m_tmp);
    m_manifest = Test::dataDir() + QStringLiteral("/core/v12-manifest.json");
    m_runResults = Test::dataDir() + QStringLiteral("/core/v6-run_results.json");

    // This process logs as the window does: to the same file as the CLI runs.
    DebugLog::install();
    QCOMPARE(DebugLog::filePath(), m_home + QStringLiteral("/.local/state/dbt-uploader/debug.log"));

    m_needles
        = {needle(QStringLiteral("the API key"), kApiKey),
           needle(QStringLiteral("the wrong API key"), kWrongApiKey),
           needle(QStringLiteral("the sandbox's read-only key"), kReadOnlyKey),
           needle(QStringLiteral("the AWS access key id"), kKeyId),
           needle(QStringLiteral("the AWS secret access key"), kSecret),
           needle(QStringLiteral("the wrong AWS secret"), kWrongSecret),
           needle(QStringLiteral("the temporary access key id"), kTempKeyId),
           needle(QStringLiteral("the temporary secret"), kTempSecret),
           needle(QStringLiteral("the session token"), kToken),
           needle(QStringLiteral("the expired session token"), kExpiredToken),
           needle(QStringLiteral("the Azure account key"), kAzureKeyText.toBase64()),
           needle(QStringLiteral("the Azure account key's bytes"), kAzureKeyText),
           needle(QStringLiteral("the wrong Azure account key"), kWrongAzureKeyText.toBase64()),
           needle(QStringLiteral("the wrong Azure account key's bytes"), kWrongAzureKeyText),
           needle(QStringLiteral("the proxy password"), kProxyPassword),
           // Its base64 is the Proxy-Authorization header's value.
           needle(QStringLiteral("the proxy user:password"), kProxyUser + ':' + kProxyPassword),
           needle(QStringLiteral("the wrong proxy password"), kWrongProxyPassword)};

    // Peers: the far side; their own temporary files go elsewhere (not searched).
    const QByteArray tmp = qgetenv("TMPDIR");
    qputenv("TMPDIR", QFile::encodeName(m_root + QStringLiteral("/peer-tmp")));
    QDir().mkpath(m_root + QStringLiteral("/peer-tmp"));
    QString why;
    QVERIFY2(m_s3.startS3({QStringLiteral("--bucket"), kBucket, QStringLiteral("--key"),
                           QString::fromLatin1(kKeyId + ':' + kSecret + ":lrw")},
                          &why),
             qPrintable(why));
    QVERIFY2(
        m_s3Token.startS3({QStringLiteral("--bucket"), kBucket, QStringLiteral("--key"),
                           QString::fromLatin1(kTempKeyId + ':' + kTempSecret + ":lrw"),
                           QStringLiteral("--session-token"), QString::fromLatin1(kToken),
                           QStringLiteral("--expired-token"), QString::fromLatin1(kExpiredToken)},
                          &why),
        qPrintable(why));
    qputenv("AZURITE_ACCOUNTS", kAccount.toUtf8() + ':' + kAzureKeyText.toBase64());
    QVERIFY2(m_azure.startAzurite(&why), qPrintable(why));
    qunsetenv("AZURITE_ACCOUNTS");
    // The proxy's configuration (with its password) is the far side's too.
    m_proxy.dir = m_root + QStringLiteral("/peer-tmp/proxy");
    QVERIFY(QDir().mkpath(m_proxy.dir));
    m_proxy.user = QString::fromLatin1(kProxyUser);
    m_proxy.password = QString::fromLatin1(kProxyPassword);
    QVERIFY2(m_proxy.start(&why), qPrintable(why));
    qputenv("TMPDIR", tmp);
    QVERIFY2(Test::createAzuriteContainer(m_nam, m_azure.port(), kBucket, &why, kAccount,
                                          Secret(kAzureKeyText.toBase64())),
             qPrintable(why));

    m_sampler.exclude(m_s3.processId());
    m_sampler.exclude(m_s3Token.processId());
    m_sampler.start(m_needles, "leak-audit-canary-" + QByteArray::number(m_s3.port()));

    QVERIFY(writeFile(m_private + QStringLiteral("/api-key"), kApiKey + "\n"));
    QVERIFY(writeFile(m_private + QStringLiteral("/read-only-key"), kReadOnlyKey + "\n"));
}

void TestLeakAudit::cleanupTestCase()
{
    m_window.reset();
    m_sampler.stop();
    DebugLog::uninstall();
}

TestLeakAudit::Sandbox *TestLeakAudit::startSandbox(const QString &name, const QStringList &extra)
{
    Sandbox s;
    s.dataDir = m_root + QStringLiteral("/sandbox-") + name;
    s.process = std::make_unique<QProcess>();
    s.process->setProgram(Test::binaryPath());
    s.process->setArguments(
        QStringList{QStringLiteral("sandbox"), QStringLiteral("--port"), QStringLiteral("0"),
                    QStringLiteral("--data-dir"), s.dataDir, QStringLiteral("--api-key-file"),
                    m_private + QStringLiteral("/api-key"), QStringLiteral("--sync-seconds"),
                    QStringLiteral("1"), QStringLiteral("--post-limit"), QStringLiteral("0")}
        + extra);
    s.process->start();
    const QRegularExpression listening(
        QStringLiteral(R"(sandbox listening on (http://127\.0\.0\.1:\d+/api/v1))"));
    const QRegularExpression readOnly(
        QStringLiteral(R"(read-only key \(403 on writes\) in (.*)\n)"));
    QByteArray out;
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired() && s.process->state() != QProcess::NotRunning) {
        s.process->waitForReadyRead(100);
        out += s.process->readAllStandardOutput();
        const auto m = listening.match(QString::fromUtf8(out));
        if (m.hasMatch()) {
            s.url = m.captured(1);
            break;
        }
    }
    keep(QStringLiteral("the stdout of sandbox %1").arg(name), out);
    const auto ro = readOnly.match(QString::fromUtf8(out));
    if (ro.hasMatch()) {
        s.readOnlyKeyFile = ro.captured(1);
    }
    if (s.url.isEmpty()) {
        qWarning("sandbox %s did not start: %s", qPrintable(name),
                 s.process->readAllStandardError().constData());
        return nullptr;
    }
    m_sandboxes.push_back(std::move(s));
    return &m_sandboxes.back();
}

Run TestLeakAudit::cli(const QString &label, const QStringList &args,
                       const QList<std::pair<QString, QByteArray>> &env, const QByteArray &input)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const char *name :
         {"SECODA_API_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
          "AZURE_STORAGE_CONNECTION_STRING", "DBTU_LOG_FILE", "DBTU_DEBUG", "QT_LOGGING_RULES",
          "QT_MESSAGE_PATTERN", "http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY",
          "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"}) {
        e.remove(QString::fromLatin1(name));
    }
    e.insert(QStringLiteral("DBTU_WATCH_POLL_MS"), QStringLiteral("100"));
    for (const auto &[name, value] : env) {
        e.insert(name, QString::fromUtf8(value));
    }
    p.setProcessEnvironment(e);
    p.start(Test::binaryPath(), args);
    p.write(input);
    p.closeWriteChannel();
    Run r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
    } else {
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    keep(QStringLiteral("the stdout of `%1`").arg(label), r.out);
    keep(QStringLiteral("the stderr of `%1`").arg(label), r.err);
    return r;
}

QList<std::pair<QString, QByteArray>>
TestLeakAudit::s3Env(const QByteArray &id, const QByteArray &secret, const QByteArray &token) const
{
    QList<std::pair<QString, QByteArray>> env{{QStringLiteral("AWS_ACCESS_KEY_ID"), id},
                                              {QStringLiteral("AWS_SECRET_ACCESS_KEY"), secret}};
    if (!token.isEmpty()) {
        env.append({QStringLiteral("AWS_SESSION_TOKEN"), token});
    }
    return env;
}

QStringList TestLeakAudit::s3Args(const QString &action, int port) const
{
    return {QStringLiteral("bucket"),     action,
            QStringLiteral("--provider"), QStringLiteral("s3"),
            QStringLiteral("--bucket"),   kBucket,
            QStringLiteral("--region"),   QStringLiteral("us-east-1"),
            QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:%1").arg(port),
            QStringLiteral("--prefix"),   QStringLiteral("leak")};
}

QString TestLeakAudit::connectionString(const QByteArray &keyText) const
{
    return QStringLiteral("DefaultEndpointsProtocol=http;AccountName=%1;AccountKey=%2;"
                          "BlobEndpoint=http://127.0.0.1:%3/%1;")
        .arg(kAccount, QString::fromLatin1(keyText.toBase64()))
        .arg(m_azure.port());
}

QStringList TestLeakAudit::azureArgs(const QString &action) const
{
    return {QStringLiteral("bucket"),      action,
            QStringLiteral("--provider"),  QStringLiteral("azure"),
            QStringLiteral("--account"),   kAccount,
            QStringLiteral("--container"), kBucket,
            QStringLiteral("--prefix"),    QStringLiteral("leak")};
}

QStringList TestLeakAudit::search(const QString &place, const QByteArray &data) const
{
    QStringList hits;
    for (const Needle &n : m_needles) {
        for (const QByteArray &form : n.forms) {
            if (data.contains(form)) {
                hits << QStringLiteral("%1 holds %2%3")
                            .arg(place, n.name,
                                 form == n.forms.first() ? QString()
                                                         : QStringLiteral(" (encoded)"));
                break;
            }
        }
    }
    return hits;
}

QStringList TestLeakAudit::searchTree(const QString &dir, const QStringList &skip) const
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        bool skipped = false;
        for (const QString &s : skip) {
            skipped
                = skipped || (!s.isEmpty() && (path == s || path.startsWith(s + QLatin1Char('/'))));
        }
        if (!skipped) {
            hits << search(QStringLiteral("the file %1").arg(path), readAll(path));
            ++m_filesSearched;
        }
    }
    return hits;
}

QString TestLeakAudit::windowErrorText(QWidget *root, const QString &bannerName) const
{
    QStringList parts{bannerText(root, bannerName)};
    if (auto *banner = root->findChild<Banner *>(bannerName)) {
        for (auto *details : banner->findChildren<QPlainTextEdit *>()) {
            parts << details->toPlainText();
        }
    }
    return parts.join(QLatin1Char('\n'));
}

// --- the flows -----------------------------------------------------------------------------

void TestLeakAudit::theSearchFindsWhatIsThere()
{
    // The search itself: raw and encoded forms are found, and a clean text is clean.
    QCOMPARE(search(QStringLiteral("x"), "clean text").size(), 0);
    QCOMPARE(search(QStringLiteral("x"), "a " + kSecret + " b").size(), 1);
    QCOMPARE(
        search(QStringLiteral("x"), "a=" + QUrl::toPercentEncoding(QString::fromLatin1(kSecret)))
            .size(),
        1);
    QCOMPARE(search(QStringLiteral("x"), "Basic " + kApiKey.toBase64()).size(), 1);
    QCOMPARE(
        search(QStringLiteral("x"), "{\"k\": \"" + QByteArray(kToken).replace("/", "\\/") + "\"}")
            .size(),
        1);
    const QString probe = m_root + QStringLiteral("/search-probe/a/b.txt");
    QVERIFY(writeFile(probe, "… " + kToken + " …"));
    QCOMPARE(searchTree(m_root + QStringLiteral("/search-probe"), {}).size(), 1);
    QCOMPARE(searchTree(m_root + QStringLiteral("/search-probe"), {probe}).size(), 0);
    QCOMPARE(searchTree(m_root + QStringLiteral("/search-probe"), {QString()}).size(), 1);
    QDir(m_root + QStringLiteral("/search-probe")).removeRecursively();

    // The command-line sampler runs and sees a short-lived process.
    QProcess canary;
    canary.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("sleep 0.5"),
                                        QStringLiteral("leak-audit-canary-%1").arg(m_s3.port())});
    QVERIFY(canary.waitForFinished(10000));
    QTRY_VERIFY_WITH_TIMEOUT(m_sampler.sawCanary(), 5000);
}

void TestLeakAudit::cliApiFlows()
{
    // Both keys from files (never arguments, which `ps` shows).
    Sandbox *s
        = startSandbox(QStringLiteral("api"), {QStringLiteral("--read-only-key-file"),
                                               m_private + QStringLiteral("/read-only-key")});
    QVERIFY(s);
    QVERIFY(s->readOnlyKeyFile.isEmpty()); // none generated
    const QStringList api{QStringLiteral("--api-url"), s->url, QStringLiteral("--integration"),
                          kIntegration};
    const QStringList files{m_manifest, m_runResults};

    Run r = cli(QStringLiteral("key set"), {QStringLiteral("key"), QStringLiteral("set")}, {},
                kApiKey + "\n");
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli(QStringLiteral("key status"), {QStringLiteral("key"), QStringLiteral("status")});
    QVERIFY2(r.code == 0 && r.out.contains("An API key is stored"), r.out.constData());
    r = cli(QStringLiteral("integrations"),
            {QStringLiteral("integrations"), QStringLiteral("--json"), QStringLiteral("--api-url"),
             s->url});
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli(QStringLiteral("upload (keychain)"),
            QStringList{QStringLiteral("upload"), QStringLiteral("--json")} + api + files);
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli(QStringLiteral("upload (wrong key)"),
            QStringList{QStringLiteral("upload")} + api + files,
            {{QStringLiteral("SECODA_API_KEY"), kWrongApiKey}});
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("401"), r.err.constData());
    // The debug lines went to the log only: the terminal shows what it showed before the log.
    QVERIFY2(!r.err.contains("dbtu."), r.err.constData());
    r = cli(QStringLiteral("trigger"), QStringList{QStringLiteral("trigger")} + api);
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli(QStringLiteral("watch"),
            QStringList{QStringLiteral("watch"), QStringLiteral("--timeout"), QStringLiteral("3")}
                + api);
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli(QStringLiteral("integrations --api-key-stdin"),
            {QStringLiteral("integrations"), QStringLiteral("--api-key-stdin"),
             QStringLiteral("--api-url"), s->url, QStringLiteral("--profile"),
             QStringLiteral("other")},
            {}, kApiKey + "\n");
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli(QStringLiteral("upload --watch (SECODA_API_KEY)"),
            QStringList{QStringLiteral("upload"), QStringLiteral("--watch"),
                        QStringLiteral("--timeout"), QStringLiteral("5")}
                + api + files,
            {{QStringLiteral("SECODA_API_KEY"), kApiKey}});
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli(QStringLiteral("trigger (read-only key)"), QStringList{QStringLiteral("trigger")} + api,
            {{QStringLiteral("SECODA_API_KEY"), kReadOnlyKey}});
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("not allowed"), r.err.constData()); // 403: the key file was read

    // DBTU_DEBUG=1 mirrors the log's lines to stderr (redacted, and searched like the rest).
    r = cli(QStringLiteral("integrations (DBTU_DEBUG=1)"),
            {QStringLiteral("integrations"), QStringLiteral("--api-url"), s->url},
            {{QStringLiteral("SECODA_API_KEY"), kApiKey}, {QStringLiteral("DBTU_DEBUG"), "1"}});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY2(r.err.contains("dbtu.net: Listing integrations, attempt 1: GET http://127.0.0.1:"),
             r.err.constData());
}

void TestLeakAudit::cliSandboxFaults()
{
    Sandbox *s = startSandbox(QStringLiteral("faults"), {QStringLiteral("--status-sequence"),
                                                         QStringLiteral("503,500,500,500,500")});
    QVERIFY(s);
    const Run r = cli(QStringLiteral("upload (server errors)"),
                      {QStringLiteral("upload"), QStringLiteral("--no-trigger"),
                       QStringLiteral("--json"), QStringLiteral("--api-url"), s->url,
                       QStringLiteral("--integration"), kIntegration, m_manifest, m_runResults},
                      {{QStringLiteral("SECODA_API_KEY"), kApiKey}});
    QCOMPARE(r.code, 6);
    QVERIFY2(r.err.contains("retrying"), r.err.constData()); // the 503 was retried, then the 500
}

void TestLeakAudit::cliBucketS3()
{
    const QStringList files{m_manifest, m_runResults};
    Run r = cli(QStringLiteral("bucket upload s3"),
                s3Args(QStringLiteral("upload"), m_s3.port())
                    + QStringList{QStringLiteral("--json")} + files,
                s3Env(kKeyId, kSecret));
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli(QStringLiteral("bucket test s3"), s3Args(QStringLiteral("test"), m_s3.port()),
            s3Env(kKeyId, kSecret));
    QVERIFY2(r.code == 0, (r.out + r.err).constData());
    r = cli(QStringLiteral("bucket test s3 --json (wrong secret)"),
            s3Args(QStringLiteral("test"), m_s3.port()) << QStringLiteral("--json"),
            s3Env(kKeyId, kWrongSecret));
    QCOMPARE(r.code, 4);
    QVERIFY2(r.out.contains("SignatureDoesNotMatch"), r.out.constData());
    r = cli(QStringLiteral("bucket upload s3 (wrong secret)"),
            s3Args(QStringLiteral("upload"), m_s3.port()) + files, s3Env(kKeyId, kWrongSecret));
    QCOMPARE(r.code, 4);
}

void TestLeakAudit::cliBucketS3SessionToken()
{
    const QStringList files{m_manifest, m_runResults};
    Run r = cli(QStringLiteral("bucket upload s3 (session token)"),
                s3Args(QStringLiteral("upload"), m_s3Token.port())
                    << QStringLiteral("--gzip") << files,
                s3Env(kTempKeyId, kTempSecret, kToken));
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli(QStringLiteral("bucket test s3 --json (session token)"),
            s3Args(QStringLiteral("test"), m_s3Token.port()) << QStringLiteral("--json"),
            s3Env(kTempKeyId, kTempSecret, kToken));
    QVERIFY2(r.code == 0, (r.out + r.err).constData());
    // An expired token: S3's error body repeats it.
    r = cli(QStringLiteral("bucket test s3 (expired token)"),
            s3Args(QStringLiteral("test"), m_s3Token.port()),
            s3Env(kTempKeyId, kTempSecret, kExpiredToken));
    QCOMPARE(r.code, 4);
    QVERIFY2((r.out + r.err).contains("ExpiredToken"), (r.out + r.err).constData());
}

void TestLeakAudit::cliBucketAzure()
{
    const auto env = [this](const QByteArray &key) {
        return QList<std::pair<QString, QByteArray>>{
            {QStringLiteral("AZURE_STORAGE_CONNECTION_STRING"), connectionString(key).toUtf8()}};
    };
    Run r = cli(QStringLiteral("bucket upload azure"),
                azureArgs(QStringLiteral("upload")) << m_manifest << m_runResults,
                env(kAzureKeyText));
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli(QStringLiteral("bucket test azure --json"),
            azureArgs(QStringLiteral("test")) << QStringLiteral("--json"), env(kAzureKeyText));
    QVERIFY2(r.code == 0, (r.out + r.err).constData());
    r = cli(QStringLiteral("bucket test azure (wrong key)"), azureArgs(QStringLiteral("test")),
            env(kWrongAzureKeyText));
    QCOMPARE(r.code, 4);
}

void TestLeakAudit::cliThroughAProxy()
{
    // A company proxy with a password, in http_proxy as most tools take it: the password goes
    // to the proxy alone (Proxy-Authorization), never to a server, a file or a message.
    Sandbox *s = startSandbox(QStringLiteral("proxy"), {});
    QVERIFY(s);
    const QByteArray proxy
        = "http://" + kProxyUser + ':' + kProxyPassword + "@" + m_proxy.address().toLatin1();
    const QList<std::pair<QString, QByteArray>> env{{QStringLiteral("SECODA_API_KEY"), kApiKey},
                                                    {QStringLiteral("http_proxy"), proxy}};
    const qsizetype before = m_proxy.log().size();
    Run r = cli(QStringLiteral("integrations (proxy)"),
                {QStringLiteral("integrations"), QStringLiteral("--api-url"), s->url}, env);
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli(QStringLiteral("upload (proxy)"),
            {QStringLiteral("upload"), QStringLiteral("--no-trigger"), QStringLiteral("--api-url"),
             s->url, QStringLiteral("--integration"), kIntegration, m_manifest, m_runResults},
            env);
    QVERIFY2(r.code == 0, r.err.constData());
    // A wrong password: the proxy refused it (exit 5), however the proxy words it.
    r = cli(QStringLiteral("integrations (wrong proxy password)"),
            {QStringLiteral("integrations"), QStringLiteral("--api-url"), s->url},
            {{QStringLiteral("SECODA_API_KEY"), kApiKey},
             {QStringLiteral("http_proxy"), "http://" + kProxyUser + ':' + kWrongProxyPassword + "@"
                                                + m_proxy.address().toLatin1()}});
    QVERIFY2(r.code == 5, (r.out + r.err).constData());
    QList<std::pair<QString, QByteArray>> bucketEnv = s3Env(kKeyId, kSecret);
    bucketEnv.append({QStringLiteral("http_proxy"), proxy});
    r = cli(QStringLiteral("bucket test s3 (proxy)"), s3Args(QStringLiteral("test"), m_s3.port()),
            bucketEnv);
    QVERIFY2(r.code == 0, (r.out + r.err).constData());
    // They all went through the proxy.
    const QByteArray log = m_proxy.log().mid(before);
    QVERIFY2(log.contains("upload_artifacts"), log.constData());
    QVERIFY2(log.contains(":" + QByteArray::number(m_s3.port()) + "/"), log.constData());
}

void TestLeakAudit::windowApiFlows()
{
    Sandbox *s = startSandbox(QStringLiteral("window"), {});
    QVERIFY(s);
    m_window = std::make_unique<MainWindow>();
    ApiUploadPage *page = m_window->apiUploadPage();
    page->setWatchPollInterval(std::chrono::milliseconds(100), std::chrono::milliseconds(300));
    m_window->tabWidget()->setCurrentWidget(page);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(
        !text(page, QStringLiteral("keyStatusLabel")).contains(QStringLiteral("Looking")), kWait);

    // Save the key through the tab (keychain), list the integrations, upload.
    Test::setCustomUrl(page, s->url);
    auto *keyEdit = child<QLineEdit>(page, QStringLiteral("apiKeyLineEdit"));
    QCOMPARE(keyEdit->echoMode(), QLineEdit::Password);
    keyEdit->setText(QString::fromLatin1(kApiKey));
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("storeKeyButton")), Qt::LeftButton);
    QTRY_VERIFY2_WITH_TIMEOUT(text(page, QStringLiteral("keyStatusLabel"))
                                  .contains(QStringLiteral("stored in the keychain")),
                              qPrintable(text(page, QStringLiteral("keyStatusLabel"))), kWait);
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("loadIntegrationsButton")),
                      Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(
        child<QComboBox>(page, QStringLiteral("integrationComboBox"))->count(), 5, kWait);
    page->setPaths({Test::dataDir() + QStringLiteral("/ui/target")});
    QSignalSpy done(page, &ApiUploadPage::sessionFinished);
    auto *start = child<QPushButton>(page, QStringLiteral("startUploadButton"));
    QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), kWait);
    QTest::mouseClick(start, Qt::LeftButton);
    auto *anyway = child<QPushButton>(page, QStringLiteral("uploadAnywayButton"));
    QTRY_VERIFY_WITH_TIMEOUT(anyway->isVisible() || !done.isEmpty(), kWait);
    if (anyway->isVisible()) {
        anyway->click();
    }
    QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), kWait);
    QVERIFY2(!child<Banner>(page, QStringLiteral("apiErrorBanner"))->isVisible(),
             qPrintable(windowErrorText(page, QStringLiteral("apiErrorBanner"))));
    QCOMPARE(child<QProgressBar>(page, QStringLiteral("overallProgressBar"))->value(), 100);

    // A wrong key: the 401 banner, its Details… searched too.
    keyEdit->setText(QString::fromLatin1(kWrongApiKey));
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("testConnectionButton")),
                      Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<Banner>(page, QStringLiteral("apiErrorBanner"))->isVisible(),
                             kWait);
    const QString shown = windowErrorText(page, QStringLiteral("apiErrorBanner"));
    QVERIFY2(shown.contains(QStringLiteral("401")), qPrintable(shown));
    QVERIFY(child<Banner>(page, QStringLiteral("apiErrorBanner"))
                ->findChild<QPushButton *>(QStringLiteral("detailsButton")));
    keep(QStringLiteral("the window's API error banner and its Details…"), shown.toUtf8());
    keyEdit->clear();

    // Sandbox mode (dbt-uploader --sandbox): the key for this session only, an upload.
    m_window->enterSandboxMode(QUrl(s->url), QString::fromLatin1(kApiKey), kIntegration);
    QTRY_VERIFY_WITH_TIMEOUT(
        text(page, QStringLiteral("keyStatusLabel")).contains(QStringLiteral("session only")),
        kWait);
    QSignalSpy again(page, &ApiUploadPage::sessionFinished);
    QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), kWait);
    QTest::mouseClick(start, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(anyway->isVisible() || !again.isEmpty(), kWait);
    if (anyway->isVisible()) {
        anyway->click();
    }
    QTRY_VERIFY_WITH_TIMEOUT(!again.isEmpty(), kWait);
    QVERIFY2(!child<Banner>(page, QStringLiteral("apiErrorBanner"))->isVisible(),
             qPrintable(windowErrorText(page, QStringLiteral("apiErrorBanner"))));
}

namespace {

QLineEdit *bucketField(BucketSettingsPage *page, Field f)
{
    return child<QLineEdit>(page, BucketSettingsPage::fieldKey(f) + QStringLiteral("LineEdit"));
}

void typeInto(BucketSettingsPage *page, Field f, const QString &value)
{
    QLineEdit *e = bucketField(page, f);
    QVERIFY2(e && e->isVisibleTo(page), qPrintable(BucketSettingsPage::fieldKey(f)));
    e->selectAll();
    QTest::keyClick(e, Qt::Key_Backspace);
    QTest::keyClicks(e, value);
    QCOMPARE(e->text(), value);
}

/** The checklist: each step's state, title and text, and its children. */
QString checklistText(BucketSettingsPage *page)
{
    auto *tree = child<QTreeWidget>(page, QStringLiteral("checklistView"));
    QStringList lines;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = tree->topLevelItem(i);
        lines << item->data(0, Qt::UserRole).toString() + QStringLiteral(" | ") + item->text(0)
                     + QStringLiteral(" | ") + item->text(1);
        for (int c = 0; c < item->childCount(); ++c) {
            lines << item->child(c)->text(0) + QStringLiteral(": ") + item->child(c)->text(1);
        }
    }
    return lines.join(QLatin1Char('\n'));
}

QString stepState(BucketSettingsPage *page, int step)
{
    auto *tree = child<QTreeWidget>(page, QStringLiteral("checklistView"));
    return tree->topLevelItem(step)->data(0, Qt::UserRole).toString();
}

void setProvider(BucketSettingsPage *page, BucketProvider provider)
{
    auto *combo = child<QComboBox>(page, QStringLiteral("providerComboBox"));
    combo->setCurrentIndex(combo->findData(int(provider)));
    QCOMPARE(page->provider(), provider);
}

void storeSecrets(BucketSettingsPage *page)
{
    QSignalSpy saved(page, &BucketSettingsPage::secretsSaved);
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("storeSecretsButton")),
                      Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!saved.isEmpty(), kWait);
    QCOMPARE(text(page, QStringLiteral("secretStatusLabel")),
             QStringLiteral("Stored in the keychain"));
}

void push(BucketSettingsPage *page)
{
    page->setPaths({Test::dataDir() + QStringLiteral("/ui/target")});
    child<QCheckBox>(page, QStringLiteral("gzipCheckBox"))->setChecked(false);
    QSignalSpy uploaded(page, &BucketSettingsPage::uploadFinished);
    auto *upload = child<QPushButton>(page, QStringLiteral("bucketUploadButton"));
    QVERIFY2(upload->isEnabled(), qPrintable(upload->toolTip()));
    QTest::mouseClick(upload, Qt::LeftButton);
    auto *anyway = child<QPushButton>(page, QStringLiteral("bucketUploadAnywayButton"));
    QTRY_VERIFY_WITH_TIMEOUT(!uploaded.isEmpty() || anyway->isVisible(), kWait);
    if (uploaded.isEmpty()) {
        QTest::mouseClick(anyway, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!uploaded.isEmpty(), kWait);
    }
    QVERIFY2(bannerText(page, QStringLiteral("bucketErrorBanner")).isEmpty(),
             qPrintable(bannerText(page, QStringLiteral("bucketErrorBanner"))));
}

bool runBucketTest(BucketSettingsPage *page)
{
    QSignalSpy finished(page, &BucketSettingsPage::testFinished);
    QTest::mouseClick(child<QPushButton>(page, QStringLiteral("testConnectionButton")),
                      Qt::LeftButton);
    return QTest::qWaitFor([&finished] { return !finished.isEmpty(); }, kWait);
}

void expectPassed(BucketSettingsPage *page)
{
    auto *tree = child<QTreeWidget>(page, QStringLiteral("checklistView"));
    QCOMPARE(tree->topLevelItemCount(), 7);
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        const QString state = stepState(page, i);
        QVERIFY2(state == QLatin1String("ok") || state == QLatin1String("warning"),
                 qPrintable(checklistText(page)));
    }
}

} // namespace

void TestLeakAudit::windowBucketFlows()
{
    QVERIFY(m_window);
    BucketSettingsPage *page = m_window->bucketSettingsPage();
    m_window->tabWidget()->setCurrentWidget(page);
    QTRY_VERIFY_WITH_TIMEOUT(!page->isLoadingSecrets(), kWait);
    const QString profile = page->currentProfileName();

    // S3: the secrets stored in the keychain, a push, a test that passes.
    setProvider(page, BucketProvider::S3);
    typeInto(page, Field::AccessKeyId, QString::fromLatin1(kKeyId));
    typeInto(page, Field::SecretAccessKey, QString::fromLatin1(kSecret));
    typeInto(page, Field::Region, QStringLiteral("us-east-1"));
    typeInto(page, Field::Bucket, kBucket);
    typeInto(page, Field::Prefix, QStringLiteral("leak/window"));
    auto *advanced = child<QToolButton>(page, QStringLiteral("advancedToolButton"));
    if (!advanced->isChecked()) {
        QTest::mouseClick(advanced, Qt::LeftButton);
    }
    typeInto(page, Field::Endpoint, QStringLiteral("http://127.0.0.1:%1").arg(m_s3.port()));
    QCOMPARE(bucketField(page, Field::SecretAccessKey)->echoMode(), QLineEdit::Password);
    storeSecrets(page);
    push(page);
    QVERIFY(runBucketTest(page));
    expectPassed(page);
    keep(QStringLiteral("the window's bucket checklist (S3, passed)"),
         checklistText(page).toUtf8());

    // The CLI reads what the tab stored: the keys from the keychain, no environment.
    const Run r = cli(QStringLiteral("bucket test --profile (keychain)"),
                      s3Args(QStringLiteral("test"), m_s3.port())
                          << QStringLiteral("--profile") << profile);
    QVERIFY2(r.code == 0, (r.out + r.err).constData());

    // A wrong secret: sign-in fails; the banner, its Details…, the step's detail are searched.
    typeInto(page, Field::SecretAccessKey, QString::fromLatin1(kWrongSecret));
    QVERIFY(runBucketTest(page));
    QCOMPARE(stepState(page, 2), QStringLiteral("failed"));
    const QString failed = checklistText(page) + QLatin1Char('\n')
                           + text(page, QStringLiteral("stepDetailLabel")) + QLatin1Char('\n')
                           + windowErrorText(page, QStringLiteral("bucketErrorBanner"));
    QVERIFY2(failed.contains(QStringLiteral("SignatureDoesNotMatch")), qPrintable(failed));
    keep(QStringLiteral("the window's bucket checklist, step detail and error banner (S3 failed)"),
         failed.toUtf8());

    // Temporary keys with a session token, stored and tested; then an expired token.
    typeInto(page, Field::AccessKeyId, QString::fromLatin1(kTempKeyId));
    typeInto(page, Field::SecretAccessKey, QString::fromLatin1(kTempSecret));
    typeInto(page, Field::SessionToken, QString::fromLatin1(kToken));
    typeInto(page, Field::Prefix, QStringLiteral("leak"));
    typeInto(page, Field::Endpoint, QStringLiteral("http://127.0.0.1:%1").arg(m_s3Token.port()));
    storeSecrets(page);
    QVERIFY(runBucketTest(page));
    expectPassed(page);
    typeInto(page, Field::SessionToken, QString::fromLatin1(kExpiredToken));
    QVERIFY(runBucketTest(page));
    QCOMPARE(stepState(page, 2), QStringLiteral("failed"));
    const QString expired = checklistText(page) + QLatin1Char('\n')
                            + text(page, QStringLiteral("stepDetailLabel")) + QLatin1Char('\n')
                            + windowErrorText(page, QStringLiteral("bucketErrorBanner"));
    QVERIFY2(expired.contains(QStringLiteral("ExpiredToken")), qPrintable(expired));
    keep(QStringLiteral("the window's bucket checklist and error banner (expired token)"),
         expired.toUtf8());

    // Azure: the connection string stored in the keychain, a push, a test; then a wrong key.
    setProvider(page, BucketProvider::Azure);
    typeInto(page, Field::AccountName, kAccount);
    typeInto(page, Field::ConnectionString, connectionString(kAzureKeyText));
    typeInto(page, Field::Container, kBucket);
    typeInto(page, Field::Prefix, QStringLiteral("leak/window"));
    QCOMPARE(bucketField(page, Field::ConnectionString)->echoMode(), QLineEdit::Password);
    storeSecrets(page);
    push(page);
    QVERIFY(runBucketTest(page));
    expectPassed(page);
    typeInto(page, Field::ConnectionString, connectionString(kWrongAzureKeyText));
    QVERIFY(runBucketTest(page));
    QCOMPARE(stepState(page, 2), QStringLiteral("failed"));
    const QString azure = checklistText(page) + QLatin1Char('\n')
                          + text(page, QStringLiteral("stepDetailLabel")) + QLatin1Char('\n')
                          + windowErrorText(page, QStringLiteral("bucketErrorBanner"));
    keep(QStringLiteral("the window's bucket checklist and error banner (Azure failed)"),
         azure.toUtf8());
    bucketField(page, Field::ConnectionString)->clear();
}

void TestLeakAudit::nothingLeaked()
{
    // Let the window go (settings, history written), stop the sandboxes (their output read).
    m_window.reset();
    QSettings().sync();
    for (Sandbox &s : m_sandboxes) {
        s.process->terminate();
        if (!s.process->waitForFinished(10000)) {
            s.process->kill();
            s.process->waitForFinished(2000);
        }
        keep(QStringLiteral("the stdout of a sandbox"), s.process->readAllStandardOutput());
        keep(QStringLiteral("the stderr of a sandbox"), s.process->readAllStandardError());
    }
    DebugLog::flush();
    m_sampler.stop();

    QStringList hits;
    // 1. Files: HOME and the XDG folders in it, TMPDIR, the sandboxes' data (but the uploaded
    //    artifacts and the sandbox's own key file).
    hits << searchTree(m_home, {});
    hits << searchTree(m_tmp, {});
    for (const Sandbox &s : m_sandboxes) {
        hits << searchTree(s.dataDir, {s.dataDir + QStringLiteral("/uploads"), s.readOnlyKeyFile});
    }
    // (at least the settings, the debug log and the sandboxes' integration data)
    QVERIFY2(m_filesSearched >= 3, qPrintable(QString::number(m_filesSearched)));
    // 2. Output: every child's stdout and stderr, what the window showed.
    for (const auto &[place, data] : std::as_const(m_outputs)) {
        hits << search(place, data);
    }
    // 3. The log: this process's lines (the window's, the test's own messages) and the file.
    hits << search(QStringLiteral("this process's log lines"),
                   DebugLog::recentLines().join(QLatin1Char('\n')).toUtf8());
    // 4. Command lines.
    hits << m_sampler.hits();
    QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1Char('\n'))));

    // The audit saw what it had to: output of every flow, command lines of the CLI runs, and a
    // debug log with each request and each error (the search above read it).
    QVERIFY(m_outputs.size() > 40);
    QVERIFY(m_sampler.samples() > 100);
    QVERIFY2(m_sampler.uploaderProcesses() >= 10,
             qPrintable(QString::number(m_sampler.uploaderProcesses())));
    const QString log = m_home + QStringLiteral("/.local/state/dbt-uploader/debug.log");
    QByteArray logText = readAll(log + QStringLiteral(".1")) + readAll(log);
    for (const char *expected :
         {"dbtu.net: ", "-> HTTP 401", "-> HTTP 403", "-> HTTP 500", "-> HTTP 200",
          "failed: Error(", "dbtu.cli: command failed:", "SignatureDoesNotMatch", "ExpiredToken",
          "dbtu.ui: \"apiErrorBanner\" shows", "dbtu.main: dbt-uploader", "sandbox --port 0",
          "POST http://127.0.0.1:", "PUT http://127.0.0.1:", "GET http://127.0.0.1:"}) {
        QVERIFY2(logText.contains(expected), expected);
    }
    QCOMPARE(modeOf(log), 0600u);
    QCOMPARE(modeOf(QFileInfo(log).path()), 0700u);
}

int main(int argc, char *argv[])
{
    // A fresh tree for HOME, the XDG folders and TMPDIR, for this process (the window) and
    // every child.
    const QString base = QString::fromLocal8Bit(qgetenv("DBTU_TEST_TMP"));
    const QString rootDir = (base.isEmpty() ? QDir::tempPath() : base) + QStringLiteral("/audit");
    QDir(rootDir).removeRecursively();
    const QString home = rootDir + QStringLiteral("/home");
    for (const QString &dir : {home, rootDir + QStringLiteral("/tmp")}) {
        QDir().mkpath(dir);
    }
    const auto set = [](const char *name, const QString &value) {
        qputenv(name, QFile::encodeName(value));
    };
    set("DBTU_LEAK_ROOT", rootDir);
    set("HOME", home);
    set("XDG_CONFIG_HOME", home + QStringLiteral("/.config"));
    set("XDG_DATA_HOME", home + QStringLiteral("/.local/share"));
    set("XDG_CACHE_HOME", home + QStringLiteral("/.cache"));
    set("XDG_STATE_HOME", home + QStringLiteral("/.local/state"));
    set("TMPDIR", rootDir + QStringLiteral("/tmp"));
    qunsetenv("DBTU_LOG_FILE");
    qunsetenv("DBTU_DEBUG");
    for (const char *name : {"SECODA_API_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                             "AWS_SESSION_TOKEN", "AZURE_STORAGE_CONNECTION_STRING"}) {
        qunsetenv(name);
    }
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("dbt-uploader"));
    QCoreApplication::setApplicationName(QStringLiteral("dbt-uploader"));
    TestLeakAudit test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestLeakAudit.moc"
