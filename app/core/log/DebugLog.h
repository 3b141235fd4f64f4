// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace Dbtu {

/**
 * The debug log of the CLI and the window: every Qt message (all categories; the `dbtu.*` ones
 * at every level, debug included) goes through Redactor::text() and is written with a
 * timestamp, the process id, the level and the category to filePath() (mode 0600, its folder
 * 0700), rotated at kMaxFileBytes (one old file, `debug.log.1`), and kept in a bounded ring of
 * the last kMaxRecentLines lines (recentLines()).
 *
 * What reaches the terminal does not change: a message is passed on to the previous message
 * handler only when the logging rules in force without the log (the category's default level,
 * QT_LOGGING_RULES, qtlogging.ini) enable it; DBTU_DEBUG=1 passes on every line the log takes.
 * What is passed on is the redacted text.
 *
 * Writes are buffered (whole lines, so processes sharing the file do not interleave inside a
 * line) and flushed on a warning or worse, when the buffer grows, by flush() and at exit.
 * Thread-safe; a message emitted while the log is writing (e.g. a QFile warning) is passed on but
 * not logged, so the log never recurses nor deadlocks.
 */
class DebugLog
{
public:
    DebugLog() = delete;

    static constexpr qint64 kMaxFileBytes = 1024 * 1024;
    static constexpr int kMaxRecentLines = 2000;

    /**
     * Installs the message handler and the category filter (once) and opens the log at the path
     * defaultFilePath() gives now. Called again, it reopens the file (a test changing
     * DBTU_LOG_FILE). Call after the application name is set.
     */
    static void install();
    /** Flushes and closes the file and restores the previous handler and filter. */
    static void uninstall();
    static bool isInstalled();

    /** DBTU_LOG_FILE if set; else $XDG_STATE_HOME (or ~/.local/state)/dbt-uploader/debug.log on
     * Linux, the app's local data folder + /logs/debug.log elsewhere. */
    static QString defaultFilePath();
    /** The file being written (empty when not installed or it could not be opened). */
    static QString filePath();
    /** The last lines logged (at most kMaxRecentLines), oldest first. */
    static QStringList recentLines();
    /** Writes the buffered lines to the file. */
    static void flush();
};

} // namespace Dbtu
