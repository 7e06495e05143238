#pragma once

#include <QHostAddress>
#include <QString>
#include <QtGlobal>

namespace wsm {

// How a node serves its admin channel (docs/admin-protocol.md): where it listens, the tokens it
// takes, and the bounds on what one admin client can make it hold. A plain value; the command line
// fills it (--admin-listen, --admin-token-file, ...), AdminServer reads it.
struct AdminConfig
{
    bool enabled = false;                   // --admin-listen given
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;                       // 0: a free port
    // The secrets themselves, read from their files when the command line is parsed, so that a
    // missing file is a command-line error. Empty: no such token. With neither, only loopback.
    QString fullToken;                      // --admin-token-file: full control
    QString readOnlyToken;                  // --admin-readonly-token-file: watch only
    QString fullTokenFile;                  // where they came from, for messages
    QString readOnlyTokenFile;
    // wss:// when both are set: --admin-tls-cert/--admin-tls-key, else the public --tls-cert/--tls-key.
    QString tlsCertificatePath;
    QString tlsKeyPath;
    // --node-name; empty: the host name and the public port, e.g. "edge-1:8080".
    QString nodeName;

    // The document's limits.
    int maxClients = 32;                    // beyond: 503 before the upgrade
    int handshakeTimeoutMs = 10000;         // TCP connect to upgrade
    qint64 maxMessageBytes = 1024 * 1024;   // one message from a client: beyond, 1009
    int messageBurst = 200;                 // token bucket: at once ...
    double messagesPerSecond = 100;         // ... then this many a second; beyond, 1008
    qint64 maxQueuedBytes = qint64(64) * 1024 * 1024; // queued for one client: beyond, 1008
    int recentEvents = 1000;                // sent to a client subscribing to events

    bool hasToken() const { return !fullToken.isEmpty() || !readOnlyToken.isEmpty(); }
    bool usesTls() const { return !tlsCertificatePath.isEmpty() && !tlsKeyPath.isEmpty(); }
};

} // namespace wsm
