#pragma once

// Shared by the end-to-end suites: a real server on 127.0.0.1 port 0 in its own thread, real
// clients, and waits that end on what happened (signal spies, QTRY), never on a bare sleep.

#include "connectionevent.h"
#include "servercontroller.h"
#include "session.h"
#include "snapshot.h"

#include <QDateTime>
#include <QHostAddress>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QtNumeric>

#include <functional>
#include <memory>
#include <optional>

namespace wsm::test {

// Generous, because CI shares two cores with sanitizers: these bound a wait, they assert nothing.
inline constexpr int WaitMs = 15000;

class ServerFixture : public QObject
{
public:
    ServerFixture()
    {
        connect(&controller, &ServerController::snapshotReady, this,
                [this](const Snapshot &snapshot, const QList<ConnectionEvent> &batch) {
                    last = snapshot;
                    ++snapshots;
                    events += batch;
                });
        connect(&controller, &ServerController::commandFinished, this,
                [this](quint64 id, bool ok, const QString &message) { results.insert(id, {ok, message}); });
    }

    static ServerConfig defaultConfig()
    {
        ServerConfig config;
        config.listenAddress = QHostAddress(QHostAddress::LocalHost);
        config.port = 0;
        config.heartbeatIntervalMs = 0;
        config.snapshotIntervalMs = 50; // quick feedback; the server's real rate is 4 Hz
        return config;
    }

    // Waits for the outcome of a control call.
    std::pair<bool, QString> result(quint64 requestId)
    {
        if (!QTest::qWaitFor([&] { return results.contains(requestId); }, WaitMs))
            return {false, QStringLiteral("no answer to request %1").arg(requestId)};
        return results.value(requestId);
    }

    bool start(const ServerConfig &config = defaultConfig())
    {
        const auto [ok, message] = result(controller.start(config));
        if (!ok) {
            qWarning("start failed: %s", qPrintable(message));
            return false;
        }
        url = QUrl(message);
        return true;
    }

    bool stop()
    {
        return result(controller.stop()).first;
    }

    // Waits until a snapshot the server took after this call has arrived. The server hands its events
    // over with the next snapshot, so every event it recorded before this call is then in `events`,
    // and a count taken afterwards would also show a second, late one.
    // Judged by the snapshot's own time rather than by counting ("two more snapshots"): while the
    // test thread was blocked (waitForConnected, a slow CI core) several snapshots taken BEFORE this
    // call can sit queued, and a count would accept them. Strictly later (takenAt has ms
    // resolution), and one must arrive after the call, so the current `last` never passes by itself.
    bool waitForSnapshotAfterNow()
    {
        const int seen = snapshots;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        return QTest::qWaitFor([&] { return snapshots > seen && last.takenAt > now; }, WaitMs);
    }

    // The id of the session of the client connected from this local port, once a snapshot lists it;
    // 0 (ids start at 1) when none does in time.
    quint64 sessionIdForPort(quint16 port)
    {
        if (!QTest::qWaitFor([&] { return rowForPeerPort(port).has_value(); }, WaitMs))
            return 0;
        return rowForPeerPort(port)->id;
    }

    // The first event of this kind for this session (or any session when 0) that matches.
    std::optional<ConnectionEvent> findEvent(EventKind kind, quint64 sessionId = 0,
                                             const std::function<bool(const ConnectionEvent &)> &match = {}) const
    {
        for (const ConnectionEvent &event : events) {
            if (event.kind == kind && (sessionId == 0 || event.sessionId == sessionId) && (!match || match(event)))
                return event;
        }
        return std::nullopt;
    }

    // Every end recorded: a session closed, or a connection refused before the upgrade.
    int endCount() const { return countEvents(EventKind::Closed) + countEvents(EventKind::Rejected); }

    int countEvents(EventKind kind, EndReason reason = EndReason::None) const
    {
        int count = 0;
        for (const ConnectionEvent &event : events) {
            if (event.kind == kind && (reason == EndReason::None || event.reason == reason))
                ++count;
        }
        return count;
    }

    // The session of the client connected from this local port, from the latest snapshot.
    std::optional<SessionRow> rowForPeerPort(quint16 port) const
    {
        for (const SessionRow &row : last.sessions) {
            if (row.peerPort == port)
                return row;
        }
        return std::nullopt;
    }

    quint16 port() const { return quint16(url.port()); }

    // What the inspector would show of a client; found false (and a warning) when no answer came.
    ClientDetails detailsOf(quint64 sessionId)
    {
        ClientDetails answer;
        bool answered = false;
        const quint64 request = controller.requestClientDetails(sessionId);
        const QMetaObject::Connection connection = connect(
            &controller, &ServerController::clientDetailsReady, this,
            [&](quint64 requestId, const ClientDetails &details) {
                if (requestId == request) {
                    answer = details;
                    answered = true;
                }
            });
        // The answer is queued to this thread, so connecting after the request cannot miss it.
        if (!QTest::qWaitFor([&] { return answered; }, WaitMs))
            qWarning("no answer to the details request for client %llu", sessionId);
        disconnect(connection);
        return answer;
    }

    QUrl url;
    Snapshot last;
    int snapshots = 0;
    QList<ConnectionEvent> events;
    QHash<quint64, std::pair<bool, QString>> results;
    // Last, so that it is destroyed first: the server thread has stopped and been joined before the
    // values it fed (events, last, results) go, and no late delivery reaches them. (Declared first,
    // it outlived them: their memory was freed while the server thread still ran its shutdown.)
    ServerController controller;
};

// The value of one sample ("name{labels} value") of a Prometheus text page; NaN when absent.
inline double sampleValue(const QByteArray &page, const QByteArray &series)
{
    const QList<QByteArray> lines = page.split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(QByteArray(series + ' ')))
            return line.mid(series.size() + 1).trimmed().toDouble();
    }
    return qQNaN();
}

// A QWebSocket client that records what it receives.
class Client : public QObject
{
public:
    explicit Client(const QString &origin = {})
        : socket(origin)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &m) { texts.append(m); });
        connect(&socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &m) { binaries.append(m); });
        connect(&socket, &QWebSocket::disconnected, this, [this] { disconnected = true; });
    }

    bool open(const QUrl &url)
    {
        QSignalSpy connectedSpy(&socket, &QWebSocket::connected);
        socket.open(url);
        return connectedSpy.wait(WaitMs);
    }

    bool open(const QNetworkRequest &request)
    {
        QSignalSpy connectedSpy(&socket, &QWebSocket::connected);
        socket.open(request);
        return connectedSpy.wait(WaitMs);
    }

    quint16 localPort() const { return socket.localPort(); }

    QWebSocket socket;
    QStringList texts;
    QList<QByteArray> binaries;
    bool disconnected = false;
};

// Bursts sent back to back that cross the server's bound on reading ahead of the frame in progress
// (FrameMaskGuard::ReadAheadBytes, 64 KiB): each must be echoed whole and in order, or the bound has
// stalled a reader. Rows for a test's _data(); burstMessages() makes what a row sends.
inline void addReadAheadBurstRows()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("size");
    QTest::newRow("many small") << 2000 << 100;
    QTest::newRow("just under the read-ahead") << 20 << 64 * 1024 - 14;
    QTest::newRow("just over the read-ahead") << 20 << 64 * 1024 + 1;
    QTest::newRow("frames far over it") << 3 << 900 * 1000;
}

inline QList<QByteArray> burstMessages(int count, int size)
{
    QList<QByteArray> messages;
    for (int i = 0; i < count; ++i) {
        // Each one different, so that order and wholeness are both checked.
        QByteArray message(size, char('a' + i % 26));
        message.replace(0, std::min(size, 8), QByteArray::number(i).rightJustified(8, '0').left(size));
        messages.append(message);
    }
    return messages;
}

// A complete, valid client handshake for raw TCP tests.
inline QByteArray upgradeRequest(const QByteArray &path = "/", const QByteArray &extraHeaders = {})
{
    return "GET " + path + " HTTP/1.1\r\n"
           "Host: 127.0.0.1\r\n"
           "Upgrade: websocket\r\n"
           "Connection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
           "Sec-WebSocket-Version: 13\r\n"
           + extraHeaders + "\r\n";
}

// The bits of a frame's first byte besides the opcode. RSV1-3 mean an extension, and we agree to none.
inline constexpr quint8 FinBit = 0x80;
inline constexpr quint8 Rsv1Bit = 0x40;
inline constexpr quint8 Rsv2Bit = 0x20;
inline constexpr quint8 Rsv3Bit = 0x10;

// Any frame a client could put on the wire, broken ones included (the one frame encoder of the
// tests): firstByte is sent as given (FIN, RSV1-3, opcode); masked false sends the payload in the
// clear, which RFC 6455 forbids to clients.
inline QByteArray rawFrame(quint8 firstByte, const QByteArray &payload, bool masked = true,
                           const QByteArray &mask = QByteArray("\x11\x22\x33\x44", 4))
{
    QByteArray frame;
    frame.append(char(firstByte));
    const quint8 maskBit = masked ? 0x80 : 0x00;
    const qint64 size = payload.size();
    if (size <= 125) {
        frame.append(char(maskBit | size));
    } else if (size <= 0xffff) {
        frame.append(char(maskBit | 126));
        frame.append(char((size >> 8) & 0xff));
        frame.append(char(size & 0xff));
    } else {
        frame.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((size >> shift) & 0xff));
    }
    if (!masked)
        return frame + payload;
    frame.append(mask);
    for (qint64 i = 0; i < size; ++i)
        frame.append(char(payload.at(i) ^ mask.at(i % 4)));
    return frame;
}

// A client frame, masked as RFC 6455 requires of clients (mask bytes chosen by the caller).
inline QByteArray clientFrame(quint8 opcode, const QByteArray &payload, bool fin = true,
                              const QByteArray &mask = QByteArray("\x11\x22\x33\x44", 4))
{
    return rawFrame(quint8((fin ? FinBit : 0x00) | (opcode & 0x0f)), payload, true, mask);
}

// A close frame's payload: the code, big-endian, then the reason.
inline QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    QByteArray payload;
    payload.append(char(code >> 8));
    payload.append(char(code & 0xff));
    return payload + reason;
}

// One frame the server sent: servers send unmasked, so the payload is as is.
struct WireFrame
{
    quint8 opcode;
    QByteArray payload;
};

// The frames the server sent (unmasked, as servers send); stops at an incomplete one.
inline QList<WireFrame> wireFrames(const QByteArray &bytes)
{
    QList<WireFrame> frames;
    qsizetype i = 0;
    while (i + 2 <= bytes.size()) {
        const quint8 opcode = quint8(bytes.at(i)) & 0x0f;
        quint64 length = quint8(bytes.at(i + 1)) & 0x7f;
        qsizetype header = 2;
        if (length == 126 || length == 127) {
            const int lengthBytes = length == 126 ? 2 : 8;
            if (i + 2 + lengthBytes > bytes.size())
                break;
            length = 0;
            for (int k = 0; k < lengthBytes; ++k)
                length = (length << 8) | quint8(bytes.at(i + 2 + k));
            header += lengthBytes;
        }
        if (i + header + qsizetype(length) > bytes.size())
            break;
        frames.append({opcode, bytes.mid(i + header, qsizetype(length))});
        i += header + qsizetype(length);
    }
    return frames;
}

// The payloads of the frames with this opcode (0x1 text, 0x2 binary), in order.
inline QList<QByteArray> wirePayloads(const QList<WireFrame> &frames, quint8 opcode)
{
    QList<QByteArray> payloads;
    for (const WireFrame &frame : frames) {
        if (frame.opcode == opcode)
            payloads.append(frame.payload);
    }
    return payloads;
}

// The code of the first close frame among them; 0 when there is none.
inline int wireCloseCode(const QList<WireFrame> &frames)
{
    for (const WireFrame &frame : frames) {
        if (frame.opcode == 0x8 && frame.payload.size() >= 2)
            return (quint8(frame.payload.at(0)) << 8) | quint8(frame.payload.at(1));
    }
    return 0;
}

// A raw TCP client: connects, writes, reads whatever comes back until the server closes.
class RawClient : public QObject
{
public:
    RawClient()
    {
        connect(&socket, &QTcpSocket::readyRead, this, [this] { received += socket.readAll(); });
        connect(&socket, &QTcpSocket::disconnected, this, [this] { disconnected = true; });
    }

    bool connectTo(quint16 port)
    {
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        return socket.waitForConnected(WaitMs);
    }

    // Sends an upgrade request and waits for the 101 answer.
    bool upgrade(quint16 port, const QByteArray &path = "/")
    {
        if (!connectTo(port))
            return false;
        socket.write(upgradeRequest(path));
        if (!QTest::qWaitFor([&] { return received.contains("\r\n\r\n"); }, WaitMs))
            return false;
        if (!received.startsWith("HTTP/1.1 101"))
            return false;
        received.remove(0, received.indexOf("\r\n\r\n") + 4);
        return true;
    }

    // The HTTP status of the answer, or 0 before one arrived.
    int httpStatus() const
    {
        if (!received.startsWith("HTTP/1.1 "))
            return 0;
        return received.mid(9, 3).toInt();
    }

    // The close code of the first close frame the server sent (server frames are unmasked).
    int closeCode() const { return wireCloseCode(wireFrames(received)); }

    QTcpSocket socket;
    QByteArray received;
    bool disconnected = false;
};

} // namespace wsm::test
