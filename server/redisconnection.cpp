#include "redisconnection_p.h"

#include "steadyclock.h"

#include <QPointer>

#include <csignal>
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

} // namespace

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
