// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>
#include <QStringList>

class QLabel;
class QMimeData;

namespace Dbtu::Ui {

/**
 * A large target for dropping dbt artifacts: files or a target/ folder (local files only).
 * Focusable; Enter, Space or a click emit activated() (the page opens its file dialog).
 * setCompact(true) shrinks it to a strip once a summary is shown.
 */
class DropArea : public QFrame
{
    Q_OBJECT
public:
    explicit DropArea(QWidget *parent = nullptr);

    void setCompact(bool compact);
    bool isCompact() const { return m_compact; }

signals:
    /** Local paths dropped on the area, in drop order. */
    void pathsDropped(const QStringList &paths);
    /** The user clicked the area or pressed Enter/Space on it. */
    void activated();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    static QStringList localPaths(const QMimeData *mime);
    void setHovered(bool hovered);

    QLabel *m_titleLabel = nullptr;
    QLabel *m_subtitleLabel = nullptr;
    bool m_hovered = false;
    bool m_compact = false;
};

} // namespace Dbtu::Ui
