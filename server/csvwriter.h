#pragma once

#include "connectionevent.h"
#include "snapshot.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QIODevice;
QT_END_NAMESPACE

namespace wsm {

// Writes RFC 4180 CSV in UTF-8 to a device, and knows the columns of the two tables we export
// (the connection log and the live connections table). Used by the GUI's export (through a
// QSaveFile) and by EventCsvLog on the server thread; it has no state beyond the device.
class CsvWriter
{
public:
    explicit CsvWriter(QIODevice *device);     // does not own the device

    // EF BB BF, so Excel opens UTF-8 (Chinese text) intact instead of guessing a code page.
    void writeUtf8Bom();
    // Returns false when the device refused the bytes (or took only part of them).
    bool writeRow(const QStringList &cells);

    // RFC 4180: every cell quoted, embedded quotes doubled, rows end with CRLF. UTF-8.
    static QByteArray formatRow(const QStringList &cells);
    // OWASP CSV injection: a cell that starts with = + - @ TAB or CR gets a leading single quote
    // ('), so a spreadsheet shows it as text instead of evaluating it as a formula.
    static QString neutralise(const QString &cell);

    // The connection log: header and one row per event. Client-controlled text (path, origin,
    // user agent, close reason) is neutralised; times are ISO 8601 UTC with milliseconds
    // (2026-11-23T09:30:00.123Z), empty when 0. Columns, in this order:
    // time, event, session_id, peer_address, peer_port, path, origin, user_agent, connected_at,
    // ended_at, duration_ms, ended_by, reason, close_code, http_status, close_reason,
    // messages_in, messages_out, bytes_in, bytes_out, client_kind, identity
    // Columns are only ever appended, so that scripts reading by position keep working.
    // client_kind is websocket or sse (empty for the cluster link's and flapping events); identity
    // is the client's identity (--identity; a flapping event's client), neutralised.
    // "time" is endedAt for Closed/Rejected, connectedAt for Connected. event, ended_by and reason
    // are the stable ids of ConnectionEvent (never translated). close_code / http_status are
    // empty when 0.
    static QStringList eventHeader();
    static QStringList eventCells(const ConnectionEvent &event);

    // The live connections table, same rules. Columns: id, peer_address, peer_port, connected_at,
    // state (open/closing), path, query, origin, user_agent, subprotocol, messages_in,
    // messages_out, bytes_in, bytes_out, rate_in, rate_out (msg/s, 1 decimal), send_queue_bytes,
    // last_seen_at, rtt_ms (empty when < 0, else 1 decimal), missed_pings, kind (websocket/sse),
    // identity, display_name, identity_verified (yes/no, empty without an identity),
    // identity_expires_at, flapping (yes/no). Columns are only ever appended.
    // Client-controlled (neutralised): path, query, origin, user_agent, subprotocol, identity,
    // display_name.
    static QStringList sessionHeader();
    static QStringList sessionCells(const SessionRow &row);

    // An RFC 4180 reader: quoted and unquoted cells, CRLF or LF line ends, CRLF inside quotes,
    // a leading BOM skipped. Used by tests and fuzzing to check that what we write parses back
    // to the same cells. *ok is false on a quote left open or text after a closing quote; the
    // rows read so far are still returned.
    static QList<QStringList> parse(const QByteArray &csv, bool *ok = nullptr);

private:
    QIODevice *m_device;
};

} // namespace wsm
