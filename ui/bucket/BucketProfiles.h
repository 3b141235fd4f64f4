// SPDX-License-Identifier: MIT
#pragma once

#include "settings/AppSettings.h"

#include <QObject>

#include <functional>
#include <memory>

namespace Dbtu {
class SecretStore;
} // namespace Dbtu

namespace Dbtu::Ui {

class Banner;
class BucketSecrets;
class ProfileBar;

/**
 * The Bucket tab's profiles: the profile row (a ProfileBar with the tab's object names
 * bucketProfileComboBox, addBucketProfileButton, renameBucketProfileButton,
 * removeBucketProfileButton; dialogs bucketProfileNameDialog and removeBucketProfileMessageBox),
 * and what Add, Rename, Remove and switching do: load a profile into the form, save the form's
 * non-secret fields in AppSettings (never a secret: BucketProfile has no such field), remove a
 * profile with its keychain entries. A helper, not a widget: its row sits in the page's form
 * (bar()). It reads and fills the form through Form.
 *
 * Rename moves the profile in the settings at once, then its secrets in the keychain (a
 * SecretsMove: read each under the old name, write it under the new one, and only once every
 * write succeeded remove the old entries); a failure rolls the settings back and keeps the old
 * entries. Session-only secrets move in memory. The profile controls stay disabled until
 * renameFinished().
 */
class BucketProfiles : public QObject
{
    Q_OBJECT
public:
    /** What it reads of the page's form, and how it fills it. */
    struct Form
    {
        /** @p profile with the form's non-secret fields. */
        std::function<BucketProfile(const BucketProfile &)> read;
        /** Fills the form with @p profile and clears the secret fields (no saving meanwhile). */
        std::function<void(const BucketProfile &)> show;
        /** The profile is in the form: the page checks it again (and may save it). */
        std::function<void()> shown;
        /** The provider a new profile starts with. */
        std::function<BucketProvider()> provider;
        /** A test or a push is running (the secrets are in use). */
        std::function<bool()> busy;
    };

    /** @p bar's parent is @p parent: the page adds it to its form. */
    BucketProfiles(SecretStore &store, BucketSecrets *secrets, Banner *errorBanner, Form form,
                   QWidget *parent);
    ~BucketProfiles() override;

    ProfileBar *bar() const { return m_bar; }
    const BucketProfile &current() const { return m_profile; }
    QString name() const { return m_profile.name; }
    /** A profile is being loaded into the form (edits are not saved meanwhile). */
    bool isLoading() const { return m_loading; }
    /** Whether a Rename is still moving the profile's secrets (see renameFinished()). */
    bool isRenaming() const { return m_rename != nullptr; }

    /** Fills the list and loads @p select (else the first profile). */
    void reload(const QString &select);
    /** Saves the form's fields in the current profile (not while loading). */
    void save();
    /** Enables the row; @p busy: a test or push runs; @p writing: the keychain is busy. */
    void updateButtons(bool busy, bool writing);

signals:
    /** A Rename ended: the profile and its secrets moved, or the error banner says why. */
    void renameFinished();
    /** A Rename started or ended: the page updates its buttons. */
    void stateChanged();

private:
    /** One Rename in progress (defined in the .cpp); its keychain part is a SecretsMove. */
    struct RenameRun;

    void fill(const QString &select);
    void load(const QString &name);
    void add(const QString &name);
    void remove(const QString &name);
    void startRename(const QString &to);
    /** Saves the current profile under @p to, drops @p from, and selects @p to. */
    void moveSettings(const QString &from, const QString &to);
    void finishRename(const std::shared_ptr<RenameRun> &run);

    SecretStore &m_store;
    BucketSecrets *m_secrets;
    Banner *m_errorBanner;
    Form m_form;
    AppSettings m_settings;
    BucketProfile m_profile;
    bool m_loading = true;
    std::shared_ptr<RenameRun> m_rename; ///< set while a Rename moves the secrets
    ProfileBar *m_bar = nullptr;
};

} // namespace Dbtu::Ui
