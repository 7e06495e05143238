#pragma once

#include "connectionevent.h"
#include "csvwriter.h"

#include <QFile>
#include <QString>

#include <memory>

namespace wsm {

// The --log-csv FILE appender: one row per ConnectionEvent, flushed as it is written. Lives on
// the server thread and is used only from there.
class EventCsvLog
{
public:
    EventCsvLog();
    ~EventCsvLog();                            // closes (flushing) if open

    EventCsvLog(const EventCsvLog &) = delete;
    EventCsvLog &operator=(const EventCsvLog &) = delete;

    // Opens FILE for appending, creating it if missing (its parent directory must exist).
    // Writes the BOM and the header row only when the file is new or empty: an existing
    // non-empty file is assumed to have its header already and only gets rows appended.
    // On failure returns false and sets *error (when not null) to a sentence naming the file
    // and the OS reason. Opening again closes the previous file first.
    bool open(const QString &path, QString *error);
    bool isOpen() const;
    QString path() const;                      // the file last given to open(), open or not

    // Writes one row and flushes it to the OS at once, so nothing is lost when the process
    // ends, cleanly or not. Returns false on a write error or when not open (see errorString()).
    bool append(const ConnectionEvent &event);
    void close();
    QString errorString() const;

private:
    std::unique_ptr<QFile> m_file;
    std::unique_ptr<CsvWriter> m_writer;
    QString m_path;
    QString m_error;
};

} // namespace wsm
