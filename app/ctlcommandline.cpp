#include "ctlcommandline.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>

#include <array>

namespace wsm {

namespace {

const char *const Context = "wsm::CtlCommandLine";

QString translated(const char *text)
{
    return QCoreApplication::translate(Context, text);
}

// Kicks use the application range of close codes; a ban lasts at most a year (as the node allows).
constexpr int MinimumKickCode = 4000;
constexpr int MaximumKickCode = 4999;
constexpr qint64 MaximumBanMinutes = 366 * 24 * 60;
// As --node-name allows.
constexpr int MaximumNodeNameLength = 100;

struct CommandSpec
{
    const char *name;
    CtlCommandLine::Command command;
    const char *arguments;   // as the usage line shows them
    const char *description;
    int minimumArguments;
    int maximumArguments;    // -1: any number
};

const std::array<CommandSpec, 11> Commands{{
    {"status", CtlCommandLine::Command::Status, "",
     QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "The node: name, version, URL, uptime, clients, rates and totals."), 0, 0},
    {"clients", CtlCommandLine::Command::Clients, "",
     QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "Every connected client, one per line."), 0, 0},
    {"events", CtlCommandLine::Command::Events, "",
     QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "The recent connection events (connects, ends, refusals)."), 0, 0},
    // No id with --identity SUB: checked after parsing.
    {"kick", CtlCommandLine::Command::Kick, "ID...",
     QT_TRANSLATE_NOOP("wsm::CtlCommandLine",
                       "Close the connections of these clients, or with --identity of every client of an identity."),
     0, -1},
    {"kick-all", CtlCommandLine::Command::KickAll, "",
     QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "Close every client's connection."), 0, 0},
    {"ban", CtlCommandLine::Command::Ban, "TARGET",
     QT_TRANSLATE_NOOP("wsm::CtlCommandLine",
                       "Refuse an address, a CIDR range or an identity (e.g. 192.0.2.7, 10.0.0.0/8, "
                       "identity:alice) and close its clients."), 1, 1},
    {"unban", CtlCommandLine::Command::Unban, "TARGET",
     QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "Lift the ban of an address, a range or an identity."), 1, 1},
    {"bans", CtlCommandLine::Command::Bans, "",
     QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "The active bans: target, reason, expiry."), 0, 0},
    {"send", CtlCommandLine::Command::Send, "ID TEXT",
     QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "Send a text message to one client."), 2, 2},
    {"broadcast", CtlCommandLine::Command::Broadcast, "TEXT",
     QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "Send a text message to every client."), 1, 1},
    {"nodes", CtlCommandLine::Command::Nodes, "",
     QT_TRANSLATE_NOOP("wsm::CtlCommandLine",
                       "The nodes of this node's cluster as its registry lists them (outside a cluster, this node), "
                       "the attached one marked, and the cluster's total clients and rates."),
     0, 0},
}};

const CommandSpec *findCommand(const QString &name)
{
    for (const CommandSpec &spec : Commands) {
        if (name == QLatin1String(spec.name))
            return &spec;
    }
    return nullptr;
}

struct GlobalOptions
{
    QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")},
                            translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "Show this help and exit."))};
    QCommandLineOption connect{
        QStringLiteral("connect"),
        translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine",
                                     "The node's admin URL (ws:// or wss://). Default: $WSMONITOR_ADMIN, "
                                     "else ws://127.0.0.1:9090/.")),
        QStringLiteral("URL")};
    QCommandLineOption tokenFile{
        QStringLiteral("token-file"),
        translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine",
                                     "Present the admin token held in FILE. Default: the file named by "
                                     "$WSMONITOR_ADMIN_TOKEN_FILE; none without it. Never on the command line.")),
        QStringLiteral("FILE")};
    QCommandLineOption json{QStringLiteral("json"),
                            translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "Print JSON instead of a table."))};

    QList<QCommandLineOption> all() const { return {help, connect, tokenFile, json}; }
};

QStringList optionNames(const QList<QCommandLineOption> &options)
{
    QStringList names;
    for (const QCommandLineOption &option : options) {
        for (const QString &name : option.names()) {
            if (name.size() > 1)
                names.append(QStringLiteral("--") + name);
        }
    }
    return names;
}

// The help of a parser with our own usage line: Qt's names whatever binary runs it.
QString helpWithUsage(const QCommandLineParser &parser, const QString &usage)
{
    QString text = parser.helpText();
    const int lineEnd = text.indexOf(QLatin1Char('\n'));
    return translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "Usage: %1")).arg(usage)
        + (lineEnd >= 0 ? text.mid(lineEnd) : QString());
}

QString unknownOptions(const QCommandLineParser &parser, const QString &where, const QStringList &allowed)
{
    QStringList errors;
    for (const QString &name : parser.unknownOptionNames()) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "Unknown option '%1' for %2; it takes %3."))
                          .arg((name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name, where,
                               allowed.join(QStringLiteral(", "))));
    }
    if (errors.isEmpty())
        errors.append(parser.errorText()); // e.g. a missing value, in Qt's words
    return errors.join(QLatin1Char('\n'));
}

bool parseId(const QString &text, quint64 *id)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,15}$"));
    if (!digits.match(text).hasMatch())
        return false;
    *id = text.toULongLong();
    return *id > 0;
}

bool parseInteger(const QString &text, qint64 minimum, qint64 maximum, qint64 *value)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,12}$"));
    if (!digits.match(text).hasMatch())
        return false;
    *value = text.toLongLong();
    return *value >= minimum && *value <= maximum;
}

bool parseAdminUrl(const QString &text, QUrl *url)
{
    QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty()
        || (parsed.scheme() != QLatin1String("ws") && parsed.scheme() != QLatin1String("wss")))
        return false;
    if (parsed.path().isEmpty())
        parsed.setPath(QStringLiteral("/"));
    *url = parsed;
    return true;
}

QString generalHelp(const QCommandLineParser &parser)
{
    QString text = helpWithUsage(parser, QStringLiteral("wsmonitor ctl [--connect URL] [--token-file FILE] [--json] "
                                                        "COMMAND [ARGUMENTS]"));
    text += QLatin1Char('\n') + translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "Commands:")) + QLatin1Char('\n');
    for (const CommandSpec &spec : Commands) {
        const QString synopsis = QLatin1String(spec.name) + QLatin1Char(' ') + QLatin1String(spec.arguments);
        text += QStringLiteral("  %1 %2\n").arg(synopsis.leftJustified(16), translated(spec.description));
    }
    text += QLatin1Char('\n')
        + translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine",
                                       "Run 'wsmonitor ctl COMMAND --help' for a command's options.\n"
                                       "Exit codes: 0 done; 1 the node refused or the command failed; 2 bad "
                                       "command line; 3 the node cannot be reached or refused the token."))
        + QLatin1Char('\n');
    return text;
}

} // namespace

QStringList ctlCommandNames()
{
    QStringList names;
    for (const CommandSpec &spec : Commands)
        names.append(QLatin1String(spec.name));
    return names;
}

CtlCommandLine parseCtlCommandLine(const QStringList &arguments, const QProcessEnvironment &environment)
{
    CtlCommandLine result;
    const QStringList rest = arguments.mid(2); // after the program and "ctl"
    auto fail = [&result](const QString &text) {
        result.outcome = CtlCommandLine::Outcome::Error;
        result.errorText = text;
        return result;
    };

    // The options before the command; everything from the command on is the command's.
    const GlobalOptions global;
    QCommandLineParser first;
    first.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    first.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    first.setApplicationDescription(
        translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "Watch and control a wsmonitor node over its admin channel.")));
    first.addOptions(global.all());
    const bool firstParsed = first.parse(QStringList{QStringLiteral("wsmonitor ctl")} + rest);
    if (!firstParsed) {
        return fail(unknownOptions(first, QStringLiteral("'wsmonitor ctl'"), optionNames(global.all())
                                                                                 + QStringList{translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "then a command"))}));
    }
    const QStringList positional = first.positionalArguments();
    if (positional.isEmpty()) {
        if (first.isSet(global.help)) {
            result.outcome = CtlCommandLine::Outcome::ShowHelp;
            result.helpText = generalHelp(first);
            return result;
        }
        return fail(translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "No command given; one of: %1."))
                        .arg(ctlCommandNames().join(QStringLiteral(", "))));
    }
    const CommandSpec *spec = findCommand(positional.first());
    if (!spec) {
        return fail(translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "Unknown command '%1'; one of: %2."))
                        .arg(positional.first(), ctlCommandNames().join(QStringLiteral(", "))));
    }
    result.command = spec->command;
    const QString where = QStringLiteral("'%1'").arg(QLatin1String(spec->name));

    // The command's own options; the global ones are also taken after the command.
    const QCommandLineOption follow(
        QStringLiteral("follow"),
        translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine",
                                     "Keep printing new events until Ctrl+C, SIGTERM or the link drops.")));
    const QCommandLineOption code(
        QStringLiteral("code"),
        translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "The close code, %1 to %2; default %1."))
            .arg(MinimumKickCode)
            .arg(MaximumKickCode),
        QStringLiteral("N"));
    const QCommandLineOption reason(
        QStringLiteral("reason"),
        translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "The reason, sent to the clients and kept in the log.")),
        QStringLiteral("TEXT"));
    const QCommandLineOption minutes(
        QStringLiteral("minutes"),
        translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "How long the ban lasts, 1 to %1 minutes; by default "
                                                            "until it is lifted."))
            .arg(MaximumBanMinutes),
        QStringLiteral("N"));
    const QCommandLineOption node(
        QStringLiteral("node"),
        translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine",
                                     "The node of the cluster whose client it is, by its --node-name; the node "
                                     "attached to passes the command on. Default: the node attached to.")),
        QStringLiteral("NAME"));
    const QCommandLineOption identity(
        QStringLiteral("identity"),
        translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine",
                                     "Instead of ids: every client of the node attached to whose identity (the "
                                     "token's sub, as 'clients' lists it) is SUB.")),
        QStringLiteral("SUB"));
    QList<QCommandLineOption> own;
    switch (spec->command) {
    case CtlCommandLine::Command::Events:
        own = {follow};
        break;
    case CtlCommandLine::Command::Kick:
        own = {code, reason, node, identity};
        break;
    case CtlCommandLine::Command::KickAll:
        own = {code, reason};
        break;
    case CtlCommandLine::Command::Send:
        own = {node};
        break;
    case CtlCommandLine::Command::Ban:
        own = {minutes, reason};
        break;
    default:
        break;
    }
    QCommandLineParser second;
    second.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    second.setApplicationDescription(translated(spec->description));
    second.addOptions(own);
    second.addOptions(global.all());
    if (spec->arguments[0] != '\0')
        second.addPositionalArgument(QLatin1String(spec->arguments), QString());
    const QString usage = QStringLiteral("wsmonitor ctl [--connect URL] [--token-file FILE] [--json] %1%2 %3")
                              .arg(QLatin1String(spec->name), own.isEmpty() ? QString() : QStringLiteral(" [options]"),
                                   QLatin1String(spec->arguments))
                              .trimmed();
    if (!second.parse(QStringList{QStringLiteral("wsmonitor ctl ") + QLatin1String(spec->name)} + positional.mid(1))) {
        if (second.isSet(global.help) && second.unknownOptionNames().isEmpty()) {
            result.outcome = CtlCommandLine::Outcome::ShowHelp;
            result.helpText = helpWithUsage(second, usage);
            return result;
        }
        return fail(unknownOptions(second, where, optionNames(own + global.all())));
    }
    if (first.isSet(global.help) || second.isSet(global.help)) {
        result.outcome = CtlCommandLine::Outcome::ShowHelp;
        result.helpText = helpWithUsage(second, usage);
        return result;
    }

    // Asked only of the options this command has (the parser warns about the others).
    const auto given = [&own, &second](const QCommandLineOption &option) {
        for (const QCommandLineOption &mine : std::as_const(own)) {
            if (mine.names() == option.names())
                return second.isSet(option);
        }
        return false;
    };

    QStringList errors;
    const QStringList values = second.positionalArguments();
    if (values.size() < spec->minimumArguments || (spec->maximumArguments >= 0 && values.size() > spec->maximumArguments)) {
        errors.append(spec->arguments[0] == '\0'
                          ? translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "%1 takes no arguments; got '%2'."))
                                .arg(where, values.join(QLatin1Char(' ')))
                          : translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "%1 takes %2; got %3."))
                                .arg(where, QLatin1String(spec->arguments),
                                     values.isEmpty() ? translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "nothing"))
                                                      : QLatin1Char('\'') + values.join(QStringLiteral("' '")) + QLatin1Char('\'')));
    } else {
        switch (spec->command) {
        case CtlCommandLine::Command::Kick:
        case CtlCommandLine::Command::Send:
            for (int i = 0; i < (spec->command == CtlCommandLine::Command::Send ? 1 : values.size()); ++i) {
                quint64 id = 0;
                if (parseId(values.at(i), &id)) {
                    result.sessionIds.append(id);
                } else {
                    errors.append(translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine",
                                                               "%1: '%2' is not a client id (a number from 1 up, as "
                                                               "'wsmonitor ctl clients' lists them)."))
                                      .arg(where, values.at(i)));
                }
            }
            if (spec->command == CtlCommandLine::Command::Send)
                result.text = values.at(1);
            break;
        case CtlCommandLine::Command::Ban:
        case CtlCommandLine::Command::Unban:
            result.target = values.first();
            break;
        case CtlCommandLine::Command::Broadcast:
            result.text = values.first();
            break;
        default:
            break;
        }
    }
    if ((result.command == CtlCommandLine::Command::Send || result.command == CtlCommandLine::Command::Broadcast)
        && errors.isEmpty() && result.text.isEmpty()) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "%1: the message is empty.")).arg(where));
    }

    result.follow = given(follow);
    result.json = first.isSet(global.json) || second.isSet(global.json);
    qint64 number = 0;
    if (given(code)) {
        if (parseInteger(second.value(code), MinimumKickCode, MaximumKickCode, &number))
            result.closeCode = int(number);
        else
            errors.append(translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "--code takes %1 to %2; got '%3'."))
                              .arg(MinimumKickCode)
                              .arg(MaximumKickCode)
                              .arg(second.value(code)));
    }
    if (given(minutes)) {
        if (parseInteger(second.value(minutes), 1, MaximumBanMinutes, &number))
            result.durationMs = number * 60 * 1000;
        else
            errors.append(translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "--minutes takes 1 to %1; got '%2'."))
                              .arg(MaximumBanMinutes)
                              .arg(second.value(minutes)));
    }
    if (given(reason))
        result.reason = second.value(reason);
    if (given(identity)) {
        result.identity = second.value(identity);
        if (result.identity.isEmpty())
            errors.append(translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "--identity takes an identity; got ''.")));
        else if (!result.sessionIds.isEmpty())
            errors.append(translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine",
                                                       "%1 takes either client ids or --identity, not both."))
                              .arg(where));
        else if (given(node))
            // The admin protocol lists only the attached node's clients.
            errors.append(translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine",
                                                       "--identity kicks the clients of the node attached to; "
                                                       "to reach node %1's, --connect to its admin channel."))
                              .arg(second.value(node)));
    } else if (result.command == CtlCommandLine::Command::Kick && values.isEmpty()) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine", "%1 takes ID... or --identity SUB; got nothing."))
                          .arg(where));
    }
    if (given(node)) {
        static const QRegularExpression control(QStringLiteral("[\\x00-\\x1f\\x7f]"));
        const QString name = second.value(node);
        if (name.trimmed().isEmpty() || name.size() > MaximumNodeNameLength || control.match(name).hasMatch())
            errors.append(translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine",
                                                       "--node takes a node's name, 1 to %1 printable characters; "
                                                       "got '%2'."))
                              .arg(MaximumNodeNameLength)
                              .arg(name));
        else
            result.node = name;
    }

    // The last --connect or --token-file wins, wherever it was given.
    QString urlText = environment.value(QStringLiteral("WSMONITOR_ADMIN"));
    for (const QCommandLineParser *parser : {&first, &second}) {
        if (parser->isSet(global.connect))
            urlText = parser->values(global.connect).constLast();
        if (parser->isSet(global.tokenFile))
            result.tokenFile = parser->values(global.tokenFile).constLast();
    }
    if (urlText.isEmpty())
        urlText = QStringLiteral("ws://127.0.0.1:9090/");
    if (!parseAdminUrl(urlText, &result.url)) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::CtlCommandLine",
                                                   "--connect takes ws://HOST:PORT/ or wss://HOST:PORT/; got '%1'."))
                          .arg(urlText));
    }
    if (result.tokenFile.isEmpty())
        result.tokenFile = environment.value(QStringLiteral("WSMONITOR_ADMIN_TOKEN_FILE"));

    if (!errors.isEmpty())
        return fail(errors.join(QLatin1Char('\n')));
    return result;
}

} // namespace wsm
