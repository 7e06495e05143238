#include "redisconnection_p.h"

#include <QPointer>

#include <utility>

namespace wsm {

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

} // namespace

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

} // namespace wsm
