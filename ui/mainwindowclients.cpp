// MainWindow, part: the clients (selection, kick, kick and ban, inspect, send).

#include "mainwindow.h"
#include "mainwindow_p.h"

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

quint64 MainWindow::sessionIdAtRow(int proxyRow) const
{
    return m_connectionFilter->index(proxyRow, 0).data(ConnectionTableModel::SessionIdRole).toULongLong();
}

QList<quint64> MainWindow::selectedSessionIds() const
{
    QList<quint64> ids;
    const QModelIndexList rows = m_connectionView->selectionModel()->selectedRows();
    ids.reserve(rows.size());
    for (const QModelIndex &index : rows)
        ids.append(index.data(ConnectionTableModel::SessionIdRole).toULongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

QStringList MainWindow::clientLabels(const QList<quint64> &ids) const
{
    QStringList labels;
    labels.reserve(ids.size());
    for (quint64 id : ids) {
        const int row = m_connectionModel->rowOfSession(id);
        if (row < 0)
            continue;
        const SessionRow &session = m_connectionModel->sessionAt(row);
        labels.append(QStringLiteral("#%1 %2").arg(id).arg(peerText(session.peerAddress, session.peerPort)));
    }
    return labels;
}

void MainWindow::askToKick(const QList<quint64> &ids, bool withBan)
{
    const QStringList labels = clientLabels(ids);
    if (labels.isEmpty())
        return;
    KickDialog dialog(labels, m_console, withBan, this);
    dialog.setClientsSharingAddresses(clientLabels(othersAtTheSameAddresses(ids)));
    if (dialog.exec() != QDialog::Accepted)
        return;
    kickSessions(ids, dialog.closeCode(), dialog.reason(), dialog.banAddresses() ? dialog.banMinutes() : 0);
}

QList<quint64> MainWindow::othersAtTheSameAddresses(const QList<quint64> &ids) const
{
    QSet<QString> addresses;
    for (quint64 id : ids) {
        const int row = m_connectionModel->rowOfSession(id);
        if (row >= 0)
            addresses.insert(m_connectionModel->sessionAt(row).peerAddress);
    }
    const QSet<quint64> chosen(ids.cbegin(), ids.cend());
    QList<quint64> others;
    for (const SessionRow &session : m_connectionModel->sessions()) {
        if (!chosen.contains(session.id) && addresses.contains(session.peerAddress))
            others.append(session.id);
    }
    return others;
}

void MainWindow::askToKickAll()
{
    const QList<SessionRow> sessions = m_connectionModel->sessions();
    if (sessions.isEmpty())
        return;
    QList<quint64> ids;
    ids.reserve(sessions.size());
    for (const SessionRow &session : sessions)
        ids.append(session.id);
    KickDialog dialog(clientLabels(ids), m_console, false, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.banAddresses()) {
        QSet<QString> addresses;
        for (const SessionRow &session : sessions)
            addresses.insert(session.peerAddress);
        banAddresses(addresses, dialog.banMinutes(), dialog.reason());
    }
    // kickAll rather than the ids: it also reaches clients that connected after this table's snapshot.
    reportOutcome(m_node->kickAll(dialog.closeCode(), dialog.reason(), m_console.kickSpreadMs));
}

void MainWindow::kickSessions(const QList<quint64> &ids, int closeCode, const QString &reason, int banMinutes)
{
    if (ids.isEmpty())
        return;
    if (banMinutes > 0) {
        QSet<QString> addresses;
        for (quint64 id : ids) {
            const int row = m_connectionModel->rowOfSession(id);
            if (row >= 0)
                addresses.insert(m_connectionModel->sessionAt(row).peerAddress);
        }
        banAddresses(addresses, banMinutes, reason);
    }
    reportOutcome(m_node->kick(ids, closeCode, reason, m_console.kickSpreadMs));
}

void MainWindow::banAddresses(const QSet<QString> &addresses, int minutes, const QString &reason)
{
    if (minutes <= 0)
        return;
    const QString banReason = reason.isEmpty() ? defaultKickReason() : reason;
    for (const QString &address : addresses)
        reportOutcome(m_node->ban(address, qint64(minutes) * 60 * 1000, banReason));
}

void MainWindow::inspect(quint64 sessionId)
{
    if (sessionId == 0)
        return;
    m_inspector->setClient(sessionId);
    m_inspectorDock->show();
    m_inspectorDock->raise();
}

void MainWindow::askToSend(quint64 sessionId)
{
    // The compose box: any length up to the server's largest message, several lines, JSON or bytes.
    ComposeDialog dialog(m_runningMaxMessageBytes, this);
    dialog.setWindowTitle(tr("Send to client #%1").arg(sessionId));
    if (dialog.exec() == QDialog::Accepted)
        reportOutcome(m_node->send(sessionId, dialog.message()));
}

void MainWindow::showConnectionMenu(const QPoint &position)
{
    const QModelIndex index = m_connectionView->indexAt(position);
    if (!index.isValid())
        return;
    const quint64 sessionId = sessionIdAtRow(index.row());
    const int sourceRow = m_connectionModel->rowOfSession(sessionId);
    if (sourceRow < 0)
        return;
    const QString address = m_connectionModel->sessionAt(sourceRow).peerAddress;
    // Kicks act on the selection when the row belongs to it, else on this row alone.
    const bool inSelection = m_connectionView->selectionModel()->isRowSelected(index.row(), QModelIndex());
    const QList<quint64> ids = inSelection ? selectedSessionIds() : QList<quint64>{sessionId};
    const bool running = m_state == ServerState::Running;

    QMenu menu(this);
    menu.addAction(icon("inspect"), tr("Inspect"), this, [this, sessionId] { inspect(sessionId); })
        ->setEnabled(running);
    menu.addAction(icon("broadcast"), tr("Send message…"), this, [this, sessionId] { askToSend(sessionId); })
        ->setEnabled(running);
    menu.addSeparator();
    menu.addAction(icon("kick"), tr("Kick…"), this, [this, ids] { askToKick(ids, false); })->setEnabled(running);
    menu.addAction(icon("ban"), tr("Kick and ban…"), this, [this, ids] { askToKick(ids, true); })
        ->setEnabled(running);
    menu.addSeparator();
    menu.addAction(tr("Copy address"), this, [address] { QApplication::clipboard()->setText(address); });
    menu.exec(m_connectionView->viewport()->mapToGlobal(position));
}

void MainWindow::sendMessage(SendBar::Target target, const OutgoingMessage &message)
{
    if (m_state != ServerState::Running)
        return;
    if (target == SendBar::Target::AllClients) {
        reportOutcome(m_node->broadcast(message));
        return;
    }
    const QList<quint64> ids = selectedSessionIds();
    for (quint64 id : ids)
        reportOutcome(m_node->send(id, message));
}

} // namespace wsm
