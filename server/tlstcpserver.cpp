#include "tlstcpserver.h"

#include <QSslSocket>

namespace wsm {

TlsTcpServer::TlsTcpServer(const QSslConfiguration &configuration, QObject *parent)
    : QTcpServer(parent)
    , m_configuration(configuration)
{
}

void TlsTcpServer::incomingConnection(qintptr socketDescriptor)
{
    // As QTcpServer's own: a descriptor the socket refuses still makes a (disconnected) socket, which
    // the handshake deadline then ends, so nothing is lost silently.
    auto *socket = new QSslSocket(this);
    socket->setSocketDescriptor(socketDescriptor);
    socket->setSslConfiguration(m_configuration);
    addPendingConnection(socket);
}

} // namespace wsm
