#include "clusterbans.h"

#include "clusterkeys.h"
#include "clusterlink.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QUuid>

namespace wsm {

namespace {

const QByteArray BansChannel = QByteArrayLiteral("wsmonitor:bans");
const QByteArray BanKeyPrefix = QByteArrayLiteral("wsmonitor:ban:");
// A random value set once per Redis data set: when it changes, Redis lost what it held.
const QByteArray EpochKey = QByteArrayLiteral("wsmonitor:epoch");
constexpr int AnnouncementVersion = 1;

QByteArray banKey(const QString &target)
{
    return BanKeyPrefix + target.toUtf8();
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

ClusterBans::ClusterBans(ClusterLink *link, BanList *bans, QObject *parent)
    : QObject(parent)
    , m_link(link)
    , m_bans(bans)
{
    m_link->onChannel(BansChannel, [this](const QByteArray &payload) { onAnnouncement(payload); });
    connect(m_link, &ClusterLink::linkUp, this, &ClusterBans::reload);
}

QByteArray ClusterBans::banJson(const Ban &ban, const QString &node)
{
    const QJsonObject object{{QStringLiteral("target"), ban.target},
                             {QStringLiteral("reason"), ban.reason},
                             {QStringLiteral("createdAt"), ban.createdAt},
                             {QStringLiteral("expiresAt"), ban.expiresAt},
                             {QStringLiteral("node"), node}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool ClusterBans::banFromJson(const QByteArray &json, Ban *ban)
{
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    const QString target = object.value(QStringLiteral("target")).toString();
    if (target.isEmpty())
        return false;
    ban->target = target;
    ban->reason = object.value(QStringLiteral("reason")).toString();
    ban->createdAt = qint64(object.value(QStringLiteral("createdAt")).toDouble());
    ban->expiresAt = qint64(object.value(QStringLiteral("expiresAt")).toDouble());
    return true;
}

void ClusterBans::shareBan(const Ban &ban)
{
    m_unsentUnbans.remove(ban.target);
    if (m_reloading)
        m_changedDuringReload.insert(ban.target);
    if (!m_link->isUp() || !write(ban))
        m_unsentBans.insert(ban.target, ban);
}

void ClusterBans::shareUnban(const QString &target)
{
    m_unsentBans.remove(target);
    m_fromCluster.remove(target);
    if (m_reloading)
        m_changedDuringReload.insert(target);
    if (!m_link->isUp() || !erase(target))
        m_unsentUnbans.insert(target);
}

bool ClusterBans::write(const Ban &ban)
{
    QList<QByteArray> set{QByteArrayLiteral("SET"), banKey(ban.target), banJson(ban, m_link->nodeName())};
    if (ban.expiresAt > 0) {
        const qint64 ttl = ban.expiresAt - nowMs();
        if (ttl <= 0)
            return true; // over already: nothing to share
        set += {QByteArrayLiteral("PX"), QByteArray::number(ttl)};
    }
    QPointer<ClusterBans> self(this);
    const bool sent = m_link->command(set, [self, ban](const RedisReply &reply) {
        // The link went before Redis took it: written again when it comes back, unless lifted since.
        if (self && reply.isError() && !self->m_unsentUnbans.contains(ban.target))
            self->m_unsentBans.insert(ban.target, ban);
    });
    if (!sent)
        return false;
    m_fromCluster.insert(ban.target);
    QJsonObject announcement = QJsonDocument::fromJson(banJson(ban, m_link->nodeName())).object();
    announcement.insert(QStringLiteral("v"), AnnouncementVersion);
    announcement.insert(QStringLiteral("op"), QStringLiteral("ban"));
    m_link->publish(BansChannel, QJsonDocument(announcement).toJson(QJsonDocument::Compact));
    return true;
}

bool ClusterBans::erase(const QString &target)
{
    QPointer<ClusterBans> self(this);
    const bool sent = m_link->command({QByteArrayLiteral("DEL"), banKey(target)}, [self, target](const RedisReply &reply) {
        if (self && reply.isError() && !self->m_unsentBans.contains(target))
            self->m_unsentUnbans.insert(target);
    });
    if (!sent)
        return false;
    const QJsonObject announcement{{QStringLiteral("v"), AnnouncementVersion},
                                   {QStringLiteral("op"), QStringLiteral("unban")},
                                   {QStringLiteral("target"), target},
                                   {QStringLiteral("node"), m_link->nodeName()}};
    m_link->publish(BansChannel, QJsonDocument(announcement).toJson(QJsonDocument::Compact));
    return true;
}

void ClusterBans::apply(const Ban &ban)
{
    if (ban.expiresAt > 0 && (ban.expiresAt <= nowMs() || ban.expiresAt <= ban.createdAt))
        return;
    // Through add(), as a ban made here: the same checks, and the same place in the list.
    Ban added;
    if (m_bans->add(ban.target, ban.expiresAt > 0 ? ban.expiresAt - ban.createdAt : 0, ban.reason, ban.createdAt,
                    nullptr, &added)) {
        m_fromCluster.insert(added.target);
        Q_EMIT banApplied(added);
    }
}

void ClusterBans::reload()
{
    // What was decided here while the link was down goes first: the read below then finds it.
    const QHash<QString, Ban> bans = std::exchange(m_unsentBans, {});
    for (const Ban &ban : bans) {
        if (!write(ban))
            m_unsentBans.insert(ban.target, ban);
    }
    const QSet<QString> unbans = std::exchange(m_unsentUnbans, {});
    for (const QString &target : unbans) {
        if (!erase(target))
            m_unsentUnbans.insert(target);
    }

    m_reloading = true;
    m_changedDuringReload.clear();
    // Which Redis is this? One that restarted empty (persistence off) or was flushed has lost every
    // ban: what this node holds from the cluster is then written again, not taken for lifted.
    m_link->command({QByteArrayLiteral("SET"), EpochKey, QUuid::createUuid().toByteArray(QUuid::WithoutBraces),
                     QByteArrayLiteral("NX")});
    QPointer<ClusterBans> self(this);
    const bool sent = m_link->command({QByteArrayLiteral("GET"), EpochKey}, [self](const RedisReply &reply) {
        if (!self)
            return;
        if (reply.type != RedisReply::Type::String) {
            self->m_reloading = false; // the link went down meanwhile: the next link up reads again
            return;
        }
        if (!self->m_epoch.isEmpty() && reply.string != self->m_epoch) {
            const QList<Ban> active = self->m_bans->active(nowMs());
            for (const Ban &ban : active) {
                if (self->m_fromCluster.contains(ban.target))
                    self->write(ban);
            }
        }
        self->m_epoch = reply.string;
        self->readAll();
    });
    if (!sent)
        m_reloading = false;
}

void ClusterBans::readAll()
{
    QPointer<ClusterBans> self(this);
    readClusterKeys(m_link, BanKeyPrefix + '*', MaxBans,
                    [self](bool ok, const QList<QPair<QByteArray, QByteArray>> &keyValues) {
                        if (!self)
                            return;
                        self->m_reloading = false;
                        if (!ok)
                            return; // the link went down meanwhile: the next link up reads again
                        QSet<QString> inRedis;
                        for (const auto &keyValue : keyValues) {
                            Ban ban;
                            if (!banFromJson(keyValue.second, &ban))
                                continue;
                            inRedis.insert(BanList::normalisedTarget(ban.target));
                            if (!self->m_changedDuringReload.contains(ban.target))
                                self->apply(ban);
                        }
                        const QSet<QString> known = self->m_fromCluster;
                        for (const QString &target : known) {
                            if (inRedis.contains(target) || self->m_changedDuringReload.contains(target)
                                || self->m_unsentBans.contains(target))
                                continue;
                            self->m_bans->remove(target);
                            self->m_fromCluster.remove(target);
                        }
                        self->m_changedDuringReload.clear();
                    });
}

void ClusterBans::onAnnouncement(const QByteArray &payload)
{
    const QJsonObject object = QJsonDocument::fromJson(payload).object();
    if (object.value(QStringLiteral("v")).toInt() != AnnouncementVersion
        || object.value(QStringLiteral("node")).toString() == m_link->nodeName())
        return; // another version's, or our own (applied when it was made)
    const QString op = object.value(QStringLiteral("op")).toString();
    const QString target = BanList::normalisedTarget(object.value(QStringLiteral("target")).toString());
    if (target.isEmpty())
        return;
    if (op == QLatin1String("ban")) {
        Ban ban;
        if (!banFromJson(payload, &ban))
            return;
        m_link->countReceived();
        if (m_reloading)
            m_changedDuringReload.insert(target);
        m_unsentUnbans.remove(target);
        m_unsentBans.remove(target);
        apply(ban);
    } else if (op == QLatin1String("unban")) {
        m_link->countReceived();
        if (m_reloading)
            m_changedDuringReload.insert(target);
        m_unsentBans.remove(target);
        m_unsentUnbans.remove(target);
        m_bans->remove(target);
        m_fromCluster.remove(target);
    }
}

} // namespace wsm
