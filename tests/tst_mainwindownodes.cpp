// The console holding several nodes: the embedded one (a FakeNode here) and remote ones made by the
// factory the window is given (FakeNodes too). Rows are known by node and session id; every
// per-client action goes to the node holding the client; a lost link leaves its rows greyed with a
// banner naming the node; nodes are attached with File > Connect to Node…, detached with
// Disconnect, and remembered in the settings without their tokens. Driven as a person drives it.

#include "fakenode.h"
#include "memorytokenstore.h"

#include "dialogs/connectnodedialog.h"
#include "dialogs/kickdialog.h"
#include "errorbanner.h"
#include "mainwindow.h"
#include "models/connectiontablemodel.h"
#include "models/eventlogmodel.h"
#include "models/nodesmodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>

#include <functional>
#include <memory>

using namespace wsm;
using namespace wsm::test;

namespace {

constexpr int WaitMs = 15000;
const QUrl NodeBUrl(QStringLiteral("ws://b.example:9001/admin"));

SessionRow clientRow(quint64 id, const QString &address, quint16 port, qint64 now)
{
    SessionRow row;
    row.id = id;
    row.peerAddress = address;
    row.peerPort = port;
    row.connectedAt = now - 30000;
    row.lastSeenAt = now;
    row.path = QStringLiteral("/");
    return row;
}

Snapshot snapshotWith(const QList<SessionRow> &rows, qint64 now)
{
    Snapshot snapshot;
    snapshot.takenAt = now;
    snapshot.startedAt = now - 60000;
    snapshot.sessions = rows;
    snapshot.totals.clientsConnected = int(rows.size());
    snapshot.totals.sessionsAlive = int(rows.size());
    return snapshot;
}

template<typename T>
void whenDialogOpens(QObject *context, std::function<void(T *)> answer)
{
    auto *poll = new QTimer(context);
    poll->setInterval(10);
    const qint64 deadline = QDateTime::currentMSecsSinceEpoch() + WaitMs;
    QObject::connect(poll, &QTimer::timeout, context, [poll, answer, deadline] {
        auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
        if (!dialog && QDateTime::currentMSecsSinceEpoch() <= deadline)
            return;
        poll->stop();
        poll->deleteLater();
        if (dialog)
            answer(dialog);
    });
    poll->start();
}

void typeOver(QLineEdit *field, const QString &text)
{
    QTest::mouseClick(field, Qt::LeftButton, {}, QPoint(4, field->height() / 2));
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(field, text);
}

} // namespace

class TestMainWindowNodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void nodeColumnAndFilterOnlyWithSeveralNodes();
    void sameSessionIdOnTwoNodes();
    void remoteRowsJudgedByTheNodesHeartbeat();
    void eventLogNamesTheNode();
    void nodeFilterChosenInTheCombo();
    void kickReachesTheNodeHoldingTheClient();
    void inspectAsksTheNodeHoldingTheClient();
    void kickAllNamesAndReachesEveryNode();
    void lostLinkMarksRowsStaleUntilTheNextSnapshot();
    void connectToNodeDialog();
    void typedTokenGoesToTheTokenStore();
    void disconnectRemovesTheNodeAndItsRows();
    void attachedNodesRestoredByTheNextWindow();
    void unreadableTokenAsksAgain();

private:
    void createWindow();
    // Attaches node B as --connect does and waits for it in the table.
    FakeNode *attachNodeB();
    int rowOf(const QString &nodeName, quint64 sessionId) const;
    void clickRow(int row);
    void startEmbedded();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<FakeNode> m_embedded;
    std::unique_ptr<MemoryTokenStore> m_tokens;
    std::unique_ptr<MainWindow> m_window;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
    QList<QPointer<FakeNode>> m_made; // by the factory, in order
    QList<QUrl> m_madeUrls;
    QList<QByteArray> m_madeTokens;
};

void TestMainWindowNodes::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("wsmonitor.ini")), QSettings::IniFormat);
    m_embedded = std::make_unique<FakeNode>(QStringLiteral("ws://127.0.0.1:8080/"));
    m_embedded->setDisplayName(QStringLiteral("local"));
    m_tokens = std::make_unique<MemoryTokenStore>();
    m_made.clear();
    m_madeUrls.clear();
    m_madeTokens.clear();
}

void TestMainWindowNodes::cleanup()
{
    m_testers.clear();
    m_window.reset();
    m_tokens.reset();
    m_embedded.reset();
    m_settings.reset();
    m_dir.reset();
}

void TestMainWindowNodes::createWindow()
{
    m_testers.clear();
    MainWindow::RemoteNodes remote;
    remote.factory = [this](const QUrl &url, const QByteArray &token, QObject *parent) -> ServerNode * {
        FakeNode *node = FakeNode::remote(url, url.host().section(QLatin1Char('.'), 0, 0).toUpper(), parent);
        m_made.append(node);
        m_madeUrls.append(url);
        m_madeTokens.append(token);
        return node;
    };
    remote.tokenStore = m_tokens.get();
    m_window = std::make_unique<MainWindow>(m_embedded.get(), ServerConfig(), m_settings.get(), remote);
    const auto fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(m_window->connectionView()->model(), fatal));
    auto *nodesView = m_window->findChild<QTableView *>(QStringLiteral("nodesView"));
    QVERIFY(nodesView);
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(nodesView->model(), fatal));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestMainWindowNodes::startEmbedded()
{
    auto *toolBar = m_window->findChild<QToolBar *>(QStringLiteral("mainToolBar"));
    QTest::mouseClick(toolBar->widgetForAction(m_window->startAction()), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->isServerRunning(), WaitMs);
}

FakeNode *TestMainWindowNodes::attachNodeB()
{
    QString error;
    if (!m_window->connectToNode(NodeBUrl, QString(), &error) || m_made.isEmpty())
        return nullptr;
    return m_made.constLast();
}

int TestMainWindowNodes::rowOf(const QString &nodeName, quint64 sessionId) const
{
    const QAbstractItemModel *model = m_window->connectionView()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, ConnectionTableModel::NodeColumn);
        if (index.data().toString() == nodeName
            && index.data(ConnectionTableModel::SessionIdRole).toULongLong() == sessionId)
            return row;
    }
    return -1;
}

void TestMainWindowNodes::clickRow(int row)
{
    QTableView *view = m_window->connectionView();
    const QModelIndex cell = view->model()->index(row, ConnectionTableModel::PeerColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
}

void TestMainWindowNodes::nodeColumnAndFilterOnlyWithSeveralNodes()
{
    // Given the console with its embedded node alone: no Node column, no node filter.
    createWindow();
    QTableView *view = m_window->connectionView();
    auto *combo = m_window->findChild<QComboBox *>(QStringLiteral("nodeFilter"));
    QVERIFY(combo);
    QVERIFY(view->isColumnHidden(ConnectionTableModel::NodeColumn));
    QVERIFY(!combo->isVisible());
    // When a second node is attached, both show, the column first.
    QVERIFY(attachNodeB());
    QVERIFY(!view->isColumnHidden(ConnectionTableModel::NodeColumn));
    QCOMPARE(view->horizontalHeader()->visualIndex(ConnectionTableModel::NodeColumn), 0);
    QVERIFY(combo->isVisible());
    QCOMPARE(combo->count(), 3);
    QCOMPARE(combo->itemText(0), QStringLiteral("All nodes"));
    QCOMPARE(combo->itemText(1), QStringLiteral("local"));
    QCOMPARE(combo->itemText(2), QStringLiteral("B"));
}

void TestMainWindowNodes::sameSessionIdOnTwoNodes()
{
    createWindow();
    startEmbedded();
    FakeNode *nodeB = attachNodeB();
    QVERIFY(nodeB);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_embedded->publish(snapshotWith({clientRow(7, QStringLiteral("198.51.100.4"), 4000, now)}, now));
    nodeB->publish(snapshotWith({clientRow(7, QStringLiteral("203.0.113.9"), 5000, now)}, now));

    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionView()->model()->rowCount(), 2, WaitMs);
    const int local = rowOf(QStringLiteral("local"), 7);
    const int remote = rowOf(QStringLiteral("B"), 7);
    QVERIFY(local >= 0 && remote >= 0 && local != remote);
    const QAbstractItemModel *model = m_window->connectionView()->model();
    QCOMPARE(model->index(local, ConnectionTableModel::PeerColumn).data().toString(), QStringLiteral("198.51.100.4:4000"));
    QCOMPARE(model->index(remote, ConnectionTableModel::PeerColumn).data().toString(), QStringLiteral("203.0.113.9:5000"));
    auto *count = m_window->findChild<QLabel *>(QStringLiteral("clientCount"));
    QCOMPARE(count->text(), QStringLiteral("2 client(s)"));
}

void TestMainWindowNodes::remoteRowsJudgedByTheNodesHeartbeat()
{
    createWindow();
    FakeNode *nodeB = attachNodeB();
    QVERIFY(nodeB);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    SessionRow silent = clientRow(1, QStringLiteral("203.0.113.9"), 5000, now);
    // 8 s without a word: past B's timeout, well within the console's own heartbeat (10 s, 30 s).
    silent.lastSeenAt = now - 8000;
    Snapshot snapshot = snapshotWith({silent, clientRow(2, QStringLiteral("203.0.113.10"), 5000, now)}, now);
    // B runs its heartbeat every second, with a 3 s timeout; the console's own settings differ.
    snapshot.heartbeatIntervalMs = 1000;
    snapshot.heartbeatTimeoutMs = 3000;
    nodeB->publish(snapshot);

    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionView()->model()->rowCount(), 2, WaitMs);
    const QAbstractItemModel *model = m_window->connectionView()->model();
    const auto heartbeatOf = [&](quint64 id) {
        return HeartbeatState(model->index(rowOf(QStringLiteral("B"), id), ConnectionTableModel::HeartbeatColumn)
                                  .data(ConnectionTableModel::HeartbeatStateRole)
                                  .toInt());
    };
    QCOMPARE(heartbeatOf(1), HeartbeatState::Missing);
    QCOMPARE(heartbeatOf(2), HeartbeatState::Ok);
}

void TestMainWindowNodes::eventLogNamesTheNode()
{
    createWindow();
    auto *log = m_window->findChild<QTableView *>(QStringLiteral("eventLogView"));
    QVERIFY(log);
    QVERIFY(log->isColumnHidden(EventLogModel::NodeColumn)); // one node: nothing to tell apart
    startEmbedded();
    FakeNode *nodeB = attachNodeB();
    QVERIFY(nodeB);
    QVERIFY(!log->isColumnHidden(EventLogModel::NodeColumn));

    // The same client number on both nodes: only the Node column tells the two connects apart.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    ConnectionEvent connected;
    connected.sessionId = 3;
    connected.peerAddress = QStringLiteral("203.0.113.9");
    connected.connectedAt = now;
    m_embedded->publish(snapshotWith({}, now), {connected});
    nodeB->publish(snapshotWith({}, now), {connected});

    QTRY_COMPARE_WITH_TIMEOUT(log->model()->rowCount(), 2, WaitMs);
    QStringList nodes;
    for (int row = 0; row < 2; ++row)
        nodes.append(log->model()->index(row, EventLogModel::NodeColumn).data().toString());
    nodes.sort();
    QCOMPARE(nodes, (QStringList{QStringLiteral("B"), QStringLiteral("local")}));
}

void TestMainWindowNodes::nodeFilterChosenInTheCombo()
{
    createWindow();
    startEmbedded();
    FakeNode *nodeB = attachNodeB();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_embedded->publish(snapshotWith({clientRow(1, QStringLiteral("198.51.100.4"), 4000, now),
                                      clientRow(2, QStringLiteral("198.51.100.5"), 4000, now)},
                                     now));
    nodeB->publish(snapshotWith({clientRow(1, QStringLiteral("203.0.113.9"), 5000, now)}, now));
    QTableView *view = m_window->connectionView();
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 3, WaitMs);

    // When the operator opens the node filter and picks B (two rows down, Enter).
    auto *combo = m_window->findChild<QComboBox *>(QStringLiteral("nodeFilter"));
    QTest::mouseClick(combo, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(combo->view()->isVisible(), WaitMs);
    QTest::keyClick(combo->view(), Qt::Key_Down);
    QTest::keyClick(combo->view(), Qt::Key_Down);
    QTest::keyClick(combo->view(), Qt::Key_Return);

    // Then only B's client shows, and the count says so.
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, WaitMs);
    QCOMPARE(view->model()->index(0, ConnectionTableModel::NodeColumn).data().toString(), QStringLiteral("B"));
    auto *count = m_window->findChild<QLabel *>(QStringLiteral("clientCount"));
    QCOMPARE(count->text(), QStringLiteral("3 client(s), 1 shown"));
}

void TestMainWindowNodes::kickReachesTheNodeHoldingTheClient()
{
    createWindow();
    startEmbedded();
    FakeNode *nodeB = attachNodeB();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_embedded->publish(snapshotWith({clientRow(7, QStringLiteral("198.51.100.4"), 4000, now)}, now));
    nodeB->publish(snapshotWith({clientRow(7, QStringLiteral("203.0.113.9"), 5000, now)}, now));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionView()->model()->rowCount(), 2, WaitMs);

    // When the operator selects B's #7 and kicks it with a code and a reason typed in the dialog.
    clickRow(rowOf(QStringLiteral("B"), 7));
    QString question;
    whenDialogOpens<KickDialog>(this, [&question](KickDialog *dialog) {
        question = dialog->findChild<QLabel *>(QStringLiteral("question"))->text();
        typeOver(dialog->findChild<QSpinBox *>(QStringLiteral("closeCode"))->findChild<QLineEdit *>(),
                 QStringLiteral("4123"));
        auto *reason = dialog->findChild<QLineEdit *>(QStringLiteral("reason"));
        typeOver(reason, QStringLiteral("moved to node A"));
        QTest::keyClick(reason, Qt::Key_Return);
    });
    QTest::keyClick(m_window->connectionView(), Qt::Key_Delete);

    // Then node B alone was asked, for its #7.
    QTRY_COMPARE_WITH_TIMEOUT(nodeB->kicks.size(), 1, WaitMs);
    QCOMPARE(nodeB->kicks.first().sessionIds, QList<quint64>{7});
    QCOMPARE(nodeB->kicks.first().closeCode, 4123);
    QCOMPARE(nodeB->kicks.first().reason, QStringLiteral("moved to node A"));
    QVERIFY(m_embedded->kicks.isEmpty());
    QCOMPARE(question, QStringLiteral("Kick #7 203.0.113.9:5000 on B?"));
}

void TestMainWindowNodes::inspectAsksTheNodeHoldingTheClient()
{
    createWindow();
    startEmbedded();
    FakeNode *nodeB = attachNodeB();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_embedded->publish(snapshotWith({clientRow(7, QStringLiteral("198.51.100.4"), 4000, now)}, now));
    nodeB->publish(snapshotWith({clientRow(7, QStringLiteral("203.0.113.9"), 5000, now)}, now));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionView()->model()->rowCount(), 2, WaitMs);

    // When the operator double-clicks B's #7.
    QTableView *view = m_window->connectionView();
    const QModelIndex cell = view->model()->index(rowOf(QStringLiteral("B"), 7), ConnectionTableModel::PeerColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());

    // Then node B is asked for #7's details, the embedded node for nothing.
    QTRY_VERIFY_WITH_TIMEOUT(nodeB->detailsRequests.contains(7), WaitMs);
    QVERIFY(m_embedded->detailsRequests.isEmpty());

    // And inspecting the embedded #7 then asks the embedded node, although the id is the same.
    const QModelIndex local = view->model()->index(rowOf(QStringLiteral("local"), 7), ConnectionTableModel::PeerColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(local).center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(local).center());
    QTRY_VERIFY_WITH_TIMEOUT(m_embedded->detailsRequests.contains(7), WaitMs);
}

void TestMainWindowNodes::kickAllNamesAndReachesEveryNode()
{
    createWindow();
    startEmbedded();
    FakeNode *nodeB = attachNodeB();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_embedded->publish(snapshotWith({clientRow(7, QStringLiteral("198.51.100.4"), 4000, now)}, now));
    nodeB->publish(snapshotWith({clientRow(7, QStringLiteral("203.0.113.9"), 5000, now)}, now));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionView()->model()->rowCount(), 2, WaitMs);

    QString nodesText;
    whenDialogOpens<KickDialog>(this, [&nodesText](KickDialog *dialog) {
        auto *nodes = dialog->findChild<QLabel *>(QStringLiteral("nodes"));
        nodesText = nodes->isVisible() ? nodes->text() : QString();
        QTest::keyClick(dialog->findChild<QLineEdit *>(QStringLiteral("reason")), Qt::Key_Return);
    });
    auto *toolBar = m_window->findChild<QToolBar *>(QStringLiteral("mainToolBar"));
    QTest::mouseClick(toolBar->widgetForAction(m_window->kickAllAction()), Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(nodeB->kickAlls.size(), 1, WaitMs);
    QCOMPARE(m_embedded->kickAlls.size(), 1);
    QCOMPARE(nodesText, QStringLiteral("On the nodes: %1")
                            .arg(QLocale().createSeparatedList({QStringLiteral("local"), QStringLiteral("B")})));
}

void TestMainWindowNodes::lostLinkMarksRowsStaleUntilTheNextSnapshot()
{
    createWindow();
    startEmbedded();
    FakeNode *nodeB = attachNodeB();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_embedded->publish(snapshotWith({clientRow(7, QStringLiteral("198.51.100.4"), 4000, now)}, now));
    nodeB->publish(snapshotWith({clientRow(7, QStringLiteral("203.0.113.9"), 5000, now)}, now));
    QAbstractItemModel *model = m_window->connectionView()->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, WaitMs);
    auto *banner = m_window->findChild<ErrorBanner *>(QStringLiteral("errorBanner"));
    auto *nodesView = m_window->findChild<QTableView *>(QStringLiteral("nodesView"));
    QVERIFY(!banner->isVisible());

    // When B's link drops.
    nodeB->setLinkState(ServerNode::LinkState::Lost);

    // Then the banner names B at once, B's row is kept but stale, the embedded one is not.
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->message().contains(QLatin1String("B")), qPrintable(banner->message()));
    QVERIFY2(banner->message().startsWith(QLatin1String("Lost the link")), qPrintable(banner->message()));
    const QModelIndex stale = model->index(rowOf(QStringLiteral("B"), 7), ConnectionTableModel::PeerColumn);
    QVERIFY(stale.data(ConnectionTableModel::StaleRole).toBool());
    QVERIFY(stale.data(Qt::FontRole).value<QFont>().italic());
    QVERIFY2(stale.data(Qt::ToolTipRole).toString().startsWith(QLatin1String("Node B unreachable since")),
             qPrintable(stale.data(Qt::ToolTipRole).toString()));
    const QModelIndex fresh = model->index(rowOf(QStringLiteral("local"), 7), ConnectionTableModel::PeerColumn);
    QVERIFY(!fresh.data(ConnectionTableModel::StaleRole).toBool());
    QCOMPARE(nodesView->model()->index(1, NodesModel::LinkColumn).data().toString(), QStringLiteral("Lost"));
    // Its clients cannot be kicked meanwhile.
    clickRow(stale.row());
    QVERIFY(!m_window->kickSelectedAction()->isEnabled());

    // When it comes back, its rows stay stale until its next snapshot replaces them.
    nodeB->setLinkState(ServerNode::LinkState::Connected);
    QCOMPARE(nodesView->model()->index(1, NodesModel::LinkColumn).data().toString(), QStringLiteral("Connected"));
    QVERIFY(banner->isVisible());
    const qint64 later = QDateTime::currentMSecsSinceEpoch();
    nodeB->publish(snapshotWith({clientRow(8, QStringLiteral("203.0.113.10"), 5001, later)}, later));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("B"), 8) >= 0, WaitMs);
    QCOMPARE(rowOf(QStringLiteral("B"), 7), -1);
    QVERIFY(!model->index(rowOf(QStringLiteral("B"), 8), 0).data(ConnectionTableModel::StaleRole).toBool());
    QVERIFY(!model->index(rowOf(QStringLiteral("B"), 8), 0).data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(!banner->isVisible());
}

void TestMainWindowNodes::connectToNodeDialog()
{
    createWindow();
    QVERIFY(m_window->connectNodeAction()->isVisible());
    const QString tokenPath = m_dir->filePath(QStringLiteral("admin-token"));
    {
        QFile file(tokenPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("s3cret-from-file\n");
    }
    // When the operator types the URL, then the token file's path, and presses Enter.
    whenDialogOpens<ConnectNodeDialog>(this, [tokenPath](ConnectNodeDialog *dialog) {
        auto *url = dialog->findChild<QLineEdit *>(QStringLiteral("adminUrl"));
        QVERIFY(url->hasFocus());
        QTest::keyClicks(url, QStringLiteral("wss://c.example:9443/admin"));
        auto *file = dialog->findChild<QLineEdit *>(QStringLiteral("tokenFile"));
        typeOver(file, tokenPath);
        QTest::keyClick(file, Qt::Key_Return);
    });
    m_window->connectNodeAction()->trigger();

    // Then the factory made the node with that URL and the file's token, and the table knows it.
    QTRY_COMPARE_WITH_TIMEOUT(m_made.size(), 1, WaitMs);
    QCOMPARE(m_madeUrls.first(), QUrl(QStringLiteral("wss://c.example:9443/admin")));
    QCOMPARE(m_madeTokens.first(), QByteArray("s3cret-from-file"));
    QCOMPARE(m_window->nodeList()->count(), 2);
    QVERIFY(m_tokens->tokens.isEmpty()); // a file's token is not copied to the store
}

void TestMainWindowNodes::typedTokenGoesToTheTokenStore()
{
    createWindow();
    whenDialogOpens<ConnectNodeDialog>(this, [](ConnectNodeDialog *dialog) {
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("adminUrl")), QStringLiteral("ws://d.example:9001/"));
        auto *token = dialog->findChild<QLineEdit *>(QStringLiteral("token"));
        typeOver(token, QStringLiteral("typed-secret"));
        QTest::keyClick(token, Qt::Key_Return);
    });
    m_window->connectNodeAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_made.size(), 1, WaitMs);
    QCOMPARE(m_madeTokens.first(), QByteArray("typed-secret"));
    QTRY_COMPARE_WITH_TIMEOUT(m_tokens->tokens.value(QStringLiteral("ws://d.example:9001/")), QByteArray("typed-secret"),
                              WaitMs);
}

void TestMainWindowNodes::disconnectRemovesTheNodeAndItsRows()
{
    createWindow();
    startEmbedded();
    QPointer<FakeNode> nodeB = attachNodeB();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_embedded->publish(snapshotWith({clientRow(7, QStringLiteral("198.51.100.4"), 4000, now)}, now));
    nodeB->publish(snapshotWith({clientRow(7, QStringLiteral("203.0.113.9"), 5000, now)}, now));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionView()->model()->rowCount(), 2, WaitMs);

    auto *nodesView = m_window->findChild<QTableView *>(QStringLiteral("nodesView"));
    QVERIFY(nodesView->isVisible());
    const auto clickNode = [nodesView](int row) {
        const QModelIndex cell = nodesView->model()->index(row, NodesModel::NameColumn);
        QTest::mouseClick(nodesView->viewport(), Qt::LeftButton, {}, nodesView->visualRect(cell).center());
    };
    // The embedded node cannot be disconnected.
    clickNode(0);
    QVERIFY(!m_window->disconnectNodeAction()->isEnabled());
    // Node B can.
    clickNode(1);
    QVERIFY(m_window->disconnectNodeAction()->isEnabled());
    m_window->disconnectNodeAction()->trigger();

    QCOMPARE(nodesView->model()->rowCount(), 1);
    QCOMPARE(m_window->connectionView()->model()->rowCount(), 1);
    QVERIFY(m_window->connectionView()->isColumnHidden(ConnectionTableModel::NodeColumn));
    QTRY_VERIFY_WITH_TIMEOUT(nodeB.isNull(), WaitMs);
}

void TestMainWindowNodes::attachedNodesRestoredByTheNextWindow()
{
    const QString tokenPath = m_dir->filePath(QStringLiteral("admin-token"));
    {
        QFile file(tokenPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("file-secret\n");
    }
    // Given a window where the operator attached one node with a token file and one with a typed token.
    createWindow();
    whenDialogOpens<ConnectNodeDialog>(this, [tokenPath](ConnectNodeDialog *dialog) {
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("adminUrl")), QStringLiteral("ws://e.example:9001/"));
        auto *file = dialog->findChild<QLineEdit *>(QStringLiteral("tokenFile"));
        typeOver(file, tokenPath);
        QTest::keyClick(file, Qt::Key_Return);
    });
    m_window->connectNodeAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_made.size(), 1, WaitMs);
    whenDialogOpens<ConnectNodeDialog>(this, [](ConnectNodeDialog *dialog) {
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("adminUrl")), QStringLiteral("ws://f.example:9001/"));
        auto *token = dialog->findChild<QLineEdit *>(QStringLiteral("token"));
        typeOver(token, QStringLiteral("typed-secret"));
        QTest::keyClick(token, Qt::Key_Return);
    });
    m_window->connectNodeAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_made.size(), 2, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_tokens->tokens.size(), 1, WaitMs);
    // A node from the command line is for this run only.
    QString error;
    QVERIFY2(m_window->connectToNode(QUrl(QStringLiteral("ws://g.example:9001/")), QString(), &error), qPrintable(error));
    m_window.reset();
    m_settings->sync();

    // Then the settings list both, and no token.
    QFile ini(m_settings->fileName());
    QVERIFY(ini.open(QIODevice::ReadOnly));
    const QByteArray text = ini.readAll();
    QVERIFY2(text.contains("e.example") && text.contains("f.example"), text.constData());
    QVERIFY2(!text.contains("g.example"), text.constData());
    QVERIFY2(!text.contains("secret"), text.constData());
    QVERIFY2(text.contains("admin-token"), text.constData()); // the file's path is kept

    // When a new window opens on the same settings, both are attached again with their tokens.
    m_made.clear();
    m_madeUrls.clear();
    m_madeTokens.clear();
    createWindow();
    QTRY_COMPARE_WITH_TIMEOUT(m_made.size(), 2, WaitMs);
    QCOMPARE(m_madeUrls, (QList<QUrl>{QUrl(QStringLiteral("ws://e.example:9001/")), QUrl(QStringLiteral("ws://f.example:9001/"))}));
    QCOMPARE(m_madeTokens, (QList<QByteArray>{"file-secret", "typed-secret"}));
    QCOMPARE(m_window->nodeList()->count(), 3);
}

void TestMainWindowNodes::unreadableTokenAsksAgain()
{
    // Given a saved node whose token was typed, and a secret store that cannot be read.
    NodeList::Attachment saved;
    saved.adminUrl = QUrl(QStringLiteral("ws://h.example:9001/"));
    saved.tokenInKeychain = true;
    NodeList::saveAttachments(*m_settings, {saved});
    m_tokens->failing = true;

    // When the window opens, it asks for the token with the URL filled in and says why.
    QString reason;
    QString url;
    whenDialogOpens<ConnectNodeDialog>(this, [&reason, &url](ConnectNodeDialog *dialog) {
        reason = dialog->findChild<QLabel *>(QStringLiteral("reason"))->text();
        url = dialog->findChild<QLineEdit *>(QStringLiteral("adminUrl"))->text();
        auto *token = dialog->findChild<QLineEdit *>(QStringLiteral("token"));
        typeOver(token, QStringLiteral("typed-again"));
        QTest::keyClick(token, Qt::Key_Return);
    });
    createWindow();
    QTRY_COMPARE_WITH_TIMEOUT(m_made.size(), 1, WaitMs);
    QCOMPARE(url, QStringLiteral("ws://h.example:9001/"));
    QVERIFY2(reason.contains(QLatin1String("no secret store")), qPrintable(reason));
    QCOMPARE(m_madeTokens.first(), QByteArray("typed-again"));
    // And the store still failing, the banner says the token was not kept.
    auto *banner = m_window->findChild<ErrorBanner *>(QStringLiteral("errorBanner"));
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), WaitMs);
    QVERIFY2(banner->message().contains(QLatin1String("secret store")), qPrintable(banner->message()));
}

QTEST_MAIN(TestMainWindowNodes)
#include "tst_mainwindownodes.moc"
