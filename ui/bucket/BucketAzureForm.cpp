// SPDX-License-Identifier: MIT
#include "bucket/BucketAzureForm.h"

#include "ui_BucketAzureForm.h"

namespace Dbtu::Ui {

BucketAzureForm::BucketAzureForm(QWidget *parent)
    : BucketProviderForm(parent)
    , m_ui(std::make_unique<::Ui::BucketAzureForm>())
{
    m_ui->setupUi(this);
    collect(m_ui->formLayout,
            {Field::AccountName, Field::ConnectionString, Field::Container, Field::Prefix});
}

BucketAzureForm::~BucketAzureForm() = default;

bool BucketAzureForm::serves(BucketProvider provider) const
{
    return provider == BucketProvider::Azure;
}

} // namespace Dbtu::Ui
