// SPDX-License-Identifier: MIT
#include "DropArea.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QKeyEvent>
#include <QLabel>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QUrl>
#include <QVBoxLayout>

namespace Dbtu::Ui {

DropArea::DropArea(QWidget *parent)
    : QFrame(parent)
    , m_titleLabel(new QLabel(this))
    , m_subtitleLabel(new QLabel(this))
{
    setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::PointingHandCursor);
    setAccessibleName(tr("Drop area for dbt artifacts"));
    setAccessibleDescription(tr("Drop a dbt target folder, manifest.json or run_results.json "
                                "here. Press Enter or Space to browse for files."));
    setToolTip(tr("Drop files or a target/ folder here, or press Enter to browse"));

    m_titleLabel->setObjectName(QStringLiteral("dropTitleLabel"));
    m_titleLabel->setText(tr("Drop a dbt target/ folder, or manifest.json and run_results.json"));
    m_titleLabel->setAlignment(Qt::AlignCenter);
    m_titleLabel->setWordWrap(true);
    QFont f = m_titleLabel->font();
    f.setPointSizeF(f.pointSizeF() * 1.25);
    f.setBold(true);
    m_titleLabel->setFont(f);

    m_subtitleLabel->setObjectName(QStringLiteral("dropSubtitleLabel"));
    m_subtitleLabel->setText(tr("or press Enter to browse. Files are read locally; nothing is "
                                "uploaded yet."));
    m_subtitleLabel->setAlignment(Qt::AlignCenter);
    m_subtitleLabel->setWordWrap(true);
    m_subtitleLabel->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addStretch();
    layout->addWidget(m_titleLabel);
    layout->addWidget(m_subtitleLabel);
    layout->addStretch();
    setCompact(false);
}

void DropArea::setCompact(bool compact)
{
    m_compact = compact;
    m_subtitleLabel->setVisible(!compact);
    if (compact) {
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        setMinimumHeight(0);
        setFixedHeight(m_titleLabel->fontMetrics().lineSpacing() + 30);
        m_titleLabel->setText(tr("Drop other files or a target/ folder here to replace this "
                                 "summary"));
    } else {
        setMinimumHeight(180);
        setMaximumHeight(QWIDGETSIZE_MAX);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        m_titleLabel->setText(
            tr("Drop a dbt target/ folder, or manifest.json and run_results.json"));
    }
    updateGeometry();
}

QStringList DropArea::localPaths(const QMimeData *mime)
{
    QStringList out;
    if (!mime || !mime->hasUrls()) {
        return out;
    }
    for (const QUrl &url : mime->urls()) {
        if (!url.isLocalFile()) {
            return {};
        }
        out << url.toLocalFile();
    }
    return out;
}

void DropArea::dragEnterEvent(QDragEnterEvent *event)
{
    if (!localPaths(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
        setHovered(true);
    } else {
        event->ignore();
    }
}

void DropArea::dragMoveEvent(QDragMoveEvent *event)
{
    if (!localPaths(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
    } else {
        event->ignore();
    }
}

void DropArea::dragLeaveEvent(QDragLeaveEvent *event)
{
    setHovered(false);
    QFrame::dragLeaveEvent(event);
}

void DropArea::dropEvent(QDropEvent *event)
{
    setHovered(false);
    const QStringList paths = localPaths(event->mimeData());
    if (paths.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    emit pathsDropped(paths);
}

void DropArea::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        event->accept();
        emit activated();
        return;
    default:
        QFrame::keyPressEvent(event);
    }
}

void DropArea::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint())) {
        emit activated();
        return;
    }
    QFrame::mouseReleaseEvent(event);
}

void DropArea::focusInEvent(QFocusEvent *event)
{
    QFrame::focusInEvent(event);
    update();
}

void DropArea::focusOutEvent(QFocusEvent *event)
{
    QFrame::focusOutEvent(event);
    update();
}

void DropArea::setHovered(bool hovered)
{
    if (m_hovered != hovered) {
        m_hovered = hovered;
        update();
    }
}

void DropArea::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event);
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const bool strong = m_hovered || hasFocus();
    QColor fill = pal.color(QPalette::Base);
    if (m_hovered) {
        fill = pal.color(QPalette::Highlight);
        fill.setAlphaF(0.15f);
    }
    QPen pen(strong ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid));
    pen.setWidthF(strong ? 2.0 : 1.5);
    pen.setStyle(Qt::DashLine);
    p.setPen(pen);
    p.setBrush(fill);
    p.drawRoundedRect(QRectF(rect()).adjusted(1.5, 1.5, -1.5, -1.5), 8, 8);
}

} // namespace Dbtu::Ui
