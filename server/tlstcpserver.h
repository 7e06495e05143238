#pragma once

#include <QSslConfiguration>
#include <QTcpServer>

namespace wsm {

// A QTcpServer whose accepted sockets are QSslSockets in server mode, configured with our
// certificate and key but not yet encrypting: WebSocketServer starts the TLS handshake itself, so
// that the socket is one of its pending handshakes (capacity, deadline, events) from the accept on.
// Unlike QSslServer, which hands out a socket only after its handshake succeeded.
class TlsTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    TlsTcpServer(const QSslConfiguration &configuration, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    QSslConfiguration m_configuration;
};

} // namespace wsm
