#pragma once

// Shared by the suites of the console holding several nodes: a shown MainWindow over fake nodes,
// the embedded one (a FakeNode named "local") and remote ones made by the factory the window is
// given (FakeNodes named by their host: ws://b.example/... is "B"), and what a person does with it.

#include "fakenode.h"
#include "memorytokenstore.h"
#include "testsupport.h"
#include "widgetdriver.h"

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

namespace wsm::test {

inline const QUrl NodeBUrl(QStringLiteral("ws://b.example:9001/admin"));

inline SessionRow clientRow(quint64 id, const QString &address, quint16 port, qint64 now)
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

inline Snapshot snapshotWith(const QList<SessionRow> &rows, qint64 now)
{
    Snapshot snapshot;
    snapshot.takenAt = now;
    snapshot.startedAt = now - 60000;
    snapshot.sessions = rows;
    snapshot.totals.clientsConnected = int(rows.size());
    snapshot.totals.sessionsAlive = int(rows.size());
    return snapshot;
}


// Set up and torn down around each test by the suite's init() and cleanup().
class MainWindowNodesFixture : public QObject
{
protected:
    void setUp();
    void tearDown();
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

inline void MainWindowNodesFixture::setUp()
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

inline void MainWindowNodesFixture::tearDown()
{
    m_testers.clear();
    m_window.reset();
    m_tokens.reset();
    m_embedded.reset();
    m_settings.reset();
    m_dir.reset();
}

inline void MainWindowNodesFixture::createWindow()
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

inline void MainWindowNodesFixture::startEmbedded()
{
    auto *toolBar = m_window->findChild<QToolBar *>(QStringLiteral("mainToolBar"));
    QTest::mouseClick(toolBar->widgetForAction(m_window->startAction()), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->isServerRunning(), WaitMs);
}

inline FakeNode *MainWindowNodesFixture::attachNodeB()
{
    QString error;
    if (!m_window->connectToNode(NodeBUrl, QString(), &error) || m_made.isEmpty())
        return nullptr;
    return m_made.constLast();
}

inline int MainWindowNodesFixture::rowOf(const QString &nodeName, quint64 sessionId) const
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

inline void MainWindowNodesFixture::clickRow(int row)
{
    QTableView *view = m_window->connectionView();
    const QModelIndex cell = view->model()->index(row, ConnectionTableModel::PeerColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
}

} // namespace wsm::test
