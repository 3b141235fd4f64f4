// SPDX-License-Identifier: MIT
#include "TrustedCertificatesDialog.h"

#include "Banner.h"
#include "net/TrustedCertificates.h"
#include "settings/AppSettings.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace Dbtu::Ui {

TrustedCertificatesDialog::TrustedCertificatesDialog(QWidget *parent)
    : QDialog(parent)
    , m_list(new QListWidget(this))
    , m_banner(new Banner(this))
{
    setObjectName(QStringLiteral("trustedCertificatesDialog"));
    setWindowTitle(tr("Trusted certificates"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Root certificates to trust next to the system's, for a company CA or a proxy that "
           "inspects TLS. The system's certificates stay trusted, and certificate errors are "
           "never ignored."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    const QList<TrustedCertificates::Source> fromEnvironment
        = TrustedCertificates::fromEnvironment();
    if (!fromEnvironment.isEmpty()) {
        QStringList names;
        for (const TrustedCertificates::Source &s : fromEnvironment) {
            names.append(QStringLiteral("%1=%2").arg(s.origin, QDir::toNativeSeparators(s.path)));
        }
        auto *environment
            = new QLabel(tr("Also trusted, from the environment: %1").arg(names.join(u", ")), this);
        environment->setObjectName(QStringLiteral("environmentLabel"));
        environment->setWordWrap(true);
        layout->addWidget(environment);
    }

    m_list->setObjectName(QStringLiteral("certificateList"));
    m_list->setAccessibleName(tr("Trusted certificate files"));
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    layout->addWidget(m_list);

    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("&Add…"), this);
    add->setObjectName(QStringLiteral("addCertificateButton"));
    m_remove = new QPushButton(tr("&Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeCertificateButton"));
    m_remove->setEnabled(false);
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    layout->addLayout(buttons);

    m_banner->setObjectName(QStringLiteral("certificateBanner"));
    layout->addWidget(m_banner);

    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    box->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("acceptButton"));
    box->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("rejectButton"));
    layout->addWidget(box);

    connect(add, &QPushButton::clicked, this, &TrustedCertificatesDialog::addFiles);
    connect(m_remove, &QPushButton::clicked, this, &TrustedCertificatesDialog::removeSelected);
    connect(m_list, &QListWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_list->selectedItems().isEmpty()); });
    connect(box, &QDialogButtonBox::accepted, this, &TrustedCertificatesDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &TrustedCertificatesDialog::reject);

    setFiles(AppSettings().trustedCertificateFiles());
    resize(560, 360);
}

QStringList TrustedCertificatesDialog::files() const
{
    QStringList result;
    for (int i = 0; i < m_list->count(); ++i) {
        result.append(m_list->item(i)->data(Qt::UserRole).toString());
    }
    return result;
}

void TrustedCertificatesDialog::setFiles(const QStringList &files)
{
    m_list->clear();
    for (const QString &file : files) {
        auto *item = new QListWidgetItem(QDir::toNativeSeparators(file), m_list);
        item->setData(Qt::UserRole, file);
    }
}

void TrustedCertificatesDialog::accept()
{
    m_banner->clear();
    const QStringList chosen = files();
    Result<qsizetype> trusted
        = TrustedCertificates::trustWithEnvironment(chosen, tr("The certificate file"));
    if (!trusted) {
        m_banner->showError(trusted.error());
        return; // nothing saved; what was trusted before stays in force
    }
    AppSettings().setTrustedCertificateFiles(chosen);
    emit trustChanged(trusted.value());
    QDialog::accept();
}

void TrustedCertificatesDialog::addFiles()
{
    auto *dialog = new QFileDialog(this, tr("Add trusted certificates"));
    dialog->setObjectName(QStringLiteral("certificateFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    dialog->setNameFilters({tr("Certificates (*.pem *.crt *.cer *.der)"), tr("All files (*)")});
    connect(dialog, &QFileDialog::filesSelected, this, [this](const QStringList &selected) {
        QStringList all = files();
        for (const QString &file : selected) {
            if (!all.contains(file)) {
                all.append(file);
            }
        }
        setFiles(all);
    });
    dialog->open();
}

void TrustedCertificatesDialog::removeSelected()
{
    qDeleteAll(m_list->selectedItems());
}

} // namespace Dbtu::Ui
