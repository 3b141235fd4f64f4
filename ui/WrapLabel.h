// SPDX-License-Identifier: MIT
#pragma once

#include <QLabel>

namespace Dbtu::Ui {

/**
 * A word-wrapped label whose size hint is the height its text needs at its real width.
 * QLabel's own hint is measured at a guessed narrow width, so in a QFormLayout (which lays
 * rows out by size hints) a one-line status gets the room of three and leaves gaps.
 */
class WrapLabel : public QLabel
{
    Q_OBJECT
public:
    explicit WrapLabel(QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
};

} // namespace Dbtu::Ui
