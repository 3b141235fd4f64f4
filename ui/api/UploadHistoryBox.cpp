// SPDX-License-Identifier: MIT
#include "api/UploadHistoryBox.h"

#include "PageWidgets.h"
#include "history/HistoryStore.h"
#include "history/SettingsHistoryMove.h"
#include "util/TextFormat.h"

#include <QDebug>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Dbtu::Ui {

UploadHistoryBox::UploadHistoryBox(QWidget *parent)
    : QGroupBox(tr("Last uploads"), parent)
{
    setObjectName(QStringLiteral("historyGroupBox"));
    auto *layout = new QVBoxLayout(this);
    m_table = new QTableWidget(0, 5, this);
    m_table->setObjectName(QStringLiteral("historyTableWidget"));
    m_table->setAccessibleName(tr("Last uploads"));
    m_table->setHorizontalHeaderLabels(
        {tr("When"), tr("Files"), tr("Size"), tr("Destination"), tr("Outcome")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setTabKeyNavigation(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setWordWrap(false);
    layout->addWidget(m_table);

    m_store = std::make_unique<HistoryStore>();
    if (Result<void> opened = m_store->open(); !opened) {
        // The uploads still run; each session says again that it could not record.
        qWarning().noquote() << "Last uploads:" << opened.error().toString();
    } else if (Result<int> moved = moveSettingsHistory(*m_store); !moved) {
        qWarning().noquote() << "Last uploads: the list in the settings was not moved:"
                             << moved.error().toString();
    }
}

UploadHistoryBox::~UploadHistoryBox() = default;

QString UploadHistoryBox::outcomeText(const UploadRecord &r)
{
    using Sync = UploadRecord::Sync;
    if (r.sync == Sync::Finished) {
        return tr("sync finished");
    }
    if (r.sync == Sync::StillRunning) {
        return tr("uploaded; sync still running");
    }
    switch (r.outcome) {
    case UploadRecord::Outcome::Cancelled:
        return r.sync != Sync::None ? tr("uploaded; watch stopped") : tr("cancelled");
    case UploadRecord::Outcome::Failed:
        return r.uploaded ? tr("uploaded; %1").arg(r.error) : tr("failed: %1").arg(r.error);
    case UploadRecord::Outcome::Succeeded:
        break;
    }
    // A record moved from the settings kept its one line (the sync's end).
    return r.syncEnd.isEmpty() || r.sync != Sync::None ? tr("uploaded") : r.syncEnd;
}

void UploadHistoryBox::reload()
{
    QList<UploadRecord> records;
    if (m_store && m_store->isOpen()) {
        Result<QList<UploadRecord>> read = m_store->recent(kShown);
        if (read) {
            records = std::move(read).value();
        } else {
            qWarning().noquote() << "Last uploads:" << read.error().toString();
        }
    }
    m_table->setRowCount(int(records.size()));
    for (int row = 0; row < records.size(); ++row) {
        const UploadRecord &r = records.at(row);
        QStringList names;
        for (const UploadRecord::File &f : r.files) {
            names << f.name;
        }
        const QString where = r.kind == UploadRecord::Kind::Api ? r.integrationId : r.destination();
        const QStringList cells{PageWidgets::localTime(r.finishedAt),
                                names.join(QStringLiteral(", ")), humanSize(r.bytes),
                                r.profile.isEmpty() ? where : tr("%1 (%2)").arg(where, r.profile),
                                outcomeText(r)};
        for (int col = 0; col < cells.size(); ++col) {
            auto *item = new QTableWidgetItem(cells.at(col));
            item->setToolTip(cells.at(col));
            m_table->setItem(row, col, item);
        }
    }
    m_table->resizeColumnsToContents();
    // Long ids and file lists are elided in the middle (full text in the tooltip), so the
    // Outcome column stays in view without a horizontal scroll.
    for (int col : {1, 3}) {
        m_table->setColumnWidth(col, std::min(m_table->columnWidth(col), 130));
    }
}

} // namespace Dbtu::Ui
