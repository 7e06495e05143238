#include "cellsearch.h"

#include <QAbstractItemModel>

namespace wsm {

bool cellsContain(const QAbstractItemModel *model, int row, const QModelIndex &parent,
                  std::initializer_list<int> columns, const QString &text)
{
    for (const int column : columns) {
        if (model->index(row, column, parent).data(Qt::DisplayRole).toString().contains(text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace wsm
