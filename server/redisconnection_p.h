#pragma once

// RedisConnection's insides, shared by its two files: redisconnection.cpp (the link's life: lookup,
// connect, handshake, timeouts, failure) and redisconnectionhiredis.cpp (hiredis's side: its
// callbacks, the event-loop hooks, and what runs once hiredis has returned).

#include "redisconnection.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QSocketNotifier>
#include <QTimer>

#include <hiredis/async.h>

#include <deque>

namespace wsm {

// hiredis's error text ("Connection refused", strerror's words) inside our sentence.
inline QString hiredisWords(const QString &text)
{
    if (text.size() > 1 && text.at(0).isUpper() && text.at(1).isLower())
        return text.at(0).toLower() + text.mid(1);
    return text;
}

// Nothing of ours runs inside a hiredis call but copying: its callbacks only record what they saw
// (m_events, m_contextGone), and the owner's handlers and signals run once hiredis has returned.
// So the owner may call command(), close() or delete this object from any of them, and
// redisAsyncFree is never called from inside hiredis.
class RedisConnection::Private
{
public:
    enum class State : quint8 { Closed, LookingUp, Connecting, Ready };

    struct Pending
    {
        ReplyHandler onReply;
        qint64 bytes = 0;
        qint64 sentAtMs = 0;
        bool internal = false;          // AUTH, SELECT and PING of the handshake: no owner waits
        bool subscribe = false;
        QList<QByteArray> channels;     // subscribe: every channel of the call
        QList<QByteArray> unconfirmed;  // subscribe: those Redis has not confirmed yet
    };

    // What a hiredis callback saw, handled after hiredis has returned.
    struct Event
    {
        enum class Kind : quint8 { Reply, Subscribed, Message };
        Kind kind = Kind::Reply;
        ReplyHandler onReply;
        RedisReply reply;
        QList<QByteArray> channels;
        QByteArray channel;
        QByteArray payload;
    };

    explicit Private(RedisConnection *owner)
        : q(owner)
    {
        m_deadline.setSingleShot(true);
        QObject::connect(&m_deadline, &QTimer::timeout, q, [this] { onDeadline(); });
    }

    QString where() const
    {
        const QString host = m_options.host.contains(QLatin1Char(':'))
            ? QLatin1Char('[') + m_options.host + QLatin1Char(']')
            : m_options.host;
        return host + QLatin1Char(':') + QString::number(m_options.port);
    }

    void open(const Options &options);
    void lookedUp(const QHostInfo &info);
    void connectNext();
    void sendHandshake();
    bool send(const QList<QByteArray> &arguments, Pending pending);
    void teardown();
    void fail(const QString &why);
    void onDeadline();
    void armDeadline();

    void onReadable();
    void onWritable();
    void afterHiredis();
    QString contextGoneWhy() const;

    // hiredis's callbacks (privdata and ev.data are this object).
    static void onReply(redisAsyncContext *ac, void *reply, void *privdata);
    static void onSubscribeReply(redisAsyncContext *ac, void *reply, void *privdata);
    static void onConnect(const redisAsyncContext *ac, int status);
    static void addRead(void *data);
    static void delRead(void *data);
    static void addWrite(void *data);
    static void delWrite(void *data);
    static void cleanup(void *data);

    RedisConnection *q;
    Options m_options;
    State m_state = State::Closed;
    // Bumped by every teardown: a queued step or a handler loop of an earlier link sees it changed.
    quint64 m_generation = 0;
    int m_lookupId = -1;
    QList<QHostAddress> m_addresses; // what the host name gave, IPv4 first; tried in turn
    int m_addressIndex = 0;
    QString m_address;               // the one being connected to, numeric
    qint64 m_connectDeadlineMs = 0;
    QTimer m_deadline;

    redisAsyncContext *m_ac = nullptr;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    bool m_freeing = false;          // inside our redisAsyncFree: its callbacks mean nothing
    bool m_tcpConnected = false;
    bool m_contextGone = false;      // hiredis freed the context itself (an error): fail once it returns
    int m_contextError = 0;
    QString m_contextErrorText;
    bool m_confused = false;         // a reply nothing waited for

    std::deque<Pending> m_pending;   // in the order Redis answers
    qint64 m_pendingBytes = 0;
    std::deque<Event> m_events;
    bool m_subscriber = false;
};

} // namespace wsm
