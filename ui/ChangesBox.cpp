// SPDX-License-Identifier: MIT
#include "ChangesBox.h"

#include "PageWidgets.h"
#include "diff/ChangesJob.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Dbtu::Ui {

namespace {

constexpr int kDelayMs = 300; // a few edits in a row start one comparison

void addGroup(QTreeWidget *tree, const QString &title, const std::vector<std::string> &ids)
{
    if (ids.empty()) {
        return;
    }
    auto *group = new QTreeWidgetItem(tree, {title});
    const size_t shown = std::min<size_t>(ids.size(), ChangesBox::kIdsShown);
    for (size_t i = 0; i < shown; ++i) {
        new QTreeWidgetItem(group, {QString::fromStdString(ids[i])});
    }
    if (ids.size() > shown) {
        new QTreeWidgetItem(group, {ChangesBox::tr("… and %1 more").arg(ids.size() - shown)});
    }
}

} // namespace

ChangesBox::ChangesBox(QWidget *parent)
    : QGroupBox(parent)
{
    setObjectName(QStringLiteral("changesGroupBox"));
    auto *layout = new QVBoxLayout(this);
    m_summary = PageWidgets::statusLabel(QStringLiteral("changesSummaryLabel"),
                                         tr("Changes in short"), this);
    layout->addWidget(m_summary);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("changesTreeWidget"));
    m_tree->setAccessibleName(tr("Changes since the last upload"));
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setMaximumHeight(180);
    layout->addWidget(m_tree);
    m_delay.setSingleShot(true);
    m_delay.setInterval(kDelayMs);
    connect(&m_delay, &QTimer::timeout, this, &ChangesBox::startComparison);
    setVisible(false);
}

ChangesBox::~ChangesBox()
{
    delete m_job;
}

void ChangesBox::compare(const QString &historyPath, const QString &destinationKey,
                         const QStringList &paths)
{
    if (historyPath.isEmpty() || destinationKey.isEmpty() || paths.isEmpty()) {
        clear();
        return;
    }
    if (historyPath == m_historyPath && destinationKey == m_destinationKey && paths == m_paths
        && (m_job || m_delay.isActive())) {
        return; // that comparison is under way
    }
    m_historyPath = historyPath;
    m_destinationKey = destinationKey;
    m_paths = paths;
    delete m_job; // its answer is for other files or another destination
    m_delay.start();
}

void ChangesBox::clear()
{
    m_delay.stop();
    delete m_job;
    m_paths.clear();
    m_tree->clear();
    setVisible(false);
}

void ChangesBox::startComparison()
{
    m_job = new ChangesJob(m_historyPath, m_destinationKey, m_paths, this);
    connect(m_job, &Job::finished, this, &ChangesBox::onCompared);
    m_job->start();
}

void ChangesBox::onCompared()
{
    ChangesJob *job = m_job;
    m_job.clear();
    job->deleteLater();
    if (job->error() || !job->changes()) {
        // Nothing sent there yet, or the files cannot be read (the upload's check says why).
        m_tree->clear();
        setVisible(false);
    } else {
        setChanges(*job->changes());
    }
    emit compared();
}

void ChangesBox::setChanges(const UploadChanges &changes)
{
    setTitle(tr("Changes since the last upload to %1").arg(changes.last.destination()));
    m_summary->setText(
        tr("%1 (against the upload of %2).")
            .arg(changes.summary(),
                 QLocale().toString(changes.last.finishedAt.toLocalTime(), QLocale::ShortFormat)));
    m_tree->clear();
    for (const UploadChanges::Group &group : changes.groups()) {
        addGroup(m_tree, group.title, *group.ids);
    }
    m_tree->setVisible(m_tree->topLevelItemCount() > 0);
    setVisible(true);
}

} // namespace Dbtu::Ui
