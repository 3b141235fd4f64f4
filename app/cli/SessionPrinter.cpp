// SPDX-License-Identifier: MIT
#include "cli/SessionPrinter.h"

#include "cli/CliSupport.h"
#include "cli/InspectText.h"
#include "util/TextFormat.h"

#include <cstdio>

#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif

namespace Dbtu::Cli {

QString isoUtc(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

namespace {

void printWatchStart(QTextStream &err, const QString &integrationId, int watchSeconds)
{
    err << "Watching the sync of integration " << integrationId << " (up to " << watchSeconds
        << " s)…\n";
    err.flush();
}

void printWatchEnd(QTextStream &err, SyncWatcher::Outcome outcome,
                   const std::optional<QDateTime> &lastRun, const QUrl &syncsPage, int watchSeconds)
{
    if (outcome == SyncWatcher::Outcome::Finished && lastRun) {
        err << "The sync finished (last run " << isoUtc(*lastRun) << ").\n";
    } else if (outcome == SyncWatcher::Outcome::GaveUp) {
        err << "note: the sync had not finished after " << watchSeconds
            << " s; it goes on in Secoda. Follow it at " << syncsPage.toString() << "\n";
    }
    err << "Syncs page: " << syncsPage.toString() << "\n";
    err.flush();
}

QJsonObject syncJson(const QDateTime &startedAt, const std::optional<QDateTime> &lastRun,
                     const QUrl &syncsPage, SyncWatcher::Outcome outcome)
{
    QJsonObject o;
    o.insert(QStringLiteral("started_at"), isoUtc(startedAt));
    o.insert(QStringLiteral("last_run"), lastRun ? QJsonValue(isoUtc(*lastRun)) : QJsonValue());
    o.insert(QStringLiteral("syncs_page"), syncsPage.toString());
    switch (outcome) {
    case SyncWatcher::Outcome::Finished:
        o.insert(QStringLiteral("outcome"), QStringLiteral("finished"));
        break;
    case SyncWatcher::Outcome::GaveUp:
        o.insert(QStringLiteral("outcome"), QStringLiteral("gave_up"));
        break;
    case SyncWatcher::Outcome::Cancelled:
        o.insert(QStringLiteral("outcome"), QStringLiteral("cancelled"));
        break;
    case SyncWatcher::Outcome::Failed:
    case SyncWatcher::Outcome::Running:
        o.insert(QStringLiteral("outcome"), QStringLiteral("failed"));
        break;
    }
    return o;
}

} // namespace

QString retryNote(int attempt, int maxAttempts, qint64 delayMs, const QString &reason)
{
    return QStringLiteral("note: %1; retrying in %2 s (attempt %3 of %4)")
        .arg(reason, QString::number(double(delayMs) / 1000.0, 'f', 1), QString::number(attempt),
             QString::number(maxAttempts));
}

SessionPrinter::SessionPrinter(UploadSession &session, QString integrationId, int watchSeconds,
                               QTextStream &err)
    : m_session(session)
    , m_integrationId(std::move(integrationId))
    , m_watchSeconds(watchSeconds)
    , m_err(err)
#if defined(Q_OS_UNIX)
    , m_tty(isatty(STDERR_FILENO) != 0)
#endif
{
    m_lastPrint.start();
    QObject::connect(&session, &UploadSession::uploadProgressChanged, &session,
                     [this](qint64 done, qint64 total) { progress(done, total); });
    QObject::connect(&session, &UploadSession::retrying, &session,
                     [this](int attempt, int max, qint64 delayMs, const QString &reason) {
                         line(retryNote(attempt, max, delayMs, reason));
                     });
    QObject::connect(&session, &UploadSession::phaseChanged, &session,
                     [this](UploadSession::Phase phase) {
                         if (phase != UploadSession::Phase::Uploading) {
                             endProgress();
                         }
                         if (phase == UploadSession::Phase::Watching) {
                             printWatchStart(m_err, m_integrationId, m_watchSeconds);
                         }
                     });
    QObject::connect(&session, &UploadSession::finished, &session, [this] {
        endProgress();
        if (m_session.hasWatched()) {
            watchEnded();
        }
    });
}

void SessionPrinter::run(const std::function<void()> &start)
{
    runJob(m_session, start);
}

void SessionPrinter::line(const QString &text)
{
    endProgress();
    m_err << text << "\n";
    m_err.flush();
}

void SessionPrinter::checks(const QList<Check> &checks)
{
    endProgress();
    writeChecks(m_err, checks);
    m_err.flush();
}

void SessionPrinter::progress(qint64 done, qint64 total)
{
    if (!m_tty || (m_lastPrint.elapsed() <= 200 && done != total)) {
        return;
    }
    m_lastPrint.restart();
    m_err << "\rUploading… " << humanSize(done) << " of " << humanSize(total)
          << (total ? QStringLiteral(" (%1%)").arg(done * 100 / total) : QString()) << "   ";
    m_err.flush();
    m_progressOpen = true;
}

void SessionPrinter::endProgress()
{
    if (m_progressOpen) {
        m_err << "\n";
        m_progressOpen = false;
    }
}

void SessionPrinter::watchEnded()
{
    printWatchEnd(m_err, m_session.syncOutcome(), m_session.syncLastRun(), m_session.syncsPage(),
                  m_watchSeconds);
}

QJsonObject syncJson(const UploadSession &session)
{
    return syncJson(session.syncStartedAt(), session.syncLastRun(), session.syncsPage(),
                    session.syncOutcome());
}

} // namespace Dbtu::Cli
