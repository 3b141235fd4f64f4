// SPDX-License-Identifier: MIT
#pragma once

#include "bucket/BucketProviderForm.h"

#include <memory>

namespace Ui {
class BucketGcsForm;
} // namespace Ui

namespace Dbtu::Ui {

/**
 * Google Cloud Storage through its S3 XML API (BucketGcsForm.ui): the HMAC key, the region
 * ("auto"), the bucket, the path and the endpoint (Secoda's default filled in by the page).
 */
class BucketGcsForm : public BucketProviderForm
{
    Q_OBJECT
public:
    explicit BucketGcsForm(QWidget *parent = nullptr);
    ~BucketGcsForm() override;

    bool serves(BucketProvider provider) const override;

private:
    std::unique_ptr<::Ui::BucketGcsForm> m_ui;
};

} // namespace Dbtu::Ui
