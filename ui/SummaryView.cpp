// SPDX-License-Identifier: MIT
#include "SummaryView.h"

#include "ProblemsModel.h"
#include "Theme.h"
#include "util/TextFormat.h"

#include <QDateTime>
#include <QEvent>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
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
#include <QVBoxLayout>

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
    , m_problemsModel(new ProblemsModel(this))
    , m_problemsProxy(new QSortFilterProxyModel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);

    // Header: project name, files, then a grid of facts.
    m_projectNameLabel = new QLabel(this);
    m_projectNameLabel->setObjectName(QStringLiteral("projectNameLabel"));
    QFont big = m_projectNameLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_projectNameLabel->setFont(big);
    m_projectNameLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_filesLabel = new QLabel(this);
    m_filesLabel->setObjectName(QStringLiteral("filesLabel"));
    m_filesLabel->setForegroundRole(QPalette::PlaceholderText);
    m_filesLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_projectNameLabel);
    titleRow->addSpacing(12);
    titleRow->addWidget(m_filesLabel, 1, Qt::AlignBottom);
    layout->addLayout(titleRow);

    m_headerGrid = new QGridLayout;
    m_headerGrid->setHorizontalSpacing(10);
    m_headerGrid->setVerticalSpacing(4);
    m_dbtVersionLabel = addHeaderField(0, 0, tr("dbt version"), QStringLiteral("dbtVersionLabel"));
    m_adapterLabel = addHeaderField(0, 1, tr("Adapter"), QStringLiteral("adapterLabel"));
    m_schemaVersionsLabel
        = addHeaderField(0, 2, tr("Schemas"), QStringLiteral("schemaVersionsLabel"));
    m_generatedAtLabel = addHeaderField(1, 0, tr("Generated"), QStringLiteral("generatedAtLabel"));
    m_commandLabel = addHeaderField(1, 1, tr("Command"), QStringLiteral("commandLabel"));
    m_sameInvocationLabel
        = addHeaderField(1, 2, tr("Same invocation"), QStringLiteral("sameInvocationLabel"));
    m_compileOnlyLabel = new QLabel(tr("compile only: nothing ran"), this);
    m_compileOnlyLabel->setObjectName(QStringLiteral("compileOnlyLabel"));
    m_compileOnlyLabel->setAccessibleName(tr("Compile-only run"));
    m_compileOnlyLabel->setAccessibleDescription(
        tr("run_results.json comes from dbt docs generate: its results mean compiled, not ran"));
    m_compileOnlyLabel->setToolTip(m_compileOnlyLabel->accessibleDescription());
    m_compileOnlyLabel->setVisible(false);
    // The flag sits right of the command value, in the same cell.
    auto *commandCell = new QHBoxLayout;
    m_headerGrid->removeWidget(m_commandLabel);
    commandCell->setSpacing(8);
    commandCell->addWidget(m_commandLabel);
    commandCell->addWidget(m_compileOnlyLabel);
    commandCell->addStretch();
    m_headerGrid->addLayout(commandCell, 1, 3);
    // Chips keep their own width instead of filling the cell.
    m_sameInvocationLabel->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Preferred);
    m_compileOnlyLabel->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Preferred);
    for (int c = 0; c < 6; c += 2) {
        m_headerGrid->setColumnStretch(c + 1, 1);
    }
    layout->addLayout(m_headerGrid);

    // Figures.
    auto *figures = new QHBoxLayout;
    figures->setSpacing(8);
    const auto makeBox = [this, figures](const QString &title, const QString &name, int stretch) {
        auto *box = new QGroupBox(title, this);
        box->setObjectName(name);
        box->setAccessibleName(title);
        auto *grid = new QGridLayout(box);
        grid->setHorizontalSpacing(8);
        grid->setVerticalSpacing(2);
        figures->addWidget(box, stretch);
        return box;
    };
    m_resourcesGroupBox = makeBox(tr("Resources"), QStringLiteral("resourcesGroupBox"), 2);
    m_materializationsGroupBox
        = makeBox(tr("Models by materialization"), QStringLiteral("materializationsGroupBox"), 1);
    m_testKindsGroupBox = makeBox(tr("Tests by kind"), QStringLiteral("testKindsGroupBox"), 1);
    m_statusesGroupBox = makeBox(tr("Run results"), QStringLiteral("statusesGroupBox"), 2);

    m_slowestGroupBox = new QGroupBox(tr("Slowest nodes"), this);
    m_slowestGroupBox->setObjectName(QStringLiteral("slowestGroupBox"));
    auto *slowLayout = new QVBoxLayout(m_slowestGroupBox);
    m_slowestTableWidget = new QTableWidget(0, 3, m_slowestGroupBox);
    m_slowestTableWidget->setObjectName(QStringLiteral("slowestTableWidget"));
    m_slowestTableWidget->setHorizontalHeaderLabels({tr("Time"), tr("Status"), tr("Node")});
    m_slowestTableWidget->verticalHeader()->hide();
    m_slowestTableWidget->horizontalHeader()->setStretchLastSection(true);
    m_slowestTableWidget->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_slowestTableWidget->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_slowestTableWidget->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_slowestTableWidget->setTextElideMode(Qt::ElideMiddle);
    m_slowestTableWidget->setWordWrap(false);
    m_slowestTableWidget->setShowGrid(false);
    m_slowestTableWidget->setAlternatingRowColors(true);
    m_slowestTableWidget->setAccessibleName(tr("Slowest nodes"));
    m_slowestTableWidget->setAccessibleDescription(
        tr("The five results with the longest execution time"));
    const int compactRow = m_slowestTableWidget->fontMetrics().height() + 8;
    m_slowestTableWidget->verticalHeader()->setDefaultSectionSize(compactRow);
    // Exactly five rows and the header: the figures row stays short, the problems get the room.
    const int rowHeight = m_slowestTableWidget->verticalHeader()->defaultSectionSize();
    m_slowestTableWidget->setFixedHeight(
        5 * rowHeight + m_slowestTableWidget->horizontalHeader()->sizeHint().height()
        + 2 * m_slowestTableWidget->frameWidth());
    m_slowestTableWidget->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    slowLayout->addWidget(m_slowestTableWidget);
    figures->addWidget(m_slowestGroupBox, 4);
    layout->addLayout(figures);

    // Problems.
    m_problemsGroupBox = new QGroupBox(tr("Problems"), this);
    m_problemsGroupBox->setObjectName(QStringLiteral("problemsGroupBox"));
    auto *problemsLayout = new QVBoxLayout(m_problemsGroupBox);
    auto *filterRow = new QHBoxLayout;
    auto *filterLabel = new QLabel(tr("&Search:"), m_problemsGroupBox);
    filterLabel->setObjectName(QStringLiteral("problemFilterLabel"));
    m_problemFilterLineEdit = new QLineEdit(m_problemsGroupBox);
    m_problemFilterLineEdit->setObjectName(QStringLiteral("problemFilterLineEdit"));
    m_problemFilterLineEdit->setPlaceholderText(tr("Search status, node or message"));
    m_problemFilterLineEdit->setClearButtonEnabled(true);
    m_problemFilterLineEdit->setAccessibleName(tr("Filter problems"));
    m_problemFilterLineEdit->setAccessibleDescription(
        tr("Shows only the problems whose status, node or message contains this text"));
    filterLabel->setBuddy(m_problemFilterLineEdit);
    m_problemCountLabel = new QLabel(m_problemsGroupBox);
    m_problemCountLabel->setObjectName(QStringLiteral("problemCountLabel"));
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_problemFilterLineEdit, 1);
    filterRow->addWidget(m_problemCountLabel);
    problemsLayout->addLayout(filterRow);

    m_problemsProxy->setSourceModel(m_problemsModel);
    m_problemsProxy->setFilterRole(ProblemsModel::FilterRole);
    m_problemsProxy->setFilterKeyColumn(0);
    m_problemsProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_problemsProxy->setSortRole(ProblemsModel::SortRole);
    m_problemsProxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    auto *splitter = new QSplitter(Qt::Vertical, m_problemsGroupBox);
    splitter->setObjectName(QStringLiteral("problemsSplitter"));
    splitter->setChildrenCollapsible(false);
    m_problemsTableView = new QTableView(splitter);
    m_problemsTableView->setObjectName(QStringLiteral("problemsTableView"));
    m_problemsTableView->setModel(m_problemsProxy);
    m_problemsTableView->setSortingEnabled(true);
    m_problemsTableView->sortByColumn(-1, Qt::AscendingOrder); // file order until a click
    m_problemsTableView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_problemsTableView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_problemsTableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_problemsTableView->setWordWrap(false);
    m_problemsTableView->setTextElideMode(Qt::ElideRight);
    m_problemsTableView->setAlternatingRowColors(true);
    m_problemsTableView->verticalHeader()->hide();
    m_problemsTableView->verticalHeader()->setDefaultSectionSize(
        m_problemsTableView->fontMetrics().height() + 8);
    m_problemsTableView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_problemsTableView->horizontalHeader()->setSectionResizeMode(ProblemsModel::MessageColumn,
                                                                  QHeaderView::Stretch);
    m_problemsTableView->setAccessibleName(tr("Problems"));
    m_problemsTableView->setAccessibleDescription(
        tr("Results with status error, fail, warn, runtime error or partial success. Click a "
           "header to sort; select a row to read the full message."));
    m_problemDetailTextEdit = new QPlainTextEdit(splitter);
    m_problemDetailTextEdit->setObjectName(QStringLiteral("problemDetailTextEdit"));
    m_problemDetailTextEdit->setReadOnly(true);
    m_problemDetailTextEdit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_problemDetailTextEdit->setPlaceholderText(tr("Select a problem to read its full message."));
    m_problemDetailTextEdit->setAccessibleName(tr("Full message of the selected problem"));
    m_problemDetailTextEdit->setAccessibleDescription(
        tr("Read-only text of the selected problem, with its line breaks"));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_problemDetailTextEdit->setFont(mono);
    splitter->addWidget(m_problemsTableView);
    splitter->addWidget(m_problemDetailTextEdit);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    problemsLayout->addWidget(splitter, 1);
    layout->addWidget(m_problemsGroupBox, 1);

    connect(m_problemFilterLineEdit, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_problemsProxy->setFilterFixedString(text); });
    connect(m_problemsProxy, &QAbstractItemModel::rowsInserted, this,
            &SummaryView::onProblemSelected);
    connect(m_problemsProxy, &QAbstractItemModel::rowsRemoved, this,
            &SummaryView::onProblemSelected);
    connect(m_problemsProxy, &QAbstractItemModel::modelReset, this,
            &SummaryView::onProblemSelected);
    connect(m_problemsTableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SummaryView::onProblemSelected);
    connect(m_problemsTableView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SummaryView::onProblemSelected);

    setTabOrder(m_problemFilterLineEdit, m_problemsTableView);
    setTabOrder(m_problemsTableView, m_problemDetailTextEdit);
    setTabOrder(m_problemDetailTextEdit, m_slowestTableWidget);
    m_problemsModel->setPalette(palette());
    clear();
}

SummaryView::~SummaryView() = default;

QLabel *SummaryView::addHeaderField(int row, int column, const QString &caption,
                                    const QString &name)
{
    auto *captionLabel = new QLabel(caption + QLatin1Char(':'), this);
    captionLabel->setForegroundRole(QPalette::PlaceholderText);
    auto *value = new QLabel(this);
    value->setObjectName(name);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setTextFormat(Qt::PlainText);
    value->setAccessibleName(caption);
    captionLabel->setBuddy(value);
    m_headerGrid->addWidget(captionLabel, row, column * 2);
    m_headerGrid->addWidget(value, row, column * 2 + 1);
    return value;
}

void SummaryView::clear()
{
    m_result.reset();
    m_problemsModel->setProblems({});
    m_problemFilterLineEdit->clear();
    render();
}

void SummaryView::setResult(const InspectResult &result)
{
    m_result = result;
    m_problemFilterLineEdit->clear();
    m_problemsModel->setProblems(result.runResults ? result.runResults->problems
                                                   : QList<Problem>{});
    render();
    if (m_problemsProxy->rowCount() > 0) {
        m_problemsTableView->resizeColumnToContents(ProblemsModel::StatusColumn);
        m_problemsTableView->resizeColumnToContents(ProblemsModel::NodeColumn);
        m_problemsTableView->setColumnWidth(
            ProblemsModel::NodeColumn,
            qMin(m_problemsTableView->columnWidth(ProblemsModel::NodeColumn) + 16, 420));
        m_problemsTableView->resizeColumnToContents(ProblemsModel::FailuresColumn);
        m_problemsTableView->resizeColumnToContents(ProblemsModel::ManifestColumn);
    }
}

void SummaryView::render()
{
    m_rendering = true;
    const InspectResult empty;
    const InspectResult &r = m_result ? *m_result : empty;
    fillHeader(r);
    const auto &m = r.manifest;
    fillCounts(m_resourcesGroupBox, QStringLiteral("resource"),
               m ? m->resourceTypeCounts : QMap<QString, qint64>{},
               m ? tr("none") : tr("no manifest"));
    fillCounts(m_materializationsGroupBox, QStringLiteral("materialization"),
               m ? m->modelsByMaterialization : QMap<QString, qint64>{},
               m ? tr("no models") : tr("no manifest"));
    fillCounts(m_testKindsGroupBox, QStringLiteral("testKind"),
               m ? m->testKinds : QMap<QString, qint64>{}, m ? tr("no tests") : tr("no manifest"),
               false);
    fillStatuses(r);
    fillSlowest(r);

    const qint64 problems = m_problemsModel->rowCount();
    m_problemsGroupBox->setTitle(r.runResults ? tr("Problems (%1)").arg(problems) : tr("Problems"));
    m_problemsGroupBox->setEnabled(problems > 0);
    m_problemCountLabel->setText(
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
    m_projectNameLabel->setText(project ? *project
                                        : (m ? tr("Unnamed project") : tr("Run results only")));
    m_projectNameLabel->setAccessibleName(tr("Project"));
    m_projectNameLabel->setAccessibleDescription(m_projectNameLabel->text());

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
    m_filesLabel->setText(files.join(QStringLiteral("  ·  ")));
    m_filesLabel->setToolTip(fileTips.join(QLatin1Char('\n')));
    m_filesLabel->setAccessibleName(tr("Files"));
    m_filesLabel->setAccessibleDescription(fileTips.join(QStringLiteral(", ")));

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
    m_dbtVersionLabel->setText(versions.isEmpty() ? (m || rr ? tr("unknown") : QString())
                                                  : versions.join(QStringLiteral(" / ")));
    m_adapterLabel->setText(m ? orUnknown(m->metadata.adapterType)
                              : (rr ? tr("unknown (no manifest)") : QString()));

    QStringList schemas;
    if (m) {
        schemas << tr("manifest %1").arg(m->format);
    }
    if (rr) {
        schemas << tr("run_results %1").arg(rr->format);
    }
    m_schemaVersionsLabel->setText(schemas.join(QStringLiteral(" · ")));

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
        m_generatedAtLabel->setText(
            tr("manifest %1 · run_results %2").arg(generated.at(0), generated.at(1)));
    } else {
        m_generatedAtLabel->setText(generated.isEmpty() ? (m || rr ? tr("unknown") : QString())
                                                        : generated.first());
    }

    const bool docsGenerate = rr && rr->command == QLatin1String("generate");
    if (rr) {
        QString command = docsGenerate ? tr("docs generate") : orUnknown(rr->command);
        m_commandLabel->setText(QStringLiteral("%1 (%2)").arg(
            command, countText(rr->resultCount, tr("result"), tr("results"))));
    } else {
        m_commandLabel->setText(m ? tr("none (no run_results.json)") : QString());
    }
    m_compileOnlyLabel->setVisible(docsGenerate);
    m_compileOnlyLabel->setStyleSheet(chipStyle(Theme::Tone::Warning, palette()));

    const QString same = r.sameInvocation();
    if (!m && !rr) {
        m_sameInvocationLabel->clear();
        m_sameInvocationLabel->setStyleSheet({});
    } else if (same == QLatin1String("yes")) {
        m_sameInvocationLabel->setText(tr("yes"));
        m_sameInvocationLabel->setStyleSheet({});
    } else if (same == QLatin1String("no")) {
        m_sameInvocationLabel->setText(tr("no: different dbt runs"));
        m_sameInvocationLabel->setStyleSheet(chipStyle(Theme::Tone::Warning, palette()));
    } else {
        m_sameInvocationLabel->setText(tr("unknown"));
        m_sameInvocationLabel->setStyleSheet({});
    }
    for (QLabel *l : {m_dbtVersionLabel, m_adapterLabel, m_schemaVersionsLabel, m_generatedAtLabel,
                      m_commandLabel, m_sameInvocationLabel}) {
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
    auto *grid = static_cast<QGridLayout *>(m_statusesGroupBox->layout());
    clearGrid(grid);
    const auto &rr = r.runResults;
    if (!rr) {
        m_statusesGroupBox->setTitle(tr("Run results"));
        auto *none
            = new QLabel(r.manifest ? tr("no run_results.json") : QString(), m_statusesGroupBox);
        none->setObjectName(QStringLiteral("statusEmptyLabel"));
        none->setForegroundRole(QPalette::PlaceholderText);
        grid->addWidget(none, 0, 0, Qt::AlignTop | Qt::AlignLeft);
        return;
    }
    m_statusesGroupBox->setTitle(tr("Run results"));
    QString line = countText(rr->resultCount, tr("result"), tr("results"));
    if (rr->elapsedTime) {
        line += tr(" in %1 s").arg(*rr->elapsedTime, 0, 'f', 2);
    }
    auto *total = new QLabel(line, m_statusesGroupBox);
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
                                m_statusesGroupBox);
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
    m_slowestTableWidget->setRowCount(0);
    const auto &rr = r.runResults;
    m_slowestGroupBox->setEnabled(rr && !rr->slowest.isEmpty());
    if (!rr) {
        return;
    }
    m_slowestTableWidget->setRowCount(int(rr->slowest.size()));
    int row = 0;
    for (const SlowNode &s : rr->slowest) {
        auto *time = new QTableWidgetItem(tr("%1 s").arg(s.executionTime, 0, 'f', 2));
        time->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        auto *status = new QTableWidgetItem(s.status);
        status->setData(Qt::DecorationRole,
                        Theme::accent(Theme::toneForStatus(s.status), palette()));
        auto *node = new QTableWidgetItem(s.uniqueId.value_or(tr("(no unique_id)")));
        node->setToolTip(node->text());
        m_slowestTableWidget->setItem(row, 0, time);
        m_slowestTableWidget->setItem(row, 1, status);
        m_slowestTableWidget->setItem(row, 2, node);
        ++row;
    }
}

void SummaryView::onProblemSelected()
{
    const QModelIndex current = m_problemsTableView->selectionModel()->currentIndex();
    const bool selected
        = current.isValid()
          && m_problemsTableView->selectionModel()->isRowSelected(current.row(), {});
    if (!selected) {
        m_problemDetailTextEdit->clear();
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
        m_problemDetailTextEdit->setPlainText(text);
    }
    if (m_result && m_result->runResults) {
        const int total = m_problemsModel->rowCount();
        m_problemCountLabel->setText(
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
