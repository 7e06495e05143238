#pragma once

#include <QString>
#include <QtGlobal>

namespace wsm {

// How a node joins a cluster (--cluster redis://HOST:PORT[/DB]): the Redis every node of the
// cluster shares for broadcasts, bans, control and the registry of nodes. A plain value inside
// ServerConfig; the command line fills it, ClusterLink reads it in the server thread.
struct ClusterConfig
{
    QString redisHost;                      // empty: not in a cluster
    quint16 redisPort = 6379;
    int redisDatabase = 0;                  // /DB of the URL: nodes sharing it are one cluster
    // Read from --cluster-password-file when the command line is parsed (readSecretFile()), so
    // that it is never on a command line; empty: no AUTH.
    QString password;
    QString passwordFile;
    // This node's name in the cluster: --node-name, else the host name and the public port
    // ("edge-1:8080"). The same name the admin channel's hello gives.
    QString nodeName;
    // What the registry offers consoles to attach to: this node's admin channel, empty without one.
    QString adminUrl;

    int registryTtlMs = 15000;              // a dead node leaves `ctl nodes` within this
    int registryRefreshMs = 5000;           // the key is written again, and the list read, this often
    int connectTimeoutMs = 3000;            // TCP connect, AUTH and SELECT
    int replyTimeoutMs = 3000;              // a command unanswered this long: the link is down
    int reconnectMinMs = 500;               // backoff after a failure: doubled each time ...
    int reconnectMaxMs = 30000;             // ... up to this
    // What may wait for Redis (written, unanswered, or not yet written): beyond it a publish is
    // dropped and counted, never queued.
    qint64 maxPendingBytes = qint64(16) * 1024 * 1024;

    bool enabled() const { return !redisHost.isEmpty(); }
    // redis://HOST:PORT/DB, never with the password: for messages, /metrics labels and the console.
    QString redisUrl() const
    {
        const QString host = redisHost.contains(QLatin1Char(':')) ? QLatin1Char('[') + redisHost + QLatin1Char(']')
                                                                  : redisHost;
        return QStringLiteral("redis://%1:%2/%3").arg(host).arg(redisPort).arg(redisDatabase);
    }
};

} // namespace wsm
