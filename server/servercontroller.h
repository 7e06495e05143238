#pragma once

#include "clientdetails.h"
#include "connectionevent.h"
#include "outgoingmessage.h"
#include "serverconfig.h"
#include "snapshot.h"
#include "threadmailbox.h"

#include <QList>
#include <QObject>
#include <QThread>

#include <atomic>

namespace wsm {

class WebSocketServer;

// What runs the server thread's event loop. Epoll (Linux): cost independent of idle clients.
// Qt: Qt's stock dispatcher, the fallback (and the only one on other platforms).
enum class EventDispatcherKind : quint8 { Epoll, Qt };

// The server as the rest of the program sees it: owns the server thread and the WebSocketServer
// living in it. Every call is a queued invocation and may be made from any thread; each returns a
// request id that commandFinished() later reports with its outcome. Signals carry plain values
// and arrive in the thread of whoever connected to them.
class ServerController : public QObject
{
    Q_OBJECT

public:
    // The thread runs on defaultEventDispatcher().
    explicit ServerController(QObject *parent = nullptr);
    explicit ServerController(EventDispatcherKind dispatcher, QObject *parent = nullptr);
    // Closes every client at once (1001, then abort) and joins the thread.
    ~ServerController() override;

    quint64 start(const ServerConfig &config);
    // Ordered: every client closed (1001 for a shutdown, 1012 for a restart), drained, the rest
    // aborted. A restart is a stop whose clients are told to come back; start() follows it.
    quint64 stop(StopReason reason = StopReason::Shutdown);
    // spreadMs > 0 spreads the closes evenly over that time, so that the kicked clients'
    // reconnects do not arrive as one storm. Ids of clients already gone are skipped.
    quint64 kick(const QList<quint64> &sessionIds, int closeCode, const QString &reason, int spreadMs = 0);
    quint64 kickAll(int closeCode, const QString &reason, int spreadMs = 0);
    quint64 ban(const QString &addressOrCidr, qint64 durationMs, const QString &reason);
    quint64 unban(const QString &addressOrCidr);
    // A text or a binary frame, by the message's kind, to one client or to every open one.
    quint64 send(quint64 sessionId, const OutgoingMessage &message);
    quint64 broadcast(const OutgoingMessage &message);
    // Answered by clientDetailsReady() with the same request id (found = false if it has gone).
    quint64 requestClientDetails(quint64 sessionId);

    // Epoll where it is built (Linux), unless the environment variable WSM_EVENT_DISPATCHER is "qt":
    // the test suite runs the server suites on both.
    static EventDispatcherKind defaultEventDispatcher();
    static QString eventDispatcherId(EventDispatcherKind kind); // "epoll", "qt"
    static bool parseEventDispatcher(const QString &text, EventDispatcherKind *kind);
    // The dispatcher the thread really runs on: Qt's when epoll was asked for but is unavailable.
    EventDispatcherKind eventDispatcher() const { return m_dispatcher; }

    // The server thread, e.g. to measure it; never to touch the server object directly.
    QThread *serverThread() { return &m_thread; }

Q_SIGNALS:
    void started(const QString &url);
    void stopped();
    void commandFinished(quint64 requestId, bool ok, const QString &message);
    void snapshotReady(const wsm::Snapshot &snapshot, const QList<wsm::ConnectionEvent> &events);
    void clientDetailsReady(quint64 requestId, const wsm::ClientDetails &details);

private:
    quint64 nextRequestId() { return ++m_lastRequestId; }

    QThread m_thread;
    EventDispatcherKind m_dispatcher = EventDispatcherKind::Qt;
    WebSocketServer *m_server; // lives in m_thread; deleted there when the thread finishes
    ThreadMailbox *m_toServer;     // commands, run in m_thread; the server's child
    ThreadMailbox *m_toController; // the server's signals, emitted again in this object's thread
    std::atomic<quint64> m_lastRequestId{0};
};

} // namespace wsm
