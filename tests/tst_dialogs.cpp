#include "bansdialog.h"
#include "consolesettings.h"
#include "kickdialog.h"
#include "settingsdialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTreeView>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace wsm;

namespace {

constexpr int WaitMs = 15000;

// The fields of ServerConfig that are saved, by a name the tests use: the numeric options by their
// command-line name, the others by their settings key.
QStringList savedFields()
{
    QStringList fields{QStringLiteral("listen"), QStringLiteral("port"),          QStringLiteral("path"),
                       QStringLiteral("mode"),   QStringLiteral("allowedOrigins"), QStringLiteral("tokenFile"),
                       QStringLiteral("logCsv"), QStringLiteral("tlsCert"),       QStringLiteral("tlsKey")};
    for (const NumericOption &option : numericOptions())
        fields.append(option.name);
    return fields;
}

QVariant fieldValue(const ServerConfig &config, const QString &field)
{
    if (field == QLatin1String("listen"))
        return config.listenAddress.toString();
    if (field == QLatin1String("port"))
        return int(config.port);
    if (field == QLatin1String("path"))
        return config.path;
    if (field == QLatin1String("ssePath"))
        return config.ssePath;
    if (field == QLatin1String("mode"))
        return ServerConfig::modeId(config.mode);
    if (field == QLatin1String("allowedOrigins"))
        return config.allowedOrigins;
    if (field == QLatin1String("token"))
        return config.token;
    if (field == QLatin1String("tokenFile"))
        return config.tokenFile;
    if (field == QLatin1String("logCsv"))
        return config.logCsvPath;
    if (field == QLatin1String("tlsCert"))
        return config.tlsCertificatePath;
    if (field == QLatin1String("tlsKey"))
        return config.tlsKeyPath;
    double value = 0;
    if (numericOptionValue(config, field, &value))
        return value;
    return {};
}

void setField(ServerConfig *config, const QString &field, const QVariant &value)
{
    if (field == QLatin1String("listen"))
        config->listenAddress = QHostAddress(value.toString());
    else if (field == QLatin1String("port"))
        config->port = quint16(value.toInt());
    else if (field == QLatin1String("path"))
        config->path = value.toString();
    else if (field == QLatin1String("ssePath"))
        config->ssePath = value.toString();
    else if (field == QLatin1String("mode"))
        ServerConfig::parseMode(value.toString(), &config->mode);
    else if (field == QLatin1String("allowedOrigins"))
        config->allowedOrigins = value.toStringList();
    else if (field == QLatin1String("token"))
        config->token = value.toString();
    else if (field == QLatin1String("tokenFile"))
        config->tokenFile = value.toString();
    else if (field == QLatin1String("logCsv"))
        config->logCsvPath = value.toString();
    else if (field == QLatin1String("tlsCert"))
        config->tlsCertificatePath = value.toString();
    else if (field == QLatin1String("tlsKey"))
        config->tlsKeyPath = value.toString();
    else
        QVERIFY2(setNumericOption(config, field, value.toDouble()), qPrintable(field));
}

QString describe(const QVariant &value)
{
    return value.typeId() == QMetaType::QStringList ? value.toStringList().join(QLatin1Char('|')) : value.toString();
}

// Every saved field at once, so a comparison failure names the field.
void compareConfigs(const ServerConfig &actual, const ServerConfig &expected)
{
    for (const QString &field : savedFields()) {
        const QVariant a = fieldValue(actual, field);
        const QVariant e = fieldValue(expected, field);
        QVERIFY2(a == e, qPrintable(QStringLiteral("%1: got %2, expected %3").arg(field, describe(a), describe(e))));
    }
}

void compareConsole(const ConsoleSettings &actual, const ConsoleSettings &expected)
{
    QCOMPARE(actual.kickSpreadMs, expected.kickSpreadMs);
    QCOMPARE(actual.chartWindowSeconds, expected.chartWindowSeconds);
    QCOMPARE(actual.banMinutes, expected.banMinutes);
    QCOMPARE(actual.kickCloseCode, expected.kickCloseCode);
    QCOMPARE(actual.kickReason, expected.kickReason);
    QCOMPARE(actual.askBeforeClosingClients, expected.askBeforeClosingClients);
}

// A fallback that differs from the defaults in every field, so falling back to it is seen.
ServerConfig unusualFallback()
{
    ServerConfig config;
    config.listenAddress = QHostAddress(QStringLiteral("192.0.2.1"));
    config.port = 9000;
    config.path = QStringLiteral("/fallback");
    config.mode = MessageMode::Broadcast;
    config.allowedOrigins = {QStringLiteral("https://fallback.example")};
    config.token = QStringLiteral("fallback-token");
    config.logCsvPath = QStringLiteral("/var/log/fallback.csv");
    config.tlsCertificatePath = QStringLiteral("/etc/fallback/cert.pem");
    config.tlsKeyPath = QStringLiteral("/etc/fallback/key.pem");
    config.maxConnections = 77;
    config.maxMessageBytes = 4096;
    config.rateLimit = 5;
    config.maxSendQueueBytes = 65536;
    config.heartbeatIntervalMs = 20000;
    config.heartbeatTimeoutMs = 60000;
    config.handshakeTimeoutMs = 3000;
    config.drainTimeoutMs = 1500;
    config.eventLogCapacity = 500;
    config.messageHistory = 7;
    return config;
}

// Replaces a field's text the way a person does: select it all, type over it.
void typeInto(QWidget *parent, const QString &objectName, const QString &text)
{
    QWidget *widget = parent->findChild<QWidget *>(objectName);
    QVERIFY2(widget, qPrintable(objectName));
    if (auto *lineEdit = qobject_cast<QLineEdit *>(widget)) {
        lineEdit->selectAll();
        if (text.isEmpty())
            QTest::keyClick(lineEdit, Qt::Key_Delete);
        else if (std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 128; }))
            QTest::keyClicks(lineEdit, text);
        else
            lineEdit->insert(text); // QTest::keyClicks types Latin-1 only
    } else if (auto *spinBox = qobject_cast<QAbstractSpinBox *>(widget)) {
        spinBox->selectAll(); // the number, not the suffix
        QTest::keyClicks(spinBox, text);
    } else if (auto *plainText = qobject_cast<QPlainTextEdit *>(widget)) {
        plainText->setPlainText(text);
    } else {
        QFAIL(qPrintable(QStringLiteral("cannot type into %1").arg(objectName)));
    }
}

// Moves the focus to a field as a person does: a click on it, after a click on its tab if the
// field is on a page that is not showing.
void clickInto(QWidget *parent, const QString &objectName)
{
    auto *field = parent->findChild<QWidget *>(objectName);
    QVERIFY2(field, qPrintable(objectName));
    if (auto *tabs = parent->findChild<QTabWidget *>()) {
        for (int i = 0; i < tabs->count(); ++i) {
            if (tabs->widget(i)->isAncestorOf(field) && tabs->currentIndex() != i)
                QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(i).center());
        }
    }
    QVERIFY2(field->isVisible(), qPrintable(objectName));
    // A spin box takes the focus in its line edit, which is where the click lands.
    QWidget *target = field;
    if (auto *spinBox = qobject_cast<QAbstractSpinBox *>(field))
        target = spinBox->findChild<QLineEdit *>();
    QTest::mouseClick(target, Qt::LeftButton, {}, QPoint(4, target->height() / 2));
    QTRY_VERIFY2(field->hasFocus() || field->isAncestorOf(QApplication::focusWidget()), qPrintable(objectName));
}

// Types over what the focused field holds, as a person does: select all, type.
void typeIntoFocused(const QString &text)
{
    QWidget *focused = QApplication::focusWidget();
    QVERIFY(focused);
    QTest::keyClick(focused, Qt::Key_A, Qt::ControlModifier);
    if (text.isEmpty())
        QTest::keyClick(focused, Qt::Key_Delete);
    else
        QTest::keyClicks(focused, text);
}

QPushButton *okButton(QDialog *dialog)
{
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    return buttons ? buttons->button(QDialogButtonBox::Ok) : nullptr;
}

Ban makeBan(const QString &target, qint64 createdAt, qint64 expiresAt, const QString &reason = QString())
{
    Ban ban;
    ban.target = target;
    ban.createdAt = createdAt;
    ban.expiresAt = expiresAt;
    ban.reason = reason;
    return ban;
}

constexpr qint64 Now = 1800000000000; // a fixed "now": the dialog never reads a clock

} // namespace

class tst_Dialogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void serverConfigRoundTrip_data();
    void serverConfigRoundTrip();
    void everyNumericOptionRoundTrips();
    void tokenIsNeverSavedInPlainText();
    void emptySettingsGiveFallback();
    void tlsPairRoundTripsAndHalfAPairFallsBack();
    void corruptServerValueFallsBack_data();
    void corruptServerValueFallsBack();
    void heartbeatPairFallsBackTogether();
    void heartbeatPairLoadsWhateverOrderItIsRead();
    void consoleSettingsRoundTrip_data();
    void consoleSettingsRoundTrip();
    void corruptConsoleValueFallsBack_data();
    void corruptConsoleValueFallsBack();

    void settingsDialogShowsAndReturnsConfig();
    void settingsDialogFieldsFollowOptionTable();
    void settingsDialogReturnsWhatWasTyped();
    void settingsDialogInvalidInputDisablesOk_data();
    void settingsDialogInvalidInputDisablesOk();
    void settingsDialogRestartNote();
    void settingsSaveOnlyWhatWasChanged();
    void settingsDialogTlsFieldsFeedTheConfig();
    void settingsDialogAcceptsEnterAfterEdit_data();
    void settingsDialogAcceptsEnterAfterEdit();
    void settingsDialogEscapeCancels();
    void settingsDialogAcceptsEnterInTheModeList();
    void settingsDialogRefusesPortOverRange();

    void kickDialogDefaults();
    void kickDialogUsesConsoleDefaults();
    void kickDialogAcceptsWithEnter();
    void kickDialogConfirmsMany_data();
    void kickDialogConfirmsMany();
    void kickDialogRefusesLongReason();
    void kickDialogAcceptsEnterAfterEdit_data();
    void kickDialogAcceptsEnterAfterEdit();
    void kickDialogEscapeCancelsAfterEdit();
    void kickDialogEnterWithLongReasonDoesNothing();
    void kickDialogNamesClientsSharingTheAddress();

    void bansDialogRows();
    void bansDialogTimeLeft_data();
    void bansDialogTimeLeft();
    void bansDialogKeepsSelectionByTarget();
    void bansDialogLiftBan();
    void bansDialogBanForm_data();
    void bansDialogBanForm();
    void bansDialogRefusesBadAddress();
    void bansDialogEnterBansAfterEdit_data();
    void bansDialogEnterBansAfterEdit();
    void bansDialogEnterWithBadAddressDoesNothing();
    void bansDialogEscapeCloses();
    void bansDialogNamesTheClientsABanCovers();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void tst_Dialogs::initTestCase()
{
    // Numbers as the tests type and read them, whatever the machine's locale.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_Dialogs::init()
{
    // A fresh INI file per test: never the user's settings, never state from another test.
    m_settings.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("wsmonitor.ini")), QSettings::IniFormat);
}

void tst_Dialogs::serverConfigRoundTrip_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QVariant>("value");

    QTest::newRow("listen on every IPv4 interface") << "listen" << QVariant(QStringLiteral("0.0.0.0"));
    QTest::newRow("listen on IPv6 loopback") << "listen" << QVariant(QStringLiteral("::1"));
    QTest::newRow("port") << "port" << QVariant(9101);
    QTest::newRow("port 0 picks a free one") << "port" << QVariant(0);
    QTest::newRow("path") << "path" << QVariant(QStringLiteral("/ws/live"));
    QTest::newRow("event stream path") << "ssePath" << QVariant(QStringLiteral("/feed"));
    QTest::newRow("event streams off") << "ssePath" << QVariant(QString());
    QTest::newRow("sse-retry") << "sse-retry" << QVariant(0.5);
    QTest::newRow("sse-replay") << "sse-replay" << QVariant(50.0);
    QTest::newRow("mode broadcast") << "mode" << QVariant(QStringLiteral("broadcast"));
    QTest::newRow("mode sink") << "mode" << QVariant(QStringLiteral("sink"));
    QTest::newRow("one allowed origin") << "allowedOrigins" << QVariant(QStringList{QStringLiteral("https://a.example")});
    QTest::newRow("two allowed origins")
        << "allowedOrigins" << QVariant(QStringList{QStringLiteral("https://a.example"), QStringLiteral("http://b.example:8080")});
    QTest::newRow("token file") << "tokenFile" << QVariant(QStringLiteral("/etc/wsmonitor/token"));
    QTest::newRow("CSV log with a Chinese file name") << "logCsv" << QVariant(QStringLiteral("/tmp/连接日志.csv"));
    QTest::newRow("max-connections") << "max-connections" << QVariant(250.0);
    QTest::newRow("max-message-bytes") << "max-message-bytes" << QVariant(65536.0);
    QTest::newRow("rate-limit") << "rate-limit" << QVariant(50.0);
    QTest::newRow("max-send-queue-bytes") << "max-send-queue-bytes" << QVariant(1048576.0);
    QTest::newRow("heartbeat-interval fraction") << "heartbeat-interval" << QVariant(2.5);
    QTest::newRow("heartbeat-interval off") << "heartbeat-interval" << QVariant(0.0);
    QTest::newRow("heartbeat-timeout fraction") << "heartbeat-timeout" << QVariant(45.25);
    QTest::newRow("handshake-timeout minimum") << "handshake-timeout" << QVariant(0.1);
    QTest::newRow("drain-timeout zero") << "drain-timeout" << QVariant(0.0);
    QTest::newRow("event-log-capacity") << "event-log-capacity" << QVariant(100.0);
    QTest::newRow("message-history none") << "message-history" << QVariant(0.0);
}

void tst_Dialogs::serverConfigRoundTrip()
{
    QFETCH(QString, field);
    QFETCH(QVariant, value);

    ServerConfig saved;
    setField(&saved, field, value);
    QCOMPARE(saved.validate(), QString());
    // Loaded over a fallback that differs in this field, so a value not read back shows.
    const ServerConfig fallback =
        fieldValue(saved, field) != fieldValue(unusualFallback(), field) ? unusualFallback() : ServerConfig();
    QVERIFY(fieldValue(saved, field) != fieldValue(fallback, field));

    saveServerConfig(*m_settings, saved);
    m_settings->sync();
    QCOMPARE(m_settings->status(), QSettings::NoError);

    // Read back through a second QSettings on the same file: what the next run sees.
    const QSettings reread(m_settings->fileName(), QSettings::IniFormat);
    const ServerConfig loaded = loadServerConfig(reread, fallback);
    QCOMPARE(fieldValue(loaded, field), value);
    compareConfigs(loaded, saved);
}

void tst_Dialogs::tokenIsNeverSavedInPlainText()
{
    // Typed in the dialog or given with --token: it holds for the run and is not written.
    ServerConfig saved;
    saved.token = QStringLiteral("s3cret-T0ken");
    saveServerConfig(*m_settings, saved);
    m_settings->sync();
    QFile file(m_settings->fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY2(!file.readAll().contains("s3cret-T0ken"), "the token is in the settings file");

    // A token an older version saved is still honoured, until a token file replaces it.
    m_settings->setValue(QStringLiteral("server/token"), QStringLiteral("old-T0ken"));
    QCOMPARE(loadServerConfig(*m_settings, ServerConfig()).token, QStringLiteral("old-T0ken"));
    ServerConfig withFile;
    withFile.tokenFile = QStringLiteral("/etc/wsmonitor/token");
    saveServerConfig(*m_settings, withFile);
    QVERIFY(!m_settings->contains(QStringLiteral("server/token")));
    const ServerConfig loaded = loadServerConfig(*m_settings, ServerConfig());
    QCOMPARE(loaded.token, QString());
    QCOMPARE(loaded.tokenFile, QStringLiteral("/etc/wsmonitor/token"));
}

void tst_Dialogs::everyNumericOptionRoundTrips()
{
    // Every option in the table, at both ends of its range, including any added after this test.
    for (const NumericOption &option : numericOptions()) {
        for (const double value : {option.minimum, option.maximum}) {
            ServerConfig saved;
            saved.heartbeatIntervalMs = 0; // keeps the timeout-above-interval rule out of the way
            saved.heartbeatTimeoutMs = 86400 * 1000;
            QVERIFY(setNumericOption(&saved, option.name, value));
            QVERIFY2(saved.validate().isEmpty(), qPrintable(saved.validate()));

            m_settings->clear();
            saveServerConfig(*m_settings, saved);
            const ServerConfig loaded = loadServerConfig(*m_settings, unusualFallback());
            double readBack = -1;
            QVERIFY(numericOptionValue(loaded, option.name, &readBack));
            QVERIFY2(readBack == value, qPrintable(QStringLiteral("%1: %2 read back as %3")
                                                       .arg(option.name, formatOptionNumber(value),
                                                            formatOptionNumber(readBack))));
        }
    }
}

void tst_Dialogs::tlsPairRoundTripsAndHalfAPairFallsBack()
{
    ServerConfig saved;
    saved.tlsCertificatePath = QStringLiteral("/srv/tls/证书.pem");
    saved.tlsKeyPath = QStringLiteral("/srv/tls/key.pem");
    QCOMPARE(saved.validate(), QString());
    saveServerConfig(*m_settings, saved);
    m_settings->sync();
    const QSettings reread(m_settings->fileName(), QSettings::IniFormat);
    compareConfigs(loadServerConfig(reread, unusualFallback()), saved);

    // Half a pair (edited by hand) is no pair: both come from the fallback.
    m_settings->setValue(QStringLiteral("server/tlsKey"), QString());
    const ServerConfig loaded = loadServerConfig(*m_settings, unusualFallback());
    QCOMPARE(loaded.tlsCertificatePath, unusualFallback().tlsCertificatePath);
    QCOMPARE(loaded.tlsKeyPath, unusualFallback().tlsKeyPath);
}

void tst_Dialogs::emptySettingsGiveFallback()
{
    compareConfigs(loadServerConfig(*m_settings, unusualFallback()), unusualFallback());
    compareConfigs(loadServerConfig(*m_settings), ServerConfig());
    compareConsole(loadConsoleSettings(*m_settings), ConsoleSettings());
}

void tst_Dialogs::corruptServerValueFallsBack_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("stored");

    QTest::newRow("port not a number") << "server/port" << "eighty";
    QTest::newRow("port above 65535") << "server/port" << "70000";
    QTest::newRow("port negative") << "server/port" << "-1";
    QTest::newRow("port fraction") << "server/port" << "80.5";
    QTest::newRow("listen host name") << "server/listen" << "example.com";
    QTest::newRow("listen short IPv4") << "server/listen" << "127.1";
    QTest::newRow("listen empty") << "server/listen" << "";
    QTest::newRow("path without slash") << "server/path" << "ws";
    QTest::newRow("path with query") << "server/path" << "/ws?x=1";
    QTest::newRow("mode unknown") << "server/mode" << "loud";
    QTest::newRow("token with a space") << "server/token" << "two words";
    QTest::newRow("max-connections zero") << "server/max-connections" << "0";
    QTest::newRow("max-connections fraction") << "server/max-connections" << "10.5";
    QTest::newRow("max-message-bytes above maximum") << "server/max-message-bytes" << "1073741825";
    QTest::newRow("rate-limit negative") << "server/rate-limit" << "-1";
    QTest::newRow("rate-limit words") << "server/rate-limit" << "lots";
    QTest::newRow("max-send-queue-bytes below minimum") << "server/max-send-queue-bytes" << "1023";
    QTest::newRow("heartbeat-timeout not a number") << "server/heartbeat-timeout" << "soon";
    QTest::newRow("heartbeat-timeout below minimum") << "server/heartbeat-timeout" << "0.05";
    QTest::newRow("heartbeat-interval infinite") << "server/heartbeat-interval" << "inf";
    QTest::newRow("handshake-timeout huge") << "server/handshake-timeout" << "1e300";
    QTest::newRow("drain-timeout nan") << "server/drain-timeout" << "nan";
    QTest::newRow("event-log-capacity empty") << "server/event-log-capacity" << "";
    QTest::newRow("message-history above maximum") << "server/message-history" << "10001";
}

void tst_Dialogs::corruptServerValueFallsBack()
{
    QFETCH(QString, key);
    QFETCH(QString, stored);

    m_settings->setValue(key, stored);
    const ServerConfig loaded = loadServerConfig(*m_settings, unusualFallback());
    compareConfigs(loaded, unusualFallback());
    QCOMPARE(loaded.validate(), QString());
}

void tst_Dialogs::heartbeatPairFallsBackTogether()
{
    // Each value is in range; together they break the rule, so neither is taken.
    m_settings->setValue(QStringLiteral("server/heartbeat-interval"), 60);
    m_settings->setValue(QStringLiteral("server/heartbeat-timeout"), 30);
    m_settings->setValue(QStringLiteral("server/port"), 9555);

    const ServerConfig loaded = loadServerConfig(*m_settings, unusualFallback());
    QCOMPARE(loaded.heartbeatIntervalMs, unusualFallback().heartbeatIntervalMs);
    QCOMPARE(loaded.heartbeatTimeoutMs, unusualFallback().heartbeatTimeoutMs);
    QCOMPARE(loaded.port, quint16(9555)); // the other fields still load
    QCOMPARE(loaded.validate(), QString());
}

void tst_Dialogs::heartbeatPairLoadsWhateverOrderItIsRead()
{
    // Both above the fallback's timeout (60 s): checked one by one against the fallback, the
    // interval would be refused. Together they are fine.
    m_settings->setValue(QStringLiteral("server/heartbeat-interval"), 90);
    m_settings->setValue(QStringLiteral("server/heartbeat-timeout"), 240);

    const ServerConfig loaded = loadServerConfig(*m_settings, unusualFallback());
    QCOMPARE(loaded.heartbeatIntervalMs, 90000);
    QCOMPARE(loaded.heartbeatTimeoutMs, 240000);
}

void tst_Dialogs::consoleSettingsRoundTrip_data()
{
    QTest::addColumn<int>("kickSpreadMs");
    QTest::addColumn<int>("chartWindowSeconds");
    QTest::addColumn<int>("banMinutes");
    QTest::addColumn<int>("kickCloseCode");
    QTest::addColumn<QString>("kickReason");

    QTest::newRow("defaults") << 2000 << 300 << 10 << 4000 << QString();
    QTest::newRow("kick spread off") << 0 << 300 << 10 << 4000 << QString();
    QTest::newRow("kick spread maximum") << 60000 << 300 << 10 << 4000 << QString();
    QTest::newRow("chart window minimum") << 2000 << 10 << 10 << 4000 << QString();
    QTest::newRow("chart window maximum") << 2000 << 3600 << 10 << 4000 << QString();
    QTest::newRow("ban minutes minimum") << 2000 << 300 << 1 << 4000 << QString();
    QTest::newRow("ban minutes a week") << 2000 << 300 << 10080 << 4000 << QString();
    QTest::newRow("kick close code maximum") << 2000 << 300 << 10 << 4999 << QString();
    QTest::newRow("kick reason in Chinese") << 2000 << 300 << 10 << 4000 << QStringLiteral("服务器维护中，请稍后重连。");
    QTest::newRow("kick reason with comma and quotes") << 2000 << 300 << 10 << 4000 << QStringLiteral("Bye, \"friend\"");
}

void tst_Dialogs::consoleSettingsRoundTrip()
{
    ConsoleSettings saved;
    QFETCH(int, kickSpreadMs);
    QFETCH(int, chartWindowSeconds);
    QFETCH(int, banMinutes);
    QFETCH(int, kickCloseCode);
    QFETCH(QString, kickReason);
    saved.kickSpreadMs = kickSpreadMs;
    saved.chartWindowSeconds = chartWindowSeconds;
    saved.banMinutes = banMinutes;
    saved.kickCloseCode = kickCloseCode;
    saved.kickReason = kickReason;

    saveConsoleSettings(*m_settings, saved);
    m_settings->sync();
    const QSettings reread(m_settings->fileName(), QSettings::IniFormat);
    compareConsole(loadConsoleSettings(reread), saved);
}

void tst_Dialogs::corruptConsoleValueFallsBack_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("stored");

    QTest::newRow("kick spread negative") << "console/kickSpreadMs" << "-1";
    QTest::newRow("kick spread above maximum") << "console/kickSpreadMs" << "60001";
    QTest::newRow("kick spread words") << "console/kickSpreadMs" << "slowly";
    QTest::newRow("chart window below minimum") << "console/chartWindowSeconds" << "9";
    QTest::newRow("chart window fraction") << "console/chartWindowSeconds" << "30.5";
    QTest::newRow("ban minutes zero") << "console/banMinutes" << "0";
    QTest::newRow("ban minutes above a week") << "console/banMinutes" << "10081";
    QTest::newRow("kick close code outside application range") << "console/kickCloseCode" << "1000";
    QTest::newRow("kick close code above 4999") << "console/kickCloseCode" << "5000";
    QTest::newRow("kick reason over 123 bytes") << "console/kickReason" << QString(124, QLatin1Char('x'));
    // 42 Chinese characters are 126 bytes of UTF-8: short in characters, too long for a close frame.
    QTest::newRow("kick reason over 123 bytes in Chinese") << "console/kickReason" << QString(42, QChar(0x8E22));
}

void tst_Dialogs::corruptConsoleValueFallsBack()
{
    QFETCH(QString, key);
    QFETCH(QString, stored);

    ConsoleSettings custom;
    custom.kickSpreadMs = 500;
    custom.chartWindowSeconds = 60;
    custom.banMinutes = 30;
    custom.kickCloseCode = 4100;
    custom.kickReason = QStringLiteral("Maintenance.");
    saveConsoleSettings(*m_settings, custom);
    m_settings->setValue(key, stored);

    // Only the corrupt field returns to its default.
    ConsoleSettings expected = custom;
    const ConsoleSettings defaults;
    if (key.endsWith(QLatin1String("kickSpreadMs")))
        expected.kickSpreadMs = defaults.kickSpreadMs;
    else if (key.endsWith(QLatin1String("chartWindowSeconds")))
        expected.chartWindowSeconds = defaults.chartWindowSeconds;
    else if (key.endsWith(QLatin1String("banMinutes")))
        expected.banMinutes = defaults.banMinutes;
    else if (key.endsWith(QLatin1String("kickCloseCode")))
        expected.kickCloseCode = defaults.kickCloseCode;
    else
        expected.kickReason = defaults.kickReason;
    compareConsole(loadConsoleSettings(*m_settings), expected);
}

void tst_Dialogs::settingsDialogShowsAndReturnsConfig()
{
    ServerConfig config = unusualFallback();
    config.snapshotIntervalMs = 500; // not shown by the dialog: must pass through
    config.closeGraceMs = 1234;
    ConsoleSettings console;
    console.kickSpreadMs = 700;
    console.chartWindowSeconds = 120;
    console.banMinutes = 60;
    console.kickCloseCode = 4444;
    console.kickReason = QStringLiteral("请稍后重连");

    SettingsDialog dialog(config, console);
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("listen"))->text(), QStringLiteral("192.0.2.1"));
    QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("port"))->value(), 9000);
    QCOMPARE(dialog.findChild<QDoubleSpinBox *>(QStringLiteral("heartbeat-interval"))->value(), 20.0);
    QCOMPARE(dialog.findChild<QDoubleSpinBox *>(QStringLiteral("max-connections"))->value(), 77.0);
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("token"))->echoMode(), QLineEdit::Password);
    QVERIFY(okButton(&dialog)->isEnabled());

    const ServerConfig shown = dialog.serverConfig();
    compareConfigs(shown, config);
    QCOMPARE(shown.snapshotIntervalMs, 500);
    QCOMPARE(shown.closeGraceMs, 1234);
    compareConsole(dialog.consoleSettings(), console);
}

void tst_Dialogs::settingsDialogFieldsFollowOptionTable()
{
    SettingsDialog dialog{ServerConfig(), ConsoleSettings()};
    for (const NumericOption &option : numericOptions()) {
        auto *spinBox = dialog.findChild<QDoubleSpinBox *>(option.name);
        QVERIFY2(spinBox, qPrintable(option.name));
        QCOMPARE(spinBox->minimum(), option.minimum);
        QCOMPARE(spinBox->maximum(), option.maximum);
        QCOMPARE(spinBox->decimals(), option.integer ? 0 : 3);
        QCOMPARE(spinBox->suffix().trimmed(), option.unit);
        const bool special = option.minimum == 0 && !option.zeroMeans.isEmpty();
        QCOMPARE(spinBox->specialValueText(), special ? option.zeroMeans : QString());
        QVERIFY2(spinBox->toolTip().contains(option.purpose), qPrintable(spinBox->toolTip()));
        QVERIFY2(spinBox->toolTip().contains(QLatin1String("Allowed: ")), qPrintable(spinBox->toolTip()));
    }
    const QString rateTip = dialog.findChild<QDoubleSpinBox *>(QStringLiteral("rate-limit"))->toolTip();
    QVERIFY2(rateTip.contains(QLatin1String("Allowed: 0 to 1,000,000 messages per second; 0 means no limit.")),
             qPrintable(rateTip));
}

void tst_Dialogs::settingsDialogReturnsWhatWasTyped()
{
    SettingsDialog dialog{ServerConfig(), ConsoleSettings()};
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    typeInto(&dialog, QStringLiteral("listen"), QStringLiteral("0.0.0.0"));
    typeInto(&dialog, QStringLiteral("port"), QStringLiteral("9100"));
    typeInto(&dialog, QStringLiteral("path"), QStringLiteral("/live"));
    typeInto(&dialog, QStringLiteral("allowedOrigins"),
             QStringLiteral("https://a.example\n\n  https://b.example  \n"));
    typeInto(&dialog, QStringLiteral("token"), QStringLiteral("abc123"));
    typeInto(&dialog, QStringLiteral("logCsv"), QStringLiteral("/tmp/events.csv"));
    typeInto(&dialog, QStringLiteral("max-connections"), QStringLiteral("500"));
    typeInto(&dialog, QStringLiteral("rate-limit"), QStringLiteral("20"));
    typeInto(&dialog, QStringLiteral("heartbeat-interval"), QStringLiteral("20"));
    typeInto(&dialog, QStringLiteral("heartbeat-timeout"), QStringLiteral("45.5"));
    auto *mode = dialog.findChild<QComboBox *>(QStringLiteral("mode"));
    mode->setCurrentIndex(mode->findData(int(MessageMode::Sink)));
    typeInto(&dialog, QStringLiteral("kickSpreadMs"), QStringLiteral("0"));
    typeInto(&dialog, QStringLiteral("kickCloseCode"), QStringLiteral("4321"));
    typeInto(&dialog, QStringLiteral("kickReason"), QStringLiteral("Server update."));
    typeInto(&dialog, QStringLiteral("banMinutes"), QStringLiteral("45"));
    typeInto(&dialog, QStringLiteral("chartWindowSeconds"), QStringLiteral("600"));

    QVERIFY2(okButton(&dialog)->isEnabled(),
             qPrintable(dialog.findChild<QLabel *>(QStringLiteral("validationError"))->text()));

    const ServerConfig config = dialog.serverConfig();
    QCOMPARE(config.listenAddress, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(config.port, quint16(9100));
    QCOMPARE(config.path, QStringLiteral("/live"));
    QCOMPARE(config.mode, MessageMode::Sink);
    QCOMPARE(config.allowedOrigins, (QStringList{QStringLiteral("https://a.example"), QStringLiteral("https://b.example")}));
    QCOMPARE(config.token, QStringLiteral("abc123"));
    QCOMPARE(config.logCsvPath, QStringLiteral("/tmp/events.csv"));
    QCOMPARE(config.maxConnections, 500);
    QCOMPARE(config.rateLimit, 20);
    QCOMPARE(config.heartbeatIntervalMs, 20000);
    QCOMPARE(config.heartbeatTimeoutMs, 45500);

    const ConsoleSettings console = dialog.consoleSettings();
    QCOMPARE(console.kickSpreadMs, 0);
    QCOMPARE(console.kickCloseCode, 4321);
    QCOMPARE(console.kickReason, QStringLiteral("Server update."));
    QCOMPARE(console.banMinutes, 45);
    QCOMPARE(console.chartWindowSeconds, 600);
}

void tst_Dialogs::settingsDialogInvalidInputDisablesOk_data()
{
    QTest::addColumn<QStringList>("edits"); // "objectName=text", typed in this order
    QTest::addColumn<QString>("message");   // part of the error shown

    QTest::newRow("heartbeat timeout below interval")
        << QStringList{QStringLiteral("heartbeat-interval=60"), QStringLiteral("heartbeat-timeout=30")}
        << "Heartbeat timeout (30 seconds) must be greater than Ping interval (60 seconds)";
    QTest::newRow("heartbeat timeout equal to interval")
        << QStringList{QStringLiteral("heartbeat-interval=30"), QStringLiteral("heartbeat-timeout=30")}
        << "Heartbeat timeout (30 seconds) must be greater than";
    QTest::newRow("listen address is a host name")
        << QStringList{QStringLiteral("listen=example.com")} << "The listen address must be an IP address";
    QTest::newRow("listen address empty") << QStringList{QStringLiteral("listen=")}
                                          << "The listen address must be an IP address";
    QTest::newRow("path without slash") << QStringList{QStringLiteral("path=ws")} << "Path must start with '/'";
    QTest::newRow("path with a space") << QStringList{QStringLiteral("path=/a b")}
                                       << "Path must not contain '?', '#', spaces";
    QTest::newRow("token with a space") << QStringList{QStringLiteral("token=two words")}
                                        << "Token must not contain spaces";
    QTest::newRow("TLS certificate without its key") << QStringList{QStringLiteral("tlsCert=/tmp/cert.pem")}
                                                     << "TLS certificate needs TLS private key";
    QTest::newRow("TLS key without its certificate") << QStringList{QStringLiteral("tlsKey=/tmp/key.pem")}
                                                     << "TLS private key needs TLS certificate";
    QTest::newRow("kick reason too long") << QStringList{QStringLiteral("kickReason=") + QString(124, QLatin1Char('x'))}
                                          << "The kick reason must fit in 123 bytes";
}

void tst_Dialogs::settingsDialogInvalidInputDisablesOk()
{
    QFETCH(QStringList, edits);
    QFETCH(QString, message);

    SettingsDialog dialog{ServerConfig(), ConsoleSettings()};
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("validationError"));
    QVERIFY(error);
    QVERIFY(okButton(&dialog)->isEnabled());
    QVERIFY(error->isHidden());

    for (const QString &edit : std::as_const(edits)) {
        const qsizetype equals = edit.indexOf(QLatin1Char('='));
        typeInto(&dialog, edit.left(equals), edit.mid(equals + 1));
    }

    QVERIFY(!okButton(&dialog)->isEnabled());
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(message), qPrintable(error->text()));
    // The dialog speaks its fields' labels, not the command line's options.
    QVERIFY2(!error->text().contains(QLatin1String("--")), qPrintable(error->text()));

    // Undoing the edits makes it valid again.
    const ServerConfig defaults;
    const ConsoleSettings consoleDefaults;
    for (const QString &edit : std::as_const(edits)) {
        const QString name = edit.left(edit.indexOf(QLatin1Char('=')));
        if (name == QLatin1String("kickReason"))
            typeInto(&dialog, name, consoleDefaults.kickReason);
        else if (name.startsWith(QLatin1String("heartbeat-")))
            typeInto(&dialog, name, formatOptionNumber(fieldValue(defaults, name).toDouble()));
        else
            typeInto(&dialog, name, fieldValue(defaults, name).toString());
    }
    QVERIFY2(okButton(&dialog)->isEnabled(), qPrintable(error->text()));
    QVERIFY(error->isHidden());
}

void tst_Dialogs::settingsDialogTlsFieldsFeedTheConfig()
{
    SettingsDialog dialog{ServerConfig(), ConsoleSettings()};
    typeInto(&dialog, QStringLiteral("tlsCert"), QStringLiteral("/srv/tls/cert.pem"));
    QVERIFY(!okButton(&dialog)->isEnabled()); // half a pair
    typeInto(&dialog, QStringLiteral("tlsKey"), QStringLiteral("/srv/tls/key.pem"));
    QVERIFY(okButton(&dialog)->isEnabled());
    QCOMPARE(dialog.serverConfig().tlsCertificatePath, QStringLiteral("/srv/tls/cert.pem"));
    QCOMPARE(dialog.serverConfig().tlsKeyPath, QStringLiteral("/srv/tls/key.pem"));
}

void tst_Dialogs::settingsDialogRestartNote()
{
    // Regression: a change that needs a restart said nothing about it.
    SettingsDialog dialog{ServerConfig(), ConsoleSettings()};
    dialog.setServerRunning(true);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("restartNote"));
    QVERIFY(note);
    QVERIFY(note->isHidden()); // nothing changed yet

    clickInto(&dialog, QStringLiteral("chartWindowSeconds"));
    typeIntoFocused(QStringLiteral("600"));
    QVERIFY(note->isHidden()); // the console's own settings apply at once

    clickInto(&dialog, QStringLiteral("port"));
    typeIntoFocused(QStringLiteral("9100"));
    clickInto(&dialog, QStringLiteral("path"));
    typeIntoFocused(QStringLiteral("/live"));
    QVERIFY(!note->isHidden());
    QCOMPARE(note->text(), QStringLiteral("The server is running: Port and Path will apply at the next start."));
    QCOMPARE(dialog.changedServerFields(), (QStringList{QStringLiteral("Port"), QStringLiteral("Path")}));

    dialog.setServerRunning(false);
    QVERIFY(note->isHidden());
}

void tst_Dialogs::settingsSaveOnlyWhatWasChanged()
{
    // Regression: OK saved values that came from this run's command line as if chosen.
    ServerConfig saved;
    saved.port = 9000;
    saved.path = QStringLiteral("/saved");
    ServerConfig shown = saved; // this run: --port 7000 --path /cli on the command line
    shown.port = 7000;
    shown.path = QStringLiteral("/cli");
    ServerConfig edited = shown; // the person changed one field
    edited.maxConnections = 500;

    const ServerConfig toSave = SettingsDialog::withChangesOnly(saved, shown, edited);
    QCOMPARE(toSave.port, quint16(9000));
    QCOMPARE(toSave.path, QStringLiteral("/saved"));
    QCOMPARE(toSave.maxConnections, 500);

    // A field set back to the saved value is a change too.
    edited.path = QStringLiteral("/saved");
    QCOMPARE(SettingsDialog::withChangesOnly(saved, shown, edited).path, QStringLiteral("/saved"));
    edited.path = QStringLiteral("/new");
    QCOMPARE(SettingsDialog::withChangesOnly(saved, shown, edited).path, QStringLiteral("/new"));
}

void tst_Dialogs::kickDialogDefaults()
{
    KickDialog dialog({QStringLiteral("#12 127.0.0.1:50412")}, ConsoleSettings(), false);
    QCOMPARE(dialog.closeCode(), 4000);
    QCOMPARE(dialog.reason(), QStringLiteral("Kicked by the operator."));
    QCOMPARE(dialog.reason(), defaultKickReason());
    QCOMPARE(dialog.banAddresses(), false);
    QCOMPARE(dialog.banMinutes(), 10);
    QVERIFY(!dialog.findChild<QSpinBox *>(QStringLiteral("banMinutes"))->isEnabled());
    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("question"))->text(),
             QStringLiteral("Kick #12 127.0.0.1:50412?"));
    QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("clientList")));

    // Ticking the box makes the minutes count.
    dialog.findChild<QCheckBox *>(QStringLiteral("banAddresses"))->setChecked(true);
    QVERIFY(dialog.banAddresses());
    QVERIFY(dialog.findChild<QSpinBox *>(QStringLiteral("banMinutes"))->isEnabled());
}

void tst_Dialogs::kickDialogUsesConsoleDefaults()
{
    ConsoleSettings defaults;
    defaults.kickCloseCode = 4321;
    defaults.kickReason = QStringLiteral("维护中");
    defaults.banMinutes = 90;
    KickDialog dialog({QStringLiteral("#1 10.0.0.1:4000"), QStringLiteral("#2 10.0.0.2:4000")}, defaults, true);
    QCOMPARE(dialog.closeCode(), 4321);
    QCOMPARE(dialog.reason(), QStringLiteral("维护中"));
    QVERIFY(dialog.banAddresses()); // "Kick and ban" pre-ticks the box
    QCOMPARE(dialog.banMinutes(), 90);
    QVERIFY(dialog.findChild<QSpinBox *>(QStringLiteral("banMinutes"))->isEnabled());
}

void tst_Dialogs::kickDialogAcceptsWithEnter()
{
    KickDialog dialog({QStringLiteral("#12 127.0.0.1:50412")}, ConsoleSettings(), false);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QPushButton *ok = okButton(&dialog);
    QVERIFY(ok->isDefault());
    QCOMPARE(dialog.focusWidget(), ok);

    QTest::keyClick(&dialog, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isHidden(), WaitMs);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void tst_Dialogs::kickDialogConfirmsMany_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("question");
    QTest::addColumn<int>("listedLines");
    QTest::addColumn<QString>("lastLine");

    QTest::newRow("two clients listed") << 2 << "Kick 2 clients?" << 2 << "#2 127.0.0.1:50002";
    QTest::newRow("five clients all listed") << 5 << "Kick 5 clients?" << 5 << "#5 127.0.0.1:50005";
    QTest::newRow("six clients: five and 1 more") << 6 << "Kick 6 clients?" << 6 << "and 1 more";
    QTest::newRow("25 clients: five and 20 more") << 25 << "Kick 25 clients?" << 6 << "and 20 more";
}

void tst_Dialogs::kickDialogConfirmsMany()
{
    QFETCH(int, count);
    QFETCH(QString, question);
    QFETCH(int, listedLines);
    QFETCH(QString, lastLine);

    QStringList labels;
    for (int i = 1; i <= count; ++i)
        labels.append(QStringLiteral("#%1 127.0.0.1:%2").arg(i).arg(50000 + i));
    KickDialog dialog(labels, ConsoleSettings(), false);

    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("question"))->text(), question);
    const QStringList lines = dialog.findChild<QLabel *>(QStringLiteral("clientList"))->text().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), listedLines);
    QCOMPARE(lines.constFirst(), labels.constFirst());
    QCOMPARE(lines.constLast(), lastLine);
    QCOMPARE(dialog.closeCode(), 4000);
}

void tst_Dialogs::kickDialogRefusesLongReason()
{
    KickDialog dialog({QStringLiteral("#1 10.0.0.1:4000")}, ConsoleSettings(), false);
    auto *reason = dialog.findChild<QLineEdit *>(QStringLiteral("reason"));
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("validationError"));

    reason->setText(QString(41, QChar(0x8E22))); // 123 bytes: the most a close frame carries
    QVERIFY(okButton(&dialog)->isEnabled());
    QVERIFY(error->isHidden());

    reason->setText(QString(42, QChar(0x8E22))); // 126 bytes
    QVERIFY(!okButton(&dialog)->isEnabled());
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(QLatin1String("123 bytes")), qPrintable(error->text()));
}

void tst_Dialogs::bansDialogRows()
{
    BansDialog dialog;
    auto *view = dialog.findChild<QTreeView *>(QStringLiteral("bans"));
    QVERIFY(view);
    QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(dialog.banCount(), 0);

    const QList<Ban> bans{
        makeBan(QStringLiteral("10.0.0.0/8"), Now - 1000, 0, QStringLiteral("scanner")),
        makeBan(QStringLiteral("192.0.2.7"), Now - 2000, Now + 600000, QStringLiteral("flooding")),
        makeBan(QStringLiteral("2001:db8::/32"), Now - 3000, Now + 59000),
    };
    dialog.setBans(bans, Now);
    QCOMPARE(dialog.banCount(), 3);

    const QAbstractItemModel *model = view->model();
    QCOMPARE(model->columnCount(), int(BansDialog::ColumnCount));
    auto cell = [model](int row, int column, int role = Qt::DisplayRole) { return model->index(row, column).data(role); };
    QCOMPARE(cell(0, BansDialog::TargetColumn).toString(), QStringLiteral("10.0.0.0/8"));
    QCOMPARE(cell(0, BansDialog::TimeLeftColumn).toString(), QStringLiteral("until lifted"));
    QCOMPARE(cell(0, BansDialog::TimeLeftColumn, BansDialog::RawValueRole).toLongLong(), -1);
    QCOMPARE(cell(0, BansDialog::ReasonColumn).toString(), QStringLiteral("scanner"));
    QCOMPARE(cell(1, BansDialog::TargetColumn).toString(), QStringLiteral("192.0.2.7"));
    QCOMPARE(cell(1, BansDialog::TimeLeftColumn).toString(), QStringLiteral("10 min 0 s"));
    QCOMPARE(cell(1, BansDialog::TimeLeftColumn, BansDialog::RawValueRole).toLongLong(), 600000);
    QCOMPARE(cell(1, BansDialog::BannedAtColumn, BansDialog::RawValueRole).toLongLong(), Now - 2000);
    QVERIFY(!cell(1, BansDialog::BannedAtColumn).toString().isEmpty());
    QCOMPARE(cell(2, BansDialog::TargetColumn).toString(), QStringLiteral("2001:db8::/32"));
    QCOMPARE(cell(2, BansDialog::TimeLeftColumn).toString(), QStringLiteral("59 s"));

    // A later tick: the same bans, less time left, no rows added or removed.
    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(model, &QAbstractItemModel::modelReset);
    dialog.setBans(bans, Now + 30000);
    QCOMPARE(cell(1, BansDialog::TimeLeftColumn).toString(), QStringLiteral("9 min 30 s"));
    QCOMPARE(cell(2, BansDialog::TimeLeftColumn).toString(), QStringLiteral("29 s"));
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(reset.count(), 0);

    // The short ban expired and is gone from the server's list.
    dialog.setBans(bans.mid(0, 2), Now + 60000);
    QCOMPARE(dialog.banCount(), 2);
    QCOMPARE(removed.count(), 1);
    dialog.setBans({}, Now + 60000);
    QCOMPARE(dialog.banCount(), 0);
}

void tst_Dialogs::bansDialogTimeLeft_data()
{
    QTest::addColumn<qint64>("leftMs");
    QTest::addColumn<QString>("text");

    QTest::newRow("expiring now") << qint64(0) << "0 s";
    QTest::newRow("part of a second rounds up") << qint64(1) << "1 s";
    QTest::newRow("seconds") << qint64(59000) << "59 s";
    QTest::newRow("minutes and seconds") << qint64(61000) << "1 min 1 s";
    QTest::newRow("hours and minutes") << qint64(3600000 + 5 * 60000) << "1 h 5 min";
    QTest::newRow("days and hours") << qint64(7 * 86400000LL + 3 * 3600000) << "7 d 3 h";
}

void tst_Dialogs::bansDialogTimeLeft()
{
    QFETCH(qint64, leftMs);
    QFETCH(QString, text);

    BansDialog dialog;
    dialog.setBans({makeBan(QStringLiteral("192.0.2.7"), Now, Now + leftMs)}, Now);
    const QAbstractItemModel *model = dialog.findChild<QTreeView *>(QStringLiteral("bans"))->model();
    QCOMPARE(model->index(0, BansDialog::TimeLeftColumn).data().toString(), text);
}

void tst_Dialogs::bansDialogKeepsSelectionByTarget()
{
    BansDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *view = dialog.findChild<QTreeView *>(QStringLiteral("bans"));
    QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);

    dialog.setBans({makeBan(QStringLiteral("10.0.0.0/8"), Now, 0), makeBan(QStringLiteral("192.0.2.7"), Now, 0),
                    makeBan(QStringLiteral("198.51.100.0/24"), Now, 0)},
                   Now);
    const QModelIndex selected = view->model()->index(1, BansDialog::TargetColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(selected).center());
    QCOMPARE(view->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(view->selectionModel()->selectedRows().constFirst().row(), 1);

    // One ban lifted above it, two added before and after it: the selection stays on 192.0.2.7.
    dialog.setBans({makeBan(QStringLiteral("10.1.0.0/16"), Now, 0), makeBan(QStringLiteral("192.0.2.7"), Now, 0),
                    makeBan(QStringLiteral("192.0.2.9"), Now, 0), makeBan(QStringLiteral("198.51.100.0/24"), Now, 0)},
                   Now);
    QCOMPARE(dialog.banCount(), 4);
    const QModelIndexList rows = view->selectionModel()->selectedRows(BansDialog::TargetColumn);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.constFirst().data().toString(), QStringLiteral("192.0.2.7"));

    // Its ban lifted: nothing selected (not a neighbour instead), and "Lift ban" has nothing to lift.
    dialog.setBans({makeBan(QStringLiteral("10.1.0.0/16"), Now, 0)}, Now);
    QVERIFY(view->selectionModel()->selectedRows().isEmpty());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("liftBan"))->isEnabled());
}

void tst_Dialogs::bansDialogLiftBan()
{
    BansDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *view = dialog.findChild<QTreeView *>(QStringLiteral("bans"));
    auto *lift = dialog.findChild<QPushButton *>(QStringLiteral("liftBan"));
    QSignalSpy unban(&dialog, &BansDialog::unbanRequested);

    dialog.setBans({makeBan(QStringLiteral("10.0.0.0/8"), Now, 0), makeBan(QStringLiteral("192.0.2.7"), Now, Now + 60000)},
                   Now);

    // Nothing selected: the button is off and a click asks for nothing.
    QVERIFY(!lift->isEnabled());
    QTest::mouseClick(lift, Qt::LeftButton);
    QCOMPARE(unban.count(), 0);

    const QModelIndex second = view->model()->index(1, BansDialog::TimeLeftColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(second).center());
    QVERIFY(lift->isEnabled());
    QTest::mouseClick(lift, Qt::LeftButton);
    QCOMPARE(unban.count(), 1);
    QCOMPARE(unban.constFirst().constFirst().toString(), QStringLiteral("192.0.2.7"));
}

void tst_Dialogs::bansDialogBanForm_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("minutes");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<qint64>("durationMs");

    QTest::newRow("one address for 30 minutes") << "192.0.2.7" << "30" << "flooding" << qint64(30 * 60000);
    QTest::newRow("IPv4 range") << "10.1.2.0/24" << "5" << "scanner" << qint64(5 * 60000);
    QTest::newRow("IPv6 range until lifted") << "2001:db8::/32" << "0" << "" << qint64(0);
    QTest::newRow("spaces around the address") << "  192.0.2.8 " << "1" << "测试" << qint64(60000);
}

void tst_Dialogs::bansDialogBanForm()
{
    QFETCH(QString, address);
    QFETCH(QString, minutes);
    QFETCH(QString, reason);
    QFETCH(qint64, durationMs);

    BansDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *ban = dialog.findChild<QPushButton *>(QStringLiteral("ban"));
    QSignalSpy requested(&dialog, &BansDialog::banRequested);
    QVERIFY(!ban->isEnabled()); // nothing typed yet

    typeInto(&dialog, QStringLiteral("banAddress"), address);
    typeInto(&dialog, QStringLiteral("banMinutes"), minutes);
    typeInto(&dialog, QStringLiteral("banReason"), reason);
    QTest::mouseClick(ban, Qt::LeftButton);

    QCOMPARE(requested.count(), 1);
    const QList<QVariant> arguments = requested.constFirst();
    QCOMPARE(arguments.at(0).toString(), address.trimmed());
    QCOMPARE(arguments.at(1).toLongLong(), durationMs);
    QCOMPARE(arguments.at(2).toString(), reason);
    // The form is ready for the next one.
    QVERIFY(dialog.findChild<QLineEdit *>(QStringLiteral("banAddress"))->text().isEmpty());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("banError"))->isHidden());
}

void tst_Dialogs::bansDialogRefusesBadAddress()
{
    BansDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy requested(&dialog, &BansDialog::banRequested);
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("banError"));

    typeInto(&dialog, QStringLiteral("banAddress"), QStringLiteral("10.1.2"));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("ban")), Qt::LeftButton);
    QCOMPARE(requested.count(), 0);
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(QLatin1String("10.1.2")), qPrintable(error->text()));
    // The text stays so it can be corrected; typing clears the error.
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("banAddress"))->text(), QStringLiteral("10.1.2"));
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("banAddress")), QStringLiteral(".0"));
    QVERIFY(error->isHidden());
}

void tst_Dialogs::settingsDialogAcceptsEnterAfterEdit_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("typed");

    QTest::newRow("listen address") << "listen" << "0.0.0.0";
    QTest::newRow("port") << "port" << "9100";
    QTest::newRow("path") << "path" << "/live";
    QTest::newRow("event stream path") << "ssePath" << "/feed";
    QTest::newRow("token") << "token" << "abc123";
    QTest::newRow("token file") << "tokenFile" << "/etc/wsmonitor/token";
    QTest::newRow("connection log") << "logCsv" << "/tmp/events.csv";
    QTest::newRow("unfinished messages, all clients") << "max-inbound-buffer-bytes" << "8388608";
    QTest::newRow("least pace of a message") << "min-receive-rate" << "0";
    QTest::newRow("most clients") << "max-connections" << "500";
    QTest::newRow("largest message") << "max-message-bytes" << "4096";
    QTest::newRow("rate limit") << "rate-limit" << "20";
    QTest::newRow("send queue") << "max-send-queue-bytes" << "65536";
    QTest::newRow("handshake timeout") << "handshake-timeout" << "3";
    QTest::newRow("drain time") << "drain-timeout" << "1.5";
    QTest::newRow("events kept") << "event-log-capacity" << "500";
    QTest::newRow("messages kept") << "message-history" << "7";
    QTest::newRow("heartbeat timeout") << "heartbeat-timeout" << "45.5";
    QTest::newRow("ping interval") << "heartbeat-interval" << "5";
    QTest::newRow("kick spread") << "kickSpreadMs" << "0";
    QTest::newRow("kick close code") << "kickCloseCode" << "4321";
    QTest::newRow("kick reason") << "kickReason" << "Server update.";
    QTest::newRow("ban duration") << "banMinutes" << "45";
    QTest::newRow("chart time span") << "chartWindowSeconds" << "600";
}

void tst_Dialogs::settingsDialogAcceptsEnterAfterEdit()
{
    QFETCH(QString, field);
    QFETCH(QString, typed);

    SettingsDialog dialog{ServerConfig(), ConsoleSettings()};
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    clickInto(&dialog, field);
    typeIntoFocused(typed);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isHidden(), WaitMs);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    // The values on screen when Enter was pressed are the ones returned.
    const ServerConfig config = dialog.serverConfig();
    const ConsoleSettings console = dialog.consoleSettings();
    QString got;
    if (field == QLatin1String("kickSpreadMs"))
        got = QString::number(console.kickSpreadMs);
    else if (field == QLatin1String("kickCloseCode"))
        got = QString::number(console.kickCloseCode);
    else if (field == QLatin1String("kickReason"))
        got = console.kickReason;
    else if (field == QLatin1String("banMinutes"))
        got = QString::number(console.banMinutes);
    else if (field == QLatin1String("chartWindowSeconds"))
        got = QString::number(console.chartWindowSeconds);
    else if (field.contains(QLatin1Char('-')))
        got = formatOptionNumber(fieldValue(config, field).toDouble());
    else
        got = fieldValue(config, field).toString();
    QCOMPARE(got, typed);
}

void tst_Dialogs::settingsDialogAcceptsEnterInTheModeList()
{
    SettingsDialog dialog{ServerConfig(), ConsoleSettings()};
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    // A list opens its popup when clicked: reached by Tab from the field before it (the event
    // stream path), as a person would.
    clickInto(&dialog, QStringLiteral("ssePath"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    auto *mode = dialog.findChild<QComboBox *>(QStringLiteral("mode"));
    QTRY_VERIFY(mode->hasFocus());
    QTest::keyClick(mode, Qt::Key_Down);
    QTest::keyClick(mode, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isHidden(), WaitMs);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.serverConfig().mode, MessageMode::Broadcast);
}

void tst_Dialogs::settingsDialogEscapeCancels()
{
    SettingsDialog dialog{ServerConfig(), ConsoleSettings()};
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    clickInto(&dialog, QStringLiteral("path"));
    typeIntoFocused(QStringLiteral("/other"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isHidden(), WaitMs);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void tst_Dialogs::settingsDialogRefusesPortOverRange()
{
    // Regression: typing 70000 left 7000 in the box without a word.
    SettingsDialog dialog{ServerConfig(), ConsoleSettings()};
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    clickInto(&dialog, QStringLiteral("port"));
    typeIntoFocused(QStringLiteral("70000"));
    auto *port = dialog.findChild<QSpinBox *>(QStringLiteral("port"));
    QCOMPARE(port->text(), QStringLiteral("70000"));
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("validationError"));
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(QLatin1String("Port must be between 0 and 65535; got 70000")),
             qPrintable(error->text()));
    QVERIFY(!okButton(&dialog)->isEnabled());

    // Enter does nothing while the field is wrong; fixing it makes Enter accept.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QVERIFY(dialog.isVisible());
    typeIntoFocused(QStringLiteral("7000"));
    QVERIFY(error->isHidden());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isHidden(), WaitMs);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.serverConfig().port, quint16(7000));
}

void tst_Dialogs::kickDialogAcceptsEnterAfterEdit_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("byTab"); // focus moved by Tab from the OK button, else by a click

    QTest::newRow("reason, clicked") << "reason" << "maintenance window" << false;
    QTest::newRow("close code, clicked") << "closeCode" << "4321" << false;
    QTest::newRow("ban minutes, clicked") << "banMinutes" << "45" << false;
    QTest::newRow("close code, by Tab") << "closeCode" << "4444" << true;
}

void tst_Dialogs::kickDialogAcceptsEnterAfterEdit()
{
    // Regression: after any edit, Enter closed the dialog or did nothing, and no client was kicked.
    QFETCH(QString, field);
    QFETCH(QString, typed);
    QFETCH(bool, byTab);

    KickDialog dialog({QStringLiteral("#1 10.0.0.1:4000"), QStringLiteral("#2 10.0.0.2:4000")}, ConsoleSettings(),
                      true);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    if (byTab) {
        // The focus starts on Kick; Tab goes round to the first field, the close code.
        QTRY_VERIFY(QApplication::focusWidget() == okButton(&dialog));
        for (int i = 0; i < 10 && !dialog.findChild<QWidget *>(field)->isAncestorOf(QApplication::focusWidget())
                        && QApplication::focusWidget() != dialog.findChild<QWidget *>(field);
             ++i)
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    } else {
        clickInto(&dialog, field);
    }
    typeIntoFocused(typed);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isHidden(), WaitMs);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    if (field == QLatin1String("reason"))
        QCOMPARE(dialog.reason(), typed);
    else if (field == QLatin1String("closeCode"))
        QCOMPARE(dialog.closeCode(), typed.toInt());
    else
        QCOMPARE(dialog.banMinutes(), typed.toInt());
    QVERIFY(dialog.banAddresses());
}

void tst_Dialogs::kickDialogEscapeCancelsAfterEdit()
{
    KickDialog dialog({QStringLiteral("#1 10.0.0.1:4000")}, ConsoleSettings(), false);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    clickInto(&dialog, QStringLiteral("reason"));
    typeIntoFocused(QStringLiteral("changed my mind"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isHidden(), WaitMs);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void tst_Dialogs::kickDialogEnterWithLongReasonDoesNothing()
{
    KickDialog dialog({QStringLiteral("#1 10.0.0.1:4000")}, ConsoleSettings(), false);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    clickInto(&dialog, QStringLiteral("reason"));
    typeIntoFocused(QString(124, QLatin1Char('x')));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QVERIFY(dialog.isVisible());
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("validationError"));
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(QLatin1String("123 bytes")), qPrintable(error->text()));
}

void tst_Dialogs::bansDialogEnterBansAfterEdit_data()
{
    QTest::addColumn<QString>("enterIn"); // the field the focus is in when Enter is pressed
    QTest::newRow("Enter in the address") << "banAddress";
    QTest::newRow("Enter in the minutes") << "banMinutes";
    QTest::newRow("Enter in the reason") << "banReason";
}

void tst_Dialogs::bansDialogEnterBansAfterEdit()
{
    QFETCH(QString, enterIn);
    BansDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QSignalSpy requested(&dialog, &BansDialog::banRequested);
    clickInto(&dialog, QStringLiteral("banAddress"));
    typeIntoFocused(QStringLiteral("192.0.2.7"));
    clickInto(&dialog, QStringLiteral("banMinutes"));
    typeIntoFocused(QStringLiteral("30"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab); // on to the reason
    QTRY_VERIFY(QApplication::focusWidget() == dialog.findChild<QWidget *>(QStringLiteral("banReason")));
    typeIntoFocused(QStringLiteral("flooding"));
    if (enterIn != QLatin1String("banReason"))
        clickInto(&dialog, enterIn);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.constFirst().at(0).toString(), QStringLiteral("192.0.2.7"));
    QCOMPARE(requested.constFirst().at(1).toLongLong(), qint64(30 * 60000));
    QCOMPARE(requested.constFirst().at(2).toString(), QStringLiteral("flooding"));
    QVERIFY(dialog.isVisible()); // the list stays open for the next one
}

void tst_Dialogs::bansDialogEnterWithBadAddressDoesNothing()
{
    BansDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QSignalSpy requested(&dialog, &BansDialog::banRequested);
    clickInto(&dialog, QStringLiteral("banAddress"));
    typeIntoFocused(QStringLiteral("10.1.2"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QCOMPARE(requested.count(), 0);
    QVERIFY(dialog.isVisible());
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("banError"));
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(QLatin1String("10.1.2")), qPrintable(error->text()));
}

void tst_Dialogs::bansDialogEscapeCloses()
{
    BansDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QSignalSpy requested(&dialog, &BansDialog::banRequested);
    clickInto(&dialog, QStringLiteral("banAddress"));
    typeIntoFocused(QStringLiteral("192.0.2.7"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isHidden(), WaitMs);
    QCOMPARE(requested.count(), 0);
}

void tst_Dialogs::kickDialogNamesClientsSharingTheAddress()
{
    KickDialog dialog({QStringLiteral("#1 10.0.0.1:4000")}, ConsoleSettings(), false);
    dialog.setClientsSharingAddresses({QStringLiteral("#2 10.0.0.1:4001"), QStringLiteral("#3 10.0.0.1:4002")});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    auto *sharing = dialog.findChild<QLabel *>(QStringLiteral("sharingClients"));
    QVERIFY(!sharing->isVisible()); // a kick alone does not touch them

    auto *ban = dialog.findChild<QCheckBox *>(QStringLiteral("banAddresses"));
    QTest::mouseClick(ban, Qt::LeftButton, {}, QPoint(4, ban->height() / 2));
    QVERIFY(ban->isChecked());
    QVERIFY(sharing->isVisible());
    QVERIFY2(sharing->text().startsWith(QLatin1String("Also connected from the same address")), qPrintable(sharing->text()));
    QVERIFY(sharing->text().contains(QLatin1String("#2 10.0.0.1:4001")));
    QVERIFY(sharing->text().contains(QLatin1String("#3 10.0.0.1:4002")));
}

void tst_Dialogs::bansDialogNamesTheClientsABanCovers()
{
    const auto client = [](quint64 id, const char *address, quint16 port) {
        SessionRow row;
        row.id = id;
        row.peerAddress = QLatin1String(address);
        row.peerPort = port;
        return row;
    };
    BansDialog dialog;
    dialog.setConnectedClients({client(1, "10.1.2.3", 5001), client(2, "10.1.9.9", 5002), client(3, "192.0.2.7", 5003)});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    auto *covered = dialog.findChild<QLabel *>(QStringLiteral("clientsCovered"));
    clickInto(&dialog, QStringLiteral("banAddress"));
    typeIntoFocused(QStringLiteral("10.1.0.0/16"));
    QVERIFY(covered->isVisible());
    QVERIFY(covered->text().contains(QLatin1String("#1 10.1.2.3:5001")));
    QVERIFY(covered->text().contains(QLatin1String("#2 10.1.9.9:5002")));
    QVERIFY(!covered->text().contains(QLatin1String("192.0.2.7")));
    typeIntoFocused(QStringLiteral("198.51.100.1"));
    QVERIFY(!covered->isVisible()); // nobody connected from there
}

QTEST_MAIN(tst_Dialogs)
#include "tst_dialogs.moc"
