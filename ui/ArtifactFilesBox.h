// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;

namespace Dbtu::Ui {

/**
 * The artifact files a tab will send: the list (one line per file with its size, or per folder;
 * the full paths in the tooltip), "Choose files…" and, where the tab has it, a folder button.
 * The dialogs are window-modal and never block. Object names and texts come from Names, so each
 * tab keeps its own (tests find widgets by them); what the files are for stays with the tab.
 */
class ArtifactFilesBox : public QWidget
{
    Q_OBJECT
public:
    /** A button and the dialog it opens. */
    struct Choice
    {
        QString button;     ///< objectName, e.g. chooseFilesButton
        QString text;       ///< C&hoose files…
        QString accessible; ///< Choose the files to send
        QString dialog;     ///< the dialog's objectName, e.g. chooseFilesDialog
        QString title;      ///< the dialog's title
    };
    struct Names
    {
        QString label;           ///< the list's objectName, e.g. filesLabel
        QString labelAccessible; ///< Files to send
        Choice files;
        std::optional<Choice> folder; ///< a dbt target/ folder, where the tab offers one
    };

    explicit ArtifactFilesBox(const Names &names, QWidget *parent = nullptr);

    void setPaths(const QStringList &paths);
    QStringList paths() const { return m_paths; }

    QLabel *label() const { return m_label; }
    QPushButton *chooseFilesButton() const { return m_files; }
    /** nullptr when Names had no folder. */
    QPushButton *chooseFolderButton() const { return m_folder; }
    /** Off while the tab is busy: the buttons cannot be used. */
    void setChoosingEnabled(bool enabled);

public slots:
    void chooseFiles();
    void chooseFolder();

signals:
    /** The user chose files or a folder; paths() already holds them. */
    void pathsChosen(const QStringList &paths);

private:
    void onChosen(const QStringList &paths);

    Names m_names;
    QStringList m_paths;
    QLabel *m_label = nullptr;
    QPushButton *m_files = nullptr;
    QPushButton *m_folder = nullptr;
};

} // namespace Dbtu::Ui
