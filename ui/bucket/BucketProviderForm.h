// SPDX-License-Identifier: MIT
#pragma once

#include "bucket/BucketConfig.h"
#include "bucket/BucketField.h"
#include "bucket/BucketFieldProblem.h"

#include <QMap>
#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;
class QLineEdit;

namespace Dbtu::Ui {

/**
 * The fields of one storage provider in the Bucket tab's connection form (BucketS3Form,
 * BucketGcsForm, BucketAzureForm; each a Qt Designer form). Each field is a QLineEdit
 * `<field>LineEdit` with a QLabel `<field>ErrorLabel` under it, in a `<field>FieldWidget`; the
 * page keeps the values (so they survive a switch of provider) and fills the edits; the form
 * paints core's problems next to them (showProblem()). Which of its fields show is the form's
 * business (isFieldVisible()).
 */
class BucketProviderForm : public QWidget
{
    Q_OBJECT
public:
    using Field = BucketField;

    /** The objectName stem of a field ("bucket" → bucketLineEdit, bucketErrorLabel). */
    static QString fieldKey(Field field);

    /** The form for @p provider (S3 and S3Role share one). */
    static BucketProviderForm *create(BucketProvider provider, QWidget *parent);

    /** Whether this form serves @p provider. */
    virtual bool serves(BucketProvider provider) const = 0;
    /** Shows the rows of @p provider (one of serves()) and, for S3, of the Advanced toggle. */
    virtual void setProvider(BucketProvider /*provider*/) {}
    virtual void setAdvanced(bool /*on*/) {}

    QList<Field> fields() const { return m_fields.keys(); }
    /** The field's edit, or nullptr when this form has no such field. */
    QLineEdit *edit(Field field) const { return m_fields.value(field).edit; }
    QLabel *errorLabel(Field field) const { return m_fields.value(field).error; }
    /** Whether the field is in this form and shown. */
    virtual bool isFieldVisible(Field field) const { return m_fields.contains(field); }
    /**
     * Paints @p problem (core's; none: the field is fine) next to the field: its text under it
     * and a red frame. An empty required field is not painted.
     */
    void showProblem(Field field, const std::optional<BucketFieldProblem> &problem);

signals:
    /** The user typed in the field. */
    void fieldEdited(Dbtu::BucketField field);
    /** The field's text changed (typed, or set by the page). */
    void fieldChanged(Dbtu::BucketField field);
    /** The S3 form's Advanced toggle (shows the endpoint). */
    void advancedToggled(bool on);

protected:
    explicit BucketProviderForm(QWidget *parent);
    /** Finds the widgets of @p fields (by object name) after setupUi, and connects them. */
    void collect(QFormLayout *form, const QList<Field> &fields);
    /** Shows or hides the field's row. */
    void setFieldVisible(Field field, bool visible);

private:
    struct FieldWidgets
    {
        QWidget *container = nullptr;
        QLineEdit *edit = nullptr;
        QLabel *error = nullptr;
    };
    QFormLayout *m_form = nullptr;
    QMap<Field, FieldWidgets> m_fields;
};

} // namespace Dbtu::Ui
