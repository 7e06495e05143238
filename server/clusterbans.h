#pragma once

#include "banlist.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

namespace wsm {

class ClusterLink;

// Bans shared by every node of the cluster, in the server thread beside the ClusterLink (its
// child). Each ban is a key wsmonitor:ban:<target> holding a small JSON (target, reason,
// createdAt, expiresAt, node) with the ban's time to live (none for a ban until lifted), so that a
// node started later finds it; each ban and unban is also announced on wsmonitor:bans, so that
// running nodes apply it at once.
//
// A ban from the cluster is put into the node's BanList exactly as a local one (refused with 403
// at the next connect) and never announced again. Bans made while the link is down apply locally
// at once and are written to Redis when it comes back; so are unbans.
//
// Reconciliation at every link up (the first one included): what waits is written first, then
// every ban key is read (SCAN + MGET). Every ban found is applied; a ban this node had from the
// cluster (received, or written by it) that is no longer in Redis was lifted elsewhere, or
// expired, while this node was cut off: it is dropped. Bans made here while the link was down are
// in Redis by then, so they stay. Of two nodes that banned and unbanned the same target while cut
// off from each other, the last to reach Redis wins. A Redis that lost its data (restarted without
// persistence, or flushed) is told from one where bans were lifted by a key wsmonitor:epoch, a
// random value set when absent: when it differs from the one seen at the last link up, every ban
// this node holds from the cluster is written again instead of being dropped.
class ClusterBans : public QObject
{
    Q_OBJECT

public:
    static constexpr int MaxBans = 100000; // read at a reload: a bound, far beyond real use

    ClusterBans(ClusterLink *link, BanList *bans, QObject *parent = nullptr);

    // A ban or unban made on this node (console, admin channel, ctl), already in the BanList.
    void shareBan(const Ban &ban);
    void shareUnban(const QString &target);

    // The JSON of a ban key and of an announcement; public for tests.
    static QByteArray banJson(const Ban &ban, const QString &node);
    static bool banFromJson(const QByteArray &json, Ban *ban);

Q_SIGNALS:
    // A ban from another node is now in the BanList (an identity ban closes its open sessions).
    void banApplied(const wsm::Ban &ban);

private:
    void reload();
    void readAll();
    bool write(const Ban &ban);
    bool erase(const QString &target);
    void apply(const Ban &ban);
    void onAnnouncement(const QByteArray &payload);

    ClusterLink *m_link;
    BanList *m_bans;
    QSet<QString> m_fromCluster;       // targets known to be in Redis: a reload drops those gone
    QHash<QString, Ban> m_unsentBans;  // made while the link was down, by target
    QSet<QString> m_unsentUnbans;
    QByteArray m_epoch; // wsmonitor:epoch at the last link up: which data set m_fromCluster came from
    bool m_reloading = false;
    QSet<QString> m_changedDuringReload; // announced while the keys were read: newer than the read
};

} // namespace wsm
