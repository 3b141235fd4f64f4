// SPDX-License-Identifier: MIT
#include "bucket/BucketProviderForm.h"

#include "bucket/BucketAzureForm.h"
#include "bucket/BucketGcsForm.h"
#include "bucket/BucketS3Form.h"

#include "Theme.h"

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
        const QString key = fieldKey(field);
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

QString BucketProviderForm::fieldKey(Field field)
{
    switch (field) {
    case Field::RoleArn:
        return QStringLiteral("roleArn");
    case Field::ExternalId:
        return QStringLiteral("externalId");
    case Field::AccountName:
        return QStringLiteral("accountName");
    case Field::ConnectionString:
        return QStringLiteral("connectionString");
    case Field::Container:
        return QStringLiteral("container");
    case Field::AccessKeyId:
        return QStringLiteral("accessKeyId");
    case Field::SecretAccessKey:
        return QStringLiteral("secretAccessKey");
    case Field::SessionToken:
        return QStringLiteral("sessionToken");
    case Field::Region:
        return QStringLiteral("region");
    case Field::Endpoint:
        return QStringLiteral("endpoint");
    case Field::Bucket:
        return QStringLiteral("bucket");
    case Field::Prefix:
        return QStringLiteral("prefix");
    }
    return {};
}

void BucketProviderForm::showProblem(Field field, const std::optional<BucketFieldProblem> &pr)
{
    QLineEdit *edit = this->edit(field);
    QLabel *error = errorLabel(field);
    if (!edit || !error) {
        return;
    }
    // An empty required field is not an error yet (a new form would be all red); the buttons
    // say what is missing in their tooltip.
    const bool invalid = pr && !pr->empty;
    if (invalid) {
        error->setText(pr->error.hint.isEmpty()
                           ? pr->error.message
                           : pr->error.message + QLatin1Char('\n') + pr->error.hint);
        error->setStyleSheet(QStringLiteral("color: %1;")
                                 .arg(Theme::cssColor(Theme::accent(Theme::Tone::Bad, palette()))));
        edit->setAccessibleDescription(pr->error.message);
        edit->setToolTip(pr->error.message);
    } else {
        error->clear();
        edit->setAccessibleDescription(field == Field::SecretAccessKey
                                               || field == Field::ConnectionString
                                           ? tr("Stored only in the system keychain")
                                           : QString());
        edit->setToolTip(QString());
    }
    error->setVisible(invalid);
    edit->setProperty("invalid", invalid);
    // Mark the field: a red frame, from the palette (light and dark).
    edit->setStyleSheet(invalid
                            ? QStringLiteral("QLineEdit { border: 1px solid %1; }")
                                  .arg(Theme::cssColor(Theme::accent(Theme::Tone::Bad, palette())))
                            : QString());
}

} // namespace Dbtu::Ui
