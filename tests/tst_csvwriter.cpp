#include "csvwriter.h"
#include "eventcsvlog.h"

#include <QBuffer>
#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace wsm;

namespace {

const QByteArray bom("\xEF\xBB\xBF");

qint64 utcMs(int y, int mo, int d, int h, int mi, int s, int ms)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC).toMSecsSinceEpoch();
}

// A client that ended badly: every field set, so a column out of place shows.
ConnectionEvent closedEvent()
{
    ConnectionEvent e;
    e.kind = EventKind::Closed;
    e.sessionId = 42;
    e.peerAddress = QStringLiteral("192.0.2.7");
    e.peerPort = 51234;
    e.path = QStringLiteral("/ws");
    e.origin = QStringLiteral("https://example.com");
    e.userAgent = QStringLiteral("=HYPERLINK(\"http://evil.example/?x\",\"click\")");
    e.connectedAt = utcMs(2026, 11, 23, 9, 30, 0, 123);
    e.endedAt = utcMs(2026, 11, 23, 9, 31, 1, 5);
    e.endedBy = EndedBy::Server;
    e.reason = EndReason::RateLimited;
    e.closeCode = 1008;
    e.closeReason = QStringLiteral("-too fast");
    e.messagesIn = 1200;
    e.messagesOut = 7;
    e.bytesIn = 987654321;
    e.bytesOut = 3;
    return e;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

class TestCsvWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatRow_data();
    void formatRow();
    void neutralise_data();
    void neutralise();
    void chineseTextIsUtf8();
    void writerWritesBomAndRows();
    void writeRowFailsOnRefusingDevice();
    void parse_data();
    void parse();
    void parseFlagsInvalidUtf8_data();
    void parseFlagsInvalidUtf8();
    void roundTrip_data();
    void roundTrip();
    void eventHeaderColumns();
    void eventCellsClosedNeutralisesUserAgent();
    void eventCellsConnected();
    void eventCellsRejected();
    void eventCellsNeutraliseClientText_data();
    void eventCellsNeutraliseClientText();
    void sessionCells();
    void sessionCellsRttUnknown();

    void logFirstOpenWritesBomAndHeaderOnce();
    void logReopenAppendsWithoutSecondHeader();
    void logOpenInMissingDirectoryFails();
    void logOpenOnFullDeviceFails();
    void logAppendAfterTornRowStartsNewLine();
    void logAppendWhenClosedFails();
};

void TestCsvWriter::formatRow_data()
{
    QTest::addColumn<QStringList>("cells");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain") << QStringList{QStringLiteral("abc")} << QByteArray("\"abc\"\r\n");
    QTest::newRow("two cells") << QStringList{QStringLiteral("a"), QStringLiteral("b")}
                               << QByteArray("\"a\",\"b\"\r\n");
    QTest::newRow("comma stays inside quotes") << QStringList{QStringLiteral("a,b"), QStringLiteral("c")}
                                               << QByteArray("\"a,b\",\"c\"\r\n");
    QTest::newRow("embedded quote doubled") << QStringList{QStringLiteral("say \"hi\"")}
                                            << QByteArray("\"say \"\"hi\"\"\"\r\n");
    QTest::newRow("only a quote") << QStringList{QStringLiteral("\"")} << QByteArray("\"\"\"\"\r\n");
    QTest::newRow("CRLF inside a cell") << QStringList{QStringLiteral("line1\r\nline2")}
                                        << QByteArray("\"line1\r\nline2\"\r\n");
    QTest::newRow("empty cell") << QStringList{QString(), QStringLiteral("x"), QString()}
                                << QByteArray("\"\",\"x\",\"\"\r\n");
    QTest::newRow("number quoted too") << QStringList{QStringLiteral("007")} << QByteArray("\"007\"\r\n");
    QTest::newRow("no cells") << QStringList{} << QByteArray("\r\n");
}

void TestCsvWriter::formatRow()
{
    QFETCH(QStringList, cells);
    QFETCH(QByteArray, expected);
    QCOMPARE(CsvWriter::formatRow(cells), expected);
}

void TestCsvWriter::neutralise_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("expected");

    QTest::newRow("equals") << QStringLiteral("=1+2") << QStringLiteral("'=1+2");
    QTest::newRow("plus") << QStringLiteral("+1") << QStringLiteral("'+1");
    QTest::newRow("minus") << QStringLiteral("-2+3") << QStringLiteral("'-2+3");
    QTest::newRow("at") << QStringLiteral("@SUM(A1)") << QStringLiteral("'@SUM(A1)");
    QTest::newRow("tab") << QStringLiteral("\t=1") << QStringLiteral("'\t=1");
    QTest::newRow("carriage return") << QStringLiteral("\r=1") << QStringLiteral("'\r=1");
    QTest::newRow("HYPERLINK formula") << QStringLiteral("=HYPERLINK(\"http://x\")")
                                       << QStringLiteral("'=HYPERLINK(\"http://x\")");

    QTest::newRow("safe: plain text") << QStringLiteral("Mozilla/5.0") << QStringLiteral("Mozilla/5.0");
    QTest::newRow("safe: empty") << QString() << QString();
    QTest::newRow("safe: path") << QStringLiteral("/ws?x=1") << QStringLiteral("/ws?x=1");
    QTest::newRow("safe: equals not first") << QStringLiteral("a=b") << QStringLiteral("a=b");
    QTest::newRow("safe: minus not first") << QStringLiteral("x-y") << QStringLiteral("x-y");
    QTest::newRow("safe: at not first") << QStringLiteral("me@example.com") << QStringLiteral("me@example.com");
    QTest::newRow("safe: tab not first") << QStringLiteral("a\tb") << QStringLiteral("a\tb");
    QTest::newRow("safe: space then equals") << QStringLiteral(" =1") << QStringLiteral(" =1");
    QTest::newRow("safe: line feed first") << QStringLiteral("\nx") << QStringLiteral("\nx");
    QTest::newRow("safe: Chinese") << QStringLiteral("中文客户端") << QStringLiteral("中文客户端");
}

void TestCsvWriter::neutralise()
{
    QFETCH(QString, cell);
    QFETCH(QString, expected);
    QCOMPARE(CsvWriter::neutralise(cell), expected);
}

void TestCsvWriter::chineseTextIsUtf8()
{
    const QString text = QStringLiteral("中文");
    // The UTF-8 bytes spelled out, so a Latin-1 or UTF-16 encoder cannot pass by accident.
    const QByteArray expected("\"\xE4\xB8\xAD\xE6\x96\x87\"\r\n");
    QCOMPARE(CsvWriter::formatRow({text}), expected);

    bool ok = false;
    const QList<QStringList> rows = CsvWriter::parse(bom + expected, &ok);
    QVERIFY(ok);
    QCOMPARE(rows, (QList<QStringList>{{text}}));
}

void TestCsvWriter::writerWritesBomAndRows()
{
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    CsvWriter writer(&buffer);
    writer.writeUtf8Bom();
    QVERIFY(writer.writeRow({QStringLiteral("a"), QStringLiteral("b")}));
    QVERIFY(writer.writeRow({QStringLiteral("中")}));
    buffer.close();

    QCOMPARE(buffer.data(), bom + QByteArray("\"a\",\"b\"\r\n\"\xE4\xB8\xAD\"\r\n"));
}

void TestCsvWriter::writeRowFailsOnRefusingDevice()
{
    QBuffer readOnly;
    QVERIFY(readOnly.open(QIODevice::ReadOnly));
    CsvWriter writer(&readOnly);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("ReadOnly|not open for writing")));
    QVERIFY(!writer.writeRow({QStringLiteral("a")}));

    CsvWriter noDevice(nullptr);
    QVERIFY(!noDevice.writeRow({QStringLiteral("a")}));
}

void TestCsvWriter::parse_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QList<QStringList>>("expected");
    QTest::addColumn<bool>("valid");

    using Rows = QList<QStringList>;
    const QString a = QStringLiteral("a");
    const QString b = QStringLiteral("b");
    const QString c = QStringLiteral("c");

    QTest::newRow("unquoted cells, CRLF") << QByteArray("a,b\r\nc\r\n") << Rows{{a, b}, {c}} << true;
    QTest::newRow("unquoted cells, LF") << QByteArray("a,b\nc\n") << Rows{{a, b}, {c}} << true;
    QTest::newRow("no final line end") << QByteArray("a,b\r\nc") << Rows{{a, b}, {c}} << true;
    QTest::newRow("quoted and unquoted mixed") << QByteArray("\"a\",b,\"c\"\r\n") << Rows{{a, b, c}} << true;
    QTest::newRow("empty cells") << QByteArray(",\"\",\r\n") << Rows{{QString(), QString(), QString()}}
                                 << true;
    QTest::newRow("CRLF inside quotes") << QByteArray("\"a\r\nb\",c\r\n")
                                        << Rows{{QStringLiteral("a\r\nb"), c}} << true;
    QTest::newRow("doubled quote") << QByteArray("\"x\"\"y\"\r\n") << Rows{{QStringLiteral("x\"y")}} << true;
    QTest::newRow("leading BOM skipped") << (bom + QByteArray("a\r\n")) << Rows{{a}} << true;
    QTest::newRow("blank line is an empty row") << QByteArray("a\r\n\r\nb\r\n") << Rows{{a}, {}, {b}}
                                                << true;
    QTest::newRow("empty input") << QByteArray() << Rows{} << true;

    QTest::newRow("bad: quote left open") << QByteArray("\"a,b\r\n") << Rows{{QStringLiteral("a,b\r\n")}}
                                          << false;
    QTest::newRow("bad: text after closing quote") << QByteArray("\"a\"b,c\r\n")
                                                   << Rows{{QStringLiteral("ab"), c}} << false;
    QTest::newRow("bad: quote inside unquoted cell") << QByteArray("a\"b\r\n")
                                                     << Rows{{QStringLiteral("a\"b")}} << false;
}

void TestCsvWriter::parse()
{
    QFETCH(QByteArray, csv);
    QFETCH(QList<QStringList>, expected);
    QFETCH(bool, valid);

    bool ok = !valid;
    QCOMPARE(CsvWriter::parse(csv, &ok), expected);
    QCOMPARE(ok, valid);
}

void TestCsvWriter::parseFlagsInvalidUtf8_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::newRow("invalid byte") << QByteArray("\"a\xFF\"\r\n");
    QTest::newRow("overlong encoding") << QByteArray("a\xC0\xAF\r\n");
    QTest::newRow("sequence cut off at the end") << QByteArray("a\xE4\xB8");
}

void TestCsvWriter::parseFlagsInvalidUtf8()
{
    QFETCH(QByteArray, csv);
    bool ok = true;
    const QList<QStringList> rows = CsvWriter::parse(csv, &ok);
    QVERIFY(!ok);
    // What was readable is still there, the rest marked as replaced (how many U+FFFD is Qt's business).
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0).size(), 1);
    QVERIFY(rows.at(0).at(0).startsWith(QLatin1Char('a')));
    QVERIFY(rows.at(0).at(0).contains(QChar(QChar::ReplacementCharacter)));
}

void TestCsvWriter::roundTrip_data()
{
    QTest::addColumn<QStringList>("cells");

    QTest::newRow("quotes only") << QStringList{QStringLiteral("\""), QStringLiteral("\"\""),
                                                QStringLiteral("\"\"\"")};
    QTest::newRow("line ends of every kind") << QStringList{QStringLiteral("\r\n"), QStringLiteral("\n"),
                                                            QStringLiteral("\r"), QStringLiteral("a\n\rb")};
    QTest::newRow("separators") << QStringList{QStringLiteral(","), QStringLiteral(",,\",\""),
                                               QStringLiteral(";\t|")};
    QTest::newRow("spaces kept") << QStringList{QStringLiteral(" "), QStringLiteral("  a  ")};
    QTest::newRow("all empty") << QStringList{QString(), QString(), QString()};
    QTest::newRow("one empty cell") << QStringList{QString()};
    QTest::newRow("formulas neutralised")
        << QStringList{CsvWriter::neutralise(QStringLiteral("=cmd|' /C calc'!A0")),
                       CsvWriter::neutralise(QStringLiteral("\r\n=1"))};
    QTest::newRow("Chinese, emoji, BOM character")
        << QStringList{QStringLiteral("中文,\"引号\""), QStringLiteral("\U0001F600"), QStringLiteral("\uFEFFx")};
    QTest::newRow("NUL and control characters") << QStringList{QString(QChar(0)) + QStringLiteral("a\x01\x1f")};
    QTest::newRow("quote at the end of a cell") << QStringList{QStringLiteral("a\""), QStringLiteral("\"b")};
}

void TestCsvWriter::roundTrip()
{
    QFETCH(QStringList, cells);

    // Two rows, so a row end swallowed or invented inside a cell shows as a wrong row count.
    const QByteArray csv = bom + CsvWriter::formatRow(cells) + CsvWriter::formatRow(cells);
    bool ok = false;
    const QList<QStringList> rows = CsvWriter::parse(csv, &ok);
    QVERIFY(ok);
    QCOMPARE(rows, (QList<QStringList>{cells, cells}));
}

void TestCsvWriter::eventHeaderColumns()
{
    const QStringList expected = QStringLiteral(
        "time,event,session_id,peer_address,peer_port,path,origin,user_agent,connected_at,ended_at,"
        "duration_ms,ended_by,reason,close_code,http_status,close_reason,messages_in,messages_out,"
        "bytes_in,bytes_out,client_kind,identity").split(QLatin1Char(','));
    QCOMPARE(CsvWriter::eventHeader(), expected);
}

void TestCsvWriter::eventCellsClosedNeutralisesUserAgent()
{
    const ConnectionEvent event = closedEvent();
    const QStringList header = CsvWriter::eventHeader();
    const QStringList cells = CsvWriter::eventCells(event);
    QCOMPARE(cells.size(), header.size());
    const auto cell = [&](const char *column) {
        const qsizetype i = header.indexOf(QLatin1String(column));
        return i < 0 ? QStringLiteral("<no column %1>").arg(QLatin1String(column)) : cells.at(i);
    };

    QCOMPARE(cell("user_agent"), QLatin1Char('\'') + event.userAgent);
    QCOMPARE(cell("close_reason"), QStringLiteral("'-too fast"));
    QCOMPARE(cell("time"), QStringLiteral("2026-11-23T09:31:01.005Z"));
    QCOMPARE(cell("event"), QStringLiteral("closed"));
    QCOMPARE(cell("session_id"), QStringLiteral("42"));
    QCOMPARE(cell("peer_address"), QStringLiteral("192.0.2.7"));
    QCOMPARE(cell("peer_port"), QStringLiteral("51234"));
    QCOMPARE(cell("path"), QStringLiteral("/ws"));
    QCOMPARE(cell("origin"), QStringLiteral("https://example.com"));
    QCOMPARE(cell("connected_at"), QStringLiteral("2026-11-23T09:30:00.123Z"));
    QCOMPARE(cell("ended_at"), QStringLiteral("2026-11-23T09:31:01.005Z"));
    QCOMPARE(cell("duration_ms"), QString::number(event.endedAt - event.connectedAt));
    QCOMPARE(cell("duration_ms"), QStringLiteral("60882"));
    QCOMPARE(cell("ended_by"), QStringLiteral("server"));
    QCOMPARE(cell("reason"), QStringLiteral("rate_limited"));
    QCOMPARE(cell("close_code"), QStringLiteral("1008"));
    QCOMPARE(cell("http_status"), QString());
    QCOMPARE(cell("messages_in"), QStringLiteral("1200"));
    QCOMPARE(cell("messages_out"), QStringLiteral("7"));
    QCOMPARE(cell("bytes_in"), QStringLiteral("987654321"));
    QCOMPARE(cell("bytes_out"), QStringLiteral("3"));

    // And it survives the trip through the file format.
    bool ok = false;
    QCOMPARE(CsvWriter::parse(CsvWriter::formatRow(cells), &ok), (QList<QStringList>{cells}));
    QVERIFY(ok);
}

void TestCsvWriter::eventCellsConnected()
{
    ConnectionEvent event;
    event.kind = EventKind::Connected;
    event.sessionId = 1;
    event.peerAddress = QStringLiteral("::1");
    event.peerPort = 40000;
    event.connectedAt = utcMs(2026, 1, 2, 3, 4, 5, 0);
    const QStringList cells = CsvWriter::eventCells(event);
    const QStringList header = CsvWriter::eventHeader();
    QCOMPARE(cells.size(), header.size());

    QCOMPARE(cells.at(header.indexOf(QStringLiteral("time"))), QStringLiteral("2026-01-02T03:04:05.000Z"));
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("event"))), QStringLiteral("connected"));
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("peer_address"))), QStringLiteral("::1"));
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("ended_at"))), QString());
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("duration_ms"))), QStringLiteral("0"));
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("ended_by"))), QString());
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("reason"))), QString());
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("close_code"))), QString());
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("http_status"))), QString());
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("client_kind"))), QStringLiteral("websocket"));
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("identity"))), QString());

    event.clientKind = ClientKind::Sse;
    event.identity = QStringLiteral("alice");
    const QStringList sse = CsvWriter::eventCells(event);
    QCOMPARE(sse.at(header.indexOf(QStringLiteral("client_kind"))), QStringLiteral("sse"));
    QCOMPARE(sse.at(header.indexOf(QStringLiteral("identity"))), QStringLiteral("alice"));
    // The columns before them are where they always were: scripts read by position.
    QCOMPARE(header.indexOf(QStringLiteral("bytes_out")), 19);
}

void TestCsvWriter::eventCellsRejected()
{
    ConnectionEvent event;
    event.kind = EventKind::Rejected;
    event.peerAddress = QStringLiteral("198.51.100.1");
    event.connectedAt = utcMs(2026, 11, 23, 23, 59, 59, 999);
    event.endedAt = utcMs(2026, 11, 24, 0, 0, 0, 1);
    event.endedBy = EndedBy::Server;
    event.reason = EndReason::OriginRefused;
    event.httpStatus = 403;
    event.origin = QStringLiteral("@evil");
    const QStringList cells = CsvWriter::eventCells(event);
    const QStringList header = CsvWriter::eventHeader();

    QCOMPARE(cells.at(header.indexOf(QStringLiteral("time"))), QStringLiteral("2026-11-24T00:00:00.001Z"));
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("event"))), QStringLiteral("rejected"));
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("session_id"))), QStringLiteral("0"));
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("duration_ms"))), QStringLiteral("2"));
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("reason"))), QStringLiteral("origin_refused"));
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("close_code"))), QString());
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("http_status"))), QStringLiteral("403"));
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("origin"))), QStringLiteral("'@evil"));
}

void TestCsvWriter::eventCellsNeutraliseClientText_data()
{
    QTest::addColumn<QString>("column");
    QTest::newRow("path") << QStringLiteral("path");
    QTest::newRow("origin") << QStringLiteral("origin");
    QTest::newRow("user_agent") << QStringLiteral("user_agent");
    QTest::newRow("close_reason") << QStringLiteral("close_reason");
    QTest::newRow("identity") << QStringLiteral("identity");
}

void TestCsvWriter::eventCellsNeutraliseClientText()
{
    QFETCH(QString, column);
    const QString attack = QStringLiteral("+cmd|' /C calc'!A0");
    ConnectionEvent event = closedEvent();
    event.userAgent = QStringLiteral("ua");
    event.closeReason = QStringLiteral("bye");
    if (column == QLatin1String("path"))
        event.path = attack;
    else if (column == QLatin1String("origin"))
        event.origin = attack;
    else if (column == QLatin1String("user_agent"))
        event.userAgent = attack;
    else if (column == QLatin1String("identity"))
        event.identity = attack;
    else
        event.closeReason = attack;

    const QStringList header = CsvWriter::eventHeader();
    const QStringList cells = CsvWriter::eventCells(event);
    const qsizetype i = header.indexOf(column);
    QVERIFY(i >= 0);
    QCOMPARE(cells.at(i), QLatin1Char('\'') + attack);
    // Nothing else carries the attack.
    QCOMPARE(cells.filter(attack).size(), 1);
}

void TestCsvWriter::sessionCells()
{
    const QStringList expectedHeader = QStringLiteral(
        "id,peer_address,peer_port,connected_at,state,path,query,origin,user_agent,subprotocol,"
        "messages_in,messages_out,bytes_in,bytes_out,rate_in,rate_out,send_queue_bytes,last_seen_at,"
        "rtt_ms,missed_pings,kind,identity,display_name,identity_verified,identity_expires_at,flapping")
                                           .split(QLatin1Char(','));
    QCOMPARE(CsvWriter::sessionHeader(), expectedHeader);

    SessionRow row;
    row.id = 9;
    row.peerAddress = QStringLiteral("203.0.113.9");
    row.peerPort = 6000;
    row.connectedAt = utcMs(2026, 11, 23, 9, 30, 0, 123);
    row.state = SessionState::Closing;
    row.path = QStringLiteral("-/ws");
    row.query = QStringLiteral("=1+1");
    row.origin = QStringLiteral("@o");
    row.userAgent = QStringLiteral("\tUA");
    row.subprotocol = QStringLiteral("+chat");
    row.messagesIn = 10;
    row.messagesOut = 20;
    row.bytesIn = 30;
    row.bytesOut = 40;
    row.messageRateIn = 12.34;
    row.messageRateOut = 0.05;
    row.bytesToWrite = 65536;
    row.lastSeenAt = utcMs(2026, 11, 23, 9, 35, 0, 0);
    row.rttMs = 1.26;
    row.missedPings = 2;
    row.kind = ClientKind::Sse;
    row.identity = QStringLiteral("=alice");
    row.displayName = QStringLiteral("Alice");
    row.identityVerified = false;
    row.identityExpiresAt = utcMs(2026, 11, 23, 10, 0, 0, 0);
    row.flapping = true;

    const QStringList expected{
        QStringLiteral("9"), QStringLiteral("203.0.113.9"), QStringLiteral("6000"),
        QStringLiteral("2026-11-23T09:30:00.123Z"), QStringLiteral("closing"), QStringLiteral("'-/ws"),
        QStringLiteral("'=1+1"), QStringLiteral("'@o"), QStringLiteral("'\tUA"), QStringLiteral("'+chat"),
        QStringLiteral("10"), QStringLiteral("20"), QStringLiteral("30"), QStringLiteral("40"),
        QStringLiteral("12.3"), QStringLiteral("0.1"), QStringLiteral("65536"),
        QStringLiteral("2026-11-23T09:35:00.000Z"), QStringLiteral("1.3"), QStringLiteral("2"),
        QStringLiteral("sse"), QStringLiteral("'=alice"), QStringLiteral("Alice"), QStringLiteral("no"),
        QStringLiteral("2026-11-23T10:00:00.000Z"), QStringLiteral("yes"),
    };
    QCOMPARE(CsvWriter::sessionCells(row), expected);
}

void TestCsvWriter::sessionCellsRttUnknown()
{
    SessionRow row;
    row.id = 1;
    const QStringList header = CsvWriter::sessionHeader();
    const QStringList cells = CsvWriter::sessionCells(row);
    QCOMPARE(cells.size(), header.size());
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("rtt_ms"))), QString());
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("state"))), QStringLiteral("open"));
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("connected_at"))), QString());
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("last_seen_at"))), QString());
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("rate_in"))), QStringLiteral("0.0"));

    row.rttMs = 0;  // a pong within the same millisecond is a real measurement, not "unknown"
    QCOMPARE(CsvWriter::sessionCells(row).at(header.indexOf(QStringLiteral("rtt_ms"))), QStringLiteral("0.0"));
}

void TestCsvWriter::logFirstOpenWritesBomAndHeaderOnce()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("events.csv"));

    EventCsvLog log;
    QString error;
    QVERIFY2(log.open(path, &error), qPrintable(error));
    QVERIFY(log.isOpen());
    QCOMPARE(log.path(), path);
    // Flushed at open: the header is on disk before any event.
    const QByteArray expected = bom + CsvWriter::formatRow(CsvWriter::eventHeader());
    QCOMPARE(readAll(path), expected);

    QVERIFY2(log.append(closedEvent()), qPrintable(log.errorString()));
    // Flushed at append: the row is on disk while the log is still open.
    QCOMPARE(readAll(path), expected + CsvWriter::formatRow(CsvWriter::eventCells(closedEvent())));
    log.close();
    QVERIFY(!log.isOpen());
}

void TestCsvWriter::logReopenAppendsWithoutSecondHeader()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("events.csv"));

    ConnectionEvent first = closedEvent();
    ConnectionEvent second = closedEvent();
    second.sessionId = 43;
    second.userAgent = QStringLiteral("中文浏览器");
    ConnectionEvent third;
    third.kind = EventKind::Connected;
    third.sessionId = 44;
    third.connectedAt = utcMs(2026, 11, 23, 10, 0, 0, 0);

    QString error;
    {
        EventCsvLog log;
        QVERIFY2(log.open(path, &error), qPrintable(error));
        QVERIFY(log.append(first));
    } // the destructor closes
    {
        EventCsvLog log;
        QVERIFY2(log.open(path, &error), qPrintable(error));
        QVERIFY(log.append(second));
        QVERIFY(log.append(third));
        log.close();
    }

    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.startsWith(bom));
    QCOMPARE(bytes.count(bom), 1);

    bool ok = false;
    const QList<QStringList> rows = CsvWriter::parse(bytes, &ok);
    QVERIFY(ok);
    const QList<QStringList> expected{
        CsvWriter::eventHeader(),
        CsvWriter::eventCells(first),
        CsvWriter::eventCells(second),
        CsvWriter::eventCells(third),
    };
    QCOMPARE(rows, expected);
}

void TestCsvWriter::logOpenInMissingDirectoryFails()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("no-such-dir/events.csv"));

    EventCsvLog log;
    QString error;
    QVERIFY(!log.open(path, &error));
    QVERIFY(!log.isOpen());
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    QCOMPARE(log.errorString(), error);
    QVERIFY(!QFile::exists(path));
    QVERIFY(!log.append(closedEvent()));
}

void TestCsvWriter::logOpenOnFullDeviceFails()
{
    // /dev/full accepts open() and refuses every write: the header write must be noticed.
    const QString path = QStringLiteral("/dev/full");
    if (!QFile::exists(path))
        QSKIP("no /dev/full on this system");

    EventCsvLog log;
    QString error;
    QVERIFY(!log.open(path, &error));
    QVERIFY(!log.isOpen());
    QVERIFY2(error.contains(path), qPrintable(error));
}

void TestCsvWriter::logAppendAfterTornRowStartsNewLine()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("events.csv"));
    // A previous run died in the middle of writing a row.
    const QByteArray earlier = bom + CsvWriter::formatRow(CsvWriter::eventHeader()) + QByteArray("\"1\",\"clo");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(earlier), earlier.size());
    }

    EventCsvLog log;
    QString error;
    QVERIFY2(log.open(path, &error), qPrintable(error));
    QVERIFY(log.append(closedEvent()));
    log.close();

    // The torn row stays torn, but our row is whole and on a line of its own.
    const QByteArray bytes = readAll(path);
    const QByteArray ours = QByteArray("\r\n") + CsvWriter::formatRow(CsvWriter::eventCells(closedEvent()));
    QVERIFY(bytes.endsWith(ours));
    QCOMPARE(bytes.count(bom), 1);
}

void TestCsvWriter::logAppendWhenClosedFails()
{
    EventCsvLog log;
    QVERIFY(!log.isOpen());
    QVERIFY(!log.append(closedEvent()));
    QVERIFY(!log.errorString().isEmpty());
}

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"
