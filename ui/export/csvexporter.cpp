#include "csvexporter.h"

#include "csvwriter.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSaveFile>
#include <QThread>

namespace wsm {

namespace {

// At most about 20 progress signals a second: enough for a smooth bar, no flood of queued events.
constexpr qint64 ProgressIntervalMs = 50;

} // namespace

CsvExporter::CsvExporter(QObject *parent)
    : QObject(parent)
{
}

CsvExporter::~CsvExporter()
{
    if (m_thread) {
        m_cancelled = true;
        m_thread->wait();
    }
}

bool CsvExporter::isRunning() const
{
    return m_thread != nullptr;
}

bool CsvExporter::exportEvents(const QString &fileName, const QList<ConnectionEvent> &events)
{
    // The list is implicitly shared: the worker reads its own reference, the GUI thread's copy may change.
    return start(fileName, CsvWriter::eventHeader(), events.size(),
                 [events](qsizetype row) { return CsvWriter::eventCells(events.at(row)); });
}

bool CsvExporter::exportSessions(const QString &fileName, const QList<SessionRow> &sessions)
{
    return start(fileName, CsvWriter::sessionHeader(), sessions.size(),
                 [sessions](qsizetype row) { return CsvWriter::sessionCells(sessions.at(row)); });
}

bool CsvExporter::exportSessions(const QString &fileName, const QList<SessionRow> &sessions,
                                 const QStringList &nodeNames)
{
    Q_ASSERT(nodeNames.size() == sessions.size());
    return start(fileName, QStringList{QStringLiteral("node")} + CsvWriter::sessionHeader(), sessions.size(),
                 [sessions, nodeNames](qsizetype row) {
                     // A node's name comes from the node: neutralised like anything from afar.
                     return QStringList{CsvWriter::neutralise(nodeNames.at(row))}
                     + CsvWriter::sessionCells(sessions.at(row));
                 });
}

void CsvExporter::cancel()
{
    if (m_thread)
        m_cancelled = true;
}

bool CsvExporter::start(const QString &fileName, const QStringList &header, qsizetype rowCount, CellsAt cellsAt)
{
    if (m_thread)
        return false;
    m_cancelled = false;
    m_fileName = fileName;

    // Runs in the worker thread. It reaches this object only through queued calls and m_cancelled;
    // the destructor waits for it, so `this` outlives it.
    auto write = [this, fileName, header, rowCount, cellsAt = std::move(cellsAt)] {
        auto report = [this](qint64 done, qint64 total) {
            QMetaObject::invokeMethod(this, [this, done, total] { Q_EMIT progress(done, total); },
                                      Qt::QueuedConnection);
        };
        auto conclude = [this](bool ok, const QString &errorText) {
            QMetaObject::invokeMethod(this, [this, ok, errorText] { finish(ok, errorText); }, Qt::QueuedConnection);
        };

        const QString shownName = QDir::toNativeSeparators(fileName);
        QSaveFile file(fileName);
        auto failed = [&] { conclude(false, tr("Cannot write %1: %2").arg(shownName, file.errorString())); };
        if (!file.open(QIODevice::WriteOnly))
            return failed();

        CsvWriter writer(&file);
        writer.writeUtf8Bom();
        if (!writer.writeRow(header))
            return failed();

        QElapsedTimer sinceReport;
        sinceReport.start();
        for (qsizetype row = 0; row < rowCount; ++row) {
            if (m_cancelled) {
                file.cancelWriting();
                return conclude(false, tr("The export to %1 was cancelled.").arg(shownName));
            }
            if (!writer.writeRow(cellsAt(row)))
                return failed();
            if (sinceReport.elapsed() >= ProgressIntervalMs) {
                report(row + 1, rowCount);
                sinceReport.restart();
            }
        }
        if (!file.commit())
            return failed();
        report(rowCount, rowCount);
        conclude(true, QString());
    };

    m_thread.reset(QThread::create(std::move(write)));
    m_thread->setObjectName(QStringLiteral("CSV export"));
    m_thread->start(QThread::LowPriority);
    return true;
}

void CsvExporter::finish(bool ok, const QString &errorText)
{
    // The worker posted this as its last act; it has returned or is about to.
    m_thread->wait();
    m_thread.reset();
    Q_EMIT finished(ok, m_fileName, errorText);
}

} // namespace wsm
