// SPDX-License-Identifier: MIT
#pragma once

#include "Theme.h"

#include <QFrame>
#include <QList>

class QVBoxLayout;

namespace Dbtu {
struct Check;
struct Error;
} // namespace Dbtu

namespace Dbtu::Ui {

/**
 * An inline banner of one or more messages (never a modal box). Each message is a row
 * (objectName "messageFrame") with a "messageLabel", an optional "hintLabel" and, when it has a
 * detail, a checkable "detailsButton" ("Details…") that shows a read-only "detailsTextEdit".
 * Hidden while empty. Colours come from the palette, so the banner follows light and dark themes.
 */
class Banner : public QFrame
{
    Q_OBJECT
public:
    enum class Level { Info, Warning, Error };
    Q_ENUM(Level)

    explicit Banner(QWidget *parent = nullptr);

    /** Removes every message and hides the banner. */
    void clear();
    /** Appends a message and shows the banner. */
    void addMessage(Level level, const QString &text, const QString &hint = {},
                    const QString &detail = {});
    /** Appends the checks on some files: a warning as Warning, a note as Info. */
    void addChecks(const QList<Check> &checks);
    /** Replaces the content with one error: message, hint and detail. */
    void showError(const Dbtu::Error &error);

    int messageCount() const { return int(m_rows.size()); }
    /** The text of each message, in order (for tests and accessibility). */
    QStringList messages() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Row
    {
        Level level;
        QFrame *frame;
        QString text;
    };
    void restyle(const Row &row);

    QVBoxLayout *m_layout = nullptr;
    QList<Row> m_rows;
    bool m_restyling = false;
};

} // namespace Dbtu::Ui
