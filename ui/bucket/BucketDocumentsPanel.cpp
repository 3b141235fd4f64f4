// SPDX-License-Identifier: MIT
#include "bucket/BucketDocumentsPanel.h"

#include "PageWidgets.h"
#include "bucket/BucketConfig.h"
#include "bucket/PolicyDocuments.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

namespace Dbtu::Ui {

using PageWidgets::button;
using PageWidgets::statusLabel;

BucketDocumentsPanel::BucketDocumentsPanel(QWidget *parent)
    : QGroupBox(tr("Documents to paste"), parent)
{
    setObjectName(QStringLiteral("documentsGroupBox"));
    auto *outer = new QVBoxLayout(this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *inner = new QWidget;
    auto *v = new QVBoxLayout(inner);
    v->setContentsMargins(0, 0, 0, 0);
    scroll->setWidget(inner);
    outer->addWidget(scroll);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const auto make = [&](Document &d, const QString &stem, const QString &title,
                          const QString &about, int lines) {
        d.box = new QWidget(inner);
        auto *dv = new QVBoxLayout(d.box);
        dv->setContentsMargins(0, 0, 0, 6);
        auto *head = new QHBoxLayout;
        auto *t = new QLabel(title, d.box);
        QFont bold = t->font();
        bold.setBold(true);
        t->setFont(bold);
        d.copy = button(tr("Copy"), QStringLiteral("copy%1Button").arg(stem),
                        tr("Copy the %1").arg(title), d.box);
        head->addWidget(t, 1);
        head->addWidget(d.copy);
        dv->addLayout(head);
        auto *help = new QLabel(about, d.box);
        help->setWordWrap(true);
        dv->addWidget(help);
        QString name = stem;
        name[0] = name[0].toLower();
        d.text = new QPlainTextEdit(d.box);
        d.text->setObjectName(name + QStringLiteral("TextEdit"));
        d.text->setAccessibleName(title);
        d.text->setReadOnly(true);
        d.text->setFont(mono);
        d.text->setLineWrapMode(QPlainTextEdit::NoWrap);
        d.text->setMinimumHeight(QFontMetrics(mono).lineSpacing() * lines);
        dv->addWidget(d.text, 1);
        v->addWidget(d.box, 1); // the visible documents share the column's height
        QPlainTextEdit *doc = d.text;
        QPushButton *copy = d.copy;
        connect(copy, &QPushButton::clicked, this, [this, doc, copy] { copyDocument(doc, copy); });
    };
    make(m_iamUserPolicy, QStringLiteral("IamUserPolicy"), tr("IAM user policy"),
         tr("Attach to the IAM user whose access key Secoda gets. Secoda documents this policy; "
            "it also grants writes and deletes that Secoda's own reading does not need (its role "
            "policy is read-only)."),
         10);
    make(m_roleTrustPolicy, QStringLiteral("RoleTrustPolicy"), tr("Role trust policy"),
         tr("The role's trust relationship: lets Secoda's AWS account assume it with your "
            "external ID."),
         10);
    make(m_rolePermissionsPolicy, QStringLiteral("RolePermissionsPolicy"),
         tr("Role permissions policy"), tr("Attach to the role: read access to the bucket."), 10);
    make(m_uploaderPolicy, QStringLiteral("UploaderPolicy"), tr("Uploader policy"),
         tr("Attach to the IAM user or role that runs dbt Uploader (a CI user, your own): it may "
            "write the artifacts under the path and list the path, nothing else — no reads, no "
            "deletes. Test connection reads the manifest, which this policy refuses; the push "
            "does not need it."),
         10);
    make(m_gcsCors, QStringLiteral("GcsCors"), tr("cors.json"),
         tr("Save as cors.json; Secoda's browser reads the bucket with it."), 8);
    make(m_gcsCorsCommand, QStringLiteral("GcsCorsCommand"), tr("CORS command"),
         tr("Run it where cors.json is (Cloud Shell or the gcloud CLI)."), 2);
    m_noDocumentsLabel
        = statusLabel(QStringLiteral("noDocumentsLabel"), tr("About documents"), inner);
    m_noDocumentsLabel->setText(
        tr("Azure Blob Storage needs no policy document: Secoda reads the container with the "
           "storage account's connection string."));
    v->addWidget(m_noDocumentsLabel, 1, Qt::AlignTop);
}

BucketDocumentsPanel::~BucketDocumentsPanel() = default;

void BucketDocumentsPanel::regenerate(BucketProvider provider, const QString &bucketName,
                                      const QString &prefix, const QString &externalIdValue)
{
    const BucketProvider p = provider;
    const QString bucket = bucketName.isEmpty() ? QStringLiteral("your-bucket") : bucketName;
    const QString externalId
        = externalIdValue.isEmpty() ? QStringLiteral("your-external-id") : externalIdValue;
    const auto set = [](Document &d, const QString &content, bool visible) {
        if (d.text->toPlainText() != content) {
            d.text->setPlainText(content);
        }
        d.box->setVisible(visible);
    };
    set(m_iamUserPolicy, QString::fromUtf8(PolicyDocuments::iamUserPolicy(bucket)),
        p == BucketProvider::S3);
    set(m_roleTrustPolicy, QString::fromUtf8(PolicyDocuments::roleTrustPolicy(externalId)),
        p == BucketProvider::S3Role);
    set(m_rolePermissionsPolicy, QString::fromUtf8(PolicyDocuments::rolePermissionsPolicy(bucket)),
        p == BucketProvider::S3Role);
    BucketConfig paths;
    paths.prefix = prefix;
    set(m_uploaderPolicy,
        QString::fromUtf8(PolicyDocuments::uploaderPolicy(bucket, paths.normalizedPrefix())),
        p == BucketProvider::S3 || p == BucketProvider::S3Role);
    set(m_gcsCors, QString::fromUtf8(PolicyDocuments::gcsCors()), p == BucketProvider::Gcs);
    set(m_gcsCorsCommand, PolicyDocuments::gcsCorsCommand(bucket), p == BucketProvider::Gcs);
    m_noDocumentsLabel->setVisible(p == BucketProvider::Azure);
}
void BucketDocumentsPanel::copyDocument(QPlainTextEdit *document, QPushButton *copy)
{
    QGuiApplication::clipboard()->setText(document->toPlainText());
    copy->setText(tr("Copied"));
    QPointer<QPushButton> guard(copy);
    QTimer::singleShot(2000, this, [guard] {
        if (guard) {
            guard->setText(tr("Copy"));
        }
    });
}

} // namespace Dbtu::Ui
