// SPDX-License-Identifier: MIT
#include "FileUploadPage.h"

namespace Dbtu::Ui {

FileUploadPage::FileUploadPage(QWidget *parent)
    : QWidget(parent)
{}

void FileUploadPage::openPaths(const QStringList &paths)
{
    Q_UNUSED(paths);
}

} // namespace Dbtu::Ui
