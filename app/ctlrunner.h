#pragma once

#include "adminlink.h"
#include "ctlcommandline.h"
#include "snapshotdelta.h"

#include <QHash>
#include <QObject>

#include <cstdio>

namespace wsm {

// Exit codes of `wsmonitor ctl`, for scripts.
enum CtlExitCode : int {
    CtlDone = 0,
    CtlFailed = 1,        // the node refused the command (a read-only token) or it failed
    CtlBadCommandLine = 2,
    CtlUnreachable = 3,   // nothing listens, no answer, not a node, or the token refused
};

// One `wsmonitor ctl` command against one node: attaches, asks, prints the answer and ends the event
// loop with the exit code. Output goes to the streams given (stdout and stderr in the program).
class CtlRunner : public QObject
{
    Q_OBJECT

public:
    CtlRunner(const CtlCommandLine &commandLine, const QByteArray &token, FILE *out = stdout,
              FILE *err = stderr, QObject *parent = nullptr);

    void start();
    // Ctrl+C or SIGTERM: a following `events` ends with 0, anything else with what it had.
    void stopRequested();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onHello(const admin::HelloMessage &hello);
    void onSnapshot(const QJsonObject &message);
    // kick --identity: the ids of that identity's clients in the node's table, then the kick.
    void kickIdentity(const Snapshot &snapshot);
    void onEvents(const QList<ConnectionEvent> &events, bool recent);
    void onResult(const admin::ResultMessage &result);
    void onLinkDown(const QString &why);
    // The command itself, once the clients it names are known to be there.
    void sendCommand();
    void print(const QString &text);
    void printJson(const QJsonValue &value, bool compact = false);
    void finish(int exitCode, const QString &message = QString());
    void finishNothingDone(const QString &message);

    CtlCommandLine m_commandLine;
    QByteArray m_token;
    FILE *m_out;
    FILE *m_err;
    AdminLink m_link;
    SnapshotDecoder m_decoder;
    QHash<quint64, quint64> m_lookups; // details request id -> client id, before a kick or send
    QList<quint64> m_missing;          // client ids the node does not know
    quint64 m_commandId = 0;
    bool m_following = false;          // events --follow: the recent ones are printed
    bool m_done = false;
};

// `wsmonitor ctl ...`: runs the whole program (its own QCoreApplication) and returns the exit code.
int runCtl(int argc, char *argv[]);

} // namespace wsm
