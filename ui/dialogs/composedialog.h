#pragma once

#include <QDialog>

QT_BEGIN_NAMESPACE
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
QT_END_NAMESPACE

namespace wsm {

// The compose box: a text message of any length and any number of lines, or JSON that must parse
// before it can be sent. Send stays off, with the reason shown, while the message is empty, is not
// valid JSON (as JSON) or is larger than the server's largest message. Enter starts a new line;
// Ctrl+Enter sends; Escape cancels. Object names: "composeText", "composeFormat", "composeError".
class ComposeDialog : public QDialog
{
    Q_OBJECT

public:
    // maxMessageBytes: the server's largest message; 0 for no limit.
    explicit ComposeDialog(qint64 maxMessageBytes, QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const;

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
