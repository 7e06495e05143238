#pragma once

#include "outgoingmessage.h"

#include <QDialog>

QT_BEGIN_NAMESPACE
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
QT_END_NAMESPACE

namespace wsm {

// The compose box: a text message of any length and any number of lines, JSON that must parse, or
// bytes typed in hex and sent as a binary frame. Send stays off, with the reason shown, while the
// message is empty, is not valid JSON or hex (as those) or is larger than the server's largest
// message (for hex, in bytes decoded). Enter starts a new line; Ctrl+Enter sends, and so does Enter
// on the format list or the Send button; Escape cancels.
// Object names: "composeText", "composeFormat", "composeError".
class ComposeDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Format { Text, Json, Hex };

    // maxMessageBytes: the server's largest message; 0 for no limit.
    explicit ComposeDialog(qint64 maxMessageBytes, QWidget *parent = nullptr);

    void setText(const QString &text);
    // What was typed, as typed.
    QString text() const;
    Format format() const;
    // What Send sends: the text as a text frame, or the hex decoded as a binary frame.
    OutgoingMessage message() const;

    // Bytes written in hex, two digits each; spaces and line breaks between bytes are ignored
    // ("de ad be ef", "deadbeef", one byte per line). False, with the reason in words naming the
    // character where it goes wrong, for anything else.
    static bool parseHex(const QString &text, QByteArray *bytes, QString *error);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateValidation();

    qint64 m_maxMessageBytes;
    QPlainTextEdit *m_text = nullptr;
    QComboBox *m_format = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace wsm
