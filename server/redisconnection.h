#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

namespace wsm {

// One reply from Redis as a plain value (hiredis's redisReply, copied out of it).
struct RedisReply
{
    enum class Type : quint8 { Nil, Status, Error, Integer, String, Array };
    Type type = Type::Nil;
    qint64 integer = 0;
    QByteArray string;          // Status, Error and String
    QList<RedisReply> elements; // Array

    bool isError() const { return type == Type::Error; }
    // A reply this side made up: the command timed out or the link went before it was answered.
    static RedisReply error(const QByteArray &text);
};

// One asynchronous connection to Redis: hiredis (Debian's libhiredis-dev, no protocol code of ours)
// driven by the event loop of the thread the object lives in, through QSocketNotifiers and timers.
// Nothing in it blocks: the host name is looked up with QHostInfo, the connection is non-blocking,
// and every command has a reply timeout.
//
// Lifecycle: open() -> ready() (connected; AUTH and SELECT done) or down(why). After ready(), any
// failure (the peer closed, an error, a reply later than replyTimeoutMs, a connect slower than
// connectTimeoutMs) emits down(why) once and leaves the object closed: every callback still waiting
// is called with an error reply first. open() may then be called again (the owner's backoff).
// close() and the destructor call no callback and emit nothing.
class RedisConnection : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString host;           // a name or an address
        quint16 port = 6379;
        int database = 0;       // SELECT when not 0
        QString password;       // AUTH when not empty
        int connectTimeoutMs = 3000;
        int replyTimeoutMs = 3000;
        // Bytes of commands sent or waiting to be sent and not yet answered; a command that would
        // pass it is refused (command() returns false), never queued.
        qint64 maxPendingBytes = qint64(16) * 1024 * 1024;
    };
    using ReplyHandler = std::function<void(const RedisReply &)>;

    explicit RedisConnection(QObject *parent = nullptr);
    ~RedisConnection() override;

    void open(const Options &options);
    void close();
    bool isReady() const;
    qint64 pendingBytes() const;

    // A command as its arguments (binary-safe). onReply, when given, is called exactly once: with
    // Redis's reply, or with RedisReply::error() when the link goes first; never after close().
    // False, with nothing sent and onReply not called, when not ready or over maxPendingBytes.
    bool command(const QList<QByteArray> &arguments, ReplyHandler onReply = {});
    // Puts the connection in subscriber mode (it takes no other command afterwards but more
    // subscribe() calls). subscribed() once Redis confirmed every channel of this call; then each
    // message arrives as messageReceived().
    bool subscribe(const QList<QByteArray> &channels);

Q_SIGNALS:
    void ready();
    void down(const QString &why);
    void subscribed(const QList<QByteArray> &channels);
    void messageReceived(const QByteArray &channel, const QByteArray &payload);

private:
    class Private;
    Private *d;
};

} // namespace wsm
