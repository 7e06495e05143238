// The connection log's model and its proxy: batches appended as one range, bounded by a capacity
// that drops the oldest first, the texts of each column, and the reason and text filters.

#include "eventlogfiltermodel.h"
#include "eventlogmodel.h"
#include "eventlogpane.h"
#include "translations.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QLocale>
#include <QHeaderView>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <algorithm>

using namespace wsm;

namespace {

constexpr qint64 Now = 1'800'000'000'000; // ms since the epoch

ConnectionEvent connected(quint64 sessionId)
{
    ConnectionEvent event;
    event.kind = EventKind::Connected;
    event.sessionId = sessionId;
    event.peerAddress = QStringLiteral("127.0.0.1");
    event.peerPort = quint16(40000 + sessionId);
    event.path = QStringLiteral("/");
    event.connectedAt = Now + qint64(sessionId) * 1000;
    return event;
}

ConnectionEvent closed(quint64 sessionId, EndReason reason, EndedBy who, int closeCode, qint64 durationMs)
{
    ConnectionEvent event = connected(sessionId);
    event.kind = EventKind::Closed;
    event.endedAt = event.connectedAt + durationMs;
    event.reason = reason;
    event.endedBy = who;
    event.closeCode = closeCode;
    return event;
}

ConnectionEvent rejected(EndReason reason, int httpStatus, const QString &peerAddress)
{
    ConnectionEvent event;
    event.kind = EventKind::Rejected;
    event.peerAddress = peerAddress;
    event.peerPort = 50000;
    event.path = QStringLiteral("/");
    event.connectedAt = Now;
    event.endedAt = Now + 3;
    event.endedBy = EndedBy::Server;
    event.reason = reason;
    event.httpStatus = httpStatus;
    return event;
}

// Connect events numbered first..last, to tell rows apart by their session id.
QList<ConnectionEvent> batch(quint64 first, quint64 last)
{
    QList<ConnectionEvent> events;
    for (quint64 id = first; id <= last; ++id)
        events.append(connected(id));
    return events;
}

QList<quint64> idsOf(const QAbstractItemModel &model)
{
    QList<quint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, EventLogModel::ClientColumn).data(EventLogModel::SortRole).toULongLong());
    return ids;
}

QList<quint64> range(quint64 first, quint64 last)
{
    QList<quint64> ids;
    for (quint64 id = first; id <= last; ++id)
        ids.append(id);
    return ids;
}

// The log the filter tests search: one event of each kind, with something to find in each column.
QList<ConnectionEvent> mixedLog()
{
    ConnectionEvent kicked = closed(2, EndReason::OperatorKick, EndedBy::Operator, 4000, 5000);
    kicked.closeReason = QStringLiteral("Spamming the lobby");
    ConnectionEvent timedOut = closed(3, EndReason::HeartbeatTimeout, EndedBy::Server, 1001, 90000);
    timedOut.path = QStringLiteral("/feed");
    return {
        connected(1),
        kicked,
        timedOut,
        rejected(EndReason::Banned, 403, QStringLiteral("192.0.2.7")),
        closed(1, EndReason::ClientClosed, EndedBy::Client, 1000, 1000),
        closed(4, EndReason::HeartbeatTimeout, EndedBy::Server, 1001, 90000),
    };
}

} // namespace

class TestEventLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void detailOfTheServerSpeaksTheConsoleLanguage_data();
    void detailOfTheServerSpeaksTheConsoleLanguage();
    void refusalTooltipNamesOriginAndUserAgent();
    void codeColumnFitsAnHttpRefusal();

    void appendsEachBatchAsOneRange();
    void capacityDropsTheOldestFirst_data();
    void capacityDropsTheOldestFirst();
    void shrinkingTheCapacityDropsTheOldest();
    void clearRemovesEverything();
    void displayTexts_data();
    void displayTexts();
    void detailHasItsToolTip();
    void flappingEventsFilteredAndSearchedByIdentity();
    void everyCellCarriesKindAndReason();
    void reasonFilter_data();
    void reasonFilter();
    void textFilter_data();
    void textFilter();
    void sortsByRawValues_data();
    void sortsByRawValues();
};

void TestEventLogModel::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestEventLogModel::appendsEachBatchAsOneRange()
{
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelAboutToBeReset);

    model.appendEvents(batch(1, 5));
    model.appendEvents({});
    model.appendEvents(batch(6, 6));
    model.appendEvents(batch(7, 30));

    QCOMPARE(inserted.count(), 3); // the empty batch says nothing
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 4);
    QCOMPARE(inserted.at(1).at(1).toInt(), 5);
    QCOMPARE(inserted.at(1).at(2).toInt(), 5);
    QCOMPARE(inserted.at(2).at(1).toInt(), 6);
    QCOMPARE(inserted.at(2).at(2).toInt(), 29);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(idsOf(model), range(1, 30));
    QCOMPARE(model.eventAt(9).sessionId, 10u);
    QCOMPARE(model.events().size(), 30);
    QCOMPARE(model.events().first().sessionId, 1u);
    QCOMPARE(model.events().last().sessionId, 30u);
}

void TestEventLogModel::capacityDropsTheOldestFirst_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("already");  // events in the log before the batch, numbered 1..already
    QTest::addColumn<int>("arriving"); // the batch, numbered on
    QTest::addColumn<int>("removedRows");
    QTest::addColumn<int>("insertedRows");

    QTest::newRow("room left: nothing dropped") << 10 << 4 << 5 << 0 << 5;
    QTest::newRow("exactly full: nothing dropped") << 10 << 4 << 6 << 0 << 6;
    QTest::newRow("overflow drops the oldest") << 10 << 8 << 5 << 3 << 5;
    QTest::newRow("full log: every new event pushes one out") << 10 << 10 << 1 << 1 << 1;
    QTest::newRow("batch larger than the log keeps its newest") << 10 << 7 << 25 << 7 << 10;
    QTest::newRow("batch larger than an empty log") << 10 << 0 << 12 << 0 << 10;
}

void TestEventLogModel::capacityDropsTheOldestFirst()
{
    QFETCH(int, capacity);
    QFETCH(int, already);
    QFETCH(int, arriving);
    QFETCH(int, removedRows);
    QFETCH(int, insertedRows);

    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setCapacity(capacity);
    if (already > 0)
        model.appendEvents(batch(1, quint64(already)));

    QStringList order;
    connect(&model, &QAbstractItemModel::rowsRemoved, this, [&](const QModelIndex &, int first, int last) {
        order.append(QStringLiteral("removed %1-%2").arg(first).arg(last));
    });
    connect(&model, &QAbstractItemModel::rowsInserted, this, [&](const QModelIndex &, int first, int last) {
        order.append(QStringLiteral("inserted %1-%2").arg(first).arg(last));
    });
    model.appendEvents(batch(quint64(already) + 1, quint64(already + arriving)));

    // At most one removal, from the top, before one insertion at the bottom.
    QStringList expected;
    if (removedRows > 0)
        expected.append(QStringLiteral("removed 0-%1").arg(removedRows - 1));
    const int kept = already - removedRows;
    expected.append(QStringLiteral("inserted %1-%2").arg(kept).arg(kept + insertedRows - 1));
    QCOMPARE(order, expected);
    // What is left is the newest events, oldest first.
    const int total = already + arriving;
    QCOMPARE(idsOf(model), range(quint64(total - model.rowCount() + 1), quint64(total)));
    QCOMPARE(model.rowCount(), std::min(total, capacity));
}

void TestEventLogModel::shrinkingTheCapacityDropsTheOldest()
{
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.capacity(), 10000);
    model.appendEvents(batch(1, 50));
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.setCapacity(20);
    QCOMPARE(model.capacity(), 20);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(idsOf(model), range(31, 50));

    model.setCapacity(100); // growing keeps what is there
    QCOMPARE(removed.count(), 1);
    QCOMPARE(idsOf(model), range(31, 50));

    model.setCapacity(0); // a log keeps at least its newest event
    QCOMPARE(model.capacity(), 1);
    QCOMPARE(idsOf(model), QList<quint64>{50});
}

void TestEventLogModel::clearRemovesEverything()
{
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.appendEvents(batch(1, 10));
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelAboutToBeReset);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(reset.count(), 0);
    model.clear();
    QCOMPARE(removed.count(), 1);
    model.appendEvents(batch(11, 12));
    QCOMPARE(idsOf(model), (QList<quint64>{11, 12}));
}

void TestEventLogModel::displayTexts_data()
{
    QTest::addColumn<ConnectionEvent>("event");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("expected");

    ConnectionEvent connect12 = connected(12);
    connect12.connectedAt = QDateTime(QDate(2026, 11, 23), QTime(14, 3, 22, 123)).toMSecsSinceEpoch(); // local time
    QTest::newRow("time of a connect, local, to the millisecond")
        << connect12 << int(EventLogModel::TimeColumn) << QStringLiteral("2026-11-23 14:03:22.123");
    ConnectionEvent close12 = closed(12, EndReason::ClientClosed, EndedBy::Client, 1000, (5 * 60 + 12) * 1000);
    close12.connectedAt = connect12.connectedAt;
    close12.endedAt = connect12.connectedAt + (5 * 60 + 12) * 1000;
    QTest::newRow("time of an end is when it ended")
        << close12 << int(EventLogModel::TimeColumn) << QStringLiteral("2026-11-23 14:08:34.123");
    QTest::newRow("event kind") << close12 << int(EventLogModel::EventColumn) << QStringLiteral("closed");
    QTest::newRow("client with a number sign") << close12 << int(EventLogModel::ClientColumn) << QStringLiteral("#12");
    QTest::newRow("peer") << close12 << int(EventLogModel::PeerColumn) << QStringLiteral("127.0.0.1:40012");
    QTest::newRow("ended by") << close12 << int(EventLogModel::EndedByColumn) << QStringLiteral("client");
    QTest::newRow("reason") << close12 << int(EventLogModel::ReasonColumn) << QStringLiteral("client closed");
    QTest::newRow("close code") << close12 << int(EventLogModel::CloseCodeColumn) << QStringLiteral("1000");
    QTest::newRow("duration of an end") << close12 << int(EventLogModel::DurationColumn) << QStringLiteral("5 min 12 s");
    QTest::newRow("a connect has no duration") << connect12 << int(EventLogModel::DurationColumn) << QString();
    QTest::newRow("a connect ended by no one") << connect12 << int(EventLogModel::EndedByColumn) << QString();
    QTest::newRow("a connect has no reason") << connect12 << int(EventLogModel::ReasonColumn) << QString();
    QTest::newRow("a connect has no code") << connect12 << int(EventLogModel::CloseCodeColumn) << QString();

    ConnectionEvent refused = rejected(EndReason::OriginRefused, 403, QStringLiteral("2001:db8::7"));
    refused.closeReason = QStringLiteral("Origin https://evil.example is not allowed.");
    QTest::newRow("a refusal has no client") << refused << int(EventLogModel::ClientColumn) << QString();
    QTest::newRow("a refusal's HTTP status") << refused << int(EventLogModel::CloseCodeColumn) << QStringLiteral("HTTP 403");
    QTest::newRow("IPv6 peer in brackets") << refused << int(EventLogModel::PeerColumn) << QStringLiteral("[2001:db8::7]:50000");
    QTest::newRow("a refusal's reason") << refused << int(EventLogModel::ReasonColumn) << QStringLiteral("origin refused");
    QTest::newRow("detail is what was said")
        << refused << int(EventLogModel::DetailColumn) << QStringLiteral("Origin https://evil.example is not allowed.");
    QTest::newRow("event kind of a refusal") << refused << int(EventLogModel::EventColumn) << QStringLiteral("rejected");

    ConnectionEvent kicked = closed(3, EndReason::OperatorKick, EndedBy::Operator, 4000, 2 * 3600 * 1000 + 61000);
    QTest::newRow("operator kick") << kicked << int(EventLogModel::EndedByColumn) << QStringLiteral("operator");
    QTest::newRow("long duration") << kicked << int(EventLogModel::DurationColumn) << QStringLiteral("2 h 1 min");
    QTest::newRow("kind of a WebSocket client") << kicked << int(EventLogModel::KindColumn) << QStringLiteral("WebSocket");
    kicked.clientKind = ClientKind::Sse;
    kicked.identity = QStringLiteral("alice");
    QTest::newRow("kind of an SSE client") << kicked << int(EventLogModel::KindColumn) << QStringLiteral("SSE");
    QTest::newRow("identity") << kicked << int(EventLogModel::IdentityColumn) << QStringLiteral("alice");

    // A flapping client: its address (no port, no session), what it did in the detail.
    ConnectionEvent flapping;
    flapping.kind = EventKind::FlappingStarted;
    flapping.peerAddress = QStringLiteral("192.0.2.9");
    flapping.userAgent = QStringLiteral("Mozilla/5.0");
    flapping.connectedAt = flapping.endedAt = connect12.connectedAt;
    flapping.closeReason = QStringLiteral("12 connections in the last minute; the last ended: connection dropped");
    QTest::newRow("flapping started") << flapping << int(EventLogModel::EventColumn) << QStringLiteral("flapping started");
    QTest::newRow("flapping: the address alone") << flapping << int(EventLogModel::PeerColumn) << QStringLiteral("192.0.2.9");
    QTest::newRow("flapping: no client") << flapping << int(EventLogModel::ClientColumn) << QString();
    QTest::newRow("flapping: no duration") << flapping << int(EventLogModel::DurationColumn) << QString();
    QTest::newRow("flapping: no kind") << flapping << int(EventLogModel::KindColumn) << QString();
    QTest::newRow("flapping: no reason") << flapping << int(EventLogModel::ReasonColumn) << QString();
    QTest::newRow("flapping: how often and why")
        << flapping << int(EventLogModel::DetailColumn)
        << QStringLiteral("12 connections in the last minute; the last ended: connection dropped");
    flapping.kind = EventKind::FlappingStopped;
    flapping.identity = QStringLiteral("bob");
    flapping.peerAddress.clear();
    QTest::newRow("flapping stopped") << flapping << int(EventLogModel::EventColumn) << QStringLiteral("flapping stopped");
    QTest::newRow("flapping identity") << flapping << int(EventLogModel::IdentityColumn) << QStringLiteral("bob");
}

void TestEventLogModel::flappingEventsFilteredAndSearchedByIdentity()
{
    EventLogModel model;
    EventLogFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ConnectionEvent started;
    started.kind = EventKind::FlappingStarted;
    started.identity = QStringLiteral("alice");
    ConnectionEvent stopped = started;
    stopped.kind = EventKind::FlappingStopped;
    ConnectionEvent aliceCloses = closed(4, EndReason::ClientDropped, EndedBy::Client, 1006, 1000);
    aliceCloses.identity = QStringLiteral("alice");
    model.appendEvents({connected(1), started, aliceCloses, stopped, closed(2, EndReason::OperatorKick, EndedBy::Operator, 4000, 1000)});
    proxy.setFlappingOnly(true);
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setFlappingOnly(false);
    proxy.setFilterText(QStringLiteral("ALICE"));
    QCOMPARE(proxy.rowCount(), 3);
    proxy.setFilterText(QString());
    QCOMPARE(proxy.rowCount(), 5);
}

void TestEventLogModel::displayTexts()
{
    QFETCH(ConnectionEvent, event);
    QFETCH(int, column);
    QFETCH(QString, expected);
    EventLogModel model;
    model.appendEvents({event});
    QCOMPARE(model.index(0, column).data().toString(), expected);
}

void TestEventLogModel::detailHasItsToolTip()
{
    EventLogModel model;
    ConnectionEvent kicked = closed(3, EndReason::OperatorKick, EndedBy::Operator, 4000, 1000);
    kicked.closeReason = QStringLiteral("Kicked for sending too many messages in the lobby.");
    model.appendEvents({kicked, connected(4)});
    QCOMPARE(model.index(0, EventLogModel::DetailColumn).data(Qt::ToolTipRole).toString(), kicked.closeReason);
    QVERIFY(!model.index(1, EventLogModel::DetailColumn).data(Qt::ToolTipRole).isValid());
}

void TestEventLogModel::everyCellCarriesKindAndReason()
{
    EventLogModel model;
    model.appendEvents({closed(3, EndReason::SlowConsumer, EndedBy::Server, 1008, 1000)});
    for (int column = 0; column < EventLogModel::ColumnCount; ++column) {
        const QModelIndex index = model.index(0, column);
        QCOMPARE(index.data(EventLogModel::ReasonRole).toInt(), int(EndReason::SlowConsumer));
        QCOMPARE(index.data(EventLogModel::KindRole).toInt(), int(EventKind::Closed));
    }
}

void TestEventLogModel::reasonFilter_data()
{
    QTest::addColumn<int>("reason"); // -1: no reason filter
    QTest::addColumn<QList<int>>("shownRows");
    QTest::addColumn<int>("laterShown"); // of a later batch: one heartbeat timeout and one connect

    QTest::newRow("no filter shows every event, connects included") << -1 << QList<int>{0, 1, 2, 3, 4, 5} << 2;
    QTest::newRow("heartbeat timeouts only") << int(EndReason::HeartbeatTimeout) << QList<int>{2, 5} << 1;
    QTest::newRow("operator kicks only") << int(EndReason::OperatorKick) << QList<int>{1} << 0;
    QTest::newRow("bans only") << int(EndReason::Banned) << QList<int>{3} << 0;
    QTest::newRow("no reason means the connects") << int(EndReason::None) << QList<int>{0} << 1;
    QTest::newRow("a reason that never happened") << int(EndReason::MessageTooBig) << QList<int>{} << 0;
}

void TestEventLogModel::reasonFilter()
{
    QFETCH(int, reason);
    QFETCH(QList<int>, shownRows);
    QFETCH(int, laterShown);
    EventLogModel model;
    EventLogFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.appendEvents(mixedLog());
    proxy.setReasonFilter(reason < 0 ? std::nullopt : std::optional<EndReason>(EndReason(reason)));

    QList<int> rows;
    for (int row = 0; row < proxy.rowCount(); ++row)
        rows.append(proxy.mapToSource(proxy.index(row, 0)).row());
    std::sort(rows.begin(), rows.end());
    QCOMPARE(rows, shownRows);

    // Events arriving later are filtered as they come.
    model.appendEvents({closed(9, EndReason::HeartbeatTimeout, EndedBy::Server, 1001, 1000), connected(10)});
    QCOMPARE(proxy.rowCount(), int(shownRows.size()) + laterShown);

    proxy.setReasonFilter(std::nullopt);
    QCOMPARE(proxy.rowCount(), model.rowCount());
}

void TestEventLogModel::textFilter_data()
{
    QTest::addColumn<int>("reason"); // -1: no reason filter
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("shownRows");

    QTest::newRow("empty text shows every event") << -1 << QString() << QList<int>{0, 1, 2, 3, 4, 5};
    QTest::newRow("peer address") << -1 << QStringLiteral("192.0.2.7") << QList<int>{3};
    QTest::newRow("peer port") << -1 << QStringLiteral(":40002") << QList<int>{1};
    QTest::newRow("client id as shown") << -1 << QStringLiteral("#1") << QList<int>{0, 4};
    QTest::newRow("path") << -1 << QStringLiteral("/feed") << QList<int>{2};
    QTest::newRow("detail, whatever the case") << -1 << QStringLiteral("spamming THE") << QList<int>{1};
    QTest::newRow("text and reason together")
        << int(EndReason::HeartbeatTimeout) << QStringLiteral("127.0.0.1") << QList<int>{2, 5};
    QTest::newRow("text that only other reasons match")
        << int(EndReason::HeartbeatTimeout) << QStringLiteral("spamming") << QList<int>{};
    QTest::newRow("reason words are not searched") << -1 << QStringLiteral("heartbeat timeout") << QList<int>{};
}

void TestEventLogModel::textFilter()
{
    QFETCH(int, reason);
    QFETCH(QString, text);
    QFETCH(QList<int>, shownRows);
    EventLogModel model;
    EventLogFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.appendEvents(mixedLog());
    if (reason >= 0)
        proxy.setReasonFilter(EndReason(reason));
    proxy.setFilterText(text);

    QList<int> rows;
    for (int row = 0; row < proxy.rowCount(); ++row)
        rows.append(proxy.mapToSource(proxy.index(row, 0)).row());
    std::sort(rows.begin(), rows.end());
    QCOMPARE(rows, shownRows);
}

void TestEventLogModel::sortsByRawValues_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QList<ConnectionEvent>>("events");
    QTest::addColumn<QList<quint64>>("ascending"); // session ids in ascending order of the column

    QList<ConnectionEvent> events = {closed(1, EndReason::ClientClosed, EndedBy::Client, 1000, 100'000),
                                     closed(2, EndReason::ClientClosed, EndedBy::Client, 1000, 9'000),
                                     closed(3, EndReason::ClientClosed, EndedBy::Client, 1000, 10'000), connected(4)};
    QTest::newRow("duration: connects, then 9 s < 10 s < 100 s") << int(EventLogModel::DurationColumn) << events
                                                                 << QList<quint64>{4, 2, 3, 1};
    events = {connected(100), connected(9), connected(10)};
    QTest::newRow("client: #9 < #10 < #100") << int(EventLogModel::ClientColumn) << events << QList<quint64>{9, 10, 100};
    events = {connected(3), connected(1), connected(2)};
    events[0].connectedAt = Now + 10'000;
    events[1].connectedAt = Now + 9'000;
    events[2].connectedAt = Now + 100'000;
    QTest::newRow("time") << int(EventLogModel::TimeColumn) << events << QList<quint64>{1, 3, 2};
    events = {closed(1, EndReason::ClientClosed, EndedBy::Client, 4000, 1), closed(2, EndReason::ClientClosed, EndedBy::Client, 1000, 1),
              closed(3, EndReason::ClientClosed, EndedBy::Client, 1009, 1)};
    QTest::newRow("close code as a number") << int(EventLogModel::CloseCodeColumn) << events << QList<quint64>{2, 3, 1};
}

void TestEventLogModel::sortsByRawValues()
{
    QFETCH(int, column);
    QFETCH(QList<ConnectionEvent>, events);
    QFETCH(QList<quint64>, ascending);
    EventLogModel model;
    EventLogFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.appendEvents(events);
    proxy.sort(column, Qt::AscendingOrder);
    QCOMPARE(idsOf(proxy), ascending);
}

void TestEventLogModel::cleanup()
{
    installTranslations(QStringLiteral("en"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestEventLogModel::detailOfTheServerSpeaksTheConsoleLanguage_data()
{
    QTest::addColumn<int>("endedBy");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<QString>("kept"); // a part that stays as it was (a number, a name); empty: none
    QTest::addColumn<bool>("translated");

    QTest::newRow("a ban with its reason") << int(EndedBy::Server) << "banned: flooding" << "flooding" << true;
    QTest::newRow("wrong token") << int(EndedBy::Server) << "wrong token" << "" << true;
    QTest::newRow("rate limit") << int(EndedBy::Server) << "rate limit of 5 messages per second exceeded" << "5" << true;
    QTest::newRow("too big") << int(EndedBy::Server) << "message of 2000 bytes over the limit of 1024" << "1024" << true;
    QTest::newRow("heartbeat timeout") << int(EndedBy::Server) << "heartbeat timeout" << "" << true;
    QTest::newRow("inbound ceiling")
        << int(EndedBy::Server)
        << "server memory: 60014 bytes of an unfinished message held, over the inbound ceiling of 4194304 for all clients"
        << "4194304" << true;
    QTest::newRow("slow sender") << int(EndedBy::Server) << "message in progress below 1024 bytes per second (12 bytes in 10 s)"
                                 << "1024" << true;
    QTest::newRow("outbound ceiling")
        << int(EndedBy::Server) << "slow consumer: 912000 bytes queued, over the outbound ceiling of 2097152 for all clients"
        << "2097152" << true;
    QTest::newRow("service restart") << int(EndedBy::Server) << "service restart" << "" << true;
    QTest::newRow("a handshake cut short by a restart") << int(EndedBy::Server) << "service restart before the upgrade"
                                                        << "" << true;
    QTest::newRow("a handshake cut short by a stop") << int(EndedBy::Server) << "server shutdown before the upgrade"
                                                     << "" << true;
    QTest::newRow("a client's own words") << int(EndedBy::Client) << "wrong token" << "wrong token" << false;
    QTest::newRow("an operator's reason") << int(EndedBy::Operator) << "server full" << "server full" << false;
    QTest::newRow("words the server never writes") << int(EndedBy::Server) << "something else" << "something else"
                                                   << false;
}

void TestEventLogModel::detailOfTheServerSpeaksTheConsoleLanguage()
{
    // Regression: in zh_CN the Detail column stayed English.
    QFETCH(int, endedBy);
    QFETCH(QString, detail);
    QFETCH(QString, kept);
    QFETCH(bool, translated);
    ConnectionEvent event = closed(1, EndReason::ClientClosed, EndedBy(endedBy), 1008, 1000);
    event.closeReason = detail;
    QCOMPARE(EventLogModel::detailText(event), detail); // in English, the words as written

    QCOMPARE(installTranslations(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    EventLogModel model;
    model.appendEvents({event});
    const QString shown = model.index(0, EventLogModel::DetailColumn).data().toString();
    QCOMPARE(shown != detail, translated);
    QVERIFY2(shown.contains(kept), qPrintable(shown));
}

void TestEventLogModel::refusalTooltipNamesOriginAndUserAgent()
{
    ConnectionEvent refused = rejected(EndReason::Banned, 403, QStringLiteral("192.0.2.7"));
    refused.closeReason = QStringLiteral("banned");
    refused.origin = QStringLiteral("https://office.example");
    refused.userAgent = QStringLiteral("probe/2");
    EventLogModel model;
    model.appendEvents({refused});
    const QString tip = model.index(0, EventLogModel::PeerColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QLatin1String("Origin: https://office.example")), qPrintable(tip));
    QVERIFY2(tip.contains(QLatin1String("User-Agent: probe/2")), qPrintable(tip));
}

void TestEventLogModel::codeColumnFitsAnHttpRefusal()
{
    // Regression: "HTTP 403" did not fit the Code column.
    EventLogModel model;
    model.appendEvents({rejected(EndReason::Banned, 403, QStringLiteral("192.0.2.7"))});
    EventLogPane pane(&model);
    const QString text = model.index(0, EventLogModel::CloseCodeColumn).data().toString();
    QCOMPARE(text, QStringLiteral("HTTP 403"));
    QVERIFY(pane.view()->horizontalHeader()->sectionSize(EventLogModel::CloseCodeColumn)
            >= pane.view()->fontMetrics().horizontalAdvance(text) + 8);
}

QTEST_MAIN(TestEventLogModel)

#include "tst_eventlogmodel.moc"
