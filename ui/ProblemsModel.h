// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactSummary.h"

#include <QAbstractTableModel>
#include <QPalette>

namespace Dbtu::Ui {

/**
 * The problems of a run_results.json (error, fail, warn, ...) as a table. Display shows the first
 * line of the message; FullMessageRole the whole text; SortRole a value that sorts naturally
 * (failures as numbers); FilterRole the text a search matches (status, node, whole message).
 */
class ProblemsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        StatusColumn,
        NodeColumn,
        MessageColumn,
        FailuresColumn,
        ManifestColumn,
        ColumnCount
    };
    enum Role { FullMessageRole = Qt::UserRole + 1, SortRole, FilterRole };

    explicit ProblemsModel(QObject *parent = nullptr);

    /** Replaces the rows; manifestKnown says whether a manifest was given (else "in manifest"
     *  is unknown rather than false). */
    void setProblems(const QList<Problem> &problems);
    const Problem &problem(int row) const { return m_problems.at(row); }

    /** The palette the status colours are derived from (set by the view on palette changes). */
    void setPalette(const QPalette &palette);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString nodeText(const Problem &problem);
    static QString messageText(const Problem &problem);
    static QString firstLine(const QString &text);

private:
    QList<Problem> m_problems;
    QPalette m_palette;
};

} // namespace Dbtu::Ui
