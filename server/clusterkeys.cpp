#include "clusterkeys.h"

#include "clusterlink.h"

#include <QPointer>

#include <memory>

namespace wsm {

namespace {

constexpr int PageSize = 500;  // SCAN's COUNT: a hint to Redis, a page is usually about this long
constexpr int MaxPages = 1000; // an empty page still costs a round: the whole walk is bounded too

struct KeyWalk
{
    QPointer<ClusterLink> link;
    QByteArray pattern;
    int maxKeys = 0;
    int pages = 0;
    QList<QPair<QByteArray, QByteArray>> found;
    ClusterKeysDone done;
};

void nextPage(const std::shared_ptr<KeyWalk> &walk, const QByteArray &cursor);

void finish(const std::shared_ptr<KeyWalk> &walk, bool ok)
{
    const ClusterKeysDone done = std::move(walk->done);
    walk->done = {};
    if (done)
        done(ok, ok ? walk->found : QList<QPair<QByteArray, QByteArray>>());
}

void readValues(const std::shared_ptr<KeyWalk> &walk, const QByteArray &cursor, const QList<QByteArray> &keys)
{
    if (!walk->link) {
        finish(walk, false);
        return;
    }
    QList<QByteArray> command{QByteArrayLiteral("MGET")};
    command += keys;
    const bool sent = walk->link->command(command, [walk, cursor, keys](const RedisReply &reply) {
        if (reply.type != RedisReply::Type::Array || reply.elements.size() != keys.size()) {
            finish(walk, false);
            return;
        }
        for (int i = 0; i < keys.size(); ++i) {
            if (reply.elements.at(i).type == RedisReply::Type::String)
                walk->found.append({keys.at(i), reply.elements.at(i).string});
        }
        if (cursor == "0" || walk->found.size() >= walk->maxKeys || walk->pages >= MaxPages)
            finish(walk, true);
        else
            nextPage(walk, cursor);
    });
    if (!sent)
        finish(walk, false);
}

void nextPage(const std::shared_ptr<KeyWalk> &walk, const QByteArray &cursor)
{
    if (!walk->link) {
        finish(walk, false);
        return;
    }
    ++walk->pages;
    const bool sent = walk->link->command(
        {QByteArrayLiteral("SCAN"), cursor, QByteArrayLiteral("MATCH"), walk->pattern, QByteArrayLiteral("COUNT"),
         QByteArray::number(PageSize)},
        [walk](const RedisReply &reply) {
            if (reply.type != RedisReply::Type::Array || reply.elements.size() != 2
                || reply.elements.at(1).type != RedisReply::Type::Array) {
                finish(walk, false);
                return;
            }
            const QByteArray next = reply.elements.at(0).string;
            QList<QByteArray> keys;
            for (const RedisReply &key : reply.elements.at(1).elements) {
                if (walk->found.size() + keys.size() < walk->maxKeys)
                    keys.append(key.string);
            }
            if (!walk->link) {
                finish(walk, false);
            } else if (!keys.isEmpty()) {
                readValues(walk, next, keys);
            } else if (next == "0" || walk->found.size() >= walk->maxKeys || walk->pages >= MaxPages) {
                finish(walk, true);
            } else {
                nextPage(walk, next);
            }
        });
    if (!sent)
        finish(walk, false);
}

} // namespace

void readClusterKeys(ClusterLink *link, const QByteArray &pattern, int maxKeys, ClusterKeysDone done)
{
    auto walk = std::make_shared<KeyWalk>();
    walk->link = link;
    walk->pattern = pattern;
    walk->maxKeys = maxKeys;
    walk->done = std::move(done);
    nextPage(walk, QByteArrayLiteral("0"));
}

} // namespace wsm
