#pragma once

#include "clientdetails.h"

#include <QAbstractTableModel>
#include <QList>

namespace wsm {

// The last messages of one client, oldest first, as the server kept them. Each refresh the server
// sends the whole (bounded) history again; the model keeps what both have in common, so rows
// scrolled past or selected stay where they are while new ones arrive at the bottom.
class MessageHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, DirectionColumn, TypeColumn, SizeColumn, PreviewColumn, ColumnCount };

    explicit MessageHistoryModel(QObject *parent = nullptr);

    void setMessages(const QList<MessageRecord> &messages);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<MessageRecord> m_messages;
};

} // namespace wsm
