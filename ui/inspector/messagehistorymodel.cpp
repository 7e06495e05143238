#include "messagehistorymodel.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace wsm {

namespace {

bool sameMessage(const MessageRecord &a, const MessageRecord &b)
{
    return a.at == b.at && a.direction == b.direction && a.binary == b.binary && a.size == b.size
        && a.truncated == b.truncated && a.preview == b.preview;
}

// How many messages at the end of `old` are the first ones of `now`: the history only ever
// drops its oldest messages and gains new ones at the end.
qsizetype overlap(const QList<MessageRecord> &old, const QList<MessageRecord> &now)
{
    for (qsizetype count = std::min(old.size(), now.size()); count > 0; --count) {
        const qsizetype offset = old.size() - count;
        bool same = true;
        for (qsizetype i = 0; i < count && same; ++i)
            same = sameMessage(old.at(offset + i), now.at(i));
        if (same)
            return count;
    }
    return 0;
}

// One line per message in the table; the tooltip shows the preview as it came.
QString oneLine(QString text)
{
    text.replace(QLatin1Char('\n'), QChar(0x21b5)); // ↵
    text.remove(QLatin1Char('\r'));
    return text;
}

} // namespace

MessageHistoryModel::MessageHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void MessageHistoryModel::setMessages(const QList<MessageRecord> &messages)
{
    const qsizetype kept = overlap(m_messages, messages);
    const qsizetype dropped = m_messages.size() - kept;
    if (dropped > 0) {
        beginRemoveRows({}, 0, int(dropped - 1));
        m_messages.remove(0, dropped);
        endRemoveRows();
    }
    if (messages.size() > kept) {
        beginInsertRows({}, int(kept), int(messages.size() - 1));
        m_messages.append(messages.mid(kept));
        endInsertRows();
    }
}

void MessageHistoryModel::clear()
{
    setMessages({});
}

int MessageHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

int MessageHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MessageRecord &message = m_messages.at(index.row());
    const bool in = message.direction == MessageRecord::Direction::In;

    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(message.at).time(), QStringLiteral("HH:mm:ss.zzz"));
        case DirectionColumn:
            return in ? tr("in") : tr("out");
        case TypeColumn:
            return message.binary ? tr("binary") : tr("text");
        case SizeColumn:
            return QLocale().formattedDataSize(message.size);
        case PreviewColumn:
            return message.truncated ? oneLine(message.preview) + QChar(0x2026) : oneLine(message.preview); // …
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case DirectionColumn:
            return in ? tr("From the client to the server.") : tr("From the server to the client.");
        case PreviewColumn:
            if (message.truncated) {
                return tr("%1\n\nOnly the start of this message was kept: it has %2 bytes.")
                    .arg(message.preview, QLocale().toString(message.size));
            }
            return message.preview;
        default:
            break;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant MessageHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn: return tr("Time");
    case DirectionColumn: return tr("Direction");
    case TypeColumn: return tr("Type");
    case SizeColumn: return tr("Size");
    case PreviewColumn: return tr("Preview");
    case ColumnCount: break;
    }
    return {};
}

} // namespace wsm
