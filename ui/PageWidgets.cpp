// SPDX-License-Identifier: MIT
#include "PageWidgets.h"

#include "SecretStore.h"
#include "WrapLabel.h"

#include <QFormLayout>
#include <QPushButton>

namespace Dbtu::Ui::PageWidgets {

QPushButton *button(const QString &text, const QString &name, const QString &accessible,
                    QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAccessibleName(accessible);
    return b;
}

QLabel *statusLabel(const QString &name, const QString &accessible, QWidget *parent)
{
    auto *l = new WrapLabel(parent);
    l->setObjectName(name);
    l->setTextFormat(Qt::PlainText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setAccessibleName(accessible);
    return l;
}

void setStatus(QLabel *label, const QString &text)
{
    label->setText(text);
    const bool visible = !text.isEmpty();
    if (QWidget *parent = label->parentWidget()) {
        for (auto *form : parent->findChildren<QFormLayout *>()) {
            if (form->indexOf(label) >= 0) {
                form->setRowVisible(label, visible);
                return;
            }
        }
    }
    label->setVisible(visible);
}

void deleteWhenFinished(SecretJob *job)
{
    QObject::connect(job, &SecretJob::finished, job, &QObject::deleteLater);
}

} // namespace Dbtu::Ui::PageWidgets
