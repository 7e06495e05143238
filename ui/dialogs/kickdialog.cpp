#include "kickdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace wsm {

KickDialog::KickDialog(const QStringList &clientLabels, const ConsoleSettings &defaults, bool withBan,
                       QWidget *parent)
    : QDialog(parent)
{
    const int count = int(clientLabels.size());
    const bool single = count == 1;
    setWindowTitle(single ? tr("Kick Client") : tr("Kick Clients"));

    auto *layout = new QVBoxLayout(this);

    // Plain text: a label must never be read as markup.
    auto *question = new QLabel(single ? tr("Kick %1?").arg(clientLabels.constFirst())
                                       : tr("Kick %n clients?", nullptr, count));
    question->setObjectName(QStringLiteral("question"));
    question->setTextFormat(Qt::PlainText);
    layout->addWidget(question);
    m_nodes = new QLabel;
    m_nodes->setObjectName(QStringLiteral("nodes"));
    m_nodes->setTextFormat(Qt::PlainText);
    m_nodes->setWordWrap(true);
    m_nodes->hide();
    layout->addWidget(m_nodes);

    if (!single && count > 0) {
        auto *clientList = new QLabel(listedClients(clientLabels).join(QLatin1Char('\n')));
        clientList->setObjectName(QStringLiteral("clientList"));
        clientList->setTextFormat(Qt::PlainText);
        clientList->setIndent(12);
        layout->addWidget(clientList);
    }

    auto *form = new QFormLayout;
    m_closeCode = new QSpinBox;
    m_closeCode->setObjectName(QStringLiteral("closeCode"));
    m_closeCode->setRange(ConsoleSettings::MinKickCloseCode, ConsoleSettings::MaxKickCloseCode);
    m_closeCode->setValue(defaults.kickCloseCode);
    m_closeCode->setToolTip(tr("The close code the client sees. Allowed: 4000 to 4999, the codes for applications."));
    form->addRow(tr("Close code:"), m_closeCode);

    m_reason = new QLineEdit(defaults.kickReason.isEmpty() ? defaultKickReason() : defaults.kickReason);
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setToolTip(tr("The reason the client sees, at most %1 bytes of UTF-8.")
                             .arg(ConsoleSettings::MaxKickReasonBytes));
    form->addRow(tr("Reason:"), m_reason);
    layout->addLayout(form);

    m_banAddresses = new QCheckBox(single ? tr("Also ban its address for") : tr("Also ban their addresses for"));
    m_banAddresses->setObjectName(QStringLiteral("banAddresses"));
    m_banAddresses->setChecked(withBan);
    m_banMinutes = new QSpinBox;
    m_banMinutes->setObjectName(QStringLiteral("banMinutes"));
    m_banMinutes->setRange(ConsoleSettings::MinBanMinutes, ConsoleSettings::MaxBanMinutes);
    m_banMinutes->setValue(defaults.banMinutes);
    m_banMinutes->setSuffix(QLatin1Char(' ') + tr("minutes"));
    m_banMinutes->setEnabled(withBan);
    connect(m_banAddresses, &QCheckBox::toggled, m_banMinutes, &QWidget::setEnabled);
    auto *banRow = new QHBoxLayout;
    banRow->addWidget(m_banAddresses);
    banRow->addWidget(m_banMinutes);
    banRow->addStretch();
    layout->addLayout(banRow);

    m_sharingClients = new QLabel;
    m_sharingClients->setObjectName(QStringLiteral("sharingClients"));
    m_sharingClients->setTextFormat(Qt::PlainText);
    m_sharingClients->setWordWrap(true);
    m_sharingClients->hide();
    layout->addWidget(m_sharingClients);
    connect(m_banAddresses, &QCheckBox::toggled, this,
            [this](bool ban) { m_sharingClients->setVisible(ban && !m_sharingClients->text().isEmpty()); });

    m_validationError = new QLabel;
    m_validationError->setObjectName(QStringLiteral("validationError"));
    m_validationError->setWordWrap(true);
    m_validationError->hide();
    layout->addWidget(m_validationError);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Kick"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    // Only once the button is inside the dialog: set before, the dialog never learns that it is its
    // default, and Enter after editing a field (which takes the focus off the button) did nothing.
    ok->setDefault(true);

    connect(m_reason, &QLineEdit::textChanged, this, &KickDialog::updateValidation);
    updateValidation();

    // The defaults are the usual answer: one Enter or click accepts them.
    ok->setFocus();
}

void KickDialog::setClientsSharingAddresses(const QStringList &clientLabels)
{
    if (clientLabels.isEmpty()) {
        m_sharingClients->clear();
        m_sharingClients->hide();
        return;
    }
    QStringList lines{tr("Also connected from the same address; the ban refuses them too once they reconnect:")};
    lines += listedClients(clientLabels);
    m_sharingClients->setText(lines.join(QLatin1Char('\n')));
    m_sharingClients->setVisible(m_banAddresses->isChecked());
}

void KickDialog::setNodes(const QStringList &nodeNames)
{
    m_nodes->setText(tr("On the nodes: %1").arg(QLocale().createSeparatedList(nodeNames)));
    m_nodes->setVisible(!nodeNames.isEmpty());
}

void KickDialog::setIdentity(const QString &identity, int connections)
{
    setWindowTitle(tr("Kick Identity"));
    if (auto *question = findChild<QLabel *>(QStringLiteral("question")))
        question->setText(tr("Kick all connections of %1 (%n)?", "identity (how many)", connections).arg(identity));
    m_banAddresses->setText(tr("Also ban identity %1 for").arg(identity));
    // Others at the same addresses are not touched by an identity ban.
    setClientsSharingAddresses({});
}

QStringList KickDialog::listedClients(const QStringList &clientLabels)
{
    QStringList lines = clientLabels.mid(0, ListedClients);
    if (clientLabels.size() > ListedClients)
        lines.append(tr("and %n more", nullptr, int(clientLabels.size()) - ListedClients));
    return lines;
}

int KickDialog::closeCode() const
{
    return m_closeCode->value();
}

QString KickDialog::reason() const
{
    return m_reason->text().trimmed();
}

bool KickDialog::banAddresses() const
{
    return m_banAddresses->isChecked();
}

int KickDialog::banMinutes() const
{
    return m_banMinutes->value();
}

void KickDialog::updateValidation()
{
    // The server refuses a longer reason; saying so here keeps the kick from failing later.
    const bool fits = fitsKickReason(reason());
    m_validationError->setText(
        fits ? QString()
             : tr("The reason must fit in %1 bytes of UTF-8; shorten it.").arg(ConsoleSettings::MaxKickReasonBytes));
    m_validationError->setVisible(!fits);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(fits);
}

} // namespace wsm
