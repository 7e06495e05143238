// Attaching remote nodes to the console and losing them: File > Connect to Node... with a token
// from a file or typed into the secret store, Disconnect, a lost link (banner, stale rows) until the
// node's next snapshot, and the attached nodes remembered by the next window. Fake nodes
// (mainwindownodesfixture.h).

#include "mainwindownodesfixture.h"

#include <QStatusBar>

using namespace wsm;
using namespace wsm::test;

class TestNodeAttach : public MainWindowNodesFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUp(); }
    void cleanup() { tearDown(); }
    void lostLinkMarksRowsStaleUntilTheNextSnapshot();
    void connectToNodeDialog();
    void statusBarSaysWhenTheNodeAnswers();
    void typedTokenGoesToTheTokenStore();
    void disconnectRemovesTheNodeAndItsRows();
    void attachedNodesRestoredByTheNextWindow();
    void unreadableTokenAsksAgain();
};

void TestNodeAttach::lostLinkMarksRowsStaleUntilTheNextSnapshot()
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

void TestNodeAttach::connectToNodeDialog()
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

void TestNodeAttach::statusBarSaysWhenTheNodeAnswers()
{
    createWindow();
    FakeNode *nodeB = attachNodeB();
    QVERIFY(nodeB);
    nodeB->setLinkState(ServerNode::LinkState::Connecting);
    QVERIFY(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Connecting to node")));
    nodeB->setLinkState(ServerNode::LinkState::Connected);
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Connected to node B."));
}

void TestNodeAttach::typedTokenGoesToTheTokenStore()
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

void TestNodeAttach::disconnectRemovesTheNodeAndItsRows()
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

void TestNodeAttach::attachedNodesRestoredByTheNextWindow()
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

void TestNodeAttach::unreadableTokenAsksAgain()
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

QTEST_MAIN(TestNodeAttach)
#include "tst_nodeattach.moc"
