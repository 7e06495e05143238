#include "servercontroller.h"

#include "websocketserver.h"

#include <QMetaObject>
#include <QSysInfo>

#ifdef WSM_HAVE_EPOLL_DISPATCHER
#  include "epolleventdispatcher.h"
#endif

namespace wsm {

ServerController::ServerController(QObject *parent)
    : ServerController(defaultEventDispatcher(), parent)
{
}

ServerController::ServerController(EventDispatcherKind dispatcher, QObject *parent)
    : ServerNode(parent)
    , m_server(new WebSocketServer)
    , m_toServer(new ThreadMailbox(m_server)) // moves to the server thread with the server
    , m_toController(new ThreadMailbox(this))
{
#ifdef WSM_HAVE_EPOLL_DISPATCHER
    // Installed before the thread starts: a running thread's dispatcher cannot be replaced.
    if (dispatcher == EventDispatcherKind::Epoll) {
        if (QAbstractEventDispatcher *epoll = EpollEventDispatcher::create()) {
            m_thread.setEventDispatcher(epoll);
            m_dispatcher = EventDispatcherKind::Epoll;
        }
    }
#else
    Q_UNUSED(dispatcher)
#endif
    m_thread.setObjectName(QStringLiteral("wsmonitor server"));
    m_server->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_server, &QObject::deleteLater);

    // Direct, in the server thread: each signal's values go through the mailbox (see ThreadMailbox)
    // and are emitted again in the thread this controller lives in.
    connect(m_server, &WebSocketServer::started, m_server, [this](const QString &url) {
        m_toController->post([this, url] {
            m_url = url;
            Q_EMIT started(url);
        });
    }, Qt::DirectConnection);
    connect(m_server, &WebSocketServer::stopped, m_server, [this] {
        m_toController->post([this] {
            m_url.clear();
            Q_EMIT stopped();
        });
    }, Qt::DirectConnection);
    connect(m_server, &WebSocketServer::commandFinished, m_server,
            [this](quint64 requestId, bool ok, const QString &message) {
                m_toController->post([this, requestId, ok, message] { Q_EMIT commandFinished(requestId, ok, message); });
            }, Qt::DirectConnection);
    connect(m_server, &WebSocketServer::snapshotReady, m_server,
            [this](const Snapshot &snapshot, const QList<ConnectionEvent> &events) {
                m_toController->post([this, snapshot, events] { Q_EMIT snapshotReady(snapshot, events); });
            }, Qt::DirectConnection);
    connect(m_server, &WebSocketServer::clientDetailsReady, m_server,
            [this](quint64 requestId, const ClientDetails &details) {
                m_toController->post([this, requestId, details] { Q_EMIT clientDetailsReady(requestId, details); });
            }, Qt::DirectConnection);
    m_thread.start();
}

ServerController::~ServerController()
{
    // By name, for the reason ThreadMailbox gives; blocking, so nothing of ours crosses.
    QMetaObject::invokeMethod(m_server, "shutdownNow", Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QString ServerController::displayName() const
{
    const QString host = QSysInfo::machineHostName();
    return host.isEmpty() ? QStringLiteral("localhost") : host;
}

QString ServerController::version() const
{
    return QStringLiteral(WSM_VERSION);
}

EventDispatcherKind ServerController::defaultEventDispatcher()
{
#ifdef WSM_HAVE_EPOLL_DISPATCHER
    EventDispatcherKind kind = EventDispatcherKind::Epoll;
    parseEventDispatcher(qEnvironmentVariable("WSM_EVENT_DISPATCHER"), &kind);
    return kind;
#else
    return EventDispatcherKind::Qt;
#endif
}

QString ServerController::eventDispatcherId(EventDispatcherKind kind)
{
    return kind == EventDispatcherKind::Epoll ? QStringLiteral("epoll") : QStringLiteral("qt");
}

bool ServerController::parseEventDispatcher(const QString &text, EventDispatcherKind *kind)
{
    if (text == QLatin1String("epoll"))
        *kind = EventDispatcherKind::Epoll;
    else if (text == QLatin1String("qt"))
        *kind = EventDispatcherKind::Qt;
    else
        return false;
    return true;
}

quint64 ServerController::start(const ServerConfig &config)
{
    const quint64 id = nextRequestId();
    m_toServer->post([server = m_server, config, id] { server->start(config, id); });
    return id;
}

quint64 ServerController::stop(StopReason reason)
{
    const quint64 id = nextRequestId();
    m_toServer->post([server = m_server, reason, id] { server->stop(reason, id); });
    return id;
}

quint64 ServerController::kick(const QList<quint64> &sessionIds, int closeCode, const QString &reason, int spreadMs)
{
    const quint64 id = nextRequestId();
    m_toServer->post([server = m_server, sessionIds, closeCode, reason, spreadMs, id] {
            server->kick(sessionIds, closeCode, reason, spreadMs, id);
        });
    return id;
}

quint64 ServerController::kickAll(int closeCode, const QString &reason, int spreadMs)
{
    const quint64 id = nextRequestId();
    m_toServer->post([server = m_server, closeCode, reason, spreadMs, id] { server->kickAll(closeCode, reason, spreadMs, id); });
    return id;
}

quint64 ServerController::requestClientDetails(quint64 sessionId)
{
    const quint64 id = nextRequestId();
    m_toServer->post([server = m_server, sessionId, id] { server->clientDetails(sessionId, id); });
    return id;
}

quint64 ServerController::ban(const QString &addressOrCidr, qint64 durationMs, const QString &reason)
{
    const quint64 id = nextRequestId();
    m_toServer->post([server = m_server, addressOrCidr, durationMs, reason, id] { server->ban(addressOrCidr, durationMs, reason, id); });
    return id;
}

quint64 ServerController::unban(const QString &addressOrCidr)
{
    const quint64 id = nextRequestId();
    m_toServer->post([server = m_server, addressOrCidr, id] { server->unban(addressOrCidr, id); });
    return id;
}

quint64 ServerController::send(quint64 sessionId, const OutgoingMessage &message)
{
    const quint64 id = nextRequestId();
    m_toServer->post([server = m_server, sessionId, message, id] { server->send(sessionId, message, id); });
    return id;
}

quint64 ServerController::kickOnNode(const QString &node, const QList<quint64> &sessionIds, int closeCode,
                                     const QString &reason)
{
    const quint64 id = nextRequestId();
    m_toServer->post([server = m_server, node, sessionIds, closeCode, reason, id] {
        server->kickOnNode(node, sessionIds, closeCode, reason, id);
    });
    return id;
}

quint64 ServerController::sendOnNode(const QString &node, quint64 sessionId, const OutgoingMessage &message)
{
    const quint64 id = nextRequestId();
    m_toServer->post([server = m_server, node, sessionId, message, id] { server->sendOnNode(node, sessionId, message, id); });
    return id;
}

quint64 ServerController::requestClientDetailsOnNode(const QString &node, quint64 sessionId)
{
    const quint64 id = nextRequestId();
    m_toServer->post([server = m_server, node, sessionId, id] { server->clientDetailsOnNode(node, sessionId, id); });
    return id;
}

void ServerController::setAdminChannelCounts(int clients, quint64 refused)
{
    m_toServer->post([server = m_server, clients, refused] { server->setAdminChannelCounts(clients, refused); });
}

void ServerController::setClusterAdminUrl(const QString &url)
{
    m_toServer->post([server = m_server, url] { server->setClusterAdminUrl(url); });
}

quint64 ServerController::broadcast(const OutgoingMessage &message)
{
    const quint64 id = nextRequestId();
    m_toServer->post([server = m_server, message, id] { server->broadcast(message, id); });
    return id;
}

} // namespace wsm
