// ClusterControl between nodes on an in-memory bus (no Redis): requests reach the named node and run
// there, replies come back to the asker, and every way a request cannot be answered by its target
// (link down, no such node, no answer, too many waiting, the link lost meanwhile) is answered by the
// asker with why. tst_clustercontrol runs the same through a real redis-server and real nodes.

#include "clustercontrol.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <memory>
#include <optional>

using namespace wsm;

namespace {

// Publish/subscribe in one process: a message is delivered a turn of the event loop later, as Redis
// would, to whoever listens on its channel; a frozen bus takes messages and delivers none.
class Bus : public QObject
{
public:
    using Handler = std::function<void(const QByteArray &)>;

    void listen(const QByteArray &channel, Handler handler) { m_handlers.insert(channel, std::move(handler)); }

    bool publish(const QByteArray &channel, const QByteArray &payload)
    {
        published.append({channel, payload});
        if (frozen)
            return true;
        QTimer::singleShot(0, this, [this, channel, payload] {
            if (m_handlers.contains(channel))
                m_handlers.value(channel)(payload);
        });
        return true;
    }

    bool frozen = false;
    QList<QPair<QByteArray, QByteArray>> published;

private:
    QHash<QByteArray, Handler> m_handlers;
};

// One node: its control on the bus, and what its clients were asked to do.
struct Node
{
    Node(Bus *bus, const QString &name, const QStringList *registry, int timeoutMs = 3000)
    {
        ClusterControl::Bus link;
        link.nodeName = name;
        link.isUp = [this] { return up; };
        link.knowsNode = [registry](const QString &node) { return registry->contains(node); };
        link.publish = [this, bus](const QByteArray &channel, const QByteArray &payload) {
            return publishes && bus->publish(channel, payload);
        };
        control = std::make_unique<ClusterControl>(
            link,
            [this](const ClusterControl::Request &request) {
                requests.append(request);
                ClusterControl::Reply reply;
                reply.ok = request.operation != ClusterControl::Operation::Send || request.sessionId == 1;
                reply.message = QStringLiteral("done on %1").arg(control->nodeName());
                if (request.operation == ClusterControl::Operation::Details) {
                    reply.hasDetails = true;
                    reply.details.sessionId = request.sessionId;
                    reply.details.found = request.sessionId == 1;
                    reply.details.requestLine = QStringLiteral("GET /chat HTTP/1.1");
                }
                return reply;
            },
            timeoutMs);
        bus->listen(ClusterControl::requestChannel(name),
                    [this](const QByteArray &payload) { control->onRequestMessage(payload); });
        bus->listen(ClusterControl::replyChannel(name),
                    [this](const QByteArray &payload) { control->onReplyMessage(payload); });
    }

    // Asks and keeps the reply when it comes.
    void ask(const QString &node, const ClusterControl::Request &request)
    {
        control->ask(node, request, [this](const ClusterControl::Reply &reply) { replies.append(reply); });
    }

    std::unique_ptr<ClusterControl> control;
    bool up = true;
    bool publishes = true;
    QList<ClusterControl::Request> requests; // run here
    QList<ClusterControl::Reply> replies;    // to what this node asked
};

ClusterControl::Request kickRequest(QList<quint64> ids, int code, const QString &reason)
{
    ClusterControl::Request request;
    request.operation = ClusterControl::Operation::Kick;
    request.sessionIds = ids;
    request.closeCode = code;
    request.reason = reason;
    return request;
}

ClusterControl::Request detailsRequest(quint64 sessionId)
{
    ClusterControl::Request request;
    request.operation = ClusterControl::Operation::Details;
    request.sessionId = sessionId;
    return request;
}

} // namespace

class tst_ClusterControlBus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void kickRunsOnTheNodeNamed();
    void sendCarriesTextAndBinary_data();
    void sendCarriesTextAndBinary();
    void detailsComeBack();
    void thisNodeRunsHereWithoutTheBus();
    void refusedAtOnce_data();
    void refusedAtOnce();
    void noAnswerTimesOut();
    void lateReplyIsIgnored();
    void replyFromAnotherNodeIsIgnored();
    void pendingIsBounded();
    void failPendingAnswersEveryWaitingRequest();
    void unreadableMessagesAreCounted_data();
    void unreadableMessagesAreCounted();
    void otherVersionIsAnsweredWithAFailure();

private:
    Bus *m_bus = nullptr;
    QStringList m_registry;
    Node *m_a = nullptr;
    Node *m_c = nullptr;
};

void tst_ClusterControlBus::init()
{
    m_bus = new Bus;
    m_registry = {QStringLiteral("A"), QStringLiteral("C")};
    m_a = new Node(m_bus, QStringLiteral("A"), &m_registry);
    m_c = new Node(m_bus, QStringLiteral("C"), &m_registry);
}

void tst_ClusterControlBus::cleanup()
{
    delete m_a;
    delete m_c;
    delete m_bus;
}

void tst_ClusterControlBus::kickRunsOnTheNodeNamed()
{
    m_a->ask(QStringLiteral("C"), kickRequest({12, 14}, 4321, QStringLiteral("moved 搬走")));
    QVERIFY(m_a->replies.isEmpty()); // through the bus, never from inside the call
    QTRY_COMPARE(m_a->replies.size(), 1);
    QVERIFY(m_a->replies[0].ok);
    QCOMPARE(m_a->replies[0].message, QStringLiteral("done on C"));
    QCOMPARE(m_c->requests.size(), 1);
    QCOMPARE(m_c->requests[0].operation, ClusterControl::Operation::Kick);
    QCOMPARE(m_c->requests[0].sessionIds, (QList<quint64>{12, 14}));
    QCOMPARE(m_c->requests[0].closeCode, 4321);
    QCOMPARE(m_c->requests[0].reason, QStringLiteral("moved 搬走"));
    QVERIFY(m_a->requests.isEmpty());
    QCOMPARE(m_a->control->pendingCount(), 0);
    QCOMPARE(m_c->control->requestsServed(), 1u);
    // On the channels the cluster's layout names.
    QCOMPARE(m_bus->published[0].first, QByteArray("wsmonitor:control:C"));
    QCOMPARE(m_bus->published[1].first, QByteArray("wsmonitor:control-reply:A"));
}

void tst_ClusterControlBus::sendCarriesTextAndBinary_data()
{
    QTest::addColumn<OutgoingMessage>("message");
    QTest::newRow("text") << OutgoingMessage::fromText(QStringLiteral("hello 你好"));
    QTest::newRow("binary") << OutgoingMessage::fromBinary(QByteArray("\x00\xff\x80\n", 4));
}

void tst_ClusterControlBus::sendCarriesTextAndBinary()
{
    QFETCH(OutgoingMessage, message);
    ClusterControl::Request request;
    request.operation = ClusterControl::Operation::Send;
    request.sessionId = 1;
    request.message = message;
    m_a->ask(QStringLiteral("C"), request);
    QTRY_COMPARE(m_a->replies.size(), 1);
    QVERIFY(m_a->replies[0].ok);
    QCOMPARE(m_c->requests.size(), 1);
    QCOMPARE(m_c->requests[0].sessionId, 1u);
    QCOMPARE(m_c->requests[0].message.isBinary(), message.isBinary());
    QCOMPARE(m_c->requests[0].message.text, message.text);
    QCOMPARE(m_c->requests[0].message.data, message.data);

    // The target's failure is the asker's answer.
    request.sessionId = 2;
    m_a->ask(QStringLiteral("C"), request);
    QTRY_COMPARE(m_a->replies.size(), 2);
    QVERIFY(!m_a->replies[1].ok);
}

void tst_ClusterControlBus::detailsComeBack()
{
    m_a->ask(QStringLiteral("C"), detailsRequest(1));
    m_a->ask(QStringLiteral("C"), detailsRequest(2));
    QTRY_COMPARE(m_a->replies.size(), 2);
    QVERIFY(m_a->replies[0].ok && m_a->replies[0].hasDetails);
    QVERIFY(m_a->replies[0].details.found);
    QCOMPARE(m_a->replies[0].details.sessionId, 1u);
    QCOMPARE(m_a->replies[0].details.requestLine, QStringLiteral("GET /chat HTTP/1.1"));
    QVERIFY(m_a->replies[1].hasDetails);
    QVERIFY(!m_a->replies[1].details.found);
}

void tst_ClusterControlBus::thisNodeRunsHereWithoutTheBus()
{
    m_a->up = false; // not even the link is needed
    m_a->ask(QStringLiteral("A"), kickRequest({3}, 4000, QString()));
    QCOMPARE(m_a->replies.size(), 1);
    QVERIFY(m_a->replies[0].ok);
    QCOMPARE(m_a->requests.size(), 1);
    QVERIFY(m_bus->published.isEmpty());
}

void tst_ClusterControlBus::refusedAtOnce_data()
{
    QTest::addColumn<QString>("node");
    QTest::addColumn<bool>("linkUp");
    QTest::addColumn<bool>("publishes");
    QTest::addColumn<QString>("says");
    QTest::newRow("link down") << "C" << false << true << "The cluster link is down: node C cannot be reached.";
    QTest::newRow("no such node") << "D" << true << true << "There is no node named D in the cluster.";
    QTest::newRow("publish refused") << "C" << true << false << "could not be sent";
}

void tst_ClusterControlBus::refusedAtOnce()
{
    QFETCH(QString, node);
    QFETCH(bool, linkUp);
    QFETCH(bool, publishes);
    QFETCH(QString, says);
    m_a->up = linkUp;
    m_a->publishes = publishes;
    m_a->ask(node, kickRequest({1}, 4000, QString()));
    QCOMPARE(m_a->replies.size(), 1); // at once
    QVERIFY(!m_a->replies[0].ok);
    QVERIFY2(m_a->replies[0].message.contains(says), qPrintable(m_a->replies[0].message));
    QCOMPARE(m_a->control->pendingCount(), 0);
    QVERIFY(m_c->requests.isEmpty());
}

void tst_ClusterControlBus::noAnswerTimesOut()
{
    Node quick(m_bus, QStringLiteral("Q"), &m_registry, 200);
    m_bus->frozen = true; // Redis takes the request and never delivers it
    quick.ask(QStringLiteral("C"), kickRequest({1}, 4000, QString()));
    QCOMPARE(quick.control->pendingCount(), 1);
    QTRY_COMPARE(quick.replies.size(), 1);
    QVERIFY(!quick.replies[0].ok);
    QCOMPARE(quick.replies[0].message, QStringLiteral("Node C did not answer within 0.2 s."));
    QCOMPARE(quick.control->timedOutCount(), 1u);
    QCOMPARE(quick.control->pendingCount(), 0);
}

void tst_ClusterControlBus::lateReplyIsIgnored()
{
    Node quick(m_bus, QStringLiteral("Q"), &m_registry, 100);
    m_bus->frozen = true;
    quick.ask(QStringLiteral("C"), kickRequest({1}, 4000, QString()));
    QTRY_COMPARE(quick.replies.size(), 1);
    // The target's answer arrives after the timeout has answered: once is all.
    const QJsonObject request = QJsonDocument::fromJson(m_bus->published[0].second).object();
    ClusterControl::Reply late;
    late.ok = true;
    quick.control->onReplyMessage(
        ClusterControl::encodeReply(quint64(request.value(QLatin1String("id")).toInteger()), QStringLiteral("C"), late));
    QCOMPARE(quick.replies.size(), 1);
    QVERIFY(!quick.replies[0].ok);
}

void tst_ClusterControlBus::replyFromAnotherNodeIsIgnored()
{
    m_bus->frozen = true;
    m_a->ask(QStringLiteral("C"), kickRequest({1}, 4000, QString()));
    const quint64 id = quint64(QJsonDocument::fromJson(m_bus->published[0].second).object().value(QLatin1String("id")).toInteger());
    ClusterControl::Reply reply;
    reply.ok = true;
    m_a->control->onReplyMessage(ClusterControl::encodeReply(id, QStringLiteral("B"), reply));
    QVERIFY(m_a->replies.isEmpty());
    m_a->control->onReplyMessage(ClusterControl::encodeReply(id, QStringLiteral("C"), reply));
    QCOMPARE(m_a->replies.size(), 1);
    QVERIFY(m_a->replies[0].ok);
}

void tst_ClusterControlBus::pendingIsBounded()
{
    m_bus->frozen = true;
    for (int i = 0; i < ClusterControl::MaxPending; ++i)
        m_a->ask(QStringLiteral("C"), detailsRequest(1));
    QVERIFY(m_a->replies.isEmpty());
    QCOMPARE(m_a->control->pendingCount(), ClusterControl::MaxPending);
    m_a->ask(QStringLiteral("C"), detailsRequest(1));
    QCOMPARE(m_a->replies.size(), 1);
    QVERIFY(!m_a->replies[0].ok);
    QVERIFY2(m_a->replies[0].message.contains(QLatin1String("Too many requests")), qPrintable(m_a->replies[0].message));
    QCOMPARE(m_a->control->refusedCount(), 1u);
    QCOMPARE(m_a->control->pendingCount(), ClusterControl::MaxPending);
    QCOMPARE(m_bus->published.size(), ClusterControl::MaxPending); // the refused one was not sent
}

void tst_ClusterControlBus::failPendingAnswersEveryWaitingRequest()
{
    m_bus->frozen = true;
    m_a->ask(QStringLiteral("C"), detailsRequest(1));
    m_a->ask(QStringLiteral("C"), kickRequest({1}, 4000, QString()));
    m_a->control->failPending(QStringLiteral("the cluster link went down"));
    QCOMPARE(m_a->replies.size(), 2);
    for (const ClusterControl::Reply &reply : std::as_const(m_a->replies)) {
        QVERIFY(!reply.ok);
        QCOMPARE(reply.message, QStringLiteral("the cluster link went down"));
    }
    QCOMPARE(m_a->control->pendingCount(), 0);
    QCOMPARE(m_a->control->timedOutCount(), 0u);
}

void tst_ClusterControlBus::unreadableMessagesAreCounted_data()
{
    QTest::addColumn<bool>("isRequest");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("answered"); // the sender could be told
    QTest::newRow("request not JSON") << true << QByteArray("{nope") << false;
    QTest::newRow("request without id") << true << QByteArray(R"({"v":1,"from":"A","op":"details","sessionId":1})") << false;
    QTest::newRow("request without sender") << true << QByteArray(R"({"v":1,"id":5,"op":"details","sessionId":1})") << false;
    QTest::newRow("unknown operation") << true << QByteArray(R"({"v":1,"id":5,"from":"A","op":"reboot"})") << true;
    QTest::newRow("kick without ids") << true << QByteArray(R"({"v":1,"id":5,"from":"A","op":"kick","closeCode":4000})") << true;
    QTest::newRow("kick without code") << true << QByteArray(R"({"v":1,"id":5,"from":"A","op":"kick","sessionIds":[1]})") << true;
    QTest::newRow("send of bad base64") << true
        << QByteArray(R"({"v":1,"id":5,"from":"A","op":"send","sessionId":1,"message":{"kind":"binary","base64":"@@"}})") << true;
    QTest::newRow("reply not JSON") << false << QByteArray("[]") << false;
    QTest::newRow("reply without ok") << false << QByteArray(R"({"v":1,"id":5,"from":"C"})") << false;
}

void tst_ClusterControlBus::unreadableMessagesAreCounted()
{
    QFETCH(bool, isRequest);
    QFETCH(QByteArray, payload);
    QFETCH(bool, answered);
    if (isRequest)
        m_c->control->onRequestMessage(payload);
    else
        m_c->control->onReplyMessage(payload);
    QCOMPARE(m_c->control->malformedCount(), 1u);
    QVERIFY(m_c->requests.isEmpty()); // nothing run
    QCOMPARE(m_bus->published.size(), answered ? 1 : 0);
    if (answered) {
        QCOMPARE(m_bus->published[0].first, QByteArray("wsmonitor:control-reply:A"));
        const QJsonObject reply = QJsonDocument::fromJson(m_bus->published[0].second).object();
        QCOMPARE(reply.value(QLatin1String("id")).toInteger(), 5);
        QCOMPARE(reply.value(QLatin1String("ok")).toBool(true), false);
    }
}

void tst_ClusterControlBus::otherVersionIsAnsweredWithAFailure()
{
    m_c->control->onRequestMessage(R"({"v":2,"id":5,"from":"A","op":"details","sessionId":1})");
    QVERIFY(m_c->requests.isEmpty());
    QCOMPARE(m_bus->published.size(), 1);
    const QJsonObject reply = QJsonDocument::fromJson(m_bus->published[0].second).object();
    QCOMPARE(reply.value(QLatin1String("ok")).toBool(true), false);
    QVERIFY(reply.value(QLatin1String("message")).toString().contains(QLatin1String("version 2")));
}

QTEST_GUILESS_MAIN(tst_ClusterControlBus)
#include "tst_clustercontrolbus.moc"
