#pragma once

#include <QHostAddress>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace wsm {

struct Ban
{
    // normalised: "192.0.2.7" for one address, "10.0.0.0/8" for a range (network address,
    // canonical), "identity:alice" for an identity (--identity: the token's `sub` or the name given)
    QString target;
    QString reason;
    qint64 createdAt = 0; // ms since the epoch
    qint64 expiresAt = 0; // ms since the epoch; 0 = until lifted
};

// Addresses, CIDR ranges and identities refused before the WebSocket handshake (HTTP 403). Lives in
// the server thread; not thread-safe. Times are passed in, so the list never reads a clock itself.
class BanList
{
public:
    // addressOrCidr: "192.0.2.7", "10.0.0.0/8", "2001:db8::/32", "::1" (IPv4 needs all four
    // parts; host bits in a range are cleared; an IPv4-mapped IPv6 text becomes the IPv4 form), or
    // "identity:SUB" (SUB as the identity is written, case-sensitive as a JWT's `sub` is; 1 to
    // MaxIdentityLength characters, no control characters).
    // durationMs 0 = until lifted. Replaces an existing ban on the same (normalised) target.
    // False + *error (a sentence naming the text and what is allowed) for text that is not an
    // address, CIDR range or identity, or a negative duration. error may be null. *added, when given, is the ban as
    // kept (its target normalised): what the cluster shares.
    bool add(const QString &addressOrCidr, qint64 durationMs, const QString &reason, qint64 nowMs,
             QString *error, Ban *added = nullptr);
    bool remove(const QString &addressOrCidr); // by the same text or its normalised form
    // The target as a ban on it is kept ("10.1.2.3/8" -> "10.0.0.0/8"); the trimmed text when it is
    // not an address or range.
    static QString normalisedTarget(const QString &addressOrCidr);
    // The ban that covers this peer now, if any (expired bans never match; of several, the most
    // specific). An IPv4-mapped IPv6 peer (::ffff:192.0.2.7, which is what a dual-stack listener
    // reports) matches IPv4 bans.
    std::optional<Ban> match(const QHostAddress &peer, qint64 nowMs) const;
    // The ban on this identity now, if any; an empty identity never matches.
    std::optional<Ban> matchIdentity(const QString &identity, qint64 nowMs) const;
    // Sorted by target: IPv4 before IPv6, numerically, then identities by text.
    QList<Ban> active(qint64 nowMs) const;
    int purgeExpired(qint64 nowMs);        // returns how many were dropped
    bool isEmpty() const;                  // fast path for the accept loop: no ban at all
    bool hasIdentityBans() const { return m_identityBans > 0; }

    static constexpr QLatin1String IdentityPrefix{"identity:"};
    static constexpr int MaxIdentityLength = 1024;
    // "identity:SUB" for a ban on that identity.
    static QString identityTarget(const QString &identity) { return IdentityPrefix + identity; }

private:
    void recountIdentityBans();

    struct Entry
    {
        Ban ban;
        QHostAddress network; // IPv4 or plain IPv6, never IPv4-mapped; no scope id
        int prefixLength = 0;
        QString identity;     // an identity ban: the identity; network is null then
    };
    QList<Entry> m_entries;
    int m_identityBans = 0;   // entries with an identity, so that the accept path skips the walk
};

} // namespace wsm

Q_DECLARE_METATYPE(wsm::Ban)
