#pragma once

#include "adminprotocol.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QWebSocket;
QT_END_NAMESPACE

namespace wsm {

// A client of one node's admin channel (docs/admin-protocol.md): one WebSocket, its messages as
// typed signals, commands out with the request ids the results repeat. It knows nothing of tables
// or reconnecting: RemoteNode and `wsmonitor ctl` decide what to do with what it reports.
//
// After open(), exactly one of these ends the attempt: helloReceived() (the link is attached; it
// ends later with linkLost()), refused() (the node turned the token away: 401 or 403 on the
// upgrade), or linkLost() (nothing listens, no answer within the connect timeout, not a wsmonitor
// node, or a protocol this build does not know). Lives in one thread; signals are never emitted
// from inside a call.
class AdminLink : public QObject
{
    Q_OBJECT

public:
    // A node that neither upgrades nor refuses within this is given up on.
    static constexpr int DefaultConnectTimeoutMs = 10000;

    explicit AdminLink(QObject *parent = nullptr);
    ~AdminLink() override;

    // Connects to a node's admin URL (ws:// or wss://). A non-empty token goes in the upgrade as
    // "Authorization: Bearer TOKEN". An open link is closed first (without linkLost()).
    void open(const QUrl &url, const QByteArray &token = {});
    // Closes the link; nothing is emitted for it.
    void close();

    QUrl url() const { return m_url; }
    // The hello arrived and the link is up.
    bool isAttached() const { return m_attached; }
    // The node's hello (valid while attached, and after it until the next open()).
    const admin::HelloMessage &hello() const { return m_hello; }

    void setConnectTimeout(int ms) { m_connectTimeoutMs = ms; }
    // For wss://: the TLS configuration of the next open(), e.g. with a private CA added.
    void setSslConfiguration(const QSslConfiguration &configuration) { m_ssl = configuration; }
    // Trusts the CA certificates (PEM) in this file besides the system's for the next open().
    bool addCaCertificatesFile(const QString &path, QString *error);

    // Sends a command with the next request id (which it returns and the result repeats); 0 when
    // the link is not attached.
    quint64 sendCommand(admin::CommandMessage command);
    void subscribe(bool snapshots, bool events);
    // Asks for the next snapshot whole.
    void resync();

Q_SIGNALS:
    void helloReceived(const wsm::admin::HelloMessage &hello);
    void snapshotMessage(const QJsonObject &message); // for a SnapshotDecoder
    void eventsReceived(const QList<wsm::ConnectionEvent> &events, bool recent);
    void resultReceived(const wsm::admin::ResultMessage &result);
    // The node's "error" message: it could not take something we sent. The link stays up.
    void errorMessage(const QString &message);
    // Something the node sent that this build cannot read; the link stays up.
    void malformedMessage(const QString &why);
    void refused(const QString &why);
    void linkLost(const QString &why);

private:
    void onTextMessage(const QString &text);
    void onSocketError();
    void onDisconnected();
    void onTimeout();
    // Ends the attempt or the link once: the socket is closed and one signal says why.
    void finish(const QString &why, bool wasRefused);
    void sendJson(const QJsonObject &object);

    QPointer<QWebSocket> m_socket;
    QUrl m_url;
    QSslConfiguration m_ssl = QSslConfiguration::defaultConfiguration();
    QTimer m_connectTimer;
    int m_connectTimeoutMs = DefaultConnectTimeoutMs;
    admin::HelloMessage m_hello;
    quint64 m_lastRequestId = 0;
    quint64 m_attempt = 0; // open() calls, so that a late report of an earlier one is dropped
    bool m_attached = false;
    bool m_finished = true; // no attempt under way
};

} // namespace wsm
