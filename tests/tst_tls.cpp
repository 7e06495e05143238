// End to end over TLS (wss://): a throwaway self-signed certificate made by the openssl tool at the
// start, real QWebSocket and QSslSocket clients, the same limits, events and metrics as plain ws://;
// a plain client on the TLS port is refused with one event; bad files are errors naming the file.

#include "commandline.h"
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QTest>

using namespace wsm;
using namespace wsm::test;

namespace {

// A raw TLS client that trusts our certificate: for HTTP over the same port.
class RawTlsClient : public QObject
{
public:
    explicit RawTlsClient(const QSslConfiguration &configuration)
    {
        socket.setSslConfiguration(configuration);
        connect(&socket, &QSslSocket::readyRead, this, [this] { received += socket.readAll(); });
        connect(&socket, &QSslSocket::disconnected, this, [this] { disconnected = true; });
    }

    bool connectTo(quint16 port)
    {
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        return socket.waitForEncrypted(WaitMs);
    }

    QSslSocket socket;
    QByteArray received;
    bool disconnected = false;
};

} // namespace

class TestTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void wssClientIsEchoedAndRecordedLikePlain();
    void messageOverTheLimitIsClosedWith1009OverTls();
    void burstsAcrossTheReadAheadArriveWholeOverTls_data() { addReadAheadBurstRows(); }
    void burstsAcrossTheReadAheadArriveWholeOverTls();
    void metricsAndHealthAnswerOverHttps_data();
    void metricsAndHealthAnswerOverHttps();
    void eventStreamOverTls();
    void plainClientOnTheTlsPortIsRefusedOnce_data();
    void plainClientOnTheTlsPortIsRefusedOnce();
    void plainQWebSocketOnTheTlsPortIsRefused();
    void framesOverTlsAreGuardedLikePlain_data();
    void framesOverTlsAreGuardedLikePlain();
    void clientSilentDuringTheTlsHandshakeIsCutOffAtTheTimeout();
    void clientLeavingDuringTheTlsHandshakeIsRecordedOnce();
    void badTlsFilesAreAStartErrorNamingTheFile_data();
    void badTlsFilesAreAStartErrorNamingTheFile();
    void halfATlsPairIsACommandLineError_data();
    void halfATlsPairIsACommandLineError();

private:
    ServerConfig tlsConfig() const;
    QSslConfiguration trustingClientConfig() const;
    // A wss:// client that trusts the generated certificate, connected; null when it could not.
    std::unique_ptr<Client> openWss();

    QTemporaryDir m_dir;
    QString m_certPath;
    QString m_keyPath;
    QString m_otherKeyPath; // an EC key: not the certificate's
    QString m_otherRsaKeyPath; // the same algorithm and size as the certificate's key, another key
    QSslCertificate m_certificate;
    std::unique_ptr<ServerFixture> m_server;
};

void TestTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here (libssl3 missing?)");
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QSKIP("the openssl tool is needed to make a test certificate (Debian package openssl)");
    QVERIFY(m_dir.isValid());
    m_certPath = m_dir.filePath(QStringLiteral("cert.pem"));
    m_keyPath = m_dir.filePath(QStringLiteral("key.pem"));
    m_otherKeyPath = m_dir.filePath(QStringLiteral("other-key.pem"));
    m_otherRsaKeyPath = m_dir.filePath(QStringLiteral("other-rsa-key.pem"));

    const auto run = [&openssl](const QStringList &arguments) {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(openssl, arguments);
        if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit
            || process.exitCode() != 0) {
            qWarning("openssl %s: %s", qPrintable(arguments.join(QLatin1Char(' '))),
                     process.readAll().constData());
            return false;
        }
        return true;
    };
    QVERIFY(run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                 QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                 QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                 QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"), m_keyPath,
                 QStringLiteral("-out"), m_certPath}));
    QVERIFY(run({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                 QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-out"),
                 m_otherKeyPath}));
    QVERIFY(run({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"),
                 QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:2048"), QStringLiteral("-out"),
                 m_otherRsaKeyPath}));
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(m_certPath);
    QCOMPARE(certificates.size(), 1);
    m_certificate = certificates.constFirst();
}

void TestTls::init()
{
    m_server = std::make_unique<ServerFixture>();
}

void TestTls::cleanup()
{
    m_server.reset();
    // The controller's destructor joins the server thread: every Session must be gone by then.
    QCOMPARE(Session::aliveCount(), 0);
}

ServerConfig TestTls::tlsConfig() const
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.tlsCertificatePath = m_certPath;
    config.tlsKeyPath = m_keyPath;
    return config;
}

QSslConfiguration TestTls::trustingClientConfig() const
{
    // Trust exactly the generated certificate: the name check (IP 127.0.0.1) runs as for a real one.
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates({m_certificate});
    return configuration;
}

std::unique_ptr<Client> TestTls::openWss()
{
    auto client = std::make_unique<Client>();
    client->socket.setSslConfiguration(trustingClientConfig());
    if (!client->open(m_server->url))
        return nullptr;
    return client;
}

void TestTls::wssClientIsEchoedAndRecordedLikePlain()
{
    QVERIFY(m_server->start(tlsConfig()));
    QCOMPARE(m_server->url.scheme(), QStringLiteral("wss"));

    std::unique_ptr<Client> client = openWss();
    QVERIFY(client);
    const quint16 localPort = client->localPort();
    client->socket.sendTextMessage(QStringLiteral("hello over TLS"));
    client->socket.sendBinaryMessage(QByteArray("\x00\x01\x02", 3));
    QTRY_COMPARE_WITH_TIMEOUT(client->texts, QStringList{QStringLiteral("hello over TLS")}, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(client->binaries, QList<QByteArray>{QByteArray("\x00\x01\x02", 3)}, WaitMs);

    const quint64 id = m_server->sessionIdForPort(localPort);
    QVERIFY(id > 0);
    client->socket.close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("bye"));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, id).has_value(), WaitMs);

    const ConnectionEvent connected = *m_server->findEvent(EventKind::Connected, id);
    QCOMPARE(connected.peerAddress, QStringLiteral("127.0.0.1"));
    QCOMPARE(connected.peerPort, localPort);
    QCOMPARE(connected.path, QStringLiteral("/"));
    QVERIFY(connected.connectedAt > 0);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, id);
    QCOMPARE(closed.endedBy, EndedBy::Client);
    QCOMPARE(closed.reason, EndReason::ClientClosed);
    QCOMPARE(closed.closeCode, 1000);
    QCOMPARE(closed.closeReason, QStringLiteral("bye"));
    QCOMPARE(closed.messagesIn, quint64(2));
    QCOMPARE(closed.messagesOut, quint64(2));
    QCOMPARE(closed.bytesIn, quint64(14 + 3));
    QCOMPARE(closed.bytesOut, quint64(14 + 3));
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), 0, WaitMs);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->endCount(), 1);
}

void TestTls::messageOverTheLimitIsClosedWith1009OverTls()
{
    ServerConfig config = tlsConfig();
    config.maxMessageBytes = 1024;
    QVERIFY(m_server->start(config));
    std::unique_ptr<Client> bystander = openWss();
    std::unique_ptr<Client> offender = openWss();
    QVERIFY(bystander && offender);
    const quint64 offenderId = m_server->sessionIdForPort(offender->localPort());
    QVERIFY(offenderId > 0);

    offender->socket.sendBinaryMessage(QByteArray(1025, 'x'));
    QTRY_VERIFY_WITH_TIMEOUT(offender->disconnected, WaitMs);
    QCOMPARE(int(offender->socket.closeCode()), 1009);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, offenderId).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, offenderId);
    QCOMPARE(closed.reason, EndReason::MessageTooBig);
    QCOMPARE(closed.endedBy, EndedBy::Server);
    QCOMPARE(closed.closeCode, 1009);

    bystander->socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(bystander->texts, QStringList{QStringLiteral("still here")}, WaitMs);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->endCount(), 1);
    QCOMPARE(Session::aliveCount(), 1);
}

// TLS decrypts into a buffer of its own behind the bound on reading ahead: nothing may wait there
// unseen (see tst_ceilings for plain sockets).
void TestTls::burstsAcrossTheReadAheadArriveWholeOverTls()
{
    QFETCH(int, count);
    QFETCH(int, size);
    ServerConfig config = tlsConfig();
    config.maxMessageBytes = 1024 * 1024;
    QVERIFY(m_server->start(config));
    std::unique_ptr<Client> client = openWss();
    QVERIFY(client);

    const QList<QByteArray> sent = burstMessages(count, size);
    for (const QByteArray &message : sent)
        client->socket.sendBinaryMessage(message);
    QTRY_COMPARE_WITH_TIMEOUT(client->binaries.size(), count, WaitMs);
    QVERIFY(client->binaries == sent);
    QVERIFY(!client->disconnected);
    QCOMPARE(m_server->endCount(), 0);
}

void TestTls::metricsAndHealthAnswerOverHttps_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("/metrics") << QByteArray("/metrics") << QByteArray("\nwsmonitor_connections_accepted_total 1\n");
    QTest::newRow("/healthz") << QByteArray("/healthz") << QByteArray("\r\n\r\nok\n");
}

void TestTls::metricsAndHealthAnswerOverHttps()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, expected);
    QVERIFY(m_server->start(tlsConfig()));
    std::unique_ptr<Client> client = openWss(); // so the page has a session to count
    QVERIFY(client);

    RawTlsClient https(trustingClientConfig());
    QVERIFY(https.connectTo(m_server->port()));
    https.socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(https.disconnected, WaitMs);
    QVERIFY2(https.received.startsWith("HTTP/1.1 200 "), https.received.left(200).constData());
    QVERIFY2(https.received.contains(expected), https.received.constData());

    // A page served is no connection refused, and the client goes on.
    client->socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(client->texts, QStringList{QStringLiteral("still here")}, WaitMs);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->endCount(), 0);
}

// Server-Sent Events share the port and its TLS: a stream over https://, its events, its kick.
void TestTls::eventStreamOverTls()
{
    QVERIFY(m_server->start(tlsConfig()));
    RawTlsClient stream(trustingClientConfig());
    QVERIFY(stream.connectTo(m_server->port()));
    stream.socket.write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(stream.received.contains("retry: "), WaitMs);
    QVERIFY2(stream.received.startsWith("HTTP/1.1 200 "), stream.received.left(200).constData());
    QVERIFY(stream.received.contains("Content-Type: text/event-stream\r\n"));
    const quint64 id = m_server->sessionIdForPort(stream.socket.localPort());
    QVERIFY(id != 0);
    QVERIFY(m_server->result(m_server->controller.broadcast(OutgoingMessage::fromText(QStringLiteral("over tls")))).first);
    QTRY_VERIFY_WITH_TIMEOUT(stream.received.contains("\ndata: over tls\n\n"), WaitMs);
    QVERIFY(m_server->result(m_server->controller.kick({id}, 4000, QStringLiteral("bye"))).first);
    QTRY_VERIFY_WITH_TIMEOUT(stream.disconnected, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, id).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, id);
    QCOMPARE(closed.clientKind, ClientKind::Sse);
    QCOMPARE(closed.reason, EndReason::OperatorKick);
}

void TestTls::plainClientOnTheTlsPortIsRefusedOnce_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("ws:// upgrade request") << upgradeRequest();
    QTest::newRow("plain HTTP GET /metrics") << QByteArray("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QTest::newRow("garbage") << QByteArray(64, '\x01');
}

void TestTls::plainClientOnTheTlsPortIsRefusedOnce()
{
    QFETCH(QByteArray, bytes);
    QVERIFY(m_server->start(tlsConfig()));

    RawClient plain;
    QVERIFY(plain.connectTo(m_server->port()));
    const quint16 plainPort = plain.socket.localPort(); // Qt forgets it once disconnected
    plain.socket.write(bytes);
    QTRY_VERIFY_WITH_TIMEOUT(plain.disconnected, WaitMs);
    // Nothing in the clear: at most a TLS alert record (content type 21), never an HTTP answer.
    QVERIFY2(plain.received.isEmpty() || plain.received.at(0) == '\x15', plain.received.toHex().constData());

    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Rejected).has_value(), WaitMs);
    const ConnectionEvent rejected = *m_server->findEvent(EventKind::Rejected);
    QCOMPARE(rejected.reason, EndReason::TlsHandshakeFailed);
    QCOMPARE(rejected.endedBy, EndedBy::Server);
    QCOMPARE(rejected.peerPort, plainPort);
    QCOMPARE(rejected.httpStatus, 0);
    QVERIFY(!rejected.closeReason.isEmpty());

    // The server goes on: a wss client after it is served.
    std::unique_ptr<Client> client = openWss();
    QVERIFY(client);
    client->socket.sendTextMessage(QStringLiteral("after"));
    QTRY_COMPARE_WITH_TIMEOUT(client->texts, QStringList{QStringLiteral("after")}, WaitMs);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->countEvents(EventKind::Rejected, EndReason::TlsHandshakeFailed), 1);
    QCOMPARE(m_server->endCount(), 1);
    QCOMPARE(Session::aliveCount(), 1);
}

void TestTls::plainQWebSocketOnTheTlsPortIsRefused()
{
    QVERIFY(m_server->start(tlsConfig()));
    QUrl plainUrl = m_server->url;
    plainUrl.setScheme(QStringLiteral("ws"));
    Client plain;
    QSignalSpy connected(&plain.socket, &QWebSocket::connected);
    // Qt 6.4 names the signal error(); errorOccurred() comes with 6.5.
    QSignalSpy failed(&plain.socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error));
    plain.socket.open(plainUrl);
    QTRY_VERIFY_WITH_TIMEOUT(plain.disconnected || !failed.isEmpty(), WaitMs);
    QCOMPARE(connected.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->countEvents(EventKind::Rejected, EndReason::TlsHandshakeFailed), 1, WaitMs);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->endCount(), 1);
    QCOMPARE(m_server->countEvents(EventKind::Connected), 0);
}

void TestTls::framesOverTlsAreGuardedLikePlain_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("chunk");        // bytes per TLS write (each its own record)
    QTest::addColumn<int>("closeCode");    // 0: echoed and left open
    QTest::addColumn<QList<QByteArray>>("binaries");

    QByteArray big(65536, 'b');
    QTest::newRow("masked 64 KiB and small frames in small records")
        << clientFrame(0x2, big) + clientFrame(0x2, "small") << 1000 << 0 << QList<QByteArray>{big, "small"};
    QTest::newRow("masked frames a byte per record")
        << clientFrame(0x2, "one") + clientFrame(0x2, "two") << 1 << 0 << QList<QByteArray>{"one", "two"};
    // In one record: the guard sees both before Qt reads either, so neither is answered.
    QTest::newRow("unmasked frame behind a masked one")
        << clientFrame(0x2, "one") + rawFrame(FinBit | 0x2, "unmasked", false) << 4096 << 1002 << QList<QByteArray>{};
}

void TestTls::framesOverTlsAreGuardedLikePlain()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, chunk);
    QFETCH(int, closeCode);
    QFETCH(QList<QByteArray>, binaries);
    QVERIFY(m_server->start(tlsConfig()));

    RawTlsClient client(trustingClientConfig());
    QVERIFY(client.connectTo(m_server->port()));
    const quint16 localPort = client.socket.localPort();
    client.socket.write(upgradeRequest());
    QTRY_VERIFY_WITH_TIMEOUT(client.received.contains("\r\n\r\n"), WaitMs);
    QVERIFY2(client.received.startsWith("HTTP/1.1 101"), client.received.constData());
    client.received.remove(0, client.received.indexOf("\r\n\r\n") + 4);
    for (qsizetype sent = 0; sent < stream.size(); sent += chunk) {
        client.socket.write(stream.mid(sent, chunk));
        QVERIFY(client.socket.flush() || client.socket.encryptedBytesToWrite() == 0);
    }

    if (closeCode == 0) {
        QTRY_COMPARE_WITH_TIMEOUT(wirePayloads(wireFrames(client.received), 0x2).size(), binaries.size(), WaitMs);
        QCOMPARE(wirePayloads(wireFrames(client.received), 0x2), binaries);
        QVERIFY(m_server->waitForSnapshotAfterNow());
        QVERIFY(!client.disconnected);
        QCOMPARE(m_server->endCount(), 0);
        return;
    }
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, WaitMs);
    QCOMPARE(wireCloseCode(wireFrames(client.received)), closeCode);
    QCOMPARE(wirePayloads(wireFrames(client.received), 0x2), binaries);
    const auto byPort = [localPort](const ConnectionEvent &event) { return event.peerPort == localPort; };
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Closed, 0, byPort).has_value(), WaitMs);
    const ConnectionEvent closed = *m_server->findEvent(EventKind::Closed, 0, byPort);
    QCOMPARE(closed.reason, EndReason::ProtocolError);
    QCOMPARE(closed.endedBy, EndedBy::Server);
    QCOMPARE(closed.closeCode, closeCode);
    QTRY_COMPARE_WITH_TIMEOUT(Session::aliveCount(), 0, WaitMs);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->endCount(), 1);
}

void TestTls::clientSilentDuringTheTlsHandshakeIsCutOffAtTheTimeout()
{
    ServerConfig config = tlsConfig();
    config.handshakeTimeoutMs = 300;
    QVERIFY(m_server->start(config));
    RawClient silent; // connects and never says hello
    QVERIFY(silent.connectTo(m_server->port()));
    QTRY_VERIFY_WITH_TIMEOUT(silent.disconnected, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Rejected).has_value(), WaitMs);
    const ConnectionEvent rejected = *m_server->findEvent(EventKind::Rejected);
    QCOMPARE(rejected.reason, EndReason::HandshakeTimeout);
    QCOMPARE(rejected.endedBy, EndedBy::Server);
    QVERIFY2(rejected.closeReason.contains(QStringLiteral("TLS")), qPrintable(rejected.closeReason));
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->endCount(), 1);
}

void TestTls::clientLeavingDuringTheTlsHandshakeIsRecordedOnce()
{
    QVERIFY(m_server->start(tlsConfig()));
    RawClient leaving;
    QVERIFY(leaving.connectTo(m_server->port()));
    const quint16 leavingPort = leaving.socket.localPort();
    // The server has it among its pending handshakes before it leaves.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->last.totals.handshakesPending, 1, WaitMs);
    leaving.socket.disconnectFromHost();
    QTRY_VERIFY_WITH_TIMEOUT(m_server->findEvent(EventKind::Rejected).has_value(), WaitMs);
    const ConnectionEvent rejected = *m_server->findEvent(EventKind::Rejected);
    QCOMPARE(rejected.reason, EndReason::TlsHandshakeFailed);
    QCOMPARE(rejected.endedBy, EndedBy::Client);
    QCOMPARE(rejected.peerPort, leavingPort);
    QVERIFY(m_server->waitForSnapshotAfterNow());
    QCOMPARE(m_server->endCount(), 1);
    QCOMPARE(m_server->last.totals.handshakesPending, 0);
}

void TestTls::badTlsFilesAreAStartErrorNamingTheFile_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("expected"); // all of these in the message

    // Built here: the data function runs after initTestCase, so the paths exist.
    const QString missing = m_dir.filePath(QStringLiteral("no-such.pem"));
    const QString garbage = m_dir.filePath(QStringLiteral("garbage.pem"));
    QFile file(garbage);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    file.close();

    QTest::newRow("missing certificate file")
        << missing << m_keyPath << QStringList{QStringLiteral("TLS certificate"), missing};
    QTest::newRow("missing key file") << m_certPath << missing << QStringList{QStringLiteral("TLS key"), missing};
    QTest::newRow("garbage certificate file")
        << garbage << m_keyPath << QStringList{QStringLiteral("TLS certificate"), garbage};
    QTest::newRow("garbage key file") << m_certPath << garbage << QStringList{QStringLiteral("TLS key"), garbage};
    QTest::newRow("certificate given as the key")
        << m_certPath << m_certPath << QStringList{QStringLiteral("TLS key"), m_certPath};
    QTest::newRow("EC key of another certificate")
        << m_certPath << m_otherKeyPath << QStringList{QStringLiteral("TLS key"), m_otherKeyPath, m_certPath};
    QTest::newRow("RSA key of the same size, another certificate's")
        << m_certPath << m_otherRsaKeyPath << QStringList{QStringLiteral("TLS key"), m_otherRsaKeyPath, m_certPath};
}

void TestTls::badTlsFilesAreAStartErrorNamingTheFile()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QStringList, expected);
    ServerConfig config = ServerFixture::defaultConfig();
    config.tlsCertificatePath = certificate;
    config.tlsKeyPath = key;
    QVERIFY(config.validate().isEmpty()); // the pair is complete: only reading the files finds the fault

    const auto [ok, message] = m_server->result(m_server->controller.start(config));
    QVERIFY(!ok);
    for (const QString &part : expected)
        QVERIFY2(message.contains(part), qPrintable(message));

    // Nothing half started: a good pair starts at once after.
    QVERIFY(m_server->start(tlsConfig()));
    QCOMPARE(m_server->url.scheme(), QStringLiteral("wss"));
}

void TestTls::halfATlsPairIsACommandLineError_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    QTest::newRow("--tls-cert alone") << QStringList{QStringLiteral("--tls-cert"), QStringLiteral("cert.pem")}
                                      << QStringLiteral("--tls-cert needs --tls-key");
    QTest::newRow("--tls-key alone") << QStringList{QStringLiteral("--tls-key"), QStringLiteral("key.pem")}
                                     << QStringLiteral("--tls-key needs --tls-cert");
}

void TestTls::halfATlsPairIsACommandLineError()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const CommandLine line = parseCommandLine(QStringList{QStringLiteral("wsmonitor"), QStringLiteral("--headless")}
                                              + arguments);
    QCOMPARE(line.outcome, CommandLine::Outcome::Error);
    QVERIFY2(line.errorText.contains(expected), qPrintable(line.errorText));

    const CommandLine help = parseCommandLine({QStringLiteral("wsmonitor"), QStringLiteral("--help")});
    QVERIFY(help.helpText.contains(QStringLiteral("--tls-cert <FILE>")));
    QVERIFY(help.helpText.contains(QStringLiteral("--tls-key <FILE>")));

    // Both given: no error, and the paths arrive in the config.
    const CommandLine both = parseCommandLine({QStringLiteral("wsmonitor"), QStringLiteral("--tls-cert"), m_certPath,
                                               QStringLiteral("--tls-key"), m_keyPath});
    QCOMPARE(both.outcome, CommandLine::Outcome::Run);
    QCOMPARE(both.config.tlsCertificatePath, m_certPath);
    QCOMPARE(both.config.tlsKeyPath, m_keyPath);
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
