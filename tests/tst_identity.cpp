// --identity end to end: real clients on 127.0.0.1 present tokens in each of the three forms; every
// refusal is answered before the upgrade with its status and reason; a valid token names the
// client in the snapshot; an expiring token ends its connection; an identity ban refuses the same
// sub from another address; query:NAME takes an unverified name.

#include "testsupport.h"

#include "jwtmaker.h"
#include "sseclient.h"

#include <QFile>
#include <QJsonArray>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QWebSocketHandshakeOptions>

using namespace wsm;
using namespace wsm::test;

class tst_Identity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void refusedBeforeTheUpgrade_data();
    void refusedBeforeTheUpgrade();
    void validTokenNamesTheClient_data();
    void validTokenNamesTheClient();
    void tokenAsTheOnlySubprotocolIsNeverEchoed();
    void expiryEndsTheConnection();
    void eventStreamIsNamedAndEndedAtExpiry();
    void identityBanRefusesTheSameSubFromAnotherAddress();
    void unverifiedNameFromTheQuery();
    void unverifiedNameFromAHeader();
    void unusableKeyFailsTheStart();

private:
    QString writeFile(const QString &name, const QByteArray &content);
    ServerConfig jwtConfig(const QString &keyKind); // "hs256", "rs256", "es256"
    QUrl urlWithToken(const QByteArray &token) const;
    static QNetworkRequest bearerRequest(const QUrl &url, const QByteArray &token);

    QTemporaryDir m_dir;
    std::unique_ptr<JwtMaker> m_rsa;
    std::unique_ptr<JwtMaker> m_ec;
    std::unique_ptr<ServerFixture> m_server;
};

void tst_Identity::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_rsa = std::make_unique<JwtMaker>(JwtMaker::Key::Rsa);
    m_ec = std::make_unique<JwtMaker>(JwtMaker::Key::Ec);
    QVERIFY(m_rsa->isValid() && m_ec->isValid());
}

void tst_Identity::init()
{
    m_server = std::make_unique<ServerFixture>();
}

void tst_Identity::cleanup()
{
    m_server.reset();
    QCOMPARE(Session::aliveCount(), 0);
}

QString tst_Identity::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        return {};
    return path;
}

ServerConfig tst_Identity::jwtConfig(const QString &keyKind)
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.identity.source = IdentitySource::Jwt;
    if (keyKind == QLatin1String("hs256"))
        config.identity.jwtSecretFile = writeFile(QStringLiteral("secret"), TestSecret + '\n');
    else
        config.identity.jwtPublicKeyFile = writeFile(keyKind + QStringLiteral(".pem"),
                                                     (keyKind == QLatin1String("rs256") ? m_rsa : m_ec)->publicKeyPem());
    config.identity.jwtIssuer = QStringLiteral("https://issuer.test");
    config.identity.jwtAudience = QStringLiteral("wsmonitor");
    return config;
}

static QJsonObject claims(const QString &sub = QStringLiteral("alice"), const QString &name = QStringLiteral("Alice"))
{
    QJsonObject object = JwtMaker::claims(sub, name);
    object.insert(QStringLiteral("iss"), QStringLiteral("https://issuer.test"));
    object.insert(QStringLiteral("aud"), QJsonArray{QStringLiteral("wsmonitor")});
    return object;
}

QUrl tst_Identity::urlWithToken(const QByteArray &token) const
{
    QUrl url = m_server->url;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("access_token"), QString::fromLatin1(token));
    url.setQuery(query);
    return url;
}

QNetworkRequest tst_Identity::bearerRequest(const QUrl &url, const QByteArray &token)
{
    QNetworkRequest request(url);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    return request;
}

void tst_Identity::refusedBeforeTheUpgrade_data()
{
    QTest::addColumn<QByteArray>("token"); // empty: none presented
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<int>("reason");
    QTest::addColumn<QString>("closeReason");

    // The server takes RS256 with m_rsa's key, issuer and audience as jwtConfig() sets them.
    const double now = double(QDateTime::currentSecsSinceEpoch());
    QJsonObject expired = claims();
    expired.insert(QStringLiteral("exp"), now - 3600);
    QJsonObject early = claims();
    early.insert(QStringLiteral("nbf"), now + 3600);
    QJsonObject otherIssuer = claims();
    otherIssuer.insert(QStringLiteral("iss"), QStringLiteral("https://evil.test"));
    QJsonObject otherAudience = claims();
    otherAudience.insert(QStringLiteral("aud"), QStringLiteral("someone-else"));
    const QByteArray good = m_rsa->sign(claims());
    QByteArray badSignature = good;
    badSignature.chop(4);
    badSignature += badSignature.endsWith("AAAA") ? "BBBB" : "AAAA";

    const auto refused = EndReason::IdentityRefused;
    QTest::newRow("no token: 401") << QByteArray() << 401 << int(EndReason::IdentityMissing)
                                   << QStringLiteral("identity token required");
    QTest::newRow("malformed") << QByteArray("not-a-token") << 403 << int(refused)
                               << QStringLiteral("malformed token: not three parts");
    QTest::newRow("bad signature") << badSignature << 403 << int(refused) << QStringLiteral("bad signature");
    QTest::newRow("alg none") << JwtMaker::unsigned_(claims()) << 403 << int(refused)
                              << QStringLiteral("unsigned token (alg none)");
    QTest::newRow("HS256 signed with the public key as its secret")
        << JwtMaker::signHs256(claims(), m_rsa->publicKeyPem()) << 403 << int(refused)
        << QStringLiteral("algorithm HS256 not accepted; this server takes RS256");
    QTest::newRow("expired") << m_rsa->sign(expired) << 403 << int(refused) << QStringLiteral("token expired");
    QTest::newRow("nbf in the future") << m_rsa->sign(early) << 403 << int(refused)
                                       << QStringLiteral("token not yet valid (nbf)");
    QTest::newRow("wrong iss") << m_rsa->sign(otherIssuer) << 403 << int(refused) << QStringLiteral("wrong issuer");
    QTest::newRow("wrong aud") << m_rsa->sign(otherAudience) << 403 << int(refused) << QStringLiteral("wrong audience");
}

void tst_Identity::refusedBeforeTheUpgrade()
{
    QFETCH(QByteArray, token);
    QFETCH(int, httpStatus);
    QFETCH(int, reason);
    QFETCH(QString, closeReason);

    QVERIFY(m_server->start(jwtConfig(QStringLiteral("rs256"))));
    Client client;
    QSignalSpy errors(&client.socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
    client.socket.open(bearerRequest(m_server->url, token));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->countEvents(EventKind::Rejected) == 1, WaitMs);
    const ConnectionEvent event = *m_server->findEvent(EventKind::Rejected);
    QCOMPARE(int(event.reason), reason);
    QCOMPARE(event.httpStatus, httpStatus);
    QCOMPARE(event.closeReason, closeReason);
    QVERIFY(event.identity.isEmpty()); // nothing an unverified token says is believed
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), WaitMs);
    QCOMPARE(m_server->countEvents(EventKind::Connected), 0);
}

void tst_Identity::validTokenNamesTheClient_data()
{
    QTest::addColumn<QString>("keyKind");
    QTest::addColumn<QString>("form"); // bearer, query, subprotocol

    for (const char *key : {"hs256", "rs256", "es256"}) {
        for (const char *form : {"bearer", "query", "subprotocol"})
            QTest::addRow("%s in %s", key, form) << QString::fromLatin1(key) << QString::fromLatin1(form);
    }
}

void tst_Identity::validTokenNamesTheClient()
{
    QFETCH(QString, keyKind);
    QFETCH(QString, form);

    QVERIFY(m_server->start(jwtConfig(keyKind)));
    const QJsonObject tokenClaims = claims(QStringLiteral("alice@example.test"), QStringLiteral("Alice Liddell"));
    const QByteArray token = keyKind == QLatin1String("hs256") ? JwtMaker::signHs256(tokenClaims)
        : keyKind == QLatin1String("rs256")                    ? m_rsa->sign(tokenClaims)
                                                               : m_ec->sign(tokenClaims);
    Client client;
    QSignalSpy connected(&client.socket, &QWebSocket::connected);
    if (form == QLatin1String("bearer")) {
        client.socket.open(bearerRequest(m_server->url, token));
    } else if (form == QLatin1String("query")) {
        client.socket.open(urlWithToken(token));
    } else {
        // What a browser does: new WebSocket(url, ["access_token", "access_token." + jwt]).
        QWebSocketHandshakeOptions options;
        options.setSubprotocols({QStringLiteral("access_token"), QStringLiteral("access_token.") + QString::fromLatin1(token)});
        client.socket.open(QNetworkRequest(m_server->url), options);
    }
    QVERIFY(connected.wait(WaitMs));
    if (form == QLatin1String("subprotocol"))
        QCOMPARE(client.socket.subprotocol(), QStringLiteral("access_token"));

    const quint64 id = m_server->sessionIdForPort(client.localPort());
    QVERIFY(id != 0);
    const SessionRow row = *m_server->rowForPeerPort(client.localPort());
    QCOMPARE(row.identity, QStringLiteral("alice@example.test"));
    QCOMPARE(row.displayName, QStringLiteral("Alice Liddell"));
    QVERIFY(row.identityVerified);
    QCOMPARE(row.identityExpiresAt, qint64(tokenClaims.value(QStringLiteral("exp")).toDouble()) * 1000);
    // The token is a credential: the table, the CSV log and the inspector never show it.
    QVERIFY(!row.query.contains(QString::fromLatin1(token)));
    const std::optional<ConnectionEvent> connect = m_server->findEvent(EventKind::Connected, id);
    QVERIFY(connect);
    QCOMPARE(connect->identity, QStringLiteral("alice@example.test"));

    // Nor does the inspector: the request's headers and line are shown without it.
    ClientDetails details;
    const quint64 request = m_server->controller.requestClientDetails(id);
    const QMetaObject::Connection answer = QObject::connect(
        &m_server->controller, &ServerController::clientDetailsReady, this,
        [&](quint64 requestId, const ClientDetails &d) {
            if (requestId == request)
                details = d;
        });
    QTRY_VERIFY_WITH_TIMEOUT(details.found, WaitMs);
    QObject::disconnect(answer);
    QVERIFY(!details.requestLine.contains(QString::fromLatin1(token)));
    for (const auto &header : std::as_const(details.requestHeaders))
        QVERIFY2(!header.second.contains(QString::fromLatin1(token)), qPrintable(header.first));
}

void tst_Identity::tokenAsTheOnlySubprotocolIsNeverEchoed()
{
    QVERIFY(m_server->start(jwtConfig(QStringLiteral("hs256"))));
    Client client;
    QSignalSpy connected(&client.socket, &QWebSocket::connected);
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({QStringLiteral("access_token.") + QString::fromLatin1(JwtMaker::signHs256(claims()))});
    client.socket.open(QNetworkRequest(m_server->url), options);
    QVERIFY(connected.wait(WaitMs));
    QVERIFY(client.socket.subprotocol().isEmpty());
    QVERIFY(m_server->sessionIdForPort(client.localPort()) != 0);
    QCOMPARE(m_server->rowForPeerPort(client.localPort())->identity, QStringLiteral("alice"));
}

void tst_Identity::expiryEndsTheConnection()
{
    ServerConfig config = jwtConfig(QStringLiteral("hs256"));
    config.identity.clockSkewMs = 0; // the test would wait 30 s more otherwise
    QVERIFY(m_server->start(config));
    QJsonObject shortLived = claims();
    shortLived.insert(QStringLiteral("exp"), double(QDateTime::currentSecsSinceEpoch() + 2));
    Client client;
    QVERIFY(client.open(bearerRequest(m_server->url, JwtMaker::signHs256(shortLived))));
    const quint64 id = m_server->sessionIdForPort(client.localPort());
    QVERIFY(id != 0);
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QCOMPARE(int(client.socket.closeCode()), 1008);
    QCOMPARE(client.socket.closeReason(), QStringLiteral("token expired"));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, id).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, id);
    QCOMPARE(closed.reason, EndReason::IdentityExpired);
    QCOMPARE(closed.endedBy, EndedBy::Server);
    QCOMPARE(closed.closeCode, 1008);
    QCOMPARE(closed.identity, QStringLiteral("alice"));
}

// An EventSource cannot set headers: its token comes in the query. The stream is named by the
// token's sub, and ended when the token expires (the end of the stream: no close code on the wire).
void tst_Identity::eventStreamIsNamedAndEndedAtExpiry()
{
    ServerConfig config = jwtConfig(QStringLiteral("es256"));
    config.identity.clockSkewMs = 0;
    QVERIFY(m_server->start(config));
    QJsonObject shortLived = claims(QStringLiteral("bob"), QStringLiteral("Bob"));
    shortLived.insert(QStringLiteral("exp"), double(QDateTime::currentSecsSinceEpoch() + 2));

    SseClient refused;
    QVERIFY(refused.open(m_server->port(), "/events"));
    QCOMPARE(refused.status(), 401);

    SseClient stream;
    QVERIFY(stream.open(m_server->port(), "/events?access_token=" + m_ec->sign(shortLived)));
    QCOMPARE(stream.status(), 200);
    const quint64 id = m_server->sessionIdForPort(stream.socket.localPort());
    QVERIFY(id != 0);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->rowForPeerPort(stream.socket.localPort()).has_value(), WaitMs);
    const SessionRow row = *m_server->rowForPeerPort(stream.socket.localPort());
    QCOMPARE(row.kind, ClientKind::Sse);
    QCOMPARE(row.identity, QStringLiteral("bob"));
    QCOMPARE(row.displayName, QStringLiteral("Bob"));
    QVERIFY(row.identityVerified);
    QVERIFY(!row.query.contains(QLatin1String("eyJ"))); // the token is never shown

    QTRY_VERIFY_WITH_TIMEOUT(stream.disconnected, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, id).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, id);
    QCOMPARE(closed.clientKind, ClientKind::Sse);
    QCOMPARE(closed.reason, EndReason::IdentityExpired);
    QCOMPARE(closed.endedBy, EndedBy::Server);
    QCOMPARE(closed.identity, QStringLiteral("bob"));
}

void tst_Identity::identityBanRefusesTheSameSubFromAnotherAddress()
{
    QVERIFY(m_server->start(jwtConfig(QStringLiteral("hs256"))));
    const QByteArray token = JwtMaker::signHs256(claims(QStringLiteral("mallory"), {}));
    Client first;
    QVERIFY(first.open(bearerRequest(m_server->url, token)));
    const quint64 id = m_server->sessionIdForPort(first.localPort());
    QVERIFY(id != 0);

    // The ban closes mallory's open connection and refuses her anywhere she comes from.
    QVERIFY(m_server->result(m_server->controller.ban(QStringLiteral("identity:mallory"), 0, QStringLiteral("abuse"))).first);
    QTRY_VERIFY_WITH_TIMEOUT(first.disconnected, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, id).has_value(), WaitMs);
    QCOMPARE(m_server->findEvent(EventKind::Closed, id)->reason, EndReason::Banned);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->last.bans.size() == 1, WaitMs);
    QCOMPARE(m_server->last.bans.constFirst().target, QStringLiteral("identity:mallory"));

    QTcpSocket other;
    other.setProxy(QNetworkProxy::NoProxy); // loopback: no system proxy lookup (Qt's libproxy thread)
    QVERIFY(other.bind(QHostAddress(QStringLiteral("127.0.0.2")), 0));
    other.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(other.waitForConnected(WaitMs));
    other.write(upgradeRequest("/", "Authorization: Bearer " + token + "\r\n"));
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += other.readAll()).contains("\r\n\r\n"), WaitMs);
    QVERIFY2(answer.startsWith("HTTP/1.1 403"), answer.constData());
    QVERIFY(answer.contains("banned: abuse"));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->countEvents(EventKind::Rejected, EndReason::Banned) == 1, WaitMs);
    const ConnectionEvent rejected = *m_server->findEvent(EventKind::Rejected);
    QCOMPARE(rejected.peerAddress, QStringLiteral("127.0.0.2"));
    QCOMPARE(rejected.identity, QStringLiteral("mallory"));
    QCOMPARE(rejected.httpStatus, 403);

    // Another sub from that address is let in: the ban is on the identity, not the address.
    QTcpSocket third;
    third.setProxy(QNetworkProxy::NoProxy);
    QVERIFY(third.bind(QHostAddress(QStringLiteral("127.0.0.2")), 0));
    third.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(third.waitForConnected(WaitMs));
    third.write(upgradeRequest("/", "Authorization: Bearer " + JwtMaker::signHs256(claims(QStringLiteral("bob"))) + "\r\n"));
    answer.clear();
    QTRY_VERIFY_WITH_TIMEOUT((answer += third.readAll()).contains("\r\n\r\n"), WaitMs);
    QVERIFY2(answer.startsWith("HTTP/1.1 101"), answer.constData());
    third.abort();
    other.abort();
}

void tst_Identity::unverifiedNameFromTheQuery()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.identity.source = IdentitySource::Query;
    config.identity.parameterName = QStringLiteral("user");
    QVERIFY(m_server->start(config));

    QUrl named = m_server->url;
    named.setQuery(QStringLiteral("user=bob"));
    Client bob;
    QVERIFY(bob.open(named));
    Client anonymous; // no name: let in, with no identity
    QVERIFY(anonymous.open(m_server->url));
    QVERIFY(m_server->sessionIdForPort(bob.localPort()) != 0);
    QVERIFY(m_server->sessionIdForPort(anonymous.localPort()) != 0);
    const SessionRow bobRow = *m_server->rowForPeerPort(bob.localPort());
    QCOMPARE(bobRow.identity, QStringLiteral("bob"));
    QVERIFY(!bobRow.identityVerified);
    QCOMPARE(bobRow.identityExpiresAt, 0);
    QVERIFY(m_server->rowForPeerPort(anonymous.localPort())->identity.isEmpty());
}

void tst_Identity::unverifiedNameFromAHeader()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.identity.source = IdentitySource::Header;
    config.identity.parameterName = QStringLiteral("X-User");
    QVERIFY(m_server->start(config));

    QNetworkRequest request(m_server->url);
    request.setRawHeader("x-user", "carol"); // header names are case-insensitive
    Client carol;
    QVERIFY(carol.open(request));
    QVERIFY(m_server->sessionIdForPort(carol.localPort()) != 0);
    const SessionRow row = *m_server->rowForPeerPort(carol.localPort());
    QCOMPARE(row.identity, QStringLiteral("carol"));
    QVERIFY(!row.identityVerified);
}

void tst_Identity::unusableKeyFailsTheStart()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.identity.source = IdentitySource::Jwt;
    config.identity.jwtPublicKeyFile = writeFile(QStringLiteral("broken.pem"), "-----BEGIN PUBLIC KEY-----\nxx\n");
    const auto [ok, message] = m_server->result(m_server->controller.start(config));
    QVERIFY(!ok);
    QVERIFY2(message.contains(QStringLiteral("--jwt-public-key")) && message.contains(QStringLiteral("not a PEM public key")),
             qPrintable(message));
}

QTEST_GUILESS_MAIN(tst_Identity)
#include "tst_identity.moc"
