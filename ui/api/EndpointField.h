// SPDX-License-Identifier: MIT
#pragma once

#include "secoda/ApiEndpoint.h"

#include <QObject>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;

namespace Dbtu::Ui {

/**
 * The API tab's address: a region (US, EU, APAC) or a custom URL (on-premise), and the status
 * line saying where requests go or what is wrong with the URL. It works on the widgets of the
 * page's form (regionComboBox, customUrlLineEdit, urlStatusLabel); the page saves the profile on
 * edited().
 */
class EndpointField : public QObject
{
    Q_OBJECT
public:
    EndpointField(QComboBox *region, QLineEdit *url, QLabel *status, QObject *parent);

    /** As a profile keeps it: a region (us, eu, apac) or the custom URL. */
    QString apiUrl() const;
    void setApiUrl(const QString &apiUrl);
    /** Where requests go; nullopt while the custom URL is not valid. */
    std::optional<ApiEndpoint> endpoint() const;

public slots:
    /** Checks the address again, shows the result and emits edited(). */
    void refresh();

signals:
    void edited();

private:
    QComboBox *m_region = nullptr;
    QLineEdit *m_url = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace Dbtu::Ui
