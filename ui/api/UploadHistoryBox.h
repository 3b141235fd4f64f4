// SPDX-License-Identifier: MIT
#pragma once

#include <QGroupBox>

#include <memory>

class QTableWidget;

namespace Dbtu {
class HistoryStore;
struct UploadRecord;
} // namespace Dbtu

namespace Dbtu::Ui {

/**
 * The API tab's "Last uploads" box: the newest uploads of the upload history (HistoryStore),
 * API and bucket, window and CLI. It owns the window's store: opened here, once, when the box is
 * made, moving the list that earlier versions kept in the settings into it. The sessions of the
 * API tab record into store(); the box only reads.
 * Widgets (objectNames): historyGroupBox (this), historyTableWidget.
 */
class UploadHistoryBox : public QGroupBox
{
    Q_OBJECT
public:
    static constexpr int kShown = 20;

    explicit UploadHistoryBox(QWidget *parent = nullptr);
    ~UploadHistoryBox() override;

    QTableWidget *table() const { return m_table; }
    /** The window's history, for the sessions to record into. */
    HistoryStore *store() const { return m_store.get(); }
    /** Reads the history again. */
    void reload();

    /** The Outcome column: "sync finished", "uploaded; sync still running", "failed: …". */
    static QString outcomeText(const UploadRecord &record);

private:
    QTableWidget *m_table = nullptr;
    std::unique_ptr<HistoryStore> m_store;
};

} // namespace Dbtu::Ui
