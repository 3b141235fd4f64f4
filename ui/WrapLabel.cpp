// SPDX-License-Identifier: MIT
#include "WrapLabel.h"

namespace Dbtu::Ui {

WrapLabel::WrapLabel(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
}

QSize WrapLabel::sizeHint() const
{
    QSize hint = QLabel::sizeHint();
    if (width() > 0) {
        hint.setHeight(heightForWidth(width()));
    }
    return hint;
}

QSize WrapLabel::minimumSizeHint() const
{
    QSize hint = QLabel::minimumSizeHint();
    if (width() > 0) {
        hint.setHeight(heightForWidth(width()));
    }
    return hint;
}

void WrapLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    if (heightForWidth(width()) != height()) {
        updateGeometry(); // the width changed the lines the text needs: ask for a new height
    }
}

} // namespace Dbtu::Ui
