#pragma once

#include "snapshot.h"

#include <QWidget>

class QLabel;

namespace wsm {

// The server's health from the snapshot: the same numbers /metrics shows. Sessions alive beside
// clients connected is the check that matters most: if they differ, a session was not freed when
// its client went (a leak) or a client is held that no longer has a connection (a zombie).
class DiagnosticsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DiagnosticsPanel(QWidget *parent = nullptr);

    void setTotals(const ServerTotals &totals);
    bool sessionsAgree() const { return m_sessionsAgree; }

private:
    bool m_sessionsAgree = true;
    QLabel *m_clientsValue;
    QLabel *m_sessionsValue;
    QLabel *m_sessionsWarning;
    QLabel *m_handshakesValue;
    QLabel *m_acceptedValue;
    QLabel *m_rejectedValue;
    QLabel *m_closedValue;
    QLabel *m_residentValue;
    QLabel *m_openFilesValue;
    QLabel *m_lagValue;
    QLabel *m_droppedValue;
};

} // namespace wsm
