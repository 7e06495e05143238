#pragma once

#include <QByteArray>
#include <QDialog>
#include <QString>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
QT_END_NAMESPACE

namespace wsm {

// File > Connect to Node…: a node's admin URL (ws:// or wss://) and its admin token, either read
// from a file (read again at each start) or typed (then kept in the desktop's secret store, never
// in the settings file). OK checks both before closing: a URL the console can use, a token file
// that reads. Child object names for tests: "adminUrl", "tokenFromFile", "tokenFile",
// "browseTokenFile", "tokenTyped", "token", "hint", "reason" (why the console asks, when it does),
// "validationError".
class ConnectNodeDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectNodeDialog(QWidget *parent = nullptr);

    // Filled in beforehand, e.g. when a saved node's token could not be read and the console asks.
    void setAdminUrl(const QUrl &url);
    void setReason(const QString &text);
    // A token file to read, chosen: e.g. that of the node whose cluster lists this one.
    void setTokenFile(const QString &path);

    QUrl adminUrl() const;
    bool tokenTyped() const;
    QString tokenFile() const; // empty when the token was typed
    QByteArray token() const;  // as typed, or as read from the file when OK was pressed

    // ws:// or wss:// with a host: what an admin URL must be (the command line checks the same).
    static bool isAdminUrl(const QUrl &url);

    void accept() override;

private:
    void updateButtons();
    void chooseTokenFile();

    QLineEdit *m_url = nullptr;
    QRadioButton *m_fromFile = nullptr;
    QLineEdit *m_tokenFile = nullptr;
    QPushButton *m_browse = nullptr;
    QRadioButton *m_typed = nullptr;
    QLineEdit *m_token = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_validationError = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QByteArray m_readToken;
};

} // namespace wsm
