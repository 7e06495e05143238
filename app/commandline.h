#pragma once

#include "adminconfig.h"
#include "serverconfig.h"
#include "servercontroller.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace wsm {

// What the command line asked for. A plain value: parsing never prints and never exits, so tests
// can drive it and main() decides what to show and which exit code to use.
struct CommandLine
{
    enum class Outcome { Run, ShowHelp, ShowVersion, Error };

    Outcome outcome = Outcome::Run;
    ServerConfig config;
    AdminConfig admin;         // --admin-listen and its options; admin.enabled when given
    bool headless = false;
    bool quiet = false;        // headless: no per-connection log lines on stderr
    bool startServer = false;  // console: start the server as the window opens (--start)
    QString language;          // --lang: a locale name such as zh_CN or en; empty = the system's
    QList<QUrl> connectUrls;   // console: --connect, each a remote node's admin URL (ws:// or wss://)
    QString adminTokenFile;    // console: --admin-token-file, the admin token of the --connect nodes
    EventDispatcherKind eventDispatcher = ServerController::defaultEventDispatcher();
    QString errorText;         // Outcome::Error: what is wrong and what is allowed (one or more lines)
    QString helpText;          // ShowHelp: the full --help text; ShowVersion: "wsmonitor 0.1.0"
};

// arguments includes argv[0]. Options not on the command line keep their value from base (the
// console passes the settings it saved last time). Never exits the process and never prints:
// main() does that (exit code 2 on Error).
CommandLine parseCommandLine(const QStringList &arguments, const ServerConfig &base = ServerConfig());

} // namespace wsm
