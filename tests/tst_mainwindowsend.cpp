// The main window's send row as a person uses it: typed or pasted text, to every client or to the
// selected ones, arriving at real clients on 127.0.0.1.

#include "mainwindowfixture.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>

using namespace wsm;
using namespace wsm::test;

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

QTEST_MAIN(TestMainWindowSend)
#include "tst_mainwindowsend.moc"
