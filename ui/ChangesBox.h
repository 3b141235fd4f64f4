// SPDX-License-Identifier: MIT
#pragma once

#include <QGroupBox>
#include <QPointer>
#include <QTimer>

class QLabel;
class QTreeWidget;

namespace Dbtu {
class ChangesJob;
struct UploadChanges;
} // namespace Dbtu

namespace Dbtu::Ui {

/**
 * "Changes since the last upload to <destination>": what the files to send change against the
 * last upload that succeeded there (ChangesJob: added, removed and modified resources by type,
 * results newly failing and fixed), one line of counts and a tree whose groups open to the
 * unique_ids. Filled before an upload by compare() (a preview, read off the GUI thread,
 * a moment after the files or the destination change) and by a session's changesFound().
 * Hidden while there is nothing to compare with. Used by the API tab; a part any tab may use.
 * Widgets (objectNames): changesGroupBox (this), changesSummaryLabel, changesTreeWidget.
 */
class ChangesBox : public QGroupBox
{
    Q_OBJECT
public:
    /** Ids shown under one group; the rest are counted in a last line. */
    static constexpr int kIdsShown = 200;

    explicit ChangesBox(QWidget *parent = nullptr);
    ~ChangesBox() override;

    /**
     * Compares @p paths (files or a target/ folder) with the last upload to the destination
     * (UploadRecord::destinationKey()) kept in the history file @p historyPath, a moment from
     * now (a newer call replaces it). Empty arguments: clear().
     */
    void compare(const QString &historyPath, const QString &destinationKey,
                 const QStringList &paths);
    /** Shows @p changes (a session's comparison, or the preview's). */
    void setChanges(const Dbtu::UploadChanges &changes);
    /** Nothing to show: hidden, and a pending comparison is dropped. */
    void clear();

    QTreeWidget *tree() const { return m_tree; }

signals:
    /** A comparison ended (shown, or nothing to compare with); for tests and the page. */
    void compared();

private:
    void startComparison();
    void onCompared();

    QLabel *m_summary = nullptr;
    QTreeWidget *m_tree = nullptr;
    QTimer m_delay;
    QPointer<ChangesJob> m_job;
    QString m_historyPath;
    QString m_destinationKey;
    QStringList m_paths;
};

} // namespace Dbtu::Ui
