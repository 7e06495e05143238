#include "settingsdialog.h"

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
    // Not numeric: for the messages that name them and the list of fields changed (serverFields).
    {"listen", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Listen address:")},
    {"port", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Port:")},
    {"path", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Path:")},
    {"mode", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Messages:")},
    {"allowed-origin", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Allowed origins:")},
    {"token", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Token:")},
    {"token-file", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Token file:")},
    {"log-csv", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "Connection log:")},
    {"tls-cert", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "TLS certificate:")},
    {"tls-key", QT_TRANSLATE_NOOP("wsm::SettingsDialog", "TLS private key:")},
};

const char *optionLabel(const QString &name)
{
    for (const OptionLabel &entry : optionLabels) {
        if (name == QLatin1String(entry.name))
            return entry.label;
    }
    return nullptr;
}

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
    const char *label = optionLabel(name);
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
    WSM_SERVER_FIELD("mode", mode),
    WSM_SERVER_FIELD("allowed-origin", allowedOrigins),
    WSM_SERVER_FIELD("token", token),
    WSM_SERVER_FIELD("token-file", tokenFile),
    WSM_SERVER_FIELD("log-csv", logCsvPath),
    WSM_SERVER_FIELD("tls-cert", tlsCertificatePath),
    WSM_SERVER_FIELD("tls-key", tlsKeyPath),
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

QString localeNumber(double value)
{
    return QLocale().toString(value, 'f', QLocale::FloatingPointShortest);
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

QSpinBox *createSpinBox(const QString &objectName, int minimum, int maximum, int value, const QString &unit)
{
    auto *spinBox = new QSpinBox;
    spinBox->setObjectName(objectName);
    spinBox->setRange(minimum, maximum);
    spinBox->setValue(value);
    if (!unit.isEmpty())
        spinBox->setSuffix(QLatin1Char(' ') + unit);
    return spinBox;
}

} // namespace

SettingsDialog::SettingsDialog(const ServerConfig &config, const ConsoleSettings &console, QWidget *parent)
    : QDialog(parent)
    , m_base(config)
{
    setWindowTitle(tr("Settings"));

    auto *tabs = new QTabWidget;
    tabs->addTab(createServerPage(config), tr("Server"));
    tabs->addTab(createNumericPage(config, false), tr("Limits"));
    tabs->addTab(createNumericPage(config, true), tr("Heartbeat"));
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
    for (QLineEdit *lineEdit : {m_listen, m_path, m_token, m_tokenFile, m_tlsCert, m_tlsKey, m_kickReason})
        connect(lineEdit, &QLineEdit::textChanged, this, &SettingsDialog::updateValidation);
    connect(m_port, &QSpinBox::valueChanged, this, &SettingsDialog::updateValidation);
    for (const NumericField &field : std::as_const(m_numericFields))
        connect(field.spinBox, &QDoubleSpinBox::valueChanged, this, &SettingsDialog::updateValidation);
    connect(m_allowedOrigins, &QPlainTextEdit::textChanged, this, &SettingsDialog::updateValidation);
    connect(m_logCsv, &QLineEdit::textChanged, this, &SettingsDialog::updateValidation);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateValidation);

    updateValidation();
}

QWidget *SettingsDialog::createServerPage(const ServerConfig &config)
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);

    m_listen = new QLineEdit(config.listenAddress.toString());
    m_listen->setObjectName(QStringLiteral("listen"));
    m_listen->setToolTip(tr("The address to accept clients on: 127.0.0.1 for this machine only, 0.0.0.0 for "
                            "every IPv4 interface, :: for every interface, or localhost."));
    form->addRow(tr("Listen address:"), m_listen);

    // Wider than a port can be, so 70000 stays as typed and the message says why, instead of the
    // box dropping the last digit without a word.
    m_port = createSpinBox(QStringLiteral("port"), 0, 999999, config.port, QString());
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setToolTip(tr("The TCP port to listen on. Allowed: 0 to 65535; 0 picks any free port."));
    form->addRow(tr("Port:"), m_port);

    m_path = new QLineEdit(config.path);
    m_path->setObjectName(QStringLiteral("path"));
    m_path->setToolTip(tr("The WebSocket endpoint clients connect to; it starts with '/'."));
    form->addRow(tr("Path:"), m_path);

    m_mode = new QComboBox;
    m_mode->setObjectName(QStringLiteral("mode"));
    m_mode->addItem(tr("Echo: each message goes back to its sender"), int(MessageMode::Echo));
    m_mode->addItem(tr("Broadcast: each message goes to every other client"), int(MessageMode::Broadcast));
    m_mode->addItem(tr("Sink: messages are counted, not answered"), int(MessageMode::Sink));
    m_mode->setCurrentIndex(m_mode->findData(int(config.mode)));
    form->addRow(tr("Messages:"), m_mode);

    m_allowedOrigins = new QPlainTextEdit(config.allowedOrigins.join(QLatin1Char('\n')));
    m_allowedOrigins->setObjectName(QStringLiteral("allowedOrigins"));
    m_allowedOrigins->setPlaceholderText(tr("One origin per line, e.g. https://example.com. Empty: every origin."));
    m_allowedOrigins->setTabChangesFocus(true);
    m_allowedOrigins->setToolTip(tr("Clients whose Origin header is not listed are refused (HTTP 403)."));
    form->addRow(tr("Allowed origins:"), m_allowedOrigins);

    m_token = new QLineEdit(config.token);
    m_token->setObjectName(QStringLiteral("token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("No token needed"));
    m_token->setToolTip(tr("Clients must send \"Authorization: Bearer TOKEN\" or connect to PATH?token=TOKEN.\n"
                           "Typed here it holds for this run only: a token is never saved in plain text. "
                           "For one that lasts, use a token file."));
    auto *showToken = new QCheckBox(tr("Show"));
    connect(showToken, &QCheckBox::toggled, m_token,
            [this](bool shown) { m_token->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password); });
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token);
    tokenRow->addWidget(showToken);
    form->addRow(tr("Token:"), tokenRow);

    m_logCsv = new QLineEdit(config.logCsvPath);
    m_logCsv->setObjectName(QStringLiteral("logCsv"));
    m_logCsv->setPlaceholderText(tr("No connection log file"));
    m_logCsv->setToolTip(tr("Every connection event is appended to this CSV file as it happens."));
    auto *browse = new QPushButton(tr("Browse…"));
    browse->setAutoDefault(false);
    connect(browse, &QPushButton::clicked, this, &SettingsDialog::browseLogFile);
    auto *logRow = new QHBoxLayout;
    logRow->addWidget(m_logCsv);
    logRow->addWidget(browse);
    form->addRow(tr("Connection log:"), logRow);

    const auto fileRow = [this, form](QLineEdit *field, const QString &label, const QString &title,
                                      const QString &filter) {
        auto *browseFile = new QPushButton(tr("Browse…"));
        browseFile->setAutoDefault(false);
        connect(browseFile, &QPushButton::clicked, this,
                [this, field, title, filter] { browseForFile(field, title, filter); });
        auto *row = new QHBoxLayout;
        row->addWidget(field);
        row->addWidget(browseFile);
        form->addRow(label, row);
    };
    // The path is saved, never the token: the file is read at each start (--token-file).
    m_tokenFile = new QLineEdit(config.tokenFile);
    m_tokenFile->setObjectName(QStringLiteral("tokenFile"));
    m_tokenFile->setPlaceholderText(tr("No token file"));
    m_tokenFile->setToolTip(tr("Clients must present the token this file holds (read at each start; a final "
                               "newline is not part of it).\nCommand line: --token-file"));
    fileRow(m_tokenFile, tr("Token file:"), tr("Token File"), tr("All files (*)"));

    // wss://: a certificate and its key, both or neither (validate() says so as they are typed).
    const QString pemFiles = tr("PEM files (*.pem *.crt *.key);;All files (*)");
    m_tlsCert = new QLineEdit(config.tlsCertificatePath);
    m_tlsCert->setObjectName(QStringLiteral("tlsCert"));
    m_tlsCert->setPlaceholderText(tr("None: plain ws://"));
    m_tlsCert->setToolTip(tr("Serve wss:// (TLS) with this certificate (PEM, optionally followed by its chain). "
                             "Needs the key below.\nCommand line: --tls-cert"));
    fileRow(m_tlsCert, tr("TLS certificate:"), tr("TLS Certificate"), pemFiles);
    m_tlsKey = new QLineEdit(config.tlsKeyPath);
    m_tlsKey->setObjectName(QStringLiteral("tlsKey"));
    m_tlsKey->setPlaceholderText(tr("None: plain ws://"));
    m_tlsKey->setToolTip(tr("The certificate's unencrypted private key (RSA or EC, PEM).\nCommand line: --tls-key"));
    fileRow(m_tlsKey, tr("TLS private key:"), tr("TLS Private Key"), pemFiles);

    return page;
}

QWidget *SettingsDialog::createNumericPage(const ServerConfig &config, bool heartbeat)
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);

    const QList<NumericOption> options = numericOptions();
    for (const NumericOption &option : options) {
        // The heartbeat pair has a page of its own: the rule that ties them shows there.
        if (option.name.startsWith(QLatin1String("heartbeat-")) != heartbeat)
            continue;

        auto *spinBox = new QDoubleSpinBox;
        spinBox->setObjectName(option.name);
        spinBox->setDecimals(option.integer ? 0 : 3); // milliseconds: the finest unit a duration has
        spinBox->setRange(option.minimum, option.maximum);
        spinBox->setGroupSeparatorShown(option.integer);
        spinBox->setSuffix(QLatin1Char(' ') + option.unit);
        if (option.minimum == 0 && !option.zeroMeans.isEmpty())
            spinBox->setSpecialValueText(option.zeroMeans);
        double value = 0;
        numericOptionValue(config, option.name, &value);
        spinBox->setValue(value);

        const QString allowed = option.zeroMeans.isEmpty()
            ? tr("Allowed: %1 to %2 %3.").arg(localeNumber(option.minimum), localeNumber(option.maximum), option.unit)
            : tr("Allowed: %1 to %2 %3; 0 means %4.")
                  .arg(localeNumber(option.minimum), localeNumber(option.maximum), option.unit, option.zeroMeans);
        spinBox->setToolTip(QStringList{option.purpose, allowed, tr("Command line: --%1").arg(option.name)}
                                .join(QLatin1Char('\n')));

        const char *label = optionLabel(option.name);
        form->addRow(label ? tr(label) : option.name, spinBox);
        m_numericFields.append({option.name, spinBox});
    }
    return page;
}

QWidget *SettingsDialog::createConsolePage(const ConsoleSettings &console)
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);

    m_kickSpread = createSpinBox(QStringLiteral("kickSpreadMs"), ConsoleSettings::MinKickSpreadMs,
                                 ConsoleSettings::MaxKickSpreadMs, console.kickSpreadMs, tr("ms"));
    m_kickSpread->setSingleStep(100);
    m_kickSpread->setSpecialValueText(tr("all at once"));
    m_kickSpread->setToolTip(tr("Kicking many clients spreads the closes over this time, so that their "
                                "reconnects do not arrive all at once."));
    form->addRow(tr("Spread kicks over:"), m_kickSpread);

    m_kickCloseCode = createSpinBox(QStringLiteral("kickCloseCode"), ConsoleSettings::MinKickCloseCode,
                                    ConsoleSettings::MaxKickCloseCode, console.kickCloseCode, QString());
    m_kickCloseCode->setToolTip(tr("The close code a kicked client sees. Allowed: 4000 to 4999."));
    form->addRow(tr("Kick close code:"), m_kickCloseCode);

    m_kickReason = new QLineEdit(console.kickReason);
    m_kickReason->setObjectName(QStringLiteral("kickReason"));
    m_kickReason->setPlaceholderText(defaultKickReason());
    m_kickReason->setToolTip(tr("The reason a kicked client sees, at most %1 bytes of UTF-8. Empty: the text shown "
                                "in grey.").arg(ConsoleSettings::MaxKickReasonBytes));
    form->addRow(tr("Kick reason:"), m_kickReason);

    m_banMinutes = createSpinBox(QStringLiteral("banMinutes"), ConsoleSettings::MinBanMinutes,
                                 ConsoleSettings::MaxBanMinutes, console.banMinutes, tr("minutes"));
    m_banMinutes->setToolTip(tr("How long \"Kick and ban\" bans an address unless you change it. Allowed: 1 to "
                                "10080 minutes (a week)."));
    form->addRow(tr("Ban duration:"), m_banMinutes);

    m_chartWindow = createSpinBox(QStringLiteral("chartWindowSeconds"), ConsoleSettings::MinChartWindowSeconds,
                                  ConsoleSettings::MaxChartWindowSeconds, console.chartWindowSeconds, tr("seconds"));
    m_chartWindow->setToolTip(tr("How much recent time the charts show. Allowed: 10 to 3600 seconds."));
    form->addRow(tr("Chart time span:"), m_chartWindow);

    m_askBeforeClosing = new QCheckBox(tr("Ask before Stop, Quit or closing the window drops connected clients"));
    m_askBeforeClosing->setObjectName(QStringLiteral("askBeforeClosingClients"));
    m_askBeforeClosing->setChecked(console.askBeforeClosingClients);
    form->addRow(m_askBeforeClosing);

    return page;
}

ServerConfig SettingsDialog::serverConfig() const
{
    ServerConfig config = m_base;
    QHostAddress address;
    if (parseListenAddress(m_listen->text(), &address))
        config.listenAddress = address;
    config.port = quint16(m_port->value());
    config.path = m_path->text().trimmed();
    config.mode = MessageMode(m_mode->currentData().toInt());
    config.allowedOrigins = nonEmptyLines(m_allowedOrigins->toPlainText());
    config.token = m_token->text().trimmed();
    config.tokenFile = m_tokenFile->text().trimmed();
    config.logCsvPath = m_logCsv->text().trimmed();
    config.tlsCertificatePath = m_tlsCert->text().trimmed();
    config.tlsKeyPath = m_tlsKey->text().trimmed();
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
