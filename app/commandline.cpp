#include "commandline.h"

#include "clustercommandline.h"
#include "ssecommandline.h"
#include "identitycommandline.h"
#include "addressandport.h"
#include "secretfile.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QLocale>
#include <QRegularExpression>
#include <QUrl>

namespace wsm {

namespace {

QString translated(const char *text)
{
    return QCoreApplication::translate("wsm::CommandLine", text);
}

QString versionText()
{
    return QStringLiteral("wsmonitor ") + QLatin1String(WSM_VERSION);
}

QString numericDescription(const NumericOption &option, const ServerConfig &defaults)
{
    double defaultValue = 0;
    numericOptionValue(defaults, option.name, &defaultValue);
    QString text = option.purpose + QLatin1Char(' ');
    text += translated(QT_TRANSLATE_NOOP("wsm::CommandLine", "%1 to %2 %3"))
                .arg(formatOptionNumber(option.minimum), formatOptionNumber(option.maximum), option.unit);
    if (!option.zeroMeans.isEmpty())
        text += translated(QT_TRANSLATE_NOOP("wsm::CommandLine", " (0: %1)")).arg(option.zeroMeans);
    if (!option.integer)
        text += translated(QT_TRANSLATE_NOOP("wsm::CommandLine", ", fractions allowed"));
    text += translated(QT_TRANSLATE_NOOP("wsm::CommandLine", "; default %1.")).arg(formatOptionNumber(defaultValue));
    return text;
}

QString numericValueName(const NumericOption &option)
{
    if (!option.integer)
        return translated(QT_TRANSLATE_NOOP("wsm::CommandLine", "seconds"));
    return QStringLiteral("n");
}

// Plain decimals only: "1e3", "0x10", " 5" and "+5" are more likely typos than intent.
bool parseNumber(const QString &text, bool integer, double *value)
{
    static const QRegularExpression whole(QStringLiteral("^[0-9]+$"));
    static const QRegularExpression decimal(QStringLiteral("^[0-9]+(\\.[0-9]+)?$"));
    if (!(integer ? whole : decimal).match(text).hasMatch())
        return false;
    bool ok = false;
    *value = text.toDouble(&ok); // C locale; an overlong digit string reads as a huge value, still finite
    return ok;
}

QString listenError(const QString &given)
{
    return translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                "--listen takes ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080; port 0-65535; got '%1'."))
        .arg(given);
}

QString adminListenError(const QString &given)
{
    return translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                "--admin-listen takes ADDR:PORT, e.g. 127.0.0.1:9090 or [::1]:9090; port 0-65535; got '%1'."))
        .arg(given);
}

// An unknown option as the operator typed it ("-port" or "--port", without any "=value"); the
// parser only keeps the bare name.
QString asTyped(const QString &name, const QStringList &arguments)
{
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--"))
            break;
        const QString option = argument.section(QLatin1Char('='), 0, 0);
        if (option == QLatin1String("--") + name || option == QLatin1String("-") + name)
            return option;
    }
    return (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
}

constexpr int MaxNodeNameLength = 100;

// The admin channel's options, in the order parseCommandLine() passes them.
struct AdminOptions
{
    const QCommandLineOption &listen;
    const QCommandLineOption &tokenFile;
    const QCommandLineOption &readOnlyTokenFile;
    const QCommandLineOption &tlsCert;
    const QCommandLineOption &tlsKey;
    const QCommandLineOption &nodeName;
};

template<typename LastValue>
void parseAdminOptions(const LastValue &lastValue, const AdminOptions &options, CommandLine *result,
                       QStringList *errors)
{
    AdminConfig &admin = result->admin;
    QString text;
    if (lastValue(options.listen, &text)) {
        admin.enabled = true;
        if (!parseAddressAndPort(text, &admin.listenAddress, &admin.port))
            errors->append(adminListenError(text));
    }
    // Read now, so that a file that cannot be read is an error of the command line.
    const auto readToken = [&](const QCommandLineOption &option, QString *path, QString *token) {
        if (!lastValue(option, path))
            return;
        QString error;
        if (!readSecretFile(*path, token, &error))
            errors->append(QStringLiteral("--%1: %2").arg(option.names().constFirst(), error));
    };
    readToken(options.tokenFile, &admin.fullTokenFile, &admin.fullToken);
    readToken(options.readOnlyTokenFile, &admin.readOnlyTokenFile, &admin.readOnlyToken);
    lastValue(options.tlsCert, &admin.tlsCertificatePath);
    lastValue(options.tlsKey, &admin.tlsKeyPath);
    if (lastValue(options.nodeName, &text)) {
        static const QRegularExpression control(QStringLiteral("[\\x00-\\x1f\\x7f]"));
        if (text.trimmed().isEmpty() || text.size() > MaxNodeNameLength || control.match(text).hasMatch()) {
            errors->append(translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                                "--node-name takes 1 to %1 printable characters; got '%2'."))
                               .arg(MaxNodeNameLength)
                               .arg(text));
        } else {
            admin.nodeName = text;
        }
    }

    // With --connect, --admin-token-file is the token the console presents: it needs no channel here.
    const bool tokenForConnect = !result->connectUrls.isEmpty();
    const bool adminOptionWithoutListen = !admin.enabled
        && ((!admin.fullTokenFile.isEmpty() && !tokenForConnect) || !admin.readOnlyTokenFile.isEmpty() || !admin.tlsCertificatePath.isEmpty()
            || !admin.tlsKeyPath.isEmpty());
    if (adminOptionWithoutListen) {
        errors->append(translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                            "--admin-token-file, --admin-readonly-token-file, --admin-tls-cert and "
                                            "--admin-tls-key need --admin-listen (--admin-token-file also goes "
                                            "with --connect).")));
        return;
    }
    if (!admin.enabled)
        return;
    if (admin.tlsCertificatePath.isEmpty() != admin.tlsKeyPath.isEmpty()) {
        errors->append(translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                            "--admin-tls-cert and --admin-tls-key go together: give both or neither.")));
    } else if (admin.tlsCertificatePath.isEmpty() && result->config.usesTls()) {
        admin.tlsCertificatePath = result->config.tlsCertificatePath;
        admin.tlsKeyPath = result->config.tlsKeyPath;
    }
    if (!admin.fullToken.isEmpty() && admin.fullToken == admin.readOnlyToken) {
        errors->append(translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                            "--admin-token-file and --admin-readonly-token-file hold the same token: "
                                            "a read-only client would have full control.")));
    }
    if (admin.fullTokenFile.isEmpty() && admin.readOnlyTokenFile.isEmpty() && !admin.listenAddress.isLoopback()) {
        errors->append(translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                            "--admin-listen %1 is not a loopback address: it needs "
                                            "--admin-token-file (or --admin-readonly-token-file), or anyone who "
                                            "can reach it controls this node."))
                           .arg(admin.listenAddress.toString()));
    }
}

} // namespace

CommandLine parseCommandLine(const QStringList &arguments, const ServerConfig &base)
{
    CommandLine result;
    result.config = base;

    QCommandLineParser parser;
    // "-headless" means --headless, not -h -e -a ...; compacted short options would turn it into --help.
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "WebSocket server console: live clients, heartbeats, rates, kicks, connection log.\n"
                             "Durations are in seconds; fractions such as 0.5 are allowed.")));

    // Our own help and version options: Qt's would add --help-all and exit the process.
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help"), QStringLiteral("?")},
                                  translated(QT_TRANSLATE_NOOP("wsm::CommandLine", "Show this help and exit.")));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     translated(QT_TRANSLATE_NOOP("wsm::CommandLine", "Show the version and exit.")));
    const QCommandLineOption headless(
        QStringLiteral("headless"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine", "Run the server without a window; logs go to stderr.")));
    const QCommandLineOption quiet(
        QStringLiteral("quiet"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine", "With --headless: no log line per connection.")));
    const QCommandLineOption start(
        QStringLiteral("start"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine", "Console: start the server as the window opens.")));
    const QCommandLineOption language(
        QStringLiteral("lang"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "Console language, e.g. zh_CN or en; by default the system's.")),
        QStringLiteral("LANG"));
    const QCommandLineOption dispatcher(
        QStringLiteral("event-dispatcher"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "What runs the server thread's event loop: epoll (Linux; its cost does not grow with "
                             "idle clients) or qt (Qt's own). Default %1."))
            .arg(ServerController::eventDispatcherId(ServerController::defaultEventDispatcher())),
        QStringLiteral("epoll|qt"));
    const ServerConfig defaults;
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "Address and port to listen on: 0.0.0.0:9000, [::1]:8080, localhost:8080; port 0 picks "
                             "a free one. Default %1.")).arg(defaults.listenAddress.toString() + QLatin1Char(':') + QString::number(defaults.port)),
        QStringLiteral("ADDR:PORT"));
    const QCommandLineOption path(
        QStringLiteral("path"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine", "WebSocket endpoint path, starting with '/'. Default %1."))
            .arg(defaults.path),
        QStringLiteral("PATH"));
    const QCommandLineOption mode(
        QStringLiteral("mode"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "What to do with a message: echo (back to the sender), broadcast (to every other "
                             "client) or sink (count only). Default %1."))
            .arg(ServerConfig::modeId(defaults.mode)),
        QStringLiteral("echo|broadcast|sink"));
    const QCommandLineOption allowedOrigin(
        QStringLiteral("allowed-origin"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "Accept only clients whose Origin header is ORIGIN (repeat for more); by default "
                             "every origin is accepted.")),
        QStringLiteral("ORIGIN"));
    const QCommandLineOption token(
        QStringLiteral("token"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "Accept only clients that present TOKEN; by default none is needed. For development "
                             "only: every user of this machine can read it in the process list; use --token-file.")),
        QStringLiteral("TOKEN"));
    const QCommandLineOption tokenFile(
        QStringLiteral("token-file"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "Accept only clients that present the token held in FILE (read at each start; "
                             "surrounding white space such as a final newline is not part of it).")),
        QStringLiteral("FILE"));
    const QCommandLineOption logCsv(
        QStringLiteral("log-csv"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine", "Append every connection event to FILE as CSV.")),
        QStringLiteral("FILE"));

    parser.addOptions({help, version, headless, quiet, start, language, listen, path, mode});
    const QList<NumericOption> numeric = numericOptions();
    QList<QCommandLineOption> numericCommandOptions;
    for (const NumericOption &option : numeric) {
        numericCommandOptions.append(
            QCommandLineOption(option.name, numericDescription(option, defaults), numericValueName(option)));
        parser.addOption(numericCommandOptions.constLast());
    }
    const QCommandLineOption tlsCert(
        QStringLiteral("tls-cert"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "Serve wss:// (TLS) with the certificate in FILE (PEM, optionally followed by its "
                             "chain); needs --tls-key. By default plain ws://.")),
        QStringLiteral("FILE"));
    const QCommandLineOption tlsKey(
        QStringLiteral("tls-key"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "The unencrypted private key (RSA or EC, PEM) of --tls-cert.")),
        QStringLiteral("FILE"));
    const QCommandLineOption adminListen(
        QStringLiteral("admin-listen"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "Serve the admin channel (docs/admin-protocol.md: consoles and 'wsmonitor ctl' watch "
                             "and control this node) on its own address and port, e.g. 127.0.0.1:9090; port 0 "
                             "picks a free one. Off by default. Without a token file, loopback addresses only.")),
        QStringLiteral("ADDR:PORT"));
    const QCommandLineOption adminTokenFile(
        QStringLiteral("admin-token-file"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "The admin token, held in FILE: with --admin-listen, admin clients presenting it "
                             "have full control of this node; with --connect, the console presents it to those "
                             "nodes.")),
        QStringLiteral("FILE"));
    const QCommandLineOption adminReadOnlyTokenFile(
        QStringLiteral("admin-readonly-token-file"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "Admin clients presenting the token held in FILE may watch only: every command is "
                             "refused.")),
        QStringLiteral("FILE"));
    const QCommandLineOption adminTlsCert(
        QStringLiteral("admin-tls-cert"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "Serve the admin channel as wss:// with the certificate in FILE; needs "
                             "--admin-tls-key. By default the public --tls-cert and --tls-key when given, else ws://.")),
        QStringLiteral("FILE"));
    const QCommandLineOption adminTlsKey(
        QStringLiteral("admin-tls-key"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine", "The unencrypted private key of --admin-tls-cert.")),
        QStringLiteral("FILE"));
    const QCommandLineOption nodeName(
        QStringLiteral("node-name"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "The name this node gives of itself on the admin channel, 1 to %1 characters. "
                             "Default: the host name and the public port, e.g. edge-1:8080."))
            .arg(MaxNodeNameLength),
        QStringLiteral("NAME"));
    const QCommandLineOption connectNode(
        QStringLiteral("connect"),
        translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                             "Console: also watch the node whose admin channel is at URL (ws:// or wss://); "
                             "repeat for more.")),
        QStringLiteral("URL"));
    parser.addOptions({allowedOrigin, token, tokenFile, logCsv, tlsCert, tlsKey, dispatcher});
    parser.addOptions({adminListen, adminTokenFile, adminReadOnlyTokenFile, adminTlsCert, adminTlsKey, nodeName,
                       connectNode});
    const ClusterCommandLineOptions clusterOptions;
    parser.addOptions(clusterOptions.all());
    const SseCommandLineOptions sseOptions;
    parser.addOptions(sseOptions.all());
    const IdentityCommandLineOptions identityOptions;
    parser.addOptions(identityOptions.all());

    const bool parsed = parser.parse(arguments);

    // Asked for help or the version: that is the answer, whatever else is on the line.
    if (parser.isSet(help)) {
        result.outcome = CommandLine::Outcome::ShowHelp;
        QString text = parser.helpText();
        // The usage line names whatever binary parsed it ("<executable_name>" without an
        // application); the operator types wsmonitor.
        const QString program = QCoreApplication::instance() && !QCoreApplication::arguments().isEmpty()
            ? QCoreApplication::arguments().constFirst()
            : QStringLiteral("<executable_name>");
        const int lineEnd = text.indexOf(QLatin1Char('\n'));
        const int at = text.indexOf(program);
        if (!program.isEmpty() && at >= 0 && (lineEnd < 0 || at < lineEnd))
            text.replace(at, program.size(), QStringLiteral("wsmonitor"));
        result.helpText = text;
        return result;
    }
    if (parser.isSet(version)) {
        result.outcome = CommandLine::Outcome::ShowVersion;
        result.helpText = versionText();
        return result;
    }

    QStringList errors;
    if (!parsed) {
        const QStringList unknown = parser.unknownOptionNames();
        if (!unknown.isEmpty()) {
            for (const QString &name : unknown) {
                errors.append(translated(QT_TRANSLATE_NOOP("wsm::CommandLine", "Unknown option '%1'; see --help."))
                                  .arg(asTyped(name, arguments)));
            }
        } else {
            errors.append(parser.errorText()); // e.g. a missing value, in Qt's words
        }
    }
    for (const QString &extra : parser.positionalArguments()) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                           "Unexpected argument '%1': wsmonitor takes options only; see --help."))
                          .arg(extra));
    }

    result.headless = parser.isSet(headless);
    result.quiet = parser.isSet(quiet);
    result.startServer = parser.isSet(start);
    ServerConfig &config = result.config;

    // A repeated single-value option takes its last value, as most tools do. No value at all (a
    // missing one) was already reported by the parser.
    auto lastValue = [&parser](const QCommandLineOption &option, QString *value) {
        const QStringList values = parser.values(option);
        if (values.isEmpty())
            return false;
        *value = values.constLast();
        return true;
    };
    QString text;
    if (lastValue(listen, &text) && !parseAddressAndPort(text, &config.listenAddress, &config.port))
        errors.append(listenError(text));
    if (lastValue(path, &text))
        config.path = text;
    if (lastValue(mode, &text) && !ServerConfig::parseMode(text, &config.mode)) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::CommandLine", "--mode takes echo, broadcast or sink; got '%1'."))
                          .arg(text));
    }
    for (int i = 0; i < numeric.size(); ++i) {
        const NumericOption &option = numeric.at(i);
        if (!lastValue(numericCommandOptions.at(i), &text))
            continue;
        double value = 0;
        if (!parseNumber(text, option.integer, &value) || value < option.minimum || value > option.maximum)
            errors.append(rangeError(option, text));
        else
            setNumericOption(&config, option.name, value);
    }
    if (lastValue(dispatcher, &text) && !ServerController::parseEventDispatcher(text, &result.eventDispatcher)) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::CommandLine", "--event-dispatcher takes epoll or qt; got '%1'."))
                          .arg(text));
    }
    if (parser.isSet(allowedOrigin))
        config.allowedOrigins = parser.values(allowedOrigin);
    if (lastValue(language, &text)) {
        // QLocale falls back to "C" for a name it cannot read: that is a typo, not a language.
        if (QLocale(text).language() == QLocale::C && text != QLatin1String("C"))
            errors.append(translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                               "--lang takes a locale name such as zh_CN or en; got '%1'."))
                              .arg(text));
        else
            result.language = text;
    }
    // One token from the command line replaces a saved one of the other kind; both on the line is
    // the error validate() gives.
    const bool tokenGiven = lastValue(token, &text);
    if (tokenGiven) {
        config.token = text;
        config.tokenFile.clear();
    }
    if (lastValue(tokenFile, &text)) {
        config.tokenFile = text;
        if (!tokenGiven)
            config.token.clear();
    }
    if (lastValue(logCsv, &text))
        config.logCsvPath = text;
    if (lastValue(tlsCert, &text))
        config.tlsCertificatePath = text;
    if (lastValue(tlsKey, &text))
        config.tlsKeyPath = text;
    for (const QString &given : parser.values(connectNode)) {
        const QUrl url(given, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || (scheme != QLatin1String("ws") && scheme != QLatin1String("wss")) || url.host().isEmpty()) {
            errors.append(translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                               "--connect takes a ws:// or wss:// admin URL with a host, e.g. "
                                               "ws://node.example:9001/admin; got '%1'."))
                              .arg(given));
        } else {
            result.connectUrls.append(url);
        }
    }
    if (result.headless && parser.isSet(connectNode)) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                           "--connect is for the console; a headless node is watched, not watching.")));
    }

    parseAdminOptions(
        [&](const QCommandLineOption &option, QString *value) { return lastValue(option, value); },
        {adminListen, adminTokenFile, adminReadOnlyTokenFile, adminTlsCert, adminTlsKey, nodeName}, &result,
        &errors);
    // One admin token for a cluster of nodes: the console presents the one this node accepts.
    result.adminTokenFile = result.admin.fullTokenFile;
    parseClusterOptions(lastValue, clusterOptions, &result, &errors);
    parseSseOptions(lastValue, sseOptions, &result);
    parseIdentityOptions(lastValue, identityOptions, &result, &errors);

    // Rules across fields (timeout above interval) and text rules (path, token) live in validate(),
    // shared with the settings dialog.
    const QString invalid = config.validate();
    if (!invalid.isEmpty())
        errors += invalid.split(QLatin1Char('\n'));

    if (!errors.isEmpty()) {
        result.outcome = CommandLine::Outcome::Error;
        result.errorText = errors.join(QLatin1Char('\n'));
    }
    return result;
}

} // namespace wsm
