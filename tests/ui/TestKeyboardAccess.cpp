// SPDX-License-Identifier: MIT
// The window with the keyboard alone: on each tab (and each bucket provider's form), Tab walks
// every control that takes focus, each of them has a name for screen readers (QAccessible), and
// no two visible controls, menus or tabs answer the same Alt+letter.
#include "ApiUploadPage.h"
#include "BucketSettingsPage.h"
#include "FileUploadPage.h"
#include "MainWindow.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

using namespace Dbtu::Ui;

namespace {

/** The letter after a lone '&' in text (lower case), or 0. */
QChar mnemonic(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) == u'&') {
            if (text.at(i + 1) == u'&') {
                ++i;
                continue;
            }
            return text.at(i + 1).toLower();
        }
    }
    return {};
}

QString describe(const QWidget *w)
{
    return QStringLiteral("%1 \"%2\"")
        .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName());
}

/** Whether Tab should stop on w: visible, enabled, takes Tab focus, not another's inner part. */
bool takesTabFocus(const QWidget *w)
{
    if (!w->isVisible() || !w->isEnabled() || !(w->focusPolicy() & Qt::TabFocus)
        || w->focusProxy()) {
        return false;
    }
    for (const QWidget *p = w->parentWidget(); p; p = p->parentWidget()) {
        if (qobject_cast<const QAbstractSpinBox *>(p) || qobject_cast<const QComboBox *>(p)) {
            return false; // the line edit inside a spin box or an editable combo box
        }
    }
    return true;
}

} // namespace

class TestKeyboardAccess : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void eachTab_data();
    void eachTab();

private:
    /** Tabs from the tab bar through page until the focus comes back; the widgets it visited. */
    QList<QWidget *> walk(QWidget *page);

    std::unique_ptr<MainWindow> m_window;
};

void TestKeyboardAccess::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("dbt-uploader-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("TestKeyboardAccess"));
    QSettings().clear();
    QAccessible::setActive(true);
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QApplication::setActiveWindow(m_window.get());
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestKeyboardAccess::cleanupTestCase()
{
    m_window.reset();
}

QList<QWidget *> TestKeyboardAccess::walk(QWidget *page)
{
    QTabWidget *tabs = m_window->tabWidget();
    QWidget *bar = tabs->findChild<QTabBar *>();
    bar->setFocus(Qt::TabFocusReason);
    QList<QWidget *> visited;
    for (int i = 0; i < 400; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QWidget *now = QApplication::focusWidget();
        if (!now || now == bar || visited.contains(now)) {
            break;
        }
        if (page->isAncestorOf(now)) {
            visited << now;
        }
    }
    return visited;
}

void TestKeyboardAccess::eachTab_data()
{
    QTest::addColumn<QString>("page");
    QTest::addColumn<QString>("provider"); // part of a Bucket tab provider's name, else empty
    QTest::newRow("File upload") << QStringLiteral("fileUploadPage") << QString();
    QTest::newRow("API upload") << QStringLiteral("apiUploadPage") << QString();
    for (const char *provider : {"IAM user", "role", "Google", "Azure"}) {
        QTest::addRow("Bucket settings, %s", provider)
            << QStringLiteral("bucketSettingsPage") << QString::fromLatin1(provider);
    }
}

void TestKeyboardAccess::eachTab()
{
    QFETCH(QString, page);
    QFETCH(QString, provider);
    QTabWidget *tabs = m_window->tabWidget();
    auto *pageWidget = tabs->findChild<QWidget *>(page);
    QVERIFY(pageWidget);
    tabs->setCurrentWidget(pageWidget);
    if (!provider.isEmpty()) {
        auto *combo = pageWidget->findChild<QComboBox *>(QStringLiteral("providerComboBox"));
        QVERIFY(combo);
        int index = -1;
        for (int i = 0; i < combo->count(); ++i) {
            if (combo->itemText(i).contains(provider)) {
                index = i;
                break;
            }
        }
        QVERIFY2(index >= 0, qPrintable(provider));
        combo->setCurrentIndex(index);
        QCoreApplication::processEvents();
    }
    QTest::qWait(50);

    // Tab reaches every control of the tab that takes focus.
    const QList<QWidget *> visited = walk(pageWidget);
    QStringList unreached;
    for (QWidget *w : pageWidget->findChildren<QWidget *>()) {
        if (takesTabFocus(w) && !visited.contains(w)) {
            unreached << describe(w);
        }
    }
    QVERIFY2(unreached.isEmpty(),
             qPrintable(QStringLiteral("not reached by Tab: ") + unreached.join(u", ")));
    QVERIFY(visited.size() >= 3);

    // Each control Tab stops on has a name a screen reader says.
    QStringList nameless;
    for (QWidget *w : visited) {
        QAccessibleInterface *a = QAccessible::queryAccessibleInterface(w);
        if (!a || a->text(QAccessible::Name).trimmed().isEmpty()) {
            nameless << describe(w);
        }
    }
    QVERIFY2(nameless.isEmpty(),
             qPrintable(QStringLiteral("no accessible name: ") + nameless.join(u", ")));

    // No Alt+letter answers twice: the menus, the tabs and this tab's visible controls.
    QMultiHash<QChar, QString> owners;
    for (QAction *menu : m_window->menuBar()->actions()) {
        if (const QChar m = mnemonic(menu->text()); !m.isNull()) {
            owners.insert(m, QStringLiteral("menu ") + menu->text());
        }
    }
    for (int i = 0; i < tabs->count(); ++i) {
        if (const QChar m = mnemonic(tabs->tabText(i)); !m.isNull()) {
            owners.insert(m, QStringLiteral("tab ") + tabs->tabText(i));
        }
    }
    for (QWidget *w : pageWidget->findChildren<QWidget *>()) {
        if (!w->isVisible()) {
            continue;
        }
        QString text;
        if (auto *b = qobject_cast<QAbstractButton *>(w)) {
            text = b->text();
        } else if (auto *l = qobject_cast<QLabel *>(w); l && l->buddy()) {
            text = l->text();
        } else if (auto *g = qobject_cast<QGroupBox *>(w); g && g->isCheckable()) {
            text = g->title();
        }
        if (const QChar m = mnemonic(text); !m.isNull()) {
            owners.insert(m, describe(w) + QStringLiteral(" ") + text);
        }
    }
    QStringList clashes;
    for (const QChar key : owners.uniqueKeys()) {
        if (owners.count(key) > 1) {
            clashes << QStringLiteral("Alt+%1: %2").arg(key).arg(owners.values(key).join(u", "));
        }
    }
    QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(u"; ")));
}

QTEST_MAIN(TestKeyboardAccess)
#include "TestKeyboardAccess.moc"
