#pragma once

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace wsm {

// What `wsmonitor ctl [--connect URL] [--token-file FILE] [--json] COMMAND ...` asked for. A plain
// value: parsing never prints, never exits and reads no file, so tests drive it without a process;
// runCtl() decides what to show and the exit code (2 on Error).
struct CtlCommandLine
{
    enum class Outcome { Run, ShowHelp, Error };
    enum class Command { None, Status, Clients, Events, Kick, KickAll, Ban, Unban, Bans, Send, Broadcast, Nodes };

    Outcome outcome = Outcome::Run;
    Command command = Command::None;
    QUrl url;                  // --connect, else $WSMONITOR_ADMIN, else ws://127.0.0.1:9090/
    QString tokenFile;         // --token-file, else $WSMONITOR_ADMIN_TOKEN_FILE; empty: no token
    bool json = false;
    bool follow = false;       // events --follow
    QList<quint64> sessionIds; // kick; send (one)
    int closeCode = 4000;      // kick, kick-all
    QString reason;            // kick, kick-all, ban
    qint64 durationMs = 0;     // ban; 0 = until lifted
    QString target;            // ban, unban
    QString text;              // send, broadcast
    QString node;              // kick, send: --node, the cluster's node whose clients they are; empty: this one
    QString identity;          // kick --identity: every client of this identity instead of ids
    QString helpText;          // ShowHelp
    QString errorText;         // Error: what is wrong and what is allowed
};

// The command names as typed ("status", "kick-all", ...), in the order --help lists them.
QStringList ctlCommandNames();

// arguments: the whole command line, starting with the program and "ctl".
CtlCommandLine parseCtlCommandLine(const QStringList &arguments,
                                   const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

} // namespace wsm
