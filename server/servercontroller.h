#pragma once

#include "servernode.h"
#include "threadmailbox.h"

#include <QList>
#include <QThread>

#include <atomic>

namespace wsm {

class WebSocketServer;

// What runs the server thread's event loop. Epoll (Linux): cost independent of idle clients.
// Qt: Qt's stock dispatcher, the fallback (and the only one on other platforms).
enum class EventDispatcherKind : quint8 { Epoll, Qt };

// The embedded node: the server in this process, as the rest of the program sees it. Owns the
// server thread and the WebSocketServer living in it. Every control call is a queued invocation and
// may be made from any thread; each returns a request id that commandFinished() later reports with
// its outcome. Signals carry plain values and arrive in the thread of whoever connected to them. The
// node's description (displayName(), url(), ...) is read in the thread this object lives in.
class ServerController : public ServerNode
{
    Q_OBJECT

public:
    // The thread runs on defaultEventDispatcher().
    explicit ServerController(QObject *parent = nullptr);
    explicit ServerController(EventDispatcherKind dispatcher, QObject *parent = nullptr);
    // Closes every client at once (1001, then abort) and joins the thread.
    ~ServerController() override;

    // This machine's host name: the name a node elsewhere would give of itself.
    QString displayName() const override;
    QString url() const override { return m_url; }
    LinkState linkState() const override { return LinkState::Connected; } // in-process: no link to lose
    QString version() const override; // this build's WSM_VERSION
    bool canStartAndStop() const override { return true; }

    quint64 start(const ServerConfig &config) override;
    quint64 stop(StopReason reason = StopReason::Shutdown) override;
    quint64 kick(const QList<quint64> &sessionIds, int closeCode, const QString &reason,
                 int spreadMs = 0) override;
    quint64 kickAll(int closeCode, const QString &reason, int spreadMs = 0) override;
    quint64 ban(const QString &addressOrCidr, qint64 durationMs, const QString &reason) override;
    quint64 unban(const QString &addressOrCidr) override;
    quint64 send(quint64 sessionId, const OutgoingMessage &message) override;
    quint64 broadcast(const OutgoingMessage &message) override;
    quint64 requestClientDetails(quint64 sessionId) override;
    quint64 kickOnNode(const QString &node, const QList<quint64> &sessionIds, int closeCode,
                       const QString &reason) override;
    quint64 sendOnNode(const QString &node, quint64 sessionId, const OutgoingMessage &message) override;
    quint64 requestClientDetailsOnNode(const QString &node, quint64 sessionId) override;

    // What the admin channel serving this node (AdminServer, in this object's thread) counts, for
    // the node's totals and /metrics: clients attached now, upgrades refused since it listens.
    void setAdminChannelCounts(int clients, quint64 refused);
    // Where that admin channel listens, for the cluster's registry of nodes (--cluster): called
    // where it starts listening. Kept across stops and starts.
    void setClusterAdminUrl(const QString &url);

    // Epoll where it is built (Linux), unless the environment variable WSM_EVENT_DISPATCHER is "qt":
    // the test suite runs the server suites on both.
    static EventDispatcherKind defaultEventDispatcher();
    static QString eventDispatcherId(EventDispatcherKind kind); // "epoll", "qt"
    static bool parseEventDispatcher(const QString &text, EventDispatcherKind *kind);
    // The dispatcher the thread really runs on: Qt's when epoll was asked for but is unavailable.
    EventDispatcherKind eventDispatcher() const { return m_dispatcher; }

    // The server thread, e.g. to measure it; never to touch the server object directly.
    QThread *serverThread() { return &m_thread; }

private:
    quint64 nextRequestId() { return ++m_lastRequestId; }

    QThread m_thread;
    EventDispatcherKind m_dispatcher = EventDispatcherKind::Qt;
    WebSocketServer *m_server; // lives in m_thread; deleted there when the thread finishes
    ThreadMailbox *m_toServer;     // commands, run in m_thread; the server's child
    ThreadMailbox *m_toController; // the server's signals, emitted again in this object's thread
    std::atomic<quint64> m_lastRequestId{0};
    QString m_url; // as the last started() said; set and read in this object's thread
};

} // namespace wsm
