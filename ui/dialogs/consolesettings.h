#pragma once

#include "serverconfig.h"

#include <QHostAddress>
#include <QString>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace wsm {

// Settings kept between runs (QSettings) that belong to the console rather than to the server.
struct ConsoleSettings
{
    int kickSpreadMs = 2000;       // kicking many clients spreads the closes over this time
    int chartWindowSeconds = 300;  // rolling window of the charts
    int banMinutes = 10;           // default duration of "Kick and ban"
    int kickCloseCode = 4000;      // default close code of a kick
    QString kickReason;            // default reason; empty means defaultKickReason()
    bool askBeforeClosingClients = true; // Stop, Quit and closing the window ask while clients are connected

    // The ranges the settings dialog allows and loading enforces.
    static constexpr int MinKickSpreadMs = 0;
    static constexpr int MaxKickSpreadMs = 60000;
    static constexpr int MinChartWindowSeconds = 10;
    static constexpr int MaxChartWindowSeconds = 3600;
    static constexpr int MinBanMinutes = 1;
    static constexpr int MaxBanMinutes = 10080; // a week
    static constexpr int MinKickCloseCode = 4000; // the application range of close codes
    static constexpr int MaxKickCloseCode = 4999;
    static constexpr int MaxKickReasonBytes = 123; // a close frame carries at most 123 bytes of reason
};

// "Kicked by the operator.", translated: the reason a kick gives when none is set.
QString defaultKickReason();
// True when text fits a close frame's reason (at most 123 bytes of UTF-8).
bool fitsKickReason(const QString &text);

// A listen address as the settings dialog and the saved settings take it: an IPv4 address in four
// dotted parts, an IPv6 address (brackets allowed), or "localhost". No name lookup, as on the
// command line. False for anything else.
bool parseListenAddress(const QString &text, QHostAddress *address);

// Keys: "server/<option-name>" for the numeric options (command-line names and units),
// "server/listen", "server/port", "server/path", "server/mode", "server/allowedOrigins",
// "server/token" (read only: an older version's; never written), "server/tokenFile", "server/logCsv", "server/tlsCert", "server/tlsKey"; "console/kickSpreadMs", "console/chartWindowSeconds",
// "console/banMinutes", "console/kickCloseCode", "console/kickReason", "console/askBeforeClosingClients".
// Loading never fails: a missing value, or one that is out of range or breaks a rule of
// ServerConfig::validate(), keeps the fallback's (or the default's) value for that field.
ServerConfig loadServerConfig(const QSettings &settings, const ServerConfig &fallback = ServerConfig());
void saveServerConfig(QSettings &settings, const ServerConfig &config);
ConsoleSettings loadConsoleSettings(const QSettings &settings);
void saveConsoleSettings(QSettings &settings, const ConsoleSettings &console);

} // namespace wsm
