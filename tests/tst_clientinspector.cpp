// The client inspector, its message history model and the diagnostics panel; then the inspector
// against the real server through ServerController.

#include "testsupport.h"

#include "clientinspector.h"
#include "diagnosticspanel.h"
#include "messagehistorymodel.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace wsm;
using namespace wsm::test;

namespace {

constexpr quint64 ClientId = 12;
constexpr qint64 Start = 1'700'000'000'000;

MessageRecord message(qint64 at, MessageRecord::Direction direction, const QString &preview,
                      bool truncated = false, bool binary = false)
{
    MessageRecord record;
    record.at = at;
    record.direction = direction;
    record.binary = binary;
    record.preview = preview;
    record.size = truncated ? 100000 : preview.size();
    record.truncated = truncated;
    return record;
}

MessageRecord in(qint64 at, const QString &preview) { return message(at, MessageRecord::Direction::In, preview); }

ClientDetails details(quint64 id)
{
    ClientDetails d;
    d.sessionId = id;
    d.found = true;
    d.row.id = id;
    d.row.peerAddress = QStringLiteral("192.0.2.7");
    d.row.peerPort = 50123;
    d.row.connectedAt = Start;
    d.row.messagesIn = 2;
    d.row.messagesOut = 1;
    d.row.rttMs = 3.5;
    d.row.lastSeenAt = Start + 2000;
    d.requestLine = QStringLiteral("GET /chat?room=1 HTTP/1.1");
    d.requestHeaders = {{QStringLiteral("Host"), QStringLiteral("example.org")},
                        {QStringLiteral("Origin"), QStringLiteral("https://example.org")}};
    d.rttHistory = {{Start + 1000, 3.0}, {Start + 2000, 3.5}};
    d.messages = {in(Start + 100, QStringLiteral("hello")),
                  message(Start + 101, MessageRecord::Direction::Out, QStringLiteral("hello")),
                  message(Start + 200, MessageRecord::Direction::In, QStringLiteral("long start"), true)};
    return d;
}

ClientDetails goneDetails(quint64 id)
{
    ClientDetails d;
    d.sessionId = id;
    return d;
}

// Each message row as "direction|type|preview".
QStringList rows(const QAbstractItemModel *model)
{
    QStringList result;
    for (int row = 0; row < model->rowCount(); ++row) {
        const auto cell = [&](int column) { return model->index(row, column).data().toString(); };
        result.append(cell(MessageHistoryModel::DirectionColumn) + QLatin1Char('|') + cell(MessageHistoryModel::TypeColumn)
                      + QLatin1Char('|') + cell(MessageHistoryModel::PreviewColumn));
    }
    return result;
}

template <typename T>
T *child(const QWidget &parent, const char *name)
{
    T *found = parent.findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no child named %s", name);
    return found;
}

} // namespace

class TestClientInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();

    void historyModelFollowsTheServersHistory_data();
    void historyModelFollowsTheServersHistory();

    void placeholderUntilAClientIsSet();
    void settingAClientAsksForItsDetails();
    void showsDetailsOnlyForItsClient_data();
    void showsDetailsOnlyForItsClient();
    void goneClientStaysVisibleButCannotBeWritten();
    void anotherClientStartsAfresh();
    void goneClientSaysWhenAndHowItEnded();
    void sendEmitsTheTextAndClears_data();
    void sendEmitsTheTextAndClears();
    void emptyTextIsNotSent();
    void kickAsksToKickThisClient();
    void refreshesOnlyWhileVisibleAndConnected();

    void diagnosticsShowTheCeilings_data();
    void diagnosticsShowTheCeilings();
    void diagnosticsWarnWhenSessionsAndClientsDiffer_data();
    void diagnosticsWarnWhenSessionsAndClientsDiffer();

    void inspectsARealClient();
};

void TestClientInspector::cleanup()
{
    // The controller's destructor joins the server thread: every Session must be gone by then.
    QCOMPARE(Session::aliveCount(), 0);
}

void TestClientInspector::historyModelFollowsTheServersHistory_data()
{
    const MessageRecord a = in(Start + 1, QStringLiteral("a"));
    const MessageRecord b = in(Start + 2, QStringLiteral("b"));
    const MessageRecord c = in(Start + 3, QStringLiteral("c"));
    const MessageRecord d = in(Start + 4, QStringLiteral("d"));
    QTest::addColumn<QList<MessageRecord>>("before");
    QTest::addColumn<QList<MessageRecord>>("after");
    QTest::addColumn<int>("removed");
    QTest::addColumn<int>("inserted");
    QTest::newRow("first answer") << QList<MessageRecord>{} << QList<MessageRecord>{a, b} << 0 << 2;
    QTest::newRow("new messages at the end") << QList<MessageRecord>{a, b} << QList<MessageRecord>{a, b, c} << 0 << 1;
    QTest::newRow("oldest dropped, newest added") << QList<MessageRecord>{a, b, c} << QList<MessageRecord>{b, c, d} << 1 << 1;
    QTest::newRow("same history again") << QList<MessageRecord>{a, b} << QList<MessageRecord>{a, b} << 0 << 0;
    QTest::newRow("nothing in common") << QList<MessageRecord>{a, b} << QList<MessageRecord>{c, d} << 2 << 2;
    QTest::newRow("emptied") << QList<MessageRecord>{a, b} << QList<MessageRecord>{} << 2 << 0;
}

void TestClientInspector::historyModelFollowsTheServersHistory()
{
    QFETCH(QList<MessageRecord>, before);
    QFETCH(QList<MessageRecord>, after);
    QFETCH(int, removed);
    QFETCH(int, inserted);
    MessageHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setMessages(before);

    QSignalSpy removedSpy(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy insertedSpy(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy resetSpy(&model, &QAbstractItemModel::modelReset);
    model.setMessages(after);

    int removedRows = 0;
    for (const QList<QVariant> &arguments : removedSpy)
        removedRows += arguments.at(2).toInt() - arguments.at(1).toInt() + 1;
    int insertedRows = 0;
    for (const QList<QVariant> &arguments : insertedSpy)
        insertedRows += arguments.at(2).toInt() - arguments.at(1).toInt() + 1;
    QCOMPARE(removedRows, removed);
    QCOMPARE(insertedRows, inserted);
    QCOMPARE(resetSpy.count(), 0);

    QStringList expected;
    for (const MessageRecord &record : after)
        expected.append(QStringLiteral("in|text|") + record.preview);
    QCOMPARE(rows(&model), expected);
}

void TestClientInspector::placeholderUntilAClientIsSet()
{
    ClientInspector inspector;
    QSignalSpy wanted(&inspector, &ClientInspector::detailsWanted);
    inspector.show();
    QVERIFY(QTest::qWaitForWindowExposed(&inspector));
    auto *placeholder = child<QLabel>(inspector, "placeholderLabel");
    QVERIFY(placeholder);
    QVERIFY(placeholder->isVisible());
    QCOMPARE(placeholder->text(), QStringLiteral("Select a client and choose Inspect."));

    inspector.setClient(0);
    QCOMPARE(inspector.clientId(), 0u);
    QCOMPARE(wanted.count(), 0);
    QVERIFY(placeholder->isVisible());

    inspector.setClient(ClientId);
    QVERIFY(!placeholder->isVisible());
    inspector.setClient(0);
    QVERIFY(placeholder->isVisible());
}

void TestClientInspector::settingAClientAsksForItsDetails()
{
    ClientInspector inspector;
    QSignalSpy wanted(&inspector, &ClientInspector::detailsWanted);
    inspector.setClient(ClientId);
    QCOMPARE(inspector.clientId(), ClientId);
    QCOMPARE(wanted.count(), 1);
    QCOMPARE(wanted.at(0).at(0).toULongLong(), ClientId);
    QCOMPARE(child<QLabel>(inspector, "titleLabel")->text(), QStringLiteral("Client #12"));
}

void TestClientInspector::showsDetailsOnlyForItsClient_data()
{
    QTest::addColumn<quint64>("answerFor");
    QTest::addColumn<bool>("shown");
    QTest::newRow("answer about this client fills the view") << ClientId << true;
    QTest::newRow("answer about another client is ignored") << ClientId + 1 << false;
}

void TestClientInspector::showsDetailsOnlyForItsClient()
{
    QFETCH(quint64, answerFor);
    QFETCH(bool, shown);
    ClientInspector inspector;
    auto *table = child<QTableView>(inspector, "messagesTable");
    QVERIFY(table);
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    inspector.setClient(ClientId);
    inspector.showDetails(details(answerFor));

    if (!shown) {
        QCOMPARE(table->model()->rowCount(), 0);
        QCOMPARE(child<QLabel>(inspector, "peerLabel")->text(), QString());
        QCOMPARE(child<QPlainTextEdit>(inspector, "handshakeView")->toPlainText(), QString());
        return;
    }
    QCOMPARE(child<QLabel>(inspector, "titleLabel")->text(), QStringLiteral("Client #12"));
    QCOMPARE(child<QLabel>(inspector, "peerLabel")->text(), QStringLiteral("192.0.2.7:50123"));
    QCOMPARE(child<QLabel>(inspector, "stateLabel")->text(), QStringLiteral("Open"));
    QVERIFY(child<QLabel>(inspector, "rttValue")->text().contains(QStringLiteral("ms")));
    // Truncated previews are marked, so nobody takes them for the whole message.
    QCOMPARE(rows(table->model()), (QStringList{QStringLiteral("in|text|hello"), QStringLiteral("out|text|hello"),
                                                QStringLiteral("in|text|long start…")}));
    const QString handshake = child<QPlainTextEdit>(inspector, "handshakeView")->toPlainText();
    QVERIFY2(handshake.startsWith(QStringLiteral("GET /chat?room=1 HTTP/1.1\n")), qPrintable(handshake));
    QVERIFY(handshake.contains(QStringLiteral("Origin: https://example.org")));
}

void TestClientInspector::goneClientStaysVisibleButCannotBeWritten()
{
    ClientInspector inspector;
    inspector.show();
    QVERIFY(QTest::qWaitForWindowExposed(&inspector));
    inspector.setClient(ClientId);
    inspector.showDetails(details(ClientId));
    auto *gone = child<QLabel>(inspector, "goneLabel");
    auto *send = child<QPushButton>(inspector, "sendButton");
    auto *kick = child<QPushButton>(inspector, "kickButton");
    auto *edit = child<QLineEdit>(inspector, "messageEdit");
    QVERIFY(gone && send && kick && edit);
    QVERIFY(!gone->isVisible());
    QVERIFY(kick->isEnabled());
    QTest::keyClicks(edit, QStringLiteral("still there?"));
    QVERIFY(send->isEnabled());

    inspector.showDetails(goneDetails(ClientId));
    QVERIFY(inspector.clientGone());
    QVERIFY(gone->isVisible());
    QCOMPARE(gone->text(), QStringLiteral("Client #12 has disconnected."));
    QVERIFY(!send->isEnabled());
    QVERIFY(!kick->isEnabled());
    QVERIFY(!edit->isEnabled());
    // The last data stays, greyed.
    auto *peer = child<QLabel>(inspector, "peerLabel");
    QCOMPARE(peer->text(), QStringLiteral("192.0.2.7:50123"));
    QVERIFY(!peer->isEnabled());
    QCOMPARE(child<QTableView>(inspector, "messagesTable")->model()->rowCount(), 3);
}

void TestClientInspector::goneClientSaysWhenAndHowItEnded()
{
    // Regression: the inspector of a client that had gone kept counting "last seen ... s ago".
    ClientInspector inspector;
    inspector.show();
    QVERIFY(QTest::qWaitForWindowExposed(&inspector));
    inspector.setClient(ClientId);
    inspector.showDetails(details(ClientId));
    auto *lastSeen = child<QLabel>(inspector, "lastSeenValue");
    QVERIFY(lastSeen);
    QVERIFY2(lastSeen->text().contains(QLatin1String("ago")), qPrintable(lastSeen->text()));

    ConnectionEvent end;
    end.kind = EventKind::Closed;
    end.sessionId = ClientId;
    end.endedAt = QDateTime::currentMSecsSinceEpoch();
    end.endedBy = EndedBy::Client;
    end.reason = EndReason::ClientClosed;
    end.closeCode = 1000;
    end.closeReason = QStringLiteral("bye");
    ConnectionEvent other = end;
    other.sessionId = ClientId + 1;
    inspector.showEnd(other); // about another client: nothing changes
    QVERIFY(!inspector.clientGone());

    inspector.showEnd(end);
    QVERIFY(inspector.clientGone());
    const QString text = child<QLabel>(inspector, "goneLabel")->text();
    const QString at = QLocale().toString(QDateTime::fromMSecsSinceEpoch(end.endedAt), QStringLiteral("HH:mm:ss"));
    QCOMPARE(text, QStringLiteral("Client #12 ended at %1, by the client: client closed, close code 1000: bye.").arg(at));
    QVERIFY2(!lastSeen->text().contains(QLatin1String("ago")), qPrintable(lastSeen->text()));
    // The server's "not found" that follows does not undo it.
    inspector.showDetails(goneDetails(ClientId));
    QCOMPARE(child<QLabel>(inspector, "goneLabel")->text(), text);
}

void TestClientInspector::anotherClientStartsAfresh()
{
    ClientInspector inspector;
    inspector.setClient(ClientId);
    inspector.showDetails(details(ClientId));
    inspector.showDetails(goneDetails(ClientId));
    QVERIFY(inspector.clientGone());

    inspector.setClient(ClientId + 1);
    QVERIFY(!inspector.clientGone());
    QCOMPARE(child<QLabel>(inspector, "titleLabel")->text(), QStringLiteral("Client #13"));
    QCOMPARE(child<QLabel>(inspector, "peerLabel")->text(), QString());
    QVERIFY(child<QLabel>(inspector, "peerLabel")->isEnabled());
    QVERIFY(child<QLabel>(inspector, "goneLabel")->isHidden());
    QCOMPARE(child<QTableView>(inspector, "messagesTable")->model()->rowCount(), 0);
    QVERIFY(child<QPushButton>(inspector, "kickButton")->isEnabled());
}

void TestClientInspector::sendEmitsTheTextAndClears_data()
{
    QTest::addColumn<bool>("pressEnter");
    QTest::newRow("Send button") << false;
    QTest::newRow("Enter in the line") << true;
}

void TestClientInspector::sendEmitsTheTextAndClears()
{
    QFETCH(bool, pressEnter);
    ClientInspector inspector;
    inspector.setClient(ClientId);
    inspector.showDetails(details(ClientId));
    QSignalSpy sent(&inspector, &ClientInspector::sendRequested);
    auto *edit = child<QLineEdit>(inspector, "messageEdit");
    QVERIFY(edit);
    QTest::keyClicks(edit, QStringLiteral("hi there, "));
    edit->insert(QStringLiteral("你好")); // QTest types ASCII only
    if (pressEnter)
        QTest::keyClick(edit, Qt::Key_Return);
    else
        QTest::mouseClick(child<QPushButton>(inspector, "sendButton"), Qt::LeftButton);

    QCOMPARE(sent.count(), 1);
    QCOMPARE(sent.at(0).at(0).toULongLong(), ClientId);
    QCOMPARE(sent.at(0).at(1).toString(), QStringLiteral("hi there, 你好"));
    QCOMPARE(edit->text(), QString());
}

void TestClientInspector::emptyTextIsNotSent()
{
    ClientInspector inspector;
    inspector.setClient(ClientId);
    QSignalSpy sent(&inspector, &ClientInspector::sendRequested);
    auto *edit = child<QLineEdit>(inspector, "messageEdit");
    QVERIFY(!child<QPushButton>(inspector, "sendButton")->isEnabled());
    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(sent.count(), 0);
}

void TestClientInspector::kickAsksToKickThisClient()
{
    ClientInspector inspector;
    inspector.setClient(ClientId);
    QSignalSpy kick(&inspector, &ClientInspector::kickRequested);
    QTest::mouseClick(child<QPushButton>(inspector, "kickButton"), Qt::LeftButton);
    QCOMPARE(kick.count(), 1);
    QCOMPARE(kick.at(0).at(0).toULongLong(), ClientId);
}

void TestClientInspector::refreshesOnlyWhileVisibleAndConnected()
{
    QWidget dock; // stands in for the dock widget that shows and hides the inspector
    auto *inspector = new ClientInspector(&dock);
    auto *timer = inspector->findChild<QTimer *>(QStringLiteral("refreshTimer"), Qt::FindDirectChildrenOnly);
    QVERIFY(timer);
    QCOMPARE(timer->interval(), 1000);
    inspector->setRefreshInterval(50);
    QSignalSpy wanted(inspector, &ClientInspector::detailsWanted);

    inspector->setClient(ClientId); // not visible yet: only the one request at once
    QCOMPARE(wanted.count(), 1);
    QVERIFY(!timer->isActive());

    dock.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dock));
    QVERIFY(timer->isActive());
    QTRY_VERIFY_WITH_TIMEOUT(wanted.count() >= 4, WaitMs);
    for (const QList<QVariant> &arguments : wanted)
        QCOMPARE(arguments.at(0).toULongLong(), ClientId);

    dock.hide();
    QVERIFY(!timer->isActive());
    dock.show();
    QVERIFY(timer->isActive());

    inspector->showDetails(goneDetails(ClientId));
    QVERIFY(!timer->isActive());
    inspector->setClient(ClientId + 1);
    QVERIFY(timer->isActive());
    inspector->setClient(0);
    QVERIFY(!timer->isActive());
}

void TestClientInspector::diagnosticsWarnWhenSessionsAndClientsDiffer_data()
{
    QTest::addColumn<int>("clients");
    QTest::addColumn<int>("sessions");
    QTest::addColumn<bool>("agree");
    QTest::newRow("idle server") << 0 << 0 << true;
    QTest::newRow("every session has its client") << 250 << 250 << true;
    QTest::newRow("a session outlived its client: leak") << 250 << 251 << false;
    QTest::newRow("a client without a session") << 3 << 2 << false;
}

void TestClientInspector::diagnosticsWarnWhenSessionsAndClientsDiffer()
{
    QFETCH(int, clients);
    QFETCH(int, sessions);
    QFETCH(bool, agree);
    DiagnosticsPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *warning = child<QLabel>(panel, "sessionsWarning");
    QVERIFY(warning);
    QVERIFY(panel.sessionsAgree());
    QVERIFY(!warning->isVisible());

    ServerTotals totals;
    totals.clientsConnected = clients;
    totals.sessionsAlive = sessions;
    totals.residentBytes = 64 * 1024 * 1024;
    totals.openFds = 260;
    panel.setTotals(totals);
    // One snapshot may catch a session between its end and its deferred delete: no alarm yet.
    QVERIFY(panel.sessionsAgree());
    QVERIFY(!warning->isVisible());
    for (int i = 1; i < DiagnosticsPanel::MismatchSnapshots; ++i)
        panel.setTotals(totals);
    QCOMPARE(panel.sessionsAgree(), agree);
    QCOMPARE(warning->isVisible(), !agree);
    QCOMPARE(child<QLabel>(panel, "sessionsValue")->text(), QLocale().toString(sessions));
    QCOMPARE(child<QLabel>(panel, "residentValue")->text(), QLocale().formattedDataSize(totals.residentBytes));
    QCOMPARE(child<QLabel>(panel, "openFilesValue")->text(), QStringLiteral("260"));
    if (!agree) {
        QVERIFY2(warning->text().contains(QString::number(sessions)), qPrintable(warning->text()));
        QVERIFY(warning->text().contains(QString::number(clients)));
    }

    // Agreeing again takes the warning away.
    totals.sessionsAlive = totals.clientsConnected;
    panel.setTotals(totals);
    QVERIFY(panel.sessionsAgree());
    QVERIFY(!warning->isVisible());
}

void TestClientInspector::diagnosticsShowTheCeilings_data()
{
    QTest::addColumn<qint64>("inbound");
    QTest::addColumn<qint64>("outbound");
    QTest::addColumn<bool>("inboundWarns");
    QTest::addColumn<bool>("outboundWarns");
    constexpr qint64 MiB = 1024 * 1024;
    QTest::newRow("nothing held") << qint64(0) << qint64(0) << false << false;
    QTest::newRow("inbound at 80%: not yet") << 80 * MiB << qint64(0) << false << false;
    QTest::newRow("inbound above 80%") << 81 * MiB << qint64(0) << true << false;
    QTest::newRow("outbound above 80%") << qint64(0) << 170 * MiB << false << true;
}

void TestClientInspector::diagnosticsShowTheCeilings()
{
    QFETCH(qint64, inbound);
    QFETCH(qint64, outbound);
    QFETCH(bool, inboundWarns);
    QFETCH(bool, outboundWarns);
    DiagnosticsPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));

    ServerTotals totals;
    totals.inboundBufferedBytes = inbound;
    totals.inboundCeilingBytes = 100 * 1024 * 1024;
    totals.outboundQueuedBytes = outbound;
    totals.outboundCeilingBytes = 200 * 1024 * 1024;
    totals.closedByInboundCeiling = 7;
    totals.closedSlowSenders = 3;
    totals.closedByOutboundCeiling = 11;
    panel.setTotals(totals);

    const QLocale locale;
    auto *inboundValue = child<QLabel>(panel, "inboundValue");
    auto *outboundValue = child<QLabel>(panel, "outboundValue");
    QVERIFY(inboundValue->text().startsWith(locale.formattedDataSize(inbound)));
    QVERIFY(inboundValue->text().contains(locale.formattedDataSize(totals.inboundCeilingBytes)));
    QVERIFY(outboundValue->text().contains(locale.formattedDataSize(totals.outboundCeilingBytes)));
    QCOMPARE(!inboundValue->styleSheet().isEmpty(), inboundWarns);
    QCOMPARE(!outboundValue->styleSheet().isEmpty(), outboundWarns);
    const QString closes = child<QLabel>(panel, "ceilingClosesValue")->text();
    QVERIFY2(closes.contains(QLatin1String("7")) && closes.contains(QLatin1String("3")) && closes.contains(QLatin1String("11")),
             qPrintable(closes));
}

void TestClientInspector::inspectsARealClient()
{
    auto server = std::make_unique<ServerFixture>();
    QVERIFY(server->start()); // echo mode, heartbeat off
    ClientInspector inspector;
    inspector.setRefreshInterval(50);
    connect(&inspector, &ClientInspector::detailsWanted, &server->controller, &ServerController::requestClientDetails);
    connect(&server->controller, &ServerController::clientDetailsReady, &inspector,
            [&inspector](quint64, const ClientDetails &details) { inspector.showDetails(details); });
    connect(&inspector, &ClientInspector::sendRequested, &server->controller,
            [&server](quint64 sessionId, const QString &text) {
                server->controller.send(sessionId, OutgoingMessage::fromText(text));
            });
    inspector.show();
    QVERIFY(QTest::qWaitForWindowExposed(&inspector));

    Client client;
    QVERIFY(client.open(server->url));
    client.socket.sendTextMessage(QStringLiteral("hello"));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts, QStringList{QStringLiteral("hello")}, WaitMs);
    const quint64 id = server->sessionIdForPort(client.localPort());
    QVERIFY(id != 0);

    inspector.setClient(id);
    QAbstractItemModel *messages = child<QTableView>(inspector, "messagesTable")->model();
    QAbstractItemModelTester tester(messages, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QTRY_COMPARE_WITH_TIMEOUT(rows(messages), (QStringList{QStringLiteral("in|text|hello"), QStringLiteral("out|text|hello")}),
                              WaitMs);
    QCOMPARE(child<QLabel>(inspector, "peerLabel")->text(), QStringLiteral("127.0.0.1:%1").arg(client.localPort()));
    QVERIFY(child<QPlainTextEdit>(inspector, "handshakeView")->toPlainText().startsWith(QStringLiteral("GET / HTTP/1.1")));

    // The operator writes to the client from the inspector.
    auto *edit = child<QLineEdit>(inspector, "messageEdit");
    QTest::keyClicks(edit, QStringLiteral("from the operator"));
    QTest::keyClick(edit, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), 2, WaitMs);
    QCOMPARE(client.texts.last(), QStringLiteral("from the operator"));
    QTRY_COMPARE_WITH_TIMEOUT(rows(messages).size(), 3, WaitMs);
    QCOMPARE(rows(messages).last(), QStringLiteral("out|text|from the operator"));

    client.socket.close();
    QTRY_VERIFY_WITH_TIMEOUT(inspector.clientGone(), WaitMs);
    QCOMPARE(child<QLabel>(inspector, "goneLabel")->text(), QStringLiteral("Client #%1 has disconnected.").arg(id));
    QVERIFY(!child<QPushButton>(inspector, "sendButton")->isEnabled());
    QCOMPARE(rows(messages).size(), 3);
    server.reset();
}

QTEST_MAIN(TestClientInspector)
#include "tst_clientinspector.moc"
