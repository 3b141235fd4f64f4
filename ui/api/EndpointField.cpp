// SPDX-License-Identifier: MIT
#include "api/EndpointField.h"

#include "PageWidgets.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>

namespace Dbtu::Ui {

using PageWidgets::setStatus;

EndpointField::EndpointField(QComboBox *region, QLineEdit *url, QLabel *status, QObject *parent)
    : QObject(parent)
    , m_region(region)
    , m_url(url)
    , m_status(status)
{
    m_region->addItem(tr("US (api.secoda.co)"), QStringLiteral("us"));
    m_region->addItem(tr("EU (eapi.secoda.co)"), QStringLiteral("eu"));
    m_region->addItem(tr("APAC (aapi.secoda.co)"), QStringLiteral("apac"));
    m_region->addItem(tr("Custom URL (on-premise)"), QString());
    setStatus(m_status, {}); // hidden until there is something to say
    connect(m_region, &QComboBox::currentIndexChanged, this, &EndpointField::refresh);
    connect(m_url, &QLineEdit::textChanged, this, &EndpointField::refresh);
}

QString EndpointField::apiUrl() const
{
    const QString region = m_region->currentData().toString();
    return region.isEmpty() ? m_url->text().trimmed() : region;
}

void EndpointField::setApiUrl(const QString &apiUrl)
{
    const int region = m_region->findData(apiUrl);
    if (region >= 0) {
        m_region->setCurrentIndex(region);
        m_url->clear();
    } else {
        m_region->setCurrentIndex(m_region->count() - 1);
        m_url->setText(apiUrl);
    }
}

std::optional<ApiEndpoint> EndpointField::endpoint() const
{
    Result<ApiEndpoint> e = ApiEndpoint::parse(apiUrl());
    if (!e) {
        return std::nullopt;
    }
    return e.value();
}

void EndpointField::refresh()
{
    const bool custom = m_region->currentData().toString().isEmpty();
    m_url->setEnabled(custom);
    if (custom) {
        const QString text = m_url->text().trimmed();
        if (text.isEmpty()) {
            setStatus(m_status, tr("Enter the API base URL of your installation."));
        } else if (Result<ApiEndpoint> e = ApiEndpoint::parse(text); !e) {
            setStatus(m_status, e.error().message + QLatin1Char(' ') + e.error().hint);
        } else {
            setStatus(m_status, tr("Requests go to %1").arg(e.value().baseUrl().toString()));
        }
    } else {
        setStatus(m_status, tr("Requests go to %1")
                                .arg(ApiEndpoint::regionUrl(m_region->currentData().toString())));
    }
    emit edited();
}

} // namespace Dbtu::Ui
