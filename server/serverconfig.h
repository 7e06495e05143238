#pragma once

#include "clusterconfig.h"
#include "identityconfig.h"

#include <QHostAddress>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace wsm {

// What the server does with a text or binary message from a client.
enum class MessageMode : quint8 {
    Echo,      // back to the sender
    Broadcast, // to every other client
    Sink,      // counted, not answered
};

// Why the server stops: what every client is told, and what the connection log records for each.
enum class StopReason : quint8 {
    Shutdown,       // 1001 Going Away, "server shutdown" (EndReason::ServerShutdown)
    ServiceRestart, // 1012 Service Restart, "service restart" (EndReason::ServiceRestart): come back soon
};

// Everything a server start needs. A plain value: it crosses threads and may cross the network.
// Durations are milliseconds; the command line and the settings dialog speak seconds.
struct ServerConfig
{
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8080;                    // 0 picks a free port
    QString path = QStringLiteral("/");     // the WebSocket endpoint; always starts with '/'
    MessageMode mode = MessageMode::Echo;
    int maxConnections = 10000;
    qint64 maxMessageBytes = 1024 * 1024;
    int rateLimit = 0;                      // messages per second per client; 0 = no limit
    qint64 maxSendQueueBytes = 4 * 1024 * 1024;
    // Ceilings on what all clients together make the server hold (BufferCeilings); 0: none.
    qint64 maxInboundBufferBytes = 256 * 1024 * 1024;   // messages in progress
    qint64 maxOutboundBufferBytes = 512 * 1024 * 1024;  // send queues
    // A message in progress must gain this many bytes a second, judged over each window; 0: off.
    // 1 KiB/s is below a poor 2G link, so only a stalled or trickling sender is cut off.
    qint64 minReceiveRate = 1024;
    int receiveRateWindowMs = 10000;
    int heartbeatIntervalMs = 10000;        // 0 = no heartbeat
    int heartbeatTimeoutMs = 30000;
    int handshakeTimeoutMs = 10000;
    int drainTimeoutMs = 5000;
    QStringList allowedOrigins;             // empty = every origin
    QString token;                          // empty = no token needed
    // The token read from this file at each start (readSecretFile()), so that it is never on a
    // command line or in the console's settings; exclusive with token.
    QString tokenFile;
    QString logCsvPath;                     // empty = no CSV log
    // wss://: a PEM (or DER) certificate, optionally followed by its chain, and its private key.
    // Both or neither; both empty = plain ws://. The files are read at start (TlsCredentials).
    QString tlsCertificatePath;
    QString tlsKeyPath;
    int eventLogCapacity = 10000;           // events the console keeps, and at most per snapshot batch
    // --cluster: the Redis this node shares broadcasts, bans and control through; off by default.
    ClusterConfig cluster;
    // Server-Sent Events on the same port: a GET for text/event-stream at ssePath (empty: off).
    QString ssePath = QStringLiteral("/events");
    int sseRetryMs = 3000;                  // the retry: field sent at connect
    int sseReplayEvents = 1000;             // events kept for Last-Event-ID; 0 = none
    // --identity: who each client is; none by default.
    IdentityConfig identity;
    // An identity (or address and user agent) connecting more often than this a minute is marked
    // flapping; 0 = off.
    int flappingThreshold = 10;
    int flappingWindowMs = 60000;           // the minute it counts over; not an option, tests shorten it
    int snapshotIntervalMs = 250;           // 4 Hz
    // A row per client in every snapshot, for the console. Headless mode reads only the totals and
    // the events, and at 10,000 clients the rows would cost it a share of every message.
    bool snapshotSessionRows = true;
    int closeGraceMs = 2000;                // after our close frame, how long before we abort
    int messageHistory = 100;               // messages per client kept for the inspector; 0 = none

    bool usesTls() const { return !tlsCertificatePath.isEmpty() || !tlsKeyPath.isEmpty(); }

    // Empty when every value is in range; otherwise one sentence per bad value, naming the option
    // and the allowed range in the command line's words.
    QString validate() const;
    // validate()'s sentences about --identity and the --jwt-* options (hasToken: --token or
    // --token-file is given too).
    static QStringList identityProblems(const IdentityConfig &identity, bool hasToken);

    static QString modeId(MessageMode mode);                     // "echo", "broadcast", "sink"
    // --identity's value: "none", "jwt", "query:NAME", "header:NAME"; parse sets source and name.
    static QString identityId(const IdentityConfig &identity);
    static bool parseIdentity(const QString &text, IdentityConfig *identity);
    static bool parseMode(const QString &text, MessageMode *mode);
};

// A numeric option as the command line and the settings dialog show it.
struct NumericOption
{
    QString name;       // command-line name without dashes, e.g. "rate-limit"
    QString purpose;    // what the option is for, one sentence
    double minimum;
    double maximum;
    bool integer;       // false: fractions allowed (seconds)
    QString unit;       // "seconds", "bytes", "messages per second", ...
    QString zeroMeans;  // what 0 means when it is special ("no limit"), else empty
};

// The table of numeric options, one source for range checks, --help and the settings dialog.
QList<NumericOption> numericOptions();
const NumericOption *findNumericOption(const QString &name);

// "--rate-limit must be between 0 and 1000000 messages per second (0: no limit); got 'abc'."
QString rangeError(const NumericOption &option, const QString &given);

// The value of a numeric option in the command line's units (seconds for durations, which
// ServerConfig keeps in ms), and the other way round: with the table, the one mapping between
// option names and fields. False for a name that is not in the table. setNumericOption does not
// check the range: validate() does.
bool numericOptionValue(const ServerConfig &config, const QString &name, double *value);
bool setNumericOption(ServerConfig *config, const QString &name, double value);

// A number as --help and the error sentences show it: C locale, no exponent, no trailing zeros
// ("0.1", "1073741824").
QString formatOptionNumber(double value);

} // namespace wsm

Q_DECLARE_METATYPE(wsm::ServerConfig)
