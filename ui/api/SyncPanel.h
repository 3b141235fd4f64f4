// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QGroupBox>

#include <chrono>
#include <optional>

class QLabel;
class QPushButton;
class QSpinBox;

namespace Dbtu::Ui {

/**
 * The API tab's Sync box: what the watched sync does, how long to watch, and the Syncs page.
 * Widgets (objectNames): syncGroupBox (this), syncStatusLabel, watchLimitSpinBox,
 * openSyncsButton (emits openSyncsRequested); syncTrayIcon (notifyFinished()).
 */
class SyncPanel : public QGroupBox
{
    Q_OBJECT
public:
    explicit SyncPanel(QWidget *parent = nullptr);

    std::chrono::minutes watchLimit() const;
    QSpinBox *watchLimitSpinBox() const { return m_limit; }
    QPushButton *openSyncsButton() const { return m_openSyncs; }

    void setStatus(const QString &text);
    void showTriggering();
    void showWatching(const QDateTime &startedAt);
    void showPolled(const QDateTime &startedAt, qint64 elapsedMs,
                    const std::optional<QDateTime> &lastRun);
    void showFinished(const QDateTime &startedAt, const QString &when);
    /** When the window is not active: a desktop notification (tray message, else an alert). */
    void notifyFinished(const QString &integrationId, const QString &when);
    void showGaveUp(const QDateTime &startedAt);
    void showStopped();

signals:
    void openSyncsRequested();

private:
    QLabel *m_status = nullptr;
    QSpinBox *m_limit = nullptr;
    QPushButton *m_openSyncs = nullptr;
};

} // namespace Dbtu::Ui
