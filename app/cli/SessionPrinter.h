// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/Inspector.h"
#include "secoda/UploadSession.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QTextStream>

#include <functional>

namespace Dbtu::Cli {

/**
 * Renders an UploadSession on stderr, as `upload` and `trigger` print it: the upload's progress
 * (on a terminal), each retry as a note, the watch's start and end, the Syncs page. run() starts
 * the session and runs the event loop until it finishes; Ctrl+C cancels it, whatever it does.
 */
class SessionPrinter
{
public:
    SessionPrinter(UploadSession &session, QString integrationId, int watchSeconds,
                   QTextStream &err);

    /** Starts the session with @p start and returns when it has finished. */
    void run(const std::function<void()> &start);
    /** One line of its own (a progress line is ended first). */
    void line(const QString &text);
    void checks(const QList<Check> &checks);

private:
    void endProgress();
    void progress(qint64 done, qint64 total);
    void watchEnded();

    UploadSession &m_session;
    QString m_integrationId;
    int m_watchSeconds;
    QTextStream &m_err;
    bool m_tty = false;
    bool m_progressOpen = false;
    QElapsedTimer m_lastPrint;
};

/** The JSON of the sync a session watched: started_at, last_run, syncs_page, outcome. */
QJsonObject syncJson(const UploadSession &session);

QString isoUtc(const QDateTime &t);

/** "note: REASON; retrying in 1.0 s (attempt 2 of 4)": how the CLI tells of a retry. */
QString retryNote(int attempt, int maxAttempts, qint64 delayMs, const QString &reason);

} // namespace Dbtu::Cli
