#pragma once

#include <QHostAddress>
#include <QString>

namespace wsm {

// --listen's and --admin-listen's ADDR:PORT: "0.0.0.0:9000", "[::1]:8080", "localhost:8080"; port
// 0-65535. False for anything else (a host name included: no name lookup at start-up).
bool parseAddressAndPort(const QString &text, QHostAddress *address, quint16 *port);

} // namespace wsm
