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
    // False once the two have differed in MismatchSnapshots snapshots in a row.
    bool sessionsAgree() const { return m_mismatchedSnapshots < MismatchSnapshots; }

    // A session that has just ended is out of the server's list but still in memory until its
    // deferred delete runs, a moment later: one snapshot may catch it in between. A leak stays.
    static constexpr int MismatchSnapshots = 2;
    // A ceiling's figure turns to the warning colour above this share of it.
    static constexpr double CeilingWarningShare = 0.8;

private:
    int m_mismatchedSnapshots = 0;
    QLabel *m_clientsValue;
    QLabel *m_sessionsValue;
    QLabel *m_sessionsWarning;
    QLabel *m_inboundValue;
    QLabel *m_outboundValue;
    QLabel *m_ceilingClosesValue;
    QLabel *m_handshakesValue;
    QLabel *m_acceptedValue;
    QLabel *m_rejectedValue;
    QLabel *m_closedValue;
    QLabel *m_residentValue;
    QLabel *m_openFilesValue;
    QLabel *m_lagValue;
    QLabel *m_droppedValue;
    QLabel *m_adminValue;
};

} // namespace wsm
