// SPDX-License-Identifier: MIT
// Helpers shared by the API upload tab tests: a window pointed at an in-process sandbox.
#pragma once

#include "ApiUploadPage.h"
#include "Banner.h"
#include "MainWindow.h"
#include "TestHelpers.h"

#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

namespace Dbtu::Test {

template<typename T>
T *child(QWidget *root, const QString &name)
{
    T *w = root->findChild<T *>(name);
    if (!w) {
        qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
    }
    return w;
}

inline QString text(QWidget *root, const QString &labelName)
{
    auto *l = child<QLabel>(root, labelName);
    return l ? l->text() : QStringLiteral("<missing %1>").arg(labelName);
}

/** Every message and hint of a banner, one per line. */
inline QString bannerText(QWidget *root, const QString &bannerName)
{
    auto *b = child<Dbtu::Ui::Banner>(root, bannerName);
    if (!b) {
        return QStringLiteral("<missing %1>").arg(bannerName);
    }
    QStringList lines = b->messages();
    const auto hints = b->findChildren<QLabel *>(QStringLiteral("hintLabel"));
    for (QLabel *h : hints) {
        lines << h->text();
    }
    return lines.join(QLatin1Char('\n'));
}

/** Points the page at a custom URL (the sandbox), as a user would pick "Custom URL". */
inline void setCustomUrl(QWidget *page, const QString &url)
{
    auto *region = child<QComboBox>(page, QStringLiteral("regionComboBox"));
    region->setCurrentIndex(region->count() - 1);
    auto *edit = child<QLineEdit>(page, QStringLiteral("customUrlLineEdit"));
    edit->clear();
    QTest::keyClicks(edit, url);
}

/**
 * Points the API tab at @p url with @p key, clicks Test connection and waits for its outcome:
 * the status line ("Connected…") or the error banner's text.
 */
inline QString testConnection(QWidget *page, const QString &url, const QString &key)
{
    setCustomUrl(page, url);
    child<QLineEdit>(page, QStringLiteral("apiKeyLineEdit"))->setText(key);
    auto *banner = child<Dbtu::Ui::Banner>(page, QStringLiteral("apiErrorBanner"));
    banner->clear();
    auto *button = child<QPushButton>(page, QStringLiteral("testConnectionButton"));
    if (!button || !button->isEnabled()) {
        return QStringLiteral("<Test connection is not enabled>");
    }
    QTest::mouseClick(button, Qt::LeftButton);
    const bool ended = QTest::qWaitFor(
        [&] {
            return banner->isVisible()
                   || text(page, QStringLiteral("connectionStatusLabel"))
                          .startsWith(QStringLiteral("Connected"));
        },
        60000);
    if (!ended) {
        return QStringLiteral("<no outcome; status: %1>")
            .arg(text(page, QStringLiteral("connectionStatusLabel")));
    }
    return banner->isVisible() ? bannerText(page, QStringLiteral("apiErrorBanner"))
                               : text(page, QStringLiteral("connectionStatusLabel"));
}

/** Whether a file under dir (except skipDir) contains needle. */
inline QString fileContaining(const QString &dir, const QByteArray &needle,
                              const QString &skipDir = {})
{
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!skipDir.isEmpty() && path.startsWith(skipDir)) {
            continue;
        }
        QFile f(path);
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle)) {
            return path;
        }
    }
    return {};
}

} // namespace Dbtu::Test
