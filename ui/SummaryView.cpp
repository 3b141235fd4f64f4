// SPDX-License-Identifier: MIT
#include "SummaryView.h"

#include "ProblemsModel.h"
#include "Theme.h"
#include "util/TextFormat.h"

#include "ui_SummaryView.h"

#include <QDateTime>
#include <QEvent>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>

#include <algorithm>

namespace Dbtu::Ui {

namespace {

constexpr int kRowsPerColumn = 5;

void clearLayout(QLayout *layout)
{
    while (QLayoutItem *item = layout->takeAt(0)) {
        if (QWidget *w = item->widget()) {
            delete w;
        } else if (QLayout *child = item->layout()) {
            clearLayout(child);
        }
        delete item;
    }
}

/** Empties a grid and forgets its stretches, so a refill does not inherit the old spacing. */
void clearGrid(QGridLayout *grid)
{
    clearLayout(grid);
    for (int r = 0; r < grid->rowCount(); ++r) {
        grid->setRowStretch(r, 0);
    }
    for (int c = 0; c < grid->columnCount(); ++c) {
        grid->setColumnStretch(c, 0);
    }
}

QString orUnknown(const std::optional<QString> &value)
{
    return value && !value->isEmpty() ? *value : SummaryView::tr("unknown");
}

QString formatTimestamp(const QString &iso)
{
    QDateTime dt = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!dt.isValid()) {
        dt = QDateTime::fromString(iso, Qt::ISODate);
    }
    if (!dt.isValid()) {
        return iso;
    }
    return dt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

QString chipStyle(Theme::Tone tone, const QPalette &pal)
{
    return QStringLiteral("QLabel { background-color: %1; border: 1px solid %2; border-radius: 9px;"
                          " padding: 1px 8px; }")
        .arg(Theme::cssColor(Theme::tint(tone, pal, 0.22)),
             Theme::cssColor(Theme::accent(tone, pal)));
}

QString plural(const QString &key, qint64 n, bool pluralize)
{
    if (!pluralize) {
        return key;
    }
    // dbt's vocabulary is used as-is; a light plural helps "3 model" read as "3 models".
    if (n == 1 || key.endsWith(QLatin1Char('s'))) {
        return key;
    }
    return key + QLatin1Char('s');
}

/** "1 result", "11 results" (no translation catalogue is loaded, so no %n plurals). */
QString countText(qint64 n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(QLocale().toString(n), n == 1 ? one : many);
}

} // namespace

QString SummaryView::figureObjectName(const QString &prefix, const QString &key,
                                      const QString &suffix)
{
    QString out = prefix;
    bool upper = true;
    for (const QChar c : key) {
        if (!c.isLetterOrNumber()) {
            upper = true;
            continue;
        }
        out += upper ? c.toUpper() : c.toLower();
        upper = false;
    }
    return out + suffix;
}

SummaryView::SummaryView(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<::Ui::SummaryView>())
    , m_problemsModel(new ProblemsModel(this))
    , m_problemsProxy(new QSortFilterProxyModel(this))
{
    m_ui->setupUi(this);
    QFont big = m_ui->projectNameLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_ui->projectNameLabel->setFont(big);
    m_ui->problemDetailTextEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // Captions and the files line are quieter than the values.
    for (QLabel *quiet : {m_ui->filesLabel, m_ui->dbtVersionCaptionLabel, m_ui->adapterCaptionLabel,
                          m_ui->schemaVersionsCaptionLabel, m_ui->generatedAtCaptionLabel,
                          m_ui->commandCaptionLabel, m_ui->sameInvocationCaptionLabel}) {
        quiet->setForegroundRole(QPalette::PlaceholderText);
    }

    QTableWidget *slowest = m_ui->slowestTableWidget;
    slowest->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    slowest->verticalHeader()->setDefaultSectionSize(slowest->fontMetrics().height() + 8);
    // Exactly five rows and the header: the figures row stays short, the problems get the room.
    slowest->setFixedHeight(5 * slowest->verticalHeader()->defaultSectionSize()
                            + slowest->horizontalHeader()->sizeHint().height()
                            + 2 * slowest->frameWidth());

    m_problemsProxy->setSourceModel(m_problemsModel);
    m_problemsProxy->setFilterRole(ProblemsModel::FilterRole);
    m_problemsProxy->setFilterKeyColumn(0);
    m_problemsProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_problemsProxy->setSortRole(ProblemsModel::SortRole);
    m_problemsProxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    QTableView *problems = m_ui->problemsTableView;
    problems->setModel(m_problemsProxy);
    problems->sortByColumn(-1, Qt::AscendingOrder); // file order until a click
    problems->verticalHeader()->setDefaultSectionSize(problems->fontMetrics().height() + 8);
    problems->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    problems->horizontalHeader()->setSectionResizeMode(ProblemsModel::MessageColumn,
                                                       QHeaderView::Stretch);
    m_ui->problemsSplitter->setStretchFactor(0, 3);
    m_ui->problemsSplitter->setStretchFactor(1, 1);

    connect(m_ui->problemFilterLineEdit, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_problemsProxy->setFilterFixedString(text); });
    connect(m_problemsProxy, &QAbstractItemModel::rowsInserted, this,
            &SummaryView::onProblemSelected);
    connect(m_problemsProxy, &QAbstractItemModel::rowsRemoved, this,
            &SummaryView::onProblemSelected);
    connect(m_problemsProxy, &QAbstractItemModel::modelReset, this,
            &SummaryView::onProblemSelected);
    connect(problems->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SummaryView::onProblemSelected);
    connect(problems->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SummaryView::onProblemSelected);

    m_problemsModel->setPalette(palette());
    clear();
}

SummaryView::~SummaryView() = default;

void SummaryView::clear()
{
    m_result.reset();
    m_problemsModel->setProblems({});
    m_ui->problemFilterLineEdit->clear();
    render();
}

void SummaryView::setResult(const InspectResult &result)
{
    m_result = result;
    m_ui->problemFilterLineEdit->clear();
    m_problemsModel->setProblems(result.runResults ? result.runResults->problems
                                                   : QList<Problem>{});
    render();
    if (m_problemsProxy->rowCount() > 0) {
        m_ui->problemsTableView->resizeColumnToContents(ProblemsModel::StatusColumn);
        m_ui->problemsTableView->resizeColumnToContents(ProblemsModel::NodeColumn);
        m_ui->problemsTableView->setColumnWidth(
            ProblemsModel::NodeColumn,
            qMin(m_ui->problemsTableView->columnWidth(ProblemsModel::NodeColumn) + 16, 420));
        m_ui->problemsTableView->resizeColumnToContents(ProblemsModel::FailuresColumn);
        m_ui->problemsTableView->resizeColumnToContents(ProblemsModel::ManifestColumn);
    }
}

void SummaryView::render()
{
    m_rendering = true;
    const InspectResult empty;
    const InspectResult &r = m_result ? *m_result : empty;
    fillHeader(r);
    const auto &m = r.manifest;
    fillCounts(m_ui->resourcesGroupBox, QStringLiteral("resource"),
               m ? m->resourceTypeCounts : QMap<QString, qint64>{},
               m ? tr("none") : tr("no manifest"));
    fillCounts(m_ui->materializationsGroupBox, QStringLiteral("materialization"),
               m ? m->modelsByMaterialization : QMap<QString, qint64>{},
               m ? tr("no models") : tr("no manifest"));
    fillCounts(m_ui->testKindsGroupBox, QStringLiteral("testKind"),
               m ? m->testKinds : QMap<QString, qint64>{}, m ? tr("no tests") : tr("no manifest"),
               false);
    fillStatuses(r);
    fillSlowest(r);

    const qint64 problems = m_problemsModel->rowCount();
    m_ui->problemsGroupBox->setTitle(r.runResults ? tr("Problems (%1)").arg(problems)
                                                  : tr("Problems"));
    m_ui->problemsGroupBox->setEnabled(problems > 0);
    m_ui->problemCountLabel->setText(
        r.runResults
            ? (problems == 0 ? tr("no errors, failures or warnings")
                             : tr("%1 of %2 shown").arg(m_problemsProxy->rowCount()).arg(problems))
            : tr("no run_results.json"));
    m_problemsModel->setPalette(palette());
    m_rendering = false;
}

void SummaryView::fillHeader(const InspectResult &r)
{
    const auto &m = r.manifest;
    const auto &rr = r.runResults;
    const std::optional<QString> project = m ? m->metadata.resolvedProjectName() : std::nullopt;
    m_ui->projectNameLabel->setText(project ? *project
                                            : (m ? tr("Unnamed project") : tr("Run results only")));
    m_ui->projectNameLabel->setAccessibleName(tr("Project"));
    m_ui->projectNameLabel->setAccessibleDescription(m_ui->projectNameLabel->text());

    QStringList files;
    QStringList fileTips;
    if (m) {
        files << tr("%1 (%2)").arg(QFileInfo(m->path).fileName(), humanSize(m->sizeBytes));
        fileTips << QFileInfo(m->path).absoluteFilePath();
    }
    if (rr) {
        files << tr("%1 (%2)").arg(QFileInfo(rr->path).fileName(), humanSize(rr->sizeBytes));
        fileTips << QFileInfo(rr->path).absoluteFilePath();
    }
    m_ui->filesLabel->setText(files.join(QStringLiteral("  ·  ")));
    m_ui->filesLabel->setToolTip(fileTips.join(QLatin1Char('\n')));
    m_ui->filesLabel->setAccessibleName(tr("Files"));
    m_ui->filesLabel->setAccessibleDescription(fileTips.join(QStringLiteral(", ")));

    QStringList versions;
    const auto addUnique = [](QStringList &list, const std::optional<QString> &v) {
        if (v && !v->isEmpty() && !list.contains(*v)) {
            list << *v;
        }
    };
    if (m) {
        addUnique(versions, m->metadata.dbtVersion);
    }
    if (rr) {
        addUnique(versions, rr->metadata.dbtVersion);
    }
    m_ui->dbtVersionLabel->setText(versions.isEmpty() ? (m || rr ? tr("unknown") : QString())
                                                      : versions.join(QStringLiteral(" / ")));
    m_ui->adapterLabel->setText(m ? orUnknown(m->metadata.adapterType)
                                  : (rr ? tr("unknown (no manifest)") : QString()));

    QStringList schemas;
    if (m) {
        schemas << tr("manifest %1").arg(m->format);
    }
    if (rr) {
        schemas << tr("run_results %1").arg(rr->format);
    }
    m_ui->schemaVersionsLabel->setText(schemas.join(QStringLiteral(" · ")));

    QStringList generated;
    if (m && m->metadata.generatedAt) {
        generated << formatTimestamp(*m->metadata.generatedAt);
    }
    if (rr && rr->metadata.generatedAt) {
        const QString t = formatTimestamp(*rr->metadata.generatedAt);
        if (!generated.contains(t)) {
            generated << t;
        }
    }
    if (generated.size() == 2) {
        m_ui->generatedAtLabel->setText(
            tr("manifest %1 · run_results %2").arg(generated.at(0), generated.at(1)));
    } else {
        m_ui->generatedAtLabel->setText(generated.isEmpty() ? (m || rr ? tr("unknown") : QString())
                                                            : generated.first());
    }

    const bool docsGenerate = rr && rr->command == QLatin1String("generate");
    if (rr) {
        QString command = docsGenerate ? tr("docs generate") : orUnknown(rr->command);
        m_ui->commandLabel->setText(QStringLiteral("%1 (%2)").arg(
            command, countText(rr->resultCount, tr("result"), tr("results"))));
    } else {
        m_ui->commandLabel->setText(m ? tr("none (no run_results.json)") : QString());
    }
    m_ui->compileOnlyLabel->setVisible(docsGenerate);
    m_ui->compileOnlyLabel->setStyleSheet(chipStyle(Theme::Tone::Warning, palette()));

    const QString same = r.sameInvocation();
    if (!m && !rr) {
        m_ui->sameInvocationLabel->clear();
        m_ui->sameInvocationLabel->setStyleSheet({});
    } else if (same == QLatin1String("yes")) {
        m_ui->sameInvocationLabel->setText(tr("yes"));
        m_ui->sameInvocationLabel->setStyleSheet({});
    } else if (same == QLatin1String("no")) {
        m_ui->sameInvocationLabel->setText(tr("no: different dbt runs"));
        m_ui->sameInvocationLabel->setStyleSheet(chipStyle(Theme::Tone::Warning, palette()));
    } else {
        m_ui->sameInvocationLabel->setText(tr("unknown"));
        m_ui->sameInvocationLabel->setStyleSheet({});
    }
    for (QLabel *l : {m_ui->dbtVersionLabel, m_ui->adapterLabel, m_ui->schemaVersionsLabel,
                      m_ui->generatedAtLabel, m_ui->commandLabel, m_ui->sameInvocationLabel}) {
        l->setAccessibleDescription(l->text());
    }
}

void SummaryView::fillCounts(QGroupBox *box, const QString &prefix,
                             const QMap<QString, qint64> &counts, const QString &emptyText,
                             bool pluralize)
{
    auto *grid = static_cast<QGridLayout *>(box->layout());
    clearGrid(grid);
    if (counts.isEmpty()) {
        auto *none = new QLabel(emptyText, box);
        none->setObjectName(prefix + QStringLiteral("EmptyLabel"));
        none->setForegroundRole(QPalette::PlaceholderText);
        grid->addWidget(none, 0, 0, Qt::AlignTop | Qt::AlignLeft);
        grid->setRowStretch(1, 1);
        return;
    }
    // Largest first, so the eye lands on what the project is mostly made of.
    QList<QPair<QString, qint64>> items;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        items.append({it.key(), it.value()});
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    QFont numberFont = box->font();
    numberFont.setBold(true);
    numberFont.setPointSizeF(numberFont.pointSizeF() * 1.15);
    int i = 0;
    for (const auto &[key, n] : items) {
        const int row = i % kRowsPerColumn;
        const int col = (i / kRowsPerColumn) * 2;
        auto *number = new QLabel(QLocale().toString(n), box);
        number->setObjectName(figureObjectName(prefix, key, QStringLiteral("CountLabel")));
        number->setFont(numberFont);
        number->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        number->setAccessibleName(QStringLiteral("%1 %2").arg(n).arg(plural(key, n, pluralize)));
        number->setAccessibleDescription(box->title());
        auto *caption = new QLabel(plural(key, n, pluralize), box);
        caption->setObjectName(figureObjectName(prefix, key, QStringLiteral("CaptionLabel")));
        grid->addWidget(number, row, col);
        grid->addWidget(caption, row, col + 1);
        ++i;
    }
    grid->setRowStretch(qMin(int(items.size()), kRowsPerColumn), 1);
    grid->setColumnStretch(grid->columnCount(), 1);
}

void SummaryView::fillStatuses(const InspectResult &r)
{
    auto *grid = static_cast<QGridLayout *>(m_ui->statusesGroupBox->layout());
    clearGrid(grid);
    const auto &rr = r.runResults;
    if (!rr) {
        m_ui->statusesGroupBox->setTitle(tr("Run results"));
        auto *none = new QLabel(r.manifest ? tr("no run_results.json") : QString(),
                                m_ui->statusesGroupBox);
        none->setObjectName(QStringLiteral("statusEmptyLabel"));
        none->setForegroundRole(QPalette::PlaceholderText);
        grid->addWidget(none, 0, 0, Qt::AlignTop | Qt::AlignLeft);
        return;
    }
    m_ui->statusesGroupBox->setTitle(tr("Run results"));
    QString line = countText(rr->resultCount, tr("result"), tr("results"));
    if (rr->elapsedTime) {
        line += tr(" in %1 s").arg(*rr->elapsedTime, 0, 'f', 2);
    }
    auto *total = new QLabel(line, m_ui->statusesGroupBox);
    total->setObjectName(QStringLiteral("resultCountLabel"));
    total->setAccessibleName(line);
    grid->addWidget(total, 0, 0, 1, 3);

    // Problems first (they need attention), then the rest.
    QList<QPair<QString, qint64>> items;
    for (auto it = rr->statusCounts.cbegin(); it != rr->statusCounts.cend(); ++it) {
        items.append({it.key(), it.value()});
    }
    const auto rank = [](const QString &s) {
        switch (Theme::toneForStatus(s)) {
        case Theme::Tone::Bad:
            return 0;
        case Theme::Tone::Warning:
            return 1;
        case Theme::Tone::Good:
            return 3;
        case Theme::Tone::Skipped:
            return 4;
        case Theme::Tone::Info:
        case Theme::Tone::Neutral:
            return 2;
        }
        return 2;
    };
    std::stable_sort(items.begin(), items.end(),
                     [&](const auto &a, const auto &b) { return rank(a.first) < rank(b.first); });
    int i = 0;
    for (const auto &[status, n] : items) {
        auto *chip = new QLabel(QStringLiteral("%1 %2").arg(QLocale().toString(n), status),
                                m_ui->statusesGroupBox);
        chip->setObjectName(
            figureObjectName(QStringLiteral("status"), status, QStringLiteral("ChipLabel")));
        chip->setStyleSheet(chipStyle(Theme::toneForStatus(status), palette()));
        chip->setAccessibleName(tr("%1 results with status %2").arg(n).arg(status));
        chip->setAlignment(Qt::AlignCenter);
        grid->addWidget(chip, 1 + i / 3, i % 3);
        ++i;
    }
    grid->setRowStretch(2 + (int(items.size()) - 1) / 3, 1);
    grid->setColumnStretch(3, 1);
}

void SummaryView::fillSlowest(const InspectResult &r)
{
    m_ui->slowestTableWidget->setRowCount(0);
    const auto &rr = r.runResults;
    m_ui->slowestGroupBox->setEnabled(rr && !rr->slowest.isEmpty());
    if (!rr) {
        return;
    }
    m_ui->slowestTableWidget->setRowCount(int(rr->slowest.size()));
    int row = 0;
    for (const SlowNode &s : rr->slowest) {
        auto *time = new QTableWidgetItem(tr("%1 s").arg(s.executionTime, 0, 'f', 2));
        time->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        auto *status = new QTableWidgetItem(s.status);
        status->setData(Qt::DecorationRole,
                        Theme::accent(Theme::toneForStatus(s.status), palette()));
        auto *node = new QTableWidgetItem(s.uniqueId.value_or(tr("(no unique_id)")));
        node->setToolTip(node->text());
        m_ui->slowestTableWidget->setItem(row, 0, time);
        m_ui->slowestTableWidget->setItem(row, 1, status);
        m_ui->slowestTableWidget->setItem(row, 2, node);
        ++row;
    }
}

void SummaryView::onProblemSelected()
{
    const QModelIndex current = m_ui->problemsTableView->selectionModel()->currentIndex();
    const bool selected
        = current.isValid()
          && m_ui->problemsTableView->selectionModel()->isRowSelected(current.row(), {});
    if (!selected) {
        m_ui->problemDetailTextEdit->clear();
    } else {
        const QModelIndex src = m_problemsProxy->mapToSource(current);
        const Problem &p = m_problemsModel->problem(src.row());
        QString text = QStringLiteral("%1  [%2]").arg(ProblemsModel::nodeText(p), p.status);
        if (!p.failures.isNull()) {
            text += QStringLiteral("  ")
                    + countText(p.failures.toLongLong(), tr("failure"), tr("failures"));
        }
        if (p.inManifest && !*p.inManifest) {
            text += tr("  (not in manifest)");
        }
        const QString message = ProblemsModel::messageText(p);
        text += QStringLiteral("\n\n")
                + (message.isEmpty() ? tr("(no message in run_results.json)") : message);
        m_ui->problemDetailTextEdit->setPlainText(text);
    }
    if (m_result && m_result->runResults) {
        const int total = m_problemsModel->rowCount();
        m_ui->problemCountLabel->setText(
            total == 0 ? tr("no errors, failures or warnings")
                       : tr("%1 of %2 shown").arg(m_problemsProxy->rowCount()).arg(total));
    }
}

void SummaryView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_rendering) {
        render();
    }
}

} // namespace Dbtu::Ui
