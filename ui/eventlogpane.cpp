#include "eventlogpane.h"

#include "models/eventlogfiltermodel.h"
#include "models/eventlogmodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

#include <optional>

namespace wsm {

namespace {

// The reason list's item for the cluster link's changes; the others hold an EndReason.
constexpr int ClusterLinkItem = -1;
constexpr int FlappingItem = -2;

// Reasons are lower case mid-sentence words ("heartbeat timeout"); a list item starts upper case.
QString capitalised(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

} // namespace

EventLogPane::EventLogPane(EventLogModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new EventLogFilterModel(this))
    , m_reasonCombo(new QComboBox(this))
    , m_filterEdit(new QLineEdit(this))
    , m_view(new QTableView(this))
{
    m_filter->setSourceModel(model);

    m_reasonCombo->setObjectName(QStringLiteral("reasonFilter"));
    m_reasonCombo->addItem(tr("All events"));
    for (int reason = int(EndReason::None) + 1; reason < EndReasonCount; ++reason)
        m_reasonCombo->addItem(capitalised(ConnectionEvent::reasonText(EndReason(reason))), reason);
    // Not a reason: the cluster link's changes, which end no connection.
    m_reasonCombo->addItem(tr("Cluster link up or down"), ClusterLinkItem);
    // Nor this: clients starting or stopping to reconnect in a loop (--flapping-threshold).
    m_reasonCombo->addItem(tr("Flapping started or stopped"), FlappingItem);
    m_reasonCombo->setToolTip(tr("Show only the connections that ended for this reason"));
    connect(m_reasonCombo, &QComboBox::currentIndexChanged, this, &EventLogPane::onReasonChosen);

    m_filterEdit->setObjectName(QStringLiteral("eventFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter events"));
    m_filterEdit->setClearButtonEnabled(true);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filter, &EventLogFilterModel::setFilterText);

    m_view->setObjectName(QStringLiteral("eventLogView"));
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(EventLogModel::TimeColumn, Qt::AscendingOrder);
    setInitialColumnWidths();
    m_view->horizontalHeader()->moveSection(EventLogModel::NodeColumn, 0);
    m_view->setColumnHidden(EventLogModel::NodeColumn, true);
    // Kind and Identity read with the client's number and address, not after the duration.
    QHeaderView *columns = m_view->horizontalHeader();
    columns->moveSection(columns->visualIndex(EventLogModel::KindColumn),
                         columns->visualIndex(EventLogModel::ClientColumn) + 1);
    columns->moveSection(columns->visualIndex(EventLogModel::IdentityColumn),
                         columns->visualIndex(EventLogModel::PeerColumn) + 1);

    // Follow the newest event only while the operator is looking at it: judged before the rows
    // arrive, because afterwards the scroll bar's maximum has already grown.
    connect(m_filter, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        const QScrollBar *bar = m_view->verticalScrollBar();
        const QHeaderView *header = m_view->horizontalHeader();
        const bool newestAtBottom = header->sortIndicatorSection() == EventLogModel::TimeColumn
            && header->sortIndicatorOrder() == Qt::AscendingOrder;
        m_followNewest = newestAtBottom && bar->value() >= bar->maximum();
    });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followNewest)
            m_view->scrollToBottom();
    });

    auto *filterRow = new QHBoxLayout;
    auto *reasonLabel = new QLabel(tr("&Reason:"), this);
    reasonLabel->setBuddy(m_reasonCombo);
    filterRow->addWidget(reasonLabel);
    filterRow->addWidget(m_reasonCombo);
    filterRow->addWidget(m_filterEdit, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(filterRow);
    layout->addWidget(m_view, 1);
}

void EventLogPane::onReasonChosen(int index)
{
    const QVariant reason = m_reasonCombo->itemData(index);
    const bool clusterLink = reason.isValid() && reason.toInt() == ClusterLinkItem;
    const bool flapping = reason.isValid() && reason.toInt() == FlappingItem;
    m_filter->setClusterLinkOnly(clusterLink);
    m_filter->setFlappingOnly(flapping);
    m_filter->setReasonFilter(reason.isValid() && !clusterLink && !flapping
                                  ? std::optional<EndReason>(EndReason(reason.toInt()))
                                  : std::nullopt);
}

QList<ConnectionEvent> EventLogPane::shownEvents() const
{
    QList<int> rows;
    rows.reserve(m_filter->rowCount());
    for (int row = 0; row < m_filter->rowCount(); ++row)
        rows.append(m_filter->mapToSource(m_filter->index(row, 0)).row());
    std::sort(rows.begin(), rows.end()); // the log's order, whatever column the view sorts by
    const QList<ConnectionEvent> all = m_model->events();
    QList<ConnectionEvent> shown;
    shown.reserve(rows.size());
    for (int row : std::as_const(rows))
        shown.append(all.at(row));
    return shown;
}

void EventLogPane::setInitialColumnWidths()
{
    // Set once from typical cell texts: resizing to the contents on every batch would cost a pass
    // over every row.
    struct Width
    {
        int column;
        const char *typicalText;
    };
    static constexpr Width widths[] = {
        {EventLogModel::TimeColumn, "0000-00-00 00:00:00.000"},
        {EventLogModel::EventColumn, "connected"},
        {EventLogModel::ClientColumn, "#00000"},
        {EventLogModel::PeerColumn, "255.255.255.255:00000"},
        {EventLogModel::PathColumn, "/chat?room=00"},
        {EventLogModel::EndedByColumn, "operator"},
        {EventLogModel::ReasonColumn, "heartbeat timeout"},
        {EventLogModel::CloseCodeColumn, "HTTP 000"}, // refusals before the upgrade have a status, not a code
        {EventLogModel::DetailColumn, "server shutdown before the upgrade"},
        {EventLogModel::DurationColumn, "00 min 00 s"},
        {EventLogModel::NodeColumn, "node-00.example"},
        {EventLogModel::KindColumn, "WebSocket"},
        {EventLogModel::IdentityColumn, "alice@example.com"},
    };
    const QFontMetrics cells = m_view->fontMetrics();
    QHeaderView *header = m_view->horizontalHeader();
    for (const Width &width : widths) {
        const QString title = m_filter->headerData(width.column, Qt::Horizontal).toString();
        // Padding for the cell margins, and in the header for the sort arrow.
        header->resizeSection(width.column,
                              std::max(cells.horizontalAdvance(QLatin1String(width.typicalText)) + 16,
                                       header->fontMetrics().horizontalAdvance(title) + 28));
    }
}

void EventLogPane::setNodeColumnShown(bool shown)
{
    m_view->setColumnHidden(EventLogModel::NodeColumn, !shown);
}

} // namespace wsm
