// The main window's send row and compose box as a person uses them: typed or pasted text, JSON,
// bytes in hex, to every client or to the selected ones, arriving at real clients on 127.0.0.1.

#include "mainwindowfixture.h"

#include "dialogs/composedialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>

using namespace wsm;
using namespace wsm::test;

namespace {

QPushButton *sendButtonOf(ComposeDialog *dialog)
{
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

} // namespace

class TestMainWindowSend : public MainWindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void broadcastArrivesWhole_data();
    void broadcastArrivesWhole();
    void broadcastOverTheMaximumIsRefused();
    void emptyBroadcastSaysSo();
    void sendsToTheSelectedClientsOnly();
    void composedHexArrivesAsBinaryAtEveryClient();
    void composedHexGoesToTheSelectedClientsOnly();
    void invalidHexIsNeverSent();

private:
    // Opens the compose box with its button and, inside it, as a person does: picks "Binary (hex)"
    // in the format list, clicks into the text, types `hex`, and presses Enter on Send (reached by
    // Tab) when `send` is true, else Ctrl+Enter and Enter on the list, which must leave it open,
    // then Escape. Returns once the box is closed; false if it could not be driven.
    bool composeHex(const QString &hex, bool send);
    // Selects the client's row with a click, and "to the selected clients".
    void selectOnly(quint64 sessionId);
};

void TestMainWindowSend::init()
{
    initFixture();
}

void TestMainWindowSend::cleanup()
{
    cleanupFixture();
}

void TestMainWindowSend::broadcastArrivesWhole_data()
{
    QTest::addColumn<int>("length");
    // 32,767 characters was a line edit's default maximum: a paste of 40,000 sent 32,767.
    QTest::newRow("40,000 characters") << 40000;
    QTest::newRow("1,000,000 characters") << 1000000;
}

void TestMainWindowSend::broadcastArrivesWhole()
{
    QFETCH(int, length);
    createWindow();
    const QUrl url = startThroughToolbar();
    QVERIFY(url.isValid());
    Client client;
    QVERIFY(client.open(url));

    QString text(length, QLatin1Char('x'));
    text.replace(0, 5, QStringLiteral("start"));
    text.replace(length - 3, 3, QStringLiteral("end"));
    pasteOver(sendField(), text);
    QCOMPARE(sendField()->text().size(), qsizetype(length));
    QTest::keyClick(sendField(), Qt::Key_Return);

    QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), 1, WaitMs);
    QCOMPARE(client.texts.constFirst().size(), qsizetype(length));
    QVERIFY(client.texts.constFirst() == text);
    QVERIFY(sendField()->text().isEmpty()); // sent: the field is ready for the next one
}

void TestMainWindowSend::broadcastOverTheMaximumIsRefused()
{
    ServerConfig config = ServerFixture::defaultConfig();
    createWindow(config);
    const QUrl url = startThroughToolbar();
    QVERIFY(url.isValid());
    Client client;
    QVERIFY(client.open(url));

    const QString tooBig(qsizetype(config.maxMessageBytes) + 1, QLatin1Char('x'));
    pasteOver(sendField(), tooBig);
    QTest::keyClick(sendField(), Qt::Key_Return);
    auto *message = m_window->findChild<QLabel *>(QStringLiteral("sendMessage"));
    QVERIFY(message);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QLocale().toString(config.maxMessageBytes + 1))
                 && message->text().contains(QLatin1String("Nothing was sent")),
             qPrintable(message->text()));
    QCOMPARE(sendField()->text().size(), tooBig.size()); // kept, to be shortened

    // Nothing went out: the next message sent is the first the client gets.
    pasteOver(sendField(), QStringLiteral("small"));
    QTest::keyClick(sendField(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), 1, WaitMs);
    QCOMPARE(client.texts.constFirst(), QStringLiteral("small"));
}

void TestMainWindowSend::emptyBroadcastSaysSo()
{
    createWindow();
    QVERIFY(startThroughToolbar().isValid());
    auto *send = m_window->findChild<QPushButton *>(QStringLiteral("broadcastButton"));
    QVERIFY(send);
    QVERIFY(!send->isEnabled()); // nothing to send yet
    QTest::mouseClick(sendField(), Qt::LeftButton);
    QTest::keyClick(sendField(), Qt::Key_Return);
    auto *message = m_window->findChild<QLabel *>(QStringLiteral("sendMessage"));
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QLatin1String("nothing was sent")), qPrintable(message->text()));
    QTest::keyClicks(sendField(), QStringLiteral("hi"));
    QVERIFY(send->isEnabled());
    QVERIFY(!message->isVisible());
}

void TestMainWindowSend::sendsToTheSelectedClientsOnly()
{
    createWindow();
    const QUrl url = startThroughToolbar();
    QVERIFY(url.isValid());
    Client chosen, other;
    QVERIFY(chosen.open(url));
    QVERIFY(other.open(url));
    const quint64 chosenId = m_server->sessionIdForPort(chosen.localPort());
    QTRY_VERIFY_WITH_TIMEOUT(proxyRowOfSession(chosenId) >= 0, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionModel()->rowCount(), 2, WaitMs);

    QTableView *view = m_window->connectionView();
    const QModelIndex cell = view->model()->index(proxyRowOfSession(chosenId), ConnectionTableModel::PeerColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    QCOMPARE(view->selectionModel()->selectedRows().size(), 1);

    auto *target = m_window->findChild<QComboBox *>(QStringLiteral("sendTarget"));
    QVERIFY(target);
    target->setFocus(Qt::TabFocusReason);
    QTest::keyClick(target, Qt::Key_Down); // "to the selected clients"
    QCOMPARE(target->currentIndex(), 1);
    typeOver(sendField(), QStringLiteral("just you"));
    QTest::keyClick(sendField(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(chosen.texts, QStringList{QStringLiteral("just you")}, WaitMs);

    // The other client got nothing: to every client now, and that is the first it sees.
    target->setFocus(Qt::TabFocusReason);
    QTest::keyClick(target, Qt::Key_Up);
    typeOver(sendField(), QStringLiteral("everyone"));
    QTest::keyClick(sendField(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(other.texts, QStringList{QStringLiteral("everyone")}, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(chosen.texts.size(), 2, WaitMs);
}

bool TestMainWindowSend::composeHex(const QString &hex, bool send)
{
    bool driven = false;
    whenDialogOpens<ComposeDialog>([&](ComposeDialog *dialog) {
        auto *format = dialog->findChild<QComboBox *>(QStringLiteral("composeFormat"));
        auto *text = dialog->findChild<QPlainTextEdit *>(QStringLiteral("composeText"));
        QTest::keyClick(text, Qt::Key_Backtab); // the focus starts in the text; back to the list
        if (!QTest::qWaitFor([&] { return format->hasFocus(); }, WaitMs))
            return;
        while (format->currentText() != QLatin1String("Binary (hex)") && format->currentIndex() < format->count() - 1)
            QTest::keyClick(format, Qt::Key_Down);
        QTest::mouseClick(text->viewport(), Qt::LeftButton, {}, QPoint(8, 8));
        if (format->currentText() != QLatin1String("Binary (hex)") || !text->hasFocus())
            return;
        QTest::keyClicks(text, hex);
        if (send) {
            QTest::keyClick(text, Qt::Key_Tab);
            if (!sendButtonOf(dialog)->hasFocus())
                return;
            QTest::keyClick(sendButtonOf(dialog), Qt::Key_Return);
        } else {
            QTest::keyClick(text, Qt::Key_Return, Qt::ControlModifier);
            QTest::keyClick(text, Qt::Key_Backtab);
            QTest::keyClick(format, Qt::Key_Return);
            if (!dialog->isVisible())
                return;
            QTest::keyClick(format, Qt::Key_Escape);
        }
        driven = true;
    });
    auto *compose = m_window->findChild<QPushButton *>(QStringLiteral("composeButton"));
    QTest::mouseClick(compose, Qt::LeftButton); // returns once the box is answered
    return driven;
}

void TestMainWindowSend::selectOnly(quint64 sessionId)
{
    QTRY_VERIFY_WITH_TIMEOUT(proxyRowOfSession(sessionId) >= 0, WaitMs);
    QTableView *view = m_window->connectionView();
    const QModelIndex cell = view->model()->index(proxyRowOfSession(sessionId), ConnectionTableModel::PeerColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    QCOMPARE(view->selectionModel()->selectedRows().size(), 1);
    auto *target = m_window->findChild<QComboBox *>(QStringLiteral("sendTarget"));
    QTest::mouseClick(target, Qt::LeftButton); // opens its list; the keys pick in it
    QAbstractItemView *list = target->view();
    QTRY_VERIFY(list->isVisible());
    if (target->currentIndex() == 0)
        QTest::keyClick(list, Qt::Key_Down);
    QTest::keyClick(list, Qt::Key_Return);
    QTRY_VERIFY(!list->isVisible());
    QCOMPARE(target->currentIndex(), 1); // "to the selected clients"
}

void TestMainWindowSend::composedHexArrivesAsBinaryAtEveryClient()
{
    Client first, second;
    startWithTwoClients(&first, &second);
    QVERIFY(composeHex(QStringLiteral("de ad be ef 00 ff"), true));
    const QByteArray expected = QByteArray::fromHex("deadbeef00ff");
    QTRY_COMPARE_WITH_TIMEOUT(first.binaries.size(), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.binaries.size(), 1, WaitMs);
    QCOMPARE(first.binaries.constFirst(), expected);
    QCOMPARE(second.binaries.constFirst(), expected);
    QVERIFY(first.texts.isEmpty() && second.texts.isEmpty());
    // Counted like any message sent: six bytes out to each.
    QTRY_COMPARE_WITH_TIMEOUT(m_windowSaw.totals.bytesOut, quint64(12), WaitMs);
}

void TestMainWindowSend::composedHexGoesToTheSelectedClientsOnly()
{
    Client chosen, other;
    startWithTwoClients(&chosen, &other);
    selectOnly(m_server->sessionIdForPort(chosen.localPort()));
    QVERIFY(composeHex(QStringLiteral("01 02 03"), true));
    QTRY_COMPARE_WITH_TIMEOUT(chosen.binaries, QList<QByteArray>{QByteArray::fromHex("010203")}, WaitMs);

    // The other got nothing: a text to it now is the first thing it sees.
    selectOnly(m_server->sessionIdForPort(other.localPort()));
    typeOver(sendField(), QStringLiteral("you"));
    QTest::keyClick(sendField(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(other.texts, QStringList{QStringLiteral("you")}, WaitMs);
    QVERIFY(other.binaries.isEmpty());
}

void TestMainWindowSend::invalidHexIsNeverSent()
{
    Client first, second;
    startWithTwoClients(&first, &second);
    QVERIFY(composeHex(QStringLiteral("de ad bx"), false));

    // Nothing went out: the next message sent is the first the clients get.
    typeOver(sendField(), QStringLiteral("after"));
    QTest::keyClick(sendField(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(first.texts, QStringList{QStringLiteral("after")}, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.texts, QStringList{QStringLiteral("after")}, WaitMs);
    QVERIFY(first.binaries.isEmpty() && second.binaries.isEmpty());
}

QTEST_MAIN(TestMainWindowSend)
#include "tst_mainwindowsend.moc"
