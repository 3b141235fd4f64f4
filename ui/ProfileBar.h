// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QStringList>
#include <QWidget>

#include <functional>

class QComboBox;
class QPushButton;

namespace Dbtu::Ui {

/**
 * A tab's profile row: the profile list and Add… / Rename… / Remove…. It asks for a name
 * (a QInputDialog) and checks it with the one rule (profileNameProblem); what a profile holds,
 * and what adding, renaming or removing it does, stays with the tab, which gets the signals.
 * Object names come from Names, so each tab keeps its own (tests find widgets by them).
 */
class ProfileBar : public QWidget
{
    Q_OBJECT
public:
    struct Names
    {
        QString combo;      ///< e.g. profileComboBox
        QString add;        ///< addProfileButton
        QString rename;     ///< renameProfileButton
        QString remove;     ///< removeProfileButton
        QString nameDialog; ///< profileNameDialog
        QString removeBox;  ///< removeProfileMessageBox
        QString removeText; ///< the question, %1 = the profile's name

        /** The object names made from @p stem ("profile" gives profileComboBox,
         * addProfileButton, …; "bucketProfile" gives bucketProfileComboBox, …). */
        static Names from(const QString &stem, QString removeText)
        {
            const QString upper = stem.at(0).toUpper() + stem.mid(1);
            return {stem + QLatin1String("ComboBox"),
                    QLatin1String("add") + upper + QLatin1String("Button"),
                    QLatin1String("rename") + upper + QLatin1String("Button"),
                    QLatin1String("remove") + upper + QLatin1String("Button"),
                    stem + QLatin1String("NameDialog"),
                    QLatin1String("remove") + upper + QLatin1String("MessageBox"),
                    std::move(removeText)};
        }
    };

    /** @p existing gives the names a new one must differ from; @p reserved may never be used. */
    ProfileBar(Names names, std::function<QStringList()> existing, QStringList reserved,
               QWidget *parent = nullptr);

    QComboBox *combo() const { return m_combo; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *renameButton() const { return m_rename; }
    QPushButton *removeButton() const { return m_remove; }

    /** Fills the list (item text, data = the name) and selects @p select (else the first),
     * without emitting activated(); returns the selected name. */
    QString setProfiles(const QList<std::pair<QString, QString>> &items, const QString &select);
    QString current() const;
    /** A profile that is not the user's (the sandbox's): it cannot be renamed or removed. */
    void setTransient(bool transient);

signals:
    /** The user picked another profile. */
    void activated(const QString &name);
    void addRequested(const QString &name);
    void renameRequested(const QString &from, const QString &to);
    /** After the user confirmed the removal. */
    void removeRequested(const QString &name);
    /** A name the rule refuses: the tab shows the error. */
    void nameRefused(const Dbtu::Error &error);

private:
    void askName(const QString &title, const QString &initial,
                 std::function<void(const QString &)> onName);

    Names m_names;
    std::function<QStringList()> m_existing;
    QStringList m_reserved;
    QComboBox *m_combo = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_rename = nullptr;
    QPushButton *m_remove = nullptr;
};

} // namespace Dbtu::Ui
