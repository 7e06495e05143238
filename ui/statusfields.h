#pragma once

#include "snapshot.h"

#include <QObject>
#include <QString>

QT_BEGIN_NAMESPACE
class QLabel;
class QStatusBar;
QT_END_NAMESPACE

namespace wsm {

// The main window's status bar fields: paused, where the server listens, clients, messages per
// second in and out, uptime. Each field keeps the width of its widest usual text, so numbers
// changing width never shift the fields beside them. Object names for tests: "pausedStatus",
// "addressStatus", "clientsStatus", "ratesStatus", "uptimeStatus".
class StatusFields : public QObject
{
    Q_OBJECT

public:
    explicit StatusFields(QStatusBar *statusBar);

    void showPaused(bool paused);
    void showStopped();
    void showStarting();
    void showListening(const QString &url);
    void showStopping();
    // The clients, rates and uptime of this snapshot; rates are the snapshot's own (one definition,
    // server/ratewindow.h), so they read as the table's and the charts'.
    void showSnapshot(const Snapshot &snapshot);

    static QString ratesText(double messagesIn, double messagesOut);

private:
    QLabel *m_paused = nullptr;
    QLabel *m_address = nullptr;
    QLabel *m_clients = nullptr;
    QLabel *m_rates = nullptr;
    QLabel *m_uptime = nullptr;
};

} // namespace wsm
