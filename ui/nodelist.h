#pragma once

#include "clientdetails.h"
#include "connectionevent.h"
#include "servernode.h"
#include "snapshot.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace wsm {

// Makes the ServerNode of a node elsewhere, reached at adminUrl (ws:// or wss://) with the admin
// token; the node is given `parent`. main() passes one that makes a RemoteNode; tests pass one that
// makes fake nodes. Without one the console watches its embedded server only.
using RemoteNodeFactory = std::function<ServerNode *(const QUrl &adminUrl, const QByteArray &token, QObject *parent)>;

// The nodes the console watches: the embedded one (always there, first, not owned, never detached)
// and the remote ones the operator attached (owned). Each has an id for the table's NodeIdRole (ids
// are never reused), its latest snapshot, and since when its link is lost. Every node's signals come
// out of here once, with the node they came from.
class NodeList : public QObject
{
    Q_OBJECT

public:
    // How a remote node was attached: what the settings keep to attach it again at the next start.
    // Never the token itself.
    struct Attachment
    {
        QUrl adminUrl;
        QString tokenFile;            // read at each attach; empty when the token was typed
        bool tokenInKeychain = false; // the typed token is in the desktop's secret store, key adminUrl
        bool remembered = true;       // saved and attached again at the next start (not so for --connect)
    };

    NodeList(ServerNode *embedded, RemoteNodeFactory factory, QObject *parent = nullptr);
    ~NodeList() override;

    bool canAttach() const { return bool(m_factory); }
    ServerNode *embedded() const { return m_entries.constFirst().node; }
    bool isEmbedded(const ServerNode *node) const { return node == embedded(); }
    int count() const { return int(m_entries.size()); }
    ServerNode *at(int index) const { return m_entries.at(index).node; }
    QList<ServerNode *> nodes() const;
    int indexOf(const ServerNode *node) const;
    quint64 idOf(const ServerNode *node) const;      // 0 when not held
    ServerNode *nodeWithId(quint64 id) const;         // null when not held (any more)
    ServerNode *attachedAt(const QUrl &adminUrl) const;

    // Makes the node through the factory and holds it; null without a factory or when that URL is
    // attached already (or the factory made none).
    ServerNode *attach(const Attachment &attachment, const QByteArray &token);
    // Removes a remote node: detached() is emitted while it is still valid, then it is deleted
    // later. False for the embedded node or one not held.
    bool detach(ServerNode *node);
    Attachment attachment(const ServerNode *node) const;
    void setTokenInKeychain(const ServerNode *node, bool inKeychain);
    QList<Attachment> rememberedAttachments() const;

    // When the node's link was lost (ms since the epoch); 0 unless it is Lost or reconnecting since.
    qint64 lostSince(const ServerNode *node) const;
    // The last snapshot the node sent; empty before the first.
    Snapshot latestSnapshot(const ServerNode *node) const;

    // The remembered attachments under "nodes/" in settings (an array: url, tokenFile, tokenInKeychain).
    static QList<Attachment> loadAttachments(QSettings &settings);
    static void saveAttachments(QSettings &settings, const QList<Attachment> &attachments);

Q_SIGNALS:
    void attached(wsm::ServerNode *node);
    void detached(wsm::ServerNode *node);
    // What the node says, as ServerNode's signals, with the node.
    void snapshotReady(wsm::ServerNode *node, const wsm::Snapshot &snapshot, const QList<wsm::ConnectionEvent> &events);
    void linkStateChanged(wsm::ServerNode *node, wsm::ServerNode::LinkState state);
    void commandFinished(wsm::ServerNode *node, quint64 requestId, bool ok, const QString &message);
    void clientDetailsReady(wsm::ServerNode *node, quint64 requestId, const wsm::ClientDetails &details);
    // Something the Nodes pane shows of it changed (a snapshot, its link).
    void nodeChanged(wsm::ServerNode *node);

private:
    struct Entry
    {
        ServerNode *node = nullptr;
        quint64 id = 0;
        Attachment attachment;
        qint64 lostSince = 0;
        Snapshot latest;
    };

    void hold(ServerNode *node, const Attachment &attachment);
    Entry *entryOf(const ServerNode *node);
    const Entry *entryOf(const ServerNode *node) const;

    RemoteNodeFactory m_factory;
    QList<Entry> m_entries; // the embedded node first
    quint64 m_lastId = 0;
};

} // namespace wsm
