// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

namespace Dbtu::Ui::Theme {

/** What a status or a banner line means; picks its accent colour. */
enum class Tone { Good, Bad, Warning, Info, Neutral, Skipped };

/** The tone of a normalised run_results status (success/pass good, error/fail bad, ...). */
Tone toneForStatus(const QString &status);

/**
 * The accent colour of a tone, adjusted so it stays visible on the palette's window colour
 * (lighter on dark palettes, darker on light ones).
 */
QColor accent(Tone tone, const QPalette &palette);

/**
 * A background for a chip or banner: the palette's window colour with a little of the accent
 * mixed in. Text on it keeps the palette's own text colour, so it is readable light or dark.
 */
QColor tint(Tone tone, const QPalette &palette, qreal amount = 0.18);

/** True when the palette's window colour is dark. */
bool isDark(const QPalette &palette);

/** "#rrggbb" or "rgba(...)" for style sheets. */
QString cssColor(const QColor &color);

} // namespace Dbtu::Ui::Theme
