#pragma once

// A Server-Sent Events client for the SSE suites: a raw TCP socket speaking HTTP, as an
// EventSource would, and a parser of the event stream it reads (the HTML standard's rules: fields
// per line, data lines joined with \n, an event dispatched at a blank line; comments kept apart).

#include "testsupport.h"

#include <QByteArray>
#include <QList>
#include <QTcpSocket>

namespace wsm::test {

struct SseMessage
{
    QByteArray id;    // null when the event had no id field
    QByteArray event; // the event name; empty for the default ("message")
    QByteArray data;  // data lines joined with \n
};

class SseClient : public QObject
{
public:
    SseClient()
    {
        connect(&socket, &QTcpSocket::readyRead, this, [this] { take(socket.readAll()); });
        connect(&socket, &QTcpSocket::disconnected, this, [this] { disconnected = true; });
    }

    static QByteArray request(const QByteArray &target = "/events", const QByteArray &extraHeaders = {},
                              const QByteArray &method = "GET", bool acceptHeader = true)
    {
        return method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + (acceptHeader ? QByteArrayLiteral("Accept: text/event-stream\r\n") : QByteArray())
            + extraHeaders + "\r\n";
    }

    // Connects and sends the request; true once the answer's head is in.
    bool open(quint16 port, const QByteArray &target = "/events", const QByteArray &extraHeaders = {},
              const QByteArray &method = "GET", bool acceptHeader = true)
    {
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        if (!socket.waitForConnected(WaitMs))
            return false;
        socket.write(request(target, extraHeaders, method, acceptHeader));
        return QTest::qWaitFor([this] { return !head.isEmpty() || disconnected; }, WaitMs) && !head.isEmpty();
    }

    // A reader that stops reading: Qt's read buffer capped at one byte, so that Qt stops taking
    // bytes from the kernel and the kernel's buffers fill (as a stalled browser tab does).
    void stopReading()
    {
        QObject::disconnect(&socket, &QTcpSocket::readyRead, this, nullptr);
        socket.setReadBufferSize(1);
    }

    // The status of the answer; 0 before one came.
    int status() const { return head.startsWith("HTTP/1.1 ") ? head.mid(9, 3).toInt() : 0; }

    // A header of the answer (name case-insensitive), null when absent.
    QByteArray header(const QByteArray &name) const
    {
        const QList<QByteArray> lines = head.split('\n');
        for (const QByteArray &line : lines) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }

    // Waits until at least n events have come (or the stream ended).
    bool waitForEvents(int n)
    {
        return QTest::qWaitFor([&] { return events.size() >= n; }, WaitMs);
    }

    QTcpSocket socket;
    QByteArray head;        // the answer's status line and headers
    QByteArray body;        // everything after the head, as it came
    QList<SseMessage> events;
    QList<QByteArray> comments;
    QList<QByteArray> retries;
    bool disconnected = false;

private:
    void take(const QByteArray &bytes)
    {
        if (head.isEmpty()) {
            m_pending += bytes;
            const qsizetype end = m_pending.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            head = m_pending.left(end);
            const QByteArray rest = m_pending.mid(end + 4);
            m_pending.clear();
            feed(rest);
            return;
        }
        feed(bytes);
    }

    void feed(const QByteArray &bytes)
    {
        body += bytes;
        m_line += bytes;
        // Lines end with \n here: the server never sends \r.
        qsizetype newline;
        while ((newline = m_line.indexOf('\n')) >= 0) {
            const QByteArray line = m_line.left(newline);
            m_line.remove(0, newline + 1);
            fieldLine(line);
        }
    }

    void fieldLine(const QByteArray &line)
    {
        if (line.isEmpty()) {
            if (m_hasData)
                events.append(m_current);
            m_current = {};
            m_hasData = false;
            return;
        }
        if (line.startsWith(':')) {
            comments.append(line.mid(1).trimmed());
            return;
        }
        const qsizetype colon = line.indexOf(':');
        const QByteArray field = colon < 0 ? line : line.left(colon);
        QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
        if (value.startsWith(' '))
            value.remove(0, 1);
        if (field == "data") {
            m_current.data = m_hasData ? m_current.data + '\n' + value : value;
            m_hasData = true;
        } else if (field == "id") {
            m_current.id = value.isNull() ? QByteArray("") : value;
        } else if (field == "event") {
            m_current.event = value;
        } else if (field == "retry") {
            retries.append(value);
        }
    }

    QByteArray m_pending;
    QByteArray m_line;
    SseMessage m_current;
    bool m_hasData = false;
};

} // namespace wsm::test
