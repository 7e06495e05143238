// Fuzzes the CSV writer: any bytes become rows of cells, CsvWriter writes them, and a strict
// RFC 4180 reader of our own (written here, not the project's CsvWriter::parse) must read back
// exactly the same cells. The connection-log and connections-table columns a client controls must
// come out neutralised (OWASP CSV injection: no cell starts with = + - @ TAB or CR), and that one
// transformation is the only difference allowed.

#include "connectionevent.h"
#include "csvwriter.h"
#include "fuzzcheck.h"
#include "snapshot.h"

#include <QBuffer>
#include <QStringDecoder>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <optional>

using wsm::CsvWriter;
using wsm::fuzz::escaped;

namespace {

// UTF-8 to text, keeping a leading U+FEFF as content (QString::fromUtf8 drops it: a cell may
// start with one). Null on invalid UTF-8.
std::optional<QString> decodeUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringConverter::Flag::ConvertInitialBom | QStringConverter::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

// RFC 4180, strictly: records end with CRLF (the last one too, as the writer always ends them);
// a field is either quoted ("..." with "" for a quote, anything else inside, CR and LF included)
// or unquoted (no quote, comma, CR or LF). One optional UTF-8 BOM at the very start. Text must be
// valid UTF-8. Returns nothing on any violation.
std::optional<QList<QStringList>> strictParse(const QByteArray &csv)
{
    QByteArray bytes = csv;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    QList<QList<QByteArray>> rawRows;
    QList<QByteArray> row;
    QByteArray field;
    qsizetype i = 0;
    const qsizetype n = bytes.size();
    bool rowHasField = false;
    while (i < n) {
        // The start of a field.
        if (bytes.at(i) == '"') {
            ++i;
            for (;;) {
                if (i >= n)
                    return std::nullopt; // a quote left open
                if (bytes.at(i) == '"') {
                    if (i + 1 < n && bytes.at(i + 1) == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += bytes.at(i++);
            }
        } else {
            while (i < n && bytes.at(i) != ',' && bytes.at(i) != '\r' && bytes.at(i) != '\n') {
                if (bytes.at(i) == '"')
                    return std::nullopt; // a quote inside an unquoted field
                field += bytes.at(i++);
            }
        }
        // After a field: a comma, or CRLF ending the record.
        if (i < n && bytes.at(i) == ',') {
            row.append(field);
            field.clear();
            rowHasField = true;
            ++i;
            continue;
        }
        if (i + 1 < n && bytes.at(i) == '\r' && bytes.at(i + 1) == '\n') {
            // A blank line is a record without fields: what formatRow({}) writes.
            if (rowHasField || !field.isEmpty() || (i > 0 && bytes.at(i - 1) == '"'))
                row.append(field);
            rawRows.append(row);
            row.clear();
            field.clear();
            rowHasField = false;
            i += 2;
            continue;
        }
        return std::nullopt; // a bare CR or LF, text after a closing quote, or no CRLF at the end
    }
    if (rowHasField || !field.isEmpty())
        return std::nullopt; // the last record lacks its CRLF

    QList<QStringList> rows;
    for (const QList<QByteArray> &rawRow : rawRows) {
        QStringList cells;
        for (const QByteArray &rawField : rawRow) {
            const std::optional<QString> text = decodeUtf8(rawField);
            if (!text)
                return std::nullopt;
            cells.append(*text);
        }
        rows.append(cells);
    }
    return rows;
}

// Cells as the writer's UTF-8 output can carry them: QString::toUtf8 replaces a lone surrogate.
QStringList asUtf8(const QStringList &cells)
{
    QStringList out;
    for (const QString &cell : cells)
        out.append(decodeUtf8(cell.toUtf8()).value_or(QStringLiteral("<invalid UTF-8 written>")));
    return out;
}

QString describe(const QList<QStringList> &rows)
{
    QString text;
    for (const QStringList &row : rows) {
        text += QLatin1Char('[');
        for (const QString &cell : row)
            text += QLatin1Char('<') + escaped(cell) + QLatin1Char('>');
        text += QLatin1String("] ");
    }
    return text;
}

bool isFormulaStart(const QString &cell)
{
    if (cell.isEmpty())
        return false;
    switch (cell.front().unicode()) {
    case u'=': case u'+': case u'-': case u'@': case u'\t': case u'\r':
        return true;
    default:
        return false;
    }
}

// One written row of a table: it reads back as one record of the header's width, and each
// client-controlled column holds its text with only the documented change (a leading ' before a
// formula character), so no cell a spreadsheet reads starts a formula.
void checkNeutralised(const QByteArray &row, const QStringList &header, const QList<QPair<QString, QString>> &controlled)
{
    const std::optional<QList<QStringList>> parsed = strictParse(row);
    FUZZ_CHECK(parsed.has_value() && parsed->size() == 1 && parsed->first().size() == header.size(),
               escaped(row.left(400)));
    for (const auto &[column, original] : controlled) {
        FUZZ_CHECK(header.contains(column), column);
        const QString written = parsed->first().at(header.indexOf(column));
        FUZZ_CHECK(!isFormulaStart(written), column + QLatin1String(": ") + escaped(written));
        const QString plain = asUtf8({original}).first();
        const QString want = isFormulaStart(original) ? QLatin1Char('\'') + plain : plain;
        FUZZ_CHECK(written == want, column + QLatin1String(": ") + escaped(written) + QLatin1String(" != ") + escaped(want));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *bytes, std::size_t size)
{
    if (size < 1 || size > 16 * 1024)
        return 0;
    // First byte: how the rest is read. Bit 0: as UTF-8 (what clients send) or as raw UTF-16 (any
    // QString, lone surrogates included). Bit 1: with a BOM first.
    const std::uint8_t how = bytes[0];
    const QByteArray data(reinterpret_cast<const char *>(bytes + 1), qsizetype(size - 1));

    // Rows split at 0x1E, cells at 0x1F: bytes that are themselves plain cell content otherwise.
    QList<QStringList> rows;
    for (const QByteArray &rawRow : data.split('\x1e')) {
        QStringList cells;
        if (!rawRow.isEmpty()) {
            for (const QByteArray &rawCell : rawRow.split('\x1f')) {
                if (how & 1) {
                    cells.append(QString(reinterpret_cast<const QChar *>(rawCell.constData()), rawCell.size() / 2));
                } else {
                    cells.append(QString::fromUtf8(rawCell));
                }
            }
        }
        rows.append(cells);
    }

    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer);
    if (how & 2)
        writer.writeUtf8Bom();
    for (const QStringList &cells : rows) {
        FUZZ_CHECK(writer.writeRow(cells), QStringLiteral("writeRow refused"));
        FUZZ_CHECK(CsvWriter::formatRow(cells).endsWith("\r\n"), describe({cells}));
    }
    buffer.close();

    QList<QStringList> expected;
    for (const QStringList &cells : rows)
        expected.append(asUtf8(cells));

    const std::optional<QList<QStringList>> parsed = strictParse(out);
    FUZZ_CHECK(parsed.has_value(), QStringLiteral("not strict RFC 4180: ") + escaped(out.left(400)));
    FUZZ_CHECK(*parsed == expected,
               QStringLiteral("wrote %1\nread  %2").arg(describe(expected), describe(*parsed)));

    // The project's own reader agrees, and calls it valid.
    bool ok = false;
    const QList<QStringList> ownRead = CsvWriter::parse(out, &ok);
    FUZZ_CHECK(ok && ownRead == expected, QStringLiteral("CsvWriter::parse read %1").arg(describe(ownRead)));

    // The connection log: every cell a client controls is neutralised, and only that.
    const QStringList firstRow = rows.isEmpty() ? QStringList() : rows.first();
    const auto cellAt = [&firstRow](int index) { return index < firstRow.size() ? firstRow.at(index) : QString(); };
    wsm::ConnectionEvent event;
    event.path = cellAt(0);
    event.origin = cellAt(1);
    event.userAgent = cellAt(2);
    event.closeReason = cellAt(3);
    event.peerAddress = cellAt(4);
    const QStringList cells = CsvWriter::eventCells(event);
    const QStringList header = CsvWriter::eventHeader();
    FUZZ_CHECK(cells.size() == header.size(), QString::number(cells.size()));
    const QList<QPair<QString, QString>> controlled = {
        {QStringLiteral("path"), event.path},           {QStringLiteral("origin"), event.origin},
        {QStringLiteral("user_agent"), event.userAgent}, {QStringLiteral("close_reason"), event.closeReason},
        {QStringLiteral("peer_address"), event.peerAddress},
    };
    checkNeutralised(CsvWriter::formatRow(cells), header, controlled);

    // The connections table: the same rule for its client-controlled columns.
    wsm::SessionRow session;
    session.path = cellAt(0);
    session.query = cellAt(1);
    session.origin = cellAt(2);
    session.userAgent = cellAt(3);
    session.subprotocol = cellAt(4);
    session.peerAddress = cellAt(5);
    const QStringList sessionHeader = CsvWriter::sessionHeader();
    const QStringList sessionCells = CsvWriter::sessionCells(session);
    FUZZ_CHECK(sessionCells.size() == sessionHeader.size(), QString::number(sessionCells.size()));
    checkNeutralised(CsvWriter::formatRow(sessionCells), sessionHeader,
                     {{QStringLiteral("path"), session.path},
                      {QStringLiteral("query"), session.query},
                      {QStringLiteral("origin"), session.origin},
                      {QStringLiteral("user_agent"), session.userAgent},
                      {QStringLiteral("subprotocol"), session.subprotocol},
                      {QStringLiteral("peer_address"), session.peerAddress}});
    return 0;
}
