#pragma once

#include "clientdetails.h"
#include "outgoingmessage.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

namespace wsm {

// Kick, send and details for a client of another node of the cluster, so that the console or `ctl`
// attached to one node acts on the whole cluster. In the server thread, a child of WebSocketServer,
// made with the cluster's link (ClusterLink) when the node is in a cluster.
//
// The asking node publishes a request on wsmonitor:control:<target>; the target runs it through the
// same calls as the operator's local ones (a kick is recorded as an operator kick with its code and
// reason) and answers on wsmonitor:control-reply:<asker>. Both are small JSON objects with a version:
//
//   {"v": 1, "id": 7, "from": "A", "op": "kick", "sessionIds": [12], "closeCode": 4321, "reason": "moved"}
//   {"v": 1, "id": 7, "from": "A", "op": "send", "sessionId": 12, "message": {"kind": "text", "text": "hi"}}
//   {"v": 1, "id": 7, "from": "A", "op": "details", "sessionId": 12}
//   {"v": 1, "id": 7, "from": "C", "ok": true, "message": "Kicked 1 client.", "details": {...}}
//
// Every request is answered exactly once, here: by the target's reply, or by this side with why it
// could not be (the link is down, no node of that name, no answer within the reply timeout, too many
// waiting already). Publish/subscribe is at most once, so a request or a reply may be lost: the
// timeout then answers, and the asker cannot tell whether the target ran it.
class ClusterControl : public QObject
{
    Q_OBJECT

public:
    enum class Operation : quint8 { Kick, Send, Details };

    // A request, as the asking node made it and the target runs it.
    struct Request
    {
        Operation operation = Operation::Details;
        QList<quint64> sessionIds;  // kick
        quint64 sessionId = 0;      // send, details
        int closeCode = 4000;       // kick
        QString reason;             // kick
        OutgoingMessage message;    // send
    };

    // Its answer: what the operator's local call would have said.
    struct Reply
    {
        bool ok = false;
        QString message;
        bool hasDetails = false;    // a details request that the target answered
        ClientDetails details;
    };

    // What the control needs of the cluster: the link (ClusterLink) and the registry of nodes in a
    // node, an in-memory bus in tests. The owner routes the two channels' messages to
    // onRequestMessage() and onReplyMessage().
    struct Bus
    {
        QString nodeName;                                   // this node's name in the cluster
        std::function<bool()> isUp;                         // the link is up
        // Whether the registry lists a node of that name; unset: every name is tried (and a node
        // that is not there is found out by the timeout).
        std::function<bool(const QString &node)> knowsNode;
        // False when the link could not take it (down, or too much waiting): dropped and counted there.
        std::function<bool(const QByteArray &channel, const QByteArray &payload)> publish;
    };

    // Runs a request from another node on this node's clients, at once.
    using Executor = std::function<Reply(const Request &)>;
    using ReplyHandler = std::function<void(const Reply &)>;

    // What may wait for an answer at once; more is refused (and counted), never queued.
    static constexpr int MaxPending = 256;

    ClusterControl(Bus bus, Executor executor, int replyTimeoutMs, QObject *parent = nullptr);
    // Calls no handler: the owner fails what waits first (failPending()) when it matters.
    ~ClusterControl() override;

    static QByteArray requestChannel(const QString &node); // wsmonitor:control:<node>
    static QByteArray replyChannel(const QString &node);   // wsmonitor:control-reply:<node>

    const QString &nodeName() const { return m_bus.nodeName; }

    // Runs the request on the node named and calls onReply once with the outcome: this node's own
    // name runs here at once, without Redis; a failure known at once (link down, no such node, too
    // many waiting) is answered before ask() returns; the rest when the target answers or the reply
    // timeout passes.
    void ask(const QString &node, const Request &request, ReplyHandler onReply);

    // A message of wsmonitor:control:<this node>: runs it, publishes the reply to its sender.
    void onRequestMessage(const QByteArray &payload);
    // A message of wsmonitor:control-reply:<this node>: answers the request it names.
    void onReplyMessage(const QByteArray &payload);
    // Answers every request still waiting with why (the link went down, the server stops).
    void failPending(const QString &why);

    int pendingCount() const { return int(m_pending.size()); }
    quint64 refusedCount() const { return m_refused; }       // past MaxPending
    quint64 timedOutCount() const { return m_timedOut; }
    quint64 malformedCount() const { return m_malformed; }   // requests and replies that could not be read
    quint64 requestsServed() const { return m_served; }      // from other nodes, run here

    static QByteArray encodeRequest(quint64 id, const QString &from, const Request &request);
    static QByteArray encodeReply(quint64 id, const QString &from, const Reply &reply);

private:
    struct Pending
    {
        QString node;
        ReplyHandler onReply;
        qint64 deadlineMs = 0; // steady clock
    };

    void onTimer();
    void armTimer();

    Bus m_bus;
    Executor m_executor;
    int m_replyTimeoutMs;
    // By id: ids grow with time and every request waits as long, so the first is the first to expire.
    QMap<quint64, Pending> m_pending;
    QTimer m_timer;
    quint64 m_nextId = 1;
    quint64 m_refused = 0;
    quint64 m_timedOut = 0;
    quint64 m_malformed = 0;
    quint64 m_served = 0;
};

} // namespace wsm
