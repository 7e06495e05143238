#pragma once

#include "adminconfig.h"
#include "serverconfig.h"
#include "servercontroller.h"
#include "stopsignals.h"

#include <QObject>

#include <memory>

namespace wsm {

class AdminServer;

// The server without a window: starts it, prints the listening line to stdout (for scripts) and,
// unless quiet, one line per connection event to stderr (for people); SIGINT or SIGTERM stop it
// in order (1001 to every client, drain, abort the rest) and the process exits 0.
class HeadlessRunner : public QObject
{
    Q_OBJECT

public:
    // The one stdout line a script reads to learn where the server listens (also the console's, with --start).
    static void printListening(const QString &url);
    // Starts the admin channel: says on stderr when it takes no token (loopback only), then prints
    // "admin listening on URL" on stdout, or the reason it cannot listen on stderr (false). Also the
    // console's, with --admin-listen.
    static bool startAdminChannel(AdminServer *admin);

    // admin.enabled: the admin channel listens too, once the server has started.
    HeadlessRunner(const ServerConfig &config, bool quiet, EventDispatcherKind dispatcher,
                   const AdminConfig &admin = AdminConfig(), QObject *parent = nullptr);
    ~HeadlessRunner() override;

    // Starts the server; the event loop's exit code is 0 after a signal, 1 if the start failed.
    void start();

private:
    void onSignal();
    void onEvents(const QList<wsm::ConnectionEvent> &events);
    void onStarted(const QString &url);

    ServerConfig m_config;
    bool m_quiet;
    // The concrete embedded node, not a ServerNode: headless mode is the node itself, never a
    // console of one elsewhere, and it picks the server thread's event dispatcher.
    ServerController m_controller;
    std::unique_ptr<AdminServer> m_admin; // with --admin-listen
    StopSignals m_stopSignals;
    quint64 m_startRequest = 0;
    bool m_stopping = false;
};

} // namespace wsm
