#pragma once

// Shared by the admin channel's end-to-end suites (tst_adminchannel: the feed and the commands;
// tst_adminlimits: refusals and the bounds on one client): a node (ServerController on 127.0.0.1:0)
// with its AdminServer on 127.0.0.1:0, and admin clients that present their token in the
// Authorization header and keep every message as JSON.

#include "testsupport.h"

#include "adminserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>

namespace wsm::test {


inline const QString FullToken = QStringLiteral("full-secret-token");
inline const QString WatchToken = QStringLiteral("watch-only-token");

// An admin client: a QWebSocket with a token, keeping every message it receives as JSON.
class AdminLink : public QObject
{
public:
    AdminLink()
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
        });
        connect(&socket, &QWebSocket::disconnected, this, [this] { disconnected = true; });
    }

    bool open(const QString &url, const QString &token = FullToken)
    {
        QNetworkRequest request{QUrl(url)};
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(request);
        return connected.wait(WaitMs) && QTest::qWaitFor([this] { return !messages.isEmpty(); }, WaitMs);
    }

    void send(const QJsonObject &message)
    {
        socket.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    }

    void subscribe(bool snapshots, bool events)
    {
        send(QJsonObject{{QStringLiteral("type"), QStringLiteral("subscribe")},
                         {QStringLiteral("snapshots"), snapshots},
                         {QStringLiteral("events"), events}});
    }

    // Sends a command (the "type" and "id" are added) and waits for its result; empty if none came.
    QJsonObject command(quint64 id, QJsonObject fields)
    {
        fields.insert(QStringLiteral("type"), QStringLiteral("command"));
        fields.insert(QStringLiteral("id"), qint64(id));
        send(fields);
        QJsonObject found;
        // An empty result (and the caller's check failing) when none came in time.
        [[maybe_unused]] const bool answered = QTest::qWaitFor([&] {
            for (const QJsonObject &message : std::as_const(messages)) {
                if (message.value(QLatin1String("type")).toString() == QLatin1String("result")
                    && message.value(QLatin1String("id")).toInteger() == qint64(id)) {
                    found = message;
                    return true;
                }
            }
            return false;
        }, WaitMs);
        return found;
    }

    QList<QJsonObject> ofType(const QString &type) const
    {
        QList<QJsonObject> list;
        for (const QJsonObject &message : messages) {
            if (message.value(QLatin1String("type")).toString() == type)
                list.append(message);
        }
        return list;
    }

    QWebSocket socket;
    QList<QJsonObject> messages;
    bool disconnected = false;
};

inline QJsonObject commandFields(const char *name, std::initializer_list<QPair<QString, QJsonValue>> fields = {})
{
    QJsonObject object{{QStringLiteral("command"), QLatin1String(name)}};
    for (const auto &field : fields)
        object.insert(field.first, field.second);
    return object;
}

inline QJsonObject textMessage(const QString &text)
{
    return {{QStringLiteral("kind"), QStringLiteral("text")}, {QStringLiteral("text"), text}};
}


// The node and its admin channel, made fresh for each test.
class AdminNodeFixture : public QObject
{
public:
    AdminNodeFixture()
    {
        connect(&node.controller, &ServerController::snapshotReady, this,
                [this](const Snapshot &snapshot) { nodeSnapshots.insert(snapshot.takenAt, snapshot); });
    }

    ~AdminNodeFixture() override { admin.reset(); }

    // Both tokens set unless the config has its own; the node name "test-node".
    bool startAdmin(AdminConfig config = {})
    {
        config.enabled = true;
        config.listenAddress = QHostAddress(QHostAddress::LocalHost);
        config.port = 0;
        if (config.fullToken.isEmpty())
            config.fullToken = FullToken;
        if (config.readOnlyToken.isEmpty())
            config.readOnlyToken = WatchToken;
        if (config.nodeName.isEmpty())
            config.nodeName = QStringLiteral("test-node");
        admin = std::make_unique<AdminServer>(&node.controller, config);
        // As the application wires it.
        connect(admin.get(), &AdminServer::countsChanged, &node.controller, &ServerController::setAdminChannelCounts);
        QString error;
        if (!admin->listen(&error)) {
            qWarning("admin listen failed: %s", qPrintable(error));
            return false;
        }
        return true;
    }

    // A client of the node, and its session id once a snapshot lists it (0 if it failed).
    quint64 connectClient(Client &client)
    {
        if (!client.open(node.url))
            return 0;
        return node.sessionIdForPort(client.localPort());
    }

    ServerFixture node;
    std::unique_ptr<AdminServer> admin;
    QMap<qint64, Snapshot> nodeSnapshots; // by takenAt, as the node emitted them
};

} // namespace wsm::test
