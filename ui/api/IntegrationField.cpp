// SPDX-License-Identifier: MIT
#include "api/IntegrationField.h"

#include "PageWidgets.h"
#include "secoda/ApiEndpoint.h"
#include "secoda/ListIntegrationsJob.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>

#include <algorithm>

namespace Dbtu::Ui {

using PageWidgets::setStatus;

IntegrationField::IntegrationField(QComboBox *combo, QLabel *status, QObject *parent)
    : QObject(parent)
    , m_combo(combo)
    , m_status(status)
{
    m_combo->lineEdit()->setPlaceholderText(tr("ID or …/integrations/<id>/syncs URL"));
    setStatus(m_status, {}); // hidden until there is something to say
    connect(m_combo, &QComboBox::currentTextChanged, this, &IntegrationField::onTextChanged);
}

QString IntegrationField::integrationId() const
{
    const int index = m_combo->findText(m_combo->currentText());
    if (index >= 0) {
        return m_combo->itemData(index).toString();
    }
    Result<QString> id = ApiEndpoint::parseIntegrationId(m_combo->currentText().trimmed());
    return id ? id.value() : QString();
}

void IntegrationField::setIntegrationId(const QString &id)
{
    m_combo->clear();
    m_combo->setEditText(id);
}

void IntegrationField::onTextChanged()
{
    const QString text = m_combo->currentText().trimmed();
    if (text.isEmpty()) {
        setStatus(m_status,
                  tr("Pick an integration (Load list) or paste its ID or Syncs page URL."));
    } else if (m_combo->findText(text) < 0) {
        Result<QString> id = ApiEndpoint::parseIntegrationId(text);
        setStatus(m_status, id ? tr("Integration %1").arg(id.value()) : id.error().message);
    } else {
        setStatus(m_status, tr("Integration %1").arg(integrationId()));
    }
    if (!m_filling) {
        emit edited();
    }
}

void IntegrationField::load(QNetworkAccessManager &nam, const ApiEndpoint &endpoint,
                            const Secret &key)
{
    if (m_job) {
        return;
    }
    auto *job = new ListIntegrationsJob(nam, endpoint, key, this);
    m_job = job;
    setStatus(m_status, tr("Loading the integrations…"));
    connect(job, &NetworkJob::finished, this, [this, job] {
        job->deleteLater();
        m_job.clear(); // isLoading() is false from here on, for whoever the signals reach
        if (job->error()) {
            setStatus(m_status, tr("The integrations could not be loaded."));
            emit loadFailed(*job->error());
            emit loadFinished();
            return;
        }
        QList<Integration> list = job->integrations();
        std::stable_sort(list.begin(), list.end(), [](const Integration &a, const Integration &b) {
            return a.looksLikeDbt() && !b.looksLikeDbt();
        });
        const QString keep = integrationId();
        m_filling = true;
        m_combo->clear();
        for (const Integration &i : std::as_const(list)) {
            m_combo->addItem(QStringLiteral("%1 (%2) — %3").arg(i.name, i.type, i.id), i.id);
        }
        int index = m_combo->findData(keep);
        if (index < 0 && !list.isEmpty() && list.first().looksLikeDbt()) {
            index = 0;
        }
        m_combo->setCurrentIndex(index);
        if (index < 0) {
            m_combo->setEditText(keep);
        }
        m_filling = false;
        onTextChanged();
        setStatus(m_status, tr("%n integration(s) loaded; dbt-looking ones first.", nullptr,
                               int(list.size())));
        emit loadFinished();
    });
    job->start();
}

} // namespace Dbtu::Ui
