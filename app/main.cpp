#include "commandline.h"
#include "headlessrunner.h"
#include "processstats.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("wsmonitor"));
    QCoreApplication::setOrganizationName(QStringLiteral("wsmonitor"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WSM_VERSION));

    const wsm::CommandLine commandLine = wsm::parseCommandLine(QCoreApplication::arguments());
    switch (commandLine.outcome) {
    case wsm::CommandLine::Outcome::ShowHelp:
    case wsm::CommandLine::Outcome::ShowVersion:
        std::fprintf(stdout, "%s\n", qUtf8Printable(commandLine.helpText));
        return 0;
    case wsm::CommandLine::Outcome::Error:
        std::fprintf(stderr, "wsmonitor: %s\nRun 'wsmonitor --help' for every option and its range.\n",
                     qUtf8Printable(commandLine.errorText));
        return 2;
    case wsm::CommandLine::Outcome::Run:
        break;
    }

    // Every client is a file descriptor: thousands of them need more than the usual soft limit.
    QString limitError;
    if (wsm::ProcessStats::raiseOpenFileLimit(&limitError) < 0)
        std::fprintf(stderr, "wsmonitor: %s\n", qUtf8Printable(limitError));

    if (!commandLine.headless) {
        std::fprintf(stderr, "wsmonitor: this build has no console window yet; running headless.\n");
    }
    wsm::HeadlessRunner runner(commandLine.config, commandLine.quiet);
    runner.start();
    return app.exec();
}
