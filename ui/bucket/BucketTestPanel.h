// SPDX-License-Identifier: MIT
#pragma once

#include "bucket/BucketConfig.h"

#include <QGroupBox>
#include <QPointer>

class QFrame;
class QLabel;
class QNetworkAccessManager;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace Dbtu {
class CredentialTestJob;
} // namespace Dbtu

namespace Dbtu::Ui {

class Banner;

/**
 * The Bucket tab's "Test connection" box: Test and Cancel, the checklist of a
 * CredentialTestJob (one top-level item per step, its state name in Qt::UserRole of column 0,
 * children for the provider code, the hint and the manifest facts), the selected step in full,
 * the test status, and the region the bucket is really in ("Use it"). The page checks its
 * fields first (start() takes the config as it is), says whether they allow a test
 * (setBlockedReason()), and puts a suggested region into its Region field
 * (useSuggestedRegion). A failure goes into the page's error banner.
 *
 * Widgets (objectNames): testGroupBox (this), testConnectionButton, cancelTestButton,
 * suggestedRegionFrame, suggestedRegionLabel, useSuggestedRegionButton, checklistView,
 * stepDetailLabel, testStatusLabel.
 */
class BucketTestPanel : public QGroupBox
{
    Q_OBJECT
public:
    BucketTestPanel(QNetworkAccessManager &nam, Banner *errorBanner, QWidget *parent = nullptr);
    ~BucketTestPanel() override;

    bool isTesting() const;
    /** Why the page's fields allow no test now (the Test button's tooltip); empty: they do. */
    void setBlockedReason(const QString &reason);

    /** Tests @p config (the caller checked its fields); nothing if a test is running. */
    void start(const BucketConfig &config);
    void cancel();
    /** A new profile: the checklist as never run, no status, no suggested region. */
    void reset();
    void hideSuggestedRegion();

signals:
    /** The Test button was clicked: the page checks its fields, then calls start(). */
    void testRequested();
    /** "Use it" was clicked: the page puts @p region into its Region field and tests again. */
    void useSuggestedRegion(const QString &region);
    /** A test began or ended: the page updates its own buttons. */
    void stateChanged();
    void testFinished();

private:
    void onStepChanged(int index);
    void onTestFinished();
    void resetChecklist();
    void setStepItem(int index);
    void showStepDetail(QTreeWidgetItem *item);
    void updateButtons();

    QNetworkAccessManager &m_nam;
    Banner *m_errorBanner;
    QString m_blockedReason;
    QPointer<CredentialTestJob> m_testJob;
    QString m_suggestedRegion;
    bool m_testRoleOnly = false; ///< the running test is the role's without keys

    QPushButton *m_testButton = nullptr;
    QPushButton *m_cancelTestButton = nullptr;
    QLabel *m_stepDetailLabel = nullptr;
    QLabel *m_testStatusLabel = nullptr;
    QTreeWidget *m_checklist = nullptr;
    QFrame *m_suggestedRegionFrame = nullptr;
    QLabel *m_suggestedRegionLabel = nullptr;
    QPushButton *m_useSuggestedRegionButton = nullptr;
};

} // namespace Dbtu::Ui
