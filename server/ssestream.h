#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace wsm {

// One message as a Server-Sent Events client receives it: formatted once, then the same bytes
// (shared, not copied) are written to every SSE client of a broadcast and kept for replay.
struct SseEvent
{
    quint64 id = 0;
    bool binary = false;
    QByteArray payload; // the message as sent: UTF-8 text, or the binary bytes
    QByteArray frame;   // what goes on the wire (see formatSseEvent())
};

// The wire format of --sse-path (text/event-stream, see the README's "Server-Sent Events").
namespace sse {

// "id: N", then one "data:" line per line of the payload (split on \r\n, \n and \r, so a message
// with newlines stays one event), then a blank line. Binary: "event: binary" and the payload in
// base64 on one data line, since an event stream carries text only.
QByteArray formatEvent(quint64 id, bool binary, const QByteArray &payload);
SseEvent makeEvent(quint64 id, bool binary, const QByteArray &payload);
// "retry: MS": how long the browser waits before it reconnects.
QByteArray retryField(int retryMs);
// A comment line, which clients ignore: the heartbeat that keeps proxies from closing an idle
// stream, and whose failing writes find a reader that is gone.
QByteArray heartbeatComment();
// Told before a replay when events the client asked for have left the ring (or came from another
// run of the server): JSON data saying after which id events were lost and from which id on the
// replay continues. No id field, so the browser's lastEventId is not moved by it.
QByteArray missedEvent(quint64 lastEventId, quint64 resumesAt);
// The 200 answer's head: an open-ended stream (no Content-Length, the connection delimits it).
// extraHeaders: the CORS headers for the request's origin.
QByteArray responseHead(const QList<QPair<QByteArray, QByteArray>> &extraHeaders);

// Whether an Accept header value admits text/event-stream: absent (anything goes), or naming
// text/event-stream, text/* or */* without q=0.
bool acceptsEventStream(const QByteArray &accept, bool present);

} // namespace sse

} // namespace wsm
