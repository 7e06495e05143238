#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace wsm {

// Questions asked before the console does something that cannot be taken back.
class Confirmations
{
    Q_DECLARE_TR_FUNCTIONS(wsm::Confirmations)

public:
    // Before Stop, Quit or closing the window while clients are connected: "N clients will be closed
    // with 1001 (going away)." with a "Don't ask again" box. True to go ahead; *dontAskAgain is true
    // when the box was ticked and the operator went ahead. The box is named "closeClientsQuestion".
    static bool closingClients(QWidget *parent, const QString &title, const QString &goAheadText, int clients,
                               bool *dontAskAgain);

    // After Settings changed what applies only at a start, while the server runs: "Restart now"
    // (true) or later. Says which fields and how many clients a restart closes with 1012.
    // Named "restartQuestion".
    static bool restartNow(QWidget *parent, const QStringList &changedFields, int clients);

    // Before Clear log removes what the server has no other copy of. Named "clearLogQuestion".
    static bool clearingLog(QWidget *parent, int events);

    // Before a message goes to every client of several nodes: names them. Named "broadcastQuestion".
    static bool broadcastToNodes(QWidget *parent, const QStringList &nodeNames);
};

} // namespace wsm
