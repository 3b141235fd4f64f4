// SPDX-License-Identifier: MIT
#include "bucket/BucketProviderForm.h"

#include "bucket/BucketAzureForm.h"
#include "bucket/BucketGcsForm.h"
#include "bucket/BucketS3Form.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace Dbtu::Ui {

BucketProviderForm::BucketProviderForm(QWidget *parent)
    : QWidget(parent)
{}

BucketProviderForm *BucketProviderForm::create(BucketProvider provider, QWidget *parent)
{
    switch (provider) {
    case BucketProvider::S3:
    case BucketProvider::S3Role:
        return new BucketS3Form(parent);
    case BucketProvider::Gcs:
        return new BucketGcsForm(parent);
    case BucketProvider::Azure:
        return new BucketAzureForm(parent);
    }
    return new BucketS3Form(parent);
}

void BucketProviderForm::collect(QFormLayout *form, const QList<Field> &fields)
{
    m_form = form;
    for (Field field : fields) {
        const QString key = BucketSettingsPage::fieldKey(field);
        FieldWidgets w;
        w.container = findChild<QWidget *>(key + QStringLiteral("FieldWidget"));
        w.edit = findChild<QLineEdit *>(key + QStringLiteral("LineEdit"));
        w.error = findChild<QLabel *>(key + QStringLiteral("ErrorLabel"));
        Q_ASSERT(w.container && w.edit && w.error);
        w.error->setVisible(false);
        m_fields.insert(field, w);
        connect(w.edit, &QLineEdit::textEdited, this, [this, field] { emit fieldEdited(field); });
        connect(w.edit, &QLineEdit::textChanged, this, [this, field] { emit fieldChanged(field); });
    }
}

void BucketProviderForm::setFieldVisible(Field field, bool visible)
{
    if (QWidget *container = m_fields.value(field).container) {
        m_form->setRowVisible(container, visible);
    }
}

} // namespace Dbtu::Ui
