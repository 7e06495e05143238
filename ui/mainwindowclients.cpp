// MainWindow, part: the clients (selection, kick, kick and ban, inspect, send).

#include "mainwindow.h"
#include "mainwindow_p.h"

#include "confirmations.h"
#include "dialogs/composedialog.h"
#include "dialogs/kickdialog.h"
#include "inspector/clientinspector.h"
#include "models/connectionfiltermodel.h"
#include "models/connectiontablemodel.h"
#include "models/displaytext.h"
#include "servernode.h"

#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QMenu>
#include <QTableView>

#include <algorithm>

namespace wsm {

using namespace mainwindow;


// ---- clients ----------------------------------------------------------------------------------

MainWindow::ClientRef MainWindow::clientAtRow(int proxyRow) const
{
    const QModelIndex index = m_connectionFilter->index(proxyRow, 0);
    return {m_nodes->nodeWithId(index.data(ConnectionTableModel::NodeIdRole).toULongLong()),
            index.data(ConnectionTableModel::SessionIdRole).toULongLong()};
}

QList<MainWindow::ClientRef> MainWindow::selectedClients() const
{
    QList<ClientRef> clients;
    const QModelIndexList rows = m_connectionView->selectionModel()->selectedRows();
    clients.reserve(rows.size());
    for (const QModelIndex &index : rows) {
        ServerNode *node = m_nodes->nodeWithId(index.data(ConnectionTableModel::NodeIdRole).toULongLong());
        if (node)
            clients.append({node, index.data(ConnectionTableModel::SessionIdRole).toULongLong()});
    }
    std::sort(clients.begin(), clients.end(), [this](const ClientRef &a, const ClientRef &b) {
        const int nodeA = m_nodes->indexOf(a.node);
        const int nodeB = m_nodes->indexOf(b.node);
        return nodeA != nodeB ? nodeA < nodeB : a.id < b.id;
    });
    return clients;
}

const SessionRow *MainWindow::sessionOf(const ClientRef &client) const
{
    const ConnectionTableModel *model = modelOf(client.node);
    const int row = model ? model->rowOfSession(client.id) : -1;
    return row < 0 ? nullptr : &model->sessionAt(row);
}

QStringList MainWindow::clientLabels(const QList<ClientRef> &clients) const
{
    const bool severalNodes = m_nodes->count() > 1;
    QStringList labels;
    labels.reserve(clients.size());
    for (const ClientRef &client : clients) {
        const SessionRow *session = sessionOf(client);
        if (!session)
            continue;
        const QString label = QStringLiteral("#%1 %2").arg(client.id).arg(peerText(session->peerAddress, session->peerPort));
        labels.append(severalNodes ? tr("%1 on %2", "client on node").arg(label, client.node->displayName()) : label);
    }
    return labels;
}

void MainWindow::askToKick(const QList<ClientRef> &clients, bool withBan)
{
    const QStringList labels = clientLabels(clients);
    if (labels.isEmpty())
        return;
    KickDialog dialog(labels, m_console, withBan, this);
    dialog.setClientsSharingAddresses(clientLabels(othersAtTheSameAddresses(clients)));
    if (dialog.exec() != QDialog::Accepted)
        return;
    kickClients(clients, dialog.closeCode(), dialog.reason(), dialog.banAddresses() ? dialog.banMinutes() : 0);
}

QList<MainWindow::ClientRef> MainWindow::othersAtTheSameAddresses(const QList<ClientRef> &clients) const
{
    QList<ClientRef> others;
    for (ServerNode *node : m_nodes->nodes()) {
        QSet<QString> addresses;
        QSet<quint64> chosen;
        for (const ClientRef &client : clients) {
            if (client.node != node)
                continue;
            chosen.insert(client.id);
            if (const SessionRow *session = sessionOf(client))
                addresses.insert(session->peerAddress);
        }
        if (addresses.isEmpty())
            continue;
        for (const SessionRow &session : modelOf(node)->sessions()) {
            if (!chosen.contains(session.id) && addresses.contains(session.peerAddress))
                others.append({node, session.id});
        }
    }
    return others;
}

void MainWindow::askToKickAll()
{
    // Every node that can be reached, each told to close all of its clients.
    const QList<ServerNode *> nodes = liveNodes();
    QList<ClientRef> clients;
    for (ServerNode *node : nodes) {
        for (const SessionRow &session : modelOf(node)->sessions())
            clients.append({node, session.id});
    }
    if (clients.isEmpty())
        return;
    KickDialog dialog(clientLabels(clients), m_console, false, this);
    if (m_nodes->count() > 1)
        dialog.setNodes(namesOf(nodes));
    if (dialog.exec() != QDialog::Accepted)
        return;
    for (ServerNode *node : nodes) {
        if (dialog.banAddresses()) {
            QSet<QString> addresses;
            for (const SessionRow &session : modelOf(node)->sessions())
                addresses.insert(session.peerAddress);
            banAddresses(node, addresses, dialog.banMinutes(), dialog.reason());
        }
        // kickAll rather than the ids: it also reaches clients that connected after this table's snapshot.
        reportOutcome(node, node->kickAll(dialog.closeCode(), dialog.reason(), m_console.kickSpreadMs));
    }
}

QList<MainWindow::ClientRef> MainWindow::clientsOfIdentity(const QString &identity) const
{
    QList<ClientRef> clients;
    for (ServerNode *node : liveNodes()) {
        for (const SessionRow &session : modelOf(node)->sessions()) {
            if (session.identity == identity)
                clients.append({node, session.id});
        }
    }
    return clients;
}

void MainWindow::askToKickIdentity(const QString &identity, bool withBan)
{
    const QList<ClientRef> clients = clientsOfIdentity(identity);
    const QStringList labels = clientLabels(clients);
    if (labels.isEmpty())
        return;
    KickDialog dialog(labels, m_console, withBan, this);
    dialog.setIdentity(identity, int(labels.size()));
    const QList<ServerNode *> nodes = liveNodes();
    if (m_nodes->count() > 1)
        dialog.setNodes(namesOf(nodes));
    if (dialog.exec() != QDialog::Accepted)
        return;
    // The kick first, so that each connection ends with the operator's code and reason; the ban
    // after it (each node takes the two in order) refuses the identity's reconnects. The other way
    // round the ban would close them itself (1008 banned) and the kick find nothing left to close.
    kickClients(clients, dialog.closeCode(), dialog.reason(), 0);
    if (dialog.banAddresses()) {
        // On every node, not only those it is on now: it may reconnect anywhere. A cluster shares
        // bans anyway; the same ban twice is harmless.
        const QString reason = dialog.reason().isEmpty() ? defaultKickReason() : dialog.reason();
        for (ServerNode *node : nodes) {
            reportOutcome(node, node->ban(QStringLiteral("identity:") + identity,
                                          qint64(dialog.banMinutes()) * 60 * 1000, reason));
        }
    }
}

void MainWindow::kickSessions(const QList<quint64> &ids, int closeCode, const QString &reason, int banMinutes)
{
    QList<ClientRef> clients;
    for (quint64 id : ids)
        clients.append({m_node, id});
    kickClients(clients, closeCode, reason, banMinutes);
}

void MainWindow::kickClients(const QList<ClientRef> &clients, int closeCode, const QString &reason, int banMinutes)
{
    // One kick per node, with its own clients' ids.
    for (ServerNode *node : m_nodes->nodes()) {
        QList<quint64> ids;
        QSet<QString> addresses;
        for (const ClientRef &client : clients) {
            if (client.node != node)
                continue;
            ids.append(client.id);
            if (const SessionRow *session = sessionOf(client))
                addresses.insert(session->peerAddress);
        }
        if (ids.isEmpty())
            continue;
        if (banMinutes > 0)
            banAddresses(node, addresses, banMinutes, reason);
        reportOutcome(node, node->kick(ids, closeCode, reason, m_console.kickSpreadMs));
    }
}

void MainWindow::banAddresses(ServerNode *node, const QSet<QString> &addresses, int minutes, const QString &reason)
{
    if (minutes <= 0)
        return;
    const QString banReason = reason.isEmpty() ? defaultKickReason() : reason;
    for (const QString &address : addresses)
        reportOutcome(node, node->ban(address, qint64(minutes) * 60 * 1000, banReason));
}

void MainWindow::inspect(quint64 sessionId)
{
    inspect(ClientRef{m_node, sessionId});
}

void MainWindow::inspect(const ClientRef &client)
{
    if (!client.isValid())
        return;
    if (client.node != m_inspectedNode)
        m_inspector->setClient(0); // the same id on another node is another client: ask again
    m_inspectedNode = client.node;
    m_inspector->setClient(client.id);
    m_inspectorDock->show();
    m_inspectorDock->raise();
}

void MainWindow::askToSend(const ClientRef &client)
{
    // The compose box: any length up to the server's largest message, several lines, JSON or bytes.
    ComposeDialog dialog(m_runningMaxMessageBytes, this);
    dialog.setWindowTitle(m_nodes->count() > 1
                              ? tr("Send to client #%1 on %2").arg(client.id).arg(client.node->displayName())
                              : tr("Send to client #%1").arg(client.id));
    if (dialog.exec() == QDialog::Accepted)
        reportOutcome(client.node, client.node->send(client.id, dialog.message()));
}

void MainWindow::showConnectionMenu(const QPoint &position)
{
    const QModelIndex index = m_connectionView->indexAt(position);
    if (!index.isValid())
        return;
    const ClientRef client = clientAtRow(index.row());
    const SessionRow *session = sessionOf(client);
    if (!session)
        return;
    const QString address = session->peerAddress;
    // Kicks act on the selection when the row belongs to it, else on this row alone.
    const bool inSelection = m_connectionView->selectionModel()->isRowSelected(index.row(), QModelIndex());
    const QList<ClientRef> clients = inSelection ? selectedClients() : QList<ClientRef>{client};
    const bool live = isLive(client.node);

    QMenu menu(this);
    menu.addAction(icon("inspect"), tr("Inspect"), this, [this, client] { inspect(client); })->setEnabled(live);
    menu.addAction(icon("broadcast"), tr("Send message…"), this, [this, client] { askToSend(client); })
        ->setEnabled(live);
    menu.addSeparator();
    menu.addAction(icon("kick"), tr("Kick…"), this, [this, clients] { askToKick(clients, false); })->setEnabled(live);
    menu.addAction(icon("ban"), tr("Kick and ban…"), this, [this, clients] { askToKick(clients, true); })
        ->setEnabled(live);
    if (!session->identity.isEmpty()) {
        const QString identity = session->identity;
        QAction *kickIdentity = menu.addAction(icon("kick"), tr("Kick all connections of %1…").arg(identity), this,
                                               [this, identity] { askToKickIdentity(identity, false); });
        kickIdentity->setObjectName(QStringLiteral("kickIdentityAction"));
        kickIdentity->setEnabled(live);
        QAction *banIdentity = menu.addAction(icon("ban"), tr("Ban identity %1…").arg(identity), this,
                                              [this, identity] { askToKickIdentity(identity, true); });
        banIdentity->setObjectName(QStringLiteral("banIdentityAction"));
        banIdentity->setEnabled(live);
    }
    menu.addSeparator();
    menu.addAction(tr("Copy address"), this, [address] { QApplication::clipboard()->setText(address); });
    menu.exec(m_connectionView->viewport()->mapToGlobal(position));
}

void MainWindow::sendMessage(SendBar::Target target, const OutgoingMessage &message)
{
    if (target == SendBar::Target::AllClients) {
        const QList<ServerNode *> nodes = liveNodes();
        if (nodes.isEmpty())
            return;
        // One node is the console's usual case and asks nothing; several are named first.
        if (m_nodes->count() > 1 && !Confirmations::broadcastToNodes(this, namesOf(nodes)))
            return;
        for (ServerNode *node : nodes)
            reportOutcome(node, node->broadcast(message));
        return;
    }
    for (const ClientRef &client : selectedClients()) {
        if (isLive(client.node))
            reportOutcome(client.node, client.node->send(client.id, message));
    }
}

} // namespace wsm
