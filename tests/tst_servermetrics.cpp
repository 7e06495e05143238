#include "processstats.h"
#include "servermetrics.h"

#include <QTest>

#if defined(Q_OS_UNIX)
#  include <fcntl.h>
#  include <sys/resource.h>
#endif

using namespace wsm;

namespace {

QList<QByteArray> lines(const QByteArray &text)
{
    QList<QByteArray> result = text.split('\n');
    if (!result.isEmpty() && result.constLast().isEmpty())
        result.removeLast(); // the text ends with a newline
    return result;
}

// The value of the one sample line that starts with "name{labels} " (or "name "), or a null array.
QByteArray sampleValue(const QByteArray &text, const QByteArray &series)
{
    for (const QByteArray &line : lines(text)) {
        if (line.startsWith(QByteArray(series + ' ')))
            return line.mid(series.size() + 1);
    }
    return {};
}

} // namespace

class tst_ServerMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countersByReason();
    void reset();
    void histogramBuckets_data();
    void histogramBuckets();
    void exposesEveryMetric_data();
    void exposesEveryMetric();
    void reasonSamples();
    void bucketBoundsInSeconds();
    void valuesFromTotals();
    void everyLineIsValidSyntax_data();
    void everyLineIsValidSyntax();
    void residentBytes();
    void openFileDescriptorsFollowOpenAndClose();
    void raiseOpenFileLimit();
    void freedMemoryIsReturnedOnceTheHeapFalls_data();
    void freedMemoryIsReturnedOnceTheHeapFalls();
};

void tst_ServerMetrics::countersByReason()
{
    ServerMetrics metrics;
    for (int i = 0; i < 3; ++i)
        metrics.countAccepted();
    metrics.countRejected(EndReason::ServerFull);
    metrics.countRejected(EndReason::ServerFull);
    metrics.countRejected(EndReason::OriginRefused);
    for (int i = 0; i < 4; ++i)
        metrics.countClosed(EndReason::ClientClosed);
    metrics.countClosed(EndReason::HeartbeatTimeout);

    QCOMPARE(metrics.accepted(), quint64(3));
    QCOMPARE(metrics.rejected(), quint64(3));
    QCOMPARE(metrics.closed(), quint64(5));
    QCOMPARE(metrics.rejectedFor(EndReason::ServerFull), quint64(2));
    QCOMPARE(metrics.rejectedFor(EndReason::OriginRefused), quint64(1));
    QCOMPARE(metrics.rejectedFor(EndReason::TokenRefused), quint64(0));
    QCOMPARE(metrics.closedFor(EndReason::ClientClosed), quint64(4));
    QCOMPARE(metrics.closedFor(EndReason::HeartbeatTimeout), quint64(1));
    // Rejections and closes are counted apart even for a reason both can have.
    QCOMPARE(metrics.closedFor(EndReason::ServerFull), quint64(0));
}

void tst_ServerMetrics::reset()
{
    ServerMetrics metrics;
    metrics.countAccepted();
    metrics.countRejected(EndReason::Banned);
    metrics.countClosed(EndReason::OperatorKick);
    metrics.observeRtt(3);
    metrics.reset();
    QCOMPARE(metrics.accepted(), quint64(0));
    QCOMPARE(metrics.rejected(), quint64(0));
    QCOMPARE(metrics.closed(), quint64(0));
    QCOMPARE(metrics.rtt().count(), quint64(0));
    QCOMPARE(metrics.rtt().sumMs(), 0.0);
    QCOMPARE(metrics.rtt().cumulativeCount(11), quint64(0));
}

void tst_ServerMetrics::histogramBuckets_data()
{
    QTest::addColumn<QList<double>>("observations");
    QTest::addColumn<QList<quint64>>("cumulative"); // one per bound, 1 ms .. 5000 ms

    QTest::newRow("none") << QList<double>{} << QList<quint64>{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    QTest::newRow("zero lands in the first bucket") << QList<double>{0}
                                                    << QList<quint64>{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    QTest::newRow("on a bound counts in that bucket") << QList<double>{1}
                                                      << QList<quint64>{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    QTest::newRow("just above a bound counts in the next") << QList<double>{1.0001}
                                                           << QList<quint64>{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    QTest::newRow("above the last bound only in +Inf") << QList<double>{5000.5, 60000}
                                                       << QList<quint64>{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    QTest::newRow("spread") << QList<double>{0.3, 1.5, 4, 7, 30, 30, 99, 600, 2400, 5000, 9000}
                            << QList<quint64>{1, 2, 3, 4, 4, 6, 7, 7, 7, 8, 9, 10};
}

void tst_ServerMetrics::histogramBuckets()
{
    QFETCH(QList<double>, observations);
    QFETCH(QList<quint64>, cumulative);

    RttHistogram histogram;
    double sum = 0;
    for (const double ms : observations) {
        histogram.observe(ms);
        sum += ms;
    }
    QCOMPARE(RttHistogram::bucketBoundsMs(),
             (std::array<double, 12>{1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000}));
    QCOMPARE(histogram.count(), quint64(observations.size()));
    QCOMPARE(histogram.sumMs(), sum);
    for (int i = 0; i < 12; ++i) {
        QCOMPARE(histogram.cumulativeCount(i), cumulative.at(i));
        if (i > 0)
            QVERIFY(histogram.cumulativeCount(i) >= histogram.cumulativeCount(i - 1));
    }
    QVERIFY(histogram.cumulativeCount(11) <= histogram.count());

    // +Inf equals the count in the exposition.
    ServerMetrics metrics;
    for (const double ms : observations)
        metrics.observeRtt(ms);
    const QByteArray text = metrics.prometheusText(ServerTotals(), 0);
    QCOMPARE(sampleValue(text, "wsmonitor_heartbeat_rtt_seconds_bucket{le=\"+Inf\"}"),
             QByteArray::number(observations.size()));
    QCOMPARE(sampleValue(text, "wsmonitor_heartbeat_rtt_seconds_count"), QByteArray::number(observations.size()));
    QCOMPARE(sampleValue(text, "wsmonitor_heartbeat_rtt_seconds_bucket{le=\"5\"}"),
             QByteArray::number(cumulative.at(11)));
}

void tst_ServerMetrics::exposesEveryMetric_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("type");

    const char *const metrics[][2] = {
        {"wsmonitor_clients_connected", "gauge"},
        {"wsmonitor_sessions_alive", "gauge"},
        {"wsmonitor_handshakes_pending", "gauge"},
        {"wsmonitor_connections_accepted_total", "counter"},
        {"wsmonitor_connections_rejected_total", "counter"},
        {"wsmonitor_connections_closed_total", "counter"},
        {"wsmonitor_messages_received_total", "counter"},
        {"wsmonitor_messages_sent_total", "counter"},
        {"wsmonitor_received_bytes_total", "counter"},
        {"wsmonitor_sent_bytes_total", "counter"},
        {"wsmonitor_heartbeat_rtt_seconds", "histogram"},
        {"wsmonitor_event_loop_lag_seconds", "gauge"},
        {"process_resident_memory_bytes", "gauge"},
        {"process_open_fds", "gauge"},
        {"process_start_time_seconds", "gauge"},
    };
    for (const auto &metric : metrics)
        QTest::newRow(metric[0]) << QByteArray(metric[0]) << QByteArray(metric[1]);
}

void tst_ServerMetrics::exposesEveryMetric()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, type);

    ServerTotals totals;
    totals.residentBytes = 1 << 20;
    totals.openFds = 12;
    const QByteArray text = ServerMetrics().prometheusText(totals, 1718000000000);
    const QList<QByteArray> all = lines(text);

    const QByteArray help = "# HELP " + name + ' ';
    const QByteArray typeLine = "# TYPE " + name + ' ' + type;
    const auto helpAt = std::find_if(all.cbegin(), all.cend(), [&](const QByteArray &l) { return l.startsWith(help); });
    const auto typeAt = std::find(all.cbegin(), all.cend(), typeLine);
    QVERIFY2(helpAt != all.cend(), help.constData());
    QVERIFY2(typeAt != all.cend(), typeLine.constData());
    QCOMPARE(all.count(typeLine), 1);
    QVERIFY(helpAt->size() > help.size()); // the help says something

    // At least one sample, all of them after the TYPE line and before the next family.
    int samples = 0;
    for (auto it = typeAt + 1; it != all.cend() && !it->startsWith('#'); ++it) {
        QVERIFY2(it->startsWith(name), it->constData());
        ++samples;
    }
    QVERIFY(samples > 0);
    for (auto it = all.cbegin(); it != typeAt; ++it) {
        if (!it->startsWith('#'))
            QVERIFY2(!it->startsWith(QByteArray(name + ' ')) && !it->startsWith(QByteArray(name + '{')), it->constData());
    }
}

void tst_ServerMetrics::reasonSamples()
{
    ServerMetrics metrics;
    metrics.countRejected(EndReason::ServerFull);
    metrics.countRejected(EndReason::ServerFull);
    metrics.countRejected(EndReason::TokenRefused);
    for (int i = 0; i < 4; ++i)
        metrics.countClosed(EndReason::ClientClosed);
    metrics.countClosed(EndReason::SlowConsumer);
    const QByteArray text = metrics.prometheusText(ServerTotals(), 0);

    QCOMPARE(sampleValue(text, "wsmonitor_connections_rejected_total{reason=\"server_full\"}"), QByteArray("2"));
    QCOMPARE(sampleValue(text, "wsmonitor_connections_rejected_total{reason=\"token_refused\"}"), QByteArray("1"));
    QCOMPARE(sampleValue(text, "wsmonitor_connections_rejected_total{reason=\"origin_refused\"}"), QByteArray("0"));
    QCOMPARE(sampleValue(text, "wsmonitor_connections_closed_total{reason=\"client_closed\"}"), QByteArray("4"));
    QCOMPARE(sampleValue(text, "wsmonitor_connections_closed_total{reason=\"slow_consumer\"}"), QByteArray("1"));
    QCOMPARE(sampleValue(text, "wsmonitor_connections_closed_total{reason=\"heartbeat_timeout\"}"), QByteArray("0"));
    // A restart's closes are counted apart from a shutdown's and from an operator's kicks.
    QCOMPARE(sampleValue(text, "wsmonitor_connections_closed_total{reason=\"service_restart\"}"), QByteArray("0"));

    // Every reason that can apply has its zero sample; one that cannot (a kick before the upgrade)
    // does not appear until it happens.
    for (int i = 1; i < EndReasonCount; ++i) {
        const auto reason = EndReason(i);
        const QByteArray label = "{reason=\"" + ConnectionEvent::reasonId(reason).toLatin1() + "\"}";
        QCOMPARE(!sampleValue(text, "wsmonitor_connections_rejected_total" + label).isNull(),
                 ServerMetrics::canReject(reason));
        QCOMPARE(!sampleValue(text, "wsmonitor_connections_closed_total" + label).isNull(),
                 ServerMetrics::canClose(reason));
    }
    QVERIFY(!ServerMetrics::canReject(EndReason::OperatorKick));
    metrics.countRejected(EndReason::OperatorKick);
    QCOMPARE(sampleValue(metrics.prometheusText(ServerTotals(), 0),
                         "wsmonitor_connections_rejected_total{reason=\"operator_kick\"}"),
             QByteArray("1"));
}

void tst_ServerMetrics::bucketBoundsInSeconds()
{
    ServerMetrics metrics;
    metrics.observeRtt(3);
    metrics.observeRtt(7);
    metrics.observeRtt(1200);
    const QByteArray text = metrics.prometheusText(ServerTotals(), 0);

    const QList<QByteArray> expected{"0.001", "0.002", "0.005", "0.01", "0.025", "0.05", "0.1",
                                     "0.25",  "0.5",   "1",     "2.5",  "5",     "+Inf"};
    QList<QByteArray> found;
    static const QRegularExpression bucket(QStringLiteral("^wsmonitor_heartbeat_rtt_seconds_bucket\\{le=\"([^\"]*)\"\\} "));
    for (const QByteArray &line : lines(text)) {
        const QRegularExpressionMatch match = bucket.match(QString::fromLatin1(line));
        if (match.hasMatch())
            found.append(match.captured(1).toLatin1());
    }
    QCOMPARE(found, expected);

    QCOMPARE(sampleValue(text, "wsmonitor_heartbeat_rtt_seconds_bucket{le=\"0.002\"}"), QByteArray("0"));
    QCOMPARE(sampleValue(text, "wsmonitor_heartbeat_rtt_seconds_bucket{le=\"0.005\"}"), QByteArray("1"));
    QCOMPARE(sampleValue(text, "wsmonitor_heartbeat_rtt_seconds_bucket{le=\"0.01\"}"), QByteArray("2"));
    QCOMPARE(sampleValue(text, "wsmonitor_heartbeat_rtt_seconds_bucket{le=\"1\"}"), QByteArray("2"));
    QCOMPARE(sampleValue(text, "wsmonitor_heartbeat_rtt_seconds_bucket{le=\"2.5\"}"), QByteArray("3"));
    QCOMPARE(sampleValue(text, "wsmonitor_heartbeat_rtt_seconds_bucket{le=\"+Inf\"}"), QByteArray("3"));
    QCOMPARE(sampleValue(text, "wsmonitor_heartbeat_rtt_seconds_sum"), QByteArray("1.21"));
    QCOMPARE(sampleValue(text, "wsmonitor_heartbeat_rtt_seconds_count"), QByteArray("3"));
}

void tst_ServerMetrics::valuesFromTotals()
{
    ServerTotals totals;
    totals.clientsConnected = 7;
    totals.sessionsAlive = 8;
    totals.handshakesPending = 2;
    totals.messagesIn = 12345678901234ULL; // large counters print whole, never as 1.2e13
    totals.messagesOut = 5;
    totals.bytesIn = 18446744073709551615ULL;
    totals.bytesOut = 0;
    totals.eventLoopLagMs = 1.5;
    totals.residentBytes = 123456789;
    totals.openFds = 42;
    ServerMetrics metrics;
    metrics.countAccepted();
    metrics.countAccepted();

    // A locale with a decimal comma must not leak into the exposition.
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const QByteArray text = metrics.prometheusText(totals, 1718000000123);
    QLocale::setDefault(before);

    QCOMPARE(sampleValue(text, "wsmonitor_clients_connected"), QByteArray("7"));
    QCOMPARE(sampleValue(text, "wsmonitor_sessions_alive"), QByteArray("8"));
    QCOMPARE(sampleValue(text, "wsmonitor_handshakes_pending"), QByteArray("2"));
    QCOMPARE(sampleValue(text, "wsmonitor_connections_accepted_total"), QByteArray("2"));
    QCOMPARE(sampleValue(text, "wsmonitor_messages_received_total"), QByteArray("12345678901234"));
    QCOMPARE(sampleValue(text, "wsmonitor_messages_sent_total"), QByteArray("5"));
    QCOMPARE(sampleValue(text, "wsmonitor_received_bytes_total"), QByteArray("18446744073709551615"));
    QCOMPARE(sampleValue(text, "wsmonitor_sent_bytes_total"), QByteArray("0"));
    QCOMPARE(sampleValue(text, "wsmonitor_event_loop_lag_seconds"), QByteArray("0.0015"));
    QCOMPARE(sampleValue(text, "process_resident_memory_bytes"), QByteArray("123456789"));
    QCOMPARE(sampleValue(text, "process_open_fds"), QByteArray("42"));
    QCOMPARE(sampleValue(text, "process_start_time_seconds"), QByteArray("1718000000.123"));

    QCOMPARE(sampleValue(metrics.prometheusText(totals, 1718000005000), "process_start_time_seconds"),
             QByteArray("1718000005"));
    QCOMPARE(sampleValue(metrics.prometheusText(totals, 1718000005007), "process_start_time_seconds"),
             QByteArray("1718000005.007"));
}

void tst_ServerMetrics::everyLineIsValidSyntax_data()
{
    QTest::addColumn<bool>("busy");
    QTest::newRow("fresh server") << false;
    QTest::newRow("after traffic") << true;
}

void tst_ServerMetrics::everyLineIsValidSyntax()
{
    QFETCH(bool, busy);
    ServerMetrics metrics;
    ServerTotals totals;
    if (busy) {
        for (int i = 0; i < EndReasonCount; ++i) {
            metrics.countRejected(EndReason(i));
            metrics.countClosed(EndReason(i));
        }
        metrics.countAccepted();
        for (const double ms : {0.0, 0.25, 3.3333333, 999.999, 7000.0})
            metrics.observeRtt(ms);
        totals.messagesIn = std::numeric_limits<quint64>::max();
        totals.eventLoopLagMs = 1.0 / 3.0;
        totals.residentBytes = 1;
    }
    const QByteArray text = metrics.prometheusText(totals, busy ? 1718000000999 : 0);
    QVERIFY(text.endsWith('\n'));

    // Text format 0.0.4: a metric name, optional {label="value",...} with escaped values, one
    // space, then a Go float (with +Inf, -Inf, NaN); no timestamp is written.
    static const QRegularExpression sample(QStringLiteral(
        "^[a-zA-Z_:][a-zA-Z0-9_:]*"
        "(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\""
        "(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\")*\\})?"
        " (-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|[+-]Inf|NaN)$"));
    static const QRegularExpression comment(QStringLiteral(
        "^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* \\S.*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))$"));
    // A value with a comma, or a counter in exponent form, must be caught by this test.
    QVERIFY(!sample.match(QStringLiteral("x 1,5")).hasMatch());
    QVERIFY(!sample.match(QStringLiteral("x{a=\"b\"}  1")).hasMatch());
    QVERIFY(sample.match(QStringLiteral("x{a=\"b\\\"c\",d=\"\"} 1.5e-05")).hasMatch());

    int samples = 0;
    for (const QByteArray &line : lines(text)) {
        const QString l = QString::fromUtf8(line);
        if (line.startsWith('#')) {
            QVERIFY2(comment.match(l).hasMatch(), line.constData());
        } else {
            QVERIFY2(sample.match(l).hasMatch(), line.constData());
            const QByteArray value = line.mid(line.lastIndexOf(' ') + 1);
            QVERIFY2(!value.contains('e') && !value.contains('E'), line.constData()); // no exponents here
            ++samples;
        }
    }
    QVERIFY(samples > 40);
}

void tst_ServerMetrics::residentBytes()
{
#if defined(Q_OS_LINUX)
    const qint64 before = ProcessStats::residentBytes();
    QVERIFY(before > 0);
    // Touch 64 MiB: resident memory must grow by most of it.
    QByteArray block(64 * 1024 * 1024, 'x');
    const qint64 after = ProcessStats::residentBytes();
    QVERIFY2(after - before > 32 * 1024 * 1024, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
    QCOMPARE(block.at(block.size() - 1), 'x');
#else
    QCOMPARE(ProcessStats::residentBytes(), qint64(-1));
#endif
}

void tst_ServerMetrics::openFileDescriptorsFollowOpenAndClose()
{
#if defined(Q_OS_LINUX)
    const int before = ProcessStats::openFileDescriptors();
    QVERIFY(before >= 3); // stdin, stdout, stderr at least
    QCOMPARE(ProcessStats::openFileDescriptors(), before); // counting opens nothing that stays open

    // An independent count that opens nothing: ask the kernel about each descriptor number.
    rlimit limit{};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &limit), 0);
    const int highest = int(qMin<rlim_t>(limit.rlim_cur, 1 << 20));
    int valid = 0;
    for (int fd = 0; fd < highest; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1)
            ++valid;
    }
    QCOMPARE(before, valid);

    QFile file(QCoreApplication::applicationFilePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(ProcessStats::openFileDescriptors(), before + 1);
    QFile second(QCoreApplication::applicationFilePath());
    QVERIFY(second.open(QIODevice::ReadOnly));
    QCOMPARE(ProcessStats::openFileDescriptors(), before + 2);
    second.close();
    file.close();
    QCOMPARE(ProcessStats::openFileDescriptors(), before);
#else
    QCOMPARE(ProcessStats::openFileDescriptors(), -1);
#endif
}

void tst_ServerMetrics::raiseOpenFileLimit()
{
#if defined(Q_OS_UNIX)
    rlimit limit{};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &limit), 0);
    QString error;
    const qint64 raised = ProcessStats::raiseOpenFileLimit(&error);
    QVERIFY2(raised > 0, qPrintable(error));
    QVERIFY(error.isEmpty());
    QVERIFY(quint64(raised) >= quint64(limit.rlim_cur) || limit.rlim_cur == RLIM_INFINITY);
    rlimit now{};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &now), 0);
    if (now.rlim_cur != RLIM_INFINITY)
        QCOMPARE(quint64(now.rlim_cur), quint64(raised));
    if (limit.rlim_max != RLIM_INFINITY)
        QCOMPARE(quint64(now.rlim_cur), quint64(limit.rlim_max));
    // Asking again changes nothing.
    QCOMPARE(ProcessStats::raiseOpenFileLimit(), raised);
#else
    QCOMPARE(ProcessStats::raiseOpenFileLimit(), qint64(-1));
#endif
}

QTEST_GUILESS_MAIN(tst_ServerMetrics)
namespace {
int trimsDone = 0;
void countTrim()
{
    ++trimsDone;
}
} // namespace

void tst_ServerMetrics::freedMemoryIsReturnedOnceTheHeapFalls_data()
{
    QTest::addColumn<QList<qint64>>("heapInUseMiB");
    QTest::addColumn<int>("trims");
    // The threshold is 64 MiB below the highest heap in use since the last trim.
    QTest::newRow("growing only") << QList<qint64>{10, 50, 100, 200} << 0;
    QTest::newRow("a fall of less") << QList<qint64>{100, 37} << 0;
    QTest::newRow("a fall of 64 MiB") << QList<qint64>{100, 36} << 1;
    QTest::newRow("once per fall") << QList<qint64>{200, 100, 100, 90, 100} << 1;
    QTest::newRow("a new high, a new fall") << QList<qint64>{200, 100, 300, 200} << 2;
    QTest::newRow("the high is reset by a trim") << QList<qint64>{200, 100, 140, 80} << 1;
    QTest::newRow("heap unknown") << QList<qint64>{-1, -1, -1} << 0;
}

void tst_ServerMetrics::freedMemoryIsReturnedOnceTheHeapFalls()
{
    QFETCH(QList<qint64>, heapInUseMiB);
    QFETCH(int, trims);
    trimsDone = 0;
    FreedMemoryReturner returner(&countTrim);
    for (const qint64 mib : heapInUseMiB)
        returner.noteHeapInUse(mib < 0 ? -1 : mib * 1024 * 1024);
    QCOMPARE(trimsDone, trims);
}

#include "tst_servermetrics.moc"
