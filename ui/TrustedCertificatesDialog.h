// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QListWidget;
class QPushButton;

namespace Dbtu::Ui {

class Banner;

/**
 * Settings → Trusted Certificates…: the root certificate files (a company CA, a TLS-inspecting
 * proxy's) trusted next to the system's ("certificateList", "addCertificateButton",
 * "removeCertificateButton"). OK ("acceptButton") reads every file with the environment's
 * SSL_CERT_FILE / SSL_CERT_DIR: a file that cannot be read or holds no certificate is shown in
 * the dialog's banner ("certificateBanner") and nothing changes; else the list is saved in the
 * settings file and trusted by every request from then on.
 */
class TrustedCertificatesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TrustedCertificatesDialog(QWidget *parent = nullptr);

    QStringList files() const;
    void setFiles(const QStringList &files);

    void accept() override;

signals:
    /** The list was saved and is in force: @p count extra certificates are trusted. */
    void trustChanged(qsizetype count);

private:
    void addFiles();
    void removeSelected();

    QListWidget *m_list = nullptr;
    QPushButton *m_remove = nullptr;
    Banner *m_banner = nullptr;
};

} // namespace Dbtu::Ui
