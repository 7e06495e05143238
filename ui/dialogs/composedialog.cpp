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

int hexDigitValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

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
    m_format->addItem(tr("Binary (hex)"), int(Format::Hex));
    m_format->setItemData(m_format->count() - 1, tr("Bytes written in hex, sent as a binary message"),
                          Qt::ToolTipRole);
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        m_text->setPlaceholderText(format() == Format::Hex ? tr("Bytes in hex, e.g. de ad be ef") : QString());
        updateValidation();
    });

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

ComposeDialog::Format ComposeDialog::format() const
{
    return Format(m_format->currentData().toInt());
}

OutgoingMessage ComposeDialog::message() const
{
    if (format() != Format::Hex)
        return OutgoingMessage::fromText(text());
    QByteArray bytes;
    QString error;
    parseHex(text(), &bytes, &error); // Send is off unless it parses
    return OutgoingMessage::fromBinary(bytes);
}

bool ComposeDialog::parseHex(const QString &text, QByteArray *bytes, QString *error)
{
    bytes->clear();
    bytes->reserve(text.size() / 2);
    qsizetype i = 0;
    while (i < text.size()) {
        if (text.at(i).isSpace()) {
            ++i;
            continue;
        }
        // A run of digits up to the next space: whole bytes, so an odd count is a byte cut in half.
        const qsizetype start = i;
        for (; i < text.size() && !text.at(i).isSpace(); ++i) {
            if (hexDigitValue(text.at(i)) < 0) {
                *error = tr("Not valid hex: \"%1\" at character %2 is not a hex digit (0-9, a-f).")
                             .arg(text.at(i))
                             .arg(i + 1);
                return false;
            }
        }
        if ((i - start) % 2 != 0) {
            *error = tr("Not valid hex: \"%1\" at character %2 has an odd number of digits; write each byte as "
                        "two digits.")
                         .arg(text.mid(start, i - start))
                         .arg(start + 1);
            return false;
        }
        for (qsizetype k = start; k < i; k += 2)
            bytes->append(char(hexDigitValue(text.at(k)) * 16 + hexDigitValue(text.at(k + 1))));
    }
    return true;
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
    const Format kind = format();
    // Spaces alone are a text message, but no bytes.
    const bool empty = kind == Format::Hex ? message.trimmed().isEmpty() : message.isEmpty();
    QString error;
    qint64 bytes = 0; // as sent: UTF-8 for text, decoded for hex
    if (empty) {
        error = tr("Type a message to send.");
    } else if (kind == Format::Hex) {
        QByteArray decoded;
        if (parseHex(message, &decoded, &error))
            bytes = decoded.size();
    } else {
        const QByteArray utf8 = message.toUtf8();
        bytes = utf8.size();
        if (kind == Format::Json) {
            QJsonParseError parseError;
            QJsonDocument::fromJson(utf8, &parseError);
            if (parseError.error != QJsonParseError::NoError)
                error = tr("Not valid JSON: %1 at character %2.").arg(parseError.errorString()).arg(parseError.offset + 1);
        }
    }
    if (error.isEmpty() && m_maxMessageBytes > 0) {
        if (bytes > m_maxMessageBytes) {
            const QLocale locale;
            error = tr("The message is %1 bytes; the server's largest message is %2 bytes.")
                        .arg(locale.toString(bytes), locale.toString(m_maxMessageBytes));
        }
    }
    m_error->setText(error);
    // An empty box needs no red text to say so: Send being off says it.
    m_error->setVisible(!error.isEmpty() && !empty);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}

} // namespace wsm
