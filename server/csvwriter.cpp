#include "csvwriter.h"

#include <QDateTime>
#include <QIODevice>
#include <QStringDecoder>

#include <cmath>

namespace wsm {

namespace {

constexpr char utf8Bom[] = "\xEF\xBB\xBF";
constexpr qsizetype utf8BomSize = 3;

// ISO 8601 UTC with milliseconds, so rows sort as text and every spreadsheet reads the same
// instant; 0 means "not yet" or "does not apply" and stays empty rather than 1970.
QString isoTime(qint64 msSinceEpoch)
{
    if (msSinceEpoch == 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

// Codes of 0 mean "none applies": an empty cell says so better than a 0 that looks like a code.
QString codeOrEmpty(int code)
{
    return code == 0 ? QString() : QString::number(code);
}

// 'f' formatting is locale-independent, so a German export still has a decimal point.
QString oneDecimal(double value)
{
    return std::isfinite(value) ? QString::number(value, 'f', 1) : QString();
}

} // namespace

CsvWriter::CsvWriter(QIODevice *device)
    : m_device(device)
{
}

void CsvWriter::writeUtf8Bom()
{
    if (m_device)
        m_device->write(utf8Bom, utf8BomSize);
}

bool CsvWriter::writeRow(const QStringList &cells)
{
    if (!m_device)
        return false;
    const QByteArray bytes = formatRow(cells);
    return m_device->write(bytes) == bytes.size();
}

QByteArray CsvWriter::formatRow(const QStringList &cells)
{
    // Quoting every cell (not only those that need it) keeps a reader from ever guessing: a
    // leading zero, a space or a date-looking string stays exactly what we wrote.
    QString row;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            row += QLatin1Char(',');
        QString cell = cells.at(i);
        cell.replace(QLatin1Char('"'), QLatin1String("\"\""));
        row += QLatin1Char('"') + cell + QLatin1Char('"');
    }
    row += QLatin1String("\r\n");
    return row.toUtf8();
}

QString CsvWriter::neutralise(const QString &cell)
{
    if (cell.isEmpty())
        return cell;
    switch (cell.front().unicode()) {
    case u'=':
    case u'+':
    case u'-':
    case u'@':
    case u'\t':
    case u'\r':
        return QLatin1Char('\'') + cell;
    default:
        return cell;
    }
}

QStringList CsvWriter::eventHeader()
{
    return {
        QStringLiteral("time"),        QStringLiteral("event"),        QStringLiteral("session_id"),
        QStringLiteral("peer_address"), QStringLiteral("peer_port"),   QStringLiteral("path"),
        QStringLiteral("origin"),      QStringLiteral("user_agent"),   QStringLiteral("connected_at"),
        QStringLiteral("ended_at"),    QStringLiteral("duration_ms"),  QStringLiteral("ended_by"),
        QStringLiteral("reason"),      QStringLiteral("close_code"),   QStringLiteral("http_status"),
        QStringLiteral("close_reason"), QStringLiteral("messages_in"), QStringLiteral("messages_out"),
        QStringLiteral("bytes_in"),    QStringLiteral("bytes_out"),
        QStringLiteral("client_kind"), QStringLiteral("identity"),
    };
}

QStringList CsvWriter::eventCells(const ConnectionEvent &event)
{
    // The peer address comes from the socket, not the client, but neutralising it costs nothing
    // (no IP address starts with a formula character) and stays safe if it ever comes from a
    // forwarding header.
    return {
        isoTime(event.time()),
        ConnectionEvent::kindId(event.kind),
        QString::number(event.sessionId),
        neutralise(event.peerAddress),
        QString::number(event.peerPort),
        neutralise(event.path),
        neutralise(event.origin),
        neutralise(event.userAgent),
        isoTime(event.connectedAt),
        isoTime(event.endedAt),
        QString::number(event.durationMs()),
        ConnectionEvent::endedById(event.endedBy),
        ConnectionEvent::reasonId(event.reason),
        codeOrEmpty(event.closeCode),
        codeOrEmpty(event.httpStatus),
        neutralise(event.closeReason),
        QString::number(event.messagesIn),
        QString::number(event.messagesOut),
        QString::number(event.bytesIn),
        QString::number(event.bytesOut),
        event.isClusterLink() || event.isFlapping() ? QString() : ConnectionEvent::clientKindId(event.clientKind),
        neutralise(event.identity),
    };
}

QStringList CsvWriter::sessionHeader()
{
    return {
        QStringLiteral("id"),           QStringLiteral("peer_address"), QStringLiteral("peer_port"),
        QStringLiteral("connected_at"), QStringLiteral("state"),        QStringLiteral("path"),
        QStringLiteral("query"),        QStringLiteral("origin"),       QStringLiteral("user_agent"),
        QStringLiteral("subprotocol"),  QStringLiteral("messages_in"),  QStringLiteral("messages_out"),
        QStringLiteral("bytes_in"),     QStringLiteral("bytes_out"),    QStringLiteral("rate_in"),
        QStringLiteral("rate_out"),     QStringLiteral("send_queue_bytes"),
        QStringLiteral("last_seen_at"), QStringLiteral("rtt_ms"),       QStringLiteral("missed_pings"),
        QStringLiteral("kind"),         QStringLiteral("identity"),     QStringLiteral("display_name"),
        QStringLiteral("identity_verified"), QStringLiteral("identity_expires_at"), QStringLiteral("flapping"),
    };
}

QStringList CsvWriter::sessionCells(const SessionRow &row)
{
    // !(x >= 0) rather than x < 0: a NaN round trip is "unknown" too, not "nan".
    const QString rtt = !(row.rttMs >= 0) ? QString() : oneDecimal(row.rttMs);
    return {
        QString::number(row.id),
        neutralise(row.peerAddress), // see eventCells()
        QString::number(row.peerPort),
        isoTime(row.connectedAt),
        row.state == SessionState::Closing ? QStringLiteral("closing") : QStringLiteral("open"),
        neutralise(row.path),
        neutralise(row.query),
        neutralise(row.origin),
        neutralise(row.userAgent),
        neutralise(row.subprotocol),
        QString::number(row.messagesIn),
        QString::number(row.messagesOut),
        QString::number(row.bytesIn),
        QString::number(row.bytesOut),
        oneDecimal(row.messageRateIn),
        oneDecimal(row.messageRateOut),
        QString::number(row.bytesToWrite),
        isoTime(row.lastSeenAt),
        rtt,
        QString::number(row.missedPings),
        ConnectionEvent::clientKindId(row.kind),
        neutralise(row.identity),
        neutralise(row.displayName),
        row.identity.isEmpty() ? QString() : (row.identityVerified ? QStringLiteral("yes") : QStringLiteral("no")),
        isoTime(row.identityExpiresAt),
        row.flapping ? QStringLiteral("yes") : QStringLiteral("no"),
    };
}

QList<QStringList> CsvWriter::parse(const QByteArray &csv, bool *ok)
{
    bool valid = true;
    QByteArrayView bytes(csv);
    if (bytes.startsWith(QByteArrayView(utf8Bom, utf8BomSize)))
        bytes = bytes.sliced(utf8BomSize);
    // The BOM is already gone: keep any further U+FEFF as the content it is. Stateless, so a
    // sequence cut off at the end counts as an error instead of waiting for more input.
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringConverter::Flag::ConvertInitialBom | QStringConverter::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    if (decoder.hasError())
        valid = false;

    QList<QStringList> rows;
    QStringList row;
    QString cell;
    bool inQuotes = false;
    bool wasQuoted = false;     // the current cell had a closing quote: only , or a line end may follow
    bool rowStarted = false;    // something of the current row has been read (even an empty cell)

    const auto endCell = [&] {
        row.append(cell);
        cell.clear();
        wasQuoted = false;
    };
    const auto endRow = [&] {
        // A blank line is a row with no cells, which is what formatRow({}) writes.
        if (rowStarted)
            endCell();
        rows.append(row);
        row.clear();
        rowStarted = false;
    };

    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == u'"') {
                if (i + 1 < n && text.at(i + 1) == u'"') {
                    cell += c;
                    ++i;
                } else {
                    inQuotes = false;
                    wasQuoted = true;
                }
            } else {
                cell += c;
            }
            continue;
        }
        if (c == u',') {
            endCell();
            rowStarted = true;
        } else if (c == u'\r' || c == u'\n') {
            if (c == u'\r' && i + 1 < n && text.at(i + 1) == u'\n')
                ++i;
            endRow();
        } else if (c == u'"' && cell.isEmpty() && !wasQuoted) {
            inQuotes = true;
            rowStarted = true;
        } else {
            // Text after a closing quote, or a quote inside an unquoted cell: not RFC 4180.
            // Keep the text so a caller still sees what was there.
            if (wasQuoted || c == u'"')
                valid = false;
            cell += c;
            rowStarted = true;
        }
    }
    if (inQuotes)
        valid = false;
    // The last line may lack its line end; a file that ends with one has no row after it.
    if (rowStarted)
        endRow();

    if (ok)
        *ok = valid;
    return rows;
}

} // namespace wsm
