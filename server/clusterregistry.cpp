#include "clusterregistry.h"

#include "clusterkeys.h"
#include "clusterlink.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>

#include <algorithm>

namespace wsm {

namespace {

const QByteArray NodeKeyPrefix = QByteArrayLiteral("wsmonitor:node:");
// A node that joins or leaves says so here, so that the others read the list at once instead of at
// their next refresh. Sent with PUBLISH on the command connection, right behind the SET or DEL of
// the key, so Redis has the key in its new state before anyone hears of it; not a cluster message
// (ClusterLink::publish() would count it as one).
const QByteArray NodesChannel = QByteArrayLiteral("wsmonitor:nodes");

} // namespace

ClusterRegistry::ClusterRegistry(ClusterLink *link, Describe describeSelf, QObject *parent)
    : QObject(parent)
    , m_link(link)
    , m_describeSelf(std::move(describeSelf))
{
    connect(&m_timer, &QTimer::timeout, this, &ClusterRegistry::refresh);
    connect(m_link, &ClusterLink::linkUp, this, [this] {
        refresh();
        announce("joined");
    });
    m_link->onChannel(NodesChannel, [this](const QByteArray &payload) {
        const QString node = QJsonDocument::fromJson(payload).object().value(QLatin1String("node")).toString();
        if (node != m_link->nodeName())
            readNodes();
    });
    m_timer.start(std::max(100, m_link->config().registryRefreshMs));
}

QByteArray ClusterRegistry::nodeJson(const ClusterNodeInfo &node)
{
    const QJsonObject object{{QStringLiteral("name"), node.name},
                             {QStringLiteral("version"), node.version},
                             {QStringLiteral("publicUrl"), node.publicUrl},
                             {QStringLiteral("adminUrl"), node.adminUrl},
                             {QStringLiteral("clients"), node.clients},
                             {QStringLiteral("messageRateIn"), node.messageRateIn},
                             {QStringLiteral("messageRateOut"), node.messageRateOut},
                             {QStringLiteral("startedAt"), node.startedAt},
                             {QStringLiteral("updatedAt"), node.updatedAt}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool ClusterRegistry::nodeFromJson(const QByteArray &json, ClusterNodeInfo *node)
{
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    node->name = object.value(QStringLiteral("name")).toString();
    if (node->name.isEmpty())
        return false;
    node->version = object.value(QStringLiteral("version")).toString();
    node->publicUrl = object.value(QStringLiteral("publicUrl")).toString();
    node->adminUrl = object.value(QStringLiteral("adminUrl")).toString();
    node->clients = object.value(QStringLiteral("clients")).toInt();
    node->messageRateIn = object.value(QStringLiteral("messageRateIn")).toDouble();
    node->messageRateOut = object.value(QStringLiteral("messageRateOut")).toDouble();
    node->startedAt = qint64(object.value(QStringLiteral("startedAt")).toDouble());
    node->updatedAt = qint64(object.value(QStringLiteral("updatedAt")).toDouble());
    return true;
}

void ClusterRegistry::refresh()
{
    if (m_left || !m_link->isUp())
        return;
    ClusterNodeInfo self = m_describeSelf ? m_describeSelf() : ClusterNodeInfo();
    self.name = m_link->nodeName();
    self.updatedAt = QDateTime::currentMSecsSinceEpoch();
    m_link->command({QByteArrayLiteral("SET"), NodeKeyPrefix + self.name.toUtf8(), nodeJson(self),
                     QByteArrayLiteral("PX"), QByteArray::number(std::max(1, m_link->config().registryTtlMs))});
    readNodes();
}

void ClusterRegistry::announce(const char *event)
{
    const QJsonObject announcement{{QStringLiteral("node"), m_link->nodeName()},
                                   {QStringLiteral("event"), QLatin1String(event)}};
    m_link->command({QByteArrayLiteral("PUBLISH"), NodesChannel,
                     QJsonDocument(announcement).toJson(QJsonDocument::Compact)});
}

void ClusterRegistry::readNodes()
{
    if (m_left || !m_link->isUp())
        return;
    if (m_reading) {
        m_readAgain = true; // one read at a time; what changed meanwhile is read right after it
        return;
    }
    m_reading = true;
    m_readAgain = false;
    QPointer<ClusterRegistry> registry(this);
    readClusterKeys(m_link, NodeKeyPrefix + '*', MaxNodes,
                    [registry](bool ok, const QList<QPair<QByteArray, QByteArray>> &keyValues) {
                        if (!registry)
                            return;
                        registry->m_reading = false;
                        if (!ok || registry->m_left)
                            return;
                        QList<ClusterNodeInfo> nodes;
                        for (const auto &keyValue : keyValues) {
                            ClusterNodeInfo node;
                            if (!nodeFromJson(keyValue.second, &node))
                                continue;
                            node.self = node.name == registry->m_link->nodeName();
                            nodes.append(node);
                        }
                        std::sort(nodes.begin(), nodes.end(),
                                  [](const ClusterNodeInfo &a, const ClusterNodeInfo &b) { return a.name < b.name; });
                        registry->m_nodes = nodes;
                        if (registry->m_readAgain)
                            registry->readNodes();
                    });
}

void ClusterRegistry::leave()
{
    if (m_left)
        return;
    m_left = true;
    m_timer.stop();
    m_link->command({QByteArrayLiteral("DEL"), NodeKeyPrefix + m_link->nodeName().toUtf8()});
    announce("left");
}

} // namespace wsm
