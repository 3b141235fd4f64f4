// SPDX-License-Identifier: MIT
#include "Banner.h"

#include "Error.h"
#include "artifacts/ArtifactSummary.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcUi, "dbtu.ui", QtWarningMsg)

namespace Dbtu::Ui {

namespace {

Theme::Tone toneFor(Banner::Level level)
{
    switch (level) {
    case Banner::Level::Info:
        return Theme::Tone::Info;
    case Banner::Level::Warning:
        return Theme::Tone::Warning;
    case Banner::Level::Error:
        return Theme::Tone::Bad;
    }
    return Theme::Tone::Neutral;
}

QStyle::StandardPixmap iconFor(Banner::Level level)
{
    switch (level) {
    case Banner::Level::Info:
        return QStyle::SP_MessageBoxInformation;
    case Banner::Level::Warning:
        return QStyle::SP_MessageBoxWarning;
    case Banner::Level::Error:
        return QStyle::SP_MessageBoxCritical;
    }
    return QStyle::SP_MessageBoxInformation;
}

QString levelWord(Banner::Level level)
{
    switch (level) {
    case Banner::Level::Info:
        return Banner::tr("Note");
    case Banner::Level::Warning:
        return Banner::tr("Warning");
    case Banner::Level::Error:
        return Banner::tr("Error");
    }
    return {};
}

} // namespace

Banner::Banner(QWidget *parent)
    : QFrame(parent)
    , m_layout(new QVBoxLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(4);
    setVisible(false);
}

void Banner::clear()
{
    for (const Row &row : std::as_const(m_rows)) {
        // Deleted now (not later) so findChildren() and screen readers never see stale rows.
        delete row.frame;
    }
    m_rows.clear();
    setVisible(false);
}

void Banner::addMessage(Level level, const QString &text, const QString &hint,
                        const QString &detail)
{
    auto *frame = new QFrame(this);
    frame->setObjectName(QStringLiteral("messageFrame"));
    auto *outer = new QHBoxLayout(frame);
    outer->setContentsMargins(8, 6, 8, 6);
    outer->setSpacing(8);

    auto *icon = new QLabel(frame);
    icon->setObjectName(QStringLiteral("iconLabel"));
    const int px = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(iconFor(level), nullptr, this).pixmap(QSize(px, px)));
    icon->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
    icon->setAccessibleName(levelWord(level));
    outer->addWidget(icon);

    auto *column = new QVBoxLayout;
    column->setSpacing(2);
    outer->addLayout(column, 1);

    auto *message = new QLabel(text, frame);
    message->setObjectName(QStringLiteral("messageLabel"));
    message->setWordWrap(true);
    message->setTextFormat(Qt::PlainText);
    message->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    message->setAccessibleName(levelWord(level));
    message->setAccessibleDescription(text);
    if (level == Level::Error) {
        QFont f = message->font();
        f.setBold(true);
        message->setFont(f);
    }
    column->addWidget(message);

    if (!hint.isEmpty()) {
        auto *hintLabel = new QLabel(hint, frame);
        hintLabel->setObjectName(QStringLiteral("hintLabel"));
        hintLabel->setWordWrap(true);
        hintLabel->setTextFormat(Qt::PlainText);
        hintLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
        hintLabel->setAccessibleName(tr("Hint"));
        hintLabel->setAccessibleDescription(hint);
        column->addWidget(hintLabel);
    }

    if (!detail.isEmpty()) {
        auto *details = new QPlainTextEdit(frame);
        details->setObjectName(QStringLiteral("detailsTextEdit"));
        details->setReadOnly(true);
        details->setPlainText(detail);
        details->setMaximumHeight(details->fontMetrics().lineSpacing() * 6);
        details->setAccessibleName(tr("Technical details"));
        details->setVisible(false);
        auto *button = new QPushButton(tr("&Details…"), frame);
        button->setObjectName(QStringLiteral("detailsButton"));
        button->setCheckable(true);
        button->setAccessibleName(tr("Show technical details"));
        button->setAccessibleDescription(tr("Shows or hides the technical detail of this message"));
        connect(button, &QPushButton::toggled, details, &QWidget::setVisible);
        outer->addWidget(button, 0, Qt::AlignTop);
        column->addWidget(details);
    }

    m_layout->addWidget(frame);
    m_rows.append({level, frame, text});
    restyle(m_rows.last());
    setVisible(true);
}

void Banner::addChecks(const QList<Check> &checks)
{
    for (const Check &c : checks) {
        addMessage(c.level == Check::Level::Warning ? Level::Warning : Level::Info, c.message);
    }
}

void Banner::showError(const Dbtu::Error &error)
{
    qCDebug(lcUi) << objectName() << "shows" << error; // the detail too, for a bug report
    clear();
    addMessage(Level::Error, error.message, error.hint, error.detail);
}

QStringList Banner::messages() const
{
    QStringList out;
    for (const Row &row : m_rows) {
        out << row.text;
    }
    return out;
}

void Banner::restyle(const Row &row)
{
    m_restyling = true;
    const Theme::Tone tone = toneFor(row.level);
    const QPalette &pal = palette();
    // Only the row frame gets the tint; labels keep the palette's text colour.
    row.frame->setStyleSheet(
        QStringLiteral("QFrame#messageFrame { background-color: %1; border: 1px solid %2;"
                       " border-left: 4px solid %2; border-radius: 4px; }")
            .arg(Theme::cssColor(Theme::tint(tone, pal)),
                 Theme::cssColor(Theme::accent(tone, pal))));
    m_restyling = false;
}

void Banner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_restyling) {
        for (const Row &row : std::as_const(m_rows)) {
            restyle(row);
        }
    }
}

} // namespace Dbtu::Ui
