// SPDX-License-Identifier: MIT
#include "TestHelpers.h"
#include "sandbox/MultipartParser.h"

#include <QTest>

using Dbtu::Sandbox::MultipartParser;
using Dbtu::Sandbox::MultipartPart;

class TestMultipartParser : public QObject
{
    Q_OBJECT
private slots:
    void boundary_data();
    void boundary();
    void wellFormed();
    void contentKeepsCrlfAndDashes();
    void preambleEpilogueAndPadding();
    void filenameForms();
    void emptyPartAndNoHeaders();
    void malformed_data();
    void malformed();
};

void TestMultipartParser::boundary_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("boundary"); // empty: an error is expected
    QTest::newRow("plain") << QByteArray("multipart/form-data; boundary=abc123")
                           << QByteArray("abc123");
    QTest::newRow("quoted, with space and ;")
        << QByteArray("multipart/form-data; boundary=\"a b;c\"") << QByteArray("a b;c");
    QTest::newRow("case and other params")
        << QByteArray("Multipart/Form-Data; charset=utf-8; BOUNDARY=----X") << QByteArray("----X");
    QTest::newRow("not multipart") << QByteArray("application/json") << QByteArray();
    QTest::newRow("no boundary") << QByteArray("multipart/form-data") << QByteArray();
    QTest::newRow("empty boundary")
        << QByteArray("multipart/form-data; boundary=\"\"") << QByteArray();
    QTest::newRow("too long") << QByteArray("multipart/form-data; boundary=" + QByteArray(71, 'x'))
                              << QByteArray();
    QTest::newRow("unterminated quote")
        << QByteArray("multipart/form-data; boundary=\"abc") << QByteArray();
    QTest::newRow("no content type") << QByteArray() << QByteArray();
}

void TestMultipartParser::boundary()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, boundary);
    const Dbtu::Result<QByteArray> result = MultipartParser::boundaryFrom(contentType);
    if (boundary.isEmpty()) {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().httpStatus, 400);
    } else {
        QVERIFY_OK(result);
        QCOMPARE(result.value(), boundary);
    }
}

void TestMultipartParser::wellFormed()
{
    const QByteArray body = "--XyZ\r\n"
                            "Content-Disposition: form-data; name=\"integration\"\r\n"
                            "\r\n"
                            "abc-123\r\n"
                            "--XyZ\r\n"
                            "content-disposition: form-data; name=\"manifest_file\"; "
                            "filename=\"manifest.json\"\r\n"
                            "Content-Type: application/json\r\n"
                            "\r\n"
                            "{\"a\": 1}\r\n"
                            "--XyZ--\r\n";
    const auto parts = MultipartParser::parse("multipart/form-data; boundary=XyZ", body);
    QVERIFY_OK(parts);
    QCOMPARE(parts.value().size(), 2);
    const MultipartPart &text = parts.value()[0];
    QCOMPARE(text.name, QStringLiteral("integration"));
    QVERIFY(!text.isFile());
    QCOMPARE(text.data, QByteArray("abc-123"));
    const MultipartPart &file = parts.value()[1];
    QCOMPARE(file.name, QStringLiteral("manifest_file"));
    QCOMPARE(file.fileName, std::optional<QString>(QStringLiteral("manifest.json")));
    QCOMPARE(file.contentType, QByteArray("application/json"));
    QCOMPARE(file.data, QByteArray("{\"a\": 1}"));
    QCOMPARE(file.headers.first().first, QByteArray("content-disposition"));
}

void TestMultipartParser::contentKeepsCrlfAndDashes()
{
    // Content may hold CRLFs, "--" and text that starts like the boundary but is longer.
    const QByteArray content = "line1\r\n--XyZ is not here\r\n\r\n--Xy\r\nend\r\n";
    const QByteArray body
        = "--XyZZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n" + content
          + "\r\n--XyZZ--";
    const auto parts = MultipartParser::parseWithBoundary("XyZZ", body);
    QVERIFY_OK(parts);
    QCOMPARE(parts.value().size(), 1);
    QCOMPARE(parts.value().first().data, content);
}

void TestMultipartParser::preambleEpilogueAndPadding()
{
    const QByteArray body = "this is a preamble\r\n--b  \t\r\n"
                            "Content-Disposition: form-data; name=a\r\n\r\n1\r\n"
                            "--b\r\n"
                            "Content-Disposition: form-data;\r\n name=\"b\"\r\n\r\n2\r\n"
                            "--b--\r\nepilogue, ignored\r\n--b\r\n";
    const auto parts = MultipartParser::parseWithBoundary("b", body);
    QVERIFY_OK(parts);
    QCOMPARE(parts.value().size(), 2);
    QCOMPARE(parts.value()[0].name, QStringLiteral("a"));
    QCOMPARE(parts.value()[1].name, QStringLiteral("b")); // folded header line
    QCOMPARE(parts.value()[1].data, QByteArray("2"));
}

void TestMultipartParser::filenameForms()
{
    const QByteArray body
        = "--b\r\nContent-Disposition: form-data; name=\"x\"; filename=\"C:\\dir\\a "
          "\\\"q\\\".json\"\r\n\r\n1\r\n"
          "--b\r\nContent-Disposition: form-data; name=\"y\"; filename=\"plain\"; "
          "filename*=UTF-8''na%C3%AFve.json\r\n\r\n2\r\n"
          "--b\r\nContent-Disposition: form-data; name=\"z\"; filename=\"\"\r\n\r\n\r\n"
          "--b--";
    const auto parts = MultipartParser::parseWithBoundary("b", body);
    QVERIFY_OK(parts);
    QCOMPARE(parts.value().size(), 3);
    QCOMPARE(*parts.value()[0].fileName, QStringLiteral("C:\\dir\\a \"q\".json"));
    QCOMPARE(*parts.value()[1].fileName, QStringLiteral("na\u00efve.json"));
    QVERIFY(parts.value()[2].isFile()); // an empty filename is still a file part
    QCOMPARE(parts.value()[2].data, QByteArray());
}

void TestMultipartParser::emptyPartAndNoHeaders()
{
    const auto empty = MultipartParser::parseWithBoundary("b", "--b--\r\n");
    QVERIFY_OK(empty);
    QVERIFY(empty.value().isEmpty());
    // A part without headers has no name: that is an error for form-data.
    const auto noHeaders = MultipartParser::parseWithBoundary("b", "--b\r\n\r\ndata\r\n--b--");
    QVERIFY(!noHeaders.ok());
    QVERIFY(noHeaders.error().message.contains(QLatin1String("Content-Disposition")));
}

void TestMultipartParser::malformed_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("messageHas");
    const QByteArray cd = "Content-Disposition: form-data; name=\"m\"\r\n";
    QTest::newRow("no boundary in body") << QByteArray("hello") << "does not contain the boundary";
    QTest::newRow("empty body") << QByteArray() << "does not contain the boundary";
    QTest::newRow("truncated content")
        << QByteArray("--b\r\n" + cd + "\r\npartial") << "without the closing boundary";
    QTest::newRow("no close delimiter")
        << QByteArray("--b\r\n" + cd + "\r\nx\r\n--b") << "without the closing boundary";
    QTest::newRow("delimiter without CRLF")
        << QByteArray("--bX\r\n" + cd + "\r\nx\r\n--b--") << "does not end in CRLF";
    QTest::newRow("LF only") << QByteArray("--b\n" + cd + "\nx\n--b--\n") << "does not end in CRLF";
    QTest::newRow("headers not ended") << QByteArray("--b\r\n" + cd) << "not ended";
    QTest::newRow("header without colon")
        << QByteArray("--b\r\nContent-Disposition form-data\r\n\r\nx\r\n--b--")
        << "header line without a name";
    QTest::newRow("not form-data")
        << QByteArray("--b\r\nContent-Disposition: attachment; name=\"m\"\r\n\r\nx\r\n--b--")
        << "not form-data";
    QTest::newRow("no name") << QByteArray(
        "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--")
                             << "no field name";
    QTest::newRow("two dispositions")
        << QByteArray("--b\r\n" + cd + cd + "\r\nx\r\n--b--") << "given twice";
    QTest::newRow("bad filename*") << QByteArray(
        "--b\r\nContent-Disposition: form-data; name=m; filename*=koi8''x\r\n\r\nx\r\n--b--")
                                   << "filename*";
}

void TestMultipartParser::malformed()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, messageHas);
    const auto parts = MultipartParser::parseWithBoundary("b", body);
    QVERIFY(!parts.ok());
    QCOMPARE(parts.error().code, Dbtu::ErrorCode::InvalidInput);
    QCOMPARE(parts.error().httpStatus, 400);
    QVERIFY2(parts.error().message.contains(messageHas), qPrintable(parts.error().message));
}

QTEST_GUILESS_MAIN(TestMultipartParser)
#include "TestMultipartParser.moc"
