// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <functional>

class QLabel;
class QPushButton;
class QWidget;

namespace Dbtu {
class SecretJob;
}

/** Small builders the tabs share, so their buttons and status lines look and behave alike. */
namespace Dbtu::Ui::PageWidgets {

/** A push button with an objectName (for tests) and an accessible name. */
QPushButton *button(const QString &text, const QString &name, const QString &accessible,
                    QWidget *parent);
/** A plain-text, selectable, word-wrapped status line (a WrapLabel: no gaps in forms). */
QLabel *statusLabel(const QString &name, const QString &accessible, QWidget *parent);
/** Sets a status line; an empty one is hidden (its whole row in a QFormLayout), so no gap. */
void setStatus(QLabel *label, const QString &text);
/**
 * Keychain jobs have no parent and delete themselves once finished: QtKeychain's libsecret
 * backend crashes when a job is destroyed while its call is pending (e.g. the window closes
 * during a read), so a page never owns them; it only listens, with itself as context.
 */
void deleteWhenFinished(SecretJob *job);

/**
 * Shows the artifacts a tab will send in @p label: one line per file (name and size) or folder,
 * the full paths in the tooltip; a hint to choose some when there are none.
 */
void showArtifactPaths(QLabel *label, const QStringList &paths);
/**
 * Gives @p page a scroll area (no frame, resized with the page) and returns the widget inside
 * it, for the page's setupUi(): a crowded tab on a small screen scrolls instead of squeezing
 * its boxes below their height (the tab widget gives a page no more than its minimum size
 * computed with wrapped labels on one line). Objects: scrollAreaName.
 */
QWidget *scrollingContent(QWidget *page, const QString &scrollAreaName);
/** A time as the tabs show it: local, short format. */
QString localTime(const QDateTime &t);
/**
 * Opens (window-modal, not blocking) the file dialog that picks dbt artifacts; @p onFiles gets
 * the files chosen. @p name is the dialog's objectName (for tests); it opens in @p directory
 * (empty: the dialog's own choice).
 */
void chooseArtifactFiles(QWidget *parent, const QString &title, const QString &name,
                         std::function<void(const QStringList &)> onFiles,
                         const QString &directory = {});
/** The same for a dbt target/ folder: @p onFolder gets the folder chosen. */
void chooseArtifactFolder(QWidget *parent, const QString &title, const QString &name,
                          std::function<void(const QString &)> onFolder,
                          const QString &directory = {});

} // namespace Dbtu::Ui::PageWidgets
