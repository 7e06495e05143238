#include "clustermembers.h"

#include "nodelist.h"
#include "servernode.h"

#include <QMap>
#include <QSet>
#include <QUrl>

namespace wsm {

namespace {

QString adminUrlKey(const QString &url)
{
    const QUrl parsed(url);
    if (!parsed.isValid() || url.isEmpty())
        return {};
    QString key = parsed.adjusted(QUrl::NormalizePathSegments).toString().toLower();
    while (key.endsWith(QLatin1Char('/'))) // QUrl keeps the root's
        key.chop(1);
    return key;
}

} // namespace

bool ClusterMembers::sameAdminUrl(const QString &a, const QString &b)
{
    const QString key = adminUrlKey(a);
    return !key.isEmpty() && key == adminUrlKey(b);
}

ClusterMembers ClusterMembers::of(const NodeList &list)
{
    QSet<QString> watchedNames;
    QSet<QString> watchedUrls;
    QMap<QString, ClusterNodeInfo> listed; // by name, as sorted
    for (const ServerNode *node : list.nodes()) {
        watchedNames.insert(node->displayName());
        if (!list.isEmbedded(node))
            watchedUrls.insert(adminUrlKey(list.attachment(node).adminUrl.toString()));
        const Snapshot snapshot = list.latestSnapshot(node);
        if (!snapshot.cluster.enabled)
            continue;
        watchedNames.insert(snapshot.cluster.nodeName);
        if (!list.isEmbedded(node) && node->linkState() != ServerNode::LinkState::Connected)
            continue;
        for (const ClusterNodeInfo &info : snapshot.cluster.nodes) {
            const auto known = listed.constFind(info.name);
            if (known == listed.cend() || known->updatedAt < info.updatedAt)
                listed.insert(info.name, info);
        }
    }
    watchedUrls.remove(QString());

    ClusterMembers members;
    for (ClusterNodeInfo info : std::as_const(listed)) {
        info.self = watchedNames.contains(info.name) || watchedUrls.contains(adminUrlKey(info.adminUrl));
        members.nodes.append(info);
        if (!info.self)
            members.unattached.append(info);
        members.clients += info.clients;
        members.messageRateIn += info.messageRateIn;
        members.messageRateOut += info.messageRateOut;
    }
    return members;
}

} // namespace wsm
