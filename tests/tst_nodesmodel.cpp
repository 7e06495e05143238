// The Nodes pane's model over a NodeList: one row per node (the embedded one first), what each
// column shows from the node and its latest snapshot, rows following attach and detach, and the
// attached nodes' list as the settings keep it; the nodes of a watched node's cluster that the
// console does not watch, below them, each once, and the cluster link of each watched node.

#include "fakenode.h"

#include "models/nodesmodel.h"
#include "nodelist.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace wsm;
using namespace wsm::test;

namespace {

ClusterNodeInfo clusterNode(const QString &name, int clients)
{
    ClusterNodeInfo node;
    node.name = name;
    node.version = QStringLiteral("0.2.0");
    node.publicUrl = QStringLiteral("ws://%1.example:8080/").arg(name);
    node.adminUrl = QStringLiteral("ws://%1.example:9090/").arg(name); // its host is not its name
    node.clients = clients;
    node.messageRateIn = clients / 10.0;
    node.startedAt = 1'000'000;
    node.updatedAt = 1'000'000 + 65'000;
    return node;
}

// The embedded node "edge-1" in a cluster of the nodes named, itself included.
Snapshot inCluster(const QStringList &names, bool linkUp = true)
{
    Snapshot snapshot;
    snapshot.startedAt = 1'000'000;
    snapshot.takenAt = 1'065'000;
    snapshot.cluster.enabled = true;
    snapshot.cluster.linkUp = linkUp;
    snapshot.cluster.redisUrl = QStringLiteral("redis://127.0.0.1:6379/0");
    snapshot.cluster.nodeName = QStringLiteral("edge-1");
    snapshot.cluster.linkChangedAt = QDateTime(QDate(2026, 12, 4), QTime(12, 3, 4)).toMSecsSinceEpoch();
    snapshot.cluster.lastError = linkUp ? QString() : QStringLiteral("Connection refused");
    for (const QString &name : names)
        snapshot.cluster.nodes.append(clusterNode(name, 100 * int(snapshot.cluster.nodes.size() + 1)));
    return snapshot;
}

QStringList names(const QAbstractItemModel &model)
{
    QStringList list;
    for (int row = 0; row < model.rowCount(); ++row)
        list.append(model.index(row, NodesModel::NameColumn).data().toString());
    return list;
}

} // namespace

class tst_NodesModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void embeddedNodeAlone();
    void attachedNodeAddsARow();
    void snapshotFillsTheRow();
    void linkStates_data();
    void linkStates();
    void detachRemovesTheRow();
    void embeddedNodeCannotBeDetached();
    void sameUrlAttachedOnce();
    void attachmentsSavedWithoutTokens();
    void clusterNodesNotAttachedListedBelow();
    void clusterRowsFollowTheRegistry_data();
    void clusterRowsFollowTheRegistry();
    void attachedClusterNodeListedOnce();
    void clusterLinkColumn_data();
    void clusterLinkColumn();

private:
    std::unique_ptr<FakeNode> m_embedded;
    std::unique_ptr<NodeList> m_nodes;
    std::unique_ptr<NodesModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QList<QByteArray> m_tokens; // as the factory was given them
};

void tst_NodesModel::init()
{
    m_embedded = std::make_unique<FakeNode>(QStringLiteral("ws://127.0.0.1:8080/"));
    m_embedded->setDisplayName(QStringLiteral("local"));
    m_embedded->setVersion(QStringLiteral("0.1.0"));
    m_tokens.clear();
    m_nodes = std::make_unique<NodeList>(m_embedded.get(), [this](const QUrl &url, const QByteArray &token, QObject *parent) {
        m_tokens.append(token);
        return FakeNode::remote(url, url.host(), parent);
    });
    m_model = std::make_unique<NodesModel>(m_nodes.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void tst_NodesModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_nodes.reset();
    m_embedded.reset();
}

void tst_NodesModel::embeddedNodeAlone()
{
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->columnCount(), int(NodesModel::ColumnCount));
    QCOMPARE(m_model->index(0, NodesModel::NameColumn).data().toString(), QStringLiteral("local"));
    QCOMPARE(m_model->index(0, NodesModel::LinkColumn).data().toString(), QStringLiteral("Connected"));
    QCOMPARE(m_model->index(0, NodesModel::VersionColumn).data().toString(), QStringLiteral("0.1.0"));
    // Not listening yet: no uptime.
    QCOMPARE(m_model->index(0, NodesModel::UptimeColumn).data().toString(), QString(QChar(0x2013)));
    QCOMPARE(m_model->nodeAt(0), m_embedded.get());
}

void tst_NodesModel::attachedNodeAddsARow()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    NodeList::Attachment attachment;
    attachment.adminUrl = QUrl(QStringLiteral("ws://b.example:9001/admin"));
    ServerNode *node = m_nodes->attach(attachment, "secret-b");
    QVERIFY(node);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->index(1, NodesModel::NameColumn).data().toString(), QStringLiteral("b.example"));
    QCOMPARE(m_model->index(1, NodesModel::UrlColumn).data().toString(), QStringLiteral("ws://b.example:9001/admin"));
    QCOMPARE(m_tokens, QList<QByteArray>{"secret-b"});
    QCOMPARE(node->parent(), m_nodes.get()); // owned
}

void tst_NodesModel::snapshotFillsTheRow()
{
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    Snapshot snapshot;
    snapshot.startedAt = 1'000'000;
    snapshot.takenAt = snapshot.startedAt + (2 * 60 + 5) * 1000;
    snapshot.totals.clientsConnected = 1234;
    snapshot.totals.messageRateIn = 12.5;
    snapshot.totals.messageRateOut = 3;
    m_embedded->publish(snapshot);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
    QCOMPARE(m_model->index(0, NodesModel::ClientsColumn).data(NodesModel::SortRole).toInt(), 1234);
    QCOMPARE(m_model->index(0, NodesModel::ClientsColumn).data().toString(), QLocale().toString(1234));
    QCOMPARE(m_model->index(0, NodesModel::RateInColumn).data(NodesModel::SortRole).toDouble(), 12.5);
    QCOMPARE(m_model->index(0, NodesModel::RateOutColumn).data(NodesModel::SortRole).toDouble(), 3.0);
    QCOMPARE(m_model->index(0, NodesModel::UptimeColumn).data(NodesModel::SortRole).toLongLong(), qint64(125000));
    QCOMPARE(m_model->index(0, NodesModel::UptimeColumn).data().toString(), QStringLiteral("2 min 5 s"));
}

void tst_NodesModel::linkStates_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("text");
    QTest::newRow("connecting") << int(ServerNode::LinkState::Connecting) << "Connecting";
    QTest::newRow("lost") << int(ServerNode::LinkState::Lost) << "Lost";
    QTest::newRow("connected") << int(ServerNode::LinkState::Connected) << "Connected";
}

void tst_NodesModel::linkStates()
{
    QFETCH(int, state);
    QFETCH(QString, text);
    NodeList::Attachment attachment;
    attachment.adminUrl = QUrl(QStringLiteral("ws://b.example:9001/admin"));
    auto *node = static_cast<FakeNode *>(m_nodes->attach(attachment, {}));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    node->setLinkState(ServerNode::LinkState(state));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_model->index(1, NodesModel::LinkColumn).data().toString(), text);
    QCOMPARE(m_model->index(1, NodesModel::LinkColumn).data(NodesModel::LinkStateRole).toInt(), state);
    const bool lost = ServerNode::LinkState(state) == ServerNode::LinkState::Lost;
    QCOMPARE(m_nodes->lostSince(node) != 0, lost);
    QCOMPARE(m_model->index(1, NodesModel::LinkColumn).data(Qt::ToolTipRole).toString().startsWith(
                 QLatin1String("Unreachable since")),
             lost);
}

void tst_NodesModel::detachRemovesTheRow()
{
    NodeList::Attachment attachment;
    attachment.adminUrl = QUrl(QStringLiteral("ws://b.example:9001/admin"));
    ServerNode *node = m_nodes->attach(attachment, {});
    QPointer<ServerNode> watched(node);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QVERIFY(m_nodes->detach(node));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_nodes->nodeWithId(2), nullptr);
    QTRY_VERIFY(watched.isNull()); // deleted later
}

void tst_NodesModel::embeddedNodeCannotBeDetached()
{
    QVERIFY(!m_nodes->detach(m_embedded.get()));
    QCOMPARE(m_model->rowCount(), 1);
}

void tst_NodesModel::sameUrlAttachedOnce()
{
    NodeList::Attachment attachment;
    attachment.adminUrl = QUrl(QStringLiteral("ws://b.example:9001/admin"));
    QVERIFY(m_nodes->attach(attachment, {}));
    QVERIFY(!m_nodes->attach(attachment, {}));
    QCOMPARE(m_model->rowCount(), 2);
}

void tst_NodesModel::attachmentsSavedWithoutTokens()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("nodes.ini"));
    NodeList::Attachment fromFile;
    fromFile.adminUrl = QUrl(QStringLiteral("wss://a.example:9001/admin"));
    fromFile.tokenFile = QStringLiteral("/etc/wsmonitor/a-token");
    NodeList::Attachment typed;
    typed.adminUrl = QUrl(QStringLiteral("ws://b.example:9002/admin"));
    typed.tokenInKeychain = true;
    NodeList::Attachment once;
    once.adminUrl = QUrl(QStringLiteral("ws://c.example:9003/admin"));
    once.remembered = false;
    m_nodes->attach(fromFile, "token-of-a");
    m_nodes->attach(typed, "token-of-b");
    m_nodes->attach(once, "token-of-c");
    {
        QSettings settings(path, QSettings::IniFormat);
        NodeList::saveAttachments(settings, m_nodes->rememberedAttachments());
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray ini = file.readAll();
    QVERIFY(!ini.contains("token-of"));
    QVERIFY(!ini.contains("c.example"));

    QSettings settings(path, QSettings::IniFormat);
    const QList<NodeList::Attachment> loaded = NodeList::loadAttachments(settings);
    QCOMPARE(loaded.size(), 2);
    QCOMPARE(loaded.at(0).adminUrl, fromFile.adminUrl);
    QCOMPARE(loaded.at(0).tokenFile, fromFile.tokenFile);
    QCOMPARE(loaded.at(0).tokenInKeychain, false);
    QCOMPARE(loaded.at(1).adminUrl, typed.adminUrl);
    QCOMPARE(loaded.at(1).tokenFile, QString());
    QCOMPARE(loaded.at(1).tokenInKeychain, true);
}

void tst_NodesModel::clusterNodesNotAttachedListedBelow()
{
    m_embedded->publish(inCluster({QStringLiteral("edge-1"), QStringLiteral("edge-2"), QStringLiteral("edge-3")}));
    // The embedded node is edge-1: listed once, as itself.
    QCOMPARE(names(*m_model), (QStringList{QStringLiteral("local"), QStringLiteral("edge-2"), QStringLiteral("edge-3")}));
    QVERIFY(m_model->index(0, 0).data(NodesModel::AttachedRole).toBool());
    const QModelIndex edge2 = m_model->index(1, NodesModel::LinkColumn);
    QVERIFY(!edge2.data(NodesModel::AttachedRole).toBool());
    QCOMPARE(edge2.data().toString(), QStringLiteral("In the cluster, not attached"));
    QCOMPARE(m_model->nodeAt(1), nullptr);
    QVERIFY(m_model->clusterNodeAt(1));
    QCOMPARE(m_model->clusterNodeAt(1)->name, QStringLiteral("edge-2"));
    QCOMPARE(m_model->clusterNodeAt(0), nullptr);
    QCOMPARE(m_model->index(1, NodesModel::UrlColumn).data().toString(), QStringLiteral("ws://edge-2.example:9090/"));
    QCOMPARE(edge2.data(NodesModel::AdminUrlRole).toString(), QStringLiteral("ws://edge-2.example:9090/"));
    QCOMPARE(m_model->index(1, NodesModel::ClientsColumn).data(NodesModel::SortRole).toInt(), 200);
    QCOMPARE(m_model->index(1, NodesModel::RateInColumn).data(NodesModel::SortRole).toDouble(), 20.0);
    QCOMPARE(m_model->index(1, NodesModel::UptimeColumn).data().toString(), QStringLiteral("1 min 5 s"));
    QCOMPARE(m_model->index(1, NodesModel::VersionColumn).data().toString(), QStringLiteral("0.2.0"));
    QVERIFY(edge2.data(Qt::ToolTipRole).toString().contains(QLatin1String("ws://edge-2.example:8080/")));
}

void tst_NodesModel::clusterRowsFollowTheRegistry_data()
{
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("after");
    const QString e1 = QStringLiteral("edge-1");
    QTest::newRow("a node joins in the middle") << QStringList{e1, QStringLiteral("a"), QStringLiteral("c")}
                                                << QStringList{e1, QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    QTest::newRow("a node leaves") << QStringList{e1, QStringLiteral("a"), QStringLiteral("b")}
                                   << QStringList{e1, QStringLiteral("b")};
    QTest::newRow("all replaced") << QStringList{e1, QStringLiteral("a"), QStringLiteral("b")}
                                  << QStringList{e1, QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("e")};
    QTest::newRow("the node leaves its cluster") << QStringList{e1, QStringLiteral("a"), QStringLiteral("b")} << QStringList();
}

void tst_NodesModel::clusterRowsFollowTheRegistry()
{
    QFETCH(QStringList, before);
    QFETCH(QStringList, after);
    m_embedded->publish(inCluster(before));
    // The tester checks every insert and remove on the way.
    m_embedded->publish(after.isEmpty() ? Snapshot() : inCluster(after));
    QStringList expected{QStringLiteral("local")};
    for (const QString &name : after) {
        if (name != QLatin1String("edge-1"))
            expected.append(name);
    }
    QCOMPARE(names(*m_model), expected);
}

void tst_NodesModel::attachedClusterNodeListedOnce()
{
    m_embedded->publish(inCluster({QStringLiteral("edge-1"), QStringLiteral("edge-2"), QStringLiteral("edge-3")}));
    QCOMPARE(m_model->rowCount(), 3);
    // When the console attaches edge-2 at the admin URL the registry gives (its name not known yet).
    NodeList::Attachment attachment;
    attachment.adminUrl = QUrl(QStringLiteral("ws://EDGE-2.example:9090"));
    auto *node = static_cast<FakeNode *>(m_nodes->attach(attachment, {}));
    QVERIFY(node);
    // Known by its URL (the fake is named after its host until it says its name).
    QCOMPARE(names(*m_model),
             (QStringList{QStringLiteral("local"), QStringLiteral("edge-2.example"), QStringLiteral("edge-3")}));
    QVERIFY(m_model->index(1, 0).data(NodesModel::AttachedRole).toBool());
    QVERIFY(!m_model->index(2, 0).data(NodesModel::AttachedRole).toBool());
    // Its own registry (the same cluster) adds nothing twice.
    Snapshot fromB = inCluster({QStringLiteral("edge-1"), QStringLiteral("edge-2"), QStringLiteral("edge-3")});
    fromB.cluster.nodeName = QStringLiteral("edge-2");
    node->publish(fromB);
    QCOMPARE(m_model->rowCount(), 3);
    // Detached again, it is back among the cluster's rows.
    QVERIFY(m_nodes->detach(node));
    QCOMPARE(names(*m_model), (QStringList{QStringLiteral("local"), QStringLiteral("edge-2"), QStringLiteral("edge-3")}));
    QVERIFY(!m_model->index(1, 0).data(NodesModel::AttachedRole).toBool());
}

void tst_NodesModel::clusterLinkColumn_data()
{
    QTest::addColumn<int>("state"); // 0 outside a cluster, 1 up, 2 down
    QTest::addColumn<QString>("text");
    QTest::newRow("outside a cluster") << 0 << QString();
    QTest::newRow("up") << 1 << QStringLiteral("Up");
    QTest::newRow("down") << 2 << QStringLiteral("Down since 12:03:04");
}

void tst_NodesModel::clusterLinkColumn()
{
    QFETCH(int, state);
    QFETCH(QString, text);
    m_embedded->publish(state == 0 ? Snapshot() : inCluster({QStringLiteral("edge-1")}, state == 1));
    const QModelIndex cell = m_model->index(0, NodesModel::ClusterColumn);
    QCOMPARE(cell.data().toString(), text);
    QCOMPARE(cell.data(NodesModel::ClusterDownRole).toBool(), state == 2);
    QCOMPARE(cell.data(Qt::ForegroundRole).isValid(), state == 2); // the marker
    const QString tip = cell.data(Qt::ToolTipRole).toString();
    QCOMPARE(tip.contains(QLatin1String("redis://127.0.0.1:6379/0")), state != 0);
    QCOMPARE(tip.contains(QLatin1String("Connection refused")), state == 2);
}

QTEST_MAIN(tst_NodesModel)
#include "tst_nodesmodel.moc"
