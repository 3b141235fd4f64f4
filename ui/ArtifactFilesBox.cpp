// SPDX-License-Identifier: MIT
#include "ArtifactFilesBox.h"

#include "PageWidgets.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace Dbtu::Ui {

ArtifactFilesBox::ArtifactFilesBox(const Names &names, QWidget *parent)
    : QWidget(parent)
    , m_names(names)
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    m_label = PageWidgets::statusLabel(names.label, names.labelAccessible, this);
    row->addWidget(m_label, 1);
    m_files
        = PageWidgets::button(names.files.text, names.files.button, names.files.accessible, this);
    row->addWidget(m_files, 0, Qt::AlignTop);
    connect(m_files, &QPushButton::clicked, this, &ArtifactFilesBox::chooseFiles);
    if (names.folder) {
        m_folder = PageWidgets::button(names.folder->text, names.folder->button,
                                       names.folder->accessible, this);
        row->addWidget(m_folder, 0, Qt::AlignTop);
        connect(m_folder, &QPushButton::clicked, this, &ArtifactFilesBox::chooseFolder);
    }
    setPaths({});
}

void ArtifactFilesBox::setPaths(const QStringList &paths)
{
    m_paths = paths;
    PageWidgets::showArtifactPaths(m_label, m_paths);
}

void ArtifactFilesBox::setChoosingEnabled(bool enabled)
{
    m_files->setEnabled(enabled);
    if (m_folder) {
        m_folder->setEnabled(enabled);
    }
}

void ArtifactFilesBox::chooseFiles()
{
    PageWidgets::chooseArtifactFiles(this, m_names.files.title, m_names.files.dialog,
                                     [this](const QStringList &files) { onChosen(files); });
}

void ArtifactFilesBox::chooseFolder()
{
    if (!m_names.folder) {
        return;
    }
    PageWidgets::chooseArtifactFolder(this, m_names.folder->title, m_names.folder->dialog,
                                      [this](const QString &dir) { onChosen({dir}); });
}

void ArtifactFilesBox::onChosen(const QStringList &paths)
{
    setPaths(paths);
    emit pathsChosen(paths);
}

} // namespace Dbtu::Ui
