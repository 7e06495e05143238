// wsm_baseline: the bare Qt WebSocket echo server the benchmarks compare wsmonitor with. Qt's
// defaults throughout: QWebSocketServer's own listen() (backlog included), the main thread, the
// default event dispatcher. Only the open-file limit is raised, as wsmonitor does, or it could not
// hold 10,000 clients at all.

#include <QCoreApplication>
#include <QHostAddress>
#include <QStringList>
#include <QWebSocket>
#include <QWebSocketServer>

#include <cstdio>
#include <sys/resource.h>

namespace {

void raiseOpenFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
            std::perror("wsm_baseline: setrlimit(RLIMIT_NOFILE)");
    }
}

bool parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint value = text.mid(colon + 1).toUInt(&ok);
    if (!ok || value > 65535 || !address->setAddress(host))
        return false;
    *port = quint16(value);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();

    QHostAddress address(QHostAddress::LocalHost);
    quint16 port = 0;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--listen") && i + 1 < arguments.size()
            && parseListen(arguments.at(i + 1), &address, &port)) {
            ++i;
            continue;
        }
        std::fprintf(stderr,
                     "wsm_baseline: unexpected argument '%s'.\n"
                     "Usage: wsm_baseline [--listen ADDR:PORT]   (default 127.0.0.1:0, a free port)\n",
                     qUtf8Printable(argument));
        return 2;
    }
    raiseOpenFileLimit();

    QWebSocketServer server(QStringLiteral("wsm_baseline"), QWebSocketServer::NonSecureMode);
    QObject::connect(&server, &QWebSocketServer::newConnection, &server, [&server] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                             [socket](const QString &message) { socket->sendTextMessage(message); });
            QObject::connect(socket, &QWebSocket::binaryMessageReceived, socket,
                             [socket](const QByteArray &message) { socket->sendBinaryMessage(message); });
            QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    if (!server.listen(address, port)) {
        std::fprintf(stderr, "wsm_baseline: cannot listen on %s:%u: %s\n", qUtf8Printable(address.toString()),
                     unsigned(port), qUtf8Printable(server.errorString()));
        return 1;
    }
    const QString host = server.serverAddress().protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + server.serverAddress().toString() + QLatin1Char(']')
        : server.serverAddress().toString();
    std::fprintf(stdout, "listening on ws://%s:%u/\n", qUtf8Printable(host), unsigned(server.serverPort()));
    std::fflush(stdout);
    return app.exec();
}
