// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

namespace Dbtu::Ui {

class FileUploadPage : public QWidget
{
    Q_OBJECT
public:
    explicit FileUploadPage(QWidget *parent = nullptr);
    void openPaths(const QStringList &paths);
};

} // namespace Dbtu::Ui
