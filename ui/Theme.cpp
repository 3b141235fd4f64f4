// SPDX-License-Identifier: MIT
#include "Theme.h"

namespace Dbtu::Ui::Theme {

Tone toneForStatus(const QString &status)
{
    const QString s = status.toLower();
    if (s == QLatin1String("success") || s == QLatin1String("pass")) {
        return Tone::Good;
    }
    if (s == QLatin1String("error") || s == QLatin1String("fail")
        || s == QLatin1String("runtime error")) {
        return Tone::Bad;
    }
    if (s == QLatin1String("warn") || s == QLatin1String("partial success")) {
        return Tone::Warning;
    }
    if (s == QLatin1String("skipped") || s == QLatin1String("skip")) {
        return Tone::Skipped;
    }
    return Tone::Neutral;
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

QColor accent(Tone tone, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (tone) {
    case Tone::Good:
        return dark ? QColor(0x57, 0xc7, 0x6b) : QColor(0x1a, 0x7f, 0x37);
    case Tone::Bad:
        return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    case Tone::Warning:
        return dark ? QColor(0xf0, 0xb4, 0x29) : QColor(0xb0, 0x6d, 0x00);
    case Tone::Info:
        return palette.color(QPalette::Highlight);
    case Tone::Skipped:
        return palette.color(QPalette::PlaceholderText);
    case Tone::Neutral:
        return palette.color(QPalette::Mid);
    }
    return palette.color(QPalette::Mid);
}

QColor tint(Tone tone, const QPalette &palette, qreal amount)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor a = accent(tone, palette);
    const auto mix = [amount](float from, float to) {
        return from + (to - from) * float(amount);
    };
    return QColor::fromRgbF(mix(base.redF(), a.redF()), mix(base.greenF(), a.greenF()),
                            mix(base.blueF(), a.blueF()));
}

QString cssColor(const QColor &color)
{
    return color.name(QColor::HexRgb);
}

} // namespace Dbtu::Ui::Theme
