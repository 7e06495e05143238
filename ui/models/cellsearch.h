#pragma once

#include <QModelIndex>
#include <QString>

#include <initializer_list>

QT_BEGIN_NAMESPACE
class QAbstractItemModel;
QT_END_NAMESPACE

namespace wsm {

// Whether any of these cells of a source row, as shown (DisplayRole), contains the text, ignoring
// case: the filter boxes find what the operator sees on the screen ("#12", "[::1]:5000").
bool cellsContain(const QAbstractItemModel *model, int row, const QModelIndex &parent,
                  std::initializer_list<int> columns, const QString &text);

} // namespace wsm
