#pragma once

#include "commandline.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace wsm {

// The Server-Sent Events endpoint's string option (--sse-path), parsed into CommandLine::config.
// --sse-retry and --sse-replay are numeric: the numericOptions() table has them. The path's rules
// are ServerConfig::validate()'s, shared with the settings dialog.
struct SseCommandLineOptions
{
    QCommandLineOption path;

    SseCommandLineOptions();
    QList<QCommandLineOption> all() const { return {path}; }
};

// lastValue: the option's last value on the command line, false when it is not there.
void parseSseOptions(const std::function<bool(const QCommandLineOption &, QString *)> &lastValue,
                     const SseCommandLineOptions &options, CommandLine *result);

} // namespace wsm
