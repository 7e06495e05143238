#include "servercontroller.h"

#include "websocketserver.h"

#include <QMetaObject>

#ifdef WSM_HAVE_EPOLL_DISPATCHER
#  include "epolleventdispatcher.h"
#endif

namespace wsm {

ServerController::ServerController(QObject *parent)
    : ServerController(defaultEventDispatcher(), parent)
{
}

ServerController::ServerController(EventDispatcherKind dispatcher, QObject *parent)
    : QObject(parent)
    , m_server(new WebSocketServer)
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
    registerMetaTypes();
    m_thread.setObjectName(QStringLiteral("wsmonitor server"));
    m_server->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_server, &QObject::deleteLater);

    // Signal to signal: queued into the thread this controller lives in.
    connect(m_server, &WebSocketServer::started, this, &ServerController::started);
    connect(m_server, &WebSocketServer::stopped, this, &ServerController::stopped);
    connect(m_server, &WebSocketServer::commandFinished, this, &ServerController::commandFinished);
    connect(m_server, &WebSocketServer::snapshotReady, this, &ServerController::snapshotReady);
    connect(m_server, &WebSocketServer::clientDetailsReady, this, &ServerController::clientDetailsReady);
    m_thread.start();
}

ServerController::~ServerController()
{
    QMetaObject::invokeMethod(m_server, &WebSocketServer::shutdownNow, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
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
    QMetaObject::invokeMethod(m_server, [server = m_server, config, id] { server->start(config, id); },
                              Qt::QueuedConnection);
    return id;
}

quint64 ServerController::stop()
{
    const quint64 id = nextRequestId();
    QMetaObject::invokeMethod(m_server, [server = m_server, id] { server->stop(id); }, Qt::QueuedConnection);
    return id;
}

quint64 ServerController::kick(const QList<quint64> &sessionIds, int closeCode, const QString &reason, int spreadMs)
{
    const quint64 id = nextRequestId();
    QMetaObject::invokeMethod(
        m_server,
        [server = m_server, sessionIds, closeCode, reason, spreadMs, id] {
            server->kick(sessionIds, closeCode, reason, spreadMs, id);
        },
        Qt::QueuedConnection);
    return id;
}

quint64 ServerController::kickAll(int closeCode, const QString &reason, int spreadMs)
{
    const quint64 id = nextRequestId();
    QMetaObject::invokeMethod(
        m_server, [server = m_server, closeCode, reason, spreadMs, id] { server->kickAll(closeCode, reason, spreadMs, id); },
        Qt::QueuedConnection);
    return id;
}

quint64 ServerController::requestClientDetails(quint64 sessionId)
{
    const quint64 id = nextRequestId();
    QMetaObject::invokeMethod(m_server, [server = m_server, sessionId, id] { server->clientDetails(sessionId, id); },
                              Qt::QueuedConnection);
    return id;
}

quint64 ServerController::ban(const QString &addressOrCidr, qint64 durationMs, const QString &reason)
{
    const quint64 id = nextRequestId();
    QMetaObject::invokeMethod(
        m_server, [server = m_server, addressOrCidr, durationMs, reason, id] { server->ban(addressOrCidr, durationMs, reason, id); },
        Qt::QueuedConnection);
    return id;
}

quint64 ServerController::unban(const QString &addressOrCidr)
{
    const quint64 id = nextRequestId();
    QMetaObject::invokeMethod(m_server, [server = m_server, addressOrCidr, id] { server->unban(addressOrCidr, id); },
                              Qt::QueuedConnection);
    return id;
}

quint64 ServerController::send(quint64 sessionId, const QString &text)
{
    const quint64 id = nextRequestId();
    QMetaObject::invokeMethod(m_server, [server = m_server, sessionId, text, id] { server->send(sessionId, text, id); },
                              Qt::QueuedConnection);
    return id;
}

quint64 ServerController::broadcast(const QString &text)
{
    const quint64 id = nextRequestId();
    QMetaObject::invokeMethod(m_server, [server = m_server, text, id] { server->broadcast(text, id); },
                              Qt::QueuedConnection);
    return id;
}

} // namespace wsm
