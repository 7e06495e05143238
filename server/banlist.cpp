#include "banlist.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstring>
#include <limits>

namespace wsm {

namespace {

// Four decimal parts of 0-255 without leading zeros. QHostAddress alone would also take "10.1"
// and "010.0.0.1" (inet_aton style, the latter octal), which an operator never means.
bool isDottedQuad(QStringView text)
{
    int parts = 0;
    for (QStringView part : text.split(QLatin1Char('.'))) {
        if (++parts > 4 || part.isEmpty() || part.size() > 3)
            return false;
        if (part.size() > 1 && part.front() == QLatin1Char('0'))
            return false;
        int value = 0;
        for (QChar c : part) {
            if (c < QLatin1Char('0') || c > QLatin1Char('9'))
                return false;
            value = value * 10 + (c.unicode() - '0');
        }
        if (value > 255)
            return false;
    }
    return parts == 4;
}

bool isIPv4Mapped(const Q_IPV6ADDR &bytes)
{
    static const quint8 prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return std::memcmp(bytes.c, prefix, sizeof prefix) == 0;
}

struct ParsedTarget
{
    QHostAddress network;
    int prefixLength = -1;
    QString normalised;
};

// Parses "address" or "address/prefix" into a network with its host bits cleared.
std::optional<ParsedTarget> parseTarget(const QString &text)
{
    const QString trimmed = text.trimmed();
    const qsizetype slash = trimmed.indexOf(QLatin1Char('/'));
    const QStringView addressText = QStringView(trimmed).left(slash < 0 ? trimmed.size() : slash);
    QString addressString = addressText.toString();
    // A zone ("fe80::1%eth0") names the local interface, not the peer: the ban is on the address.
    const qsizetype percent = addressString.indexOf(QLatin1Char('%'));
    if (percent >= 0 && addressString.contains(QLatin1Char(':')))
        addressString.truncate(percent);
    if (!addressString.contains(QLatin1Char(':')) && !isDottedQuad(addressString))
        return std::nullopt;
    QHostAddress address;
    if (!address.setAddress(addressString))
        return std::nullopt;

    bool isIPv4 = address.protocol() == QAbstractSocket::IPv4Protocol;
    int maxPrefix = isIPv4 ? 32 : 128;
    int prefixLength = maxPrefix;
    if (slash >= 0) {
        const QStringView prefixText = QStringView(trimmed).sliced(slash + 1);
        if (prefixText.isEmpty() || prefixText.size() > 3)
            return std::nullopt;
        prefixLength = 0;
        for (QChar c : prefixText) {
            if (c < QLatin1Char('0') || c > QLatin1Char('9'))
                return std::nullopt;
            prefixLength = prefixLength * 10 + (c.unicode() - '0');
        }
        if (prefixLength > maxPrefix)
            return std::nullopt;
    }

    ParsedTarget parsed;
    if (isIPv4) {
        const quint32 mask = prefixLength == 0 ? 0 : ~quint32(0) << (32 - prefixLength);
        parsed.network = QHostAddress(address.toIPv4Address() & mask);
    } else {
        Q_IPV6ADDR bytes = address.toIPv6Address();
        // "::ffff:192.0.2.0/120" is an IPv4 range; store it as one so IPv4 peers match it too.
        if (isIPv4Mapped(bytes) && prefixLength >= 96) {
            isIPv4 = true;
            prefixLength -= 96;
            maxPrefix = 32;
            const quint32 mask = prefixLength == 0 ? 0 : ~quint32(0) << (32 - prefixLength);
            const quint32 v4 = (quint32(bytes[12]) << 24) | (quint32(bytes[13]) << 16)
                    | (quint32(bytes[14]) << 8) | quint32(bytes[15]);
            parsed.network = QHostAddress(v4 & mask);
        } else {
            for (int i = 0; i < 16; ++i) {
                const int bitsInByte = std::clamp(prefixLength - i * 8, 0, 8);
                bytes[i] &= quint8(0xff00 >> bitsInByte);
            }
            parsed.network = QHostAddress(bytes);
        }
    }
    parsed.prefixLength = prefixLength;
    parsed.normalised = prefixLength == maxPrefix
            ? parsed.network.toString()
            : parsed.network.toString() + QLatin1Char('/') + QString::number(prefixLength);
    return parsed;
}

// "identity:SUB" -> SUB; null when the text is not an identity target, empty when SUB is unusable.
std::optional<QString> parseIdentity(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (!trimmed.startsWith(BanList::IdentityPrefix, Qt::CaseInsensitive))
        return std::nullopt;
    const QString identity = trimmed.mid(BanList::IdentityPrefix.size());
    if (identity.isEmpty() || identity.size() > BanList::MaxIdentityLength)
        return QString();
    for (const QChar c : identity) {
        if (c.category() == QChar::Other_Control)
            return QString();
    }
    return identity;
}

// Numeric order: IPv4 before IPv6, then by address, then wider ranges first.
bool targetLess(const QHostAddress &a, int aPrefix, const QHostAddress &b, int bPrefix)
{
    const bool aIsIPv4 = a.protocol() == QAbstractSocket::IPv4Protocol;
    const bool bIsIPv4 = b.protocol() == QAbstractSocket::IPv4Protocol;
    if (aIsIPv4 != bIsIPv4)
        return aIsIPv4;
    int order = 0;
    if (aIsIPv4) {
        const quint32 av = a.toIPv4Address();
        const quint32 bv = b.toIPv4Address();
        order = av < bv ? -1 : (av > bv ? 1 : 0);
    } else {
        const Q_IPV6ADDR av = a.toIPv6Address();
        const Q_IPV6ADDR bv = b.toIPv6Address();
        order = std::memcmp(av.c, bv.c, 16);
    }
    return order != 0 ? order < 0 : aPrefix < bPrefix;
}

bool isExpired(const Ban &ban, qint64 nowMs)
{
    return ban.expiresAt != 0 && nowMs >= ban.expiresAt;
}

} // namespace

bool BanList::add(const QString &addressOrCidr, qint64 durationMs, const QString &reason,
                  qint64 nowMs, QString *error, Ban *added)
{
    const std::optional<QString> identity = parseIdentity(addressOrCidr);
    const std::optional<ParsedTarget> parsed = identity ? std::nullopt : parseTarget(addressOrCidr);
    if (identity ? identity->isEmpty() : !parsed) {
        if (error) {
            *error = QCoreApplication::translate(
                             "wsm::BanList",
                             "\"%1\" is not an IP address, CIDR range or identity. Use an address such as "
                             "192.0.2.7 or 2001:db8::1, a range such as 10.0.0.0/8 or 2001:db8::/32, or "
                             "identity:SUB for a client's identity (1 to %2 characters, no control "
                             "characters).")
                             .arg(addressOrCidr)
                             .arg(MaxIdentityLength);
        }
        return false;
    }
    if (durationMs < 0) {
        if (error) {
            *error = QCoreApplication::translate(
                             "wsm::BanList",
                             "The ban on \"%1\" cannot have a negative duration (%2 ms); use 0 "
                             "for a ban until it is lifted.")
                             .arg(addressOrCidr)
                             .arg(durationMs);
        }
        return false;
    }

    Entry entry;
    if (identity) {
        entry.identity = *identity;
        entry.ban.target = identityTarget(*identity);
    } else {
        entry.network = parsed->network;
        entry.prefixLength = parsed->prefixLength;
        entry.ban.target = parsed->normalised;
    }
    entry.ban.reason = reason;
    entry.ban.createdAt = nowMs;
    if (durationMs > 0) {
        // Saturate rather than wrap for absurd durations.
        entry.ban.expiresAt = durationMs > std::numeric_limits<qint64>::max() - nowMs
                ? std::numeric_limits<qint64>::max()
                : nowMs + durationMs;
    }

    // Kept sorted, so active() needs no sort.
    const auto position = std::lower_bound(
            m_entries.begin(), m_entries.end(), entry, [](const Entry &a, const Entry &b) {
                // Addresses and ranges first, then identities by text.
                if (a.identity.isEmpty() != b.identity.isEmpty())
                    return a.identity.isEmpty();
                if (!a.identity.isEmpty())
                    return a.identity < b.identity;
                return targetLess(a.network, a.prefixLength, b.network, b.prefixLength);
            });
    if (position != m_entries.end() && position->ban.target == entry.ban.target) {
        *position = entry;
    } else {
        m_entries.insert(position, entry);
        if (identity)
            ++m_identityBans;
    }
    if (added)
        *added = entry.ban;
    return true;
}

QString BanList::normalisedTarget(const QString &addressOrCidr)
{
    if (const std::optional<QString> identity = parseIdentity(addressOrCidr); identity && !identity->isEmpty())
        return identityTarget(*identity);
    const std::optional<ParsedTarget> parsed = parseTarget(addressOrCidr);
    return parsed ? parsed->normalised : addressOrCidr.trimmed();
}

bool BanList::remove(const QString &addressOrCidr)
{
    const QString target = normalisedTarget(addressOrCidr);
    const auto removed = m_entries.removeIf([&target](const Entry &entry) { return entry.ban.target == target; });
    recountIdentityBans();
    return removed > 0;
}

void BanList::recountIdentityBans()
{
    m_identityBans = int(std::count_if(m_entries.cbegin(), m_entries.cend(),
                                       [](const Entry &entry) { return !entry.identity.isEmpty(); }));
}

std::optional<Ban> BanList::matchIdentity(const QString &identity, qint64 nowMs) const
{
    if (identity.isEmpty() || m_identityBans == 0)
        return std::nullopt;
    for (const Entry &entry : m_entries) {
        if (entry.identity == identity && !isExpired(entry.ban, nowMs))
            return entry.ban;
    }
    return std::nullopt;
}

std::optional<Ban> BanList::match(const QHostAddress &peer, qint64 nowMs) const
{
    if (m_entries.isEmpty())
        return std::nullopt;

    // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; compare those as IPv4.
    QHostAddress peerIPv4;
    bool peerHasIPv4 = false;
    if (peer.protocol() == QAbstractSocket::IPv4Protocol) {
        peerIPv4 = peer;
        peerHasIPv4 = true;
    } else if (peer.protocol() == QAbstractSocket::IPv6Protocol
               && isIPv4Mapped(peer.toIPv6Address())) {
        peerIPv4 = QHostAddress(peer.toIPv4Address());
        peerHasIPv4 = true;
    }
    const bool peerIsIPv6 = peer.protocol() == QAbstractSocket::IPv6Protocol;

    const Entry *best = nullptr;
    int bestSpecificity = -1;
    for (const Entry &entry : m_entries) {
        if (isExpired(entry.ban, nowMs) || !entry.identity.isEmpty())
            continue;
        const bool entryIsIPv4 = entry.network.protocol() == QAbstractSocket::IPv4Protocol;
        const bool covers = entryIsIPv4
                ? peerHasIPv4 && peerIPv4.isInSubnet(entry.network, entry.prefixLength)
                : peerIsIPv6 && peer.isInSubnet(entry.network, entry.prefixLength);
        // The longest prefix wins, so the reason shown is the most specific one.
        const int specificity = entry.prefixLength + (entryIsIPv4 ? 96 : 0);
        if (covers && specificity > bestSpecificity) {
            best = &entry;
            bestSpecificity = specificity;
        }
    }
    if (!best)
        return std::nullopt;
    return best->ban;
}

QList<Ban> BanList::active(qint64 nowMs) const
{
    QList<Ban> bans;
    bans.reserve(m_entries.size());
    for (const Entry &entry : m_entries) {
        if (!isExpired(entry.ban, nowMs))
            bans.append(entry.ban);
    }
    return bans;
}

int BanList::purgeExpired(qint64 nowMs)
{
    const int purged = int(m_entries.removeIf([nowMs](const Entry &entry) { return isExpired(entry.ban, nowMs); }));
    if (purged > 0)
        recountIdentityBans();
    return purged;
}

bool BanList::isEmpty() const
{
    return m_entries.isEmpty();
}

} // namespace wsm
