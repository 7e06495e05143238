#include "ssestream.h"

namespace wsm::sse {

namespace {

void appendDataLines(QByteArray &out, const QByteArray &payload)
{
    // An empty message is still one event: one empty data line.
    qsizetype start = 0;
    const qsizetype size = payload.size();
    for (;;) {
        qsizetype end = start;
        while (end < size && payload[end] != '\n' && payload[end] != '\r')
            ++end;
        out += "data: ";
        out += QByteArrayView(payload.constData() + start, end - start);
        out += '\n';
        if (end >= size)
            return;
        // \r\n is one line end, as the client's parser reads it.
        start = end + 1;
        if (payload[end] == '\r' && start < size && payload[start] == '\n')
            ++start;
    }
}

} // namespace

QByteArray formatEvent(quint64 id, bool binary, const QByteArray &payload)
{
    QByteArray out;
    out.reserve((binary ? payload.size() * 4 / 3 : payload.size()) + 48);
    out += "id: " + QByteArray::number(id) + '\n';
    if (binary) {
        out += "event: binary\n";
        appendDataLines(out, payload.toBase64());
    } else {
        appendDataLines(out, payload);
    }
    out += '\n';
    return out;
}

SseEvent makeEvent(quint64 id, bool binary, const QByteArray &payload)
{
    return {id, binary, payload, formatEvent(id, binary, payload)};
}

QByteArray retryField(int retryMs)
{
    return "retry: " + QByteArray::number(retryMs) + "\n\n";
}

QByteArray heartbeatComment()
{
    return QByteArrayLiteral(": ping\n\n");
}

QByteArray missedEvent(quint64 lastEventId, quint64 resumesAt)
{
    return "event: missed\ndata: {\"lastEventId\":" + QByteArray::number(lastEventId)
        + ",\"resumesAt\":" + QByteArray::number(resumesAt) + "}\n\n";
}

QByteArray responseHead(const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    QByteArray out = QByteArrayLiteral("HTTP/1.1 200 OK\r\n"
                                       "Content-Type: text/event-stream\r\n"
                                       "Cache-Control: no-cache\r\n"
                                       // nginx would otherwise hold events back in its buffer.
                                       "X-Accel-Buffering: no\r\n");
    for (const auto &field : extraHeaders)
        out += field.first + ": " + field.second + "\r\n";
    out += "\r\n";
    return out;
}

bool acceptsEventStream(const QByteArray &accept, bool present)
{
    if (!present)
        return true;
    const QList<QByteArray> ranges = accept.split(',');
    for (const QByteArray &range : ranges) {
        const QList<QByteArray> parts = range.split(';');
        const QByteArray type = parts.first().trimmed().toLower();
        if (type != "text/event-stream" && type != "text/*" && type != "*/*")
            continue;
        bool refused = false;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray parameter = parts[i].trimmed().toLower();
            if (parameter.startsWith("q=") && parameter.mid(2).toDouble() <= 0.0)
                refused = true;
        }
        if (!refused)
            return true;
    }
    return false;
}

} // namespace wsm::sse
