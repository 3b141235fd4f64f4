// SPDX-License-Identifier: MIT
#include "bucket/BucketTestPanel.h"

#include "Banner.h"
#include "PageWidgets.h"
#include "Theme.h"
#include "bucket/CredentialTestJob.h"
#include "util/TextFormat.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Dbtu::Ui {

using PageWidgets::button;
using PageWidgets::statusLabel;

namespace {

using Step = CredentialTestJob::StepId;
using State = CredentialTestJob::StepState;

QString stateSymbol(State state)
{
    switch (state) {
    case State::Pending:
        return QStringLiteral("○");
    case State::Running:
        return QStringLiteral("…");
    case State::Ok:
        return QStringLiteral("✓");
    case State::Warning:
        return QStringLiteral("!");
    case State::Failed:
        return QStringLiteral("✗");
    case State::Skipped:
        return QStringLiteral("–");
    }
    return {};
}

Theme::Tone stateTone(State state)
{
    switch (state) {
    case State::Pending:
        return Theme::Tone::Neutral;
    case State::Running:
        return Theme::Tone::Info;
    case State::Ok:
        return Theme::Tone::Good;
    case State::Warning:
        return Theme::Tone::Warning;
    case State::Failed:
        return Theme::Tone::Bad;
    case State::Skipped:
        return Theme::Tone::Skipped;
    }
    return Theme::Tone::Neutral;
}

QString stateText(State state)
{
    switch (state) {
    case State::Pending:
        return BucketTestPanel::tr("Pending");
    case State::Running:
        return BucketTestPanel::tr("Running");
    case State::Ok:
        return BucketTestPanel::tr("Ok");
    case State::Warning:
        return BucketTestPanel::tr("Warning");
    case State::Failed:
        return BucketTestPanel::tr("Failed");
    case State::Skipped:
        return BucketTestPanel::tr("Skipped");
    }
    return {};
}

QString ageText(qint64 seconds)
{
    if (seconds < 120) {
        return BucketTestPanel::tr("%n second(s)", nullptr, int(seconds));
    }
    if (seconds < 2 * 3600) {
        return BucketTestPanel::tr("%n minute(s)", nullptr, int(seconds / 60));
    }
    if (seconds < 2 * 86400) {
        return BucketTestPanel::tr("%n hour(s)", nullptr, int(seconds / 3600));
    }
    return BucketTestPanel::tr("%n day(s)", nullptr, int(seconds / 86400));
}

} // namespace

BucketTestPanel::BucketTestPanel(QNetworkAccessManager &nam, Banner *errorBanner, QWidget *parent)
    : QGroupBox(tr("Test connection"), parent)
    , m_nam(nam)
    , m_errorBanner(errorBanner)
{
    setObjectName(QStringLiteral("testGroupBox"));
    auto *v = new QVBoxLayout(this);
    auto *row = new QHBoxLayout;
    m_testButton = button(tr("&Test connection"), QStringLiteral("testConnectionButton"),
                          tr("Test connection"), this);
    m_testButton->setAccessibleDescription(
        tr("Reaches the storage, signs in, lists the path and reads the manifest"));
    m_cancelTestButton = button(tr("Cancel test"), QStringLiteral("cancelTestButton"),
                                tr("Cancel the connection test"), this);
    row->addWidget(m_testButton);
    row->addWidget(m_cancelTestButton);
    row->addStretch(1);
    v->addLayout(row);

    m_suggestedRegionFrame = new QFrame(this);
    m_suggestedRegionFrame->setObjectName(QStringLiteral("suggestedRegionFrame"));
    m_suggestedRegionFrame->setFrameShape(QFrame::StyledPanel);
    auto *offer = new QHBoxLayout(m_suggestedRegionFrame);
    m_suggestedRegionLabel = statusLabel(QStringLiteral("suggestedRegionLabel"),
                                         tr("Suggested region"), m_suggestedRegionFrame);
    m_useSuggestedRegionButton
        = button(tr("Use it"), QStringLiteral("useSuggestedRegionButton"),
                 tr("Use the bucket's region and test again"), m_suggestedRegionFrame);
    offer->addWidget(m_suggestedRegionLabel, 1);
    offer->addWidget(m_useSuggestedRegionButton);
    m_suggestedRegionFrame->setVisible(false);
    v->addWidget(m_suggestedRegionFrame);

    m_checklist = new QTreeWidget(this);
    m_checklist->setObjectName(QStringLiteral("checklistView"));
    m_checklist->setAccessibleName(tr("Connection checklist"));
    m_checklist->setColumnCount(2);
    m_checklist->setHeaderLabels({tr("Step"), tr("Result")});
    m_checklist->setRootIsDecorated(true);
    m_checklist->setWordWrap(true);
    m_checklist->setUniformRowHeights(false);
    m_checklist->header()->setStretchLastSection(true);
    m_checklist->setTextElideMode(Qt::ElideNone); // long messages wrap (word wrap above)
    m_checklist->setEditTriggers(QAbstractItemView::NoEditTriggers);
    v->addWidget(m_checklist, 1);
    m_stepDetailLabel
        = statusLabel(QStringLiteral("stepDetailLabel"), tr("The selected step in full"), this);
    v->addWidget(m_stepDetailLabel);
    m_testStatusLabel = statusLabel(QStringLiteral("testStatusLabel"), tr("Test status"), this);
    v->addWidget(m_testStatusLabel);
    resetChecklist();

    // The checklist's columns are narrow: the selected step shows in full below it.
    connect(m_checklist, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *item) { showStepDetail(item); });
    connect(m_testButton, &QPushButton::clicked, this, &BucketTestPanel::testRequested);
    connect(m_cancelTestButton, &QPushButton::clicked, this, &BucketTestPanel::cancel);
    connect(m_useSuggestedRegionButton, &QPushButton::clicked, this, [this] {
        if (m_suggestedRegion.isEmpty() || isTesting()) {
            return;
        }
        emit useSuggestedRegion(m_suggestedRegion);
    });
}

BucketTestPanel::~BucketTestPanel() = default;

bool BucketTestPanel::isTesting() const
{
    return !m_testJob.isNull();
}

void BucketTestPanel::setBlockedReason(const QString &reason)
{
    m_blockedReason = reason;
    updateButtons();
}

void BucketTestPanel::reset()
{
    m_suggestedRegionFrame->setVisible(false);
    resetChecklist();
    m_testStatusLabel->clear();
}

void BucketTestPanel::hideSuggestedRegion()
{
    m_suggestedRegionFrame->setVisible(false);
}

void BucketTestPanel::updateButtons()
{
    m_testButton->setEnabled(!isTesting() && m_blockedReason.isEmpty());
    m_testButton->setToolTip(!m_blockedReason.isEmpty()
                                 ? m_blockedReason
                                 : tr("Runs the checklist against the storage"));
    m_cancelTestButton->setEnabled(isTesting());
    m_useSuggestedRegionButton->setEnabled(!isTesting());
}

void BucketTestPanel::resetChecklist()
{
    m_checklist->clear();
    if (m_stepDetailLabel) {
        m_stepDetailLabel->clear();
    }
    for (int i = 0; i <= int(Step::ReportManifest); ++i) {
        auto *item = new QTreeWidgetItem(m_checklist);
        item->setText(0, stateSymbol(State::Pending) + QLatin1Char(' ')
                             + CredentialTestJob::stepTitle(Step(i)));
        item->setData(0, Qt::UserRole, CredentialTestJob::stateName(State::Pending));
        item->setText(1, tr("Not run yet"));
    }
    m_checklist->resizeColumnToContents(0);
}

void BucketTestPanel::showStepDetail(QTreeWidgetItem *item)
{
    if (!item) {
        m_stepDetailLabel->clear();
        return;
    }
    QTreeWidgetItem *step = item->parent() ? item->parent() : item;
    QStringList lines{step->text(0) + QStringLiteral(": ") + step->text(1)};
    for (int i = 0; i < step->childCount(); ++i) {
        lines << step->child(i)->text(0) + QStringLiteral(": ") + step->child(i)->text(1);
    }
    m_stepDetailLabel->setText(lines.join(QLatin1Char('\n')));
}

void BucketTestPanel::start(const BucketConfig &config)
{
    if (isTesting()) {
        return;
    }
    m_suggestedRegionFrame->setVisible(false);
    m_suggestedRegion.clear();
    resetChecklist();
    m_testRoleOnly = config.provider == BucketProvider::S3Role && !config.hasCredentials();
    auto *job = new CredentialTestJob(m_nam, config, this);
    m_testJob = job;
    connect(job, &CredentialTestJob::stepChanged, this, &BucketTestPanel::onStepChanged);
    connect(job, &CredentialTestJob::finished, this, &BucketTestPanel::onTestFinished);
    m_testStatusLabel->setText(tr("Testing…"));
    job->start();
    updateButtons();
    emit stateChanged();
}

void BucketTestPanel::cancel()
{
    if (m_testJob) {
        m_testJob->cancel();
    }
}

void BucketTestPanel::onStepChanged(int index)
{
    setStepItem(index);
}

void BucketTestPanel::setStepItem(int index)
{
    if (!m_testJob || index < 0 || index >= m_checklist->topLevelItemCount()) {
        return;
    }
    const CredentialTestJob::Step &s = m_testJob->steps().at(index);
    QTreeWidgetItem *item = m_checklist->topLevelItem(index);
    item->setText(0, stateSymbol(s.state) + QLatin1Char(' ') + s.title);
    item->setData(0, Qt::UserRole, CredentialTestJob::stateName(s.state));
    item->setForeground(0, Theme::accent(stateTone(s.state), m_checklist->palette()));
    QString message = s.message;
    if (message.isEmpty()) {
        message = stateText(s.state);
    }
    item->setText(1, message);
    item->setToolTip(1, s.hint.isEmpty() ? message : message + QLatin1Char('\n') + s.hint);
    item->setData(1, Qt::AccessibleTextRole,
                  tr("%1: %2. %3").arg(s.title, stateText(s.state), message));
    qDeleteAll(item->takeChildren());
    const auto detail = [item](const QString &label, const QString &value) {
        auto *c = new QTreeWidgetItem(item);
        c->setText(0, label);
        c->setText(1, value);
        c->setToolTip(1, value);
    };
    if (s.state == State::Failed || s.state == State::Warning) {
        if (!s.providerCode.isEmpty()) {
            detail(tr("Provider code"), s.providerCode);
        }
        if (!s.hint.isEmpty()) {
            detail(tr("What to do"), s.hint);
        }
        item->setExpanded(true);
    }
}

void BucketTestPanel::onTestFinished()
{
    CredentialTestJob *job = m_testJob;
    m_testJob.clear();
    job->deleteLater();
    // The role without keys: the job tests only the fields; say why the rest did not run.
    const bool roleOnly = m_testRoleOnly;
    for (int i = 0; i < job->steps().size(); ++i) {
        const CredentialTestJob::Step &s = job->steps().at(i);
        QTreeWidgetItem *item = m_checklist->topLevelItem(i);
        item->setText(0, stateSymbol(s.state) + QLatin1Char(' ') + s.title);
        item->setData(0, Qt::UserRole, CredentialTestJob::stateName(s.state));
        item->setForeground(0, Theme::accent(stateTone(s.state), m_checklist->palette()));
        if (s.state == State::Skipped && s.message.isEmpty()) {
            const QString why = roleOnly ? tr("Not tested: the app cannot assume Secoda's role. "
                                              "Add your own keys to test the bucket.")
                                         : tr("Skipped: an earlier step failed.");
            item->setText(1, why);
            item->setToolTip(1, why);
        }
    }
    if (job->manifest() && !job->error()) {
        const CredentialTestJob::ManifestInfo &m = *job->manifest();
        QTreeWidgetItem *last = m_checklist->topLevelItem(int(Step::ReportManifest));
        const auto detail = [last](const QString &label, const QString &value) {
            auto *c = new QTreeWidgetItem(last);
            c->setText(0, label);
            c->setText(1, value);
        };
        detail(tr("Manifest"), m.object.key);
        detail(tr("Size"), humanSize(m.object.size));
        detail(tr("Age"), tr("written %1 ago").arg(ageText(std::max<qint64>(0, m.ageSeconds))));
        detail(tr("run_results"),
               m.runResults ? tr("%1 (%2)").arg(m.runResults->key, humanSize(m.runResults->size))
                            : tr("none beside the manifest"));
        last->setExpanded(true);
    }
    m_checklist->resizeColumnToContents(0);
    // Show the step that matters in full: the first failure or warning, else the last step.
    QTreeWidgetItem *focus = m_checklist->topLevelItem(m_checklist->topLevelItemCount() - 1);
    for (int i = 0; i < job->steps().size(); ++i) {
        const State state = job->steps().at(i).state;
        if (state == State::Failed || state == State::Warning) {
            focus = m_checklist->topLevelItem(i);
            break;
        }
    }
    m_checklist->setCurrentItem(focus);
    showStepDetail(focus);

    if (job->error() && job->error()->code == ErrorCode::Cancelled) {
        m_testStatusLabel->setText(tr("Cancelled."));
    } else if (job->error()) {
        m_testStatusLabel->setText(tr("The test failed: %1").arg(job->error()->message));
        m_errorBanner->showError(*job->error());
    } else if (roleOnly) {
        m_testStatusLabel->setText(
            tr("The role ARN and external ID are well-formed. The app cannot assume Secoda's "
               "role; paste the trust and permissions policies into the role, or add your own "
               "keys to test the bucket."));
    } else {
        const auto warnings = std::count_if(
            job->steps().cbegin(), job->steps().cend(), [](const CredentialTestJob::Step &s) {
                return s.state == CredentialTestJob::StepState::Warning;
            });
        m_testStatusLabel->setText(
            warnings == 0 ? tr("Secoda's checks pass: the bucket is reachable and holds a "
                               "manifest.")
                          : tr("Secoda's checks pass, with %n warning(s) to read in the list: "
                               "the bucket is reachable and holds a manifest.",
                               nullptr, int(warnings)));
    }
    m_suggestedRegion = job->suggestedRegion();
    if (!m_suggestedRegion.isEmpty()) {
        m_suggestedRegionLabel->setText(tr("The bucket is in %1.").arg(m_suggestedRegion));
        m_suggestedRegionFrame->setVisible(true);
    }
    updateButtons();
    emit stateChanged();
    emit testFinished();
}

} // namespace Dbtu::Ui
