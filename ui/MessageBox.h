// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace Dbtu::Ui {

/**
 * Confirmations (never errors: those are inline banners). The box is window-modal and opened
 * with open(), so no nested event loop runs; onAccept is called when the user accepts. Tests
 * find the QMessageBox by its objectName and click its button ("acceptButton" or
 * "rejectButton").
 */
class MessageBox
{
public:
    static void confirm(QWidget *parent, const QString &objectName, const QString &title,
                        const QString &text, const QString &acceptText,
                        std::function<void()> onAccept);
};

} // namespace Dbtu::Ui
