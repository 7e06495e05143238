#include "ctlrunner.h"

#include "ctloutput.h"
#include "secretfile.h"
#include "stopsignals.h"
#include "translations.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace wsm {

namespace {

QString translated(const char *text)
{
    return QCoreApplication::translate("wsm::CtlRunner", text);
}

} // namespace

CtlRunner::CtlRunner(const CtlCommandLine &commandLine, const QByteArray &token, FILE *out, FILE *err,
                     QObject *parent)
    : QObject(parent)
    , m_commandLine(commandLine)
    , m_token(token)
    , m_out(out)
    , m_err(err)
{
    connect(&m_link, &AdminLink::helloReceived, this, &CtlRunner::onHello);
    connect(&m_link, &AdminLink::snapshotMessage, this, &CtlRunner::onSnapshot);
    connect(&m_link, &AdminLink::eventsReceived, this, &CtlRunner::onEvents);
    connect(&m_link, &AdminLink::resultReceived, this, &CtlRunner::onResult);
    connect(&m_link, &AdminLink::linkLost, this, &CtlRunner::onLinkDown);
    connect(&m_link, &AdminLink::refused, this, &CtlRunner::onLinkDown);
    connect(&m_link, &AdminLink::errorMessage, this, [this](const QString &message) {
        finish(CtlFailed, translated(QT_TRANSLATE_NOOP("wsm::CtlRunner", "The node could not take the request: %1"))
                              .arg(message));
    });
}

void CtlRunner::start()
{
    m_link.open(m_commandLine.url, m_token);
}

void CtlRunner::stopRequested()
{
    finish(m_following ? CtlDone : CtlFailed,
           m_following ? QString() : translated(QT_TRANSLATE_NOOP("wsm::CtlRunner", "Interrupted.")));
}

void CtlRunner::onHello(const admin::HelloMessage &hello)
{
    using Command = CtlCommandLine::Command;
    if (m_commandLine.node == hello.node.name)
        m_commandLine.node.clear(); // --node naming the node attached to: its own clients
    // An older node would ignore "node" and act on its own client of that id.
    if (!m_commandLine.node.isEmpty() && !hello.capabilities.contains(admin::ClusterControlCapability)) {
        finish(CtlFailed, translated(QT_TRANSLATE_NOOP("wsm::CtlRunner",
                                                       "%1 runs an older wsmonitor that cannot reach the clients "
                                                       "of node %2; nothing was done."))
                              .arg(hello.node.name, m_commandLine.node));
        return;
    }
    switch (m_commandLine.command) {
    case Command::Status:
    case Command::Clients:
    case Command::Bans:
    case Command::Nodes: // the cluster's registry is in the snapshot; outside one, the nodes command
        m_link.subscribe(true, false);
        break;
    case Command::Events:
        m_link.subscribe(false, true);
        break;
    case Command::Kick:
        if (!m_commandLine.identity.isEmpty()) {
            // Its clients are found in the node's table; kicked by id once it has come.
            m_link.subscribe(true, false);
            break;
        }
        Q_FALLTHROUGH();
    case Command::Send:
        // The node skips ids it does not know; a script asked for these clients, so it learns
        // that some are not there (and nothing is done) instead of a quiet success.
        for (quint64 id : std::as_const(m_commandLine.sessionIds)) {
            admin::CommandMessage lookup;
            lookup.kind = admin::CommandKind::Details;
            lookup.sessionId = id;
            lookup.node = m_commandLine.node;
            m_lookups.insert(m_link.sendCommand(lookup), id);
        }
        break;
    default:
        sendCommand();
        break;
    }
}

void CtlRunner::sendCommand()
{
    using Command = CtlCommandLine::Command;
    admin::CommandMessage command;
    command.closeCode = m_commandLine.closeCode;
    command.reason = m_commandLine.reason;
    command.node = m_commandLine.node; // kick and send; the others never have it
    switch (m_commandLine.command) {
    case Command::Kick:
        command.kind = admin::CommandKind::Kick;
        command.sessionIds = m_commandLine.sessionIds;
        break;
    case Command::KickAll:
        command.kind = admin::CommandKind::KickAll;
        break;
    case Command::Ban:
        command.kind = admin::CommandKind::Ban;
        command.target = m_commandLine.target;
        command.durationMs = m_commandLine.durationMs;
        break;
    case Command::Unban:
        command.kind = admin::CommandKind::Unban;
        command.target = m_commandLine.target;
        break;
    case Command::Send:
        command.kind = admin::CommandKind::Send;
        command.sessionId = m_commandLine.sessionIds.value(0);
        command.message = OutgoingMessage::fromText(m_commandLine.text);
        break;
    case Command::Broadcast:
        command.kind = admin::CommandKind::Broadcast;
        command.message = OutgoingMessage::fromText(m_commandLine.text);
        break;
    default:
        command.kind = admin::CommandKind::Nodes;
        break;
    }
    m_commandId = m_link.sendCommand(command);
}

void CtlRunner::onSnapshot(const QJsonObject &message)
{
    if (m_done)
        return;
    if (m_decoder.apply(message) != SnapshotDecoder::Result::Applied) {
        finish(CtlFailed, translated(QT_TRANSLATE_NOOP("wsm::CtlRunner", "The node's snapshot could not be read: %1"))
                              .arg(m_decoder.error()));
        return;
    }
    const Snapshot &snapshot = m_decoder.snapshot();
    const admin::HelloMessage &hello = m_link.hello();
    switch (m_commandLine.command) {
    case CtlCommandLine::Command::Nodes:
        if (!snapshot.cluster.enabled) {
            if (m_commandId == 0)
                sendCommand(); // this node alone: as it describes itself
            return;
        }
        if (m_commandLine.json)
            printJson(ctl::clusterNodesJson(snapshot.cluster));
        else
            print(ctl::clusterNodesTable(snapshot.cluster));
        break;
    case CtlCommandLine::Command::Status:
        if (m_commandLine.json)
            printJson(ctl::statusJson(hello, snapshot));
        else
            print(ctl::statusText(hello, snapshot));
        break;
    case CtlCommandLine::Command::Clients:
        if (m_commandLine.json)
            printJson(ctl::clientsJson(snapshot, hello.node.name));
        else
            print(ctl::clientsTable(snapshot));
        break;
    case CtlCommandLine::Command::Kick:
        kickIdentity(snapshot);
        return;
    default:
        if (m_commandLine.json)
            printJson(ctl::bansJson(snapshot.bans));
        else
            print(ctl::bansTable(snapshot.bans));
        break;
    }
    finish(CtlDone);
}

void CtlRunner::kickIdentity(const Snapshot &snapshot)
{
    if (m_commandId != 0)
        return; // later snapshots while the kick is on its way
    m_commandLine.sessionIds.clear();
    for (const SessionRow &row : snapshot.sessions) {
        if (row.identity == m_commandLine.identity)
            m_commandLine.sessionIds.append(row.id);
    }
    if (!m_commandLine.sessionIds.isEmpty()) {
        sendCommand();
        return;
    }
    // As for ids that are not there: a script learns that nothing was done.
    const QString message = translated(QT_TRANSLATE_NOOP("wsm::CtlRunner", "No client of identity %1 on %2; nothing was done."))
                                .arg(m_commandLine.identity, m_link.hello().node.name);
    finishNothingDone(message);
}

void CtlRunner::onEvents(const QList<ConnectionEvent> &events, bool recent)
{
    if (m_done || m_commandLine.command != CtlCommandLine::Command::Events)
        return;
    if (m_commandLine.json) {
        if (m_commandLine.follow) {
            // One event per line (JSON Lines), so that a script reads them as they come.
            for (const ConnectionEvent &event : events)
                printJson(ctl::eventJson(event), true);
        } else {
            QJsonArray array;
            for (const ConnectionEvent &event : events)
                array.append(ctl::eventJson(event));
            printJson(array);
        }
    } else {
        print(ctl::eventsTable(events, recent));
    }
    if (!m_commandLine.follow) {
        finish(CtlDone);
        return;
    }
    m_following = true;
}

void CtlRunner::onResult(const admin::ResultMessage &result)
{
    if (m_done)
        return;
    const auto lookup = m_lookups.constFind(result.id);
    if (lookup != m_lookups.constEnd()) {
        const quint64 sessionId = *lookup;
        m_lookups.erase(lookup);
        if (!result.ok) {
            // The node named could not be asked (not in a cluster, no such node, no answer): its why.
            if (m_commandLine.json)
                printJson(ctl::resultJson(result));
            finish(CtlFailed, result.message);
            return;
        }
        if (!result.hasDetails || !result.details.found)
            m_missing.append(sessionId);
        if (!m_lookups.isEmpty())
            return;
        if (m_missing.isEmpty()) {
            sendCommand();
            return;
        }
        QStringList ids;
        for (quint64 id : std::as_const(m_missing))
            ids.append(QString::number(id));
        const QString message =
            translated(QT_TRANSLATE_NOOP("wsm::CtlRunner", "No client with id %1 on %2; nothing was done."))
                .arg(ids.join(QStringLiteral(", ")),
                     m_commandLine.node.isEmpty() ? m_link.hello().node.name : m_commandLine.node);
        finishNothingDone(message);
        return;
    }
    if (result.id != m_commandId)
        return;
    if (m_commandLine.command == CtlCommandLine::Command::Nodes && result.ok) {
        if (m_commandLine.json)
            printJson(ctl::nodesJson(result.nodes));
        else
            print(ctl::nodesTable(result.nodes));
        finish(CtlDone);
        return;
    }
    if (m_commandLine.json) {
        printJson(ctl::resultJson(result));
        finish(result.ok ? CtlDone : CtlFailed);
        return;
    }
    if (result.ok) {
        print(result.message + QLatin1Char('\n'));
        finish(CtlDone);
    } else {
        finish(CtlFailed, result.message);
    }
}

void CtlRunner::onLinkDown(const QString &why)
{
    finish(CtlUnreachable, why);
}

void CtlRunner::print(const QString &text)
{
    std::fputs(text.toUtf8().constData(), m_out);
    std::fflush(m_out);
}

void CtlRunner::printJson(const QJsonValue &value, bool compact)
{
    const QJsonDocument::JsonFormat format = compact ? QJsonDocument::Compact : QJsonDocument::Indented;
    QByteArray bytes = value.isArray() ? QJsonDocument(value.toArray()).toJson(format)
                                       : QJsonDocument(value.toObject()).toJson(format);
    if (!bytes.endsWith('\n'))
        bytes += '\n';
    std::fputs(bytes.constData(), m_out);
    std::fflush(m_out);
}

// Nothing was sent to the node (no client matched): a script reads the same refusal a node gives.
void CtlRunner::finishNothingDone(const QString &message)
{
    if (m_commandLine.json) {
        admin::ResultMessage refusal;
        refusal.code = admin::Invalid;
        refusal.message = message;
        printJson(ctl::resultJson(refusal));
    }
    finish(CtlFailed, message);
}

void CtlRunner::finish(int exitCode, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    if (!message.isEmpty()) {
        std::fprintf(m_err, "wsmonitor ctl: %s\n", message.toUtf8().constData());
        std::fflush(m_err);
    }
    m_link.close();
    Q_EMIT finished(exitCode);
}

int runCtl(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("wsmonitor"));
    QCoreApplication::setOrganizationName(QStringLiteral("wsmonitor"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WSM_VERSION));
    installTranslations(QString());

    const CtlCommandLine commandLine = parseCtlCommandLine(QCoreApplication::arguments());
    switch (commandLine.outcome) {
    case CtlCommandLine::Outcome::ShowHelp:
        std::fputs(commandLine.helpText.toUtf8().constData(), stdout);
        return CtlDone;
    case CtlCommandLine::Outcome::Error:
        std::fprintf(stderr, "wsmonitor ctl: %s\n%s\n", commandLine.errorText.toUtf8().constData(),
                     translated(QT_TRANSLATE_NOOP("wsm::CtlRunner", "Run 'wsmonitor ctl --help' for the commands, "
                                                                    "'wsmonitor ctl COMMAND --help' for one."))
                         .toUtf8()
                         .constData());
        return CtlBadCommandLine;
    case CtlCommandLine::Outcome::Run:
        break;
    }
    QString token;
    if (!commandLine.tokenFile.isEmpty()) {
        QString error;
        if (!readSecretFile(commandLine.tokenFile, &token, &error)) {
            std::fprintf(stderr, "wsmonitor ctl: --token-file: %s\n", error.toUtf8().constData());
            return CtlBadCommandLine;
        }
    }

    CtlRunner runner(commandLine, token.toUtf8());
    QObject::connect(&runner, &CtlRunner::finished, &app, [](int exitCode) { QCoreApplication::exit(exitCode); });
    StopSignals stopSignals;
    QObject::connect(&stopSignals, &StopSignals::stopRequested, &runner, &CtlRunner::stopRequested);
    runner.start();
    return QCoreApplication::exec();
}

} // namespace wsm
