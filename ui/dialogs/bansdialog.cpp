#include "bansdialog.h"

#include "consolesettings.h"
#include "displaytext.h"
#include "kickdialog.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHostAddress>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSet>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace wsm {

namespace {

// Sets only what differs, so a tick that changes nothing emits nothing.
void fillItem(QStandardItem *item, const QString &text, const QVariant &raw)
{
    if (item->text() != text)
        item->setText(text);
    if (item->data(BansDialog::RawValueRole) != raw)
        item->setData(raw, BansDialog::RawValueRole);
}

} // namespace

BansDialog::BansDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Bans"));

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels({tr("Address, range or identity"), tr("Time left"), tr("Banned at"), tr("Reason")});

    m_view = new QTreeView;
    m_view->setObjectName(QStringLiteral("bans"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Bans are few: sizing to the contents costs nothing and keeps long IPv6 ranges readable.
    for (const int column : {TargetColumn, TimeLeftColumn, BannedAtColumn})
        m_view->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_view->header()->setStretchLastSection(true);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BansDialog::updateButtons);

    m_liftBan = new QPushButton(tr("Lift ban"));
    m_liftBan->setObjectName(QStringLiteral("liftBan"));
    m_liftBan->setAutoDefault(false);
    connect(m_liftBan, &QPushButton::clicked, this, &BansDialog::liftSelectedBan);
    auto *listButtons = new QHBoxLayout;
    listButtons->addStretch();
    listButtons->addWidget(m_liftBan);

    auto *banGroup = new QGroupBox(tr("Ban address, range or identity"));
    auto *form = new QFormLayout(banGroup);
    m_banAddress = new QLineEdit;
    m_banAddress->setObjectName(QStringLiteral("banAddress"));
    m_banAddress->setPlaceholderText(tr("192.0.2.7, 10.0.0.0/8, 2001:db8::/32 or identity:alice"));
    form->addRow(tr("Address, range or identity:"), m_banAddress);
    m_banMinutes = new QSpinBox;
    m_banMinutes->setObjectName(QStringLiteral("banMinutes"));
    m_banMinutes->setRange(0, ConsoleSettings::MaxBanMinutes);
    m_banMinutes->setValue(ConsoleSettings().banMinutes);
    m_banMinutes->setSuffix(QLatin1Char(' ') + tr("minutes"));
    m_banMinutes->setSpecialValueText(tr("until lifted"));
    form->addRow(tr("Duration:"), m_banMinutes);
    m_banReason = new QLineEdit;
    m_banReason->setObjectName(QStringLiteral("banReason"));
    m_banReason->setPlaceholderText(tr("Optional; the refused client is told it"));
    form->addRow(tr("Reason:"), m_banReason);
    m_banError = new QLabel;
    m_banError->setObjectName(QStringLiteral("banError"));
    m_banError->setTextFormat(Qt::PlainText); // it quotes what was typed
    m_banError->setWordWrap(true);
    m_banError->hide();
    form->addRow(m_banError);
    m_clientsCovered = new QLabel;
    m_clientsCovered->setObjectName(QStringLiteral("clientsCovered"));
    m_clientsCovered->setTextFormat(Qt::PlainText);
    m_clientsCovered->setWordWrap(true);
    m_clientsCovered->hide();
    form->addRow(m_clientsCovered);
    m_ban = new QPushButton(tr("Ban"));
    m_ban->setObjectName(QStringLiteral("ban"));
    connect(m_ban, &QPushButton::clicked, this, &BansDialog::banFromForm);
    connect(m_banAddress, &QLineEdit::textChanged, this, [this] {
        m_banError->hide();
        updateButtons();
        showClientsCovered();
    });
    auto *formButtons = new QHBoxLayout;
    formButtons->addStretch();
    formButtons->addWidget(m_ban);
    form->addRow(formButtons);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_node = new QComboBox;
    m_node->setObjectName(QStringLiteral("bansNode"));
    m_nodeLabel = new QLabel(tr("&Node:"));
    m_nodeLabel->setBuddy(m_node);
    connect(m_node, &QComboBox::activated, this, &BansDialog::nodeChosen);
    auto *nodeRow = new QHBoxLayout;
    nodeRow->addWidget(m_nodeLabel);
    nodeRow->addWidget(m_node, 1);
    m_nodeLabel->hide();
    m_node->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(nodeRow);
    layout->addWidget(m_view);
    layout->addLayout(listButtons);
    layout->addWidget(banGroup);
    layout->addWidget(buttons);
    // Enter in the form bans; it never lifts a ban by accident. Set once the button is inside the
    // dialog: before, the dialog does not learn its default and Enter after an edit did nothing.
    m_ban->setDefault(true);
    resize(600, 450);

    updateButtons();
}

void BansDialog::setNodes(const QStringList &nodeNames, int current)
{
    const QSignalBlocker blocker(m_node);
    m_node->clear();
    m_node->addItems(nodeNames);
    m_node->setCurrentIndex(current);
    const bool several = nodeNames.size() > 1;
    m_node->setVisible(several);
    m_nodeLabel->setVisible(several);
}

int BansDialog::currentNode() const
{
    return m_node->currentIndex() < 0 ? 0 : m_node->currentIndex();
}

void BansDialog::setBans(const QList<Ban> &bans, qint64 nowMs)
{
    const QString selected = selectedTarget();
    QSet<QString> targets;
    for (const Ban &ban : bans)
        targets.insert(ban.target);

    // Lifted and expired bans go first, bottom up, so the rows above keep their numbers.
    for (int row = m_model->rowCount() - 1; row >= 0; --row) {
        if (!targets.contains(targetAt(row)))
            m_model->removeRow(row);
    }

    // The rows left are in the server's order already (by target); new bans slot in between.
    for (int i = 0; i < bans.size(); ++i) {
        const Ban &ban = bans.at(i);
        int found = -1;
        for (int row = i; row < m_model->rowCount(); ++row) {
            if (targetAt(row) == ban.target) {
                found = row;
                break;
            }
        }
        if (found < 0) {
            QList<QStandardItem *> items;
            for (int column = 0; column < ColumnCount; ++column) {
                auto *item = new QStandardItem;
                item->setEditable(false);
                items.append(item);
            }
            m_model->insertRow(i, items);
        } else if (found != i) {
            m_model->insertRow(i, m_model->takeRow(found));
        }
        setRow(i, ban, nowMs);
    }

    // Only a list that named one target twice leaves rows over.
    if (m_model->rowCount() > bans.size())
        m_model->removeRows(int(bans.size()), m_model->rowCount() - int(bans.size()));

    // When the selected row goes, the view selects a neighbour: "Lift ban" must never lift a ban
    // the operator did not pick. The selection stays on its target, or there is none.
    if (selectedTarget() != selected) {
        int row = m_model->rowCount() - 1;
        while (row >= 0 && targetAt(row) != selected)
            --row;
        if (row >= 0) {
            const QModelIndex index = m_model->index(row, TargetColumn);
            m_view->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        } else {
            m_view->selectionModel()->clear();
        }
    }
    updateButtons();
}

void BansDialog::setConnectedClients(const QList<SessionRow> &sessions)
{
    m_sessions = sessions;
    showClientsCovered();
}

void BansDialog::showClientsCovered()
{
    // The server's own matching, on a list holding only the typed ban.
    BanList probe;
    QStringList covered;
    if (probe.add(m_banAddress->text().trimmed(), 0, QString(), 0, nullptr)) {
        for (const SessionRow &session : std::as_const(m_sessions)) {
            if (probe.match(QHostAddress(session.peerAddress), 0) || probe.matchIdentity(session.identity, 0))
                covered.append(QStringLiteral("#%1 %2").arg(session.id).arg(peerText(session.peerAddress, session.peerPort)));
        }
    }
    if (covered.isEmpty()) {
        m_clientsCovered->hide();
        return;
    }
    QStringList lines{tr("Connected from there now; the ban refuses them once they reconnect:")};
    lines += KickDialog::listedClients(covered);
    m_clientsCovered->setText(lines.join(QLatin1Char('\n')));
    m_clientsCovered->show();
}

int BansDialog::banCount() const
{
    return m_model->rowCount();
}

QString BansDialog::timeLeftText(qint64 ms)
{
    if (ms < 0)
        return tr("until lifted");
    // Rounded up: a ban that is still in force never reads "0 s".
    return durationText((ms + 999) / 1000 * 1000);
}

QString BansDialog::targetAt(int row) const
{
    const QStandardItem *item = m_model->item(row, TargetColumn);
    return item ? item->data(RawValueRole).toString() : QString();
}

void BansDialog::setRow(int row, const Ban &ban, qint64 nowMs)
{
    const qint64 left = ban.expiresAt == 0 ? -1 : std::max<qint64>(0, ban.expiresAt - nowMs);
    const QString bannedAt = ban.createdAt > 0
        ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ban.createdAt), QLocale::ShortFormat)
        : QString();
    fillItem(m_model->item(row, TargetColumn), ban.target, ban.target);
    fillItem(m_model->item(row, TimeLeftColumn), timeLeftText(left), left);
    fillItem(m_model->item(row, BannedAtColumn), bannedAt, ban.createdAt);
    fillItem(m_model->item(row, ReasonColumn), ban.reason, ban.reason);
}

QString BansDialog::selectedTarget() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows(TargetColumn);
    return rows.isEmpty() ? QString() : targetAt(rows.constFirst().row());
}

void BansDialog::liftSelectedBan()
{
    const QString target = selectedTarget();
    if (!target.isEmpty())
        Q_EMIT unbanRequested(target);
}

void BansDialog::banFromForm()
{
    const QString text = m_banAddress->text().trimmed();
    const qint64 durationMs = qint64(m_banMinutes->value()) * 60 * 1000;
    const QString reason = m_banReason->text().trimmed();

    // The server's own parser checks the text here, so the form accepts exactly what the server will.
    BanList probe;
    QString error;
    if (!probe.add(text, durationMs, reason, 0, &error)) {
        m_banError->setText(error);
        m_banError->show();
        return;
    }
    Q_EMIT banRequested(text, durationMs, reason);
    m_banAddress->clear();
    m_banReason->clear();
}

void BansDialog::updateButtons()
{
    m_liftBan->setEnabled(!selectedTarget().isEmpty());
    m_ban->setEnabled(!m_banAddress->text().trimmed().isEmpty());
}

} // namespace wsm
