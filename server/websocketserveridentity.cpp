// WebSocketServer, part: who each client is (--identity). The check before the upgrade (a JWT
// verified, or an unverified name for development), bans on identities, and the end of a
// connection whose token expires.

#include "websocketserver.h"

#include "httprequesthead.h"
#include "jwtverifier.h"

#include <QDateTime>
#include <QTcpSocket>

#include <algorithm>
#include <limits>

namespace wsm {

namespace {

QByteArray plainBody(const QString &text)
{
    return text.toUtf8() + '\n';
}

// The token as the client presented it, in the order of precedence: "Authorization: Bearer T",
// "?access_token=T", then a subprotocol "access_token.T" (what a browser can send). Empty: none.
QByteArray presentedIdentityToken(const HttpRequestHead &head)
{
    const QList<QByteArray> authorizations = head.headerValues(QByteArrayLiteral("authorization"));
    for (const QByteArray &authorization : authorizations) {
        const QByteArray simplified = authorization.simplified();
        const qsizetype space = simplified.indexOf(' ');
        if (space > 0 && simplified.left(space).compare("bearer", Qt::CaseInsensitive) == 0)
            return simplified.mid(space + 1);
    }
    const QString fromQuery = head.queryItem(QStringLiteral("access_token"));
    if (!fromQuery.isEmpty())
        return fromQuery.toUtf8();
    const QList<QByteArray> protocolHeaders = head.headerValues(QByteArrayLiteral("sec-websocket-protocol"));
    for (const QByteArray &header : protocolHeaders) {
        const QList<QByteArray> offered = header.split(',');
        for (const QByteArray &protocol : offered) {
            const QByteArray trimmed = protocol.trimmed();
            if (trimmed.startsWith(IdentityTokenProtocolPrefix) && trimmed.size() > qsizetype(sizeof IdentityTokenProtocolPrefix) - 1)
                return trimmed.mid(sizeof IdentityTokenProtocolPrefix - 1);
        }
    }
    return {};
}

// --identity query:NAME or header:NAME: the client names itself; empty when the name is unusable.
QString unverifiedIdentity(const QString &given)
{
    const QString trimmed = given.trimmed();
    if (trimmed.size() > BanList::MaxIdentityLength)
        return {};
    const bool hasControl = std::any_of(trimmed.cbegin(), trimmed.cend(),
                                        [](QChar c) { return c.category() == QChar::Other_Control; });
    return hasControl ? QString() : trimmed;
}

} // namespace

bool WebSocketServer::startIdentity(const ServerConfig &config, QString *error)
{
    m_jwt.reset();
    m_identityExpiries.clear();
    m_identityExpiryOf.clear();
    m_identityExpiryTimer.stop();
    if (config.identity.source != IdentitySource::Jwt)
        return true;
    // Read at each start, so that a rotated key applies at the next one.
    m_jwt = JwtVerifier::fromConfig(config.identity, error);
    return m_jwt != nullptr;
}

bool WebSocketServer::establishIdentity(QTcpSocket *socket, PendingSocket &pending, const HttpRequestHead &head)
{
    const IdentityConfig &config = m_config.identity;
    HandshakeInfo &info = pending.info;
    switch (config.source) {
    case IdentitySource::None:
        return true;
    case IdentitySource::Query:
        info.identity = unverifiedIdentity(head.queryItem(config.parameterName));
        break;
    case IdentitySource::Header:
        info.identity = unverifiedIdentity(QString::fromUtf8(head.header(config.parameterName.toLatin1())));
        break;
    case IdentitySource::Jwt: {
        const QByteArray token = presentedIdentityToken(head);
        if (token.isEmpty()) {
            refuse(socket, pending, 401, EndReason::IdentityMissing,
                   plainBody(QStringLiteral("identity token required")), &head);
            return false;
        }
        const JwtResult result = m_jwt->verify(token, QDateTime::currentMSecsSinceEpoch());
        if (!result.ok()) {
            refuse(socket, pending, 403, EndReason::IdentityRefused, plainBody(result.reason), &head);
            return false;
        }
        info.identity = result.subject;
        info.displayName = result.name;
        info.identityVerified = true;
        info.identityExpiresAt = result.expiresAtMs;
        break;
    }
    }
    if (const std::optional<Ban> ban = m_bans.matchIdentity(info.identity, info.acceptedAt)) {
        refuse(socket, pending, 403, EndReason::Banned,
               plainBody(ban->reason.isEmpty() ? QStringLiteral("banned") : QStringLiteral("banned: ") + ban->reason),
               &head);
        return false;
    }
    return true;
}

void WebSocketServer::trackIdentityExpiry(const ConnectionEvent &event)
{
    if (event.kind == EventKind::Closed) {
        const auto it = m_identityExpiryOf.constFind(event.sessionId);
        if (it != m_identityExpiryOf.cend()) {
            m_identityExpiries.erase({it.value(), event.sessionId});
            m_identityExpiryOf.erase(it);
        }
        return;
    }
    if (event.kind != EventKind::Connected)
        return;
    const Session *session = m_sessions.value(event.sessionId);
    if (!session || session->identityExpiresAt() <= 0)
        return;
    // The clock skew that let the token in is allowed here too, or a token accepted within it
    // would be ended at once.
    const qint64 expiresAt = session->identityExpiresAt();
    const qint64 deadline = expiresAt > std::numeric_limits<qint64>::max() - m_config.identity.clockSkewMs
        ? std::numeric_limits<qint64>::max()
        : expiresAt + m_config.identity.clockSkewMs;
    m_identityExpiries.insert({deadline, event.sessionId});
    m_identityExpiryOf.insert(event.sessionId, deadline);
    if (m_identityExpiries.cbegin()->second == event.sessionId)
        armIdentityExpiryTimer();
}

void WebSocketServer::armIdentityExpiryTimer()
{
    // One timer for the earliest expiry of all sessions, not one per session.
    if (m_identityExpiries.empty()) {
        m_identityExpiryTimer.stop();
        return;
    }
    // A token valid for years waits in steps: QTimer takes an int of milliseconds.
    constexpr qint64 LongestWaitMs = 24 * 3600 * 1000;
    const qint64 wait = m_identityExpiries.cbegin()->first - QDateTime::currentMSecsSinceEpoch();
    m_identityExpiryTimer.start(int(std::clamp<qint64>(wait, 0, LongestWaitMs)));
}

void WebSocketServer::endExpiredIdentities()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<quint64> due;
    for (auto it = m_identityExpiries.cbegin(); it != m_identityExpiries.cend() && it->first <= now; ++it)
        due.append(it->second);
    // closeFor() may end a session at once, which erases its entry (trackIdentityExpiry()).
    for (const quint64 id : std::as_const(due)) {
        const auto it = m_identityExpiryOf.constFind(id);
        if (it != m_identityExpiryOf.cend()) {
            m_identityExpiries.erase({it.value(), id});
            m_identityExpiryOf.erase(it);
        }
        if (Session *session = m_sessions.value(id); session && session->isOpen())
            session->closeFor(EndReason::IdentityExpired, EndedBy::Server, 1008, QStringLiteral("token expired"));
    }
    armIdentityExpiryTimer();
}

void WebSocketServer::closeBannedIdentity(const Ban &ban)
{
    if (!ban.target.startsWith(BanList::IdentityPrefix))
        return;
    const QString identity = ban.target.mid(BanList::IdentityPrefix.size());
    QString text = ban.reason.isEmpty() ? QStringLiteral("banned") : QStringLiteral("banned: ") + ban.reason;
    constexpr int MaxCloseReasonBytes = 123; // what a close frame carries
    while (text.toUtf8().size() > MaxCloseReasonBytes)
        text.chop(1);
    for (Session *session : sessionsCopy()) {
        if (session->isOpen() && session->identity() == identity)
            session->closeFor(EndReason::Banned, EndedBy::Operator, 1008, text);
    }
}

} // namespace wsm
