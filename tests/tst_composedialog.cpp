// The compose box as a person uses it: several lines of text, JSON that must parse, and bytes in
// hex sent as a binary message; typed into the shown dialog, focus moved by Tab and by click.
#include "composedialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

using namespace wsm;

namespace {

constexpr int WaitMs = 15000;

QPushButton *okButton(QDialog *dialog)
{
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    return buttons ? buttons->button(QDialogButtonBox::Ok) : nullptr;
}

// Picks "Binary (hex)" as a person does: a click on the format list, Down to the last entry, then a
// click into the text.
void chooseHex(ComposeDialog *dialog)
{
    auto *format = dialog->findChild<QComboBox *>(QStringLiteral("composeFormat"));
    QVERIFY(format);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab); // from the text to the list
    QTRY_VERIFY(format->hasFocus());
    QTest::keyClick(format, Qt::Key_Down);
    QTest::keyClick(format, Qt::Key_Down);
    QCOMPARE(format->currentText(), QStringLiteral("Binary (hex)"));
    auto *text = dialog->findChild<QPlainTextEdit *>(QStringLiteral("composeText"));
    QTest::mouseClick(text->viewport(), Qt::LeftButton, {}, QPoint(8, 8));
    QTRY_VERIFY(text->hasFocus());
}

} // namespace

class tst_ComposeDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void composeDialogSendsLinesWithCtrlEnter();
    void composeDialogChecksJson_data();
    void composeDialogChecksJson();
    void composeDialogRefusesOverTheMaximum();

    void parseHex_data();
    void parseHex();
    void hexIsSentAsBytesWithEnterOnSend();
    void invalidHexSaysWhyAndEnterSendsNothing();
    void hexSizeIsCountedInBytesDecoded();
};

void tst_ComposeDialog::composeDialogSendsLinesWithCtrlEnter()
{
    ComposeDialog dialog(1024 * 1024);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    auto *text = dialog.findChild<QPlainTextEdit *>(QStringLiteral("composeText"));
    QVERIFY(text->hasFocus());
    QVERIFY(!okButton(&dialog)->isEnabled()); // nothing to send yet
    QTest::keyClicks(text, QStringLiteral("first line"));
    QTest::keyClick(text, Qt::Key_Return); // a new line, not a send
    QVERIFY(dialog.isVisible());
    QTest::keyClicks(text, QStringLiteral("second line"));
    QTest::keyClick(text, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isHidden(), WaitMs);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.text(), QStringLiteral("first line\nsecond line"));
}

void tst_ComposeDialog::composeDialogChecksJson_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("valid");
    QTest::newRow("an object") << R"({"type": "hello", "n": 1})" << true;
    QTest::newRow("an array") << "[1, 2, 3]" << true;
    QTest::newRow("a missing brace") << R"({"type": "hello")" << false;
    QTest::newRow("plain words") << "hello" << false;
}

void tst_ComposeDialog::composeDialogChecksJson()
{
    QFETCH(QString, typed);
    QFETCH(bool, valid);
    ComposeDialog dialog(1024 * 1024);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    // The focus starts in the text; Shift+Tab goes back to the format, Down picks JSON, Tab returns.
    auto *format = dialog.findChild<QComboBox *>(QStringLiteral("composeFormat"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
    QTRY_VERIFY(format->hasFocus());
    QTest::keyClick(format, Qt::Key_Down);
    QCOMPARE(format->currentIndex(), 1);
    QTest::keyClick(format, Qt::Key_Tab);
    auto *text = dialog.findChild<QPlainTextEdit *>(QStringLiteral("composeText"));
    QTRY_VERIFY(text->hasFocus());
    QTest::keyClicks(text, typed);
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("composeError"));
    QCOMPARE(okButton(&dialog)->isEnabled(), valid);
    QCOMPARE(error->isHidden(), valid);
    if (!valid)
        QVERIFY2(error->text().startsWith(QLatin1String("Not valid JSON")), qPrintable(error->text()));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return, Qt::ControlModifier);
    if (valid) {
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isHidden(), WaitMs);
        QCOMPARE(dialog.text(), typed);
    } else {
        QVERIFY(dialog.isVisible()); // Ctrl+Enter does nothing while the JSON is wrong
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isHidden(), WaitMs);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }
}

void tst_ComposeDialog::composeDialogRefusesOverTheMaximum()
{
    ComposeDialog dialog(10);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    auto *text = dialog.findChild<QPlainTextEdit *>(QStringLiteral("composeText"));
    QTest::keyClicks(text, QStringLiteral("0123456789"));
    QVERIFY(okButton(&dialog)->isEnabled());
    QTest::keyClicks(text, QStringLiteral("A"));
    QVERIFY(!okButton(&dialog)->isEnabled());
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("composeError"));
    QVERIFY2(error->text().contains(QLatin1String("11 bytes")), qPrintable(error->text()));
}

void tst_ComposeDialog::parseHex_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QByteArray>("bytes"); // empty with an error expected
    QTest::addColumn<QString>("errorNames"); // what the error must quote and where
    QTest::newRow("bytes apart") << "de ad be ef" << QByteArray::fromHex("deadbeef") << QString();
    QTest::newRow("bytes together") << "deadbeef" << QByteArray::fromHex("deadbeef") << QString();
    QTest::newRow("upper case") << "DE Ad" << QByteArray::fromHex("dead") << QString();
    QTest::newRow("one byte per line, tabs, spaces around")
        << "  00\nff\r\n7f\t80 \n" << QByteArray("\x00\xff\x7f\x80", 4) << QString();
    QTest::newRow("a digit short") << "de ad b" << QByteArray() << "\"b\" at character 7";
    QTest::newRow("three digits") << "dea db" << QByteArray() << "\"dea\" at character 1";
    QTest::newRow("not a hex digit") << "de ag" << QByteArray() << "\"g\" at character 5";
    QTest::newRow("a C prefix") << "0xde" << QByteArray() << "\"x\" at character 2";
    QTest::newRow("commas") << "de,ad" << QByteArray() << "\",\" at character 3";
}

void tst_ComposeDialog::parseHex()
{
    QFETCH(QString, typed);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, errorNames);
    QByteArray parsed;
    QString error;
    const bool ok = ComposeDialog::parseHex(typed, &parsed, &error);
    QCOMPARE(ok, errorNames.isEmpty());
    if (ok) {
        QCOMPARE(parsed, bytes);
        QVERIFY(error.isEmpty());
    } else {
        QVERIFY2(error.startsWith(QLatin1String("Not valid hex: ")) && error.contains(errorNames), qPrintable(error));
    }
}

void tst_ComposeDialog::hexIsSentAsBytesWithEnterOnSend()
{
    ComposeDialog dialog(1024 * 1024);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    chooseHex(&dialog);
    auto *text = dialog.findChild<QPlainTextEdit *>(QStringLiteral("composeText"));
    QTest::keyClicks(text, QStringLiteral("de ad"));
    QTest::keyClick(text, Qt::Key_Return); // a new line between bytes, not a send
    QVERIFY(dialog.isVisible());
    QTest::keyClicks(text, QStringLiteral("be ef"));
    QVERIFY(okButton(&dialog)->isEnabled());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("composeError"))->isHidden());

    // Tab leaves the text for Send; Enter there sends.
    QTest::keyClick(text, Qt::Key_Tab);
    QTRY_VERIFY(okButton(&dialog)->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isHidden(), WaitMs);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const OutgoingMessage message = dialog.message();
    QVERIFY(message.isBinary());
    QCOMPARE(message.data, QByteArray::fromHex("deadbeef"));
}

void tst_ComposeDialog::invalidHexSaysWhyAndEnterSendsNothing()
{
    ComposeDialog dialog(1024 * 1024);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    chooseHex(&dialog);
    auto *text = dialog.findChild<QPlainTextEdit *>(QStringLiteral("composeText"));
    QTest::keyClicks(text, QStringLiteral("de ad bx"));
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("composeError"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QLatin1String("\"x\" at character 8 is not a hex digit")), qPrintable(error->text()));
    QVERIFY(!okButton(&dialog)->isEnabled());

    // Neither Ctrl+Enter in the text nor Enter on the format list sends.
    QTest::keyClick(text, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(dialog.isVisible());
    auto *format = dialog.findChild<QComboBox *>(QStringLiteral("composeFormat"));
    QTest::keyClick(text, Qt::Key_Backtab);
    QTRY_VERIFY(format->hasFocus());
    QTest::keyClick(format, Qt::Key_Return);
    QVERIFY(dialog.isVisible());
    QCOMPARE(format->currentText(), QStringLiteral("Binary (hex)"));

    // Mended, the same Enter on the list sends.
    QTest::mouseClick(text->viewport(), Qt::LeftButton, {}, QPoint(8, 8));
    QTRY_VERIFY(text->hasFocus());
    QTest::keyClick(text, Qt::Key_End, Qt::ControlModifier);
    QTest::keyClick(text, Qt::Key_Backspace);
    QTest::keyClick(text, Qt::Key_Backspace);
    QTest::keyClicks(text, QStringLiteral("be"));
    QVERIFY(okButton(&dialog)->isEnabled());
    QVERIFY(error->isHidden());
    QTest::keyClick(text, Qt::Key_Backtab);
    QTRY_VERIFY(format->hasFocus());
    QTest::keyClick(format, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isHidden(), WaitMs);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.message().data, QByteArray::fromHex("deadbe"));
}

void tst_ComposeDialog::hexSizeIsCountedInBytesDecoded()
{
    ComposeDialog dialog(4);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    chooseHex(&dialog);
    auto *text = dialog.findChild<QPlainTextEdit *>(QStringLiteral("composeText"));
    QTest::keyClicks(text, QStringLiteral("de ad be ef")); // 11 characters, 4 bytes
    QVERIFY(okButton(&dialog)->isEnabled());
    QTest::keyClicks(text, QStringLiteral(" 00"));
    QVERIFY(!okButton(&dialog)->isEnabled());
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("composeError"));
    QVERIFY2(error->text().contains(QLatin1String("5 bytes")), qPrintable(error->text()));
}

QTEST_MAIN(tst_ComposeDialog)
#include "tst_composedialog.moc"
