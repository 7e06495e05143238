#include "clientinspector.h"

#include "eventlogmodel.h"

#include "displaytext.h"

#include "chartaxes.h"
#include "messagehistorymodel.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace wsm {

namespace {

// Asking more often than this only loads the server thread; people read no faster.
constexpr int MinimumRefreshMs = 50;
constexpr int DefaultRefreshMs = 1000;

QLabel *valueLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

ClientInspector::ClientInspector(QWidget *parent)
    : QWidget(parent)
    , m_pages(new QStackedWidget(this))
    , m_messagesModel(new MessageHistoryModel(this))
{
    m_refreshTimer.setObjectName(QStringLiteral("refreshTimer"));
    m_refreshTimer.setInterval(DefaultRefreshMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] { Q_EMIT detailsWanted(m_sessionId); });

    auto *placeholder = new QLabel(tr("Select a client and choose Inspect."), m_pages);
    placeholder->setObjectName(QStringLiteral("placeholderLabel"));
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setWordWrap(true);
    placeholder->setEnabled(false); // drawn in the muted colour of a hint
    m_pages->addWidget(placeholder);
    m_pages->addWidget(createDetailsPage());

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);

    clearDetails();
    updateActions();
}

QWidget *ClientInspector::createDetailsPage()
{
    auto *page = new QWidget(m_pages);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(6, 6, 6, 6);

    m_goneLabel = new QLabel(page);
    m_goneLabel->setObjectName(QStringLiteral("goneLabel"));
    m_goneLabel->setWordWrap(true);
    m_goneLabel->setStyleSheet(QStringLiteral("QLabel { color: #b02a37; font-weight: bold; }"));
    layout->addWidget(m_goneLabel);
    layout->addWidget(createSummary(page));

    auto *tabs = new QTabWidget(page);
    tabs->setDocumentMode(true);

    m_messagesView = new QTableView(tabs);
    m_messagesView->setObjectName(QStringLiteral("messagesTable"));
    m_messagesView->setModel(m_messagesModel);
    m_messagesView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_messagesView->setAlternatingRowColors(true);
    m_messagesView->setWordWrap(false);
    m_messagesView->setTextElideMode(Qt::ElideRight);
    m_messagesView->verticalHeader()->hide();
    m_messagesView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_messagesView->verticalHeader()->setDefaultSectionSize(m_messagesView->fontMetrics().height() + 6);
    QHeaderView *header = m_messagesView->horizontalHeader();
    // At most a few hundred rows: fitting the short columns to their contents stays cheap.
    for (int column = 0; column < MessageHistoryModel::PreviewColumn; ++column)
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(MessageHistoryModel::PreviewColumn, QHeaderView::Stretch);
    tabs->addTab(m_messagesView, tr("Messages"));

    tabs->addTab(createRttPage(tabs), tr("Round trips"));

    m_handshakeView = new QPlainTextEdit(tabs);
    m_handshakeView->setObjectName(QStringLiteral("handshakeView"));
    m_handshakeView->setReadOnly(true);
    m_handshakeView->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_handshakeView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    tabs->addTab(m_handshakeView, tr("Handshake"));
    layout->addWidget(tabs, 1);

    auto *sendRow = new QHBoxLayout;
    m_messageEdit = new QLineEdit(page);
    m_messageEdit->setObjectName(QStringLiteral("messageEdit"));
    m_messageEdit->setPlaceholderText(tr("Text message to this client"));
    m_messageEdit->setClearButtonEnabled(true);
    m_sendButton = new QPushButton(tr("Send"), page);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_kickButton = new QPushButton(tr("Kick…"), page);
    m_kickButton->setObjectName(QStringLiteral("kickButton"));
    m_kickButton->setToolTip(tr("Close this client's connection."));
    sendRow->addWidget(m_messageEdit, 1);
    sendRow->addWidget(m_sendButton);
    sendRow->addWidget(m_kickButton);
    layout->addLayout(sendRow);

    connect(m_messageEdit, &QLineEdit::textChanged, this, &ClientInspector::updateActions);
    connect(m_messageEdit, &QLineEdit::returnPressed, this, &ClientInspector::sendMessage);
    connect(m_sendButton, &QPushButton::clicked, this, &ClientInspector::sendMessage);
    connect(m_kickButton, &QPushButton::clicked, this, [this] { Q_EMIT kickRequested(m_sessionId); });
    return page;
}

QWidget *ClientInspector::createSummary(QWidget *parent)
{
    m_summary = new QWidget(parent);
    auto *layout = new QVBoxLayout(m_summary);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *titleRow = new QHBoxLayout;
    m_titleLabel = new QLabel(m_summary);
    m_titleLabel->setObjectName(QStringLiteral("titleLabel"));
    QFont titleFont = m_titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_titleLabel->setFont(titleFont);
    m_stateLabel = valueLabel(m_summary, QStringLiteral("stateLabel"));
    titleRow->addWidget(m_titleLabel);
    titleRow->addStretch(1);
    titleRow->addWidget(m_stateLabel);
    layout->addLayout(titleRow);
    m_peerLabel = valueLabel(m_summary, QStringLiteral("peerLabel"));
    layout->addWidget(m_peerLabel);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_connectedValue = valueLabel(m_summary, QStringLiteral("connectedValue"));
    m_messagesValue = valueLabel(m_summary, QStringLiteral("messagesValue"));
    m_bytesValue = valueLabel(m_summary, QStringLiteral("bytesValue"));
    m_ratesValue = valueLabel(m_summary, QStringLiteral("ratesValue"));
    m_sendQueueValue = valueLabel(m_summary, QStringLiteral("sendQueueValue"));
    m_rttValue = valueLabel(m_summary, QStringLiteral("rttValue"));
    m_missedPingsValue = valueLabel(m_summary, QStringLiteral("missedPingsValue"));
    m_lastSeenValue = valueLabel(m_summary, QStringLiteral("lastSeenValue"));
    form->addRow(tr("Connected:"), m_connectedValue);
    form->addRow(tr("Messages:"), m_messagesValue);
    form->addRow(tr("Bytes:"), m_bytesValue);
    form->addRow(tr("Message rate:"), m_ratesValue);
    form->addRow(tr("Send queue:"), m_sendQueueValue);
    form->addRow(tr("Round trip:"), m_rttValue);
    form->addRow(tr("Missed pings:"), m_missedPingsValue);
    form->addRow(tr("Last seen:"), m_lastSeenValue);
    layout->addLayout(form);
    return m_summary;
}

QWidget *ClientInspector::createRttPage(QWidget *parent)
{
    m_rttPages = new QStackedWidget(parent);

    auto *none = new QLabel(tr("No heartbeat round trip has been measured yet."), m_rttPages);
    none->setAlignment(Qt::AlignCenter);
    none->setWordWrap(true);
    none->setEnabled(false);
    m_rttPages->addWidget(none);

    auto *chart = new QChart;
    chart->legend()->hide();
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setLocalizeNumbers(true);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_rttTimeAxis = new QDateTimeAxis(chart);
    m_rttTimeAxis->setFormat(QStringLiteral("hh:mm:ss"));
    m_rttTimeAxis->setTickCount(3);
    m_rttTimeAxis->setLabelsFont(small);
    chart->addAxis(m_rttTimeAxis, Qt::AlignBottom);
    m_rttValueAxis = new QValueAxis(chart);
    m_rttValueAxis->setTitleText(tr("ms"));
    m_rttValueAxis->setTitleFont(small);
    m_rttValueAxis->setLabelsFont(small);
    chart->addAxis(m_rttValueAxis, Qt::AlignLeft);
    m_rttSeries = new QLineSeries;
    chart->addSeries(m_rttSeries);
    m_rttSeries->attachAxis(m_rttTimeAxis);
    m_rttSeries->attachAxis(m_rttValueAxis);

    auto *view = new QChartView(chart, m_rttPages);
    view->setObjectName(QStringLiteral("rttChart"));
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(140);
    m_rttPages->addWidget(view);
    return m_rttPages;
}

void ClientInspector::setClient(quint64 sessionId)
{
    if (sessionId != m_sessionId) {
        m_sessionId = sessionId;
        m_gone = false;
        m_lastSeenAt = 0;
        clearDetails();
        m_titleLabel->setText(tr("Client #%1").arg(sessionId));
        m_pages->setCurrentIndex(sessionId == 0 ? 0 : 1);
    }
    updateActions();
    updateRefresh();
    if (sessionId != 0)
        Q_EMIT detailsWanted(sessionId);
}

void ClientInspector::showDetails(const ClientDetails &details)
{
    if (m_sessionId == 0 || details.sessionId != m_sessionId)
        return; // an answer about a client no longer shown
    if (!details.found) {
        // The end event says more, when it came first.
        if (!m_gone)
            markGone(tr("Client #%1 has disconnected.").arg(m_sessionId));
        return;
    }
    showRow(details.row);
    showHandshake(details);
    showRttHistory(details.rttHistory);
    showMessages(details.messages);
}

void ClientInspector::showEnd(const ConnectionEvent &end)
{
    if (m_sessionId == 0 || end.sessionId != m_sessionId || end.kind != EventKind::Closed)
        return;
    const QLocale locale;
    const QString at = locale.toString(QDateTime::fromMSecsSinceEpoch(end.endedAt), QStringLiteral("HH:mm:ss"));
    QString how = ConnectionEvent::reasonText(end.reason);
    if (end.closeCode > 0)
        how = tr("%1, close code %2").arg(how).arg(end.closeCode);
    if (!end.closeReason.isEmpty())
        how = tr("%1: %2").arg(how, EventLogModel::detailText(end));
    markGone(tr("Client #%1 ended at %2, by the %3: %4.")
                 .arg(m_sessionId)
                 .arg(at, ConnectionEvent::endedByText(end.endedBy), how));
}

void ClientInspector::markGone(const QString &text)
{
    m_gone = true;
    m_goneLabel->setText(text);
    m_goneLabel->show();
    m_stateLabel->setText(tr("Disconnected"));
    // An age would keep growing for a client that can no longer be heard from: a time instead.
    if (m_lastSeenAt > 0)
        m_lastSeenValue->setText(
            QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_lastSeenAt).time(), QStringLiteral("HH:mm:ss")));
    // Its counters are stale now; its messages and handshake stay readable.
    m_summary->setEnabled(false);
    updateActions();
    updateRefresh();
}

void ClientInspector::setRefreshInterval(int ms)
{
    m_refreshTimer.setInterval(std::max(ms, MinimumRefreshMs));
}

void ClientInspector::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_shown = true;
    updateRefresh();
}

void ClientInspector::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_shown = false;
    updateRefresh();
}

void ClientInspector::clearDetails()
{
    m_goneLabel->hide();
    m_summary->setEnabled(true);
    for (QLabel *label : {m_peerLabel, m_stateLabel, m_connectedValue, m_messagesValue, m_bytesValue,
                          m_ratesValue, m_sendQueueValue, m_rttValue, m_missedPingsValue, m_lastSeenValue})
        label->clear();
    m_messagesModel->clear();
    m_handshakeView->clear();
    m_rttSeries->clear();
    m_rttPages->setCurrentIndex(0);
    m_messageEdit->clear();
}

void ClientInspector::showRow(const SessionRow &row)
{
    const QLocale locale;
    m_peerLabel->setText(peerText(row.peerAddress, row.peerPort));
    m_stateLabel->setText(row.state == SessionState::Open ? tr("Open") : tr("Closing"));
    m_connectedValue->setText(
        locale.toString(QDateTime::fromMSecsSinceEpoch(row.connectedAt), QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    m_messagesValue->setText(tr("%1 in, %2 out").arg(locale.toString(row.messagesIn), locale.toString(row.messagesOut)));
    m_bytesValue->setText(tr("%1 in, %2 out").arg(locale.formattedDataSize(qint64(row.bytesIn)),
                                                   locale.formattedDataSize(qint64(row.bytesOut))));
    m_ratesValue->setText(tr("%1/s in, %2/s out")
                              .arg(locale.toString(row.messageRateIn, 'f', 1), locale.toString(row.messageRateOut, 'f', 1)));
    m_sendQueueValue->setText(locale.formattedDataSize(row.bytesToWrite));
    m_rttValue->setText(row.rttMs < 0 ? tr("No pong yet") : tr("%1 ms").arg(locale.toString(row.rttMs, 'f', 1)));
    m_missedPingsValue->setText(locale.toString(row.missedPings));
    m_lastSeenAt = row.lastSeenAt;
    if (row.lastSeenAt <= 0) {
        m_lastSeenValue->setText(tr("Nothing received yet"));
    } else {
        const double secondsAgo = std::max<qint64>(0, QDateTime::currentMSecsSinceEpoch() - row.lastSeenAt) / 1000.0;
        m_lastSeenValue->setText(
            tr("%1 (%2 s ago)")
                .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(row.lastSeenAt).time(), QStringLiteral("HH:mm:ss")),
                     locale.toString(secondsAgo, 'f', 1)));
    }
}

void ClientInspector::showHandshake(const ClientDetails &details)
{
    QString text = details.requestLine;
    for (const auto &[name, value] : details.requestHeaders)
        text += QLatin1Char('\n') + name + QLatin1String(": ") + value;
    // The handshake never changes: setting it again would only lose the reader's place.
    if (text != m_handshakeView->toPlainText())
        m_handshakeView->setPlainText(text);
}

void ClientInspector::showRttHistory(const QList<RttSample> &history)
{
    if (history.isEmpty()) {
        m_rttSeries->clear();
        m_rttPages->setCurrentIndex(0);
        return;
    }
    QList<QPointF> points;
    points.reserve(history.size());
    double peak = 0;
    for (const RttSample &sample : history) {
        points.append(QPointF(double(sample.at), sample.ms));
        peak = std::max(peak, sample.ms);
    }
    m_rttSeries->replace(points);
    const QDateTime first = QDateTime::fromMSecsSinceEpoch(history.constFirst().at);
    const QDateTime last = QDateTime::fromMSecsSinceEpoch(history.constLast().at);
    // One sample still needs a span of time to be drawn in.
    m_rttTimeAxis->setRange(first == last ? first.addSecs(-1) : first, last);
    fitValueAxis(m_rttValueAxis, peak);
    m_rttPages->setCurrentIndex(1);
}

void ClientInspector::showMessages(const QList<MessageRecord> &messages)
{
    // Follow new messages only when the reader is already at the newest one.
    const QScrollBar *bar = m_messagesView->verticalScrollBar();
    const bool atBottom = bar->value() == bar->maximum();
    m_messagesModel->setMessages(messages);
    if (atBottom)
        m_messagesView->scrollToBottom();
}

void ClientInspector::updateActions()
{
    const bool reachable = m_sessionId != 0 && !m_gone;
    m_messageEdit->setEnabled(reachable);
    m_sendButton->setEnabled(reachable && !m_messageEdit->text().isEmpty());
    m_kickButton->setEnabled(reachable);
}

void ClientInspector::updateRefresh()
{
    if (m_shown && m_sessionId != 0 && !m_gone) {
        if (!m_refreshTimer.isActive())
            m_refreshTimer.start();
    } else {
        m_refreshTimer.stop();
    }
}

void ClientInspector::sendMessage()
{
    if (!m_sendButton->isEnabled())
        return; // Enter in an empty line, or a client that has gone
    Q_EMIT sendRequested(m_sessionId, m_messageEdit->text());
    m_messageEdit->clear();
}

} // namespace wsm
