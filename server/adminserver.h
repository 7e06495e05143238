#pragma once

#include "adminconfig.h"
#include "adminprotocol.h"
#include "snapshot.h"
#include "snapshotdelta.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

#include <deque>

QT_BEGIN_NAMESPACE
class QTcpServer;
class QTcpSocket;
class QWebSocket;
class QWebSocketServer;
QT_END_NAMESPACE

namespace wsm {

class AdminClient;
class HttpRequestHead;
class ServerNode;

// A node's admin channel (docs/admin-protocol.md): its own listening socket, on which consoles and
// `wsmonitor ctl` attach with a token, watch the node's snapshots and events and act on its clients.
// It serves one ServerNode through that interface alone, and lives in the node's thread (the main
// thread), never in the server thread: JSON is encoded here and never slows the WebSocket server.
//
// Accept path as the public port's: our own QTcpServer (a TlsTcpServer for wss://), the request head
// peeked and refusals answered before the upgrade (401, 403, 404, 400, 503), then the socket is handed
// to an internal QWebSocketServer. Each attached client is an AdminClient, which reads its messages
// and bounds what it may cost; commands come back here to be mapped onto the node's calls.
//
// Snapshots: one SnapshotEncoder for all clients. Each node snapshot is encoded once as a delta and
// the same text goes to every subscribed client; a client that subscribes or resynchronises between
// two snapshots gets the last one whole, under the sequence number of the delta the others have
// (SnapshotEncoder::wholeAgain), so the next delta applies for everyone. With no subscriber nothing
// is encoded.
class AdminServer : public QObject
{
    Q_OBJECT

public:
    // The node must outlive this object and live in the same thread.
    AdminServer(ServerNode *node, const AdminConfig &config, QObject *parent = nullptr);
    ~AdminServer() override;

    // Starts listening; false with a sentence saying why (the address, the TLS files, a non-loopback
    // address without a token).
    bool listen(QString *error);
    bool isListening() const;
    // ws://ADDR:PORT/ or wss://, with the real port; empty before listen().
    QString url() const;
    quint16 port() const;

    int clientCount() const { return int(m_clients.size()); }
    quint64 refusedCount() const { return m_refused; }
    const AdminConfig &config() const { return m_config; }

    // What the hello and the answer to "nodes" say of this node.
    admin::NodeInfo nodeInfo() const;
    // The answer to `nodes`: this node first, then the other nodes of its cluster, if it is in one.
    QList<admin::NodeInfo> nodes() const;

    // From AdminClient, for the client that asked.
    void subscribe(AdminClient *client, bool snapshots, bool events);
    void resync(AdminClient *client);
    void runCommand(AdminClient *client, const admin::CommandMessage &command);
    void clientEnded(AdminClient *client);

Q_SIGNALS:
    // Attached clients and refusals changed: for ServerController::setAdminChannelCounts().
    void countsChanged(int clients, quint64 refused);

private:
    struct PendingSocket
    {
        QPointer<QTcpSocket> socket;
        bool tlsPending = false;  // wss://: encrypting
        bool answered = false;    // an HTTP refusal is on its way
        bool handedOver = false;  // given to the QWebSocketServer
        bool readOnly = false;    // the token presented may only watch
    };

    // A node request waiting for its answer: whose it is and under which id the client asked.
    struct PendingRequest
    {
        QPointer<AdminClient> client;
        quint64 clientId = 0;
    };

    void onNewConnection();
    void onReadable(QTcpSocket *socket);
    void route(QTcpSocket *socket, PendingSocket &pending, const HttpRequestHead &head);
    void refuse(QTcpSocket *socket, PendingSocket &pending, int status, const QByteArray &body,
                const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});
    void onHandshakeDeadline(QTcpSocket *socket);
    void onSocketGone(QTcpSocket *socket);
    void onWebSocketConnection();
    void countsChange();

    void onSnapshot(const Snapshot &snapshot, const QList<ConnectionEvent> &events);
    void onCommandFinished(quint64 requestId, bool ok, const QString &message);
    void onClientDetails(quint64 requestId, const ClientDetails &details);
    // The text of the last snapshot whole, as wholeAgain() gives it; encoded once per snapshot.
    QString wholeText();
    void sendWholeTo(AdminClient *client);
    int handedOverCount() const;

    ServerNode *m_node;
    AdminConfig m_config;
    QSslConfiguration m_tls;
    QTcpServer *m_tcpServer = nullptr;
    QWebSocketServer *m_webSocketServer = nullptr;
    QHash<QTcpSocket *, PendingSocket> m_pending;
    QList<AdminClient *> m_clients;
    QHash<quint64, PendingRequest> m_requests; // by the node's request id
    quint64 m_refused = 0;

    SnapshotEncoder m_encoder;
    bool m_encoderFollows = false; // the encoder has every snapshot since its last whole one
    bool m_hasLatest = false;
    Snapshot m_latest;
    QString m_wholeText;           // cache of wholeText() for m_latest; empty: not made yet
    std::deque<ConnectionEvent> m_recentEvents;
};

} // namespace wsm
