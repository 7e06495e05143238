#include "displaytext.h"

#include <QCoreApplication>
#include <QHostAddress>

namespace wsm {

QString durationText(qint64 ms)
{
    const qint64 seconds = qMax<qint64>(0, ms) / 1000;
    const qint64 minutes = seconds / 60;
    const qint64 hours = minutes / 60;
    const qint64 days = hours / 24;
    if (days > 0)
        return QCoreApplication::translate("wsm::DisplayText", "%1 d %2 h").arg(days).arg(hours % 24);
    if (hours > 0)
        return QCoreApplication::translate("wsm::DisplayText", "%1 h %2 min").arg(hours).arg(minutes % 60);
    if (minutes > 0)
        return QCoreApplication::translate("wsm::DisplayText", "%1 min %2 s").arg(minutes).arg(seconds % 60);
    return QCoreApplication::translate("wsm::DisplayText", "%1 s").arg(seconds);
}

QString peerText(const QString &address, quint16 port)
{
    if (address.contains(QLatin1Char(':')))
        return QStringLiteral("[%1]:%2").arg(address).arg(port);
    return QStringLiteral("%1:%2").arg(address).arg(port);
}

QString peerSortKey(const QString &address, quint16 port)
{
    const QString paddedPort = QString::number(port).rightJustified(5, QLatin1Char('0'));
    const QHostAddress host(address);
    if (host.isNull())
        return QString(address + QLatin1Char('/') + paddedPort);
    const Q_IPV6ADDR bytes = host.toIPv6Address();
    const QByteArray hex = QByteArray(reinterpret_cast<const char *>(bytes.c), 16).toHex();
    return QString(QString::fromLatin1(hex) + paddedPort);
}

} // namespace wsm
