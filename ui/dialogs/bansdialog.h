#pragma once

#include "banlist.h"
#include "snapshot.h"

#include <QDialog>
#include <QList>
#include <QString>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTreeView;
QT_END_NAMESPACE

namespace wsm {

// The active bans with their time left, "Lift ban" for the selected one, and a small form to ban
// an address or range. Non-modal: it follows the snapshots while it is open. It only asks (the
// signals); the server's answer shows in the next snapshot's bans. Child object names for tests:
// "bans" (the view), "liftBan", "banAddress", "banMinutes", "banReason", "ban", "banError", "clientsCovered" (the
// connected clients the typed address or range covers).
class BansDialog : public QDialog
{
    Q_OBJECT

public:
    enum Column { TargetColumn, TimeLeftColumn, BannedAtColumn, ReasonColumn, ColumnCount };
    // Raw values beside the formatted text: the target, the ms left (-1: until lifted), the ban time.
    static constexpr int RawValueRole = Qt::UserRole + 1;

    explicit BansDialog(QWidget *parent = nullptr);

    // From each snapshot. Rows are updated in place (no reset), so the selection stays on its target.
    void setBans(const QList<Ban> &bans, qint64 nowMs);
    int banCount() const;
    // The connected clients, so that the form can say whom a ban would refuse before it is made.
    void setConnectedClients(const QList<SessionRow> &sessions);
    // The nodes whose bans it can show ("bansNode", shown when there are several), and the one shown.
    // Choosing another emits nodeChosen(index); the caller then gives that node's bans and clients.
    void setNodes(const QStringList &nodeNames, int current);
    int currentNode() const;

Q_SIGNALS:
    void nodeChosen(int index);
    void unbanRequested(const QString &target);
    void banRequested(const QString &addressOrCidr, qint64 durationMs, const QString &reason);

private:
    static QString timeLeftText(qint64 ms);
    QString targetAt(int row) const;
    void setRow(int row, const Ban &ban, qint64 nowMs);
    QString selectedTarget() const;
    void liftSelectedBan();
    void banFromForm();
    void updateButtons();
    void showClientsCovered();

    QStandardItemModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    QPushButton *m_liftBan = nullptr;
    QLineEdit *m_banAddress = nullptr;
    QSpinBox *m_banMinutes = nullptr;
    QLineEdit *m_banReason = nullptr;
    QPushButton *m_ban = nullptr;
    QLabel *m_banError = nullptr;
    QLabel *m_clientsCovered = nullptr;
    QComboBox *m_node = nullptr;
    QLabel *m_nodeLabel = nullptr;
    QList<SessionRow> m_sessions;
};

} // namespace wsm
