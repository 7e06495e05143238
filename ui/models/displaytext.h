#pragma once

#include <QString>

namespace wsm {

// How the console's tables write durations and peers, so the connection table and the event log
// read alike. Translated under the context "wsm::DisplayText".

// "12 s", "5 min 12 s", "3 h 4 min", "2 d 5 h": two units at most, whole seconds (a table cell is
// read at a glance). Negative durations (a clock stepped back) read as "0 s".
QString durationText(qint64 ms);

// "127.0.0.1:50412", or "[::1]:50412" for IPv6 so the port stays apart from the address.
QString peerText(const QString &address, quint16 port);

// A text that sorts peers by number rather than by text ("10.0.0.9" before "10.0.0.10"), then by
// port: the 16 bytes of the address's IPv6 form in hex (IPv4 as ::ffff:a.b.c.d), then the port
// padded to five digits. For SortRole, never shown.
QString peerSortKey(const QString &address, quint16 port);

// A table column's header and the tool tip that says what it holds, both marked for translation
// (QT_TRANSLATE_NOOP) in the context of the model that shows them.
struct ColumnText
{
    const char *title;
    const char *description;
};

} // namespace wsm
