// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "secoda/ListIntegrationsJob.h"

#include <QObject>
#include <QPointer>

class QComboBox;
class QLabel;
class QNetworkAccessManager;
class QPushButton;

namespace Dbtu {
class ApiEndpoint;
class Secret;
} // namespace Dbtu

namespace Dbtu::Ui {

/**
 * The API tab's integration: an editable list (one picked from Load list, or an ID or Syncs page
 * URL pasted), Load list and the integration's status line. It works on the widgets of the page's
 * form (integrationComboBox, loadIntegrationsButton, integrationStatusLabel); the page decides
 * when Load list may run (it needs a URL and a key) and saves the profile on edited().
 */
class IntegrationField : public QObject
{
    Q_OBJECT
public:
    IntegrationField(QComboBox *combo, QLabel *status, QObject *parent);

    /** The id the page would upload to (empty when none or invalid). */
    QString integrationId() const;
    /** A profile's integration: the list emptied, @p id in the field. */
    void setIntegrationId(const QString &id);
    /** Whether a list is being loaded (the job is alive). */
    bool isLoading() const { return m_job != nullptr; }
    /** Loads the account's integrations, dbt-looking ones first; the one chosen stays chosen. */
    void load(QNetworkAccessManager &nam, const ApiEndpoint &endpoint, const Secret &key);

signals:
    /** The integration changed (typed, picked or a list loaded): the page saves its profile. */
    void edited();
    /** The list could not be loaded: the page shows @p error. */
    void loadFailed(const Dbtu::Error &error);
    /** Loading ended, well or not (after edited() or loadFailed()): isLoading() is false. */
    void loadFinished();

private:
    void onTextChanged();

    QComboBox *m_combo = nullptr;
    QLabel *m_status = nullptr;
    QPointer<ListIntegrationsJob> m_job;
    bool m_filling = false; // while a loaded list replaces the items: not an edit
};

} // namespace Dbtu::Ui
