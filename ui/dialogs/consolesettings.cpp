#include "consolesettings.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSettings>
#include <QStringList>
#include <QVariant>

#include <cmath>

namespace wsm {

namespace {

QString serverKey(const QString &name)
{
    return QLatin1String("server/") + name;
}

// A number as saved: text in an INI file, a number in other back ends. False when it is missing
// or not a finite number, so the caller keeps its fallback.
bool readNumber(const QSettings &settings, const QString &key, double *value)
{
    const QVariant stored = settings.value(key);
    if (!stored.isValid())
        return false;
    bool ok = false;
    const double number = stored.toDouble(&ok);
    if (!ok || !std::isfinite(number))
        return false;
    *value = number;
    return true;
}

bool readWholeNumber(const QSettings &settings, const QString &key, double minimum, double maximum, double *value)
{
    double number = 0;
    if (!readNumber(settings, key, &number) || number != std::floor(number) || number < minimum || number > maximum)
        return false;
    *value = number;
    return true;
}

void readInt(const QSettings &settings, const QString &key, int minimum, int maximum, int *target)
{
    double number = 0;
    if (readWholeNumber(settings, key, minimum, maximum, &number))
        *target = int(number);
}

// A rule of ServerConfig::validate() that concerns one field is checked on a default config that
// differs only in that field, so every rule has one source and a bad field cannot pass or block
// the others.
template<typename Apply>
bool passesValidation(Apply apply)
{
    ServerConfig probe;
    apply(probe);
    return probe.validate().isEmpty();
}

} // namespace

QString defaultKickReason()
{
    return QCoreApplication::translate("wsm::ConsoleSettings", "Kicked by the operator.");
}

bool fitsKickReason(const QString &text)
{
    return text.toUtf8().size() <= ConsoleSettings::MaxKickReasonBytes;
}

bool parseListenAddress(const QString &text, QHostAddress *address)
{
    QString host = text.trimmed();
    QHostAddress parsed;
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
        parsed = QHostAddress(QHostAddress::LocalHost);
    } else {
        const bool bracketed = host.size() > 2 && host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']'));
        if (bracketed)
            host = host.mid(1, host.size() - 2);
        if (bracketed || host.contains(QLatin1Char(':'))) {
            if (!parsed.setAddress(host) || parsed.protocol() != QAbstractSocket::IPv6Protocol)
                return false;
        } else {
            // Four dotted parts only, as on the command line: QHostAddress also takes "127.1".
            static const QRegularExpression ipv4(QStringLiteral("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$"));
            if (!ipv4.match(host).hasMatch() || !parsed.setAddress(host))
                return false;
        }
    }
    if (address)
        *address = parsed;
    return true;
}

ServerConfig loadServerConfig(const QSettings &settings, const ServerConfig &fallback)
{
    ServerConfig config = fallback;

    for (const NumericOption &option : numericOptions()) {
        double value = 0;
        if (!readNumber(settings, serverKey(option.name), &value))
            continue;
        if (value < option.minimum || value > option.maximum || (option.integer && value != std::floor(value)))
            continue;
        setNumericOption(&config, option.name, value);
    }

    QHostAddress address;
    if (parseListenAddress(settings.value(QStringLiteral("server/listen")).toString(), &address))
        config.listenAddress = address;

    double port = 0;
    if (readWholeNumber(settings, QStringLiteral("server/port"), 0, 65535, &port))
        config.port = quint16(port);

    const QString pathKey = QStringLiteral("server/path");
    if (settings.contains(pathKey)) {
        const QString path = settings.value(pathKey).toString();
        if (passesValidation([&path](ServerConfig &probe) { probe.path = path; }))
            config.path = path;
    }

    // Empty is a value of its own here (streams off), so only a missing key keeps the fallback.
    const QString ssePathKey = QStringLiteral("server/ssePath");
    if (settings.contains(ssePathKey)) {
        const QString ssePath = settings.value(ssePathKey).toString();
        if (passesValidation([&ssePath](ServerConfig &probe) { probe.ssePath = ssePath; }))
            config.ssePath = ssePath;
    }

    MessageMode mode = MessageMode::Echo;
    if (ServerConfig::parseMode(settings.value(QStringLiteral("server/mode")).toString(), &mode))
        config.mode = mode;

    const QString originsKey = QStringLiteral("server/allowedOrigins");
    if (settings.contains(originsKey)) {
        // An INI file keeps an empty list as an empty value: blank entries mean nothing, not "refuse all".
        QStringList origins;
        const QStringList stored = settings.value(originsKey).toStringList();
        for (const QString &origin : stored) {
            if (!origin.trimmed().isEmpty())
                origins.append(origin.trimmed());
        }
        if (passesValidation([&origins](ServerConfig &probe) { probe.allowedOrigins = origins; }))
            config.allowedOrigins = origins;
    }

    // A saved token file is the token: one way to give it (ServerConfig::validate()).
    const QString tokenFile = settings.value(QStringLiteral("server/tokenFile")).toString();
    const QString tokenKey = QStringLiteral("server/token");
    if (!tokenFile.isEmpty()) {
        config.tokenFile = tokenFile;
        config.token.clear();
    } else if (settings.contains(tokenKey)) {
        const QString token = settings.value(tokenKey).toString();
        if (passesValidation([&token](ServerConfig &probe) { probe.token = token; }))
            config.token = token;
    }

    const QString logKey = QStringLiteral("server/logCsv");
    if (settings.contains(logKey))
        config.logCsvPath = settings.value(logKey).toString();

    // The certificate and its key go together: half a pair falls back as a whole.
    const QString tlsCert = settings.value(QStringLiteral("server/tlsCert"), config.tlsCertificatePath).toString();
    const QString tlsKey = settings.value(QStringLiteral("server/tlsKey"), config.tlsKeyPath).toString();
    if (passesValidation([&tlsCert, &tlsKey](ServerConfig &probe) {
            probe.tlsCertificatePath = tlsCert;
            probe.tlsKeyPath = tlsKey;
        })) {
        config.tlsCertificatePath = tlsCert;
        config.tlsKeyPath = tlsKey;
    }

    // The identity's options go together too: a half-made set falls back as a whole. The key files
    // are saved as paths and read at each start (never the key).
    IdentityConfig identity;
    if (ServerConfig::parseIdentity(settings.value(QStringLiteral("server/identity"), QStringLiteral("none")).toString(),
                                    &identity)) {
        identity.jwtSecretFile = settings.value(QStringLiteral("server/jwtSecretFile")).toString();
        identity.jwtPublicKeyFile = settings.value(QStringLiteral("server/jwtPublicKey")).toString();
        identity.jwtIssuer = settings.value(QStringLiteral("server/jwtIssuer")).toString();
        identity.jwtAudience = settings.value(QStringLiteral("server/jwtAudience")).toString();
        if (passesValidation([&identity](ServerConfig &probe) { probe.identity = identity; }))
            config.identity = identity;
    }

    // The one rule that ties two fields together: a heartbeat timeout that is not above the
    // interval. Each value was in range on its own, so the pair falls back together.
    if (!config.validate().isEmpty()) {
        config.heartbeatIntervalMs = fallback.heartbeatIntervalMs;
        config.heartbeatTimeoutMs = fallback.heartbeatTimeoutMs;
    }
    return config;
}

void saveServerConfig(QSettings &settings, const ServerConfig &config)
{
    for (const NumericOption &option : numericOptions()) {
        double value = 0;
        numericOptionValue(config, option.name, &value);
        // Whole numbers stay whole in the file ("1048576", not "1.048576e+06").
        settings.setValue(serverKey(option.name),
                          option.integer ? QVariant(qlonglong(std::llround(value))) : QVariant(value));
    }
    settings.setValue(QStringLiteral("server/listen"), config.listenAddress.toString());
    settings.setValue(QStringLiteral("server/port"), int(config.port));
    settings.setValue(QStringLiteral("server/path"), config.path);
    settings.setValue(QStringLiteral("server/ssePath"), config.ssePath);
    settings.setValue(QStringLiteral("server/mode"), ServerConfig::modeId(config.mode));
    settings.setValue(QStringLiteral("server/allowedOrigins"), config.allowedOrigins);
    // A token is never written in plain text: its file's path is. A token an older version saved
    // is still honoured on load until it is cleared or a token file replaces it.
    settings.setValue(QStringLiteral("server/tokenFile"), config.tokenFile);
    if (config.token.isEmpty() || !config.tokenFile.isEmpty())
        settings.remove(QStringLiteral("server/token"));
    settings.setValue(QStringLiteral("server/logCsv"), config.logCsvPath);
    settings.setValue(QStringLiteral("server/tlsCert"), config.tlsCertificatePath);
    settings.setValue(QStringLiteral("server/tlsKey"), config.tlsKeyPath);
    settings.setValue(QStringLiteral("server/identity"), ServerConfig::identityId(config.identity));
    settings.setValue(QStringLiteral("server/jwtSecretFile"), config.identity.jwtSecretFile);
    settings.setValue(QStringLiteral("server/jwtPublicKey"), config.identity.jwtPublicKeyFile);
    settings.setValue(QStringLiteral("server/jwtIssuer"), config.identity.jwtIssuer);
    settings.setValue(QStringLiteral("server/jwtAudience"), config.identity.jwtAudience);
}

ConsoleSettings loadConsoleSettings(const QSettings &settings)
{
    ConsoleSettings console;
    readInt(settings, QStringLiteral("console/kickSpreadMs"), ConsoleSettings::MinKickSpreadMs,
            ConsoleSettings::MaxKickSpreadMs, &console.kickSpreadMs);
    readInt(settings, QStringLiteral("console/chartWindowSeconds"), ConsoleSettings::MinChartWindowSeconds,
            ConsoleSettings::MaxChartWindowSeconds, &console.chartWindowSeconds);
    readInt(settings, QStringLiteral("console/banMinutes"), ConsoleSettings::MinBanMinutes,
            ConsoleSettings::MaxBanMinutes, &console.banMinutes);
    readInt(settings, QStringLiteral("console/kickCloseCode"), ConsoleSettings::MinKickCloseCode,
            ConsoleSettings::MaxKickCloseCode, &console.kickCloseCode);
    const QString reason = settings.value(QStringLiteral("console/kickReason")).toString().trimmed();
    if (fitsKickReason(reason))
        console.kickReason = reason;
    const QString ask = settings.value(QStringLiteral("console/askBeforeClosingClients")).toString();
    if (ask == QLatin1String("false") || ask == QLatin1String("true"))
        console.askBeforeClosingClients = ask == QLatin1String("true");
    return console;
}

void saveConsoleSettings(QSettings &settings, const ConsoleSettings &console)
{
    settings.setValue(QStringLiteral("console/kickSpreadMs"), console.kickSpreadMs);
    settings.setValue(QStringLiteral("console/chartWindowSeconds"), console.chartWindowSeconds);
    settings.setValue(QStringLiteral("console/banMinutes"), console.banMinutes);
    settings.setValue(QStringLiteral("console/kickCloseCode"), console.kickCloseCode);
    settings.setValue(QStringLiteral("console/kickReason"), console.kickReason);
    settings.setValue(QStringLiteral("console/askBeforeClosingClients"), console.askBeforeClosingClients);
}

} // namespace wsm
