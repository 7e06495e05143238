#include "sendbar.h"

#include "dialogs/composedialog.h"

#include <QComboBox>
#include <QGridLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>

#include <limits>

namespace wsm {

SendBar::SendBar(QWidget *parent)
    : QWidget(parent)
{
    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("broadcastText"));
    m_text->setPlaceholderText(tr("Message to send"));
    // A line edit keeps 32,767 characters by default and drops the rest of a paste without a word.
    m_text->setMaxLength(std::numeric_limits<int>::max());
    connect(m_text, &QLineEdit::returnPressed, this, &SendBar::sendLine);
    connect(m_text, &QLineEdit::textChanged, this, [this] {
        m_message->hide();
        updateButtons();
    });

    m_target = new QComboBox(this);
    m_target->setObjectName(QStringLiteral("sendTarget"));
    m_target->addItem(tr("to every client"), int(Target::AllClients));
    m_target->addItem(tr("to the selected clients"), int(Target::SelectedClients));
    connect(m_target, &QComboBox::currentIndexChanged, this, &SendBar::updateButtons);

    m_send = new QPushButton(QIcon(QStringLiteral(":/icons/broadcast.svg")), tr("&Send"), this);
    m_send->setObjectName(QStringLiteral("broadcastButton"));
    m_send->setToolTip(tr("Send this text to every connected client, or to the selected ones"));
    connect(m_send, &QPushButton::clicked, this, &SendBar::sendLine);

    m_compose = new QPushButton(tr("Compose…"), this);
    m_compose->setObjectName(QStringLiteral("composeButton"));
    m_compose->setToolTip(tr("Write a longer message: several lines, JSON that is checked before it is sent, "
                             "or bytes in hex sent as a binary message"));
    connect(m_compose, &QPushButton::clicked, this, &SendBar::compose);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("sendMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text, 0, 0);
    layout->addWidget(m_target, 0, 1);
    layout->addWidget(m_send, 0, 2);
    layout->addWidget(m_compose, 0, 3);
    layout->addWidget(m_message, 1, 0, 1, 4);
    layout->setColumnStretch(0, 1);
    updateButtons();
}

void SendBar::setServerRunning(bool running, qint64 maxMessageBytes)
{
    m_running = running;
    m_maxMessageBytes = maxMessageBytes;
    updateButtons();
}

void SendBar::setSelectedCount(int count)
{
    m_selectedCount = count;
    updateButtons();
}

bool SendBar::send(const OutgoingMessage &message)
{
    if (message.isEmpty()) {
        showRefusal(tr("Type a message first; nothing was sent."));
        return false;
    }
    const Target target = Target(m_target->currentData().toInt());
    if (target == Target::SelectedClients && m_selectedCount == 0) {
        showRefusal(tr("Select the clients to send to first; nothing was sent."));
        return false;
    }
    const qint64 bytes = message.byteSize();
    if (m_maxMessageBytes > 0 && bytes > m_maxMessageBytes) {
        const QLocale locale;
        showRefusal(tr("The message is %1 bytes; the server's largest message is %2 bytes. Nothing was sent.")
                        .arg(locale.toString(bytes), locale.toString(m_maxMessageBytes)));
        return false;
    }
    m_message->hide();
    Q_EMIT sendRequested(target, message);
    return true;
}

void SendBar::sendLine()
{
    if (!m_running)
        return;
    if (send(OutgoingMessage::fromText(m_text->text())))
        m_text->clear();
}

void SendBar::compose()
{
    ComposeDialog dialog(m_maxMessageBytes, this);
    dialog.setText(m_text->text());
    if (dialog.exec() == QDialog::Accepted && send(dialog.message()))
        m_text->clear();
}

void SendBar::updateButtons()
{
    const bool toSelected = Target(m_target->currentData().toInt()) == Target::SelectedClients;
    m_text->setEnabled(m_running);
    m_target->setEnabled(m_running);
    m_compose->setEnabled(m_running);
    m_send->setEnabled(m_running && !m_text->text().isEmpty() && (!toSelected || m_selectedCount > 0));
}

void SendBar::showRefusal(const QString &text)
{
    m_message->setText(text);
    m_message->show();
}

} // namespace wsm
