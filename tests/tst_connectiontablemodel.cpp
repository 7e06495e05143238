// The connection table's model and its proxy: updates by diff in ranges (never a reset), only
// changed rows reported, numeric sorting, a selection that follows its client, the heartbeat rule,
// and the model fed by the real server.

#include "connectionfiltermodel.h"
#include "connectiontablemodel.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QIcon>
#include <QItemSelectionModel>
#include <QLocale>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace wsm;
using namespace wsm::test;

namespace {

constexpr qint64 Now = 1'800'000'000'000; // a fixed "now" for the snapshots, ms since the epoch

SessionRow sessionRow(quint64 id)
{
    SessionRow row;
    row.id = id;
    row.peerAddress = QStringLiteral("127.0.0.1");
    row.peerPort = quint16(40000 + id % 20000);
    row.connectedAt = Now - 60'000;
    row.lastSeenAt = Now - 1'000;
    row.path = QStringLiteral("/");
    return row;
}

Snapshot snapshotOf(const QList<SessionRow> &rows, qint64 takenAt = Now)
{
    Snapshot snapshot;
    snapshot.takenAt = takenAt;
    snapshot.sessions = rows;
    return snapshot;
}

Snapshot snapshotOfIds(const QList<quint64> &ids, qint64 takenAt = Now)
{
    QList<SessionRow> rows;
    for (const quint64 id : ids)
        rows.append(sessionRow(id));
    return snapshotOf(rows, takenAt);
}

QList<quint64> idsOf(const ConnectionTableModel &model)
{
    QList<quint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(ConnectionTableModel::SessionIdRole).toULongLong());
    return ids;
}

QList<quint64> idsOf(const Snapshot &snapshot)
{
    QList<quint64> ids;
    for (const SessionRow &row : snapshot.sessions)
        ids.append(row.id);
    return ids;
}

QList<quint64> idsOf(const QAbstractItemModel &proxy)
{
    QList<quint64> ids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        ids.append(proxy.index(row, 0).data(ConnectionTableModel::SessionIdRole).toULongLong());
    return ids;
}

QList<quint64> range(quint64 first, quint64 last)
{
    QList<quint64> ids;
    for (quint64 id = first; id <= last; ++id)
        ids.append(id);
    return ids;
}

// Checks the model's own bookkeeping against what it shows, after a snapshot.
void verifyMatches(const ConnectionTableModel &model, const Snapshot &snapshot)
{
    QCOMPARE(idsOf(model), idsOf(snapshot));
    for (int row = 0; row < snapshot.sessions.size(); ++row) {
        const SessionRow &expected = snapshot.sessions.at(row);
        QCOMPARE(model.rowOfSession(expected.id), row);
        QCOMPARE(model.sessionIdAt(row), expected.id);
        QCOMPARE(model.sessionAt(row).messagesIn, expected.messagesIn);
        QCOMPARE(model.index(row, ConnectionTableModel::MessagesInColumn).data(ConnectionTableModel::SortRole).toLongLong(),
                 qint64(expected.messagesIn));
    }
}

struct ResetSpies
{
    explicit ResetSpies(QAbstractItemModel *model)
        : reset(model, &QAbstractItemModel::modelAboutToBeReset)
        , layout(model, &QAbstractItemModel::layoutAboutToBeChanged)
    {
    }
    QSignalSpy reset;
    QSignalSpy layout;
};

} // namespace

class TestConnectionTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void followsSnapshotsByDiff_data();
    void followsSnapshotsByDiff();
    void survivesRandomChurn();
    void tenThousandRowsUpdateInRanges();
    void scatteredChangesComeInFewSignals();
    void rowOfSessionIsRightWhileRowsMove();
    void unchangedSnapshotAtTheSameTimeSaysNothing();
    void clockTickRefreshesAgesInOneSignal();
    void clearRemovesRowsWithoutReset();
    void heartbeatState_data();
    void heartbeatState();
    void everyHeartbeatStateIsReachable_data();
    void everyHeartbeatStateIsReachable();
    void heartbeatTooltipSaysTheThresholds();
    void heartbeatCellShowsWordColourAndIcon();
    void displayTexts_data();
    void displayTexts();
    void sortsByRawValues_data();
    void sortsByRawValues();
    void selectionFollowsItsClientAcrossUpdates();
    void filterText_data();
    void filterText();
    void filterAppliesToArrivingClients();
    void flappingOnlyFollowsTheMark();
    void unverifiedIdentityIsGreyItalicWithWhy();
    void showsTheRealServersClients();
};

void TestConnectionTableModel::initTestCase()
{
    // The expected texts below are American English: grouping with commas, a point for decimals.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestConnectionTableModel::followsSnapshotsByDiff_data()
{
    QTest::addColumn<QList<QList<quint64>>>("steps");
    QTest::newRow("clients arrive at the end") << QList<QList<quint64>>{{}, {1, 2, 3}, {1, 2, 3, 4, 5}};
    QTest::newRow("clients leave from the middle, in runs")
        << QList<QList<quint64>>{range(1, 10), {1, 2, 5, 6, 9, 10}, {1, 10}};
    QTest::newRow("departures and arrivals interleaved")
        << QList<QList<quint64>>{range(1, 10), {1, 3, 4, 11, 12, 7, 8, 13}, {14, 3, 15, 12, 8, 16}};
    QTest::newRow("new clients before, between and after the old ones")
        << QList<QList<quint64>>{{5, 6}, {1, 5, 2, 6, 3}, {0, 1, 5, 4, 2, 6, 3, 7}};
    QTest::newRow("everyone replaced at once") << QList<QList<quint64>>{{1, 2, 3}, {4, 5, 6}};
    QTest::newRow("everyone leaves") << QList<QList<quint64>>{{1, 2, 3}, {}, {4}};
    QTest::newRow("the server lists the same clients in another order")
        << QList<QList<quint64>>{{1, 2, 3, 4}, {4, 3, 2, 1}, {2, 4, 1, 3}};
}

void TestConnectionTableModel::followsSnapshotsByDiff()
{
    QFETCH(QList<QList<quint64>>, steps);
    ConnectionTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ResetSpies spies(&model);
    quint64 tick = 0;
    for (const QList<quint64> &ids : steps) {
        ++tick;
        Snapshot snapshot = snapshotOfIds(ids, Now + qint64(tick) * 250);
        // Every client's counter moves with the tick, so kept rows change too.
        for (SessionRow &row : snapshot.sessions)
            row.messagesIn = tick * 10 + row.id;
        model.applySnapshot(snapshot);
        verifyMatches(model, snapshot);
        if (QTest::currentTestFailed())
            return;
    }
    QCOMPARE(spies.reset.count(), 0);
    QCOMPARE(spies.layout.count(), 0);
}

void TestConnectionTableModel::survivesRandomChurn()
{
    // Fixed seed: a failure is reproducible.
    QRandomGenerator random(20261123);
    ConnectionTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ResetSpies spies(&model);
    QList<SessionRow> rows;
    quint64 nextId = 1;
    for (int step = 0; step < 300; ++step) {
        QList<SessionRow> next;
        for (const SessionRow &row : std::as_const(rows)) {
            if (random.bounded(10) == 0)
                continue; // left
            next.append(row);
            if (random.bounded(3) == 0)
                next.last().bytesOut += random.bounded(1000);
        }
        const int arrivals = random.bounded(6);
        for (int i = 0; i < arrivals; ++i)
            next.insert(random.bounded(int(next.size()) + 1), sessionRow(nextId++));
        rows = next;
        const Snapshot snapshot = snapshotOf(rows, Now + step * 250);
        model.applySnapshot(snapshot);
        verifyMatches(model, snapshot);
        if (QTest::currentTestFailed())
            return;
    }
    QCOMPARE(spies.reset.count(), 0);
    QCOMPARE(spies.layout.count(), 0);
}

void TestConnectionTableModel::tenThousandRowsUpdateInRanges()
{
    ConnectionTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    const Snapshot first = snapshotOfIds(range(1, 10000));
    model.applySnapshot(first);
    QCOMPARE(model.rowCount(), 10000);
    QCOMPARE(inserted.count(), 1); // contiguous arrivals: one range

    // Given: 100 clients gone in four runs, 100 others talked in two runs, 50 new ones arrived.
    const QList<quint64> goneRuns[] = {range(1001, 1025), range(3001, 3025), range(5001, 5025), range(9976, 10000)};
    QSet<quint64> gone;
    for (const QList<quint64> &run : goneRuns)
        gone.unite(QSet<quint64>(run.begin(), run.end()));
    QSet<quint64> talked;
    for (const quint64 id : range(2001, 2050) + range(7001, 7050))
        talked.insert(id);
    QList<SessionRow> rows;
    for (const SessionRow &row : first.sessions) {
        if (gone.contains(row.id))
            continue;
        rows.append(row);
        if (talked.contains(row.id)) {
            rows.last().messagesIn += 3;
            rows.last().bytesIn += 300;
        }
    }
    for (const quint64 id : range(10001, 10050))
        rows.append(sessionRow(id));
    const Snapshot second = snapshotOf(rows, Now + 250);

    // When it is applied, what each signal covers is read at the moment it is emitted.
    ResetSpies spies(&model);
    inserted.clear();
    QList<QList<quint64>> removedRuns;
    QList<int> removedFirstRows;
    connect(&model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [&](const QModelIndex &, int firstRow, int lastRow) {
                QList<quint64> ids;
                for (int row = firstRow; row <= lastRow; ++row)
                    ids.append(model.sessionIdAt(row));
                removedRuns.append(ids);
                removedFirstRows.append(firstRow);
            });
    QSet<quint64> counterRowsReported;
    int clockSignals = 0;
    connect(&model, &QAbstractItemModel::dataChanged, this,
            [&](const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles) {
                const bool coversCounters = topLeft.column() <= ConnectionTableModel::SendQueueColumn
                    && bottomRight.column() >= ConnectionTableModel::MessagesInColumn;
                if (coversCounters) {
                    QVERIFY(roles.contains(ConnectionTableModel::SortRole));
                    for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
                        counterRowsReported.insert(model.sessionIdAt(row));
                } else if (topLeft.row() == 0 && bottomRight.row() == model.rowCount() - 1) {
                    ++clockSignals;
                    QCOMPARE(topLeft.column(), int(ConnectionTableModel::ConnectedColumn));
                    QCOMPARE(bottomRight.column(), int(ConnectionTableModel::LastSeenColumn));
                }
            });
    model.applySnapshot(second);

    // Then: the model shows the snapshot, reached by ranges and never by a reset or a relayout.
    QCOMPARE(idsOf(model), idsOf(second));
    QCOMPARE(spies.reset.count(), 0);
    QCOMPARE(spies.layout.count(), 0);
    // The departures come as one signal per run, each run only departed clients, bottom-up.
    QCOMPARE(removedRuns.size(), 4);
    QSet<quint64> removed;
    int removedTotal = 0;
    for (const QList<quint64> &run : std::as_const(removedRuns)) {
        removedTotal += int(run.size());
        removed.unite(QSet<quint64>(run.begin(), run.end()));
    }
    QCOMPARE(removedTotal, 100);
    QCOMPARE(removed, gone);
    QVERIFY(std::is_sorted(removedFirstRows.rbegin(), removedFirstRows.rend()));
    // The arrivals come as one range at the end.
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 9900);
    QCOMPARE(inserted.first().at(2).toInt(), 9949);
    // Counter cells were reported for the clients that talked, and for no other.
    QCOMPARE(counterRowsReported, talked);
    QCOMPARE(clockSignals, 1);
}

void TestConnectionTableModel::scatteredChangesComeInFewSignals()
{
    ConnectionTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QList<SessionRow> rows;
    for (const quint64 id : range(1, 1000))
        rows.append(sessionRow(id));
    model.applySnapshot(snapshotOf(rows));

    // Every other client talked: 500 spans of one row each.
    QSet<quint64> talked;
    for (SessionRow &row : rows) {
        if (row.id % 2 == 0) {
            row.messagesOut += 1;
            talked.insert(row.id);
        }
    }
    ResetSpies spies(&model);
    QSet<quint64> reported;
    int signalCount = 0;
    connect(&model, &QAbstractItemModel::dataChanged, this,
            [&](const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles) {
                ++signalCount;
                QVERIFY(roles.contains(ConnectionTableModel::SortRole));
                QVERIFY(topLeft.column() <= ConnectionTableModel::MessagesOutColumn);
                QVERIFY(bottomRight.column() >= ConnectionTableModel::MessagesOutColumn);
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
                    reported.insert(model.sessionIdAt(row));
            });
    model.applySnapshot(snapshotOf(rows));

    // One signal over them all rather than 500, and no talker left out.
    QCOMPARE(signalCount, 1);
    QVERIFY(reported.contains(talked));
    QCOMPARE(spies.reset.count(), 0);
    QCOMPARE(spies.layout.count(), 0);
}

void TestConnectionTableModel::rowOfSessionIsRightWhileRowsMove()
{
    ConnectionTableModel model;
    model.applySnapshot(snapshotOfIds(range(1, 30)));
    // Whoever reacts to a removal or an insertion (the inspector, a selection) may look clients up.
    int checks = 0;
    const auto verifyIndex = [&] {
        for (int row = 0; row < model.rowCount(); ++row) {
            QCOMPARE(model.rowOfSession(model.sessionIdAt(row)), row);
            ++checks;
        }
    };
    connect(&model, &QAbstractItemModel::rowsRemoved, this, verifyIndex);
    connect(&model, &QAbstractItemModel::rowsInserted, this, verifyIndex);
    model.applySnapshot(snapshotOfIds({1, 2, 31, 5, 6, 7, 32, 33, 20, 21, 30, 34}));
    QVERIFY(checks > 0);
    QCOMPARE(model.rowOfSession(3), -1);
    QCOMPARE(model.rowOfSession(33), 7);
}

void TestConnectionTableModel::unchangedSnapshotAtTheSameTimeSaysNothing()
{
    ConnectionTableModel model;
    const Snapshot snapshot = snapshotOfIds(range(1, 20));
    model.applySnapshot(snapshot);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.applySnapshot(snapshot);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
}

void TestConnectionTableModel::clockTickRefreshesAgesInOneSignal()
{
    ConnectionTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applySnapshot(snapshotOfIds(range(1, 20), Now));
    const QModelIndex connected = model.index(7, ConnectionTableModel::ConnectedColumn);
    const QModelIndex lastSeen = model.index(7, ConnectionTableModel::LastSeenColumn);
    QVERIFY(connected.data().toString().endsWith(QStringLiteral("(1 min 0 s)")));
    QCOMPARE(lastSeen.data().toString(), QStringLiteral("1 s ago"));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applySnapshot(snapshotOfIds(range(1, 20), Now + 2'000));
    QCOMPARE(changed.count(), 1);
    const QModelIndex topLeft = changed.first().at(0).value<QModelIndex>();
    const QModelIndex bottomRight = changed.first().at(1).value<QModelIndex>();
    QCOMPARE(topLeft, model.index(0, ConnectionTableModel::ConnectedColumn));
    QCOMPARE(bottomRight, model.index(19, ConnectionTableModel::LastSeenColumn));
    const auto roles = changed.first().at(2).value<QList<int>>();
    QVERIFY(roles.contains(Qt::DisplayRole));
    // The raw values did not move: a sorted proxy has nothing to re-sort.
    QVERIFY(!roles.contains(ConnectionTableModel::SortRole));
    QVERIFY(connected.data().toString().endsWith(QStringLiteral("(1 min 2 s)")));
    QCOMPARE(lastSeen.data().toString(), QStringLiteral("3 s ago"));
    QCOMPARE(model.lastSnapshotAt(), Now + 2'000);
}

void TestConnectionTableModel::clearRemovesRowsWithoutReset()
{
    ConnectionTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applySnapshot(snapshotOfIds(range(1, 50)));
    ResetSpies spies(&model);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.rowOfSession(7), -1);
    QCOMPARE(model.lastSnapshotAt(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(spies.reset.count(), 0);
    model.clear(); // nothing left: nothing to say
    QCOMPARE(removed.count(), 1);
    // The next start fills it again from scratch.
    model.applySnapshot(snapshotOfIds({51, 52}));
    QCOMPARE(idsOf(model), (QList<quint64>{51, 52}));
}

void TestConnectionTableModel::heartbeatState_data()
{
    QTest::addColumn<int>("intervalMs");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<qint64>("silenceMs");
    QTest::addColumn<int>("missedPings");
    QTest::addColumn<bool>("neverHeardFrom"); // lastSeenAt 0: silence counts from the connect
    QTest::addColumn<HeartbeatState>("expected");

    QTest::newRow("off when the interval is zero") << 0 << 0 << qint64(600000) << 5 << false << HeartbeatState::Off;
    QTest::newRow("ok right after a message") << 10000 << 30000 << qint64(0) << 0 << false << HeartbeatState::Ok;
    QTest::newRow("ok at exactly interval plus one second")
        << 10000 << 30000 << qint64(11000) << 0 << false << HeartbeatState::Ok;
    QTest::newRow("late just past interval plus one second")
        << 10000 << 30000 << qint64(11001) << 0 << false << HeartbeatState::Late;
    QTest::newRow("late with one ping unanswered") << 10000 << 30000 << qint64(12000) << 1 << false << HeartbeatState::Late;
    QTest::newRow("late at exactly half the timeout") << 10000 << 30000 << qint64(15000) << 1 << false << HeartbeatState::Late;
    QTest::newRow("missing just past half the timeout")
        << 10000 << 30000 << qint64(15001) << 0 << false << HeartbeatState::Missing;
    QTest::newRow("missing after two pings unanswered")
        << 10000 << 30000 << qint64(12000) << 2 << false << HeartbeatState::Missing;
    QTest::newRow("ok while traffic flows, whatever the pings")
        << 10000 << 30000 << qint64(500) << 3 << false << HeartbeatState::Ok;
    QTest::newRow("ok within the interval when half the timeout is shorter")
        << 10000 << 15000 << qint64(9000) << 0 << false << HeartbeatState::Ok;
    QTest::newRow("late past the interval when half the timeout is shorter")
        << 10000 << 15000 << qint64(11001) << 0 << false << HeartbeatState::Late;
    QTest::newRow("missing halfway from there to the timeout")
        << 10000 << 15000 << qint64(13001) << 0 << false << HeartbeatState::Missing;
    // Regression: with 1 s and 3 s the state went from ok straight to missing.
    QTest::newRow("1 s / 3 s: late after 1.67 s") << 1000 << 3000 << qint64(1667) << 0 << false << HeartbeatState::Late;
    QTest::newRow("1 s / 3 s: missing after 2.34 s")
        << 1000 << 3000 << qint64(2334) << 0 << false << HeartbeatState::Missing;
    QTest::newRow("never heard from, just connected") << 10000 << 30000 << qint64(2000) << 0 << true << HeartbeatState::Ok;
    QTest::newRow("never heard from, connected long ago")
        << 10000 << 30000 << qint64(20000) << 0 << true << HeartbeatState::Missing;
}

void TestConnectionTableModel::everyHeartbeatStateIsReachable_data()
{
    QTest::addColumn<int>("intervalMs");
    QTest::addColumn<int>("timeoutMs");
    // The settings allow an interval of 0.001 s up to an hour and any timeout above it.
    QTest::newRow("1 s / 3 s") << 1000 << 3000;
    QTest::newRow("1 s / 1.5 s") << 1000 << 1500;
    QTest::newRow("0.1 s / 0.2 s") << 100 << 200;
    QTest::newRow("1 s / 1.003 s") << 1000 << 1003;
    QTest::newRow("the defaults, 10 s / 30 s") << 10000 << 30000;
    QTest::newRow("10 s / 15 s") << 10000 << 15000;
    QTest::newRow("an hour / a day") << 3600000 << 86400000;
    QTest::newRow("a millisecond / 0.1 s") << 1 << 100;
}

void TestConnectionTableModel::everyHeartbeatStateIsReachable()
{
    QFETCH(int, intervalMs);
    QFETCH(int, timeoutMs);
    const ConnectionTableModel::HeartbeatThresholds thresholds =
        ConnectionTableModel::heartbeatThresholds(intervalMs, timeoutMs);
    QVERIFY(thresholds.okUntilMs >= intervalMs);
    QVERIFY(thresholds.missingAfterMs > thresholds.okUntilMs);
    const auto stateAfter = [&](qint64 silenceMs) {
        SessionRow row = sessionRow(1);
        row.connectedAt = Now - silenceMs - 60'000;
        row.lastSeenAt = Now - silenceMs;
        return ConnectionTableModel::heartbeatState(row, Now, intervalMs, timeoutMs);
    };
    QCOMPARE(stateAfter(0), HeartbeatState::Ok);
    QCOMPARE(stateAfter(thresholds.okUntilMs), HeartbeatState::Ok);
    QCOMPARE(stateAfter(thresholds.okUntilMs + 1), HeartbeatState::Late);
    QCOMPARE(stateAfter(thresholds.missingAfterMs), HeartbeatState::Late);
    QCOMPARE(stateAfter(thresholds.missingAfterMs + 1), HeartbeatState::Missing);
}

void TestConnectionTableModel::heartbeatTooltipSaysTheThresholds()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    ConnectionTableModel model;
    QSignalSpy headerChanged(&model, &QAbstractItemModel::headerDataChanged);
    model.setHeartbeatTimings(1000, 3000);
    QCOMPARE(headerChanged.count(), 1);
    const QString tip = model.headerData(ConnectionTableModel::HeartbeatColumn, Qt::Horizontal, Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QLatin1String("late: silent for more than 1.7 s")), qPrintable(tip));
    QVERIFY2(tip.contains(QLatin1String("missing: silent for more than 2.3 s")), qPrintable(tip));
    QVERIFY2(tip.contains(QLatin1String("closes a client silent for 3 s")), qPrintable(tip));
}

void TestConnectionTableModel::heartbeatState()
{
    QFETCH(int, intervalMs);
    QFETCH(int, timeoutMs);
    QFETCH(qint64, silenceMs);
    QFETCH(int, missedPings);
    QFETCH(bool, neverHeardFrom);
    QFETCH(HeartbeatState, expected);
    SessionRow row = sessionRow(1);
    row.missedPings = missedPings;
    if (neverHeardFrom) {
        row.connectedAt = Now - silenceMs;
        row.lastSeenAt = 0;
    } else {
        row.connectedAt = Now - silenceMs - 60'000;
        row.lastSeenAt = Now - silenceMs;
    }
    QCOMPARE(ConnectionTableModel::heartbeatState(row, Now, intervalMs, timeoutMs), expected);

    // The model shows the same state, on every cell of the row.
    ConnectionTableModel model;
    model.setHeartbeatTimings(intervalMs, timeoutMs);
    model.applySnapshot(snapshotOf({row}));
    QCOMPARE(model.index(0, ConnectionTableModel::BytesInColumn).data(ConnectionTableModel::HeartbeatStateRole).toInt(),
             int(expected));
    QCOMPARE(model.index(0, ConnectionTableModel::HeartbeatColumn).data(ConnectionTableModel::SortRole).toInt(),
             int(expected));
}

void TestConnectionTableModel::heartbeatCellShowsWordColourAndIcon()
{
    ConnectionTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    SessionRow quiet = sessionRow(1);
    quiet.lastSeenAt = Now - 20'000;
    quiet.missedPings = 1;
    quiet.rttMs = 0.42;
    const SessionRow lively = sessionRow(2);
    model.applySnapshot(snapshotOf({quiet, lively}));
    const QModelIndex quietCell = model.index(0, ConnectionTableModel::HeartbeatColumn);
    const QModelIndex livelyCell = model.index(1, ConnectionTableModel::HeartbeatColumn);
    QCOMPARE(quietCell.data().toString(), QStringLiteral("off"));
    QVERIFY(!quietCell.data(Qt::DecorationRole).isValid());

    // Timings arrive when the server starts: the rows are restated in place.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setHeartbeatTimings(10'000, 60'000);
    QVERIFY(!changed.isEmpty());
    QVERIFY(changed.first().at(2).value<QList<int>>().contains(ConnectionTableModel::HeartbeatStateRole));
    QCOMPARE(quietCell.data().toString(), QStringLiteral("late"));
    QCOMPARE(livelyCell.data().toString(), QStringLiteral("ok"));
    QCOMPARE(quietCell.data(ConnectionTableModel::HeartbeatStateRole).toInt(), int(HeartbeatState::Late));
    const QColor lateColour = quietCell.data(Qt::ForegroundRole).value<QBrush>().color();
    const QColor okColour = livelyCell.data(Qt::ForegroundRole).value<QBrush>().color();
    QVERIFY(lateColour.isValid());
    QVERIFY(okColour.isValid());
    QVERIFY(lateColour != okColour);
    QVERIFY(!quietCell.data(Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(!livelyCell.data(Qt::DecorationRole).value<QIcon>().isNull());
    const QString toolTip = quietCell.data(Qt::ToolTipRole).toString();
    QVERIFY2(toolTip.contains(QStringLiteral("late")), qPrintable(toolTip));
    QVERIFY2(toolTip.contains(QStringLiteral("0.4 ms")), qPrintable(toolTip));
    QVERIFY2(toolTip.contains(QStringLiteral("unanswered in a row: 1")), qPrintable(toolTip));
    QVERIFY2(toolTip.contains(QStringLiteral("20 s ago")), qPrintable(toolTip));

    // Silence grows with the clock alone: the state follows, though the row's values did not change.
    model.applySnapshot(snapshotOf({quiet, lively}, Now + 15'000));
    QCOMPARE(quietCell.data().toString(), QStringLiteral("missing"));
    QVERIFY(quietCell.data(Qt::ForegroundRole).value<QBrush>().color() != lateColour);

    // And back off when the server runs without a heartbeat.
    model.setHeartbeatTimings(0, 0);
    QCOMPARE(quietCell.data().toString(), QStringLiteral("off"));
    QVERIFY(!quietCell.data(Qt::ForegroundRole).isValid());
}

void TestConnectionTableModel::displayTexts_data()
{
    QTest::addColumn<SessionRow>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("expected");

    SessionRow row = sessionRow(12);
    QTest::newRow("id with a number sign") << row << int(ConnectionTableModel::IdColumn) << QStringLiteral("#12");
    row.peerAddress = QStringLiteral("127.0.0.1");
    row.peerPort = 50412;
    QTest::newRow("IPv4 peer") << row << int(ConnectionTableModel::PeerColumn) << QStringLiteral("127.0.0.1:50412");
    row.peerAddress = QStringLiteral("::1");
    QTest::newRow("IPv6 peer in brackets") << row << int(ConnectionTableModel::PeerColumn) << QStringLiteral("[::1]:50412");
    row.path = QStringLiteral("/chat");
    QTest::newRow("path without a query") << row << int(ConnectionTableModel::PathColumn) << QStringLiteral("/chat");
    row.query = QStringLiteral("room=1");
    QTest::newRow("path with its query") << row << int(ConnectionTableModel::PathColumn) << QStringLiteral("/chat?room=1");
    row.connectedAt = Now - (5 * 60 + 12) * 1000;
    const QString connectedTime = QDateTime::fromMSecsSinceEpoch(row.connectedAt).toString(QStringLiteral("HH:mm:ss"));
    QTest::newRow("connected: local time and age")
        << row << int(ConnectionTableModel::ConnectedColumn) << QString(connectedTime + QStringLiteral(" (5 min 12 s)"));
    row.connectedAt = Now - (3 * 3600 + 4 * 60 + 5) * 1000;
    const QString longAgo = QDateTime::fromMSecsSinceEpoch(row.connectedAt).toString(QStringLiteral("HH:mm:ss"));
    QTest::newRow("connected hours ago")
        << row << int(ConnectionTableModel::ConnectedColumn) << QString(longAgo + QStringLiteral(" (3 h 4 min)"));
    QTest::newRow("RTT before the first pong") << row << int(ConnectionTableModel::RttColumn) << QStringLiteral("\u2013");
    row.rttMs = 0.4;
    QTest::newRow("RTT below a millisecond") << row << int(ConnectionTableModel::RttColumn) << QStringLiteral("0.4 ms");
    row.rttMs = 250.4;
    QTest::newRow("RTT in whole milliseconds when long") << row << int(ConnectionTableModel::RttColumn)
                                                         << QStringLiteral("250 ms");
    row.lastSeenAt = Now - 2'400;
    QTest::newRow("last seen") << row << int(ConnectionTableModel::LastSeenColumn) << QStringLiteral("2 s ago");
    row.lastSeenAt = Now + 500; // a clock stepped back: never a negative age
    QTest::newRow("last seen in the future") << row << int(ConnectionTableModel::LastSeenColumn) << QStringLiteral("0 s ago");
    row.messagesIn = 1234567;
    QTest::newRow("messages grouped") << row << int(ConnectionTableModel::MessagesInColumn) << QStringLiteral("1,234,567");
    row.messageRateOut = 12.5;
    QTest::newRow("rate per second") << row << int(ConnectionTableModel::RateOutColumn) << QStringLiteral("12.5/s");
    row.bytesIn = 1258291;
    QTest::newRow("bytes in binary units") << row << int(ConnectionTableModel::BytesInColumn) << QStringLiteral("1.2 MiB");
    row.bytesToWrite = 512;
    QTest::newRow("send queue in bytes") << row << int(ConnectionTableModel::SendQueueColumn) << QStringLiteral("512 bytes");
    row.userAgent = QStringLiteral("Mozilla/5.0");
    QTest::newRow("user agent as sent") << row << int(ConnectionTableModel::UserAgentColumn) << QStringLiteral("Mozilla/5.0");
    QTest::newRow("kind: WebSocket") << row << int(ConnectionTableModel::KindColumn) << QStringLiteral("WebSocket");
    QTest::newRow("no identity") << row << int(ConnectionTableModel::IdentityColumn) << QString();
    QTest::newRow("not flapping") << row << int(ConnectionTableModel::FlappingColumn) << QString();
    row.kind = ClientKind::Sse;
    QTest::newRow("kind: SSE") << row << int(ConnectionTableModel::KindColumn) << QStringLiteral("SSE");
    row.identity = QStringLiteral("alice");
    row.identityVerified = true;
    QTest::newRow("identity: the subject alone") << row << int(ConnectionTableModel::IdentityColumn) << QStringLiteral("alice");
    row.displayName = QStringLiteral("Alice");
    QTest::newRow("identity: name and subject") << row << int(ConnectionTableModel::IdentityColumn)
                                                << QStringLiteral("Alice (alice)");
    row.identityVerified = false;
    QTest::newRow("identity: unverified marked") << row << int(ConnectionTableModel::IdentityColumn)
                                                 << QStringLiteral("Alice (alice) (unverified)");
    row.flapping = true;
    QTest::newRow("flapping") << row << int(ConnectionTableModel::FlappingColumn) << QStringLiteral("flapping");
}

void TestConnectionTableModel::displayTexts()
{
    QFETCH(SessionRow, row);
    QFETCH(int, column);
    QFETCH(QString, expected);
    ConnectionTableModel model;
    model.applySnapshot(snapshotOf({row}));
    QCOMPARE(model.index(0, column).data().toString(), expected);
}

void TestConnectionTableModel::sortsByRawValues_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QList<SessionRow>>("rows");
    QTest::addColumn<QList<quint64>>("ascending");

    QList<SessionRow> rows = {sessionRow(1), sessionRow(2), sessionRow(3)};
    rows[0].bytesIn = 100;
    rows[1].bytesIn = 9;
    rows[2].bytesIn = 10;
    QTest::newRow("bytes: 9 < 10 < 100") << int(ConnectionTableModel::BytesInColumn) << rows << QList<quint64>{2, 3, 1};

    rows = {sessionRow(1), sessionRow(2), sessionRow(3)};
    rows[0].bytesOut = 2 * 1024 * 1024; // "2.0 MiB" would sort before "900 bytes" as text
    rows[1].bytesOut = 900;
    rows[2].bytesOut = 1500;
    QTest::newRow("bytes across units") << int(ConnectionTableModel::BytesOutColumn) << rows << QList<quint64>{2, 3, 1};

    rows = {sessionRow(9), sessionRow(10), sessionRow(100)};
    QTest::newRow("ids: #9 < #10 < #100") << int(ConnectionTableModel::IdColumn) << rows << QList<quint64>{9, 10, 100};

    rows = {sessionRow(1), sessionRow(2), sessionRow(3)};
    rows[0].rttMs = 12.5;
    rows[1].rttMs = 2.25;
    rows[2].rttMs = -1; // no pong yet
    QTest::newRow("RTT as a number, no pong first") << int(ConnectionTableModel::RttColumn) << rows << QList<quint64>{3, 2, 1};

    rows = {sessionRow(1), sessionRow(2), sessionRow(3)};
    rows[0].peerAddress = QStringLiteral("10.0.0.10");
    rows[1].peerAddress = QStringLiteral("10.0.0.9");
    rows[2].peerAddress = QStringLiteral("9.1.1.1");
    QTest::newRow("peers by address as numbers") << int(ConnectionTableModel::PeerColumn) << rows << QList<quint64>{3, 2, 1};

    rows = {sessionRow(1), sessionRow(2), sessionRow(3)};
    rows[0].lastSeenAt = Now - 5'000;
    rows[1].lastSeenAt = Now - 100'000;
    rows[2].lastSeenAt = Now;
    QTest::newRow("last seen: most recent first") << int(ConnectionTableModel::LastSeenColumn) << rows
                                                  << QList<quint64>{3, 1, 2};

    // By the subject, not the words shown: "Zed (alice)" sorts as alice.
    rows = {sessionRow(1), sessionRow(2), sessionRow(3)};
    rows[0].identity = QStringLiteral("carol");
    rows[1].identity = QStringLiteral("alice");
    rows[1].displayName = QStringLiteral("Zed");
    QTest::newRow("identity by subject, none first") << int(ConnectionTableModel::IdentityColumn) << rows
                                                     << QList<quint64>{3, 2, 1};

    // Two rows each: equal values keep the source order both ways, which a reversed list would not show.
    rows = {sessionRow(1), sessionRow(2)};
    rows[1].kind = ClientKind::Sse;
    QTest::newRow("kind: SSE before WebSocket") << int(ConnectionTableModel::KindColumn) << rows
                                                << QList<quint64>{2, 1};

    rows = {sessionRow(1), sessionRow(2)};
    rows[0].flapping = true;
    QTest::newRow("flapping last") << int(ConnectionTableModel::FlappingColumn) << rows << QList<quint64>{2, 1};
}

void TestConnectionTableModel::sortsByRawValues()
{
    QFETCH(int, column);
    QFETCH(QList<SessionRow>, rows);
    QFETCH(QList<quint64>, ascending);
    ConnectionTableModel model;
    ConnectionFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applySnapshot(snapshotOf(rows));
    proxy.sort(column, Qt::AscendingOrder);
    QCOMPARE(idsOf(proxy), ascending);
    proxy.sort(column, Qt::DescendingOrder);
    std::reverse(ascending.begin(), ascending.end());
    QCOMPARE(idsOf(proxy), ascending);
}

void TestConnectionTableModel::selectionFollowsItsClientAcrossUpdates()
{
    ConnectionTableModel model;
    ConnectionFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester sourceTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QItemSelectionModel selection(&proxy);
    proxy.sort(ConnectionTableModel::BytesInColumn, Qt::DescendingOrder);

    QList<SessionRow> rows;
    for (const quint64 id : range(1, 10)) {
        rows.append(sessionRow(id));
        rows.last().bytesIn = id * 100; // #10 on top, #1 at the bottom
    }
    model.applySnapshot(snapshotOf(rows));
    const quint64 chosen = 5;
    const QModelIndex chosenIndex = proxy.mapFromSource(model.index(model.rowOfSession(chosen), 0));
    QCOMPARE(chosenIndex.row(), 5);
    selection.select(chosenIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    selection.setCurrentIndex(chosenIndex, QItemSelectionModel::NoUpdate);

    const auto selectedIds = [&] {
        QList<quint64> ids;
        for (const QModelIndex &index : selection.selectedRows())
            ids.append(index.data(ConnectionTableModel::SessionIdRole).toULongLong());
        return ids;
    };

    // Others leave above and below it, and new clients arrive around it.
    rows.removeIf([](const SessionRow &row) { return row.id == 2 || row.id == 3 || row.id == 8; });
    rows.insert(0, sessionRow(11));
    rows.first().bytesIn = 5000;
    rows.append(sessionRow(12));
    model.applySnapshot(snapshotOf(rows, Now + 250));
    QCOMPARE(selectedIds(), QList<quint64>{chosen});

    // It talks and climbs to the top of the sort; others change below it.
    for (SessionRow &row : rows) {
        if (row.id == chosen)
            row.bytesIn = 1'000'000;
        if (row.id == 1)
            row.bytesIn = 999'999;
    }
    model.applySnapshot(snapshotOf(rows, Now + 500));
    QCOMPARE(proxy.index(0, 0).data(ConnectionTableModel::SessionIdRole).toULongLong(), chosen);
    QCOMPARE(selectedIds(), QList<quint64>{chosen});
    QCOMPARE(selection.currentIndex().data(ConnectionTableModel::SessionIdRole).toULongLong(), chosen);

    // The operator re-sorts by another column.
    proxy.sort(ConnectionTableModel::IdColumn, Qt::AscendingOrder);
    QCOMPARE(selectedIds(), QList<quint64>{chosen});

    // When it leaves, the selection is empty rather than moved onto someone else.
    rows.removeIf([&](const SessionRow &row) { return row.id == chosen; });
    model.applySnapshot(snapshotOf(rows, Now + 750));
    QVERIFY(selectedIds().isEmpty());
}

void TestConnectionTableModel::filterText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<quint64>>("shown");

    QTest::newRow("empty shows every client") << QString() << QList<quint64>{1, 2, 3, 12};
    QTest::newRow("only spaces show every client") << QStringLiteral("  ") << QList<quint64>{1, 2, 3, 12};
    QTest::newRow("id as shown") << QStringLiteral("#12") << QList<quint64>{12};
    QTest::newRow("peer address") << QStringLiteral("10.1.2.3") << QList<quint64>{2};
    QTest::newRow("IPv6 peer") << QStringLiteral("[::1]") << QList<quint64>{3};
    QTest::newRow("path and query") << QStringLiteral("room=7") << QList<quint64>{1};
    QTest::newRow("origin, whatever the case") << QStringLiteral("EXAMPLE.ORG") << QList<quint64>{2};
    QTest::newRow("user agent") << QStringLiteral("curl") << QList<quint64>{3};
    QTest::newRow("subprotocol") << QStringLiteral("graphql-ws") << QList<quint64>{12};
    QTest::newRow("identity's subject") << QStringLiteral("alice") << QList<quint64>{1};
    QTest::newRow("identity's display name") << QStringLiteral("liddell") << QList<quint64>{1};
    QTest::newRow("kind") << QStringLiteral("sse") << QList<quint64>{12};
    QTest::newRow("nothing matches") << QStringLiteral("no such client") << QList<quint64>{};
}

void TestConnectionTableModel::filterText()
{
    QFETCH(QString, text);
    QFETCH(QList<quint64>, shown);
    QList<SessionRow> rows = {sessionRow(1), sessionRow(2), sessionRow(3), sessionRow(12)};
    rows[0].path = QStringLiteral("/chat");
    rows[0].query = QStringLiteral("room=7");
    rows[1].peerAddress = QStringLiteral("10.1.2.3");
    rows[1].origin = QStringLiteral("https://example.org");
    rows[2].peerAddress = QStringLiteral("::1");
    rows[2].userAgent = QStringLiteral("curl/8.0");
    rows[3].subprotocol = QStringLiteral("graphql-ws");
    rows[3].kind = ClientKind::Sse;
    rows[0].identity = QStringLiteral("alice");
    rows[0].displayName = QStringLiteral("Alice Liddell");
    ConnectionTableModel model;
    ConnectionFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.sort(ConnectionTableModel::IdColumn, Qt::AscendingOrder);
    model.applySnapshot(snapshotOf(rows));
    proxy.setFilterText(text);
    QCOMPARE(idsOf(proxy), shown);
    proxy.setFilterText(QString());
    QCOMPARE(proxy.rowCount(), 4);
}

void TestConnectionTableModel::flappingOnlyFollowsTheMark()
{
    ConnectionTableModel model;
    ConnectionFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester sourceTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.sort(ConnectionTableModel::IdColumn, Qt::AscendingOrder);
    QList<SessionRow> rows = {sessionRow(1), sessionRow(2), sessionRow(3)};
    rows[1].flapping = true;
    model.applySnapshot(snapshotOf(rows));
    proxy.setFlappingOnly(true);
    QCOMPARE(idsOf(proxy), (QList<quint64>{2}));
    // Marked and unmarked by later snapshots: the filter follows, only the changed cell is told.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    rows[1].flapping = false;
    rows[2].flapping = true;
    model.applySnapshot(snapshotOf(rows));
    QCOMPARE(idsOf(proxy), (QList<quint64>{3}));
    QVERIFY(!changed.isEmpty());
    for (const QList<QVariant> &signal : std::as_const(changed)) {
        QCOMPARE(signal.at(0).toModelIndex().column(), int(ConnectionTableModel::FlappingColumn));
        QCOMPARE(signal.at(1).toModelIndex().column(), int(ConnectionTableModel::FlappingColumn));
    }
    // Combined with the text filter.
    proxy.setFilterText(QStringLiteral("#1"));
    QCOMPARE(idsOf(proxy), (QList<quint64>{}));
    proxy.setFlappingOnly(false);
    QCOMPARE(idsOf(proxy), (QList<quint64>{1}));
}

void TestConnectionTableModel::unverifiedIdentityIsGreyItalicWithWhy()
{
    ConnectionTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QList<SessionRow> rows = {sessionRow(1), sessionRow(2)};
    rows[0].identity = QStringLiteral("alice");
    rows[0].identityVerified = true;
    rows[1].identity = QStringLiteral("mallory");
    rows[1].flapping = true;
    model.applySnapshot(snapshotOf(rows));
    const QModelIndex verified = model.index(0, ConnectionTableModel::IdentityColumn);
    const QModelIndex unverified = model.index(1, ConnectionTableModel::IdentityColumn);
    QVERIFY(!verified.data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(unverified.data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(!verified.data(Qt::ForegroundRole).isValid());
    QVERIFY(unverified.data(Qt::ForegroundRole).isValid());
    QVERIFY2(unverified.data(Qt::ToolTipRole).toString().contains(QLatin1String("Unverified")),
             qPrintable(unverified.data(Qt::ToolTipRole).toString()));
    QVERIFY(verified.data(Qt::ToolTipRole).toString().contains(QLatin1String("Verified")));
    // The flapping mark in its warning colour, with a tool tip that says what it means.
    const QModelIndex flapping = model.index(1, ConnectionTableModel::FlappingColumn);
    QVERIFY(flapping.data(Qt::ForegroundRole).isValid());
    QVERIFY(flapping.data(Qt::ToolTipRole).toString().contains(QLatin1String("--flapping-threshold")));
    QVERIFY(!model.index(0, ConnectionTableModel::FlappingColumn).data(Qt::ForegroundRole).isValid());
    // Headers for the new columns, each with a tool tip.
    for (int column : {int(ConnectionTableModel::KindColumn), int(ConnectionTableModel::IdentityColumn),
                       int(ConnectionTableModel::FlappingColumn)}) {
        QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
        QVERIFY(!model.headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
    }
}

void TestConnectionTableModel::filterAppliesToArrivingClients()
{
    ConnectionTableModel model;
    ConnectionFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.sort(ConnectionTableModel::IdColumn, Qt::AscendingOrder);
    QList<SessionRow> rows = {sessionRow(1), sessionRow(2)};
    rows[1].path = QStringLiteral("/admin");
    model.applySnapshot(snapshotOf(rows));
    proxy.setFilterText(QStringLiteral("/admin"));
    QCOMPARE(idsOf(proxy), QList<quint64>{2});

    rows.append(sessionRow(3));
    rows.last().path = QStringLiteral("/admin");
    rows.append(sessionRow(4));
    model.applySnapshot(snapshotOf(rows, Now + 250));
    QCOMPARE(idsOf(proxy), (QList<quint64>{2, 3}));
}

void TestConnectionTableModel::showsTheRealServersClients()
{
    {
        ServerFixture server;
        ConnectionTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        ResetSpies spies(&model);
        connect(&server.controller, &ServerController::snapshotReady, &model, &ConnectionTableModel::applySnapshot);
        QVERIFY(server.start());

        Client first;
        Client second;
        QVERIFY(first.open(server.url));
        QVERIFY(second.open(server.url));
        const quint64 firstId = server.sessionIdForPort(first.localPort());
        const quint64 secondId = server.sessionIdForPort(second.localPort());
        QVERIFY(firstId != 0);
        QVERIFY(secondId != 0);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, WaitMs);
        QCOMPARE(idsOf(model), (QList<quint64>{firstId, secondId}));
        const QModelIndex peer = model.index(model.rowOfSession(firstId), ConnectionTableModel::PeerColumn);
        QCOMPARE(peer.data().toString(), QStringLiteral("127.0.0.1:%1").arg(first.localPort()));

        first.socket.sendTextMessage(QStringLiteral("hello"));
        QTRY_COMPARE_WITH_TIMEOUT(
            model.index(model.rowOfSession(firstId), ConnectionTableModel::MessagesInColumn).data().toString(),
            QStringLiteral("1"), WaitMs);
        QCOMPARE(model.index(model.rowOfSession(secondId), ConnectionTableModel::MessagesInColumn).data().toString(),
                 QStringLiteral("0"));

        second.socket.close();
        QTRY_COMPARE_WITH_TIMEOUT(idsOf(model), QList<quint64>{firstId}, WaitMs);
        QCOMPARE(model.rowOfSession(secondId), -1);

        QVERIFY(server.stop());
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(spies.reset.count(), 0);
        QCOMPARE(spies.layout.count(), 0);
    }
    // The controller's destructor joined the server thread: every Session must be gone by then.
    QCOMPARE(Session::aliveCount(), 0);
}

QTEST_MAIN(TestConnectionTableModel)

#include "tst_connectiontablemodel.moc"
