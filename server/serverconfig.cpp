#include "serverconfig.h"

#include "decimaltext.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace wsm {

namespace {

const char *const context = "wsm::ServerConfig";

QString translated(const char *text)
{
    return QCoreApplication::translate(context, text);
}

// Saturating conversions: a value far out of range must fail validate(), not overflow.
int toIntSaturated(double value)
{
    if (std::isnan(value))
        return 0;
    if (value >= double(std::numeric_limits<int>::max()))
        return std::numeric_limits<int>::max();
    if (value <= double(std::numeric_limits<int>::min()))
        return std::numeric_limits<int>::min();
    return int(std::lround(value));
}

qint64 toInt64Saturated(double value)
{
    if (std::isnan(value))
        return 0;
    // 2^63 is exactly representable; anything at or above it would overflow the cast.
    if (value >= 9223372036854775807.0)
        return std::numeric_limits<qint64>::max();
    if (value <= -9223372036854775807.0)
        return std::numeric_limits<qint64>::min();
    return std::llround(value);
}

int secondsToMs(double seconds)
{
    return toIntSaturated(seconds * 1000.0);
}

double msToSeconds(int ms)
{
    return ms / 1000.0;
}

// One row per numeric option: what the command line calls it, its range and words, and the field
// it maps to. Every other list of numeric options (help, dialog, validation) derives from this.
struct Entry
{
    const char *name;
    const char *purpose; // one sentence for --help and the settings dialog
    double minimum;
    double maximum;
    bool integer;
    const char *unit;
    const char *zeroMeans;
    double (*get)(const ServerConfig &);
    void (*set)(ServerConfig &, double);
};

const Entry entries[] = {
    {"max-connections",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Most clients connected at once; more are refused (503)."),
     1, 1000000, true, QT_TRANSLATE_NOOP("wsm::ServerConfig", "connections"), nullptr,
     [](const ServerConfig &c) { return double(c.maxConnections); },
     [](ServerConfig &c, double v) { c.maxConnections = toIntSaturated(v); }},
    // 125: a control frame's payload cap, so every message a client may send fits.
    {"max-message-bytes",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Largest message a client may send; larger ones close it (1009)."),
     125, 1073741824, true, QT_TRANSLATE_NOOP("wsm::ServerConfig", "bytes"), nullptr,
     [](const ServerConfig &c) { return double(c.maxMessageBytes); },
     [](ServerConfig &c, double v) { c.maxMessageBytes = toInt64Saturated(v); }},
    {"rate-limit",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Messages per second one client may send; more close it (1008)."),
     0, 1000000, true, QT_TRANSLATE_NOOP("wsm::ServerConfig", "messages per second"),
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "no limit"),
     [](const ServerConfig &c) { return double(c.rateLimit); },
     [](ServerConfig &c, double v) { c.rateLimit = toIntSaturated(v); }},
    {"max-send-queue-bytes",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Unsent bytes a client may fall behind by before it is closed as a slow consumer (1008)."),
     1024, 1073741824, true, QT_TRANSLATE_NOOP("wsm::ServerConfig", "bytes"), nullptr,
     [](const ServerConfig &c) { return double(c.maxSendQueueBytes); },
     [](ServerConfig &c, double v) { c.maxSendQueueBytes = toInt64Saturated(v); }},
    // The ceilings bound what all clients together make the server hold: per-client limits times
    // ten thousand clients would be far past any machine's memory. At least a megabyte, so that
    // one message of an ordinary size always fits.
    {"max-inbound-buffer-bytes",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Bytes of unfinished messages held for all clients together; past it the clients holding the most are closed (1009)."),
     1048576, 1099511627776.0, true, QT_TRANSLATE_NOOP("wsm::ServerConfig", "bytes"), nullptr,
     [](const ServerConfig &c) { return double(c.maxInboundBufferBytes); },
     [](ServerConfig &c, double v) { c.maxInboundBufferBytes = toInt64Saturated(v); }},
    {"max-outbound-buffer-bytes",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Unsent bytes queued for all clients together; past it the slowest consumers are closed (1008)."),
     1048576, 1099511627776.0, true, QT_TRANSLATE_NOOP("wsm::ServerConfig", "bytes"), nullptr,
     [](const ServerConfig &c) { return double(c.maxOutboundBufferBytes); },
     [](ServerConfig &c, double v) { c.maxOutboundBufferBytes = toInt64Saturated(v); }},
    {"min-receive-rate",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Bytes per second a client must keep sending once it has begun a message, judged over 10 seconds; slower closes it (1008)."),
     0, 1073741824, true, QT_TRANSLATE_NOOP("wsm::ServerConfig", "bytes per second"),
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "no minimum"),
     [](const ServerConfig &c) { return double(c.minReceiveRate); },
     [](ServerConfig &c, double v) { c.minReceiveRate = toInt64Saturated(v); }},
    // A minute's count, so that the threshold reads like a rate; kept per client up to threshold + 1
    // times, which bounds the tracker's memory (FlappingTracker).
    {"flapping-threshold",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Connections a minute from one identity (or one address and user agent) past which it is marked flapping."),
     0, 1000, true, QT_TRANSLATE_NOOP("wsm::ServerConfig", "connections per minute"),
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "not tracked"),
     [](const ServerConfig &c) { return double(c.flappingThreshold); },
     [](ServerConfig &c, double v) { c.flappingThreshold = toIntSaturated(v); }},
    {"heartbeat-interval",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Time between pings to a quiet client."),
     0, 3600, false, QT_TRANSLATE_NOOP("wsm::ServerConfig", "seconds"),
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "no heartbeat"),
     [](const ServerConfig &c) { return msToSeconds(c.heartbeatIntervalMs); },
     [](ServerConfig &c, double v) { c.heartbeatIntervalMs = secondsToMs(v); }},
    {"heartbeat-timeout",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Silence after which a client is dropped as dead; must exceed the interval."),
     0.1, 86400, false, QT_TRANSLATE_NOOP("wsm::ServerConfig", "seconds"), nullptr,
     [](const ServerConfig &c) { return msToSeconds(c.heartbeatTimeoutMs); },
     [](ServerConfig &c, double v) { c.heartbeatTimeoutMs = secondsToMs(v); }},
    {"handshake-timeout",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Time a new TCP connection has to complete the WebSocket upgrade."),
     0.1, 300, false, QT_TRANSLATE_NOOP("wsm::ServerConfig", "seconds"), nullptr,
     [](const ServerConfig &c) { return msToSeconds(c.handshakeTimeoutMs); },
     [](ServerConfig &c, double v) { c.handshakeTimeoutMs = secondsToMs(v); }},
    {"drain-timeout",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "On stop, time clients get to close before they are aborted."),
     0, 600, false, QT_TRANSLATE_NOOP("wsm::ServerConfig", "seconds"), nullptr,
     [](const ServerConfig &c) { return msToSeconds(c.drainTimeoutMs); },
     [](ServerConfig &c, double v) { c.drainTimeoutMs = secondsToMs(v); }},
    {"event-log-capacity",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Connection events kept in memory."),
     100, 1000000, true, QT_TRANSLATE_NOOP("wsm::ServerConfig", "events"), nullptr,
     [](const ServerConfig &c) { return double(c.eventLogCapacity); },
     [](ServerConfig &c, double v) { c.eventLogCapacity = toIntSaturated(v); }},
    // Each kept message is shortened to MessageRecord::PreviewChars, so this bounds the memory too.
    {"message-history",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Last messages kept per client for the inspector, each shortened for display."),
     0, 10000, true, QT_TRANSLATE_NOOP("wsm::ServerConfig", "messages"),
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "none kept"),
     [](const ServerConfig &c) { return double(c.messageHistory); },
     [](ServerConfig &c, double v) { c.messageHistory = toIntSaturated(v); }},
    // Server-Sent Events (--sse-path). The retry is the browser's wait before it reconnects.
    {"sse-retry",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Time an event stream's browser waits before it reconnects (the retry: field sent at connect)."),
     0, 3600, false, QT_TRANSLATE_NOOP("wsm::ServerConfig", "seconds"), nullptr,
     [](const ServerConfig &c) { return msToSeconds(c.sseRetryMs); },
     [](ServerConfig &c, double v) { c.sseRetryMs = secondsToMs(v); }},
    {"sse-replay",
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "Events sent to all kept for event streams that reconnect with Last-Event-ID (at most 16 MiB of them)."),
     0, 1000000, true, QT_TRANSLATE_NOOP("wsm::ServerConfig", "events"),
     QT_TRANSLATE_NOOP("wsm::ServerConfig", "none kept"),
     [](const ServerConfig &c) { return double(c.sseReplayEvents); },
     [](ServerConfig &c, double v) { c.sseReplayEvents = toIntSaturated(v); }},
};

const Entry *findEntry(const QString &name)
{
    for (const Entry &entry : entries) {
        if (name == QLatin1String(entry.name))
            return &entry;
    }
    return nullptr;
}

NumericOption toOption(const Entry &entry, bool translate)
{
    auto words = [translate](const char *text) {
        if (!text)
            return QString();
        return translate ? translated(text) : QString::fromLatin1(text);
    };
    return NumericOption{QString::fromLatin1(entry.name), words(entry.purpose), entry.minimum, entry.maximum,
                         entry.integer, words(entry.unit), words(entry.zeroMeans)};
}

// Untranslated, built once: findNumericOption() hands out pointers into it.
const QList<NumericOption> &sourceOptions()
{
    static const QList<NumericOption> options = [] {
        QList<NumericOption> list;
        for (const Entry &entry : entries)
            list.append(toOption(entry, false));
        return list;
    }();
    return options;
}

// Translating an already translated word finds no entry and returns it unchanged, so options from
// numericOptions() and from findNumericOption() both read right.
QString translatedWord(const QString &word)
{
    return word.isEmpty() ? word : translated(word.toUtf8().constData());
}

bool isPlainNumber(const QString &text)
{
    static const QRegularExpression plain(QStringLiteral("^-?[0-9]+(\\.[0-9]+)?$"));
    return plain.match(text).hasMatch();
}

bool isPlainWholeNumber(const QString &text)
{
    static const QRegularExpression plain(QStringLiteral("^-?[0-9]+$"));
    return plain.match(text).hasMatch();
}

bool hasSpaceOrControl(const QString &text)
{
    for (const QChar c : text) {
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

// A query parameter or header name that needs no escaping in either place.
bool isHttpToken(const QString &text)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9._~-]{1,100}$"));
    return name.match(text).hasMatch();
}

} // namespace

QList<NumericOption> numericOptions()
{
    QList<NumericOption> list;
    for (const Entry &entry : entries)
        list.append(toOption(entry, true));
    return list;
}

const NumericOption *findNumericOption(const QString &name)
{
    for (const NumericOption &option : sourceOptions()) {
        if (option.name == name)
            return &option;
    }
    return nullptr;
}

bool numericOptionValue(const ServerConfig &config, const QString &name, double *value)
{
    const Entry *entry = findEntry(name);
    if (!entry)
        return false;
    if (value)
        *value = entry->get(config);
    return true;
}

bool setNumericOption(ServerConfig *config, const QString &name, double value)
{
    const Entry *entry = findEntry(name);
    if (!entry || !config)
        return false;
    entry->set(*config, value);
    return true;
}

QString formatOptionNumber(double value)
{
    if (!std::isfinite(value))
        return QString::number(value);
    // Milliseconds are the finest unit any option has; 6 places keep sums of them exact enough.
    return QString::fromLatin1(decimalText(value, 6));
}

QString rangeError(const NumericOption &option, const QString &given)
{
    const QString zero = option.zeroMeans.isEmpty()
        ? QString()
        : translated(QT_TRANSLATE_NOOP("wsm::ServerConfig", " (0: %1)")).arg(translatedWord(option.zeroMeans));
    // Name the kind of number expected when the text was not one, so "1.5" for a count and "abc"
    // both say what to type instead.
    const char *sentence = nullptr;
    if (option.integer && !isPlainWholeNumber(given))
        sentence = QT_TRANSLATE_NOOP("wsm::ServerConfig", "--%1 must be a whole number between %2 and %3 %4%5; got %6.");
    else if (!option.integer && !isPlainNumber(given))
        sentence = QT_TRANSLATE_NOOP("wsm::ServerConfig", "--%1 must be a number between %2 and %3 %4%5; got %6.");
    else
        sentence = QT_TRANSLATE_NOOP("wsm::ServerConfig", "--%1 must be between %2 and %3 %4%5; got %6.");
    const QString shown = isPlainNumber(given) ? given : QLatin1Char('\'') + given + QLatin1Char('\'');
    return translated(sentence).arg(option.name, formatOptionNumber(option.minimum),
                            formatOptionNumber(option.maximum), translatedWord(option.unit), zero, shown);
}

QString ServerConfig::validate() const
{
    QStringList errors;

    for (const Entry &entry : entries) {
        const double value = entry.get(*this);
        if (value < entry.minimum || value > entry.maximum)
            errors.append(rangeError(toOption(entry, true), formatOptionNumber(value)));
    }

    if (!path.startsWith(QLatin1Char('/'))) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig", "--path must start with '/'; got '%1'."))
                          .arg(path));
    } else if (path.contains(QLatin1Char('?')) || path.contains(QLatin1Char('#')) || hasSpaceOrControl(path)) {
        // The query and fragment are not part of the path a request is matched against.
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                           "--path must not contain '?', '#', spaces or control characters; got '%1'."))
                          .arg(path));
    }

    if (!ssePath.isEmpty()) {
        if (!ssePath.startsWith(QLatin1Char('/')) || ssePath.contains(QLatin1Char('?'))
            || ssePath.contains(QLatin1Char('#')) || hasSpaceOrControl(ssePath)) {
            errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                               "--sse-path must start with '/' and must not contain '?', '#', spaces "
                                               "or control characters (empty turns it off); got '%1'."))
                              .arg(ssePath));
        } else if (ssePath == path || ssePath == QLatin1String("/metrics") || ssePath == QLatin1String("/healthz")) {
            errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                               "--sse-path must differ from --path, /metrics and /healthz; got '%1'."))
                              .arg(ssePath));
        }
    }

    if (heartbeatIntervalMs > 0 && heartbeatTimeoutMs <= heartbeatIntervalMs) {
        // A timeout no longer than the interval would reap healthy clients before their pong could arrive.
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                           "--heartbeat-timeout (%1 seconds) must be greater than "
                                           "--heartbeat-interval (%2 seconds) while heartbeats are on "
                                           "(--heartbeat-interval 0 turns them off)."))
                          .arg(formatOptionNumber(msToSeconds(heartbeatTimeoutMs)),
                               formatOptionNumber(msToSeconds(heartbeatIntervalMs))));
    }

    for (const QString &origin : allowedOrigins) {
        if (origin.trimmed().isEmpty()) {
            errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig", "--allowed-origin must not be empty.")));
            break;
        }
    }

    if (hasSpaceOrControl(token)) {
        // The token travels in a query string or header, where spaces and controls do not survive.
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                           "--token must not contain spaces or control characters.")));
    }

    if (!token.isEmpty() && !tokenFile.isEmpty()) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                           "--token and --token-file are two ways to give one token: give one.")));
    }

    errors += identityProblems(identity, !token.isEmpty() || !tokenFile.isEmpty());

    // The files themselves are read at start (TlsCredentials::load): they may change until then.
    if (!tlsCertificatePath.isEmpty() && tlsKeyPath.isEmpty()) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                           "--tls-cert needs --tls-key: the private key of the certificate.")));
    } else if (tlsCertificatePath.isEmpty() && !tlsKeyPath.isEmpty()) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                           "--tls-key needs --tls-cert: the certificate of the key.")));
    }

    if (snapshotIntervalMs < 50 || snapshotIntervalMs > 10000) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                           "The snapshot interval must be between 50 and 10000 ms; got %1."))
                          .arg(snapshotIntervalMs));
    }
    if (receiveRateWindowMs < 100 || receiveRateWindowMs > 600000) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                           "The receive rate window must be between 100 and 600000 ms; got %1."))
                          .arg(receiveRateWindowMs));
    }
    if (closeGraceMs < 0 || closeGraceMs > 60000) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                           "The close grace period must be between 0 and 60000 ms; got %1."))
                          .arg(closeGraceMs));
    }

    return errors.join(QLatin1Char('\n'));
}

// --identity's rules across its options; the key files themselves are read at start.
QStringList ServerConfig::identityProblems(const IdentityConfig &identity, bool hasToken)
{
    QStringList errors;
    const bool jwt = identity.source == IdentitySource::Jwt;
    if (jwt && identity.jwtSecretFile.isEmpty() == identity.jwtPublicKeyFile.isEmpty()) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                                   "--identity jwt needs exactly one key: --jwt-secret-file FILE "
                                                   "(HS256) or --jwt-public-key FILE (RS256, ES256).")));
    }
    if (!jwt && (!identity.jwtSecretFile.isEmpty() || !identity.jwtPublicKeyFile.isEmpty()
                 || !identity.jwtIssuer.isEmpty() || !identity.jwtAudience.isEmpty())) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                                   "--jwt-secret-file, --jwt-public-key, --jwt-issuer and "
                                                   "--jwt-audience need --identity jwt.")));
    }
    // Both read "Authorization: Bearer": one header cannot carry the shared token and a JWT.
    if (jwt && hasToken) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                                   "--identity jwt and --token (or --token-file) both read the "
                                                   "Authorization header: give one (a valid JWT already lets a "
                                                   "client in).")));
    }
    const bool named = identity.source == IdentitySource::Query || identity.source == IdentitySource::Header;
    if (named && !isHttpToken(identity.parameterName)) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                                   "--identity query:NAME and header:NAME need a NAME of letters, "
                                                   "digits and -_.~ (1 to 100 characters); got '%1'."))
                          .arg(identity.parameterName));
    }
    if (hasSpaceOrControl(identity.jwtIssuer) || hasSpaceOrControl(identity.jwtAudience)) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                                   "--jwt-issuer and --jwt-audience must not contain spaces or "
                                                   "control characters.")));
    }
    if (identity.clockSkewMs < 0 || identity.clockSkewMs > 600000) {
        errors.append(translated(QT_TRANSLATE_NOOP("wsm::ServerConfig",
                                                   "The identity clock skew must be between 0 and 600000 ms; got %1."))
                          .arg(identity.clockSkewMs));
    }
    return errors;
}

QString ServerConfig::identityId(const IdentityConfig &identity)
{
    switch (identity.source) {
    case IdentitySource::None: return QStringLiteral("none");
    case IdentitySource::Jwt: return QStringLiteral("jwt");
    case IdentitySource::Query: return QStringLiteral("query:") + identity.parameterName;
    case IdentitySource::Header: return QStringLiteral("header:") + identity.parameterName;
    }
    return {};
}

bool ServerConfig::parseIdentity(const QString &text, IdentityConfig *identity)
{
    const QString query = QStringLiteral("query:");
    const QString header = QStringLiteral("header:");
    IdentitySource source = IdentitySource::None;
    QString name;
    if (text == QLatin1String("jwt")) {
        source = IdentitySource::Jwt;
    } else if (text.startsWith(query) && text.size() > query.size()) {
        source = IdentitySource::Query;
        name = text.mid(query.size());
    } else if (text.startsWith(header) && text.size() > header.size()) {
        source = IdentitySource::Header;
        name = text.mid(header.size());
    } else if (text != QLatin1String("none")) {
        return false;
    }
    identity->source = source;
    identity->parameterName = name;
    return true;
}

QString ServerConfig::modeId(MessageMode mode)
{
    switch (mode) {
    case MessageMode::Echo: return QStringLiteral("echo");
    case MessageMode::Broadcast: return QStringLiteral("broadcast");
    case MessageMode::Sink: return QStringLiteral("sink");
    }
    return {};
}

bool ServerConfig::parseMode(const QString &text, MessageMode *mode)
{
    for (const MessageMode candidate : {MessageMode::Echo, MessageMode::Broadcast, MessageMode::Sink}) {
        if (text.compare(modeId(candidate), Qt::CaseInsensitive) == 0) {
            if (mode)
                *mode = candidate;
            return true;
        }
    }
    return false;
}

} // namespace wsm
