// SettingsDialog, part: its pages (Server, Limits, Heartbeat, Console) and their fields.

#include "settingsdialog.h"

#include "settingsdialog_p.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace wsm {

namespace {

QString localeNumber(double value)
{
    return QLocale().toString(value, 'f', QLocale::FloatingPointShortest);
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

    m_ssePath = new QLineEdit(config.ssePath);
    m_ssePath->setObjectName(QStringLiteral("ssePath"));
    m_ssePath->setPlaceholderText(tr("off"));
    m_ssePath->setToolTip(tr("The Server-Sent Events endpoint on the same port: a browser's EventSource reads "
                             "the event stream there. It starts with '/'; empty turns it off."));
    form->addRow(tr("Event stream path:"), m_ssePath);

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

        const char *label = settingsdialog::optionLabel(option.name);
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

} // namespace wsm
