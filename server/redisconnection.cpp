#include "redisconnection.h"

#include "steadyclock.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

#include <hiredis/async.h>

#include <csignal>
#include <deque>
#include <limits>
#include <mutex>
#include <utility>

namespace wsm {

RedisReply RedisReply::error(const QByteArray &text)
{
    RedisReply reply;
    reply.type = Type::Error;
    reply.string = text;
    return reply;
}

namespace {

RedisReply copyReply(const redisReply &reply)
{
    RedisReply copy;
    switch (reply.type) {
    case REDIS_REPLY_STRING:
        copy.type = RedisReply::Type::String;
        copy.string = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_STATUS:
        copy.type = RedisReply::Type::Status;
        copy.string = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_ERROR:
        copy.type = RedisReply::Type::Error;
        copy.string = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_INTEGER:
        copy.type = RedisReply::Type::Integer;
        copy.integer = reply.integer;
        break;
    case REDIS_REPLY_ARRAY:
        copy.type = RedisReply::Type::Array;
        copy.elements.reserve(qsizetype(reply.elements));
        for (size_t i = 0; i < reply.elements; ++i)
            copy.elements.append(copyReply(*reply.element[i]));
        break;
    default: // REDIS_REPLY_NIL
        break;
    }
    return copy;
}

QByteArray replyString(const redisReply *reply)
{
    if (!reply || (reply->type != REDIS_REPLY_STRING && reply->type != REDIS_REPLY_STATUS))
        return {};
    return QByteArray(reply->str, qsizetype(reply->len));
}

// hiredis writes with write(2): a write to a socket whose peer has gone would raise SIGPIPE and end
// the process. Qt's own sockets send with MSG_NOSIGNAL, so nothing in the process relies on it.
void ignoreSigpipe()
{
    static std::once_flag once;
    std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

// "3 s", "0.5 s": a timeout as an operator reads it.
QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3) + QStringLiteral(" s");
}

// hiredis's error text ("Connection refused", strerror's words) inside our sentence.
QString hiredisWords(const QString &text)
{
    if (text.size() > 1 && text.at(0).isUpper() && text.at(1).isLower())
        return text.at(0).toLower() + text.mid(1);
    return text;
}

} // namespace

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

void RedisConnection::Private::open(const Options &options)
{
    teardown();
    ignoreSigpipe();
    m_options = options;
    m_state = State::LookingUp;
    m_connectDeadlineMs = steadyNowMs() + qMax(1, options.connectTimeoutMs);
    armDeadline();
    const quint64 generation = m_generation;
    QHostAddress numeric;
    if (numeric.setAddress(options.host)) {
        // Queued even so: down() never comes from inside open().
        QMetaObject::invokeMethod(q, [this, generation, numeric] {
            if (generation != m_generation)
                return;
            m_addresses = {numeric};
            connectNext();
        }, Qt::QueuedConnection);
        return;
    }
    // redisAsyncConnect would call getaddrinfo(), which blocks on a name: hiredis gets an address.
    m_lookupId = QHostInfo::lookupHost(options.host, q, [this, generation](const QHostInfo &info) {
        if (generation == m_generation)
            lookedUp(info);
    });
}

void RedisConnection::Private::lookedUp(const QHostInfo &info)
{
    m_lookupId = -1;
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
        const QString reason = info.error() != QHostInfo::NoError ? info.errorString() : RedisConnection::tr("no address");
        fail(RedisConnection::tr("Cannot find the Redis host %1: %2.").arg(m_options.host, reason));
        return;
    }
    // IPv4 first: a Redis on "localhost" usually listens on 127.0.0.1 only.
    for (const QHostAddress &address : info.addresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol)
            m_addresses.append(address);
    }
    for (const QHostAddress &address : info.addresses()) {
        if (address.protocol() != QAbstractSocket::IPv4Protocol)
            m_addresses.append(address);
    }
    connectNext();
}

void RedisConnection::Private::connectNext()
{
    m_state = State::Connecting;
    m_address = m_addresses.value(m_addressIndex++).toString();
    m_tcpConnected = false;
    m_contextGone = false;
    m_ac = redisAsyncConnect(m_address.toLatin1().constData(), m_options.port);
    if (!m_ac) {
        fail(RedisConnection::tr("Cannot connect to Redis at %1: out of memory.").arg(where()));
        return;
    }
    if (m_ac->err) {
        // Refused at once (a local port where nothing listens): the next address, or down.
        const QString words = QString::fromLocal8Bit(m_ac->errstr);
        m_freeing = true;
        redisAsyncFree(m_ac);
        m_freeing = false;
        m_ac = nullptr;
        if (m_addressIndex < m_addresses.size()) {
            connectNext();
            return;
        }
        fail(RedisConnection::tr("Cannot connect to Redis at %1: %2.").arg(where(), hiredisWords(words)));
        return;
    }
    // A peer that vanished without a word (a host switched off) is noticed even with nothing
    // waiting for a reply, as on a subscriber connection.
    redisEnableKeepAlive(&m_ac->c);

    m_readNotifier = new QSocketNotifier(m_ac->c.fd, QSocketNotifier::Read, q);
    m_readNotifier->setEnabled(false);
    QObject::connect(m_readNotifier, &QSocketNotifier::activated, q, [this] { onReadable(); });
    m_writeNotifier = new QSocketNotifier(m_ac->c.fd, QSocketNotifier::Write, q);
    m_writeNotifier->setEnabled(false);
    QObject::connect(m_writeNotifier, &QSocketNotifier::activated, q, [this] { onWritable(); });

    m_ac->ev.data = this;
    m_ac->ev.addRead = &Private::addRead;
    m_ac->ev.delRead = &Private::delRead;
    m_ac->ev.addWrite = &Private::addWrite;
    m_ac->ev.delWrite = &Private::delWrite;
    m_ac->ev.cleanup = &Private::cleanup;
    m_ac->data = this;
    redisAsyncSetConnectCallback(m_ac, &Private::onConnect); // also waits for the socket to be writable
    sendHandshake();
}

// Sent at once, before the TCP connection is even up: hiredis writes them when it is.
void RedisConnection::Private::sendHandshake()
{
    if (!m_options.password.isEmpty()) {
        Pending auth;
        auth.internal = true;
        auth.onReply = [this](const RedisReply &reply) {
            if (reply.isError())
                fail(RedisConnection::tr("Redis refused the password: %1").arg(QString::fromUtf8(reply.string)));
        };
        send({QByteArrayLiteral("AUTH"), m_options.password.toUtf8()}, std::move(auth));
    }
    if (m_options.database != 0) {
        Pending select;
        select.internal = true;
        select.onReply = [this](const RedisReply &reply) {
            if (reply.isError()) {
                fail(RedisConnection::tr("Redis at %1 refused database %2: %3")
                         .arg(where())
                         .arg(m_options.database)
                         .arg(QString::fromUtf8(reply.string)));
            }
        };
        send({QByteArrayLiteral("SELECT"), QByteArray::number(m_options.database)}, std::move(select));
    }
    // Ready means Redis answered: a Redis that takes the connection but never answers is a
    // connect that times out, and one that wants a password we lack says so now.
    Pending ping;
    ping.internal = true;
    ping.onReply = [this](const RedisReply &reply) {
        if (reply.isError()) {
            fail(RedisConnection::tr("Redis at %1 refused the connection: %2").arg(where(), QString::fromUtf8(reply.string)));
            return;
        }
        m_state = State::Ready;
        m_deadline.stop();
        armDeadline();
        Q_EMIT q->ready();
    };
    send({QByteArrayLiteral("PING")}, std::move(ping));
}

bool RedisConnection::Private::send(const QList<QByteArray> &arguments, Pending pending)
{
    if (!m_ac || m_contextGone || arguments.isEmpty())
        return false;
    std::vector<const char *> argv;
    std::vector<size_t> argvlen;
    argv.reserve(size_t(arguments.size()));
    argvlen.reserve(size_t(arguments.size()));
    for (const QByteArray &argument : arguments) {
        argv.push_back(argument.constData());
        argvlen.push_back(size_t(argument.size()));
    }
    char *formatted = nullptr;
    const int length = redisFormatCommandArgv(&formatted, int(argv.size()), argv.data(), argvlen.data());
    if (length < 0)
        return false;
    if (!pending.internal && m_pendingBytes + length > m_options.maxPendingBytes) {
        redisFreeCommand(formatted);
        return false;
    }
    const bool wasIdle = m_pending.empty();
    redisCallbackFn *callback = pending.subscribe ? &Private::onSubscribeReply : &Private::onReply;
    const int status = redisAsyncFormattedCommand(m_ac, callback, this, formatted, size_t(length));
    redisFreeCommand(formatted);
    if (status != REDIS_OK)
        return false;
    pending.bytes = length;
    pending.sentAtMs = steadyNowMs();
    m_pendingBytes += length;
    m_pending.push_back(std::move(pending));
    if (wasIdle && m_state == State::Ready)
        armDeadline();
    return true;
}

// Forgets the link without a word: no handler, no signal.
void RedisConnection::Private::teardown()
{
    ++m_generation;
    if (m_lookupId != -1) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    m_deadline.stop();
    if (m_ac) {
        // Its callbacks run now with no reply (ignored: m_freeing), and ev.cleanup.
        m_freeing = true;
        redisAsyncFree(m_ac);
        m_freeing = false;
        m_ac = nullptr;
    }
    // Deleted directly even from inside their own activation: QSocketNotifier and both event
    // dispatchers allow it, and a deleteLater() one would still fire on a closed descriptor.
    delete m_readNotifier;
    m_readNotifier = nullptr;
    delete m_writeNotifier;
    m_writeNotifier = nullptr;
    m_state = State::Closed;
    m_addresses.clear();
    m_addressIndex = 0;
    m_contextGone = false;
    m_confused = false;
    m_pending.clear();
    m_pendingBytes = 0;
    m_events.clear();
    m_subscriber = false;
}

void RedisConnection::Private::fail(const QString &why)
{
    if (m_state == State::Closed)
        return;
    std::deque<Pending> pending = std::move(m_pending);
    m_pending.clear();
    teardown();
    QPointer<RedisConnection> alive(q);
    const quint64 generation = m_generation;
    const RedisReply error = RedisReply::error(why.toUtf8());
    for (Pending &entry : pending) {
        if (entry.internal || !entry.onReply)
            continue;
        entry.onReply(error);
        if (!alive || generation != m_generation)
            return; // deleted, closed or opened again by a handler
    }
    Q_EMIT q->down(why);
}

void RedisConnection::Private::armDeadline()
{
    qint64 deadline = 0;
    if (m_state == State::Closed) {
        m_deadline.stop();
        return;
    }
    if (m_state == State::Ready) {
        if (m_pending.empty()) {
            m_deadline.stop();
            return;
        }
        deadline = m_pending.front().sentAtMs + qMax(1, m_options.replyTimeoutMs);
    } else {
        deadline = m_connectDeadlineMs;
    }
    m_deadline.start(int(qBound(qint64(0), deadline - steadyNowMs(), qint64(std::numeric_limits<int>::max()))));
}

// Armed when the first command waits, not at each one: when it fires with the oldest command
// answered meanwhile, it is armed again for the one now oldest.
void RedisConnection::Private::onDeadline()
{
    const qint64 now = steadyNowMs();
    if (m_state == State::Ready) {
        if (m_pending.empty())
            return;
        if (now < m_pending.front().sentAtMs + m_options.replyTimeoutMs) {
            armDeadline();
            return;
        }
        fail(RedisConnection::tr("Redis at %1 timed out: no answer within %2.").arg(where(), seconds(m_options.replyTimeoutMs)));
        return;
    }
    if (m_state == State::Closed)
        return;
    if (now < m_connectDeadlineMs) {
        armDeadline();
        return;
    }
    const QString step = m_state == State::LookingUp ? RedisConnection::tr("looking up the host") : RedisConnection::tr("no answer");
    fail(RedisConnection::tr("Connecting to Redis at %1 timed out after %2 (%3).")
             .arg(where(), seconds(m_options.connectTimeoutMs), step));
}

void RedisConnection::Private::onReadable()
{
    if (!m_ac)
        return;
    redisAsyncHandleRead(m_ac);
    afterHiredis();
}

void RedisConnection::Private::onWritable()
{
    if (!m_ac)
        return;
    redisAsyncHandleWrite(m_ac);
    afterHiredis();
}

void RedisConnection::Private::afterHiredis()
{
    if (m_contextGone) {
        // hiredis freed it on the way out.
        m_ac = nullptr;
        if (m_readNotifier)
            m_readNotifier->setEnabled(false);
        if (m_writeNotifier)
            m_writeNotifier->setEnabled(false);
    }
    QPointer<RedisConnection> alive(q);
    const quint64 generation = m_generation;
    while (!m_events.empty()) {
        Event event = std::move(m_events.front());
        m_events.pop_front();
        switch (event.kind) {
        case Event::Kind::Reply:
            if (event.onReply)
                event.onReply(event.reply);
            break;
        case Event::Kind::Subscribed:
            Q_EMIT q->subscribed(event.channels);
            break;
        case Event::Kind::Message:
            Q_EMIT q->messageReceived(event.channel, event.payload);
            break;
        }
        if (!alive || generation != m_generation)
            return;
    }
    if (m_confused) {
        fail(RedisConnection::tr("Redis at %1 sent a reply nothing asked for.").arg(where()));
        return;
    }
    if (!m_contextGone)
        return;
    // A refused TCP connect tries the host's next address while time is left.
    if (!m_tcpConnected && m_addressIndex < m_addresses.size()) {
        delete m_readNotifier;
        m_readNotifier = nullptr;
        delete m_writeNotifier;
        m_writeNotifier = nullptr;
        m_pending.clear();
        m_pendingBytes = 0;
        connectNext();
        return;
    }
    fail(contextGoneWhy());
}

QString RedisConnection::Private::contextGoneWhy() const
{
    const QString words = hiredisWords(m_contextErrorText);
    if (!m_tcpConnected)
        return RedisConnection::tr("Cannot connect to Redis at %1: %2.").arg(where(), words);
    switch (m_contextError) {
    case REDIS_ERR_EOF:
        return RedisConnection::tr("Redis at %1 closed the connection.").arg(where());
    case REDIS_ERR_PROTOCOL:
        return RedisConnection::tr("Redis at %1 sent something that is not the Redis protocol: %2.").arg(where(), words);
    case REDIS_ERR_OTHER:
        // An error reply nothing asked for: Redis says why it drops the connection (too many
        // clients, loading its data set).
        return RedisConnection::tr("Redis at %1 dropped the connection: %2").arg(where(), m_contextErrorText);
    default:
        return RedisConnection::tr("The connection to Redis at %1 failed: %2.").arg(where(), words);
    }
}

void RedisConnection::Private::onReply(redisAsyncContext *, void *reply, void *privdata)
{
    auto *d = static_cast<Private *>(privdata);
    if (!reply || d->m_freeing)
        return; // the link goes: fail() answers whatever waits
    if (d->m_pending.empty() || d->m_pending.front().subscribe) {
        d->m_confused = true;
        return;
    }
    Pending pending = std::move(d->m_pending.front());
    d->m_pending.pop_front();
    d->m_pendingBytes -= pending.bytes;
    Event event;
    event.onReply = std::move(pending.onReply);
    event.reply = copyReply(*static_cast<const redisReply *>(reply));
    d->m_events.push_back(std::move(event));
}

// Called for the confirmation of each channel of a SUBSCRIBE, and for every message on them.
void RedisConnection::Private::onSubscribeReply(redisAsyncContext *, void *reply, void *privdata)
{
    auto *d = static_cast<Private *>(privdata);
    const auto *r = static_cast<const redisReply *>(reply);
    if (!r || d->m_freeing)
        return;
    if (r->type != REDIS_REPLY_ARRAY || r->elements < 3)
        return;
    const QByteArray kind = replyString(r->element[0]);
    const QByteArray channel = replyString(r->element[1]);
    if (kind == "message") {
        Event event;
        event.kind = Event::Kind::Message;
        event.channel = channel;
        event.payload = replyString(r->element[2]);
        d->m_events.push_back(std::move(event));
    } else if (kind == "subscribe") {
        if (d->m_pending.empty() || !d->m_pending.front().subscribe) {
            d->m_confused = true;
            return;
        }
        Pending &front = d->m_pending.front();
        front.unconfirmed.removeOne(channel);
        if (!front.unconfirmed.isEmpty())
            return;
        Event event;
        event.kind = Event::Kind::Subscribed;
        event.channels = std::move(front.channels);
        d->m_pendingBytes -= front.bytes;
        d->m_pending.pop_front();
        d->m_events.push_back(std::move(event));
    }
}

void RedisConnection::Private::onConnect(const redisAsyncContext *ac, int status)
{
    auto *d = static_cast<Private *>(ac->data);
    if (status == REDIS_OK)
        d->m_tcpConnected = true;
}

void RedisConnection::Private::addRead(void *data)
{
    auto *d = static_cast<Private *>(data);
    if (d->m_readNotifier)
        d->m_readNotifier->setEnabled(true);
}

void RedisConnection::Private::delRead(void *data)
{
    auto *d = static_cast<Private *>(data);
    if (d->m_readNotifier)
        d->m_readNotifier->setEnabled(false);
}

void RedisConnection::Private::addWrite(void *data)
{
    auto *d = static_cast<Private *>(data);
    if (d->m_writeNotifier)
        d->m_writeNotifier->setEnabled(true);
}

void RedisConnection::Private::delWrite(void *data)
{
    auto *d = static_cast<Private *>(data);
    if (d->m_writeNotifier)
        d->m_writeNotifier->setEnabled(false);
}

// hiredis is done with the socket: it is freeing the context, ours or its own doing (an error).
void RedisConnection::Private::cleanup(void *data)
{
    auto *d = static_cast<Private *>(data);
    delRead(data);
    delWrite(data);
    if (d->m_freeing || d->m_contextGone || !d->m_ac)
        return;
    d->m_contextGone = true;
    d->m_contextError = d->m_ac->err;
    d->m_contextErrorText = QString::fromLocal8Bit(d->m_ac->errstr ? d->m_ac->errstr : "");
}

RedisConnection::RedisConnection(QObject *parent)
    : QObject(parent)
    , d(new Private(this))
{
}

RedisConnection::~RedisConnection()
{
    d->teardown();
    delete d;
}

void RedisConnection::open(const Options &options)
{
    d->open(options);
}

void RedisConnection::close()
{
    d->teardown();
}

bool RedisConnection::isReady() const
{
    return d->m_state == Private::State::Ready && d->m_ac && !d->m_contextGone;
}

qint64 RedisConnection::pendingBytes() const
{
    return d->m_pendingBytes;
}

bool RedisConnection::command(const QList<QByteArray> &arguments, ReplyHandler onReply)
{
    if (!isReady() || d->m_subscriber)
        return false;
    Private::Pending pending;
    pending.onReply = std::move(onReply);
    return d->send(arguments, std::move(pending));
}

bool RedisConnection::subscribe(const QList<QByteArray> &channels)
{
    if (!isReady() || channels.isEmpty())
        return false;
    Private::Pending pending;
    pending.subscribe = true;
    pending.channels = channels;
    pending.unconfirmed = channels;
    QList<QByteArray> arguments{QByteArrayLiteral("SUBSCRIBE")};
    arguments += channels;
    if (!d->send(arguments, std::move(pending)))
        return false;
    d->m_subscriber = true;
    return true;
}

} // namespace wsm
