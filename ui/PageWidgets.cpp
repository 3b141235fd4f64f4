// SPDX-License-Identifier: MIT
#include "PageWidgets.h"

#include "WrapLabel.h"
#include "secrets/SecretStore.h"
#include "util/TextFormat.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace Dbtu::Ui::PageWidgets {

QPushButton *button(const QString &text, const QString &name, const QString &accessible,
                    QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAccessibleName(accessible);
    return b;
}

QLabel *statusLabel(const QString &name, const QString &accessible, QWidget *parent)
{
    auto *l = new WrapLabel(parent);
    l->setObjectName(name);
    l->setTextFormat(Qt::PlainText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setAccessibleName(accessible);
    return l;
}

void setStatus(QLabel *label, const QString &text)
{
    label->setText(text);
    const bool visible = !text.isEmpty();
    if (QWidget *parent = label->parentWidget()) {
        for (auto *form : parent->findChildren<QFormLayout *>()) {
            if (form->indexOf(label) >= 0) {
                form->setRowVisible(label, visible);
                return;
            }
        }
    }
    label->setVisible(visible);
}

void deleteWhenFinished(SecretJob *job)
{
    QObject::connect(job, &SecretJob::finished, job, &QObject::deleteLater);
}

void showArtifactPaths(QLabel *label, const QStringList &paths)
{
    if (paths.isEmpty()) {
        label->setText(QCoreApplication::translate(
            "Dbtu::Ui::PageWidgets", "No files yet: choose them here or in the File upload tab."));
        label->setToolTip(QString());
        return;
    }
    QStringList lines;
    for (const QString &p : paths) {
        const QFileInfo fi(p);
        lines << (fi.isDir() ? QCoreApplication::translate("Dbtu::Ui::PageWidgets", "%1/ (folder)")
                                   .arg(fi.fileName())
                             : QCoreApplication::translate("Dbtu::Ui::PageWidgets", "%1 (%2)")
                                   .arg(fi.fileName(), humanSize(fi.size())));
    }
    label->setText(lines.join(QLatin1Char('\n')));
    label->setToolTip(paths.join(QLatin1Char('\n')));
}

QWidget *scrollingContent(QWidget *page, const QString &scrollAreaName)
{
    auto *scroll = new QScrollArea(page);
    scroll->setObjectName(scrollAreaName);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);    // and the content's height for its width is kept
    scroll->setFocusPolicy(Qt::NoFocus); // Tab goes to the controls, which it scrolls into view
    auto *content = new QWidget(scroll);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    return content;
}

QString localTime(const QDateTime &t)
{
    return QLocale().toString(t.toLocalTime(), QLocale::ShortFormat);
}

namespace {

QFileDialog *artifactDialog(QWidget *parent, const QString &title, const QString &name,
                            const QString &directory, QFileDialog::FileMode mode)
{
    auto *dialog = new QFileDialog(parent, title, directory);
    dialog->setObjectName(name);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(mode);
    return dialog;
}

} // namespace

void chooseArtifactFiles(QWidget *parent, const QString &title, const QString &name,
                         std::function<void(const QStringList &)> onFiles, const QString &directory)
{
    QFileDialog *dialog
        = artifactDialog(parent, title, name, directory, QFileDialog::ExistingFiles);
    dialog->setNameFilters(
        {QCoreApplication::translate("Dbtu::Ui::PageWidgets",
                                     "dbt artifacts (manifest.json run_results.json)"),
         QCoreApplication::translate("Dbtu::Ui::PageWidgets", "JSON files (*.json)"),
         QCoreApplication::translate("Dbtu::Ui::PageWidgets", "All files (*)")});
    QObject::connect(dialog, &QFileDialog::filesSelected, parent, std::move(onFiles));
    dialog->open(); // window-modal, no nested event loop
}

void chooseArtifactFolder(QWidget *parent, const QString &title, const QString &name,
                          std::function<void(const QString &)> onFolder, const QString &directory)
{
    QFileDialog *dialog = artifactDialog(parent, title, name, directory, QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly, true);
    QObject::connect(dialog, &QFileDialog::fileSelected, parent, std::move(onFolder));
    dialog->open();
}

} // namespace Dbtu::Ui::PageWidgets
