#pragma once

#include "snapshot.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

namespace wsm {

// One message as the inspector shows it. The server keeps the last few per client (bounded by
// ServerConfig::messageHistory), shortened on capture so a client's history costs at most
// messageHistory x PreviewChars however big its messages are.
struct MessageRecord
{
    enum class Direction : quint8 { In, Out };

    qint64 at = 0;            // ms since the epoch
    Direction direction = Direction::In;
    bool binary = false;
    qint64 size = 0;          // the whole message, in bytes (UTF-8 for text)
    QString preview;          // text: the first PreviewChars characters; binary: hex of the first bytes
    bool truncated = false;   // preview is shorter than the message

    static constexpr int PreviewChars = 256;
};

// One heartbeat round trip.
struct RttSample
{
    qint64 at = 0;            // ms since the epoch, when the pong arrived
    double ms = 0;
};

// Everything the console can learn about one client, fetched on demand (never streamed per
// message): what ServerNode::requestClientDetails() answers with.
struct ClientDetails
{
    quint64 sessionId = 0;
    bool found = false;       // false: the client has gone (or never existed); nothing else is set
    SessionRow row;           // counters, rates and heartbeat as of now
    QString requestLine;      // "GET /chat?room=1 HTTP/1.1"
    QList<QPair<QString, QString>> requestHeaders; // in the order the client sent them
    QList<RttSample> rttHistory;   // oldest first, bounded (RttHistoryLength)
    QList<MessageRecord> messages; // oldest first, bounded by ServerConfig::messageHistory

    static constexpr int RttHistoryLength = 60;
};

} // namespace wsm

Q_DECLARE_METATYPE(wsm::ClientDetails)
