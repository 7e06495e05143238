#include "ssecommandline.h"

#include <QCoreApplication>

namespace wsm {

namespace {

QString translated(const char *text)
{
    return QCoreApplication::translate("wsm::CommandLine", text);
}

} // namespace

SseCommandLineOptions::SseCommandLineOptions()
    : path(QStringLiteral("sse-path"),
           translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                        "Server-Sent Events endpoint on the same port (and TLS) as the WebSocket "
                                        "path: a GET asking for text/event-stream there becomes an event stream. "
                                        "Default %1; an empty PATH turns it off."))
               .arg(ServerConfig().ssePath),
           QStringLiteral("PATH"))
{
}

void parseSseOptions(const std::function<bool(const QCommandLineOption &, QString *)> &lastValue,
                     const SseCommandLineOptions &options, CommandLine *result)
{
    QString text;
    if (lastValue(options.path, &text))
        result->config.ssePath = text.trimmed();
}

} // namespace wsm
