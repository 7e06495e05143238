#include "csvexporter.h"
#include "csvwriter.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QTest>

#include <memory>

using namespace wsm;

namespace {

constexpr int WaitMs = 15000;
// Big exports share CI's two cores with other suites: the wait bounds, it asserts nothing.
constexpr int BigWaitMs = 120000;
constexpr qsizetype BigRowCount = 100000;

const QByteArray utf8Bom("\xEF\xBB\xBF");
const QString formulaUserAgent = QStringLiteral("=cmd|' /C calc'!A0");

ConnectionEvent makeEvent(qsizetype i)
{
    ConnectionEvent event;
    event.kind = i % 2 == 0 ? EventKind::Connected : EventKind::Closed;
    event.sessionId = quint64(i + 1);
    event.peerAddress = QStringLiteral("192.0.2.7");
    event.peerPort = quint16(40000 + i % 20000);
    event.path = QStringLiteral("/聊天室");
    event.origin = QStringLiteral("https://例子.example");
    event.userAgent = formulaUserAgent;
    event.connectedAt = 1800000000000 + i;
    if (event.kind == EventKind::Closed) {
        event.endedAt = event.connectedAt + 1500;
        event.endedBy = EndedBy::Operator;
        event.reason = EndReason::OperatorKick;
        event.closeCode = 4000;
        event.closeReason = QStringLiteral("维护中，\"请\"稍后重连");
    }
    event.messagesIn = quint64(i);
    event.bytesIn = quint64(i) * 10;
    return event;
}

SessionRow makeSession(qsizetype i)
{
    SessionRow row;
    row.id = quint64(i + 1);
    row.peerAddress = QStringLiteral("2001:db8::7");
    row.peerPort = 50000;
    row.connectedAt = 1800000000000 + i;
    row.path = QStringLiteral("/聊天室");
    row.query = QStringLiteral("room=大厅");
    row.origin = QStringLiteral("+origin");
    row.userAgent = formulaUserAgent;
    row.subprotocol = QStringLiteral("chat");
    row.messagesIn = 12;
    row.messageRateIn = 2.5;
    row.rttMs = i % 2 == 0 ? -1 : 3.25;
    return row;
}

QList<ConnectionEvent> makeEvents(qsizetype count)
{
    QList<ConnectionEvent> events;
    events.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        events.append(makeEvent(i));
    return events;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The files in a directory: a failed export must leave neither its file nor a temporary one.
QStringList filesIn(const QString &path)
{
    return QDir(path).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

class tst_CsvExporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void exportEvents();
    void exportSessions();
    void exportNoRows();
    void progressEndsAtTotal();
    void unwritableFileFails_data();
    void unwritableFileFails();
    void secondExportWhileRunningIsRefused();
    void cancelWritesNoFile();
    void cancelKeepsExistingFile();
    void destructorCancelsRunningExport();
    void bigExportKeepsGuiThreadResponsive();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_CsvExporter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_CsvExporter::exportEvents()
{
    const QString path = m_dir->filePath(QStringLiteral("events.csv"));
    const QList<ConnectionEvent> events = makeEvents(3);
    CsvExporter exporter;
    QSignalSpy finished(&exporter, &CsvExporter::finished);

    QVERIFY(exporter.exportEvents(path, events));
    QVERIFY(exporter.isRunning());
    QVERIFY(finished.wait(WaitMs));
    QVERIFY(!exporter.isRunning());
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.constFirst().at(0).toBool(), true);
    QCOMPARE(finished.constFirst().at(1).toString(), path);
    QCOMPARE(finished.constFirst().at(2).toString(), QString());

    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.startsWith(utf8Bom));
    bool ok = false;
    const QList<QStringList> rows = CsvWriter::parse(bytes, &ok);
    QVERIFY(ok);
    QCOMPARE(rows.size(), events.size() + 1);
    QCOMPARE(rows.at(0), CsvWriter::eventHeader());
    for (qsizetype i = 0; i < events.size(); ++i)
        QCOMPARE(rows.at(i + 1), CsvWriter::eventCells(events.at(i)));

    // The cells themselves: Chinese intact, the formula shown as text.
    const QStringList &closed = rows.at(2);
    const QStringList header = CsvWriter::eventHeader();
    QCOMPARE(closed.at(header.indexOf(QStringLiteral("user_agent"))), QStringLiteral("'=cmd|' /C calc'!A0"));
    QCOMPARE(closed.at(header.indexOf(QStringLiteral("path"))), QStringLiteral("/聊天室"));
    QCOMPARE(closed.at(header.indexOf(QStringLiteral("close_reason"))), QStringLiteral("维护中，\"请\"稍后重连"));
    QCOMPARE(closed.at(header.indexOf(QStringLiteral("reason"))), QStringLiteral("operator_kick"));
}

void tst_CsvExporter::exportSessions()
{
    const QString path = m_dir->filePath(QStringLiteral("会话.csv"));
    QList<SessionRow> sessions;
    for (qsizetype i = 0; i < 4; ++i)
        sessions.append(makeSession(i));
    CsvExporter exporter;
    QSignalSpy finished(&exporter, &CsvExporter::finished);

    QVERIFY(exporter.exportSessions(path, sessions));
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(finished.constFirst().at(0).toBool(), true);

    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.startsWith(utf8Bom));
    bool ok = false;
    const QList<QStringList> rows = CsvWriter::parse(bytes, &ok);
    QVERIFY(ok);
    QCOMPARE(rows.size(), sessions.size() + 1);
    QCOMPARE(rows.at(0), CsvWriter::sessionHeader());
    for (qsizetype i = 0; i < sessions.size(); ++i)
        QCOMPARE(rows.at(i + 1), CsvWriter::sessionCells(sessions.at(i)));

    const QStringList header = CsvWriter::sessionHeader();
    QCOMPARE(rows.at(1).at(header.indexOf(QStringLiteral("user_agent"))), QStringLiteral("'=cmd|' /C calc'!A0"));
    QCOMPARE(rows.at(1).at(header.indexOf(QStringLiteral("origin"))), QStringLiteral("'+origin"));
    QCOMPARE(rows.at(1).at(header.indexOf(QStringLiteral("query"))), QStringLiteral("room=大厅"));
    QCOMPARE(rows.at(2).at(header.indexOf(QStringLiteral("rtt_ms"))), QStringLiteral("3.3"));
}

void tst_CsvExporter::exportNoRows()
{
    const QString path = m_dir->filePath(QStringLiteral("empty.csv"));
    CsvExporter exporter;
    QSignalSpy finished(&exporter, &CsvExporter::finished);
    QSignalSpy progress(&exporter, &CsvExporter::progress);

    QVERIFY(exporter.exportEvents(path, {}));
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(finished.constFirst().at(0).toBool(), true);
    QCOMPARE(CsvWriter::parse(readAll(path)), QList<QStringList>{CsvWriter::eventHeader()});
    QCOMPARE(progress.count(), 1);
    QCOMPARE(progress.constLast().at(0).toLongLong(), 0);
    QCOMPARE(progress.constLast().at(1).toLongLong(), 0);
}

void tst_CsvExporter::progressEndsAtTotal()
{
    const QString path = m_dir->filePath(QStringLiteral("events.csv"));
    CsvExporter exporter;
    QSignalSpy finished(&exporter, &CsvExporter::finished);
    QSignalSpy progress(&exporter, &CsvExporter::progress);
    // Counted as they arrive, so the order against finished() shows too.
    qsizetype progressBeforeFinished = -1;
    connect(&exporter, &CsvExporter::finished, this, [&] { progressBeforeFinished = progress.count(); });

    QVERIFY(exporter.exportEvents(path, makeEvents(BigRowCount / 4)));
    QVERIFY(finished.wait(BigWaitMs));
    QCOMPARE(finished.constFirst().at(0).toBool(), true);

    QVERIFY(progress.count() >= 1);
    QCOMPARE(progressBeforeFinished, progress.count());
    qint64 previous = 0;
    for (const QList<QVariant> &arguments : std::as_const(progress)) {
        const qint64 done = arguments.at(0).toLongLong();
        QCOMPARE(arguments.at(1).toLongLong(), qint64(BigRowCount / 4));
        QVERIFY(done >= previous);
        QVERIFY(done <= BigRowCount / 4);
        previous = done;
    }
    QCOMPARE(progress.constLast().at(0).toLongLong(), qint64(BigRowCount / 4));
}

void tst_CsvExporter::unwritableFileFails_data()
{
    QTest::addColumn<QString>("relativePath");
    QTest::newRow("directory missing") << "no-such-directory/events.csv";
    QTest::newRow("a file where the directory should be") << "blocker.txt/events.csv";
    QTest::newRow("a directory where the file should be") << "taken";
}

void tst_CsvExporter::unwritableFileFails()
{
    QFETCH(QString, relativePath);

    QFile blocker(m_dir->filePath(QStringLiteral("blocker.txt")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("taken")));
    const QStringList before = filesIn(m_dir->path());

    const QString path = m_dir->filePath(relativePath);
    CsvExporter exporter;
    QSignalSpy finished(&exporter, &CsvExporter::finished);
    QVERIFY(exporter.exportEvents(path, makeEvents(10)));
    QVERIFY(finished.wait(WaitMs));

    QCOMPARE(finished.constFirst().at(0).toBool(), false);
    QCOMPARE(finished.constFirst().at(1).toString(), path);
    const QString error = finished.constFirst().at(2).toString();
    const QString expectedStart = QStringLiteral("Cannot write %1: ").arg(QDir::toNativeSeparators(path));
    QVERIFY2(error.startsWith(expectedStart), qPrintable(error));
    QVERIFY2(error.size() > expectedStart.size(), qPrintable(error)); // the reason follows
    QVERIFY(!QFileInfo(path).isFile());
    QCOMPARE(filesIn(m_dir->path()), before);
}

void tst_CsvExporter::secondExportWhileRunningIsRefused()
{
    const QString first = m_dir->filePath(QStringLiteral("first.csv"));
    const QString second = m_dir->filePath(QStringLiteral("second.csv"));
    CsvExporter exporter;
    QSignalSpy finished(&exporter, &CsvExporter::finished);

    QVERIFY(exporter.exportEvents(first, makeEvents(1000)));
    // Until finished() is delivered the export counts as running, however fast the worker is.
    QVERIFY(exporter.isRunning());
    QVERIFY(!exporter.exportEvents(second, makeEvents(1)));
    QVERIFY(!exporter.exportSessions(second, {makeSession(0)}));

    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.constFirst().at(1).toString(), first);
    QVERIFY(!QFile::exists(second));

    // Once it has finished, the next one starts.
    QVERIFY(!exporter.isRunning());
    QVERIFY(exporter.exportSessions(second, {makeSession(0)}));
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(finished.constLast().at(0).toBool(), true);
    QCOMPARE(CsvWriter::parse(readAll(second)).size(), 2);
}

void tst_CsvExporter::cancelWritesNoFile()
{
    const QString path = m_dir->filePath(QStringLiteral("events.csv"));
    CsvExporter exporter;
    QSignalSpy finished(&exporter, &CsvExporter::finished);

    QVERIFY(exporter.exportEvents(path, makeEvents(BigRowCount)));
    exporter.cancel();
    QVERIFY(finished.wait(BigWaitMs));
    QCOMPARE(finished.constFirst().at(0).toBool(), false);
    QVERIFY2(finished.constFirst().at(2).toString().contains(QLatin1String("cancelled")),
             qPrintable(finished.constFirst().at(2).toString()));
    QVERIFY(!QFile::exists(path));
    QVERIFY(filesIn(m_dir->path()).isEmpty());
}

void tst_CsvExporter::cancelKeepsExistingFile()
{
    const QString path = m_dir->filePath(QStringLiteral("events.csv"));
    {
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("yesterday's export\r\n");
    }
    CsvExporter exporter;
    QSignalSpy finished(&exporter, &CsvExporter::finished);

    QVERIFY(exporter.exportEvents(path, makeEvents(BigRowCount)));
    exporter.cancel();
    QVERIFY(finished.wait(BigWaitMs));
    QCOMPARE(finished.constFirst().at(0).toBool(), false);
    QCOMPARE(readAll(path), QByteArray("yesterday's export\r\n"));
    QCOMPARE(filesIn(m_dir->path()), QStringList{QStringLiteral("events.csv")});
}

void tst_CsvExporter::destructorCancelsRunningExport()
{
    const QString path = m_dir->filePath(QStringLiteral("events.csv"));
    auto exporter = std::make_unique<CsvExporter>();
    QSignalSpy finished(exporter.get(), &CsvExporter::finished);
    QVERIFY(exporter->exportEvents(path, makeEvents(BigRowCount)));

    exporter.reset(); // waits for the worker: afterwards no thread touches the file or the object
    QVERIFY(!QFile::exists(path));
    QVERIFY(filesIn(m_dir->path()).isEmpty());
    QCoreApplication::processEvents(); // a result posted by the worker must not arrive at a deleted object
    QCOMPARE(finished.count(), 0);
}

void tst_CsvExporter::bigExportKeepsGuiThreadResponsive()
{
    const QString path = m_dir->filePath(QStringLiteral("big.csv"));
    const QList<ConnectionEvent> events = makeEvents(BigRowCount);
    CsvExporter exporter;
    QSignalSpy finished(&exporter, &CsvExporter::finished);
    QSignalSpy progress(&exporter, &CsvExporter::progress);

    // A timer on the GUI thread: it can only fire while that thread runs its event loop.
    int ticks = 0;
    int ticksAtFinish = -1;
    QTimer timer;
    timer.setInterval(1);
    connect(&timer, &QTimer::timeout, this, [&ticks] { ++ticks; });
    connect(&exporter, &CsvExporter::finished, this, [&] { ticksAtFinish = ticks; });
    timer.start();

    QVERIFY(exporter.exportEvents(path, events));
    QVERIFY(finished.wait(BigWaitMs));
    timer.stop();
    QCOMPARE(finished.constFirst().at(0).toBool(), true);
    QVERIFY2(ticksAtFinish >= 3, qPrintable(QStringLiteral("the GUI timer fired %1 times").arg(ticksAtFinish)));
    QCOMPARE(progress.constLast().at(0).toLongLong(), qint64(BigRowCount));
    QCOMPARE(progress.constLast().at(1).toLongLong(), qint64(BigRowCount));

    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.startsWith(utf8Bom));
    QCOMPARE(bytes.count("\r\n"), BigRowCount + 1); // no cell here holds a line break
    bool ok = false;
    const QList<QStringList> rows = CsvWriter::parse(bytes, &ok);
    QVERIFY(ok);
    QCOMPARE(rows.size(), BigRowCount + 1);
    QCOMPARE(rows.constLast(), CsvWriter::eventCells(events.constLast()));
}

QTEST_MAIN(tst_CsvExporter)
#include "tst_csvexporter.moc"
