#include "statusfields.h"

#include <QLabel>
#include <QLocale>
#include <QStatusBar>

#include <algorithm>

namespace wsm {

namespace {

// h:mm:ss, hours unbounded: a server can run for weeks.
QString uptimeText(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, ms / 1000);
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600)
        .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

// Room for the widest text a field usually shows; wider still grows the field rather than cut it.
void reserveWidthFor(QLabel *label, const QString &widestText)
{
    const QMargins margins = label->contentsMargins();
    label->setMinimumWidth(label->fontMetrics().horizontalAdvance(widestText) + margins.left() + margins.right());
}

} // namespace

StatusFields::StatusFields(QStatusBar *statusBar)
    : QObject(statusBar)
{
    const auto addLabel = [statusBar](const char *objectName) {
        auto *label = new QLabel(statusBar);
        label->setObjectName(QLatin1String(objectName));
        label->setContentsMargins(6, 0, 6, 0);
        statusBar->addPermanentWidget(label);
        return label;
    };
    m_paused = addLabel("pausedStatus");
    m_paused->setText(tr("Paused – the server keeps running"));
    m_paused->setStyleSheet(QStringLiteral("font-weight: bold;"));
    m_paused->hide();
    m_address = addLabel("addressStatus");
    m_clients = addLabel("clientsStatus");
    m_rates = addLabel("ratesStatus");
    m_uptime = addLabel("uptimeStatus");

    reserveWidthFor(m_clients, tr("%Ln client(s)", nullptr, 88888));
    reserveWidthFor(m_rates, ratesText(88888.8, 88888.8));
    reserveWidthFor(m_uptime, tr("Up %1").arg(uptimeText(888LL * 3600 * 1000)));
}

QString StatusFields::ratesText(double messagesIn, double messagesOut)
{
    const QLocale locale;
    return tr("In %1 msg/s, out %2 msg/s")
        .arg(locale.toString(messagesIn, 'f', 1), locale.toString(messagesOut, 'f', 1));
}

void StatusFields::showPaused(bool paused)
{
    m_paused->setVisible(paused);
}

void StatusFields::showStopped()
{
    m_address->setText(tr("Stopped"));
    m_rates->clear();
    m_uptime->clear();
}

void StatusFields::showStarting()
{
    m_address->setText(tr("Starting…"));
}

void StatusFields::showListening(const QString &url)
{
    m_address->setText(tr("Listening on %1").arg(url));
}

void StatusFields::showStopping()
{
    m_address->setText(tr("Stopping…"));
}

void StatusFields::showSnapshot(const Snapshot &snapshot)
{
    m_clients->setText(tr("%Ln client(s)", nullptr, snapshot.totals.clientsConnected));
    if (snapshot.startedAt <= 0)
        return; // the last snapshot of a stop: nothing is running to have rates or an uptime
    m_rates->setText(ratesText(snapshot.totals.messageRateIn, snapshot.totals.messageRateOut));
    m_uptime->setText(tr("Up %1").arg(uptimeText(snapshot.takenAt - snapshot.startedAt)));
}

} // namespace wsm
