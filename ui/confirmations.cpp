#include "confirmations.h"

#include <QCheckBox>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

namespace wsm {

bool Confirmations::closingClients(QWidget *parent, const QString &title, const QString &goAheadText, int clients,
                                   bool *dontAskAgain)
{
    QMessageBox box(QMessageBox::Question, title,
                    clients == 1 ? tr("One client will be closed with 1001 (going away).")
                                 : tr("%n clients will be closed with 1001 (going away).", nullptr, clients),
                    QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("closeClientsQuestion"));
    box.setInformativeText(tr("They may reconnect once the server runs again."));
    QPushButton *goAhead = box.addButton(goAheadText, QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    // The safe answer is the one Enter gives.
    box.setDefaultButton(QMessageBox::Cancel);
    auto *dontAsk = new QCheckBox(tr("Don't ask again"));
    dontAsk->setObjectName(QStringLiteral("dontAskAgain"));
    box.setCheckBox(dontAsk);
    box.exec();
    const bool accepted = box.clickedButton() == goAhead;
    if (dontAskAgain)
        *dontAskAgain = accepted && dontAsk->isChecked();
    return accepted;
}

bool Confirmations::restartNow(QWidget *parent, const QStringList &changedFields, int clients)
{
    QMessageBox box(QMessageBox::Question, tr("Restart the Server?"),
                    tr("%1 will apply when the server starts again.").arg(QLocale().createSeparatedList(changedFields)),
                    QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("restartQuestion"));
    if (clients > 0) {
        box.setInformativeText(clients == 1
                                   ? tr("Restarting now closes the one client with 1012 (service restart).")
                                   : tr("Restarting now closes %n clients with 1012 (service restart).", nullptr,
                                        clients));
    }
    QPushButton *restart = box.addButton(tr("Restart Now"), QMessageBox::AcceptRole);
    box.addButton(tr("Later"), QMessageBox::RejectRole);
    box.setDefaultButton(restart);
    box.exec();
    return box.clickedButton() == restart;
}

bool Confirmations::clearingLog(QWidget *parent, int events)
{
    QMessageBox box(QMessageBox::Question, tr("Clear Log"),
                    events == 1 ? tr("Remove the one event from the log shown here?")
                                : tr("Remove %n events from the log shown here?", nullptr, events),
                    QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("clearLogQuestion"));
    box.setInformativeText(
        tr("The console keeps no other copy; export the log first to keep it. The server goes on."));
    QPushButton *clear = box.addButton(tr("Clear"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == clear;
}

bool Confirmations::broadcastToNodes(QWidget *parent, const QStringList &nodeNames)
{
    QMessageBox box(QMessageBox::Question, tr("Send to All Nodes?"),
                    tr("The message goes to every client of %n node(s): %1.", nullptr, int(nodeNames.size()))
                        .arg(QLocale().createSeparatedList(nodeNames)),
                    QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("broadcastQuestion"));
    QPushButton *send = box.addButton(tr("Send"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(send);
    box.exec();
    return box.clickedButton() == send;
}

} // namespace wsm
