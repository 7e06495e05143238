#include "adminclient.h"

#include "adminprotocol.h"
#include "adminserver.h"
#include "steadyclock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>

namespace wsm {

namespace {

// A client that does not answer our close frame in this time is cut off: its buffers go at once.
constexpr int CloseGraceMs = 5000;

} // namespace

AdminClient::AdminClient(QWebSocket *socket, QTcpSocket *rawSocket, bool readOnly, AdminServer *server)
    : QObject(server)
    , m_server(server)
    , m_socket(socket)
    , m_rawSocket(rawSocket)
    , m_readOnly(readOnly)
    , m_tokens(server->config().messageBurst)
    , m_tokensAtMs(steadyNowMs())
{
    socket->setParent(this);
    connect(socket, &QWebSocket::textMessageReceived, this, &AdminClient::onText);
    connect(socket, &QWebSocket::binaryMessageReceived, this, &AdminClient::onBinary);
    connect(socket, &QWebSocket::disconnected, this, &AdminClient::onDisconnected);
}

AdminClient::~AdminClient()
{
    // The socket is our child and goes with us; nothing it says on the way is ours to hear.
    m_socket->disconnect(this);
}

void AdminClient::setSubscription(bool snapshots, bool events)
{
    if (!snapshots)
        m_snapshotsInSync = false;
    m_wantsSnapshots = snapshots;
    m_wantsEvents = events;
}

void AdminClient::sendText(const QString &text)
{
    if (m_closing)
        return;
    m_socket->sendTextMessage(text);
    // QWebSocket writes its frames straight into the TCP (or TLS) socket: what that socket still
    // holds is what this client has not read yet.
    const qint64 queued = m_rawSocket ? m_rawSocket->bytesToWrite() : 0;
    if (queued > m_server->config().maxQueuedBytes)
        closeFor(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too slow to read the node's feed"));
}

void AdminClient::send(const QJsonObject &message)
{
    sendText(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void AdminClient::sendError(const QString &message)
{
    QJsonObject error;
    error.insert(QStringLiteral("type"), admin::Error);
    error.insert(QStringLiteral("message"), message);
    send(error);
}

bool AdminClient::takeMessageToken()
{
    const AdminConfig &config = m_server->config();
    const qint64 now = steadyNowMs();
    m_tokens = std::min<double>(config.messageBurst,
                                m_tokens + double(now - m_tokensAtMs) * config.messagesPerSecond / 1000.0);
    m_tokensAtMs = now;
    if (m_tokens < 1)
        return false;
    m_tokens -= 1;
    return true;
}

void AdminClient::onText(const QString &text)
{
    if (m_closing)
        return; // what was already read behind a message that closed us
    if (!takeMessageToken()) {
        closeFor(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many messages"));
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        sendError(QStringLiteral("not JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
        return;
    }
    if (!document.isObject()) {
        sendError(QStringLiteral("not a JSON object: every message is one object with a \"type\""));
        return;
    }
    const QJsonObject message = document.object();
    const QString type = message.value(QLatin1String("type")).toString();
    if (type == admin::Subscribe) {
        m_server->subscribe(this, message.value(QLatin1String("snapshots")).toBool(),
                            message.value(QLatin1String("events")).toBool());
    } else if (type == admin::Resync) {
        m_server->resync(this);
    } else if (type == admin::Command) {
        quint64 id = 0;
        if (!admin::requestIdFromJson(message.value(QLatin1String("id")), &id)) {
            sendError(QStringLiteral("a command needs \"id\", a non-negative integer"));
            return;
        }
        admin::CommandMessage command;
        QString error;
        if (!admin::commandFromJson(message, &command, &error)) {
            admin::ResultMessage result;
            result.id = id;
            result.code = admin::Invalid;
            result.message = error;
            send(admin::resultToJson(result));
            return;
        }
        m_server->runCommand(this, command);
    } else if (type.isEmpty()) {
        sendError(QStringLiteral("a message needs \"type\", a string"));
    } else {
        sendError(QStringLiteral("unknown type \"%1\"").arg(type));
    }
}

void AdminClient::onBinary()
{
    if (!m_closing)
        closeFor(QWebSocketProtocol::CloseCodeDatatypeNotSupported, QStringLiteral("text frames only"));
}

void AdminClient::closeFor(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    m_closing = true;
    m_socket->close(code, reason);
    QTimer::singleShot(CloseGraceMs, this, [this] { m_socket->abort(); });
}

void AdminClient::onDisconnected()
{
    if (m_ended)
        return;
    m_ended = true;
    m_closing = true;
    m_server->clientEnded(this);
    deleteLater();
}

} // namespace wsm
