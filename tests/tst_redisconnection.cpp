// RedisConnection against a real redis-server (tests/redisserver.h): the handshake, binary values,
// publish/subscribe, and every way the link can go (killed, frozen, refused, closed, deleted by its
// owner from inside its own callbacks).

#include "redisconnection.h"
#include "redisserver.h"
#include "servercontroller.h"
#include "testsupport.h"

#ifdef WSM_HAVE_EPOLL_DISPATCHER
#include "epolleventdispatcher.h"
#endif

#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace wsm;
using namespace wsm::test;

namespace {

// Short, so that the rows about timeouts end soon; they bound a wait, they assert no time.
constexpr int ShortTimeoutMs = 400;

RedisConnection::Options optionsFor(const RedisServerProcess &redis)
{
    RedisConnection::Options options;
    options.host = QStringLiteral("127.0.0.1");
    options.port = redis.port();
    options.password = redis.password();
    // Long enough for a sanitizer build on a busy core; the rows about timeouts set their own.
    options.connectTimeoutMs = WaitMs;
    options.replyTimeoutMs = WaitMs;
    return options;
}

// Waits for one outcome of open(): true on ready(), false (with down's words in *why) on down().
bool openAndWait(RedisConnection &connection, const RedisConnection::Options &options, QString *why = nullptr)
{
    QSignalSpy ready(&connection, &RedisConnection::ready);
    QSignalSpy down(&connection, &RedisConnection::down);
    connection.open(options);
    if (!QTest::qWaitFor([&] { return ready.count() + down.count() > 0; }, WaitMs)) {
        if (why)
            *why = QStringLiteral("neither ready() nor down() in time");
        return false;
    }
    if (why && !down.isEmpty())
        *why = down.first().first().toString();
    return ready.count() == 1 && down.isEmpty() && connection.isReady();
}

// Runs one command and waits for its reply.
std::optional<RedisReply> run(RedisConnection &connection, const QList<QByteArray> &arguments)
{
    std::optional<RedisReply> result;
    if (!connection.command(arguments, [&](const RedisReply &reply) { result = reply; }))
        return std::nullopt;
    if (!QTest::qWaitFor([&] { return result.has_value(); }, WaitMs))
        return std::nullopt;
    return result;
}

// A port on 127.0.0.1 where nothing listens (it did a moment ago).
quint16 deadPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

} // namespace

class TestRedisConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void connectsAndIsReady_data();
    void connectsAndIsReady();
    void binaryValueRoundTrips();
    void password_data();
    void password();
    void selectsDatabase();
    void subscriberReceivesMessagesInOrder();
    void subscriberTakesNoOtherCommand();
    void killedRedisAnswersEveryPendingHandler();
    void frozenRedisReplyTimesOutWithoutBlocking();
    void frozenRedisConnectTimesOut();
    void nothingListening();
    void unknownHost();
    void pendingBytesAreCapped();
    void closeCallsNoHandlerAndEmitsNothing();
    void deletedInsideItsOwnDown();
    void deletedInsideAReplyHandler();
    void reopensAfterRedisRestarts();
};

void TestRedisConnection::connectsAndIsReady_data()
{
    QTest::addColumn<QString>("host");
    QTest::newRow("address") << QStringLiteral("127.0.0.1");
    QTest::newRow("host name, looked up without blocking") << QStringLiteral("localhost");
}

void TestRedisConnection::connectsAndIsReady()
{
    QFETCH(QString, host);
    RedisServerProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));

    RedisConnection connection;
    QSignalSpy ready(&connection, &RedisConnection::ready);
    QSignalSpy down(&connection, &RedisConnection::down);
    RedisConnection::Options options = optionsFor(redis);
    options.host = host;
    connection.open(options);
    // Nothing happens inside open(): the lookup and the connect run in the event loop.
    QCOMPARE(ready.count(), 0);
    QVERIFY(!connection.isReady());
    QVERIFY(!connection.command({"PING"}));

    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, WaitMs);
    QVERIFY(down.isEmpty());
    QVERIFY(connection.isReady());
    QCOMPARE(connection.pendingBytes(), 0);
    const auto pong = run(connection, {"PING"});
    QVERIFY(pong);
    QCOMPARE(int(pong->type), int(RedisReply::Type::Status));
    QCOMPARE(pong->string, QByteArray("PONG"));
}

void TestRedisConnection::binaryValueRoundTrips()
{
    RedisServerProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisConnection connection;
    QString why;
    QVERIFY2(openAndWait(connection, optionsFor(redis), &why), qPrintable(why));

    const QByteArray key("key\0with\xff", 9);
    const QByteArray value("\0a\0\xff\xfe\x80 \r\n$3\r\n", 14);
    const auto set = run(connection, {"SET", key, value});
    QVERIFY(set);
    QCOMPARE(set->string, QByteArray("OK"));
    const auto get = run(connection, {"GET", key});
    QVERIFY(get);
    QCOMPARE(int(get->type), int(RedisReply::Type::String));
    QCOMPARE(get->string, value);

    const auto missing = run(connection, {"GET", "no such key"});
    QVERIFY(missing);
    QCOMPARE(int(missing->type), int(RedisReply::Type::Nil));
    const auto counter = run(connection, {"INCRBY", "counter", "41"});
    QVERIFY(counter);
    QCOMPARE(int(counter->type), int(RedisReply::Type::Integer));
    QCOMPARE(counter->integer, 41);
    QVERIFY(run(connection, {"RPUSH", "list", value, "two"}));
    const auto list = run(connection, {"LRANGE", "list", "0", "-1"});
    QVERIFY(list);
    QCOMPARE(int(list->type), int(RedisReply::Type::Array));
    QCOMPARE(list->elements.size(), 2);
    QCOMPARE(list->elements.at(0).string, value);
    QCOMPARE(list->elements.at(1).string, QByteArray("two"));
    const auto wrongType = run(connection, {"INCR", "list"});
    QVERIFY(wrongType);
    QVERIFY(wrongType->isError());
    QVERIFY2(wrongType->string.startsWith("WRONGTYPE"), wrongType->string.constData());
    QVERIFY(connection.isReady()); // an error reply is an answer, not a failure of the link
}

void TestRedisConnection::password_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("ready");
    QTest::addColumn<QString>("why"); // what down() says, in part
    QTest::newRow("right password") << QStringLiteral("s3cret pass") << true << QString();
    QTest::newRow("wrong password") << QStringLiteral("not-the-pw") << false
                                    << QStringLiteral("Redis refused the password: WRONGPASS");
    QTest::newRow("no password") << QString() << false << QStringLiteral("NOAUTH");
}

void TestRedisConnection::password()
{
    QFETCH(QString, password);
    QFETCH(bool, ready);
    QFETCH(QString, why);
    RedisServerProcess redis;
    QVERIFY2(redis.start(QStringLiteral("s3cret pass")), qPrintable(redis.errorString()));

    RedisConnection connection;
    QSignalSpy down(&connection, &RedisConnection::down);
    RedisConnection::Options options = optionsFor(redis);
    options.password = password;
    QString said;
    QCOMPARE(openAndWait(connection, options, &said), ready);
    if (ready) {
        QVERIFY(run(connection, {"SET", "k", "v"}));
        return;
    }
    QCOMPARE(down.count(), 1);
    QVERIFY2(said.contains(why), qPrintable(said));
    QVERIFY(!said.contains(password.isEmpty() ? QStringLiteral("s3cret") : password)); // never the secret
    QVERIFY(!connection.isReady());
}

void TestRedisConnection::selectsDatabase()
{
    RedisServerProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisConnection three;
    RedisConnection::Options options = optionsFor(redis);
    options.database = 3;
    QString why;
    QVERIFY2(openAndWait(three, options, &why), qPrintable(why));
    RedisConnection zero;
    QVERIFY2(openAndWait(zero, optionsFor(redis), &why), qPrintable(why));

    QVERIFY(run(three, {"SET", "where", "three"}));
    const auto inThree = run(three, {"GET", "where"});
    QVERIFY(inThree);
    QCOMPARE(inThree->string, QByteArray("three"));
    const auto inZero = run(zero, {"GET", "where"});
    QVERIFY(inZero);
    QCOMPARE(int(inZero->type), int(RedisReply::Type::Nil));

    RedisConnection beyond;
    options.database = 100000; // past Redis's 16 databases
    QVERIFY(!openAndWait(beyond, options, &why));
    QVERIFY2(why.contains(QStringLiteral("refused database 100000")), qPrintable(why));
}

void TestRedisConnection::subscriberReceivesMessagesInOrder()
{
    RedisServerProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisConnection subscriber;
    RedisConnection publisher;
    QString why;
    QVERIFY2(openAndWait(subscriber, optionsFor(redis), &why), qPrintable(why));
    QVERIFY2(openAndWait(publisher, optionsFor(redis), &why), qPrintable(why));

    QSignalSpy subscribed(&subscriber, &RedisConnection::subscribed);
    QList<std::pair<QByteArray, QByteArray>> received;
    connect(&subscriber, &RedisConnection::messageReceived, this,
            [&](const QByteArray &channel, const QByteArray &payload) { received.append({channel, payload}); });
    const QList<QByteArray> channels{"wsmonitor:test", QByteArray("bin\0chan", 8)};
    QVERIFY(subscriber.subscribe(channels));
    QTRY_COMPARE_WITH_TIMEOUT(subscribed.count(), 1, WaitMs);
    QCOMPARE(subscribed.first().first().value<QList<QByteArray>>(), channels);
    QCOMPARE(subscriber.pendingBytes(), 0);

    constexpr int Messages = 1000;
    int answered = 0;
    for (int i = 0; i < Messages; ++i) {
        const QByteArray payload = QByteArray::number(i) + QByteArray("\0\xff", 2);
        QVERIFY(publisher.command({"PUBLISH", channels.at(i % 2), payload}, [&](const RedisReply &reply) {
            if (reply.type == RedisReply::Type::Integer && reply.integer == 1)
                ++answered;
        }));
    }
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), Messages, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(answered, Messages, WaitMs);
    for (int i = 0; i < Messages; ++i) {
        QCOMPARE(received.at(i).first, channels.at(i % 2));
        QCOMPARE(received.at(i).second, QByteArray::number(i) + QByteArray("\0\xff", 2));
    }
    QCOMPARE(publisher.pendingBytes(), 0);
}

void TestRedisConnection::subscriberTakesNoOtherCommand()
{
    RedisServerProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisConnection subscriber;
    QString why;
    QVERIFY2(openAndWait(subscriber, optionsFor(redis), &why), qPrintable(why));
    QSignalSpy subscribed(&subscriber, &RedisConnection::subscribed);
    QVERIFY(subscriber.subscribe({"one"}));
    QVERIFY(!subscriber.command({"GET", "k"}));
    QVERIFY(subscriber.subscribe({"two", "three"}));
    QTRY_COMPARE_WITH_TIMEOUT(subscribed.count(), 2, WaitMs);
    QCOMPARE(subscribed.at(0).first().value<QList<QByteArray>>(), QList<QByteArray>{"one"});
    QCOMPARE(subscribed.at(1).first().value<QList<QByteArray>>(), (QList<QByteArray>{"two", "three"}));
    QVERIFY(!subscriber.subscribe({}));
    QVERIFY(subscriber.isReady());
}

void TestRedisConnection::killedRedisAnswersEveryPendingHandler()
{
    RedisServerProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisConnection connection;
    QString why;
    QVERIFY2(openAndWait(connection, optionsFor(redis), &why), qPrintable(why));
    QSignalSpy down(&connection, &RedisConnection::down);

    // BLPOP on an empty list with no time limit: Redis holds the first, and the rest wait behind it.
    constexpr int Commands = 5;
    QList<RedisReply> replies;
    int handlersBeforeDown = 0;
    connect(&connection, &RedisConnection::down, this, [&] { handlersBeforeDown = replies.size(); });
    for (int i = 0; i < Commands; ++i)
        QVERIFY(connection.command({"BLPOP", "empty", "0"}, [&](const RedisReply &reply) { replies.append(reply); }));
    QVERIFY(connection.pendingBytes() > 0);
    // Once Redis holds the first BLPOP (a second connection's CLIENT LIST shows it blocked).
    RedisConnection observer;
    QVERIFY2(openAndWait(observer, optionsFor(redis), &why), qPrintable(why));
    QVERIFY(QTest::qWaitFor([&] {
        const auto list = run(observer, {"CLIENT", "LIST"});
        return list && list->string.contains("cmd=blpop");
    }, WaitMs));

    QSignalSpy observerDown(&observer, &RedisConnection::down);
    QVERIFY2(redis.kill(), qPrintable(redis.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(down.count(), 1, WaitMs);
    QCOMPARE(replies.size(), Commands);
    QCOMPARE(handlersBeforeDown, Commands); // the handlers first, then down()
    for (const RedisReply &reply : std::as_const(replies))
        QVERIFY(reply.isError());
    const QString said = down.first().first().toString();
    QVERIFY2(said.contains(QStringLiteral("127.0.0.1:%1").arg(redis.port())), qPrintable(said));
    QVERIFY(!connection.isReady());
    QCOMPARE(connection.pendingBytes(), 0);
    QVERIFY(!connection.command({"PING"}));
    // The observer's down too: after it, nothing more comes to the first connection.
    QTRY_COMPARE_WITH_TIMEOUT(observerDown.count(), 1, WaitMs);
    QCoreApplication::processEvents();
    QCOMPARE(down.count(), 1);
    QCOMPARE(replies.size(), Commands);
}

void TestRedisConnection::frozenRedisReplyTimesOutWithoutBlocking()
{
    RedisServerProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisConnection connection;
    RedisConnection::Options options = optionsFor(redis);
    options.replyTimeoutMs = ShortTimeoutMs;
    QString why;
    QVERIFY2(openAndWait(connection, options, &why), qPrintable(why));
    QSignalSpy down(&connection, &RedisConnection::down);

    QVERIFY2(redis.freeze(), qPrintable(redis.errorString()));
    // A timer in the same thread: it keeps firing while the connection waits for the reply.
    int ticks = 0;
    int ticksAtDown = -1;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&] { ++ticks; });
    connect(&connection, &RedisConnection::down, this, [&] { ticksAtDown = ticks; });
    ticker.start(10);
    std::optional<RedisReply> reply;
    QVERIFY(connection.command({"GET", "k"}, [&](const RedisReply &r) { reply = r; }));
    QTRY_COMPARE_WITH_TIMEOUT(down.count(), 1, WaitMs);
    QVERIFY(reply);
    QVERIFY(reply->isError());
    const QString said = down.first().first().toString();
    QVERIFY2(said.contains(QStringLiteral("timed out")), qPrintable(said));
    QVERIFY2(said.contains(QStringLiteral("0.4 s")), qPrintable(said));
    QVERIFY2(ticksAtDown >= 3, qPrintable(QString::number(ticksAtDown)));
    QVERIFY(!connection.isReady());
    QVERIFY(redis.thaw());
}

void TestRedisConnection::frozenRedisConnectTimesOut()
{
    RedisServerProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QVERIFY2(redis.freeze(), qPrintable(redis.errorString()));
    RedisConnection connection;
    RedisConnection::Options options = optionsFor(redis);
    options.connectTimeoutMs = ShortTimeoutMs;
    QSignalSpy ready(&connection, &RedisConnection::ready);
    QString why;
    QVERIFY(!openAndWait(connection, options, &why));
    QVERIFY2(why.contains(QStringLiteral("timed out")), qPrintable(why));
    QCOMPARE(ready.count(), 0);
    QVERIFY(redis.thaw());
}

void TestRedisConnection::nothingListening()
{
    const quint16 port = deadPort();
    QVERIFY(port != 0);
    RedisConnection connection;
    RedisConnection::Options options;
    options.host = QStringLiteral("127.0.0.1");
    options.port = port;
    QSignalSpy down(&connection, &RedisConnection::down);
    QString why;
    QVERIFY(!openAndWait(connection, options, &why));
    QCOMPARE(down.count(), 1);
    QVERIFY2(why.contains(QStringLiteral("Cannot connect to Redis at 127.0.0.1:%1").arg(port)), qPrintable(why));
    QVERIFY2(why.contains(QStringLiteral("refused")), qPrintable(why));

    // "localhost" has two addresses here (127.0.0.1 and ::1): both refuse, and down() comes once.
    RedisConnection byName;
    QSignalSpy byNameDown(&byName, &RedisConnection::down);
    options.host = QStringLiteral("localhost");
    QVERIFY(!openAndWait(byName, options, &why));
    QCOMPARE(byNameDown.count(), 1);
    QVERIFY2(why.contains(QStringLiteral("localhost:%1").arg(port)), qPrintable(why));
}

void TestRedisConnection::unknownHost()
{
    RedisConnection connection;
    RedisConnection::Options options;
    options.host = QStringLiteral("no-such-host.invalid"); // RFC 6761: never resolves
    QString why;
    QVERIFY(!openAndWait(connection, options, &why));
    QVERIFY2(why.contains(QStringLiteral("no-such-host.invalid")), qPrintable(why));
}

void TestRedisConnection::pendingBytesAreCapped()
{
    RedisServerProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisConnection connection;
    RedisConnection::Options options = optionsFor(redis);
    options.maxPendingBytes = 1000;
    QString why;
    QVERIFY2(openAndWait(connection, options, &why), qPrintable(why));
    QVERIFY2(redis.freeze(), qPrintable(redis.errorString()));

    const QByteArray value(100, 'v');
    int accepted = 0;
    int handled = 0;
    for (int i = 0; i < 100 && connection.command({"SET", "k", value}, [&](const RedisReply &) { ++handled; }); ++i)
        ++accepted;
    QVERIFY(accepted > 0);
    QVERIFY2(accepted < 100, "never refused");
    QVERIFY(connection.pendingBytes() <= options.maxPendingBytes);
    QVERIFY(connection.pendingBytes() + 128 > options.maxPendingBytes); // the next SET (128 bytes) would pass it
    QVERIFY(!connection.command({"SET", "k", value}));
    QVERIFY(connection.command({"PING"})); // 14 bytes: a smaller command still fits (7 SETs are 896)
    QCOMPARE(handled, 0);

    // Redis runs again: everything accepted is answered, and the room is back.
    QVERIFY(redis.thaw());
    QTRY_COMPARE_WITH_TIMEOUT(handled, accepted, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(connection.pendingBytes(), 0, WaitMs);
    QVERIFY(connection.command({"SET", "k", value}));
}

void TestRedisConnection::closeCallsNoHandlerAndEmitsNothing()
{
    RedisServerProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisConnection connection;
    QString why;
    QVERIFY2(openAndWait(connection, optionsFor(redis), &why), qPrintable(why));
    QSignalSpy down(&connection, &RedisConnection::down);
    QSignalSpy ready(&connection, &RedisConnection::ready);
    int handled = 0;
    for (int i = 0; i < 3; ++i)
        QVERIFY(connection.command({"BLPOP", "empty", "0"}, [&](const RedisReply &) { ++handled; }));
    connection.close();
    QVERIFY(!connection.isReady());
    QCOMPARE(connection.pendingBytes(), 0);
    QVERIFY(!connection.command({"PING"}));

    // Redis sees the connection go (CLIENT LIST from another one shows no blocked client): by then
    // anything the closed connection could still have done would have happened.
    RedisConnection observer;
    QVERIFY2(openAndWait(observer, optionsFor(redis), &why), qPrintable(why));
    QVERIFY(QTest::qWaitFor([&] {
        const auto list = run(observer, {"CLIENT", "LIST"});
        return list && !list->string.contains("cmd=blpop");
    }, WaitMs));
    redis.kill();
    QSignalSpy observerDown(&observer, &RedisConnection::down);
    QTRY_COMPARE_WITH_TIMEOUT(observerDown.count(), 1, WaitMs);
    QCOMPARE(handled, 0);
    QCOMPARE(down.count(), 0);
    QCOMPARE(ready.count(), 0);

    // A connect under way is forgotten as quietly.
    QVERIFY(redis.restart());
    connection.open(optionsFor(redis));
    connection.close();
    QVERIFY2(openAndWait(observer, optionsFor(redis), &why), qPrintable(why));
    QVERIFY(run(observer, {"PING"}));
    QCoreApplication::processEvents();
    QCOMPARE(ready.count(), 0);
    QCOMPARE(down.count(), 0);
}

void TestRedisConnection::deletedInsideItsOwnDown()
{
    RedisServerProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QPointer<RedisConnection> connection = new RedisConnection;
    QString why;
    QVERIFY2(openAndWait(*connection, optionsFor(redis), &why), qPrintable(why));
    int downs = 0;
    int handled = 0;
    connect(connection.data(), &RedisConnection::down, this, [&] {
        ++downs;
        delete connection.data();
    });
    for (int i = 0; i < 3; ++i)
        QVERIFY(connection->command({"BLPOP", "empty", "0"}, [&](const RedisReply &) { ++handled; }));
    QVERIFY(redis.kill());
    QTRY_VERIFY_WITH_TIMEOUT(connection.isNull(), WaitMs);
    QCOMPARE(downs, 1);
    QCOMPARE(handled, 3);
}

void TestRedisConnection::deletedInsideAReplyHandler()
{
    RedisServerProcess redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QPointer<RedisConnection> connection = new RedisConnection;
    QString why;
    QVERIFY2(openAndWait(*connection, optionsFor(redis), &why), qPrintable(why));
    QSignalSpy down(connection.data(), &RedisConnection::down);
    int first = 0;
    int later = 0;
    // Sent together, so that their replies arrive in one read: the first handler deletes the
    // connection, and the others are never called.
    QVERIFY(connection->command({"PING"}, [&](const RedisReply &) {
        ++first;
        delete connection.data();
    }));
    for (int i = 0; i < 3; ++i)
        QVERIFY(connection->command({"PING"}, [&](const RedisReply &) { ++later; }));
    QTRY_VERIFY_WITH_TIMEOUT(connection.isNull(), WaitMs);
    QCOMPARE(first, 1);
    QCOMPARE(later, 0);
    QCOMPARE(down.count(), 0);

    // The same from inside a handler called with an error, as the link goes.
    connection = new RedisConnection;
    QVERIFY2(openAndWait(*connection, optionsFor(redis), &why), qPrintable(why));
    first = 0;
    later = 0;
    QVERIFY(connection->command({"BLPOP", "empty", "0"}, [&](const RedisReply &reply) {
        first += reply.isError() ? 1 : 100;
        delete connection.data();
    }));
    QVERIFY(connection->command({"BLPOP", "empty", "0"}, [&](const RedisReply &) { ++later; }));
    QVERIFY(redis.kill());
    QTRY_VERIFY_WITH_TIMEOUT(connection.isNull(), WaitMs);
    QCOMPARE(first, 1);
    QCOMPARE(later, 0);
}

void TestRedisConnection::reopensAfterRedisRestarts()
{
    RedisServerProcess redis;
    QVERIFY2(redis.start(QStringLiteral("pw")), qPrintable(redis.errorString()));
    RedisConnection connection;
    RedisConnection::Options options = optionsFor(redis);
    options.database = 2;
    QString why;
    QVERIFY2(openAndWait(connection, options, &why), qPrintable(why));
    QSignalSpy down(&connection, &RedisConnection::down);
    QVERIFY2(redis.stop(), qPrintable(redis.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(down.count(), 1, WaitMs);
    const QString said = down.first().first().toString();
    QVERIFY2(said.contains(QStringLiteral("closed the connection")), qPrintable(said));

    // While Redis is away, open() fails as a connect does.
    QVERIFY(!openAndWait(connection, options, &why));
    QVERIFY2(why.contains(QStringLiteral("Cannot connect")), qPrintable(why));

    QVERIFY2(redis.restart(), qPrintable(redis.errorString()));
    QVERIFY2(openAndWait(connection, options, &why), qPrintable(why));
    QVERIFY(run(connection, {"SET", "again", "yes"}));
    const auto again = run(connection, {"GET", "again"});
    QVERIFY(again);
    QCOMPARE(again->string, QByteArray("yes"));
}

int main(int argc, char *argv[])
{
    // The event dispatcher the server thread runs on (epoll, or Qt's with WSM_EVENT_DISPATCHER=qt),
    // where the cluster's connections live.
#ifdef WSM_HAVE_EPOLL_DISPATCHER
    if (ServerController::defaultEventDispatcher() == EventDispatcherKind::Epoll) {
        if (QAbstractEventDispatcher *dispatcher = EpollEventDispatcher::create())
            QCoreApplication::setEventDispatcher(dispatcher);
    }
#endif
    QCoreApplication app(argc, argv);
    TestRedisConnection test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_redisconnection.moc"
