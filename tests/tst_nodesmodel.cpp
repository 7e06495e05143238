// The Nodes pane's model over a NodeList: one row per node (the embedded one first), what each
// column shows from the node and its latest snapshot, rows following attach and detach, and the
// attached nodes' list as the settings keep it.

#include "fakenode.h"

#include "models/nodesmodel.h"
#include "nodelist.h"

#include <QAbstractItemModelTester>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace wsm;
using namespace wsm::test;

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

QTEST_MAIN(tst_NodesModel)
#include "tst_nodesmodel.moc"
