// SPDX-License-Identifier: MIT
#include "ProblemsModel.h"

#include "Theme.h"

namespace Dbtu::Ui {

ProblemsModel::ProblemsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ProblemsModel::setProblems(const QList<Problem> &problems)
{
    beginResetModel();
    m_problems = problems;
    endResetModel();
}

void ProblemsModel::setPalette(const QPalette &palette)
{
    m_palette = palette;
    if (!m_problems.isEmpty()) {
        emit dataChanged(index(0, StatusColumn), index(rowCount() - 1, StatusColumn),
                         {Qt::DecorationRole});
    }
}

int ProblemsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_problems.size());
}

int ProblemsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ProblemsModel::nodeText(const Problem &problem)
{
    return problem.uniqueId.isNull() ? tr("(no unique_id)") : problem.uniqueId.toString();
}

QString ProblemsModel::messageText(const Problem &problem)
{
    return problem.message.isNull() ? QString() : problem.message.toString();
}

QString ProblemsModel::firstLine(const QString &text)
{
    const QString trimmed = text.trimmed();
    const qsizetype nl = trimmed.indexOf(QLatin1Char('\n'));
    if (nl < 0) {
        return trimmed;
    }
    return trimmed.left(nl).trimmed() + QStringLiteral(" …");
}

QVariant ProblemsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_problems.size()) {
        return {};
    }
    const Problem &p = m_problems.at(index.row());
    const bool missing = p.inManifest.has_value() && !*p.inManifest;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StatusColumn:
            return p.status;
        case NodeColumn:
            return nodeText(p);
        case MessageColumn:
            return firstLine(messageText(p));
        case FailuresColumn:
            return p.failures.isNull() ? QVariant() : QVariant(p.failures.toLongLong());
        case ManifestColumn:
            if (!p.inManifest) {
                return QString();
            }
            return *p.inManifest ? QString() : tr("not in manifest");
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == MessageColumn) {
            return messageText(p);
        }
        if (index.column() == ManifestColumn) {
            if (!p.inManifest) {
                return tr("No manifest given: not checked");
            }
            return missing ? tr("This node is not in the manifest (another project or an "
                                "older manifest)")
                           : tr("In the manifest");
        }
        if (index.column() == NodeColumn) {
            return nodeText(p);
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == StatusColumn) {
            return Theme::accent(Theme::toneForStatus(p.status), m_palette);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == FailuresColumn) {
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        }
        return {};
    case FullMessageRole:
        return messageText(p);
    case SortRole:
        switch (index.column()) {
        case FailuresColumn:
            return p.failures.isNull() ? qlonglong(-1) : p.failures.toLongLong();
        case ManifestColumn:
            return missing ? 1 : 0;
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    case FilterRole:
        return p.status + QLatin1Char(' ') + nodeText(p) + QLatin1Char(' ') + messageText(p)
               + (missing ? QStringLiteral(" not in manifest") : QString());
    default:
        return {};
    }
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case StatusColumn:
        return tr("Status");
    case NodeColumn:
        return tr("Node");
    case MessageColumn:
        return tr("Message");
    case FailuresColumn:
        return tr("Failures");
    case ManifestColumn:
        return tr("Manifest");
    default:
        return {};
    }
}

} // namespace Dbtu::Ui
