// SPDX-License-Identifier: MIT
// The job contract (Job.h): start once, finished() exactly once and never from inside start(),
// cancel — on a job of its own and on the real jobs that can end at once, before any server.
#include "Job.h"
#include "artifacts/InspectJob.h"
#include "bucket/BucketPushSession.h"
#include "bucket/BucketUploadJob.h"
#include "bucket/CredentialTestJob.h"
#include "secoda/ApiEndpoint.h"
#include "secoda/UploadArtifactsJob.h"
#include "secoda/UploadSession.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace Dbtu;

namespace {

/** A job whose run() and abort() do what the test says. */
class ScriptedJob : public Job
{
public:
    std::function<void(ScriptedJob &)> onRun;
    std::function<void(ScriptedJob &)> onAbort;
    int runs = 0;
    int aborts = 0;
    using Job::finishWith;

protected:
    void run() override
    {
        ++runs;
        if (onRun) {
            onRun(*this);
        }
    }
    void abort() override
    {
        ++aborts;
        if (onAbort) {
            onAbort(*this);
        }
    }
};

Error failure(ErrorCode code, const QString &message)
{
    return Error{code, message, {}, {}, 0};
}

} // namespace

class TestJob : public QObject
{
    Q_OBJECT
private slots:
    void endsLaterWhenItEndsInsideStart();
    void startsOnce();
    void finishedExactlyOnce();
    void cancelAbortsOnceWhileRunning();
    void cancelOutsideARunDoesNothing();
    void realJobsNeverFinishInsideStart_data();
    void realJobsNeverFinishInsideStart();

private:
    QNetworkAccessManager m_nam;
};

void TestJob::endsLaterWhenItEndsInsideStart()
{
    ScriptedJob job;
    job.onRun = [](ScriptedJob &j) {
        j.finishWith(failure(ErrorCode::InvalidInput, "bad"));
    };
    QSignalSpy finished(&job, &Job::finished);
    job.start();
    QCOMPARE(finished.count(), 0); // not from inside start()
    QVERIFY(job.isFinished());
    QVERIFY(!job.isRunning());
    QVERIFY(finished.wait(2000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(job.error()->message, QStringLiteral("bad"));
}

void TestJob::startsOnce()
{
    ScriptedJob job;
    QSignalSpy finished(&job, &Job::finished);
    job.start();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression("started twice"));
    job.start();
    QCOMPARE(job.runs, 1);
    QVERIFY(job.isRunning());
    job.finishWith(std::nullopt);
    QCOMPARE(finished.count(), 1); // outside start(): at once
    QVERIFY(!job.error());
}

void TestJob::finishedExactlyOnce()
{
    ScriptedJob job;
    QSignalSpy finished(&job, &Job::finished);
    job.start();
    job.finishWith(failure(ErrorCode::Network, "first"));
    job.finishWith(std::nullopt);
    job.finishWith(failure(ErrorCode::ServerError, "second"));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(job.error()->message, QStringLiteral("first"));
    QTest::qWait(20);
    QCOMPARE(finished.count(), 1);
}

void TestJob::cancelAbortsOnceWhileRunning()
{
    ScriptedJob job;
    // abort() ends later, as a network reply does.
    job.onAbort = [](ScriptedJob &j) {
        QTimer::singleShot(10, &j, [&j] { j.finishWith(failure(ErrorCode::Cancelled, "x")); });
    };
    QSignalSpy finished(&job, &Job::finished);
    job.start();
    job.cancel();
    QVERIFY(job.isCancelRequested());
    job.cancel();
    QCOMPARE(job.aborts, 1);
    QVERIFY(finished.wait(2000));
    QCOMPARE(job.error()->code, ErrorCode::Cancelled);
    job.cancel(); // after the end: nothing
    QCOMPARE(job.aborts, 1);
    QCOMPARE(finished.count(), 1);
}

void TestJob::cancelOutsideARunDoesNothing()
{
    ScriptedJob job;
    job.cancel(); // before start
    QCOMPARE(job.aborts, 0);
    QVERIFY(!job.isCancelRequested());
    QSignalSpy finished(&job, &Job::finished);
    job.start();
    QVERIFY(job.isRunning()); // an early cancel does not stop a later run
    job.finishWith(std::nullopt);
    QCOMPARE(finished.count(), 1);
}

void TestJob::realJobsNeverFinishInsideStart_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("code");
    // Each of these cannot even begin: the job ends at once, with an error saying why.
    QTest::newRow("upload, a file that is missing") << "upload" << int(ErrorCode::InvalidInput);
    QTest::newRow("inspect, a file that is missing") << "inspect" << int(ErrorCode::FileNotFound);
    QTest::newRow("bucket push, no bucket") << "bucket-upload" << int(ErrorCode::InvalidInput);
    QTest::newRow("credential test, no bucket") << "credential-test" << -1;
    QTest::newRow("push session, no files") << "push-session" << int(ErrorCode::InvalidInput);
    QTest::newRow("upload session, a file that is missing")
        << "upload-session" << int(ErrorCode::FileNotFound);
}

void TestJob::realJobsNeverFinishInsideStart()
{
    QFETCH(QString, kind);
    QFETCH(int, code);
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("missing/manifest.json"));
    const ApiEndpoint endpoint
        = ApiEndpoint::parse(QStringLiteral("http://127.0.0.1:9/api/v1")).value();
    std::unique_ptr<Job> job;
    std::function<void()> begin;
    if (kind == QLatin1String("upload")) {
        UploadRequest request;
        request.integrationId = QStringLiteral("1");
        request.manifestPath = missing;
        request.runResultsPath = dir.filePath(QStringLiteral("missing/run_results.json"));
        job = std::make_unique<UploadArtifactsJob>(m_nam, endpoint, Secret(QStringLiteral("k")),
                                                   request);
    } else if (kind == QLatin1String("inspect")) {
        job = std::make_unique<InspectJob>(QStringList{missing});
    } else if (kind == QLatin1String("bucket-upload")) {
        job = std::make_unique<BucketUploadJob>(m_nam, BucketConfig{},
                                                QList<BucketUploadJob::Item>{}, false);
    } else if (kind == QLatin1String("credential-test")) {
        job = std::make_unique<CredentialTestJob>(m_nam, BucketConfig{});
    } else if (kind == QLatin1String("push-session")) {
        auto *session = new BucketPushSession(m_nam, BucketConfig{}, {});
        job.reset(session);
        begin = [session] {
            session->start(QStringList{});
        };
    } else {
        UploadSession::Options options;
        options.waitOnWarnings = false;
        auto *session
            = new UploadSession(m_nam, endpoint, Secret(QStringLiteral("k")), QString(), options);
        job.reset(session);
        begin = [session, missing] {
            session->startUpload({missing}, UploadStyle::Combined);
        };
    }
    QSignalSpy finished(job.get(), &Job::finished);
    if (begin) {
        begin();
    } else {
        job->start();
    }
    QCOMPARE(finished.count(), 0);
    QVERIFY(finished.wait(5000));
    QTest::qWait(20);
    QCOMPARE(finished.count(), 1);
    QVERIFY(!job->isRunning());
    QVERIFY(job->error().has_value());
    if (code >= 0) {
        QVERIFY2(int(job->error()->code) == code, qPrintable(job->error()->message));
    }
    QVERIFY2(!job->error()->message.isEmpty(), qPrintable(kind));
}

QTEST_GUILESS_MAIN(TestJob)
#include "TestJob.moc"
