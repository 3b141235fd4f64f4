// SPDX-License-Identifier: MIT
#include "bucket/BucketGcsForm.h"

#include "ui_BucketGcsForm.h"

namespace Dbtu::Ui {

BucketGcsForm::BucketGcsForm(QWidget *parent)
    : BucketProviderForm(parent)
    , m_ui(std::make_unique<::Ui::BucketGcsForm>())
{
    m_ui->setupUi(this);
    collect(m_ui->formLayout, {Field::AccessKeyId, Field::SecretAccessKey, Field::Region,
                               Field::Bucket, Field::Prefix, Field::Endpoint});
}

BucketGcsForm::~BucketGcsForm() = default;

bool BucketGcsForm::serves(BucketProvider provider) const
{
    return provider == BucketProvider::Gcs;
}

} // namespace Dbtu::Ui
