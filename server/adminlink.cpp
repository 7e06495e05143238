#include "adminlink.h"

#include "snapshotdelta.h"

#include <QFile>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QWebSocket>

namespace wsm {

namespace {

// The HTTP status of a refused upgrade. Qt 6.4 has no API for it: QWebSocket reports
// ConnectionRefusedError with "QWebSocketPrivate::processHandshake: Unhandled http status code:
// 403 (Forbidden)." (the same error as a TCP refusal, whose text has no status code). 0 if none.
int refusedHttpStatus(const QString &errorString)
{
    static const QRegularExpression status(QStringLiteral("status code: ([1-5][0-9][0-9])"));
    const QRegularExpressionMatch match = status.match(errorString);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

} // namespace

AdminLink::AdminLink(QObject *parent)
    : QObject(parent)
{
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, &AdminLink::onTimeout);
}

AdminLink::~AdminLink()
{
    close();
}

bool AdminLink::addCaCertificatesFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read the CA file %1: %2").arg(path, file.errorString());
        return false;
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty()) {
        *error = tr("No PEM certificate in the CA file %1.").arg(path);
        return false;
    }
    m_ssl.addCaCertificates(certificates);
    return true;
}

void AdminLink::open(const QUrl &url, const QByteArray &token)
{
    close();
    m_url = url;
    m_hello = admin::HelloMessage();
    m_finished = false;

    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty()
        || (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))) {
        // Reported as an attempt that failed, a turn of the event loop later.
        const QString why = tr("'%1' is not an admin URL: it takes ws://HOST:PORT/ or wss://HOST:PORT/.")
                                .arg(url.toString());
        QTimer::singleShot(0, this, [this, why, attempt = m_attempt] {
            if (attempt == m_attempt)
                finish(why, false);
        });
        return;
    }

    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    connect(socket, &QWebSocket::textMessageReceived, this, &AdminLink::onTextMessage);
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, &AdminLink::onSocketError);
    connect(socket, &QWebSocket::disconnected, this, &AdminLink::onDisconnected);
    // Binary frames are not part of the protocol: ignored, as unknown fields are.

    QNetworkRequest request(url);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", QByteArray("Bearer ") + token);
    if (scheme == QLatin1String("wss"))
        socket->setSslConfiguration(m_ssl);
    m_connectTimer.start(m_connectTimeoutMs);
    socket->open(request);
}

void AdminLink::close()
{
    ++m_attempt;
    m_connectTimer.stop();
    m_attached = false;
    m_finished = true;
    if (QWebSocket *socket = m_socket) {
        m_socket.clear();
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

quint64 AdminLink::sendCommand(admin::CommandMessage command)
{
    if (!m_attached)
        return 0;
    command.id = ++m_lastRequestId;
    sendJson(admin::commandToJson(command));
    return command.id;
}

void AdminLink::subscribe(bool snapshots, bool events)
{
    QJsonObject object;
    object.insert(QStringLiteral("type"), admin::Subscribe);
    object.insert(QStringLiteral("snapshots"), snapshots);
    object.insert(QStringLiteral("events"), events);
    sendJson(object);
}

void AdminLink::resync()
{
    sendJson(QJsonObject{{QStringLiteral("type"), admin::Resync}});
}

void AdminLink::sendJson(const QJsonObject &object)
{
    if (m_attached && m_socket)
        m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
}

void AdminLink::onTextMessage(const QString &text)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (!document.isObject()) {
        const QString why = parseError.error != QJsonParseError::NoError
            ? tr("The node sent something that is not JSON: %1.").arg(parseError.errorString())
            : tr("The node sent JSON that is not an object.");
        if (!m_attached)
            finish(tr("Not a wsmonitor admin channel: %1").arg(why), false);
        else
            Q_EMIT malformedMessage(why);
        return;
    }
    const QJsonObject object = document.object();
    const QString type = object.value(QLatin1String("type")).toString();

    if (!m_attached) {
        QString error;
        admin::HelloMessage hello;
        if (!admin::helloFromJson(object, &hello, &error)) {
            finish(tr("Not a wsmonitor admin channel: %1").arg(error + QLatin1Char('.')), false);
            return;
        }
        if (hello.protocol != admin::ProtocolVersion) {
            finish(tr("The node speaks admin protocol %1; this wsmonitor knows protocol %2 only. "
                      "Use a wsmonitor of the node's version.")
                       .arg(hello.protocol)
                       .arg(admin::ProtocolVersion),
                   false);
            return;
        }
        m_connectTimer.stop();
        m_hello = hello;
        m_attached = true;
        Q_EMIT helloReceived(m_hello);
        return;
    }

    QString error;
    if (type == admin::Snapshot) {
        Q_EMIT snapshotMessage(object);
    } else if (type == admin::Events) {
        QList<ConnectionEvent> events;
        bool recent = false;
        if (admin::eventsFromJson(object, &events, &recent, &error))
            Q_EMIT eventsReceived(events, recent);
        else
            Q_EMIT malformedMessage(error);
    } else if (type == admin::Result) {
        admin::ResultMessage result;
        if (admin::resultFromJson(object, &result, &error))
            Q_EMIT resultReceived(result);
        else
            Q_EMIT malformedMessage(error);
    } else if (type == admin::Error) {
        Q_EMIT errorMessage(object.value(QLatin1String("message")).toString());
    }
    // Any other type is one a later version added: ignored.
}

void AdminLink::onSocketError()
{
    if (m_finished || !m_socket)
        return;
    const QString detail = m_socket->errorString();
    const int status = refusedHttpStatus(detail);
    const QString where = m_url.toString();
    switch (status) {
    case 0:
        break;
    case 401:
        finish(tr("The node at %1 refused the link: it needs a token (401 Unauthorized).").arg(where), true);
        return;
    case 403:
        finish(tr("The node at %1 refused the token (403 Forbidden).").arg(where), true);
        return;
    case 404:
        finish(tr("No admin channel at %1 (404 Not Found): the admin URL's path is /.").arg(where), false);
        return;
    case 503:
        finish(tr("The node at %1 is busy (503): too many admin clients are attached.").arg(where), false);
        return;
    default:
        finish(tr("The node at %1 answered the upgrade with HTTP %2.").arg(where).arg(status), false);
        return;
    }
    if (m_attached) {
        finish(tr("The link to %1 dropped: %2").arg(where, detail), false);
        return;
    }
    switch (m_socket->error()) {
    case QAbstractSocket::ConnectionRefusedError:
        finish(tr("Nothing listens at %1 (connection refused).").arg(where), false);
        break;
    case QAbstractSocket::HostNotFoundError:
        finish(tr("The host of %1 is not found.").arg(where), false);
        break;
    default:
        finish(tr("Cannot reach %1: %2").arg(where, detail), false);
        break;
    }
}

void AdminLink::onDisconnected()
{
    if (m_finished || !m_socket)
        return;
    if (!m_attached) {
        // A refused TCP connection reports disconnected() before error(): the error says more.
        if (m_socket->error() != QAbstractSocket::UnknownSocketError) {
            onSocketError();
            return;
        }
        finish(tr("The node at %1 closed the connection before its hello.").arg(m_url.toString()), false);
        return;
    }
    const QString reason = m_socket->closeReason();
    const int code = int(m_socket->closeCode());
    QString why;
    if (code == QWebSocketProtocol::CloseCodeAbnormalDisconnection || code == 0)
        why = tr("The connection to %1 dropped.").arg(m_url.toString());
    else if (reason.isEmpty())
        why = tr("The node at %1 closed the link (code %2).").arg(m_url.toString()).arg(code);
    else
        why = tr("The node at %1 closed the link (code %2: %3).").arg(m_url.toString()).arg(code).arg(reason);
    finish(why, false);
}

void AdminLink::onTimeout()
{
    if (m_finished)
        return;
    finish(tr("No answer from %1 within %2 s.").arg(m_url.toString()).arg(m_connectTimeoutMs / 1000.0), false);
}

void AdminLink::finish(const QString &why, bool wasRefused)
{
    if (m_finished)
        return;
    close();
    if (wasRefused)
        Q_EMIT refused(why);
    else
        Q_EMIT linkLost(why);
}

} // namespace wsm
