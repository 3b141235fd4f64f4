// SPDX-License-Identifier: MIT
#include "MessageBox.h"

#include <QMessageBox>
#include <QPushButton>

namespace Dbtu::Ui {

void MessageBox::confirm(QWidget *parent, const QString &objectName, const QString &title,
                         const QString &text, const QString &acceptText,
                         std::function<void()> onAccept)
{
    auto *box = new QMessageBox(QMessageBox::Question, title, text, QMessageBox::NoButton, parent);
    box->setObjectName(objectName);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *accept = box->addButton(acceptText, QMessageBox::AcceptRole);
    accept->setObjectName(QStringLiteral("acceptButton"));
    QPushButton *reject = box->addButton(QMessageBox::Cancel);
    reject->setObjectName(QStringLiteral("rejectButton"));
    box->setDefaultButton(reject);
    QObject::connect(accept, &QPushButton::clicked, box, [onAccept = std::move(onAccept)] {
        if (onAccept) {
            onAccept();
        }
    });
    box->open();
}

} // namespace Dbtu::Ui
