#pragma once

#include "clientdetails.h"
#include "clusterstatus.h"
#include "connectionevent.h"
#include "outgoingmessage.h"

#include <QJsonObject>
#include <QLatin1String>
#include <QList>
#include <QString>
#include <QStringList>

// The admin channel's messages as values, for both ends: the node's AdminServer reads commands and
// writes the rest; RemoteNode and `wsmonitor ctl` do the opposite. docs/admin-protocol.md is the
// description for people who script against it; the two must agree (tst_adminprotocol holds the
// examples of the document).
namespace wsm::admin {

// Raised when a message changes meaning; a client that does not know the node's version stops.
inline constexpr int ProtocolVersion = 1;

// Message types ("type" of every message).
inline constexpr QLatin1String Hello("hello");         // node → client, first message
inline constexpr QLatin1String Subscribe("subscribe"); // client → node: what to stream
inline constexpr QLatin1String Resync("resync");       // client → node: the next snapshot whole
inline constexpr QLatin1String Command("command");     // client → node, answered by a result
inline constexpr QLatin1String Result("result");       // node → client
inline constexpr QLatin1String Snapshot("snapshot");   // node → client (SnapshotEncoder)
inline constexpr QLatin1String Events("events");       // node → client
inline constexpr QLatin1String Error("error");         // node → client: a message it could not take

// Why a command failed, for scripts ("code" of a failed result).
inline constexpr QLatin1String Forbidden("forbidden"); // a read-only token
inline constexpr QLatin1String Invalid("invalid");     // not a command this version understands
inline constexpr QLatin1String Failed("failed");       // the node tried and could not

// The capabilities a version-1 node offers; later ones may add more, a client ignores the unknown.
QStringList nodeCapabilities();
// The node reads "node" in kick, send and details (a client of another node of its cluster). A node
// without it would ignore the field and act on its own client of that id: a client names another
// node only to a node that offers this.
inline constexpr QLatin1String ClusterControlCapability("clusterControl");

// What a node says of itself when an admin client attaches, and in the answer to "nodes".
struct NodeInfo
{
    QString name;           // --node-name, or host name and public port
    QString version;        // wsmonitor's
    QString url;            // the public ws:// or wss:// URL; empty while stopped
    QString adminUrl;       // where its admin channel listens
    qint64 startedAt = 0;   // ms since the epoch, 0 while stopped
    int clients = 0;
    double messageRateIn = 0;
    double messageRateOut = 0;
};

QJsonObject nodeInfoToJson(const NodeInfo &node);
bool nodeInfoFromJson(const QJsonObject &object, NodeInfo *node, QString *error);

struct HelloMessage
{
    int protocol = ProtocolVersion;
    NodeInfo node;
    bool readOnly = false;  // the token presented may only watch
    QStringList capabilities;
};

QJsonObject helloToJson(const HelloMessage &hello);
bool helloFromJson(const QJsonObject &object, HelloMessage *hello, QString *error);

// The operator's calls of ServerNode, by name. Every one carries a request id the result repeats.
enum class CommandKind : quint8 { Kick, KickAll, Ban, Unban, Send, Broadcast, Details, Nodes };

struct CommandMessage
{
    quint64 id = 0;
    CommandKind kind = CommandKind::Nodes;
    QList<quint64> sessionIds;  // kick
    quint64 sessionId = 0;      // send, details
    int closeCode = 4000;       // kick, kickAll
    QString reason;             // kick, kickAll, ban
    int spreadMs = 0;           // kick, kickAll
    QString target;             // ban, unban: an address or a CIDR range
    qint64 durationMs = 0;      // ban; 0 = until lifted
    OutgoingMessage message;    // send, broadcast
    // kick, send, details: the node of the cluster whose client it is (its --node-name); empty:
    // the node the command is given to.
    QString node;
};

QString commandName(CommandKind kind);
// A request id as a script wrote it: a non-negative integer, exact in a double (below 2^53). The
// node answers a command with a bad id by an error message, one with a good id by a result.
bool requestIdFromJson(const QJsonValue &json, quint64 *id);
QJsonObject commandToJson(const CommandMessage &command);
// False with *error saying what is wrong; command->id is set whenever the message had a valid id,
// so that the refusal can name the request.
bool commandFromJson(const QJsonObject &object, CommandMessage *command, QString *error);
// Whether a read-only client may give it: only those that change nothing.
bool commandIsReadOnly(CommandKind kind);
// Whether it may name another node of the cluster ("node"): kick, send and details.
bool commandTakesNode(CommandKind kind);

struct ResultMessage
{
    quint64 id = 0;
    bool ok = false;
    QString code;               // failed results only: Forbidden, Invalid or Failed
    QString message;            // why it failed, or what it did
    bool hasDetails = false;    // a details command's answer
    ClientDetails details;
    QList<NodeInfo> nodes;      // a nodes command's answer
};

QJsonObject resultToJson(const ResultMessage &result);
bool resultFromJson(const QJsonObject &object, ResultMessage *result, QString *error);

// A batch of connection events; recent is true for the node's recent history sent on subscribing.
QJsonObject eventsToJson(const QList<ConnectionEvent> &events, bool recent);
bool eventsFromJson(const QJsonObject &object, QList<ConnectionEvent> *events, bool *recent,
                    QString *error);

// The cluster as a snapshot carries it ("cluster"; docs/admin-protocol.md), and one node of its
// registry (also for `wsmonitor ctl nodes --json`).
QJsonObject clusterStatusToJson(const ClusterStatus &status);
bool clusterStatusFromJson(const QJsonObject &object, ClusterStatus *status, QString *error);
QJsonObject clusterNodeToJson(const ClusterNodeInfo &node);

QJsonObject connectionEventToJson(const ConnectionEvent &event);
bool connectionEventFromJson(const QJsonObject &object, ConnectionEvent *event, QString *error);
QJsonObject clientDetailsToJson(const ClientDetails &details);
bool clientDetailsFromJson(const QJsonObject &object, ClientDetails *details, QString *error);
// Text as it is; binary as base64.
QJsonObject outgoingMessageToJson(const OutgoingMessage &message);
bool outgoingMessageFromJson(const QJsonObject &object, OutgoingMessage *message, QString *error);

} // namespace wsm::admin
