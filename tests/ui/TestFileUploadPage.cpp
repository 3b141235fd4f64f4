// SPDX-License-Identifier: MIT
// The File upload tab driven through its real widgets: drops, banners, cancel, recent files.
#include "Banner.h"
#include "DropArea.h"
#include "FileUploadPage.h"
#include "MainWindow.h"
#include "SummaryView.h"
#include "TestPaths.h"
#include "example/ExampleProject.h"
#include "settings/RecentPaths.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

using namespace Dbtu::Ui;

class TestFileUploadPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void opensOnFileUploadTab();
    void dropTargetFolderShowsSummary();
    void problemsFilterAndDetail();
    void brokenFileShowsErrorBanner();
    void nonDbtJsonShowsErrorBanner();
    void errorClearsOldSummary();
    void checksBannerShowsDocsGenerateAndMismatch();
    void cancelReturnsToIdle();
    void newDropCancelsRunningJob();
    void recentFilesRemembered();
    void enterOnDropAreaOpensBrowse();
    void exampleProjectOpensUntilSomethingIsRead();

private:
    QString data(const QString &rel) const
    {
        return Dbtu::Test::dataDir() + QStringLiteral("/ui/") + rel;
    }
    template<typename T>
    T *find(const QString &name) const
    {
        T *w = m_window->findChild<T *>(name);
        if (!w) {
            qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
        }
        return w;
    }
    QString labelText(const QString &name) const
    {
        auto *l = find<QLabel>(name);
        return l ? l->text() : QStringLiteral("<missing %1>").arg(name);
    }
    void drop(const QStringList &paths);
    bool dropAndWait(const QStringList &paths);
    QString bigManifest(QTemporaryDir &dir) const;

    std::unique_ptr<MainWindow> m_window;
    FileUploadPage *m_page = nullptr;
};

void TestFileUploadPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("dbt-uploader-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("TestFileUploadPage"));
    QVERIFY2(QFile::exists(data(QStringLiteral("target/manifest.json"))),
             qPrintable(Dbtu::Test::dataDir()));
}

void TestFileUploadPage::init()
{
    Dbtu::RecentPaths::clear();
    m_window = std::make_unique<MainWindow>();
    m_page = m_window->fileUploadPage();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestFileUploadPage::cleanup()
{
    m_window.reset();
    m_page = nullptr;
}

void TestFileUploadPage::drop(const QStringList &paths)
{
    auto *area = find<DropArea>(QStringLiteral("dropArea"));
    QVERIFY(area);
    QList<QUrl> urls;
    for (const QString &p : paths) {
        urls << QUrl::fromLocalFile(p);
    }
    QMimeData mime;
    mime.setUrls(urls);
    const QPoint pos = area->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(area, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent dropEvent(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(area, &dropEvent);
    QVERIFY(dropEvent.isAccepted());
}

bool TestFileUploadPage::dropAndWait(const QStringList &paths)
{
    QSignalSpy finished(m_page, &FileUploadPage::inspectionFinished);
    drop(paths);
    if (QTest::currentTestFailed()) {
        return false;
    }
    return finished.count() > 0 || finished.wait(20000);
}

void TestFileUploadPage::opensOnFileUploadTab()
{
    QCOMPARE(m_window->windowTitle(), QStringLiteral("dbt Uploader"));
    auto *tabs = find<QTabWidget>(QStringLiteral("mainTabWidget"));
    QVERIFY(tabs);
    QCOMPARE(tabs->count(), 3); // File upload, API upload, Bucket settings
    QCOMPARE(tabs->currentWidget(), m_page);
    QVERIFY(find<DropArea>(QStringLiteral("dropArea"))->isVisible());
    QVERIFY(!find<SummaryView>(QStringLiteral("summaryView"))->isVisible());
    QVERIFY(!find<Banner>(QStringLiteral("errorBanner"))->isVisible());
    for (const char *name :
         {"dropArea", "browseButton", "browseFolderButton", "exampleButton", "recentComboBox",
          "cancelButton", "problemFilterLineEdit", "problemsTableView", "problemDetailTextEdit"}) {
        auto *w = find<QWidget>(QString::fromLatin1(name));
        QVERIFY2(w, name);
        QVERIFY2(!w->accessibleName().isEmpty(), name);
    }
}

void TestFileUploadPage::dropTargetFolderShowsSummary()
{
    QVERIFY(dropAndWait({data(QStringLiteral("target"))}));
    QVERIFY(!find<Banner>(QStringLiteral("errorBanner"))->isVisible());
    QVERIFY(find<SummaryView>(QStringLiteral("summaryView"))->isVisible());
    QCOMPARE(m_page->state(), FileUploadPage::State::Idle);
    QVERIFY(!find<QWidget>(QStringLiteral("progressWidget"))->isVisible());

    QCOMPARE(labelText(QStringLiteral("projectNameLabel")), QStringLiteral("tiny_shop"));
    QCOMPARE(labelText(QStringLiteral("dbtVersionLabel")), QStringLiteral("1.8.7"));
    QCOMPARE(labelText(QStringLiteral("adapterLabel")), QStringLiteral("duckdb"));
    QCOMPARE(labelText(QStringLiteral("schemaVersionsLabel")),
             QStringLiteral("manifest v12 · run_results v6"));
    QVERIFY2(labelText(QStringLiteral("commandLabel")).startsWith(QStringLiteral("build")),
             qPrintable(labelText(QStringLiteral("commandLabel"))));
    QVERIFY(!find<QLabel>(QStringLiteral("compileOnlyLabel"))->isVisible());
    QCOMPARE(labelText(QStringLiteral("sameInvocationLabel")), QStringLiteral("yes"));

    QCOMPARE(labelText(QStringLiteral("resourceModelCountLabel")), QStringLiteral("4"));
    QCOMPARE(labelText(QStringLiteral("resourceTestCountLabel")), QStringLiteral("5"));
    QCOMPARE(labelText(QStringLiteral("resourceSourceCountLabel")), QStringLiteral("2"));
    QCOMPARE(labelText(QStringLiteral("resourceMacroCountLabel")), QStringLiteral("3"));
    QCOMPARE(labelText(QStringLiteral("materializationViewCountLabel")), QStringLiteral("2"));
    QCOMPARE(labelText(QStringLiteral("materializationIncrementalCountLabel")),
             QStringLiteral("1"));
    QCOMPARE(labelText(QStringLiteral("testKindGenericCountLabel")), QStringLiteral("4"));
    QCOMPARE(labelText(QStringLiteral("testKindSingularCountLabel")), QStringLiteral("1"));
    QCOMPARE(labelText(QStringLiteral("statusPassChipLabel")), QStringLiteral("3 pass"));
    QCOMPARE(labelText(QStringLiteral("statusErrorChipLabel")), QStringLiteral("2 error"));
    QCOMPARE(labelText(QStringLiteral("statusFailChipLabel")), QStringLiteral("1 fail"));
    QCOMPARE(labelText(QStringLiteral("statusWarnChipLabel")), QStringLiteral("1 warn"));
    QCOMPARE(labelText(QStringLiteral("statusSkippedChipLabel")), QStringLiteral("1 skipped"));
    QVERIFY(labelText(QStringLiteral("resultCountLabel")).contains(QStringLiteral("11 results")));

    auto *slowest = find<QTableWidget>(QStringLiteral("slowestTableWidget"));
    QCOMPARE(slowest->rowCount(), 5);
    QCOMPARE(slowest->item(0, 2)->text(), QStringLiteral("model.tiny_shop.customers"));

    // A result whose node is not in the manifest is a warning in the checks banner.
    auto *checks = find<Banner>(QStringLiteral("checksBanner"));
    QVERIFY(checks->isVisible());
    QVERIFY(checks->messages().join(QLatin1Char('\n')).contains(QStringLiteral("legacy_orders")));
}

void TestFileUploadPage::problemsFilterAndDetail()
{
    QVERIFY(dropAndWait({data(QStringLiteral("target"))}));
    auto *table = find<QTableView>(QStringLiteral("problemsTableView"));
    auto *filter = find<QLineEdit>(QStringLiteral("problemFilterLineEdit"));
    auto *detail = find<QPlainTextEdit>(QStringLiteral("problemDetailTextEdit"));
    QVERIFY(table && filter && detail);
    QVERIFY(table->isVisible());
    QCOMPARE(table->model()->rowCount(), 4);
    QCOMPARE(table->model()->columnCount(), 5);
    QVERIFY(detail->isReadOnly());

    // The message column shows one line; the not-in-manifest row carries its marker.
    int legacyRow = -1;
    for (int r = 0; r < 4; ++r) {
        const QString msg = table->model()->index(r, 2).data().toString();
        QVERIFY2(!msg.contains(QLatin1Char('\n')), qPrintable(msg));
        if (table->model()->index(r, 1).data().toString().contains(QStringLiteral("legacy"))) {
            legacyRow = r;
        }
    }
    QVERIFY(legacyRow >= 0);
    QCOMPARE(table->model()->index(legacyRow, 4).data().toString(),
             QStringLiteral("not in manifest"));

    // Typing narrows the rows (the filter also searches the full message).
    QTest::keyClicks(filter, QStringLiteral("customer_id = 42"));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("fail"));
    filter->clear();
    QTRY_COMPARE(table->model()->rowCount(), 4);
    QTest::keyClicks(filter, QStringLiteral("WARN"));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    filter->clear();

    // Sorting by failures (descending) puts the 3 failures first.
    table->sortByColumn(3, Qt::DescendingOrder);
    QCOMPARE(table->model()->index(0, 3).data().toLongLong(), 3);

    // Selecting the row shows the full multi-line message, newlines kept.
    table->selectRow(0);
    QTRY_VERIFY(detail->toPlainText().contains(
        QStringLiteral("First rows:\n  customer_id = 17\n  customer_id = 42")));
    QVERIFY(detail->toPlainText().contains(
        QStringLiteral("test.tiny_shop.unique_customers_customer_id.1a")));
}

void TestFileUploadPage::brokenFileShowsErrorBanner()
{
    QVERIFY(dropAndWait({data(QStringLiteral("broken.json"))}));
    auto *banner = find<Banner>(QStringLiteral("errorBanner"));
    QVERIFY(banner->isVisible());
    auto *message = banner->findChild<QLabel *>(QStringLiteral("messageLabel"));
    QVERIFY(message);
    QVERIFY2(message->text().contains(QStringLiteral("broken.json")), qPrintable(message->text()));
    QVERIFY2(message->text().contains(QStringLiteral("line 3, column 28")),
             qPrintable(message->text()));
    auto *hint = banner->findChild<QLabel *>(QStringLiteral("hintLabel"));
    QVERIFY(hint && !hint->text().isEmpty());

    // Details… toggles the technical detail.
    auto *details = banner->findChild<QPushButton *>(QStringLiteral("detailsButton"));
    auto *detailText = banner->findChild<QPlainTextEdit *>(QStringLiteral("detailsTextEdit"));
    QVERIFY(details && detailText);
    QVERIFY(!detailText->isVisible());
    QTest::mouseClick(details, Qt::LeftButton);
    QVERIFY(detailText->isVisible());
    QVERIFY2(detailText->toPlainText().contains(QStringLiteral("byte offset")),
             qPrintable(detailText->toPlainText()));
    QTest::mouseClick(details, Qt::LeftButton);
    QVERIFY(!detailText->isVisible());

    QVERIFY(!find<SummaryView>(QStringLiteral("summaryView"))->isVisible());
    QVERIFY(QApplication::activeModalWidget() == nullptr);
}

void TestFileUploadPage::nonDbtJsonShowsErrorBanner()
{
    QVERIFY(dropAndWait({data(QStringLiteral("not-dbt.json"))}));
    auto *banner = find<Banner>(QStringLiteral("errorBanner"));
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->messageCount(), 1);
    QVERIFY(banner->messages().first().contains(QStringLiteral("not-dbt.json")));
    QVERIFY(banner->messages().first().contains(QStringLiteral("not a dbt manifest")));
    QVERIFY(!find<SummaryView>(QStringLiteral("summaryView"))->isVisible());
}

void TestFileUploadPage::errorClearsOldSummary()
{
    QVERIFY(dropAndWait({data(QStringLiteral("target"))}));
    QVERIFY(find<SummaryView>(QStringLiteral("summaryView"))->isVisible());
    QVERIFY(dropAndWait({data(QStringLiteral("broken.json"))}));
    QVERIFY(find<Banner>(QStringLiteral("errorBanner"))->isVisible());
    QVERIFY(!find<SummaryView>(QStringLiteral("summaryView"))->isVisible());
    QVERIFY(!find<SummaryView>(QStringLiteral("summaryView"))->hasResult());
    QVERIFY(!find<Banner>(QStringLiteral("checksBanner"))->isVisible());
    // And a good drop afterwards clears the error.
    QVERIFY(dropAndWait({data(QStringLiteral("target"))}));
    QVERIFY(!find<Banner>(QStringLiteral("errorBanner"))->isVisible());
}

void TestFileUploadPage::checksBannerShowsDocsGenerateAndMismatch()
{
    QVERIFY(dropAndWait({data(QStringLiteral("target/manifest.json")),
                         data(QStringLiteral("docs-generate/run_results.json"))}));
    auto *checks = find<Banner>(QStringLiteral("checksBanner"));
    QVERIFY(checks->isVisible());
    const QString all = checks->messages().join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("dbt docs generate")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("different dbt runs")), qPrintable(all));
    QVERIFY(!find<Banner>(QStringLiteral("errorBanner"))->isVisible());
    QVERIFY(labelText(QStringLiteral("commandLabel")).startsWith(QStringLiteral("docs generate")));
    QVERIFY(find<QLabel>(QStringLiteral("compileOnlyLabel"))->isVisible());
    QVERIFY(labelText(QStringLiteral("sameInvocationLabel")).startsWith(QStringLiteral("no")));
}

QString TestFileUploadPage::bigManifest(QTemporaryDir &dir) const
{
    // ~48 MB: far more than the reader can get through before the cancel below lands.
    const QString path = dir.filePath(QStringLiteral("manifest.json"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        return {};
    }
    f.write(
        R"({"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json",)"
        R"( "dbt_version": "1.8.7", "project_name": "big", "adapter_type": "duckdb",)"
        R"( "invocation_id": "big-1"}, "nodes": {)");
    const QByteArray filler(200, 'x');
    QByteArray chunk;
    for (int i = 0; i < 160000; ++i) {
        chunk += (i ? ",\n" : "\n");
        chunk += "\"model.big.m" + QByteArray::number(i)
                 + R"(": {"resource_type": "model", "package_name": "big", "config": )"
                   R"({"materialized": "view"}, "description": ")"
                 + filler + "\"}";
        if (chunk.size() > (1 << 20)) {
            f.write(chunk);
            chunk.clear();
        }
    }
    f.write(chunk);
    f.write(R"(}, "sources": {}, "macros": {}, "docs": {}, "exposures": {}, "metrics": {},)"
            R"( "groups": {}, "selectors": {}, "disabled": {}})");
    return f.size() > 40'000'000 ? path : QString();
}

void TestFileUploadPage::cancelReturnsToIdle()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString big = bigManifest(dir);
    QVERIFY(!big.isEmpty());

    QSignalSpy finished(m_page, &FileUploadPage::inspectionFinished);
    drop({big});
    // No event has been processed since the drop: the job cannot have reported back yet.
    QCOMPARE(m_page->state(), FileUploadPage::State::Reading);
    auto *cancel = find<QPushButton>(QStringLiteral("cancelButton"));
    auto *progress = find<QProgressBar>(QStringLiteral("progressBar"));
    QVERIFY(cancel->isVisible() && cancel->isEnabled());
    QVERIFY(progress->isVisible());
    QTest::mouseClick(cancel, Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(m_page->state(), FileUploadPage::State::Idle, 20000);
    QCOMPARE(finished.count(), 1);
    QVERIFY(!progress->isVisible());
    QVERIFY(!find<SummaryView>(QStringLiteral("summaryView"))->isVisible());
    QVERIFY(!find<SummaryView>(QStringLiteral("summaryView"))->hasResult());
    QVERIFY(!find<Banner>(QStringLiteral("errorBanner"))->isVisible());
    QVERIFY(labelText(QStringLiteral("statusLabel")).startsWith(QStringLiteral("Cancelled")));
    QVERIFY(Dbtu::RecentPaths::load().isEmpty());
}

void TestFileUploadPage::newDropCancelsRunningJob()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString big = bigManifest(dir);
    QVERIFY(!big.isEmpty());

    QSignalSpy finished(m_page, &FileUploadPage::inspectionFinished);
    drop({big});
    QCOMPARE(m_page->state(), FileUploadPage::State::Reading);
    drop({data(QStringLiteral("target"))});
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(labelText(QStringLiteral("projectNameLabel")), QStringLiteral("tiny_shop"));
    QCOMPARE(m_page->state(), FileUploadPage::State::Idle);
}

void TestFileUploadPage::recentFilesRemembered()
{
    auto *combo = find<QComboBox>(QStringLiteral("recentComboBox"));
    QVERIFY(!combo->isEnabled());
    QVERIFY(dropAndWait({data(QStringLiteral("target"))}));
    QTRY_COMPARE(combo->count(), 2);
    QVERIFY(combo->isEnabled());
    QVERIFY(combo->itemText(1).contains(QStringLiteral("target/")));
    // A failed load is not remembered.
    QVERIFY(dropAndWait({data(QStringLiteral("broken.json"))}));
    QCOMPARE(combo->count(), 2);

    // A new window sees the set and reopens it from the list.
    m_window = std::make_unique<MainWindow>();
    m_page = m_window->fileUploadPage();
    m_window->show();
    combo = find<QComboBox>(QStringLiteral("recentComboBox"));
    QCOMPARE(combo->count(), 2);
    QSignalSpy finished(m_page, &FileUploadPage::inspectionFinished);
    combo->setCurrentIndex(1);
    emit combo->activated(1);
    QVERIFY(finished.wait(20000));
    QCOMPARE(labelText(QStringLiteral("projectNameLabel")), QStringLiteral("tiny_shop"));
}

void TestFileUploadPage::enterOnDropAreaOpensBrowse()
{
    auto *area = find<DropArea>(QStringLiteral("dropArea"));
    area->setFocus();
    QTest::keyClick(area, Qt::Key_Return);
    QFileDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_page->findChild<QFileDialog *>(QStringLiteral("browseFileDialog"))));
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->fileMode(), QFileDialog::ExistingFiles);
    dialog->reject();
    QTRY_VERIFY(!m_page->findChild<QFileDialog *>(QStringLiteral("browseFileDialog")));
}

// "Open the example project" is offered while nothing is read: it writes the example to the
// app's data folder, reads it as a drop would (summary, problems), and then goes away.
void TestFileUploadPage::exampleProjectOpensUntilSomethingIsRead()
{
    auto *example = find<QPushButton>(QStringLiteral("exampleButton"));
    QVERIFY(example);
    QVERIFY(example->isVisible());
    const QString copy = Dbtu::ExampleProject::userDir();
    QDir(copy).removeRecursively();

    QSignalSpy finished(m_page, &FileUploadPage::inspectionFinished);
    QTest::mouseClick(example, Qt::LeftButton);
    QVERIFY(finished.count() > 0 || finished.wait(20000));
    QVERIFY(!find<Banner>(QStringLiteral("errorBanner"))->isVisible());
    QCOMPARE(labelText(QStringLiteral("projectNameLabel")), QStringLiteral("jaffle_shop"));
    QCOMPARE(labelText(QStringLiteral("resourceModelCountLabel")), QStringLiteral("6"));
    QCOMPARE(labelText(QStringLiteral("statusFailChipLabel")), QStringLiteral("2 fail"));
    QCOMPARE(labelText(QStringLiteral("statusWarnChipLabel")), QStringLiteral("1 warn"));
    auto *slowest = find<QTableWidget>(QStringLiteral("slowestTableWidget"));
    QCOMPARE(slowest->item(0, 2)->text(),
             QStringLiteral("model.jaffle_shop.customer_lifetime_value"));
    QCOMPARE(m_page->currentPaths(), QStringList{copy + QStringLiteral("/target")});
    QVERIFY(QFile::exists(copy + QStringLiteral("/target/manifest.json")));
    QVERIFY(QFile::exists(copy + QStringLiteral("/target/run_results.json")));
    QVERIFY(!example->isVisible());
    QVERIFY(find<QPushButton>(QStringLiteral("uploadButton"))->isEnabled());
    QDir(copy).removeRecursively();
}

QTEST_MAIN(TestFileUploadPage)
#include "TestFileUploadPage.moc"
