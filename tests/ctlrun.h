#pragma once

// Runs `wsmonitor ctl` in the test's own process, for the ctl suites: a command line parsed as the
// program parses it, run by CtlRunner against a URL to its end, with what it printed.

#include "ctlcommandline.h"
#include "ctlrunner.h"

#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QStringList>
#include <QUrl>

#include <cstdio>

namespace wsm::test {

inline constexpr int WaitMs = 15000;

inline CtlCommandLine parse(const QString &line, const QProcessEnvironment &environment = QProcessEnvironment())
{
    return parseCtlCommandLine(QStringList{QStringLiteral("wsmonitor"), QStringLiteral("ctl")}
                                   + line.split(QLatin1Char(' '), Qt::SkipEmptyParts),
                               environment);
}

// What one run printed and how it ended.
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out.toUtf8()); }
};

inline QStringList split(const char *text)
{
    return QString::fromUtf8(text).split(QLatin1Char('|'));
}

inline QString readAll(FILE *file)
{
    std::fflush(file);
    std::rewind(file);
    QByteArray bytes;
    char buffer[4096];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
        bytes.append(buffer, qsizetype(n));
    return QString::fromUtf8(bytes);
}

// Runs one command line against the URL (replacing --connect) in this process, to its end.
inline Run run(const QString &line, const QUrl &url, const QByteArray &token = {})
{
    CtlCommandLine commandLine = parse(line);
    commandLine.url = url;
    Run result;
    if (commandLine.outcome != CtlCommandLine::Outcome::Run) {
        result.err = commandLine.errorText;
        result.exitCode = CtlBadCommandLine;
        return result;
    }
    FILE *out = std::tmpfile();
    FILE *err = std::tmpfile();
    {
        CtlRunner runner(commandLine, token, out, err);
        QSignalSpy finished(&runner, &CtlRunner::finished);
        runner.start();
        if (finished.wait(WaitMs))
            result.exitCode = finished.first().first().toInt();
    }
    result.out = readAll(out);
    result.err = readAll(err);
    std::fclose(out);
    std::fclose(err);
    return result;
}

} // namespace wsm::test
