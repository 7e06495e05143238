#include "eventcsvlog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace wsm {

namespace {

// True when the file has content whose last byte is not a line end: the previous writer died in
// the middle of a row, and our first row must not be glued onto that torn one.
bool endsInTornRow(const QString &path)
{
    QFile file(path);
    // A pipe or device (--log-csv /dev/stdout) has no last byte to look at.
    if (!file.open(QIODevice::ReadOnly) || file.isSequential() || file.size() <= 0
        || !file.seek(file.size() - 1))
        return false;
    char last = 0;
    return file.getChar(&last) && last != '\n';
}

} // namespace

EventCsvLog::EventCsvLog() = default;

EventCsvLog::~EventCsvLog()
{
    close();
}

bool EventCsvLog::open(const QString &path, QString *error)
{
    close();
    m_path = path;
    m_error.clear();

    const auto fail = [&](const QString &reason) {
        m_error = QCoreApplication::translate("wsm::EventCsvLog",
                                              "Cannot write the connection log %1: %2")
                      .arg(QDir::toNativeSeparators(path), reason);
        if (error)
            *error = m_error;
        m_writer.reset();
        m_file.reset();
        return false;
    };

    const bool torn = endsInTornRow(path);
    // Append mode: rows from earlier runs stay, and every write lands at the end even if another
    // process (logrotate's copytruncate) shrank the file meanwhile. A pipe or device
    // (--log-csv /dev/stdout) has no end to append at, and QFile warns if asked to seek there.
    const QFileInfo info(path);
    const bool stream = info.exists() && !info.isFile() && !info.isDir();
    const QIODevice::OpenMode mode = stream ? QIODevice::WriteOnly : QIODevice::WriteOnly | QIODevice::Append;
    m_file = std::make_unique<QFile>(path);
    if (!m_file->open(mode))
        return fail(m_file->errorString());
    m_writer = std::make_unique<CsvWriter>(m_file.get());

    // An existing non-empty file is taken to have its header already: a second header in the
    // middle of the log would read as a data row to every tool that loads it.
    if (m_file->size() == 0) {
        m_writer->writeUtf8Bom();
        if (!m_writer->writeRow(CsvWriter::eventHeader()) || !m_file->flush())
            return fail(m_file->errorString());
    } else if (torn) {
        if (m_file->write("\r\n") != 2 || !m_file->flush())
            return fail(m_file->errorString());
    }
    return true;
}

bool EventCsvLog::isOpen() const
{
    return m_file && m_file->isOpen();
}

QString EventCsvLog::path() const
{
    return m_path;
}

bool EventCsvLog::append(const ConnectionEvent &event)
{
    if (!isOpen()) {
        m_error = QCoreApplication::translate("wsm::EventCsvLog", "The connection log is not open.");
        return false;
    }
    // Flushing every row hands it to the kernel at once: a crash or kill -9 loses nothing that
    // was appended. Events come at connection rate, not message rate, so the syscall is cheap.
    if (!m_writer->writeRow(CsvWriter::eventCells(event)) || !m_file->flush()) {
        m_error = QCoreApplication::translate("wsm::EventCsvLog",
                                              "Cannot write the connection log %1: %2")
                      .arg(QDir::toNativeSeparators(m_path), m_file->errorString());
        return false;
    }
    return true;
}

void EventCsvLog::close()
{
    m_writer.reset();
    if (m_file) {
        m_file->close();    // flushes whatever is left
        m_file.reset();
    }
}

QString EventCsvLog::errorString() const
{
    return m_error;
}

} // namespace wsm
