#pragma once

#include "outgoingmessage.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
QT_END_NAMESPACE

namespace wsm {

// The send row under the clients table: a message to every client or to the selected ones, typed
// or pasted on one line, or written in the compose box (several lines, JSON that is checked, or
// bytes in hex sent as a binary frame).
// Nothing is ever cut: a message larger than the server's largest message is refused here, with
// a message saying so, and nothing is sent; Send is off while there is nothing to send.
// Object names for tests: "broadcastText", "sendTarget", "broadcastButton", "composeButton",
// "sendMessage" (what was refused and why).
class SendBar : public QWidget
{
    Q_OBJECT

public:
    enum class Target { AllClients, SelectedClients };

    explicit SendBar(QWidget *parent = nullptr);

    // While the server runs, with the largest message it takes (--max-message-bytes).
    void setServerRunning(bool running, qint64 maxMessageBytes);
    void setSelectedCount(int count);

Q_SIGNALS:
    void sendRequested(wsm::SendBar::Target target, const wsm::OutgoingMessage &message);

private:
    // Asks for the message to go to the chosen clients; false (and a message shown) when it is
    // empty or too big, or there is no one to send it to.
    bool send(const OutgoingMessage &message);
    void sendLine();
    void compose();
    void updateButtons();
    void showRefusal(const QString &text);

    QLineEdit *m_text = nullptr;
    QComboBox *m_target = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_compose = nullptr;
    QLabel *m_message = nullptr;
    bool m_running = false;
    qint64 m_maxMessageBytes = 0;
    int m_selectedCount = 0;
};

} // namespace wsm
