// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactSummary.h"

#include <QWidget>

#include <memory>
#include <optional>

namespace Ui {
class SummaryView;
} // namespace Ui

class QGridLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;
class QTableWidget;

namespace Dbtu::Ui {

class ProblemsModel;

/**
 * The at-a-glance summary of an InspectResult: a header (project, dbt version, adapter, schema
 * versions, generated when, command, same invocation), counts by resource type, materialization
 * and test kind, run-result status chips, the slowest nodes and a searchable, sortable problems
 * table with the full message of the selected row.
 *
 * Count labels are named after their key, e.g. "resourceModelCountLabel",
 * "materializationTableCountLabel", "testKindGenericCountLabel", "statusPassChipLabel".
 */
class SummaryView : public QWidget
{
    Q_OBJECT
public:
    explicit SummaryView(QWidget *parent = nullptr);
    ~SummaryView() override;

    void setResult(const InspectResult &result);
    void clear();
    bool hasResult() const { return m_result.has_value(); }

    /** "resource" + "unit_test" + "CountLabel" -> "resourceUnitTestCountLabel". */
    static QString figureObjectName(const QString &prefix, const QString &key,
                                    const QString &suffix);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();
    void fillHeader(const InspectResult &r);
    void fillCounts(QGroupBox *box, const QString &prefix, const QMap<QString, qint64> &counts,
                    const QString &emptyText, bool pluralize = true);
    void fillStatuses(const InspectResult &r);
    void fillSlowest(const InspectResult &r);
    void onProblemSelected();

    std::optional<InspectResult> m_result;

    std::unique_ptr<::Ui::SummaryView> m_ui;
    ProblemsModel *m_problemsModel = nullptr;
    QSortFilterProxyModel *m_problemsProxy = nullptr;
    bool m_rendering = false;
};

} // namespace Dbtu::Ui
