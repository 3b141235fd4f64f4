// SPDX-License-Identifier: MIT
#pragma once

#include <QGroupBox>

class QTableWidget;

namespace Dbtu {
class UploadSession;
}

namespace Dbtu::Ui {

/**
 * The API tab's "Last uploads" box: the upload history (UploadHistory), newest first.
 * Widgets (objectNames): historyGroupBox (this), historyTableWidget.
 */
class UploadHistoryBox : public QGroupBox
{
    Q_OBJECT
public:
    explicit UploadHistoryBox(QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    /** Reads the history again. */
    void reload();
    /** Adds an upload session that sent files (a trigger alone sends none); never a key. */
    void record(const UploadSession &session, const QString &profile, const QString &outcome);

private:
    QTableWidget *m_table = nullptr;
};

} // namespace Dbtu::Ui
