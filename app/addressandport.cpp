#include "addressandport.h"

#include <QRegularExpression>

namespace wsm {

// "0.0.0.0:9000", "[::1]:8080", "localhost:8080". No name lookup: a listen address must not depend
// on DNS at start-up, and "localhost" is the one name people type.
bool parseAddressAndPort(const QString &text, QHostAddress *address, quint16 *port)
{
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return false;
    const QString host = text.left(colon);
    const QString portText = text.mid(colon + 1);

    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,5}$"));
    if (!digits.match(portText).hasMatch())
        return false;
    const int portValue = portText.toInt();
    if (portValue > 65535)
        return false;

    QHostAddress parsed;
    if (host.startsWith(QLatin1Char('['))) {
        if (!host.endsWith(QLatin1Char(']')) || host.size() < 3)
            return false;
        if (!parsed.setAddress(host.mid(1, host.size() - 2)) || parsed.protocol() != QAbstractSocket::IPv6Protocol)
            return false;
    } else if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
        parsed = QHostAddress(QHostAddress::LocalHost);
    } else {
        // Four dotted parts only: QHostAddress also takes "127.1" and "0x7f.1", which surprise.
        static const QRegularExpression ipv4(QStringLiteral("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$"));
        if (!ipv4.match(host).hasMatch() || !parsed.setAddress(host))
            return false;
    }
    *address = parsed;
    *port = quint16(portValue);
    return true;
}

} // namespace wsm
