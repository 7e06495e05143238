#include "composedialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace wsm {

namespace {

enum class Format { Text, Json };

} // namespace

ComposeDialog::ComposeDialog(qint64 maxMessageBytes, QWidget *parent)
    : QDialog(parent)
    , m_maxMessageBytes(maxMessageBytes)
{
    setWindowTitle(tr("Compose Message"));

    m_format = new QComboBox;
    m_format->setObjectName(QStringLiteral("composeFormat"));
    m_format->addItem(tr("Text"), int(Format::Text));
    m_format->addItem(tr("JSON (checked before it is sent)"), int(Format::Json));
    connect(m_format, &QComboBox::currentIndexChanged, this, &ComposeDialog::updateValidation);

    m_text = new QPlainTextEdit;
    m_text->setObjectName(QStringLiteral("composeText"));
    m_text->setTabChangesFocus(true);
    m_text->installEventFilter(this);
    connect(m_text, &QPlainTextEdit::textChanged, this, &ComposeDialog::updateValidation);

    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("composeError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Send"));
    m_buttons->button(QDialogButtonBox::Ok)->setToolTip(tr("Ctrl+Enter"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("Format:"), m_format);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setDefault(true);
    resize(560, 380);
    updateValidation();
    m_text->setFocus();
}

void ComposeDialog::setText(const QString &text)
{
    m_text->setPlainText(text);
}

QString ComposeDialog::text() const
{
    return m_text->toPlainText();
}

bool ComposeDialog::eventFilter(QObject *watched, QEvent *event)
{
    // Enter belongs to the text (a new line); Ctrl+Enter sends, when the message may be sent.
    if (watched == m_text && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && key->modifiers().testFlag(Qt::ControlModifier)) {
            if (m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
                accept();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void ComposeDialog::updateValidation()
{
    const QString message = text();
    QString error;
    if (message.isEmpty()) {
        error = tr("Type a message to send.");
    } else if (Format(m_format->currentData().toInt()) == Format::Json) {
        QJsonParseError parseError;
        QJsonDocument::fromJson(message.toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError)
            error = tr("Not valid JSON: %1 at character %2.").arg(parseError.errorString()).arg(parseError.offset + 1);
    }
    if (error.isEmpty() && m_maxMessageBytes > 0) {
        const qint64 bytes = message.toUtf8().size();
        if (bytes > m_maxMessageBytes) {
            const QLocale locale;
            error = tr("The message is %1 bytes; the server's largest message is %2 bytes.")
                        .arg(locale.toString(bytes), locale.toString(m_maxMessageBytes));
        }
    }
    m_error->setText(error);
    // An empty box needs no red text to say so: Send being off says it.
    m_error->setVisible(!error.isEmpty() && !message.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}

} // namespace wsm
