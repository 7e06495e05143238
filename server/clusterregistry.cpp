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

} // namespace

ClusterRegistry::ClusterRegistry(ClusterLink *link, Describe describeSelf, QObject *parent)
    : QObject(parent)
    , m_link(link)
    , m_describeSelf(std::move(describeSelf))
{
    connect(&m_timer, &QTimer::timeout, this, &ClusterRegistry::refresh);
    connect(m_link, &ClusterLink::linkUp, this, &ClusterRegistry::refresh);
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
    if (m_reading)
        return; // the last read has not finished: one at a time
    m_reading = true;
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
                    });
}

void ClusterRegistry::leave()
{
    if (m_left)
        return;
    m_left = true;
    m_timer.stop();
    m_link->command({QByteArrayLiteral("DEL"), NodeKeyPrefix + m_link->nodeName().toUtf8()});
}

} // namespace wsm
