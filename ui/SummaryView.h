// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactSummary.h"

#include <QWidget>

#include <optional>

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
    QLabel *addHeaderField(int row, int column, const QString &caption, const QString &name);

    std::optional<InspectResult> m_result;

    QLabel *m_projectNameLabel = nullptr;
    QLabel *m_filesLabel = nullptr;
    QLabel *m_dbtVersionLabel = nullptr;
    QLabel *m_adapterLabel = nullptr;
    QLabel *m_schemaVersionsLabel = nullptr;
    QLabel *m_generatedAtLabel = nullptr;
    QLabel *m_commandLabel = nullptr;
    QLabel *m_compileOnlyLabel = nullptr;
    QLabel *m_sameInvocationLabel = nullptr;
    QGridLayout *m_headerGrid = nullptr;

    QGroupBox *m_resourcesGroupBox = nullptr;
    QGroupBox *m_materializationsGroupBox = nullptr;
    QGroupBox *m_testKindsGroupBox = nullptr;
    QGroupBox *m_statusesGroupBox = nullptr;
    QGroupBox *m_slowestGroupBox = nullptr;
    QTableWidget *m_slowestTableWidget = nullptr;

    QGroupBox *m_problemsGroupBox = nullptr;
    QLineEdit *m_problemFilterLineEdit = nullptr;
    QLabel *m_problemCountLabel = nullptr;
    QTableView *m_problemsTableView = nullptr;
    QPlainTextEdit *m_problemDetailTextEdit = nullptr;
    ProblemsModel *m_problemsModel = nullptr;
    QSortFilterProxyModel *m_problemsProxy = nullptr;
    bool m_rendering = false;
};

} // namespace Dbtu::Ui
