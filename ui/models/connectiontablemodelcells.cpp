// ConnectionTableModel, part: what each cell shows. Its text, sort value, tool tip, alignment,
// icon and colour, and the column headers.

#include "connectiontablemodel.h"

#include "displaytext.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFile>
#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

#include <array>

namespace wsm {

namespace {

constexpr std::array<ColumnText, ConnectionTableModel::ColumnCount> columnTexts = {{
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Client"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "The server's number for the client, in order of arrival.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Peer"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "The client's address and port.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Path"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "The path and query the client connected to.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Connected"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "When the client connected (local time), and how long ago.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Heartbeat"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel",
                       "Whether the client answers the server's pings: ok, late or missing; off when the heartbeat is off.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "RTT"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "The round-trip time of the last answered ping.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Last seen"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "How long ago anything at all was received from the client.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Messages in"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Messages received from the client.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Messages out"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Messages sent to the client.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Rate in"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Messages received per second, over the last second.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Rate out"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Messages sent per second, over the last second.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Bytes in"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Bytes received from the client.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Bytes out"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Bytes sent to the client.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Send queue"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel",
                       "Bytes written to the client but not yet taken by the network. A queue that keeps growing means a slow reader.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Subprotocol"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "The WebSocket subprotocol agreed in the handshake.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Origin"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "The Origin header the client sent in the handshake.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "User agent"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "The User-Agent header the client sent in the handshake.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Node"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "The node (server) the client is connected to.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Kind"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel",
                       "How the client is connected: a WebSocket, or a Server-Sent Events stream (one way, server to client).")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Identity"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel",
                       "Who the client is (--identity): its display name and, in brackets, its subject. "
                       "An identity the client only claimed, not proven by a token, is marked unverified.")},
    {QT_TRANSLATE_NOOP("wsm::ConnectionTableModel", "Flapping"),
     QT_TRANSLATE_NOOP("wsm::ConnectionTableModel",
                       "Marked while the client (its identity, or its address and user agent) reconnects more often "
                       "than --flapping-threshold times a minute.")},
}};

bool isNumeric(int column)
{
    switch (column) {
    case ConnectionTableModel::IdColumn:
    case ConnectionTableModel::RttColumn:
    case ConnectionTableModel::MessagesInColumn:
    case ConnectionTableModel::MessagesOutColumn:
    case ConnectionTableModel::RateInColumn:
    case ConnectionTableModel::RateOutColumn:
    case ConnectionTableModel::BytesInColumn:
    case ConnectionTableModel::BytesOutColumn:
    case ConnectionTableModel::SendQueueColumn:
        return true;
    default:
        return false;
    }
}

QString pathWithQuery(const SessionRow &row)
{
    if (row.query.isEmpty())
        return row.path;
    return QString(row.path + QLatin1Char('?') + row.query);
}

QColor heartbeatColor(HeartbeatState state)
{
    switch (state) {
    case HeartbeatState::Ok: return QColor(0x2e, 0x7d, 0x32);      // green
    case HeartbeatState::Late: return QColor(0xc7, 0x7c, 0x02);    // amber
    case HeartbeatState::Missing: return QColor(0xc6, 0x28, 0x28); // red
    case HeartbeatState::Off: break;
    }
    return {};
}


} // namespace

QVariant ConnectionTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = entryAt(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(entry, column);
    case SortRole:
        return sortData(entry, column);
    case SessionIdRole:
        return QVariant::fromValue(entry.session.id);
    case HeartbeatStateRole:
        return int(entry.heartbeat);
    case NodeIdRole:
        return QVariant::fromValue(m_nodeId);
    case StaleRole:
        return m_staleSince != 0;
    case Qt::ToolTipRole:
        if (m_staleSince != 0) {
            // Every cell says it: the operator must not take a frozen row for a live one.
            const QString since = QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_staleSince).time(),
                                                     QStringLiteral("HH:mm:ss"));
            QString text = tr("Node %1 unreachable since %2: shown as it last reported.").arg(m_nodeName, since);
            const QVariant own = toolTipData(entry, column);
            if (!own.toString().isEmpty())
                text += QLatin1Char('\n') + own.toString();
            return text;
        }
        return toolTipData(entry, column);
    case Qt::TextAlignmentRole:
        if (isNumeric(column))
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DecorationRole:
        if (column == HeartbeatColumn && entry.heartbeat != HeartbeatState::Off)
            return heartbeatIcon(entry.heartbeat);
        return {};
    case Qt::ForegroundRole:
        if (m_staleSince != 0)
            return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
        if (column == HeartbeatColumn && entry.heartbeat != HeartbeatState::Off)
            return QBrush(heartbeatColor(entry.heartbeat));
        return identityForeground(entry.session, column);
    case Qt::FontRole:
        if (entry.session.state == SessionState::Closing || m_staleSince != 0
            || identityItalic(entry.session, column)) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

QVariant ConnectionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (role) {
    case Qt::DisplayRole:
        return tr(columnTexts[size_t(section)].title);
    case Qt::ToolTipRole:
        if (section == HeartbeatColumn && m_heartbeatIntervalMs > 0) {
            const HeartbeatThresholds thresholds = heartbeatThresholds(m_heartbeatIntervalMs, m_heartbeatTimeoutMs);
            const auto seconds = [](qint64 ms) {
                return tr("%1 s", "seconds").arg(QLocale().toString(double(ms) / 1000.0, 'f', ms % 1000 == 0 ? 0 : 1));
            };
            return QStringList{tr(columnTexts[size_t(section)].description),
                               tr("ok: heard from within the last %1").arg(seconds(thresholds.okUntilMs)),
                               tr("late: silent for more than %1").arg(seconds(thresholds.okUntilMs)),
                               tr("missing: silent for more than %1, or two pings unanswered")
                                   .arg(seconds(thresholds.missingAfterMs)),
                               tr("The server closes a client silent for %1.").arg(seconds(m_heartbeatTimeoutMs))}
                .join(QLatin1Char('\n'));
        }
        return tr(columnTexts[size_t(section)].description);
    default:
        return {};
    }
}

QVariant ConnectionTableModel::displayData(const Entry &entry, int column) const
{
    const SessionRow &row = entry.session;
    const QLocale locale;
    switch (column) {
    case IdColumn:
        return tr("#%1").arg(row.id);
    case PeerColumn:
        return entry.peer;
    case PathColumn:
        return pathWithQuery(row);
    case ConnectedColumn: {
        const QString time = locale.toString(QDateTime::fromMSecsSinceEpoch(row.connectedAt).time(),
                                             QStringLiteral("HH:mm:ss"));
        return tr("%1 (%2)", "connected at local time (for how long)").arg(time, durationText(m_now - row.connectedAt));
    }
    case HeartbeatColumn:
        switch (entry.heartbeat) {
        case HeartbeatState::Off: return tr("off", "heartbeat");
        case HeartbeatState::Ok: return tr("ok", "heartbeat");
        case HeartbeatState::Late: return tr("late", "heartbeat");
        case HeartbeatState::Missing: return tr("missing", "heartbeat");
        }
        return {};
    case RttColumn:
        if (row.rttMs < 0)
            return QString(QChar(0x2013)); // an en dash: no pong yet
        return tr("%1 ms").arg(locale.toString(row.rttMs, 'f', row.rttMs < 100 ? 1 : 0));
    case LastSeenColumn:
        return tr("%1 ago").arg(durationText(m_now - qMax(row.lastSeenAt, row.connectedAt)));
    case MessagesInColumn:
        return locale.toString(row.messagesIn);
    case MessagesOutColumn:
        return locale.toString(row.messagesOut);
    case RateInColumn:
        return tr("%1/s", "messages per second").arg(locale.toString(row.messageRateIn, 'f', 1));
    case RateOutColumn:
        return tr("%1/s", "messages per second").arg(locale.toString(row.messageRateOut, 'f', 1));
    case BytesInColumn:
        return locale.formattedDataSize(qint64(row.bytesIn), 1);
    case BytesOutColumn:
        return locale.formattedDataSize(qint64(row.bytesOut), 1);
    case SendQueueColumn:
        return locale.formattedDataSize(row.bytesToWrite, 1);
    case SubprotocolColumn:
        return row.subprotocol;
    case OriginColumn:
        return row.origin;
    case UserAgentColumn:
        return row.userAgent;
    case NodeColumn:
        return m_nodeName;
    default:
        return identityDisplayData(row, column);
    }
}

QVariant ConnectionTableModel::sortData(const Entry &entry, int column) const
{
    const SessionRow &row = entry.session;
    switch (column) {
    case IdColumn: return qint64(row.id);
    case PeerColumn:
        if (entry.peerSortKey.isEmpty())
            entry.peerSortKey = peerSortKey(row.peerAddress, row.peerPort);
        return entry.peerSortKey;
    case PathColumn: return pathWithQuery(row);
    case ConnectedColumn: return row.connectedAt;
    case HeartbeatColumn: return int(entry.heartbeat);
    case RttColumn: return row.rttMs;
    // The age, as shown: ascending reads "0 s ago" first.
    case LastSeenColumn: return m_now - qMax(row.lastSeenAt, row.connectedAt);
    case MessagesInColumn: return qint64(row.messagesIn);
    case MessagesOutColumn: return qint64(row.messagesOut);
    case RateInColumn: return row.messageRateIn;
    case RateOutColumn: return row.messageRateOut;
    case BytesInColumn: return qint64(row.bytesIn);
    case BytesOutColumn: return qint64(row.bytesOut);
    case SendQueueColumn: return row.bytesToWrite;
    case SubprotocolColumn: return row.subprotocol;
    case OriginColumn: return row.origin;
    case UserAgentColumn: return row.userAgent;
    case NodeColumn: return m_nodeName;
    default: return identitySortData(row, column);
    }
}

QVariant ConnectionTableModel::toolTipData(const Entry &entry, int column) const
{
    const SessionRow &row = entry.session;
    switch (column) {
    case IdColumn:
        if (row.state == SessionState::Closing)
            return tr("Closing: the server is waiting for the client to finish the close.");
        return {};
    case HeartbeatColumn: {
        const QStringList lines = {
            tr("Heartbeat: %1").arg(displayData(entry, HeartbeatColumn).toString()),
            tr("Round trip: %1").arg(displayData(entry, RttColumn).toString()),
            tr("Pings unanswered in a row: %L1").arg(row.missedPings),
            tr("Last seen: %1").arg(displayData(entry, LastSeenColumn).toString()),
        };
        return lines.join(QLatin1Char('\n'));
    }
    case PathColumn:
        return pathWithQuery(row);
    case SubprotocolColumn:
        return row.subprotocol;
    case OriginColumn:
        return row.origin;
    case UserAgentColumn:
        return row.userAgent;
    default:
        return identityToolTipData(row, column);
    }
}

// The resource icons, or, should one be missing from the build, a dot of the state's colour: the
// state must stay visible either way.
QIcon ConnectionTableModel::heartbeatIcon(HeartbeatState state) const
{
    QIcon &icon = m_heartbeatIcons[size_t(state)];
    if (!icon.isNull())
        return icon;
    QString path;
    switch (state) {
    case HeartbeatState::Ok: path = QStringLiteral(":/icons/heartbeat-ok.svg"); break;
    case HeartbeatState::Late: path = QStringLiteral(":/icons/heartbeat-late.svg"); break;
    case HeartbeatState::Missing: path = QStringLiteral(":/icons/heartbeat-missing.svg"); break;
    case HeartbeatState::Off: return {};
    }
    if (QFile::exists(path))
        icon = QIcon(path);
    if (icon.isNull()) {
        QPixmap dot(16, 16);
        dot.fill(Qt::transparent);
        QPainter painter(&dot);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(heartbeatColor(state));
        painter.drawEllipse(QRectF(3, 3, 10, 10));
        painter.end();
        icon = QIcon(dot);
    }
    return icon;
}

} // namespace wsm
