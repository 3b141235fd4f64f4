// SPDX-License-Identifier: MIT
#include "log/DebugLog.h"

#include "net/Redactor.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QMutex>
#include <QStandardPaths>

#include <cstdlib>
#include <deque>

namespace Dbtu {

namespace {

constexpr qint64 kBufferBytes = 16 * 1024;
constexpr QFileDevice::Permissions kFileMode = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QtMsgType kLevels[] = {QtDebugMsg, QtInfoMsg, QtWarningMsg, QtCriticalMsg};

unsigned levelBit(QtMsgType type)
{
    return 1u << unsigned(type);
}

struct State
{
    QMutex mutex; ///< file, path, buffer, ring
    QFile file;
    QString path;
    QByteArray buffer;
    std::deque<QString> ring;

    QMutex levelsMutex; ///< printable
    /** Category name → the levels enabled by the rules in force without the log. */
    QHash<QByteArray, unsigned> printable;

    QtMessageHandler previousHandler = nullptr;
    QLoggingCategory::CategoryFilter previousFilter = nullptr;
    bool installed = false;
    bool mirrorAll = false;
    bool atExitRegistered = false;
};

State &state()
{
    // Never destroyed: a message may come during static destruction.
    static State *s = new State;
    return *s;
}

/** Set while this thread is inside the log: a message emitted meanwhile is passed on only. */
thread_local bool t_busy = false;

class BusyScope
{
public:
    BusyScope()
        : m_was(t_busy)
    {
        t_busy = true;
    }
    ~BusyScope() { t_busy = m_was; }
    BusyScope(const BusyScope &) = delete;
    BusyScope &operator=(const BusyScope &) = delete;

private:
    bool m_was;
};

bool isOurs(const char *category)
{
    return qstrncmp(category, "dbtu.", 5) == 0 || qstrcmp(category, "dbtu") == 0;
}

QLatin1StringView levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return QLatin1StringView("debug");
    case QtInfoMsg:
        return QLatin1StringView("info");
    case QtWarningMsg:
        return QLatin1StringView("warning");
    case QtCriticalMsg:
        return QLatin1StringView("critical");
    case QtFatalMsg:
        return QLatin1StringView("fatal");
    }
    return QLatin1StringView("?");
}

// --- the file (the caller holds State::mutex) ------------------------------------------------

bool openFile(State &s, bool defaultLocation)
{
    const QFileInfo info(s.path);
    const QString dirPath = info.absolutePath();
    const bool created = !QFileInfo::exists(dirPath);
    if (created && !QDir().mkpath(dirPath)) {
        return false;
    }
    if (created || defaultLocation) {
        QFile::setPermissions(dirPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                           | QFileDevice::ExeOwner);
    }
    s.file.setFileName(s.path);
    if (!s.file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered, kFileMode)) {
        return false;
    }
    s.file.setPermissions(kFileMode); // a file left by an older run
    return true;
}

void rotate(State &s)
{
    s.file.close();
    const QString old = s.path + QStringLiteral(".1");
    QFile::remove(old);
    QFile::rename(s.path, old);
    openFile(s, false);
}

void writeBuffer(State &s)
{
    if (s.buffer.isEmpty()) {
        return;
    }
    if (s.file.isOpen()) {
        const qint64 size = s.file.size(); // other processes may append to the same file
        if (size > 0 && size + s.buffer.size() > DebugLog::kMaxFileBytes) {
            rotate(s);
        }
        if (s.file.isOpen()) {
            s.file.write(s.buffer); // whole lines: one write, appended at once
        }
    }
    s.buffer.clear();
}

void append(QtMsgType type, const char *category, const QString &text)
{
    State &s = state();
    const QString head = QStringLiteral("%1 [%2] %3 %4: ")
                             .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs))
                             .arg(QCoreApplication::applicationPid())
                             .arg(levelName(type), QLatin1StringView(category));
    const QStringList lines = text.split(QLatin1Char('\n'));
    QMutexLocker lock(&s.mutex);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = (i == 0 ? head : QStringLiteral("    ")) + lines[i];
        if (line.endsWith(QLatin1Char('\r'))) {
            line.chop(1);
        }
        if (s.file.isOpen()) {
            s.buffer += line.toUtf8();
            s.buffer += '\n';
        }
        s.ring.push_back(std::move(line));
        while (s.ring.size() > size_t(DebugLog::kMaxRecentLines)) {
            s.ring.pop_front();
        }
    }
    const bool serious = type != QtDebugMsg && type != QtInfoMsg;
    if (serious || s.buffer.size() > kBufferBytes) {
        writeBuffer(s);
    }
}

// --- Qt's hooks --------------------------------------------------------------------------------

bool printableWithoutLog(const char *category, QtMsgType type)
{
    if (type == QtFatalMsg) {
        return true;
    }
    State &s = state();
    QMutexLocker lock(&s.levelsMutex);
    const auto it = s.printable.constFind(QByteArray::fromRawData(category, qstrlen(category)));
    return it == s.printable.cend() || (it.value() & levelBit(type));
}

void messageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    State &s = state();
    const char *category = context.category ? context.category : "default";
    const QString redacted = Redactor::text(message);
    if (!t_busy) {
        BusyScope busy;
        append(type, category, redacted);
    }
    if ((s.mirrorAll || printableWithoutLog(category, type)) && s.previousHandler) {
        s.previousHandler(type, context, redacted);
    }
}

/** Runs the filter in force before (the logging rules), notes what it enabled, then enables
 * every level of the dbtu.* categories for the log. */
void categoryFilter(QLoggingCategory *category)
{
    State &s = state();
    if (!s.previousFilter) {
        return; // the first pass of install(), before the previous filter is known
    }
    s.previousFilter(category);
    unsigned levels = 0;
    for (QtMsgType type : kLevels) {
        if (category->isEnabled(type)) {
            levels |= levelBit(type);
        }
    }
    {
        QMutexLocker lock(&s.levelsMutex);
        s.printable.insert(QByteArray(category->categoryName()), levels);
    }
    if (isOurs(category->categoryName())) {
        for (QtMsgType type : kLevels) {
            category->setEnabled(type, true);
        }
    }
}

} // namespace

void DebugLog::install()
{
    State &s = state();
    const bool defaultLocation = qEnvironmentVariableIsEmpty("DBTU_LOG_FILE");
    const QString path = defaultFilePath();
    {
        BusyScope busy;
        QMutexLocker lock(&s.mutex);
        writeBuffer(s);
        s.file.close();
        s.path = path;
        if (!openFile(s, defaultLocation)) {
            s.path.clear();
        }
        if (!s.atExitRegistered) {
            s.atExitRegistered = true;
            std::atexit([] { DebugLog::flush(); });
        }
    }
    if (s.installed) {
        return;
    }
    s.installed = true;
    s.mirrorAll = qEnvironmentVariable("DBTU_DEBUG") == QLatin1String("1");
    s.previousHandler = qInstallMessageHandler(messageHandler);
    // installFilter() runs the new filter over every category at once, before it returns the
    // previous one: install twice, the second time knowing what to chain to.
    s.previousFilter = QLoggingCategory::installFilter(categoryFilter);
    QLoggingCategory::installFilter(categoryFilter);
}

void DebugLog::uninstall()
{
    State &s = state();
    if (!s.installed) {
        return;
    }
    qInstallMessageHandler(s.previousHandler);
    QLoggingCategory::installFilter(s.previousFilter);
    s.previousFilter = nullptr;
    s.previousHandler = nullptr;
    s.installed = false;
    BusyScope busy;
    QMutexLocker lock(&s.mutex);
    writeBuffer(s);
    s.file.close();
    s.path.clear();
}

bool DebugLog::isInstalled()
{
    return state().installed;
}

QString DebugLog::defaultFilePath()
{
    const QString fromEnv = qEnvironmentVariable("DBTU_LOG_FILE");
    if (!fromEnv.isEmpty()) {
        return fromEnv;
    }
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    QString base = qEnvironmentVariable("XDG_STATE_HOME");
    if (base.isEmpty() || QDir::isRelativePath(base)) { // the XDG spec ignores relative paths
        base = QDir::homePath() + QStringLiteral("/.local/state");
    }
    return base + QStringLiteral("/dbt-uploader/debug.log");
#else
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
           + QStringLiteral("/logs/debug.log");
#endif
}

QString DebugLog::filePath()
{
    State &s = state();
    BusyScope busy;
    QMutexLocker lock(&s.mutex);
    return s.file.isOpen() ? s.path : QString();
}

QStringList DebugLog::recentLines()
{
    State &s = state();
    BusyScope busy;
    QMutexLocker lock(&s.mutex);
    return QStringList(s.ring.begin(), s.ring.end());
}

void DebugLog::flush()
{
    State &s = state();
    BusyScope busy;
    QMutexLocker lock(&s.mutex);
    writeBuffer(s);
}

} // namespace Dbtu
