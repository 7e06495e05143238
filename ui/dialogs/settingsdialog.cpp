// SettingsDialog, part: the dialog, what it gives back, and its checks. Its pages are built in
// settingsdialogpages.cpp.

#include "settingsdialog.h"

#include "settingsdialog_p.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <utility>

namespace wsm {

namespace {

// Field labels for the numeric options. The table in serverconfig.cpp has everything else
// (range, unit, purpose); an option missing here still gets a field, labelled with its name.
struct OptionLabel
{
    const char *name;
    const char *label;
};

const OptionLabel optionLabels[] = {
    {"max-connections", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Most clients at once:")},
    {"max-message-bytes", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Largest message:")},
    {"rate-limit", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Rate limit per client:")},
    {"max-send-queue-bytes", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Send queue per client:")},
    {"heartbeat-interval", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Ping interval:")},
    {"heartbeat-timeout", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Heartbeat timeout:")},
    {"handshake-timeout", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Handshake timeout:")},
    {"drain-timeout", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Drain time on stop:")},
    {"event-log-capacity", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Connection events kept:")},
    {"message-history", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Messages kept per client:")},
    {"max-inbound-buffer-bytes", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Unfinished messages, all clients:")},
    {"max-outbound-buffer-bytes", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Send queues, all clients:")},
    {"min-receive-rate", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Least pace of a message:")},
    {"sse-retry", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Event stream reconnect wait:")},
    {"sse-replay", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Events kept for replay:")},
    // Not numeric: for the messages that name them and the list of fields changed (serverFields).
    {"listen", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Listen address:")},
    {"port", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Port:")},
    {"path", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Path:")},
    {"sse-path", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Event stream path:")},
    {"mode", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Messages:")},
    {"allowed-origin", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Allowed origins:")},
    {"token", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Token:")},
    {"token-file", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Token file:")},
    {"log-csv", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Connection log:")},
    {"tls-cert", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "TLS certificate:")},
    {"tls-key", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "TLS private key:")},
    {"identity", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Identify clients by:")},
    {"identity-name", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Parameter or header name:")},
    {"jwt-secret-file", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "JWT secret file:")},
    {"jwt-public-key", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "JWT public key:")},
    {"jwt-issuer", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "JWT issuer:")},
    {"jwt-audience", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "JWT audience:")},
};

// A label without its colon, for naming the field in a sentence.
QString bareLabel(const char *label)
{
    QString text = QCoreApplication::translate("wsm::SettingsDialog", label).trimmed();
    if (text.endsWith(QLatin1Char(':')) || text.endsWith(QChar(0xFF1A))) // ASCII or full-width colon
        text.chop(1);
    return text;
}

// The field's label for an option name, or the name where the table has none.
QString fieldLabel(const QString &name)
{
    const char *label = settingsdialog::optionLabel(name);
    return label ? bareLabel(label) : name;
}

// ServerConfig::validate() names the command line's options ("--heartbeat-timeout"); in the dialog
// the person reads the field's label instead.
QString withFieldLabels(QString text)
{
    for (const OptionLabel &entry : optionLabels) {
        const QRegularExpression option(
            QStringLiteral("--%1(?![\\w-])").arg(QRegularExpression::escape(QLatin1String(entry.name))));
        text.replace(option, bareLabel(entry.label));
    }
    return text;
}

// The server fields the dialog shows that are not numeric options, by their option name: what
// changed, and what to save, go field by field.
struct ServerField
{
    const char *name;
    bool (*same)(const ServerConfig &, const ServerConfig &);
    void (*copy)(ServerConfig &, const ServerConfig &);
};

#define WSM_SERVER_FIELD(name, member)                                                                      \
    ServerField                                                                                             \
    {                                                                                                       \
        name, [](const ServerConfig &a, const ServerConfig &b) { return a.member == b.member; },             \
            [](ServerConfig &to, const ServerConfig &from) { to.member = from.member; }                     \
    }

const ServerField serverFields[] = {
    WSM_SERVER_FIELD("listen", listenAddress),
    WSM_SERVER_FIELD("port", port),
    WSM_SERVER_FIELD("path", path),
    WSM_SERVER_FIELD("sse-path", ssePath),
    WSM_SERVER_FIELD("mode", mode),
    WSM_SERVER_FIELD("allowed-origin", allowedOrigins),
    WSM_SERVER_FIELD("token", token),
    WSM_SERVER_FIELD("token-file", tokenFile),
    WSM_SERVER_FIELD("log-csv", logCsvPath),
    WSM_SERVER_FIELD("tls-cert", tlsCertificatePath),
    WSM_SERVER_FIELD("tls-key", tlsKeyPath),
    WSM_SERVER_FIELD("identity", identity.source),
    WSM_SERVER_FIELD("identity-name", identity.parameterName),
    WSM_SERVER_FIELD("jwt-secret-file", identity.jwtSecretFile),
    WSM_SERVER_FIELD("jwt-public-key", identity.jwtPublicKeyFile),
    WSM_SERVER_FIELD("jwt-issuer", identity.jwtIssuer),
    WSM_SERVER_FIELD("jwt-audience", identity.jwtAudience),
};

#undef WSM_SERVER_FIELD

// The labels of the fields that differ between a and b; with `apply`, each such field is also
// copied from b into *apply.
QStringList differingFields(const ServerConfig &a, const ServerConfig &b, ServerConfig *apply = nullptr)
{
    QStringList labels;
    for (const ServerField &field : serverFields) {
        if (field.same(a, b))
            continue;
        labels.append(fieldLabel(QLatin1String(field.name)));
        if (apply)
            field.copy(*apply, b);
    }
    for (const NumericOption &option : numericOptions()) {
        double valueA = 0;
        double valueB = 0;
        numericOptionValue(a, option.name, &valueA);
        numericOptionValue(b, option.name, &valueB);
        if (valueA == valueB)
            continue;
        labels.append(fieldLabel(option.name));
        if (apply)
            setNumericOption(apply, option.name, valueB);
    }
    return labels;
}

// One line per entry, blank lines and surrounding spaces dropped.
QStringList nonEmptyLines(const QString &text)
{
    QStringList lines;
    const QStringList all = text.split(QLatin1Char('\n'));
    for (const QString &line : all) {
        if (!line.trimmed().isEmpty())
            lines.append(line.trimmed());
    }
    return lines;
}

} // namespace

const char *settingsdialog::optionLabel(const QString &name)
{
    for (const OptionLabel &entry : optionLabels) {
        if (name == QLatin1String(entry.name))
            return entry.label;
    }
    return nullptr;
}

SettingsDialog::SettingsDialog(const ServerConfig &config, const ConsoleSettings &console, QWidget *parent)
    : QDialog(parent)
    , m_base(config)
{
    setWindowTitle(tr("Settings"));

    auto *tabs = new QTabWidget;
    tabs->addTab(createServerPage(config), tr("Server"));
    tabs->addTab(createNumericPage(config, false), tr("Limits"));
    tabs->addTab(createNumericPage(config, true), tr("Heartbeat"));
    tabs->addTab(createIdentityPage(config), tr("Identity"));
    tabs->addTab(createConsolePage(console), tr("Console"));

    m_restartNote = new QLabel;
    m_restartNote->setObjectName(QStringLiteral("restartNote"));
    m_restartNote->setWordWrap(true);
    m_restartNote->hide();

    m_validationError = new QLabel;
    m_validationError->setObjectName(QStringLiteral("validationError"));
    m_validationError->setTextFormat(Qt::PlainText); // it quotes what was typed
    m_validationError->setWordWrap(true);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(m_restartNote);
    layout->addWidget(m_validationError);
    layout->addWidget(m_buttons);
    // Enter accepts from any field; set once OK is inside the dialog, or the dialog never learns it.
    m_buttons->button(QDialogButtonBox::Ok)->setDefault(true);

    // Connected only now that every field exists: the check reads them all. The other fields
    // (mode, log file, the console's spin boxes) cannot hold a wrong value.
    for (QLineEdit *lineEdit : {m_listen, m_path, m_ssePath, m_token, m_tokenFile, m_tlsCert, m_tlsKey, m_kickReason})
        connect(lineEdit, &QLineEdit::textChanged, this, &SettingsDialog::updateValidation);
    connect(m_port, &QSpinBox::valueChanged, this, &SettingsDialog::updateValidation);
    for (QLineEdit *lineEdit : identityLineEdits())
        connect(lineEdit, &QLineEdit::textChanged, this, &SettingsDialog::updateValidation);
    connect(m_identitySource, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateValidation);
    for (const NumericField &field : std::as_const(m_numericFields))
        connect(field.spinBox, &QDoubleSpinBox::valueChanged, this, &SettingsDialog::updateValidation);
    connect(m_allowedOrigins, &QPlainTextEdit::textChanged, this, &SettingsDialog::updateValidation);
    connect(m_logCsv, &QLineEdit::textChanged, this, &SettingsDialog::updateValidation);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateValidation);

    updateValidation();
}

ServerConfig SettingsDialog::serverConfig() const
{
    ServerConfig config = m_base;
    QHostAddress address;
    if (parseListenAddress(m_listen->text(), &address))
        config.listenAddress = address;
    config.port = quint16(m_port->value());
    config.path = m_path->text().trimmed();
    config.ssePath = m_ssePath->text().trimmed();
    config.mode = MessageMode(m_mode->currentData().toInt());
    config.allowedOrigins = nonEmptyLines(m_allowedOrigins->toPlainText());
    config.token = m_token->text().trimmed();
    config.tokenFile = m_tokenFile->text().trimmed();
    config.logCsvPath = m_logCsv->text().trimmed();
    config.tlsCertificatePath = m_tlsCert->text().trimmed();
    config.tlsKeyPath = m_tlsKey->text().trimmed();
    readIdentityFields(&config.identity);
    for (const NumericField &field : m_numericFields)
        setNumericOption(&config, field.name, field.spinBox->value());
    return config;
}

ConsoleSettings SettingsDialog::consoleSettings() const
{
    ConsoleSettings console;
    console.kickSpreadMs = m_kickSpread->value();
    console.chartWindowSeconds = m_chartWindow->value();
    console.banMinutes = m_banMinutes->value();
    console.kickCloseCode = m_kickCloseCode->value();
    console.kickReason = m_kickReason->text().trimmed();
    console.askBeforeClosingClients = m_askBeforeClosing->isChecked();
    return console;
}

void SettingsDialog::setServerRunning(bool running)
{
    m_serverRunning = running;
    updateValidation();
}

QStringList SettingsDialog::changedServerFields() const
{
    return differingFields(m_base, serverConfig());
}

ServerConfig SettingsDialog::withChangesOnly(const ServerConfig &saved, const ServerConfig &shown,
                                             const ServerConfig &edited)
{
    ServerConfig result = saved;
    differingFields(shown, edited, &result);
    return result;
}

void SettingsDialog::browseLogFile()
{
    // The log is appended to, so choosing an existing file is the normal case, not one to warn about.
    const QString fileName = QFileDialog::getSaveFileName(this, tr("Connection Log File"), m_logCsv->text(),
                                                          tr("CSV files (*.csv);;All files (*)"), nullptr,
                                                          QFileDialog::DontConfirmOverwrite);
    if (!fileName.isEmpty())
        m_logCsv->setText(fileName);
}

void SettingsDialog::browseForFile(QLineEdit *field, const QString &title, const QString &filter)
{
    const QString fileName = QFileDialog::getOpenFileName(this, title, field->text(), filter);
    if (!fileName.isEmpty())
        field->setText(fileName);
}

QStringList SettingsDialog::validationErrors() const
{
    QStringList errors;
    if (!parseListenAddress(m_listen->text(), nullptr)) {
        errors.append(tr("The listen address must be an IP address such as 127.0.0.1, 0.0.0.0 or ::1, or "
                         "localhost; got '%1'.").arg(m_listen->text()));
    }
    if (m_port->value() > 65535)
        errors.append(tr("Port must be between 0 and 65535; got %1.").arg(m_port->value()));
    const QString serverErrors = withFieldLabels(serverConfig().validate());
    if (!serverErrors.isEmpty())
        errors.append(serverErrors.split(QLatin1Char('\n')));
    if (!fitsKickReason(m_kickReason->text().trimmed())) {
        errors.append(tr("The kick reason must fit in %1 bytes of UTF-8; shorten it.")
                          .arg(ConsoleSettings::MaxKickReasonBytes));
    }
    return errors;
}

void SettingsDialog::updateValidation()
{
    const QStringList errors = validationErrors();
    m_validationError->setText(errors.join(QLatin1Char('\n')));
    m_validationError->setVisible(!errors.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(errors.isEmpty());

    // A running server keeps the options it started with: say which of the changes wait for a start.
    const QStringList changed = m_serverRunning ? changedServerFields() : QStringList();
    m_restartNote->setText(tr("The server is running: %1 will apply at the next start.")
                               .arg(QLocale().createSeparatedList(changed)));
    m_restartNote->setVisible(!changed.isEmpty());
}

} // namespace wsm
