// SPDX-License-Identifier: MIT
// ArtifactCheckJob, the check step both sessions share: check, gate, compare with the last
// recorded upload, cancel — on the repo's own small runs (tests/data/diff).
#include "TestHelpers.h"
#include "TestPaths.h"
#include "diff/ArtifactCheckJob.h"
#include "history/HistoryRecorder.h"
#include "history/HistoryStore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Dbtu;

namespace {

const QString kHost = QStringLiteral("api.example.test");
const QString kIntegration = QStringLiteral("42");

QString destination()
{
    return UploadRecord::apiDestinationKey(kHost, kIntegration);
}

QString run(const char *name)
{
    return Test::dataDir() + QStringLiteral("/diff/") + QLatin1String(name);
}

bool finish(Job &job)
{
    QSignalSpy finished(&job, &Job::finished);
    return job.isFinished() || finished.wait(10000);
}

bool hasCheck(const InspectResult &result, const char *code)
{
    return std::any_of(result.checks.begin(), result.checks.end(),
                       [code](const Check &c) { return c.code == QLatin1String(code); });
}

} // namespace

class TestArtifactCheckJob : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_store.reset();
        m_dir.emplace();
        QVERIFY(m_dir->isValid());
    }

    void aCheckThatPassesHasItsResult()
    {
        HistoryRecorder notRecording;
        ArtifactCheckJob job({run("old")}, notRecording, destination());
        QSignalSpy changes(&job, &ArtifactCheckJob::changesFound);
        job.start();
        QVERIFY(finish(job));
        QVERIFY2(!job.error(), qPrintable(job.error() ? job.error()->message : QString()));
        QVERIFY(job.result());
        QVERIFY(job.result()->manifest);
        QVERIFY(job.result()->runResults);
        QCOMPARE(changes.size(), 0); // not recording: nothing to compare with
    }

    void aFileThatFailsIsTheErrorAndTheGateIsNotAsked()
    {
        HistoryRecorder notRecording;
        ArtifactCheckJob job({m_dir->filePath(QStringLiteral("missing/manifest.json"))},
                             notRecording, destination());
        bool asked = false;
        job.setGate([&asked](const InspectResult &) -> std::optional<Error> {
            asked = true;
            return std::nullopt;
        });
        job.start();
        QVERIFY(finish(job));
        QVERIFY(job.error());
        QVERIFY(job.error()->code != ErrorCode::Cancelled);
        QVERIFY(!job.result());
        QVERIFY(!asked);
    }

    void aGateRefusalKeepsTheResult()
    {
        HistoryRecorder notRecording;
        ArtifactCheckJob job({run("old")}, notRecording, destination());
        job.setGate([](const InspectResult &checked) -> std::optional<Error> {
            return checked.manifest ? std::optional<Error>(
                       Error::invalidInput(QStringLiteral("refused %1"), QStringLiteral("hint")))
                                    : std::nullopt;
        });
        job.start();
        QVERIFY(finish(job));
        QVERIFY(job.error());
        QCOMPARE(job.error()->message, QStringLiteral("refused %1"));
        QVERIFY(job.result()); // the caller can still show the checks
        QVERIFY(job.result()->manifest);
    }

    void comparesWithTheLastRecordedUpload()
    {
        HistoryRecorder recorder;
        recordTheOldRun(recorder);
        if (QTest::currentTestFailed()) {
            return;
        }
        ArtifactCheckJob job({run("new")}, recorder, destination());
        QSignalSpy changes(&job, &ArtifactCheckJob::changesFound);
        QSignalSpy finished(&job, &Job::finished);
        connect(&job, &ArtifactCheckJob::changesFound, this,
                [&finished] { QCOMPARE(finished.size(), 0); }); // before finished()
        job.start();
        QVERIFY(finish(job));
        QVERIFY(!job.error());
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.at(0).at(0).value<UploadChanges>().lastModels, 4);
        QVERIFY(hasCheck(*job.result(), "models_removed")); // one model of four removed

        HistoryRecorder elsewhere; // another destination has no last upload
        elsewhere.target = recorder.target;
        ArtifactCheckJob other({run("new")}, elsewhere,
                               UploadRecord::apiDestinationKey(kHost, QStringLiteral("43")));
        QSignalSpy otherChanges(&other, &ArtifactCheckJob::changesFound);
        other.start();
        QVERIFY(finish(other));
        QVERIFY(!other.error());
        QCOMPARE(otherChanges.size(), 0);
        QVERIFY(!hasCheck(*other.result(), "models_removed"));
    }

    void aCancelAfterTheFilesWereReadEndsWithTheResult()
    {
        HistoryRecorder recorder;
        recordTheOldRun(recorder);
        if (QTest::currentTestFailed()) {
            return;
        }
        ArtifactCheckJob job({run("new")}, recorder, destination());
        // The gate runs once the files are read, just before the comparison would start.
        job.setGate([&job](const InspectResult &) -> std::optional<Error> {
            job.cancel();
            return std::nullopt;
        });
        QSignalSpy changes(&job, &ArtifactCheckJob::changesFound);
        job.start();
        QVERIFY(finish(job));
        QVERIFY(!job.error()); // the check had its result; the comparison is optional
        QVERIFY(job.result());
        QCOMPARE(changes.size(), 0);
        QVERIFY(!hasCheck(*job.result(), "models_removed"));
    }

private:
    /** Opens a history in m_dir holding an upload of the old run to destination(), and points
     * @p recorder at it. */
    void recordTheOldRun(HistoryRecorder &recorder)
    {
        m_store.emplace(m_dir->filePath(QStringLiteral("history.sqlite")));
        QVERIFY_OK(m_store->open());
        recorder.target = {&*m_store, UploadRecord::Origin::Cli, {}};
        recordUpload(recorder.target, run("old"));
    }

    /** Records a successful upload of @p path to destination(), with its index. */
    static void recordUpload(const HistoryRecorder::Target &target, const QString &path)
    {
        HistoryRecorder recorder;
        recorder.target = target;
        recorder.begin();
        ArtifactCheckJob check({path}, recorder, destination());
        check.start();
        QVERIFY(finish(check));
        QVERIFY(!check.error());
        UploadRecord r;
        r.kind = UploadRecord::Kind::Api;
        r.apiHost = kHost;
        r.integrationId = kIntegration;
        r.uploaded = true;
        bool written = false;
        std::optional<Error> writeError;
        recorder.record(r, check.result(), {path}, std::nullopt,
                        [&](const std::optional<Error> &e) {
                            written = true;
                            writeError = e;
                        });
        QTRY_VERIFY(written);
        QVERIFY(!writeError);
    }

    std::optional<QTemporaryDir> m_dir;
    std::optional<HistoryStore> m_store; ///< before m_dir goes: reset in init()
};

QTEST_GUILESS_MAIN(TestArtifactCheckJob)
#include "TestArtifactCheckJob.moc"
