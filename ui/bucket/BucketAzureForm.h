// SPDX-License-Identifier: MIT
#pragma once

#include "bucket/BucketProviderForm.h"

#include <memory>

namespace Ui {
class BucketAzureForm;
} // namespace Ui

namespace Dbtu::Ui {

/**
 * Azure Blob Storage (BucketAzureForm.ui): the storage account, its connection string (a
 * secret), the container and the path.
 */
class BucketAzureForm : public BucketProviderForm
{
    Q_OBJECT
public:
    explicit BucketAzureForm(QWidget *parent = nullptr);
    ~BucketAzureForm() override;

    bool serves(BucketProvider provider) const override;

private:
    std::unique_ptr<::Ui::BucketAzureForm> m_ui;
};

} // namespace Dbtu::Ui
