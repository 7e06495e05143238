#include "diagnosticspanel.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>

namespace wsm {

namespace {

const QString WarningStyle = QStringLiteral("QLabel { color: #b02a37; font-weight: bold; }");

// Qt re-polishes a widget on every setStyleSheet(), same sheet or not: at 4 Hz, only on a change.
void setWarningStyle(QLabel *label, bool warn)
{
    const QString wanted = warn ? WarningStyle : QString();
    if (label->styleSheet() != wanted)
        label->setStyleSheet(wanted);
}

// "12.0 MB of 256 MB (5%)", and whether it is above the warning share; a ceiling of 0 is none.
QString ofCeiling(const QLocale &locale, qint64 bytes, qint64 ceiling, bool *warn)
{
    *warn = ceiling > 0 && double(bytes) > DiagnosticsPanel::CeilingWarningShare * double(ceiling);
    if (ceiling <= 0)
        return locale.formattedDataSize(bytes);
    return DiagnosticsPanel::tr("%1 of %2 (%3%)")
        .arg(locale.formattedDataSize(bytes), locale.formattedDataSize(ceiling),
             locale.toString(int(100.0 * double(bytes) / double(ceiling))));
}

} // namespace

DiagnosticsPanel::DiagnosticsPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const auto addValue = [this, form](const QString &label, const QString &objectName, const QString &toolTip) {
        auto *value = new QLabel(this);
        value->setObjectName(objectName);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(label, value);
        form->labelForField(value)->setToolTip(toolTip);
        value->setToolTip(toolTip);
        return value;
    };
    m_clientsValue = addValue(tr("Clients connected:"), QStringLiteral("clientsValue"),
                              tr("Clients whose connection is open."));
    m_sessionsValue = addValue(tr("Sessions alive:"), QStringLiteral("sessionsValue"),
                               tr("Sessions the server holds in memory. Equal to the clients connected unless one leaked."));

    m_sessionsWarning = new QLabel(this);
    m_sessionsWarning->setObjectName(QStringLiteral("sessionsWarning"));
    m_sessionsWarning->setWordWrap(true);
    m_sessionsWarning->setStyleSheet(WarningStyle);
    m_sessionsWarning->hide();
    form->addRow(m_sessionsWarning);

    m_inboundValue = addValue(tr("Inbound held:"), QStringLiteral("inboundValue"),
                              tr("Bytes of messages in progress that the server holds for all clients together, and "
                                 "the ceiling (--max-inbound-buffer-bytes). Past it, the clients holding the most are "
                                 "closed (1009)."));
    m_outboundValue = addValue(tr("Outbound queued:"), QStringLiteral("outboundValue"),
                               tr("Bytes queued to all clients together and not yet sent, and the ceiling "
                                  "(--max-outbound-buffer-bytes). Past it, the slowest consumers are closed (1008)."));
    m_ceilingClosesValue = addValue(tr("Closed to bound memory:"), QStringLiteral("ceilingClosesValue"),
                                    tr("Clients closed since start by the inbound ceiling, for sending a message too "
                                       "slowly (--min-receive-rate), and by the outbound ceiling."));
    m_handshakesValue = addValue(tr("Handshakes pending:"), QStringLiteral("handshakesValue"),
                                 tr("Connections accepted that are not yet upgraded or refused."));
    m_acceptedValue = addValue(tr("Accepted since start:"), QStringLiteral("acceptedValue"),
                               tr("Connections upgraded to WebSocket since the server started."));
    m_rejectedValue = addValue(tr("Refused since start:"), QStringLiteral("rejectedValue"),
                               tr("Connections refused before the upgrade since the server started."));
    m_closedValue = addValue(tr("Closed since start:"), QStringLiteral("closedValue"),
                             tr("Upgraded connections that have ended since the server started."));
    m_residentValue = addValue(tr("Memory in use:"), QStringLiteral("residentValue"),
                               tr("The resident set size of this process."));
    m_openFilesValue = addValue(tr("Open file descriptors:"), QStringLiteral("openFilesValue"),
                                tr("Every client holds one, as do log files and listening sockets."));
    m_lagValue = addValue(tr("Server event-loop lag:"), QStringLiteral("lagValue"),
                          tr("How late the server thread ran its last timer. High values mean it is overloaded."));
    m_droppedValue = addValue(tr("Events dropped:"), QStringLiteral("droppedValue"),
                              tr("Connection events that did not reach the console because too many came at once."));
    m_adminValue = addValue(tr("Admin channel:"), QStringLiteral("adminValue"),
                            tr("Consoles and scripts attached to the admin channel (--admin-listen) now, and the "
                               "connections it refused (token, path, capacity) since it started listening. They "
                               "are not clients: never in the table or the connection log."));
    setTotals({});
}

void DiagnosticsPanel::setTotals(const ServerTotals &totals)
{
    const QLocale locale;
    m_clientsValue->setText(locale.toString(totals.clientsConnected));
    m_sessionsValue->setText(locale.toString(totals.sessionsAlive));
    if (totals.sessionsAlive == totals.clientsConnected)
        m_mismatchedSnapshots = 0;
    else
        ++m_mismatchedSnapshots;
    const bool agree = sessionsAgree();
    setWarningStyle(m_sessionsValue, !agree);
    if (!agree) {
        m_sessionsWarning->setText(
            tr("Sessions alive (%1) and clients connected (%2) differ: a session has leaked or a connection is a zombie.")
                .arg(locale.toString(totals.sessionsAlive), locale.toString(totals.clientsConnected)));
    }
    m_sessionsWarning->setVisible(!agree);

    bool warn = false;
    m_inboundValue->setText(ofCeiling(locale, totals.inboundBufferedBytes, totals.inboundCeilingBytes, &warn));
    setWarningStyle(m_inboundValue, warn);
    m_outboundValue->setText(ofCeiling(locale, totals.outboundQueuedBytes, totals.outboundCeilingBytes, &warn));
    setWarningStyle(m_outboundValue, warn);
    m_ceilingClosesValue->setText(tr("inbound %1, slow senders %2, outbound %3")
                                      .arg(locale.toString(totals.closedByInboundCeiling),
                                           locale.toString(totals.closedSlowSenders),
                                           locale.toString(totals.closedByOutboundCeiling)));

    m_handshakesValue->setText(locale.toString(totals.handshakesPending));
    m_acceptedValue->setText(locale.toString(totals.accepted));
    m_rejectedValue->setText(locale.toString(totals.rejected));
    m_closedValue->setText(locale.toString(totals.closed));
    m_residentValue->setText(locale.formattedDataSize(totals.residentBytes));
    m_openFilesValue->setText(locale.toString(totals.openFds));
    m_lagValue->setText(tr("%1 ms").arg(locale.toString(totals.eventLoopLagMs, 'f', 1)));
    m_droppedValue->setText(locale.toString(totals.eventsDropped));
    setWarningStyle(m_droppedValue, totals.eventsDropped > 0);
    m_adminValue->setText(tr("%1 attached, %2 refused")
                              .arg(locale.toString(totals.adminClients), locale.toString(totals.adminRefused)));
}

} // namespace wsm
