// SPDX-License-Identifier: MIT
#pragma once

#include "bucket/BucketProviderForm.h"

#include <memory>

namespace Ui {
class BucketS3Form;
} // namespace Ui

namespace Dbtu::Ui {

/**
 * AWS S3, with an IAM user's keys or through a role (BucketS3Form.ui). The role shows its note,
 * the role ARN and the external ID, and takes the keys as optional (to test the bucket); the
 * endpoint shows under Advanced (advancedToolButton). Widgets besides the fields: roleNoteLabel,
 * ownKeysLabel, advancedToolButton.
 */
class BucketS3Form : public BucketProviderForm
{
    Q_OBJECT
public:
    explicit BucketS3Form(QWidget *parent = nullptr);
    ~BucketS3Form() override;

    bool serves(BucketProvider provider) const override;
    void setProvider(BucketProvider provider) override;
    void setAdvanced(bool on) override;
    bool isFieldVisible(Field field) const override;

private:
    void updateRows();

    std::unique_ptr<::Ui::BucketS3Form> m_ui;
    bool m_role = false;
};

} // namespace Dbtu::Ui
