// SPDX-License-Identifier: MIT
#include "bucket/BucketS3Form.h"

#include "bucket/PolicyDocuments.h"
#include "ui_BucketS3Form.h"

namespace Dbtu::Ui {

BucketS3Form::BucketS3Form(QWidget *parent)
    : BucketProviderForm(parent)
    , m_ui(std::make_unique<::Ui::BucketS3Form>())
{
    m_ui->setupUi(this);
    m_ui->roleNoteLabel->setText(
        tr("Secoda assumes this role from its AWS account (%1) with your external ID. This app "
           "cannot assume Secoda's role: it checks the role ARN and the external ID, and can "
           "test the bucket with your own keys below (optional). Paste the trust and "
           "permissions policies on the right into the role.")
            .arg(PolicyDocuments::kSecodaAwsAccount));
    m_ui->ownKeysLabel->setText(tr("Your own keys to test the bucket (optional; Secoda never gets "
                                   "them):"));
    collect(m_ui->formLayout,
            {Field::RoleArn, Field::ExternalId, Field::AccessKeyId, Field::SecretAccessKey,
             Field::SessionToken, Field::Region, Field::Bucket, Field::Prefix, Field::Endpoint});
    connect(m_ui->advancedToolButton, &QToolButton::toggled, this, [this](bool on) {
        m_ui->advancedToolButton->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        updateRows();
        emit advancedToggled(on);
    });
    updateRows();
}

BucketS3Form::~BucketS3Form() = default;

bool BucketS3Form::serves(BucketProvider provider) const
{
    return provider == BucketProvider::S3 || provider == BucketProvider::S3Role;
}

void BucketS3Form::setProvider(BucketProvider provider)
{
    m_role = provider == BucketProvider::S3Role;
    updateRows();
}

void BucketS3Form::setAdvanced(bool on)
{
    m_ui->advancedToolButton->setChecked(on);
}

bool BucketS3Form::isFieldVisible(Field field) const
{
    switch (field) {
    case Field::RoleArn:
    case Field::ExternalId:
        return m_role;
    case Field::Endpoint:
        return m_ui->advancedToolButton->isChecked();
    default:
        return BucketProviderForm::isFieldVisible(field);
    }
}

void BucketS3Form::updateRows()
{
    for (Field f : fields()) {
        setFieldVisible(f, isFieldVisible(f));
    }
    m_ui->formLayout->setRowVisible(m_ui->roleNoteLabel, m_role);
    m_ui->formLayout->setRowVisible(m_ui->ownKeysLabel, m_role);
}

} // namespace Dbtu::Ui
