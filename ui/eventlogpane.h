#pragma once

#include "connectionevent.h"

#include <QList>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLineEdit;
class QTableView;
QT_END_NAMESPACE

namespace wsm {

class EventLogFilterModel;
class EventLogModel;

// The connection log as a tab: a reason filter, a text filter and the table, which follows the
// newest event unless the operator has scrolled up to read.
class EventLogPane : public QWidget
{
    Q_OBJECT

public:
    explicit EventLogPane(EventLogModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    EventLogFilterModel *filterModel() const { return m_filter; }
    // The events the filters let through, oldest first: what an export of the log writes.
    QList<ConnectionEvent> shownEvents() const;
    // The Node column, first, while the console watches several nodes.
    void setNodeColumnShown(bool shown);

private:
    void onReasonChosen(int index);
    void setInitialColumnWidths();

    EventLogModel *m_model;
    EventLogFilterModel *m_filter;
    QComboBox *m_reasonCombo;
    QLineEdit *m_filterEdit;
    QTableView *m_view;
    bool m_followNewest = true;
};

} // namespace wsm
