// SPDX-License-Identifier: MIT
// dbtu-screenshot: opens the real MainWindow offscreen, loads paths, waits for
// FileUploadPage::inspectionFinished() and saves QWidget::grab() PNGs. With --api-sandbox it
// starts an in-process sandbox (as `dbt-uploader --sandbox` does), uploads an earlier run made
// from the target/ folder PATH, then PATH itself from the API upload tab, and grabs the window
// once the sync has finished (Changes since the last upload compares the two). With --bucket-peer
// it starts the S3 test peer (tests/peers, after `npm ci`), fills the Bucket settings tab, pushes
// PATH... into the peer's bucket and grabs the window once the connection checklist has run.
//
//   dbtu-screenshot [--dark] [--select-problem] [--api-sandbox | --bucket-peer] --out FILE.png
//                   PATH...
#include "ApiUploadPage.h"
#include "BucketSettingsPage.h"
#include "FileUploadPage.h"
#include "MainWindow.h"
#include "PeerProcess.h"
#include "sandbox/SandboxServer.h"
#include "settings/UploadHistory.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPalette>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QToolButton>

#include <cstdio>

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1f, 0x21, 0x24);
    const QColor text(0xe8, 0xea, 0xed);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2d));
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3c));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x3f, 0x44));
    p.setColor(QPalette::Mid, QColor(0x5f, 0x63, 0x68));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8b, 0xd9));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
}

QJsonObject readObject(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                       : QJsonObject();
}

bool writeObject(const QString &path, const QJsonObject &o)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly)
           && f.write(QJsonDocument(o).toJson(QJsonDocument::Indented)) > 0;
}

/**
 * An earlier run of the target/ folder @p folder, written to @p out: one model more (removed
 * since), one test fewer (added since), and other results (two newly failing and one fixed
 * since), so that the Changes box has something to show after the real upload.
 */
bool writeEarlierRun(const QString &folder, const QString &out)
{
    QJsonObject manifest = readObject(folder + QStringLiteral("/manifest.json"));
    QJsonObject runResults = readObject(folder + QStringLiteral("/run_results.json"));
    QJsonObject nodes = manifest.value(QLatin1String("nodes")).toObject();
    if (nodes.isEmpty() || runResults.isEmpty()) {
        return false;
    }
    const QString gone = QStringLiteral("model.tiny_shop.customer_lifetime_value");
    const QString added = QStringLiteral("test.tiny_shop.assert_positive_totals");
    nodes.insert(gone,
                 QJsonObject{{QStringLiteral("resource_type"), QStringLiteral("model")},
                             {QStringLiteral("package_name"), QStringLiteral("tiny_shop")},
                             {QStringLiteral("unique_id"), gone},
                             {QStringLiteral("name"), QStringLiteral("customer_lifetime_value")}});
    nodes.remove(added);
    manifest.insert(QStringLiteral("nodes"), nodes);
    const QString invocation = QStringLiteral("11111111-aaaa-4bbb-8ccc-000000000000");
    QJsonObject metadata = manifest.value(QLatin1String("metadata")).toObject();
    metadata.insert(QStringLiteral("invocation_id"), invocation);
    manifest.insert(QStringLiteral("metadata"), metadata);

    const QHash<QString, QString> earlier{
        {QStringLiteral("model.tiny_shop.customers"), QStringLiteral("success")},
        {QStringLiteral("test.tiny_shop.unique_customers_customer_id.1a"), QStringLiteral("pass")},
        {QStringLiteral("test.tiny_shop.relationships_orders_customer_id.4d"),
         QStringLiteral("fail")}};
    QJsonArray results;
    for (const QJsonValue &v : runResults.value(QLatin1String("results")).toArray()) {
        QJsonObject r = v.toObject();
        const QString id = r.value(QLatin1String("unique_id")).toString();
        if (id == added) {
            continue;
        }
        if (earlier.contains(id)) {
            r.insert(QStringLiteral("status"), earlier.value(id));
        }
        results.append(r);
    }
    results.append(QJsonObject{{QStringLiteral("unique_id"), gone},
                               {QStringLiteral("status"), QStringLiteral("success")}});
    runResults.insert(QStringLiteral("results"), results);
    metadata = runResults.value(QLatin1String("metadata")).toObject();
    metadata.insert(QStringLiteral("invocation_id"), invocation);
    runResults.insert(QStringLiteral("metadata"), metadata);
    return writeObject(out + QStringLiteral("/manifest.json"), manifest)
           && writeObject(out + QStringLiteral("/run_results.json"), runResults);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("dbtu-screenshot"));
    QStandardPaths::setTestModeEnabled(true); // never touch the user's recent files
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption darkOption(QStringLiteral("dark"), QStringLiteral("Dark palette"));
    const QCommandLineOption selectOption(QStringLiteral("select-problem"),
                                          QStringLiteral("Select the first problem row"));
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("PNG to write"),
                                       QStringLiteral("file"));
    const QCommandLineOption sandboxOption(
        QStringLiteral("api-sandbox"),
        QStringLiteral("Upload PATHs to an in-process sandbox from the API upload tab"));
    const QCommandLineOption bucketOption(
        QStringLiteral("bucket-peer"),
        QStringLiteral("Push PATHs to the S3 test peer from the Bucket settings tab, then test"));
    parser.addOptions({darkOption, selectOption, outOption, sandboxOption, bucketOption});
    parser.addPositionalArgument(QStringLiteral("paths"), QStringLiteral("Files or a folder"));
    parser.process(app);
    if (!parser.isSet(outOption) || parser.positionalArguments().isEmpty()) {
        parser.showHelp(2);
    }
    QApplication::setPalette(parser.isSet(darkOption) ? darkPalette()
                                                      : QApplication::style()->standardPalette());

    Dbtu::Ui::MainWindow window;
    window.resize(1280, 800);
    window.show();
    const QString out = parser.value(outOption);
    const bool select = parser.isSet(selectOption);
    int rc = 0;
    const auto grabAndQuit = [&window, &rc, out] {
        // Let layouts settle before grabbing.
        QTimer::singleShot(200, &window, [&window, &rc, out] {
            if (!window.grab().save(out)) {
                std::fprintf(stderr, "error: cannot write %s\n", qPrintable(out));
                rc = 1;
            }
            QApplication::quit();
        });
    };

    if (parser.isSet(sandboxOption)) {
        Dbtu::Sandbox::SandboxOptions options;
        options.syncSeconds = 1.0;
        Dbtu::Sandbox::SandboxServer sandbox(options);
        if (Dbtu::Result<void> started = sandbox.start(); !started) {
            std::fprintf(stderr, "error: %s\n", qPrintable(started.error().message));
            return 1;
        }
        window.enterSandboxMode(sandbox.apiBaseUrl(), sandbox.apiKey(),
                                Dbtu::Sandbox::SandboxServer::dbtIntegrationId());
        Dbtu::UploadHistory::clear(); // only this run's upload in the picture
        Dbtu::Ui::ApiUploadPage *page = window.apiUploadPage();
        page->setWatchPollInterval(std::chrono::milliseconds(200), std::chrono::milliseconds(500));
        const auto upload = [page](const QStringList &paths) {
            page->setPaths(paths);
            page->startUpload();
            // The small test pair draws check warnings: answer "Upload anyway".
            if (Dbtu::UploadSession *s = page->session()) {
                QObject::connect(s, &Dbtu::UploadSession::checksFinished, s,
                                 [s](const Dbtu::InspectResult &, bool needsConfirmation) {
                                     if (needsConfirmation) {
                                         QTimer::singleShot(0, s, &Dbtu::UploadSession::proceed);
                                     }
                                 });
            }
        };
        // First an earlier run of the folder, so that the Changes box compares the real one.
        QTemporaryDir earlierDir;
        const QStringList paths = parser.positionalArguments();
        const bool earlier = paths.size() == 1 && writeEarlierRun(paths.first(), earlierDir.path());
        int uploadsLeft = earlier ? 2 : 1;
        QObject::connect(page, &Dbtu::Ui::ApiUploadPage::sessionFinished, &window, [&] {
            if (--uploadsLeft > 0) {
                QTimer::singleShot(300, page, [&] { upload(paths); });
            } else {
                grabAndQuit();
            }
        });
        // Once the sandbox key has been read back from the session store.
        QTimer::singleShot(300, page,
                           [&] { upload(earlier ? QStringList{earlierDir.path()} : paths); });
        const int exec = QApplication::exec();
        return rc ? rc : exec;
    }
    if (parser.isSet(bucketOption)) {
        Dbtu::Test::PeerProcess peer;
        QString why;
        const QString key = QStringLiteral("AKIAPEERFULL00000001");
        const QString secret = QStringLiteral("peer-full-secret");
        if (!peer.startS3({QStringLiteral("--bucket"), QStringLiteral("acme-dbt-artifacts"),
                           QStringLiteral("--key"), key + QLatin1Char(':') + secret,
                           QStringLiteral("--region"), QStringLiteral("eu-west-1")},
                          &why)) {
            std::fprintf(stderr, "error: %s\n", qPrintable(why));
            return 1;
        }
        Dbtu::Ui::BucketSettingsPage *page = window.bucketSettingsPage();
        window.tabWidget()->setCurrentWidget(page);
        const auto set = [page](const QString &name, const QString &value) {
            if (auto *edit = page->findChild<QLineEdit *>(name + QStringLiteral("LineEdit"))) {
                edit->setText(value);
            }
        };
        QObject::connect(page, &Dbtu::Ui::BucketSettingsPage::testFinished, &window, grabAndQuit);
        QObject::connect(page, &Dbtu::Ui::BucketSettingsPage::uploadFinished, page,
                         &Dbtu::Ui::BucketSettingsPage::testConnection);
        // Once the profile's keychain look-up is done (nothing is stored: the keys are typed).
        QTimer::singleShot(300, page, [&] {
            set(QStringLiteral("accessKeyId"), key);
            set(QStringLiteral("secretAccessKey"), secret);
            set(QStringLiteral("region"), QStringLiteral("eu-west-1"));
            set(QStringLiteral("bucket"), QStringLiteral("acme-dbt-artifacts"));
            set(QStringLiteral("prefix"), QStringLiteral("dbt/prod"));
            page->findChild<QToolButton *>(QStringLiteral("advancedToolButton"))->setChecked(true);
            set(QStringLiteral("endpoint"), QStringLiteral("http://127.0.0.1:%1").arg(peer.port()));
            page->setPaths(parser.positionalArguments());
            page->startUpload();
        });
        // The small test pair may draw a check warning: answer "Upload anyway".
        QTimer anyway;
        QObject::connect(&anyway, &QTimer::timeout, page, [page] {
            auto *b = page->findChild<QPushButton *>(QStringLiteral("bucketUploadAnywayButton"));
            if (b && b->isVisible()) {
                b->click();
            }
        });
        anyway.start(100);
        const int exec = QApplication::exec();
        return rc ? rc : exec;
    }
    QObject::connect(window.fileUploadPage(), &Dbtu::Ui::FileUploadPage::inspectionFinished,
                     &window, [&window, &rc, out, select] {
                         if (select) {
                             auto *table = window.findChild<QTableView *>(
                                 QStringLiteral("problemsTableView"));
                             if (table && table->model()->rowCount() > 0) {
                                 table->selectRow(0);
                                 table->setFocus();
                             }
                         }
                         // Let layouts settle before grabbing.
                         QTimer::singleShot(200, &window, [&window, &rc, out] {
                             if (!window.grab().save(out)) {
                                 std::fprintf(stderr, "error: cannot write %s\n", qPrintable(out));
                                 rc = 1;
                             }
                             QApplication::quit();
                         });
                     });
    window.openPaths(parser.positionalArguments());
    const int exec = QApplication::exec();
    return rc ? rc : exec;
}
