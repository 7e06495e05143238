// The compose box as a person uses it: several lines of text, or JSON that must parse; typed into
// the shown dialog, focus moved by Tab and by click.
#include "composedialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QtTest>

using namespace wsm;

namespace {

constexpr int WaitMs = 15000;

QPushButton *okButton(QDialog *dialog)
{
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    return buttons ? buttons->button(QDialogButtonBox::Ok) : nullptr;
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

QTEST_MAIN(tst_ComposeDialog)
#include "tst_composedialog.moc"
