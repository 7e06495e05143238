// ConnectionTableModel, part: the cells that say what and who each client is: Kind, Identity and
// Flapping. The filter (ConnectionFilterModel) and the console's identity actions read the same
// words through identityText().

#include "connectiontablemodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

namespace wsm {

namespace {

// The warning colour of a flapping client: the heartbeat's "late" amber would read as a
// heartbeat state, so a deeper orange.
const QColor flappingColor(0xd8, 0x43, 0x15);

bool isUnverified(const SessionRow &row)
{
    return !row.identity.isEmpty() && !row.identityVerified;
}

} // namespace

QString ConnectionTableModel::identityText(const SessionRow &row)
{
    if (row.identity.isEmpty())
        return {};
    QString text = row.displayName.isEmpty() || row.displayName == row.identity
        ? row.identity
        : tr("%1 (%2)", "display name (subject)").arg(row.displayName, row.identity);
    if (!row.identityVerified)
        text = tr("%1 (unverified)", "an identity the client claimed").arg(text);
    return text;
}

QVariant ConnectionTableModel::identityDisplayData(const SessionRow &row, int column) const
{
    switch (column) {
    case KindColumn:
        return ConnectionEvent::clientKindText(row.kind);
    case IdentityColumn:
        return identityText(row);
    case FlappingColumn:
        return row.flapping ? tr("flapping") : QString();
    default:
        return {};
    }
}

QVariant ConnectionTableModel::identitySortData(const SessionRow &row, int column)
{
    switch (column) {
    case KindColumn: return ConnectionEvent::clientKindId(row.kind);
    case IdentityColumn: return row.identity;
    case FlappingColumn: return int(row.flapping);
    default: return {};
    }
}

QVariant ConnectionTableModel::identityToolTipData(const SessionRow &row, int column) const
{
    switch (column) {
    case IdentityColumn: {
        if (row.identity.isEmpty())
            return {};
        if (!row.identityVerified)
            return tr("Unverified: the client named itself \"%1\" (--identity query or header). "
                      "Anyone can claim any name this way; use it for development only.")
                .arg(row.identity);
        QString text = tr("Verified token; subject \"%1\".").arg(row.identity);
        if (row.identityExpiresAt > 0) {
            text += QLatin1Char('\n')
                + tr("The token expires at %1; the connection ends then.")
                      .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(row.identityExpiresAt),
                                              QLocale::ShortFormat));
        }
        return text;
    }
    case FlappingColumn:
        if (!row.flapping)
            return {};
        return tr("This client reconnects more often than --flapping-threshold times a minute: "
                  "the event log says how often and why its connections ended.");
    default:
        return {};
    }
}

QVariant ConnectionTableModel::identityForeground(const SessionRow &row, int column)
{
    if (column == IdentityColumn && isUnverified(row))
        return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
    if (column == FlappingColumn && row.flapping)
        return QBrush(flappingColor);
    return {};
}

bool ConnectionTableModel::identityItalic(const SessionRow &row, int column)
{
    return column == IdentityColumn && isUnverified(row);
}

} // namespace wsm
