// SPDX-License-Identifier: MIT
#include "bucket/BucketProfiles.h"

#include "Banner.h"
#include "PageWidgets.h"
#include "ProfileBar.h"
#include "bucket/BucketConfig.h"
#include "bucket/BucketSecrets.h"
#include "secrets/SecretStore.h"
#include "secrets/SecretsMove.h"

#include <QComboBox>
#include <QPushButton>

namespace Dbtu::Ui {

struct BucketProfiles::RenameRun
{
    using Field = BucketSecrets::Field;
    QString from;
    QString to;
    QMap<Field, Secret> session; ///< session-only secrets taken from `from`; never to the keychain
    QStringList leftOver;        ///< keys that could not be removed (copies; named in a warning)
    std::optional<Error> error;  ///< the first failure: the rename is rolled back
};

BucketProfiles::BucketProfiles(SecretStore &store, BucketSecrets *secrets, Banner *errorBanner,
                               Form form, QWidget *parent)
    : QObject(parent)
    , m_store(store)
    , m_secrets(secrets)
    , m_errorBanner(errorBanner)
    , m_form(std::move(form))
{
    const auto names = ProfileBar::Names::from(
        QStringLiteral("bucketProfile"),
        tr("Remove bucket profile \"%1\" and its secrets from the keychain?"));
    // The name is also part of the keychain keys bucket/<profile>/<field>.
    m_bar = new ProfileBar(
        names, [this] { return m_settings.bucketProfileNames(); }, {}, parent);
    m_bar->combo()->setAccessibleName(tr("Bucket profile"));

    connect(m_bar, &ProfileBar::activated, this, [this](const QString &name) {
        if (name != m_profile.name) {
            load(name);
            m_settings.setLastBucketProfile(name);
        }
    });
    connect(m_bar, &ProfileBar::addRequested, this, &BucketProfiles::add);
    connect(m_bar, &ProfileBar::renameRequested, this,
            [this](const QString &, const QString &to) { startRename(to); });
    connect(m_bar, &ProfileBar::removeRequested, this, &BucketProfiles::remove);
    connect(m_bar, &ProfileBar::nameRefused, m_errorBanner, &Banner::showError);
}

BucketProfiles::~BucketProfiles() = default;

void BucketProfiles::fill(const QString &select)
{
    QList<std::pair<QString, QString>> items;
    for (const QString &n : m_settings.bucketProfileNames()) {
        items.append({n, n});
    }
    m_bar->setProfiles(items, select);
}

void BucketProfiles::reload(const QString &select)
{
    fill(select);
    load(m_bar->current());
}

void BucketProfiles::load(const QString &name)
{
    m_loading = true;
    m_profile = m_settings.bucketProfile(name);
    m_form.show(m_profile);
    m_loading = false;
    m_form.shown();
    m_secrets->read();
}

void BucketProfiles::save()
{
    if (m_loading) {
        return;
    }
    m_profile = m_form.read(m_profile);
    m_settings.saveBucketProfile(m_profile); // never a secret: BucketProfile has no such field
    m_settings.setLastBucketProfile(m_profile.name);
}

void BucketProfiles::add(const QString &name)
{
    BucketProfile p;
    p.name = name;
    p.provider = m_form.provider();
    m_settings.saveBucketProfile(p);
    m_settings.setLastBucketProfile(name);
    reload(name);
}

void BucketProfiles::remove(const QString &name)
{
    m_settings.removeBucketProfile(name);
    for (BucketSecrets::Field f : BucketSecrets::allFields()) {
        const QString key = BucketConfig::keychainKey(name, BucketSecrets::keyName(f));
        m_store.clearSessionSecret(key);
        if (m_secrets->isKeychainAvailable()) {
            SecretJob *job = m_store.remove(key);
            PageWidgets::deleteWhenFinished(job);
            job->start();
        }
    }
    const QString first = m_settings.bucketProfileNames().first();
    m_settings.setLastBucketProfile(first);
    reload(first);
}

void BucketProfiles::startRename(const QString &to)
{
    if (isRenaming() || m_form.busy() || m_secrets->isReading() || m_secrets->isWriting()) {
        m_errorBanner->clear();
        m_errorBanner->addMessage(Banner::Level::Error,
                                  tr("The profile cannot be renamed while it is in use."),
                                  tr("Wait for the test, the upload or the keychain to finish, "
                                     "then rename it again."));
        return;
    }
    save(); // m_profile holds the form as it is now
    auto run = std::make_shared<RenameRun>();
    run->from = m_profile.name;
    run->to = to;
    m_rename = run;
    m_errorBanner->clear();

    // The settings first (so the form's edits meanwhile are saved under the new name); a keychain
    // failure below moves them back.
    moveSettings(run->from, to);

    // Session-only secrets come out of memory now: read() answers from memory first, and the
    // reads below must reach the keychain; they go back under the new name (or the old one)
    // at the end, and are never written to the keychain.
    for (BucketSecrets::Field f : BucketSecrets::allFields()) {
        const QString key = BucketConfig::keychainKey(run->from, BucketSecrets::keyName(f));
        if (std::optional<Secret> value = m_store.sessionSecret(key)) {
            run->session.insert(f, *value);
            m_store.clearSessionSecret(key);
        }
    }
    m_secrets->setStatusText(tr("Moving the secrets to \"%1\"…").arg(to));
    emit stateChanged();
    if (!m_secrets->isKeychainAvailable()) {
        finishRename(run); // only the session's secrets move
        return;
    }
    // The keychain entries move as one transaction (SecretsMove); a failure rolls it back.
    QList<SecretsMove::Key> keys;
    for (BucketSecrets::Field f : BucketSecrets::allFields()) {
        keys.append({BucketConfig::keychainKey(run->from, BucketSecrets::keyName(f)),
                     BucketConfig::keychainKey(run->to, BucketSecrets::keyName(f))});
    }
    auto *move = new SecretsMove(m_store, keys, this);
    // The settings (with any edit made meanwhile) go back under the old name.
    connect(move, &SecretsMove::rollingBack, this,
            [this, run] { moveSettings(run->to, run->from); });
    connect(move, &SecretsMove::finished, this, [this, run, move] {
        run->error = move->error();
        run->leftOver = move->leftOver();
        move->deleteLater();
        finishRename(run);
    });
    move->start();
}

void BucketProfiles::moveSettings(const QString &from, const QString &to)
{
    BucketProfile moved = m_profile;
    moved.name = to;
    m_settings.saveBucketProfile(moved);
    m_settings.removeBucketProfile(from);
    m_settings.setLastBucketProfile(to);
    m_profile = moved;
    fill(to);
}

void BucketProfiles::finishRename(const std::shared_ptr<RenameRun> &run)
{
    const bool renamed = !run->error;
    const QString owner = renamed ? run->to : run->from;
    for (auto it = run->session.cbegin(); it != run->session.cend(); ++it) {
        m_store.setSessionSecret(BucketConfig::keychainKey(owner, BucketSecrets::keyName(it.key())),
                                 it.value());
    }
    m_rename.reset();
    m_errorBanner->clear();
    if (!renamed) {
        const Error &e = *run->error;
        m_errorBanner->addMessage(
            Banner::Level::Error,
            tr("Bucket profile \"%1\" was not renamed: %2").arg(run->from, e.message),
            tr("Its settings and secrets stay under \"%1\". %2")
                .arg(run->from, e.hint.isEmpty() ? tr("Check that the keychain is unlocked, "
                                                      "then rename the profile again.")
                                                 : e.hint),
            e.detail);
        if (e.code == ErrorCode::KeychainUnavailable) {
            m_secrets->showKeychainUnavailable(e);
        }
    } else if (!m_secrets->isKeychainAvailable()) {
        m_errorBanner->addMessage(
            Banner::Level::Warning,
            tr("Renamed to \"%1\"; without a keychain only the secrets kept for this session "
               "moved.")
                .arg(run->to),
            tr("Secrets stored in the keychain earlier stay under \"%1\": once the keychain is "
               "back, store them again in profile \"%2\".")
                .arg(run->from, run->to));
    }
    if (!run->leftOver.isEmpty()) {
        m_errorBanner->addMessage(
            Banner::Level::Warning,
            tr("Some keychain entries could not be removed: %1.")
                .arg(run->leftOver.join(QStringLiteral(", "))),
            tr("They are copies, not used by this profile: remove them with your keyring's "
               "manager (for example Passwords and Keys)."));
    }
    m_secrets->updateStatus();
    emit stateChanged();
    emit renameFinished();
}

void BucketProfiles::updateButtons(bool busy, bool writing)
{
    const bool renaming = isRenaming();
    m_bar->combo()->setEnabled(!busy && !renaming);
    m_bar->addButton()->setEnabled(!busy && !renaming);
    m_bar->removeButton()->setEnabled(!busy && !renaming);
    // The secrets move with the name: not while a test or push uses them, nor while the
    // keychain is being read or written for this profile.
    m_bar->renameButton()->setEnabled(!busy && !writing);
    m_bar->renameButton()->setToolTip(
        busy       ? tr("Wait for the test or the upload to finish.")
        : renaming ? tr("Moving the secrets to the new name…")
        : writing  ? tr("Wait for the keychain to finish.")
                   : tr("Renames the profile and moves its secrets in the keychain"));
}

} // namespace Dbtu::Ui
