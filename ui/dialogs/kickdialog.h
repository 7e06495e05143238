#pragma once

#include "consolesettings.h"

#include <QDialog>
#include <QString>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
QT_END_NAMESPACE

namespace wsm {

// Close code and reason of a kick, accepted as they are with one click or Enter (OK is the
// default button and has the focus), or with Enter after editing any field; Escape cancels. For
// more than one client it is also the confirmation: "Kick 25 clients?" over a list of up to five
// of them and "and 20 more". Optionally bans the clients' addresses for a number of minutes.
// Child object names for tests: "question", "clientList", "closeCode", "reason", "banAddresses",
// "banMinutes", "sharingClients", "validationError", "nodes".
class KickDialog : public QDialog
{
    Q_OBJECT

public:
    // clientLabels: e.g. "#12 127.0.0.1:50412" per client to kick; withBan pre-ticks the ban box
    // ("Kick and ban").
    KickDialog(const QStringList &clientLabels, const ConsoleSettings &defaults, bool withBan,
               QWidget *parent = nullptr);

    // Other connected clients at the addresses a ban would cover ("#4 127.0.0.1:5000" each): shown
    // while the ban box is ticked, since the ban refuses them too once they reconnect.
    void setClientsSharingAddresses(const QStringList &clientLabels);
    // The nodes the kick reaches, named under the question ("nodes"), when the console watches several.
    void setNodes(const QStringList &nodeNames);
    // The clients are every connection of one identity: the question names it, and the ban box
    // bans the identity (`identity:SUB`) rather than addresses (banAddresses() then means that).
    void setIdentity(const QString &identity, int connections);

    int closeCode() const;
    QString reason() const;
    bool banAddresses() const;
    int banMinutes() const;

    static constexpr int ListedClients = 5; // more would make a long dialog for no gain

    // Up to ListedClients labels, then "and N more": how every dialog lists clients.
    static QStringList listedClients(const QStringList &clientLabels);

private:
    void updateValidation();

    QSpinBox *m_closeCode = nullptr;
    QLineEdit *m_reason = nullptr;
    QCheckBox *m_banAddresses = nullptr;
    QSpinBox *m_banMinutes = nullptr;
    QLabel *m_validationError = nullptr;
    QLabel *m_sharingClients = nullptr;
    QLabel *m_nodes = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace wsm
