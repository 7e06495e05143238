#pragma once

#include "clientdetails.h"
#include "connectionevent.h"

#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineEdit;
class QLineSeries;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableView;
class QValueAxis;

namespace wsm {

class MessageHistoryModel;

// Everything about one client, for a dock widget: who it is, its counters and heartbeat, the
// handshake it sent, its round trips and its last messages, and a way to write to it or kick it.
// It never talks to the server: it asks for details (detailsWanted) and is given them
// (showDetails), at a fixed rate while it is visible, never per message.
class ClientInspector : public QWidget
{
    Q_OBJECT

public:
    explicit ClientInspector(QWidget *parent = nullptr);

    // 0 = none. Emits detailsWanted at once for any other id.
    void setClient(quint64 sessionId);
    quint64 clientId() const { return m_sessionId; }

    // The node's answer (ServerNode::clientDetailsReady). Ignored unless it is about
    // clientId(). found == false: the client has gone; its last data stays visible, greyed.
    void showDetails(const ClientDetails &details);
    bool clientGone() const { return m_gone; }
    // The end event of the client shown (from the connection log): says when and how it ended,
    // and its last sign of life as a time, no longer as an age that keeps growing.
    void showEnd(const ConnectionEvent &end);

    // How often detailsWanted is emitted while this is visible and a client is set; default 1000.
    void setRefreshInterval(int ms);

Q_SIGNALS:
    void detailsWanted(quint64 sessionId);
    void sendRequested(quint64 sessionId, const QString &text);
    void kickRequested(quint64 sessionId);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *createDetailsPage();
    QWidget *createSummary(QWidget *parent);
    QWidget *createRttPage(QWidget *parent);
    void clearDetails();
    void markGone(const QString &text);
    void showRow(const SessionRow &row);
    void showHandshake(const ClientDetails &details);
    void showRttHistory(const QList<RttSample> &history);
    void showMessages(const QList<MessageRecord> &messages);
    void updateActions();
    void updateRefresh();
    void sendMessage();

    quint64 m_sessionId = 0;
    bool m_gone = false;
    qint64 m_lastSeenAt = 0; // of the last row shown
    bool m_shown = false;  // between a show and a hide event: docked and not tabbed away
    QTimer m_refreshTimer{this};

    QStackedWidget *m_pages;
    QWidget *m_summary;    // header and counters: greyed when the client has gone
    QLabel *m_titleLabel;
    QLabel *m_peerLabel;
    QLabel *m_stateLabel;
    QLabel *m_goneLabel;
    QLabel *m_connectedValue;
    QLabel *m_messagesValue;
    QLabel *m_bytesValue;
    QLabel *m_ratesValue;
    QLabel *m_sendQueueValue;
    QLabel *m_rttValue;
    QLabel *m_missedPingsValue;
    QLabel *m_lastSeenValue;
    MessageHistoryModel *m_messagesModel;
    QTableView *m_messagesView;
    QStackedWidget *m_rttPages;
    QLineSeries *m_rttSeries = nullptr;
    QDateTimeAxis *m_rttTimeAxis = nullptr;
    QValueAxis *m_rttValueAxis = nullptr;
    QPlainTextEdit *m_handshakeView;
    QLineEdit *m_messageEdit;
    QPushButton *m_sendButton;
    QPushButton *m_kickButton;
};

} // namespace wsm
