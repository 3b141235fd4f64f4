// SPDX-License-Identifier: MIT
#pragma once

#include "bucket/BucketConfig.h"

#include <QGroupBox>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Dbtu::Ui {

/**
 * The Bucket tab's "Documents to paste" box: the policy documents (PolicyDocuments) the
 * provider needs, each with a Copy button, filled from the page's bucket, prefix and external ID
 * (regenerate()). For S3 (keys or a role) also the uploader policy: the least privilege of the
 * identity that pushes, beside Secoda's own documents. Azure needs none: a label says so.
 *
 * Widgets (objectNames): documentsGroupBox (this); per document a QPlainTextEdit and a Copy
 * button: iamUserPolicyTextEdit / copyIamUserPolicyButton, roleTrustPolicyTextEdit /
 * copyRoleTrustPolicyButton, rolePermissionsPolicyTextEdit / copyRolePermissionsPolicyButton,
 * uploaderPolicyTextEdit / copyUploaderPolicyButton,
 * gcsCorsTextEdit / copyGcsCorsButton, gcsCorsCommandTextEdit / copyGcsCorsCommandButton;
 * noDocumentsLabel.
 */
class BucketDocumentsPanel : public QGroupBox
{
    Q_OBJECT
public:
    explicit BucketDocumentsPanel(QWidget *parent = nullptr);
    ~BucketDocumentsPanel() override;

    /**
     * Shows the documents of @p provider, for @p bucket, @p prefix and @p externalId as typed
     * (an empty bucket or ID: a placeholder name).
     */
    void regenerate(BucketProvider provider, const QString &bucket, const QString &prefix,
                    const QString &externalId);

private:
    struct Document
    {
        QWidget *box = nullptr;
        QPlainTextEdit *text = nullptr;
        QPushButton *copy = nullptr;
    };

    void copyDocument(QPlainTextEdit *document, QPushButton *button);

    Document m_iamUserPolicy;
    Document m_roleTrustPolicy;
    Document m_rolePermissionsPolicy;
    Document m_uploaderPolicy;
    Document m_gcsCors;
    Document m_gcsCorsCommand;
    QLabel *m_noDocumentsLabel = nullptr;
};

} // namespace Dbtu::Ui
