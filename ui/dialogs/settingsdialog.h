#pragma once

#include "consolesettings.h"
#include "serverconfig.h"

#include <QDialog>
#include <QList>
#include <QString>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
QT_END_NAMESPACE

namespace wsm {

// Every server option of the command line, validated as it is typed with its range shown, plus
// the console's own settings. OK stays disabled while ServerConfig::validate() objects.
// Child widgets carry object names for tests and automation: each numeric option's field is named
// after the option ("heartbeat-timeout"); the others are "listen", "port", "path", "ssePath", "mode",
// "allowedOrigins", "token", "logCsv", "tlsCert", "tlsKey", "kickSpreadMs", "chartWindowSeconds", "banMinutes",
// "kickCloseCode", "kickReason", "askBeforeClosingClients", "identity", "identityName", "jwtSecretFile",
// "jwtPublicKey", "jwtIssuer", "jwtAudience"; the message labels are "validationError" and "restartNote".
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(const ServerConfig &config, const ConsoleSettings &console, QWidget *parent = nullptr);

    // The config given to the constructor with every field the dialog shows replaced by what is
    // typed; the fields it does not show (snapshot interval, close grace) pass through unchanged.
    ServerConfig serverConfig() const;
    ConsoleSettings consoleSettings() const;
    // While the server runs, the dialog says which changed fields apply only at the next start.
    void setServerRunning(bool running);
    // The labels of the server fields changed from the config given to the constructor.
    QStringList changedServerFields() const;
    // What to save: `saved` with only the fields the person changed from `shown` to `edited`, so a
    // value that came from this run's command line is not saved as if it had been chosen.
    static ServerConfig withChangesOnly(const ServerConfig &saved, const ServerConfig &shown,
                                        const ServerConfig &edited);

private:
    struct NumericField
    {
        QString name; // the command-line option name
        QDoubleSpinBox *spinBox;
    };

    QWidget *createServerPage(const ServerConfig &config);
    QWidget *createNumericPage(const ServerConfig &config, bool heartbeat);
    QWidget *createConsolePage(const ConsoleSettings &console);
    QWidget *createIdentityPage(const ServerConfig &config);
    void readIdentityFields(IdentityConfig *identity) const;
    QList<QLineEdit *> identityLineEdits() const;
    void browseLogFile();
    void browseForFile(QLineEdit *field, const QString &title, const QString &filter);
    QStringList validationErrors() const;
    void updateValidation();

    ServerConfig m_base;
    QLineEdit *m_listen = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_path = nullptr;
    QLineEdit *m_ssePath = nullptr;
    QComboBox *m_mode = nullptr;
    QPlainTextEdit *m_allowedOrigins = nullptr;
    QLineEdit *m_token = nullptr;
    QLineEdit *m_tokenFile = nullptr;
    QLineEdit *m_logCsv = nullptr;
    QLineEdit *m_tlsCert = nullptr;
    QLineEdit *m_tlsKey = nullptr;
    QComboBox *m_identitySource = nullptr;
    QLineEdit *m_identityName = nullptr;
    QLineEdit *m_jwtSecretFile = nullptr;
    QLineEdit *m_jwtPublicKey = nullptr;
    QLineEdit *m_jwtIssuer = nullptr;
    QLineEdit *m_jwtAudience = nullptr;
    QList<NumericField> m_numericFields;
    QSpinBox *m_kickSpread = nullptr;
    QSpinBox *m_chartWindow = nullptr;
    QSpinBox *m_banMinutes = nullptr;
    QSpinBox *m_kickCloseCode = nullptr;
    QLineEdit *m_kickReason = nullptr;
    QCheckBox *m_askBeforeClosing = nullptr;
    QLabel *m_restartNote = nullptr;
    bool m_serverRunning = false;
    QLabel *m_validationError = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace wsm
