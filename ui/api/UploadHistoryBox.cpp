// SPDX-License-Identifier: MIT
#include "api/UploadHistoryBox.h"

#include "PageWidgets.h"
#include "secoda/UploadSession.h"
#include "settings/UploadHistory.h"
#include "util/TextFormat.h"

#include <QFileInfo>
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
        {tr("When"), tr("Files"), tr("Size"), tr("Integration"), tr("Outcome")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setTabKeyNavigation(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setWordWrap(false);
    layout->addWidget(m_table);
}

void UploadHistoryBox::reload()
{
    const QList<UploadHistory::Entry> entries = UploadHistory::load();
    m_table->setRowCount(int(entries.size()));
    for (int row = 0; row < entries.size(); ++row) {
        const UploadHistory::Entry &e = entries.at(row);
        const QStringList cells{
            PageWidgets::localTime(e.when), e.files.join(QStringLiteral(", ")), humanSize(e.bytes),
            e.profile.isEmpty() ? e.integrationId : tr("%1 (%2)").arg(e.integrationId, e.profile),
            e.outcome};
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

void UploadHistoryBox::record(const UploadSession &session, const QString &profile,
                              const QString &outcome)
{
    if (!session.inspectResult()) {
        return;
    }
    UploadHistory::Entry e;
    e.when = QDateTime::currentDateTimeUtc();
    for (const auto &p : {session.request().manifestPath, session.request().runResultsPath}) {
        if (p) {
            e.files << QFileInfo(*p).fileName();
            e.bytes += QFileInfo(*p).size();
        }
    }
    e.profile = profile;
    e.integrationId = session.integrationId();
    e.style = session.request().style == UploadStyle::Separate ? QStringLiteral("separate")
                                                               : QStringLiteral("combined");
    e.outcome = outcome;
    if (!e.files.isEmpty()) {
        UploadHistory::add(e);
        reload();
    }
}

} // namespace Dbtu::Ui
