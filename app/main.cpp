#include "adminserver.h"
#include "commandline.h"
#include "consolesettings.h"
#include "ctlrunner.h"
#include "headlessrunner.h"
#include "mainwindow.h"
#include "processstats.h"
#include "remotenodefactory.h"
#include "servercontroller.h"
#include "stopsignals.h"
#include "translations.h"

#include <QApplication>
#include <QIcon>
#include <QSettings>

#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <memory>

#if defined(__GLIBC__)
#  include <malloc.h>
#endif

namespace {

// Decided before any application object exists: a QApplication without a display aborts.
bool askedFor(int argc, char *argv[], std::initializer_list<const char *> options)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *option : options) {
            if (std::strcmp(argv[i], option) == 0)
                return true;
        }
    }
    return false;
}

// Whether a window can open here. A platform chosen explicitly (offscreen, xcb, ...) is trusted.
bool displayAvailable()
{
    if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        return true;
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
#else
    return true;
#endif
}

// The language asked for with --lang, looked up before parsing so that --help and the errors are
// already in it. The full parse checks the value.
QString languageArgument(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            return QString::fromLocal8Bit(argv[i + 1]);
        if (std::strncmp(argv[i], "--lang=", 7) == 0)
            return QString::fromLocal8Bit(argv[i] + 7);
    }
    return {};
}

} // namespace

int main(int argc, char *argv[])
{
#if defined(__GLIBC__)
    // Each snapshot's rows are one block of about 250 bytes per client, made four times a second.
    // glibc raises its mmap threshold to the size of the first such block freed, so the next ones
    // come from the heap and keep their pages resident between snapshots: with ten thousand idle
    // clients that is about 0.4 KiB of RSS per client. A fixed threshold (glibc's default value)
    // returns every large block to the kernel when it is freed.
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
    // `wsmonitor ctl ...`: the admin channel's command line client, a program of its own. Decided
    // before any application object exists: it never needs a display.
    if (argc > 1 && std::strcmp(argv[1], "ctl") == 0)
        return wsm::runCtl(argc, argv);
    const bool headlessAsked = askedFor(argc, argv, {"--headless", "-headless"});
    // --help and --version print and exit: no window system for that.
    const bool justPrinting = askedFor(argc, argv, {"-h", "--help", "-help", "-?", "-v", "--version", "-version"});
    const bool withWindow = !headlessAsked && !justPrinting && displayAvailable();
    std::unique_ptr<QCoreApplication> app;
    if (withWindow)
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("wsmonitor"));
    QCoreApplication::setOrganizationName(QStringLiteral("wsmonitor"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WSM_VERSION));
    const QString earlyLanguage = languageArgument(argc, argv);
    wsm::installTranslations(earlyLanguage);

    // The console starts from the settings saved last time; the command line overrides them.
    QSettings settings;
    const wsm::ServerConfig base = withWindow ? wsm::loadServerConfig(settings) : wsm::ServerConfig();
    const wsm::CommandLine commandLine = wsm::parseCommandLine(QCoreApplication::arguments(), base);
    switch (commandLine.outcome) {
    case wsm::CommandLine::Outcome::ShowHelp:
    case wsm::CommandLine::Outcome::ShowVersion:
        std::fprintf(stdout, "%s\n", qUtf8Printable(commandLine.helpText));
        return 0;
    case wsm::CommandLine::Outcome::Error:
        std::fprintf(stderr, "wsmonitor: %s\n%s\n", qUtf8Printable(commandLine.errorText),
                     qUtf8Printable(QCoreApplication::translate(
                         "wsm::CommandLine", "Run 'wsmonitor --help' for every option and its range.")));
        return 2;
    case wsm::CommandLine::Outcome::Run:
        break;
    }
    // The early look for --lang is only so that --help and errors read right; the parser's answer
    // (which also takes -lang, and the last of several) is the one the console uses.
    if (commandLine.language != earlyLanguage)
        wsm::installTranslations(commandLine.language);

    // Every client is a file descriptor: thousands of them need more than the usual soft limit.
    QString limitError;
    if (wsm::ProcessStats::raiseOpenFileLimit(&limitError) < 0)
        std::fprintf(stderr, "wsmonitor: %s\n", qUtf8Printable(limitError));

    if (!withWindow) {
        if (!headlessAsked) {
            std::fprintf(stderr, "wsmonitor: %s\n",
                         qUtf8Printable(QCoreApplication::translate(
                             "wsm::CommandLine", "No display found (DISPLAY and WAYLAND_DISPLAY are empty); "
                                                 "running headless.")));
        }
        wsm::HeadlessRunner runner(commandLine.config, commandLine.quiet, commandLine.eventDispatcher,
                                   commandLine.admin);
        runner.start();
        return QCoreApplication::exec();
    }

    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/wsmonitor.svg")));
    QApplication::setDesktopFileName(QStringLiteral("wsmonitor"));
    // The embedded server, the console's first node; the window sees it as a ServerNode. Remote
    // nodes are made by remoteNodeFactory() (empty while the build has none).
    wsm::ServerController embeddedNode(commandLine.eventDispatcher);
    // As in headless mode, scripts that start the console with --start read where it listens.
    QObject::connect(&embeddedNode, &wsm::ServerNode::started, app.get(), &wsm::HeadlessRunner::printListening);
    // With --admin-listen, consoles elsewhere and `wsmonitor ctl` reach the embedded node too.
    std::unique_ptr<wsm::AdminServer> admin;
    if (commandLine.admin.enabled) {
        admin = std::make_unique<wsm::AdminServer>(&embeddedNode, commandLine.admin);
        QObject::connect(admin.get(), &wsm::AdminServer::countsChanged, &embeddedNode,
                         &wsm::ServerController::setAdminChannelCounts);
        if (!wsm::HeadlessRunner::startAdminChannel(admin.get()))
            return 1;
        embeddedNode.setClusterAdminUrl(admin->url()); // for the cluster's registry (--cluster)
    }
    wsm::MainWindow::RemoteNodes remoteNodes;
    remoteNodes.factory = wsm::remoteNodeFactory();
    wsm::MainWindow window(&embeddedNode, commandLine.config, &settings, remoteNodes);
    for (const QUrl &adminUrl : commandLine.connectUrls) {
        QString error;
        if (!window.connectToNode(adminUrl, commandLine.adminTokenFile, &error))
            std::fprintf(stderr, "wsmonitor: --connect %s: %s\n", qUtf8Printable(adminUrl.toString()),
                         qUtf8Printable(error));
    }
    // Ctrl+C or SIGTERM closes the window, which stops the server in order; a second one does not wait.
    wsm::StopSignals stopSignals;
    int stopRequests = 0;
    QObject::connect(&stopSignals, &wsm::StopSignals::stopRequested, &window, [&window, &stopRequests] {
        if (++stopRequests == 1)
            window.closeWithoutAsking(); // a signal is an answer already: no question in the window
        else
            QCoreApplication::exit(0);
    });
    window.show();
    if (commandLine.startServer) {
        // A launcher or script that asked for --start learns of a failed start as headless mode tells it.
        QObject::connect(&window, &wsm::MainWindow::startFailed, app.get(), [](const QString &message) {
            std::fprintf(stderr, "wsmonitor: %s\n", qUtf8Printable(message));
            std::fflush(stderr);
        });
        window.startServer();
    }
    return QCoreApplication::exec();
}
