// Session, part: what the console is shown of a session, its row in the connections table and its
// details in the inspector.

#include "session.h"

#include "historyring.h"
#include "jwtverifier.h"

#include <QNetworkRequest>
#include <QWebSocket>

#include <algorithm>

namespace wsm {

namespace {

// A bearer token or an identity token is a credential: whoever reads it may connect as the client
// until it expires. The inspector (and every admin client) sees that one was sent, not what.
QString withoutCredentials(const QByteArray &name, const QByteArray &value)
{
    if (name.compare("authorization", Qt::CaseInsensitive) == 0) {
        const qsizetype space = value.indexOf(' ');
        return QString::fromUtf8(value.left(space < 0 ? 0 : space)) + QStringLiteral(" [redacted]");
    }
    if (name.compare("sec-websocket-protocol", Qt::CaseInsensitive) == 0) {
        QStringList protocols;
        const QList<QByteArray> offered = value.split(',');
        for (const QByteArray &protocol : offered) {
            const QByteArray trimmed = protocol.trimmed();
            protocols.append(trimmed.startsWith(IdentityTokenProtocolPrefix)
                                 ? QString::fromLatin1(IdentityTokenProtocolPrefix) + QStringLiteral("[redacted]")
                                 : QString::fromUtf8(trimmed));
        }
        return protocols.join(QStringLiteral(", "));
    }
    return QString::fromUtf8(value);
}

} // namespace

SessionRow Session::row(qint64 nowSteadyMs, qint64 nowEpochMs, const RateWindow::Position &ratePosition)
{
    m_rates = m_rateSamples.update(ratePosition, {m_messagesIn, m_messagesOut}, m_rates);
    return currentRow(nowSteadyMs, nowEpochMs);
}

SessionRow Session::currentRow(qint64 nowSteadyMs, qint64 nowEpochMs) const
{
    SessionRow r;
    r.id = m_id;
    r.kind = m_info.kind;
    r.peerAddress = m_info.peerAddress;
    r.peerPort = m_info.peerPort;
    r.connectedAt = m_info.acceptedAt;
    r.state = m_closing ? SessionState::Closing : SessionState::Open;
    r.path = m_info.path;
    r.query = m_info.query;
    r.origin = m_info.origin;
    r.userAgent = m_info.userAgent;
    r.subprotocol = m_subprotocol;
    r.identity = m_info.identity;
    r.displayName = m_info.displayName;
    r.identityVerified = m_info.identityVerified;
    r.identityExpiresAt = m_info.identityExpiresAt;
    r.messagesIn = m_messagesIn;
    r.messagesOut = m_messagesOut;
    r.bytesIn = m_bytesIn;
    r.bytesOut = m_bytesOut;
    r.messageRateIn = m_rates[0];
    r.messageRateOut = m_rates[1];
    r.bytesToWrite = queuedBytes();
    r.inboundHeldBytes = m_inboundHeld;
    // Steady and wall clocks are read at different instants: keep the rounding from putting the
    // last sign of life before the connection itself.
    r.lastSeenAt = std::max(m_info.acceptedAt, nowEpochMs - (nowSteadyMs - m_lastSeenMs));
    r.rttMs = m_rttMs;
    r.missedPings = m_missedPings;
    return r;
}

ClientDetails Session::details(qint64 nowSteadyMs, qint64 nowEpochMs) const
{
    ClientDetails d;
    d.sessionId = m_id;
    d.found = true;
    d.row = currentRow(nowSteadyMs, nowEpochMs);
    const QString target = m_info.query.isEmpty() ? m_info.path : m_info.path + QLatin1Char('?') + m_info.query;
    d.requestLine = QStringLiteral("GET ") + target + QStringLiteral(" HTTP/1.1");
    if (m_socket) {
        // Qt keeps the upgrade request's headers with the socket; no copy of our own per client.
        const QNetworkRequest request = m_socket->request();
        const QList<QByteArray> names = request.rawHeaderList();
        for (const QByteArray &name : names)
            d.requestHeaders.append({QString::fromLatin1(name), withoutCredentials(name, request.rawHeader(name))});
    } else {
        const QList<QPair<QString, QString>> headers = streamRequestHeaders();
        for (const auto &[name, value] : headers)
            d.requestHeaders.append({name, withoutCredentials(name.toLatin1(), value.toUtf8())});
    }
    d.rttHistory = ringInOrder(m_rttHistory, m_rttNext);
    const QList<KeptMessage> kept = ringInOrder(m_history, m_historyNext);
    d.messages.reserve(kept.size());
    for (const KeptMessage &message : kept) {
        d.messages.append(message.record);
        if (message.record.binary)
            d.messages.last().preview = QString::fromLatin1(message.firstBytes.toHex(' '));
    }
    return d;
}

} // namespace wsm
