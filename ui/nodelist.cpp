#include "nodelist.h"

#include <QDateTime>
#include <QSettings>

namespace wsm {

namespace {

const QString NodesKey = QStringLiteral("nodes");
const QString UrlKey = QStringLiteral("url");
const QString TokenFileKey = QStringLiteral("tokenFile");
const QString TokenInKeychainKey = QStringLiteral("tokenInKeychain");

} // namespace

NodeList::NodeList(ServerNode *embedded, RemoteNodeFactory factory, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
{
    Q_ASSERT(embedded);
    hold(embedded, {});
}

NodeList::~NodeList()
{
    // The remote nodes go first, while this object is whole: none of their last signals may reach it.
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.node->parent() == this) {
            entry.node->disconnect(this);
            delete entry.node;
        }
    }
}

void NodeList::hold(ServerNode *node, const Attachment &attachment)
{
    Entry entry;
    entry.node = node;
    entry.id = ++m_lastId;
    entry.attachment = attachment;
    m_entries.append(entry);

    connect(node, &ServerNode::snapshotReady, this,
            [this, node](const Snapshot &snapshot, const QList<ConnectionEvent> &events) {
                if (Entry *held = entryOf(node)) {
                    held->latest = snapshot;
                    if (node->linkState() == ServerNode::LinkState::Connected)
                        held->lostSince = 0;
                }
                Q_EMIT snapshotReady(node, snapshot, events);
                Q_EMIT nodeChanged(node);
            });
    connect(node, &ServerNode::linkStateChanged, this, [this, node](ServerNode::LinkState state) {
        if (Entry *held = entryOf(node)) {
            // Reconnecting after a loss is still unreachable: the time it was lost stays.
            if (state == ServerNode::LinkState::Lost && held->lostSince == 0)
                held->lostSince = QDateTime::currentMSecsSinceEpoch();
        }
        Q_EMIT linkStateChanged(node, state);
        Q_EMIT nodeChanged(node);
    });
    connect(node, &ServerNode::commandFinished, this, [this, node](quint64 requestId, bool ok, const QString &message) {
        Q_EMIT commandFinished(node, requestId, ok, message);
    });
    connect(node, &ServerNode::clientDetailsReady, this, [this, node](quint64 requestId, const ClientDetails &details) {
        Q_EMIT clientDetailsReady(node, requestId, details);
    });
    connect(node, &ServerNode::started, this, [this, node] { Q_EMIT nodeChanged(node); });
    connect(node, &ServerNode::stopped, this, [this, node] { Q_EMIT nodeChanged(node); });
}

QList<ServerNode *> NodeList::nodes() const
{
    QList<ServerNode *> all;
    all.reserve(m_entries.size());
    for (const Entry &entry : m_entries)
        all.append(entry.node);
    return all;
}

int NodeList::indexOf(const ServerNode *node) const
{
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).node == node)
            return i;
    }
    return -1;
}

quint64 NodeList::idOf(const ServerNode *node) const
{
    const Entry *entry = entryOf(node);
    return entry ? entry->id : 0;
}

ServerNode *NodeList::nodeWithId(quint64 id) const
{
    for (const Entry &entry : m_entries) {
        if (entry.id == id)
            return entry.node;
    }
    return nullptr;
}

ServerNode *NodeList::attachedAt(const QUrl &adminUrl) const
{
    for (const Entry &entry : m_entries) {
        if (entry.node != embedded() && entry.attachment.adminUrl == adminUrl)
            return entry.node;
    }
    return nullptr;
}

ServerNode *NodeList::attach(const Attachment &attachment, const QByteArray &token)
{
    if (!m_factory || attachedAt(attachment.adminUrl))
        return nullptr;
    ServerNode *node = m_factory(attachment.adminUrl, token, this);
    if (!node)
        return nullptr;
    if (node->parent() != this)
        node->setParent(this);
    hold(node, attachment);
    Q_EMIT attached(node);
    return node;
}

bool NodeList::detach(ServerNode *node)
{
    const int index = indexOf(node);
    if (index <= 0) // the embedded node is first and stays
        return false;
    m_entries.removeAt(index);
    node->disconnect(this);
    Q_EMIT detached(node);
    node->deleteLater();
    return true;
}

NodeList::Attachment NodeList::attachment(const ServerNode *node) const
{
    const Entry *entry = entryOf(node);
    return entry ? entry->attachment : Attachment();
}

void NodeList::setTokenInKeychain(const ServerNode *node, bool inKeychain)
{
    if (Entry *entry = entryOf(node))
        entry->attachment.tokenInKeychain = inKeychain;
}

QList<NodeList::Attachment> NodeList::rememberedAttachments() const
{
    QList<Attachment> remembered;
    for (const Entry &entry : m_entries) {
        if (entry.node != embedded() && entry.attachment.remembered)
            remembered.append(entry.attachment);
    }
    return remembered;
}

qint64 NodeList::lostSince(const ServerNode *node) const
{
    const Entry *entry = entryOf(node);
    return entry ? entry->lostSince : 0;
}

Snapshot NodeList::latestSnapshot(const ServerNode *node) const
{
    const Entry *entry = entryOf(node);
    return entry ? entry->latest : Snapshot();
}

QList<NodeList::Attachment> NodeList::loadAttachments(QSettings &settings)
{
    QList<Attachment> attachments;
    const int size = settings.beginReadArray(NodesKey);
    for (int i = 0; i < size; ++i) {
        settings.setArrayIndex(i);
        Attachment attachment;
        attachment.adminUrl = QUrl(settings.value(UrlKey).toString());
        attachment.tokenFile = settings.value(TokenFileKey).toString();
        attachment.tokenInKeychain = settings.value(TokenInKeychainKey, false).toBool();
        if (attachment.adminUrl.isValid())
            attachments.append(attachment);
    }
    settings.endArray();
    return attachments;
}

void NodeList::saveAttachments(QSettings &settings, const QList<Attachment> &attachments)
{
    settings.remove(NodesKey);
    settings.beginWriteArray(NodesKey, int(attachments.size()));
    for (int i = 0; i < attachments.size(); ++i) {
        settings.setArrayIndex(i);
        const Attachment &attachment = attachments.at(i);
        settings.setValue(UrlKey, attachment.adminUrl.toString());
        settings.setValue(TokenFileKey, attachment.tokenFile);
        settings.setValue(TokenInKeychainKey, attachment.tokenInKeychain);
    }
    settings.endArray();
}

NodeList::Entry *NodeList::entryOf(const ServerNode *node)
{
    for (Entry &entry : m_entries) {
        if (entry.node == node)
            return &entry;
    }
    return nullptr;
}

const NodeList::Entry *NodeList::entryOf(const ServerNode *node) const
{
    for (const Entry &entry : m_entries) {
        if (entry.node == node)
            return &entry;
    }
    return nullptr;
}

} // namespace wsm
