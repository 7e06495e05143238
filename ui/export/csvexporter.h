#pragma once

#include "connectionevent.h"
#include "snapshot.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace wsm {

// Exports the connection log or the connections table to a CSV file in a worker thread, so the
// window stays responsive on 100,000 rows. The rows go through CsvWriter, the same writer as
// --log-csv (quoting, UTF-8 with BOM, formula neutralising), into a QSaveFile: a failed or
// cancelled export leaves no half-written file and keeps whatever file was there before.
// One export at a time; signals arrive in the thread the exporter lives in.
class CsvExporter : public QObject
{
    Q_OBJECT

public:
    explicit CsvExporter(QObject *parent = nullptr);
    ~CsvExporter() override; // cancels and waits for a running export; finished() is not emitted then

    bool isRunning() const; // from the start until finished() is emitted

    // Returns false (and does nothing) while an export is running.
    bool exportEvents(const QString &fileName, const QList<ConnectionEvent> &events);
    bool exportSessions(const QString &fileName, const QList<SessionRow> &sessions);
    // The same with a first column "node": nodeNames.at(i) is the node of sessions.at(i).
    bool exportSessions(const QString &fileName, const QList<SessionRow> &sessions, const QStringList &nodeNames);
    // The file is not written; finished(false, ...) follows, saying it was cancelled.
    void cancel();

Q_SIGNALS:
    // Rows written so far, at most about 20 times a second; the last one has done == total.
    void progress(qint64 done, qint64 total);
    // errorText names the file and the reason ("Cannot write /x/y.csv: No such file or directory").
    void finished(bool ok, const QString &fileName, const QString &errorText);

private:
    using CellsAt = std::function<QStringList(qsizetype)>;

    bool start(const QString &fileName, const QStringList &header, qsizetype rowCount, CellsAt cellsAt);
    void finish(bool ok, const QString &errorText);

    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_cancelled{false}; // set here, read by the worker between rows
    QString m_fileName;
};

} // namespace wsm
