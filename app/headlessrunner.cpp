#include "headlessrunner.h"

#include "adminserver.h"

#include <QCoreApplication>
#include <QDateTime>
#include <cstdio>

namespace wsm {

namespace {

QString describe(const ConnectionEvent &event)
{
    const QString time = QDateTime::fromMSecsSinceEpoch(event.time()).toString(Qt::ISODateWithMs);
    const QString peer = event.peerAddress + QLatin1Char(':') + QString::number(event.peerPort);
    switch (event.kind) {
    case EventKind::Connected:
        return QStringLiteral("%1 connected #%2 %3 %4").arg(time).arg(event.sessionId).arg(peer, event.path);
    case EventKind::Closed:
        return QStringLiteral("%1 closed #%2 %3 by %4: %5 (%6%7) after %8 s, %9 msgs in, %10 out")
            .arg(time)
            .arg(event.sessionId)
            .arg(peer, ConnectionEvent::endedById(event.endedBy), ConnectionEvent::reasonId(event.reason))
            .arg(event.closeCode)
            .arg(event.closeReason.isEmpty() ? QString() : QStringLiteral(" ") + event.closeReason)
            .arg(double(event.durationMs()) / 1000.0, 0, 'f', 1)
            .arg(event.messagesIn)
            .arg(event.messagesOut);
    case EventKind::Rejected:
        return QStringLiteral("%1 rejected %2 %3: %4 (HTTP %5) %6")
            .arg(time, peer, event.path, ConnectionEvent::reasonId(event.reason))
            .arg(event.httpStatus)
            .arg(event.closeReason);
    case EventKind::ClusterLinkUp:
        return QStringLiteral("%1 cluster link up %2").arg(time, peer);
    case EventKind::ClusterLinkDown:
        return QStringLiteral("%1 cluster link down %2: %3").arg(time, peer, event.closeReason);
    case EventKind::FlappingStarted:
    case EventKind::FlappingStopped:
        // No session and no port: the client is its identity, or its address and user agent
        // (quoted, as it holds spaces and colons).
        return QStringLiteral("%1 %2 %3: %4")
            .arg(time, ConnectionEvent::kindId(event.kind),
                 event.identity.isEmpty()
                     ? QString(event.peerAddress + QStringLiteral(" \"") + event.userAgent + QLatin1Char('"'))
                     : QString(QStringLiteral("identity ") + event.identity),
                 event.closeReason);
    }
    return {};
}

} // namespace

HeadlessRunner::HeadlessRunner(const ServerConfig &config, bool quiet, EventDispatcherKind dispatcher,
                               const AdminConfig &admin, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_quiet(quiet)
    , m_controller(dispatcher)
{
    connect(&m_stopSignals, &StopSignals::stopRequested, this, &HeadlessRunner::onSignal);

    if (admin.enabled) {
        m_admin = std::make_unique<AdminServer>(&m_controller, admin);
        connect(m_admin.get(), &AdminServer::countsChanged, &m_controller, &ServerController::setAdminChannelCounts);
    }
    connect(&m_controller, &ServerController::started, this, &HeadlessRunner::onStarted);
    connect(&m_controller, &ServerController::commandFinished, this,
            [this](quint64 requestId, bool ok, const QString &message) {
                if (requestId == m_startRequest && !ok) {
                    std::fprintf(stderr, "wsmonitor: %s\n", qUtf8Printable(message));
                    QCoreApplication::exit(1);
                }
            });
    connect(&m_controller, &ServerController::stopped, this, [] { QCoreApplication::exit(0); });
    connect(&m_controller, &ServerController::snapshotReady, this,
            [this](const Snapshot &, const QList<ConnectionEvent> &events) { onEvents(events); });
}

HeadlessRunner::~HeadlessRunner() = default;

void HeadlessRunner::printListening(const QString &url)
{
    std::fprintf(stdout, "listening on %s\n", qUtf8Printable(url));
    std::fflush(stdout);
}

bool HeadlessRunner::startAdminChannel(AdminServer *admin)
{
    if (!admin->config().hasToken()) {
        std::fprintf(stderr, "wsmonitor: %s\n",
                     qUtf8Printable(QCoreApplication::translate(
                         "wsm::CommandLine", "The admin channel has no token file: it accepts loopback clients only, "
                                             "each with full control.")));
    }
    QString error;
    if (!admin->listen(&error)) {
        std::fprintf(stderr, "wsmonitor: %s\n", qUtf8Printable(error));
        std::fflush(stderr);
        return false;
    }
    std::fprintf(stdout, "admin listening on %s\n", qUtf8Printable(admin->url()));
    std::fflush(stdout);
    return true;
}

void HeadlessRunner::onStarted(const QString &url)
{
    printListening(url);
    if (m_admin && !m_admin->isListening()) {
        if (!startAdminChannel(m_admin.get())) {
            QCoreApplication::exit(1);
            return;
        }
        // The cluster's registry offers it to consoles watching another node.
        m_controller.setClusterAdminUrl(m_admin->url());
    }
}

void HeadlessRunner::start()
{
    ServerConfig config = m_config;
    // Nothing here shows the rows; an admin channel's consoles do.
    config.snapshotSessionRows = m_admin != nullptr;
    m_startRequest = m_controller.start(config);
}

void HeadlessRunner::onSignal()
{
    if (m_stopping) {
        // A second signal while draining: the operator does not want to wait.
        std::fprintf(stderr, "wsmonitor: stopping now\n");
        QCoreApplication::exit(0);
        return;
    }
    m_stopping = true;
    std::fprintf(stderr, "wsmonitor: stopping (closing clients with 1001, up to %.1f s)\n",
                 m_config.drainTimeoutMs / 1000.0);
    m_controller.stop();
}

void HeadlessRunner::onEvents(const QList<ConnectionEvent> &events)
{
    if (m_quiet || events.isEmpty())
        return;
    for (const ConnectionEvent &event : events)
        std::fprintf(stderr, "%s\n", qUtf8Printable(describe(event)));
    std::fflush(stderr);
}

} // namespace wsm
