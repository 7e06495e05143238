#pragma once

// A scripted admin channel for the client suites: a node's side of docs/admin-protocol.md that says
// only what the test tells it to, so gaps, malformed messages, refusals and dropped links happen
// exactly when the test wants them. Real sockets on 127.0.0.1.

#include "adminprotocol.h"
#include "snapshotdelta.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

#include <functional>
#include <memory>

namespace wsm::test {

class FakeAdminServer : public QObject
{
public:
    struct Client
    {
        QPointer<QWebSocket> socket;
        SnapshotEncoder encoder;
        bool snapshots = false;
        bool events = false;
        bool wantsWhole = true;
    };

    FakeAdminServer()
        : m_webSockets(QStringLiteral("fake node"), QWebSocketServer::NonSecureMode)
    {
        hello.node.name = QStringLiteral("fake-node:8080");
        hello.node.version = QStringLiteral("9.9.9");
        hello.node.url = QStringLiteral("ws://127.0.0.1:8080/");
        hello.node.adminUrl = QStringLiteral("ws://127.0.0.1:9090/");
        hello.capabilities = admin::nodeCapabilities();
        connect(&m_tcp, &QTcpServer::newConnection, this, &FakeAdminServer::onTcpConnection);
        connect(&m_webSockets, &QWebSocketServer::newConnection, this, &FakeAdminServer::onWebSocket);
    }

    ~FakeAdminServer() override { abortAll(); }

    bool listen(quint16 port = 0) { return m_tcp.listen(QHostAddress(QHostAddress::LocalHost), port); }
    quint16 port() const { return m_tcp.serverPort(); }
    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port())); }
    // Stops accepting; attached clients stay.
    void stopListening() { m_tcp.close(); }

    // The snapshot sent whole on subscribing, and the history sent with "recent": true.
    Snapshot current;
    QList<ConnectionEvent> recentEvents;
    admin::HelloMessage hello;
    QByteArray requiredToken;  // non-empty: 401 without a token, 403 with another one
    bool answerCommands = true; // false: commands are recorded and left unanswered
    bool recentEventsFirst = false; // on subscribing: the recent events before the whole snapshot

    // Every JSON message received, and the upgrade attempts (refused ones included).
    QList<QJsonObject> received;
    int attempts = 0;

    QList<QJsonObject> receivedOfType(QLatin1String type) const
    {
        QList<QJsonObject> found;
        for (const QJsonObject &object : received) {
            if (object.value(QLatin1String("type")).toString() == type)
                found.append(object);
        }
        return found;
    }
    int attachedClients() const
    {
        int n = 0;
        for (const auto &client : m_clients)
            n += client->socket ? 1 : 0;
        return n;
    }

    // The next snapshot to every subscribed client: a delta, or whole where one is due (a resync).
    void publish(const Snapshot &snapshot)
    {
        current = snapshot;
        for (const auto &client : m_clients) {
            if (client->socket && client->snapshots)
                sendJson(client.get(), client->wantsWhole ? client->encoder.whole(snapshot) : client->encoder.delta(snapshot));
            client->wantsWhole = false;
        }
    }
    // Encodes the snapshot as publish() would but loses it on the way: the next delta has a gap.
    void lose(const Snapshot &snapshot)
    {
        current = snapshot;
        for (const auto &client : m_clients)
            client->encoder.delta(snapshot);
    }
    void publishEvents(const QList<ConnectionEvent> &events)
    {
        for (const auto &client : m_clients) {
            if (client->socket && client->events)
                sendJson(client.get(), admin::eventsToJson(events, false));
        }
    }
    void sendToAll(const QString &text)
    {
        for (const auto &client : m_clients) {
            if (client->socket)
                client->socket->sendTextMessage(text);
        }
    }
    void sendJsonToAll(const QJsonObject &object)
    {
        sendToAll(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
    }
    void answer(const admin::ResultMessage &result) { sendJsonToAll(admin::resultToJson(result)); }

    // The command's answer when answerCommands is set; by default ok, with "did NAME", and the
    // details of a client when `current` lists it (found = false otherwise).
    std::function<admin::ResultMessage(const admin::CommandMessage &)> onCommand =
        [this](const admin::CommandMessage &command) {
            admin::ResultMessage result;
            result.id = command.id;
            result.ok = true;
            result.message = QStringLiteral("did ") + admin::commandName(command.kind);
            if (command.kind == admin::CommandKind::Details) {
                result.hasDetails = true;
                result.details.sessionId = command.sessionId;
                for (const SessionRow &row : std::as_const(current.sessions)) {
                    if (row.id == command.sessionId) {
                        result.details.found = true;
                        result.details.row = row;
                    }
                }
            }
            return result;
        };

    void closeAll(QWebSocketProtocol::CloseCode code = QWebSocketProtocol::CloseCodeGoingAway)
    {
        for (const auto &client : m_clients) {
            if (client->socket)
                client->socket->close(code, QStringLiteral("node shutting down"));
        }
    }
    void abortAll()
    {
        for (const auto &client : m_clients) {
            if (client->socket)
                client->socket->abort();
        }
    }

private:
    void onTcpConnection()
    {
        while (QTcpSocket *socket = m_tcp.nextPendingConnection()) {
            // The request head is peeked, not read, and the socket handed over whole.
            socket->setParent(this);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onRequestBytes(socket); });
        }
    }

    void onRequestBytes(QTcpSocket *socket)
    {
        const QByteArray head = socket->peek(16384);
        if (!head.contains("\r\n\r\n"))
            return;
        socket->disconnect(this);
        ++attempts;
        QByteArray authorization;
        for (const QByteArray &line : head.split('\n')) {
            if (line.toLower().startsWith("authorization:"))
                authorization = line.mid(line.indexOf(':') + 1).trimmed();
        }
        if (!requiredToken.isEmpty() && authorization != "Bearer " + requiredToken) {
            const QByteArray status = authorization.isEmpty() ? "401 Unauthorized" : "403 Forbidden";
            socket->write("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            socket->disconnectFromHost();
            return;
        }
        m_webSockets.handleConnection(socket);
    }

    void onWebSocket()
    {
        while (QWebSocket *socket = m_webSockets.nextPendingConnection()) {
            socket->setParent(this);
            auto client = std::make_shared<Client>();
            client->socket = socket;
            m_clients.append(client);
            connect(socket, &QWebSocket::textMessageReceived, this,
                    [this, client](const QString &text) { onMessage(client.get(), text); });
            connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            sendJson(client.get(), admin::helloToJson(hello));
        }
    }

    void onMessage(Client *client, const QString &text)
    {
        const QJsonObject object = QJsonDocument::fromJson(text.toUtf8()).object();
        received.append(object);
        const QString type = object.value(QLatin1String("type")).toString();
        if (type == admin::Subscribe) {
            client->snapshots = object.value(QLatin1String("snapshots")).toBool();
            client->events = object.value(QLatin1String("events")).toBool();
            // The protocol leaves the order open; the node sends the whole snapshot first.
            if (client->events && recentEventsFirst)
                sendJson(client, admin::eventsToJson(recentEvents, true));
            if (client->snapshots) {
                sendJson(client, client->encoder.whole(current));
                client->wantsWhole = false;
            }
            if (client->events && !recentEventsFirst)
                sendJson(client, admin::eventsToJson(recentEvents, true));
        } else if (type == admin::Resync) {
            client->wantsWhole = true;
        } else if (type == admin::Command && answerCommands) {
            admin::CommandMessage command;
            QString error;
            admin::commandFromJson(object, &command, &error);
            sendJson(client, admin::resultToJson(onCommand(command)));
        }
    }

    void sendJson(Client *client, const QJsonObject &object)
    {
        if (client->socket)
            client->socket->sendTextMessage(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
    }

    QTcpServer m_tcp;
    QWebSocketServer m_webSockets;
    QList<std::shared_ptr<Client>> m_clients;
};

// A port nothing listens on now: taken from the system, then let go.
inline quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress(QHostAddress::LocalHost), 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

} // namespace wsm::test
