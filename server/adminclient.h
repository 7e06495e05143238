#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QWebSocketProtocol>

QT_BEGIN_NAMESPACE
class QJsonObject;
class QTcpSocket;
class QWebSocket;
QT_END_NAMESPACE

namespace wsm {

class AdminServer;

// One console or script attached to the admin channel. Owns its QWebSocket; reads its messages
// (subscribe, resync, command) and hands them to the AdminServer; bounds what it may cost the node:
// one message at most AdminConfig::maxMessageBytes (1009, Qt closes), no binary frames (1003), a
// token bucket on messages (1008 "too many messages"), and at most maxQueuedBytes waiting to be
// sent to it (1008). Beyond a bound only this client is closed. Deletes itself when its link ends.
class AdminClient : public QObject
{
    Q_OBJECT

public:
    // rawSocket is the TCP (or TLS) socket under the WebSocket: its write buffer is the queue.
    AdminClient(QWebSocket *socket, QTcpSocket *rawSocket, bool readOnly, AdminServer *server);
    ~AdminClient() override;

    bool isReadOnly() const { return m_readOnly; }
    bool wantsSnapshots() const { return m_wantsSnapshots; }
    bool wantsEvents() const { return m_wantsEvents; }
    // Whether the last snapshot it was sent is the base of the next delta.
    bool snapshotsInSync() const { return m_snapshotsInSync; }

    void setSubscription(bool snapshots, bool events);
    void setSnapshotsInSync(bool inSync) { m_snapshotsInSync = inSync; }

    // One message; nothing once closing. Closes 1008 when the queue passes its bound.
    void sendText(const QString &text);
    void send(const QJsonObject &message);
    void sendError(const QString &message);

private:
    void onText(const QString &text);
    void onBinary();
    void onDisconnected();
    bool takeMessageToken();
    void closeFor(QWebSocketProtocol::CloseCode code, const QString &reason);

    AdminServer *m_server;
    QWebSocket *m_socket;            // child
    QPointer<QTcpSocket> m_rawSocket;
    bool m_readOnly;
    bool m_wantsSnapshots = false;
    bool m_wantsEvents = false;
    bool m_snapshotsInSync = false;
    bool m_closing = false;
    bool m_ended = false;
    // Token bucket on inbound messages.
    double m_tokens;
    qint64 m_tokensAtMs;
};

} // namespace wsm
