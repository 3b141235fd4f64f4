// SPDX-License-Identifier: MIT
#include "ProfileBar.h"

#include "MessageBox.h"
#include "PageWidgets.h"
#include "settings/ProfileName.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QPushButton>
#include <QSignalBlocker>

namespace Dbtu::Ui {

ProfileBar::ProfileBar(Names names, std::function<QStringList()> existing, QStringList reserved,
                       QWidget *parent)
    : QWidget(parent)
    , m_names(std::move(names))
    , m_existing(std::move(existing))
    , m_reserved(std::move(reserved))
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    m_combo = new QComboBox(this);
    m_combo->setObjectName(m_names.combo);
    m_combo->setAccessibleName(tr("Profile"));
    m_add = PageWidgets::button(tr("Add…"), m_names.add, tr("Add a profile"), this);
    m_rename = PageWidgets::button(tr("Rename…"), m_names.rename, tr("Rename the profile"), this);
    m_remove = PageWidgets::button(tr("Remove…"), m_names.remove, tr("Remove the profile"), this);
    row->addWidget(m_combo, 1);
    row->addWidget(m_add);
    row->addWidget(m_rename);
    row->addWidget(m_remove);
    setFocusProxy(m_combo);

    connect(m_combo, &QComboBox::activated, this,
            [this](int index) { emit activated(m_combo->itemData(index).toString()); });
    connect(m_add, &QPushButton::clicked, this, [this] {
        askName(tr("Add a profile"), QString(),
                [this](const QString &name) { emit addRequested(name); });
    });
    connect(m_rename, &QPushButton::clicked, this, [this] {
        const QString from = current();
        askName(tr("Rename the profile"), from,
                [this, from](const QString &to) { emit renameRequested(from, to); });
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const QString name = current();
        MessageBox::confirm(parentWidget() ? parentWidget() : this, m_names.removeBox,
                            tr("Remove the profile"), m_names.removeText.arg(name), tr("&Remove"),
                            [this, name] { emit removeRequested(name); });
    });
}

QString ProfileBar::setProfiles(const QList<std::pair<QString, QString>> &items,
                                const QString &select)
{
    const QSignalBlocker blocker(m_combo);
    m_combo->clear();
    for (const auto &[text, name] : items) {
        m_combo->addItem(text, name);
    }
    const int index = std::max(0, m_combo->findData(select));
    m_combo->setCurrentIndex(index);
    return m_combo->itemData(index).toString();
}

QString ProfileBar::current() const
{
    return m_combo->currentData().toString();
}

void ProfileBar::setTransient(bool transient)
{
    m_rename->setEnabled(!transient);
    m_remove->setEnabled(!transient);
}

void ProfileBar::askName(const QString &title, const QString &initial,
                         std::function<void(const QString &)> onName)
{
    QWidget *owner = parentWidget() ? parentWidget() : this;
    auto *dialog = new QInputDialog(owner);
    dialog->setObjectName(m_names.nameDialog);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(title);
    dialog->setLabelText(tr("Profile name (e.g. prod, staging):"));
    dialog->setTextValue(initial);
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, initial, onName = std::move(onName)](const QString &text) {
                const QString name = text.trimmed();
                if (!initial.isEmpty() && name == initial) {
                    return; // a Rename to the same name: nothing to do
                }
                if (const std::optional<Error> e
                    = profileNameProblem(name, m_existing(), m_reserved)) {
                    emit nameRefused(*e);
                    return;
                }
                onName(name);
            });
    dialog->open();
}

} // namespace Dbtu::Ui
