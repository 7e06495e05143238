#include "httprequesthead.h"

#include <QTest>

using wsm::HttpRequestHead;
using ParseStatus = wsm::HttpRequestHead::ParseStatus;
using HeaderPairs = QList<QPair<QByteArray, QByteArray>>;

namespace {

// What Chrome sends to ws://example.com:8080/chat?token=abc (header order and values as captured
// from a real Chrome 120 handshake, apart from the host).
QByteArray chromeUpgrade()
{
    return QByteArrayLiteral(
            "GET /chat?token=abc HTTP/1.1\r\n"
            "Host: example.com:8080\r\n"
            "Connection: Upgrade\r\n"
            "Pragma: no-cache\r\n"
            "Cache-Control: no-cache\r\n"
            "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/120.0.0.0 Safari/537.36\r\n"
            "Upgrade: websocket\r\n"
            "Origin: http://example.com:8080\r\n"
            "Sec-WebSocket-Version: 13\r\n"
            "Accept-Encoding: gzip, deflate, br\r\n"
            "Accept-Language: en-US,en;q=0.9\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
            "\r\n");
}

// A request head from a request line and header lines, CRLF line ends.
QByteArray makeHead(const QByteArray &requestLine, const QByteArrayList &headerLines)
{
    QByteArray head = requestLine + "\r\n";
    for (const QByteArray &line : headerLines)
        head += line + "\r\n";
    return head + "\r\n";
}

QByteArrayList validUpgradeHeaders()
{
    return {QByteArrayLiteral("Host: example.com"), QByteArrayLiteral("Upgrade: websocket"),
            QByteArrayLiteral("Connection: Upgrade"),
            QByteArrayLiteral("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="),
            QByteArrayLiteral("Sec-WebSocket-Version: 13")};
}

// validUpgradeHeaders() with the header of the given name replaced by line (or dropped when
// line is empty).
QByteArrayList upgradeHeadersWith(const QByteArray &name, const QByteArray &line)
{
    QByteArrayList headers;
    for (const QByteArray &header : validUpgradeHeaders()) {
        if (header.startsWith(QByteArray(name + ':'))) {
            if (!line.isEmpty())
                headers.append(line);
        } else {
            headers.append(header);
        }
    }
    return headers;
}

HttpRequestHead parsed(const QByteArray &data)
{
    HttpRequestHead head;
    const ParseStatus status = head.parse(data);
    if (status != ParseStatus::Complete)
        qWarning("test request did not parse as Complete");
    return head;
}

// Splits a formatted response into its header lines and its body.
void splitResponse(const QByteArray &response, QByteArrayList *headLines, QByteArray *body)
{
    const int end = response.indexOf("\r\n\r\n");
    QVERIFY(end > 0);
    *headLines = response.left(end).split('\n');
    for (QByteArray &line : *headLines) {
        QVERIFY2(line.isEmpty() || line.endsWith('\r') || &line == &headLines->last(),
                 "header line not CRLF-terminated");
        if (line.endsWith('\r'))
            line.chop(1);
    }
    *body = response.mid(end + 4);
}

} // namespace

class TestHttpRequestHead : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chromeUpgradeRequestParsesCompletely();
    void bytesAfterTheHeadAreNotPartOfIt();
    void incompleteAtEverySplit_data();
    void incompleteAtEverySplit();
    void parseStatus_data();
    void parseStatus();
    void longLineIsTooLargeBeforeItsEnd();
    void headOverCapIsTooLargeBeforeItsEnd();
    void pathAndQuery_data();
    void pathAndQuery();
    void queryWithoutCredentials_data();
    void queryWithoutCredentials();
    void headerLookup();
    void presentedToken_data();
    void presentedToken();
    void isWebSocketUpgrade_data();
    void isWebSocketUpgrade();
    void handshakeProblem_data();
    void handshakeProblem();
    void formatHttpResponse_data();
    void formatHttpResponse();
    void formatHttpResponseNeutralisesLineBreaksInHeaders();
    void formatHttpResponseKeepsCallersAuthenticateHeader();
};

void TestHttpRequestHead::chromeUpgradeRequestParsesCompletely()
{
    const QByteArray data = chromeUpgrade();
    HttpRequestHead head;
    QCOMPARE(head.parse(data), ParseStatus::Complete);
    QCOMPARE(head.headBytes(), data.size());
    QCOMPARE(head.method(), QByteArrayLiteral("GET"));
    QCOMPARE(head.target(), QByteArrayLiteral("/chat?token=abc"));
    QCOMPARE(head.version(), QByteArrayLiteral("HTTP/1.1"));
    QCOMPARE(head.path(), QStringLiteral("/chat"));
    QCOMPARE(head.query(), QStringLiteral("token=abc"));
    QCOMPARE(head.queryItem(QStringLiteral("token")), QStringLiteral("abc"));
    QCOMPARE(head.header("Host"), QByteArrayLiteral("example.com:8080"));
    QCOMPARE(head.header("origin"), QByteArrayLiteral("http://example.com:8080"));
    QCOMPARE(head.header("SEC-WEBSOCKET-KEY"), QByteArrayLiteral("dGhlIHNhbXBsZSBub25jZQ=="));
    QCOMPARE(head.header("Sec-WebSocket-Extensions"),
             QByteArrayLiteral("permessage-deflate; client_max_window_bits"));
    QVERIFY(head.header("User-Agent").startsWith("Mozilla/5.0"));
    QVERIFY(head.hasHeader("Pragma"));
    QVERIFY(!head.hasHeader("Cookie"));
    QVERIFY(head.header("Cookie").isNull());
    QVERIFY(head.isWebSocketUpgrade());
    QCOMPARE(head.handshakeProblem(), QString());
    QVERIFY(!head.hasUnsupportedVersion());
    QCOMPARE(head.presentedToken(), QStringLiteral("abc"));
}

void TestHttpRequestHead::bytesAfterTheHeadAreNotPartOfIt()
{
    const QByteArray head = chromeUpgrade();
    HttpRequestHead parsedHead;
    QCOMPARE(parsedHead.parse(head + QByteArrayLiteral("\x81\x85garbage frame")), ParseStatus::Complete);
    QCOMPARE(parsedHead.headBytes(), head.size());
}

void TestHttpRequestHead::incompleteAtEverySplit_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("chrome upgrade, CRLF") << chromeUpgrade();
    QTest::newRow("bare LF line ends") << QByteArray(chromeUpgrade()).replace("\r\n", "\n");
    QTest::newRow("request line only") << QByteArrayLiteral("GET /healthz HTTP/1.1\r\n\r\n");
}

void TestHttpRequestHead::incompleteAtEverySplit()
{
    QFETCH(QByteArray, data);
    for (int length = 0; length < data.size(); ++length) {
        HttpRequestHead head;
        const ParseStatus status = head.parse(data.left(length));
        if (status != ParseStatus::Incomplete)
            QFAIL(qPrintable(QStringLiteral("not Incomplete after %1 of %2 bytes").arg(length).arg(data.size())));
    }
    HttpRequestHead head;
    QCOMPARE(head.parse(data), ParseStatus::Complete);
    QCOMPARE(head.headBytes(), data.size());
}

void TestHttpRequestHead::parseStatus_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("maxHeadBytes");
    QTest::addColumn<ParseStatus>("expected");

    const int cap = HttpRequestHead::DefaultMaxHeadBytes;
    const QByteArray requestLine = QByteArrayLiteral("GET / HTTP/1.1");

    QTest::newRow("bare LF line ends")
            << QByteArrayLiteral("GET / HTTP/1.1\nHost: a\n\n") << cap << ParseStatus::Complete;
    QTest::newRow("mixed CRLF and LF")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nHost: a\n\r\n") << cap << ParseStatus::Complete;
    QTest::newRow("TAB inside a header value")
            << makeHead(requestLine, {"X-A: one\ttwo"}) << cap << ParseStatus::Complete;
    QTest::newRow("empty header value")
            << makeHead(requestLine, {"X-Empty:"}) << cap << ParseStatus::Complete;
    QTest::newRow("UTF-8 in a header value")
            << makeHead(requestLine, {"X-Name: J\xc3\xbcrgen"}) << cap << ParseStatus::Complete;
    QTest::newRow("no blank line yet")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nHost: a\r\n") << cap << ParseStatus::Incomplete;
    QTest::newRow("CR last byte seen, LF still coming")
            << QByteArrayLiteral("GET / HTTP/1.1\r") << cap << ParseStatus::Incomplete;

    QTest::newRow("TLS ClientHello (binary)")
            << QByteArray::fromHex("160301020001000200030374") << cap << ParseStatus::Malformed;
    QTest::newRow("NUL byte in header value")
            << makeHead(requestLine, {QByteArray("X-A: a\0b", 8)}) << cap << ParseStatus::Malformed;
    QTest::newRow("DEL byte in header value")
            << makeHead(requestLine, {"X-A: a\x7f"}) << cap << ParseStatus::Malformed;
    QTest::newRow("control byte before any line end")
            << QByteArrayLiteral("GET /\x01") << cap << ParseStatus::Malformed;
    QTest::newRow("bare CR inside a line")
            << makeHead(requestLine, {"X-A: a\rb"}) << cap << ParseStatus::Malformed;
    QTest::newRow("garbage text line, no blank line yet")
            << QByteArrayLiteral("hello there\r\n") << cap << ParseStatus::Malformed;
    QTest::newRow("missing version")
            << QByteArrayLiteral("GET /chat\r\nHost: a\r\n\r\n") << cap << ParseStatus::Malformed;
    QTest::newRow("version not HTTP")
            << QByteArrayLiteral("GET / FTP/1.1\r\n\r\n") << cap << ParseStatus::Malformed;
    QTest::newRow("version with two-digit major")
            << QByteArrayLiteral("GET / HTTP/10.1\r\n\r\n") << cap << ParseStatus::Malformed;
    QTest::newRow("version with a trailing byte")
            << QByteArrayLiteral("GET / HTTP/1.1x\r\n\r\n") << cap << ParseStatus::Malformed;
    QTest::newRow("version minor not a digit")
            << QByteArrayLiteral("GET / HTTP/1.x\r\n\r\n") << cap << ParseStatus::Malformed;
    QTest::newRow("two spaces in request line")
            << QByteArrayLiteral("GET  / HTTP/1.1\r\n\r\n") << cap << ParseStatus::Malformed;
    QTest::newRow("empty target")
            << QByteArrayLiteral("GET  HTTP/1.1\r\n\r\n") << cap << ParseStatus::Malformed;
    QTest::newRow("space in target")
            << QByteArrayLiteral("GET /a b HTTP/1.1\r\n\r\n") << cap << ParseStatus::Malformed;
    QTest::newRow("TAB as request line separator")
            << QByteArrayLiteral("GET\t/ HTTP/1.1\r\n\r\n") << cap << ParseStatus::Malformed;
    QTest::newRow("method with a slash")
            << QByteArrayLiteral("GE/T / HTTP/1.1\r\n\r\n") << cap << ParseStatus::Malformed;
    QTest::newRow("blank line before the request line")
            << QByteArrayLiteral("\r\nGET / HTTP/1.1\r\n\r\n") << cap << ParseStatus::Malformed;
    QTest::newRow("header without colon")
            << makeHead(requestLine, {"Host example.com"}) << cap << ParseStatus::Malformed;
    QTest::newRow("space before the colon")
            << makeHead(requestLine, {"Host : example.com"}) << cap << ParseStatus::Malformed;
    QTest::newRow("space inside header name")
            << makeHead(requestLine, {"X Forwarded: 1"}) << cap << ParseStatus::Malformed;
    QTest::newRow("empty header name")
            << makeHead(requestLine, {": value"}) << cap << ParseStatus::Malformed;
    QTest::newRow("obsolete line folding")
            << makeHead(requestLine, {"X-A: one", " two"}) << cap << ParseStatus::Malformed;

    QByteArrayList hundred;
    for (int i = 0; i < HttpRequestHead::MaxHeaderCount; ++i)
        hundred.append("X-H" + QByteArray::number(i) + ": v");
    QTest::newRow("exactly 100 headers") << makeHead(requestLine, hundred) << cap << ParseStatus::Complete;
    QByteArrayList twoHundred;
    for (int i = 0; i < 200; ++i)
        twoHundred.append("X-H" + QByteArray::number(i) + ": v");
    QTest::newRow("200 headers") << makeHead(requestLine, twoHundred) << cap << ParseStatus::TooLarge;
    // The first byte of a 101st header line is enough; its end need not arrive.
    const QByteArray upToLast = makeHead(requestLine, hundred).chopped(2);
    QTest::newRow("100 headers, no blank line yet") << upToLast << cap << ParseStatus::Incomplete;
    QTest::newRow("first byte of a 101st header") << upToLast + 'X' << cap << ParseStatus::TooLarge;

    const QByteArray longestLine = "X-Big: " + QByteArray(HttpRequestHead::MaxLineBytes - 7, 'a');
    QTest::newRow("header line of exactly 8190 bytes")
            << makeHead(requestLine, {longestLine}) << cap << ParseStatus::Complete;
    QTest::newRow("header line of 8191 bytes")
            << makeHead(requestLine, {longestLine + 'a'}) << cap << ParseStatus::TooLarge;
    // "GET /" + n bytes + " HTTP/1.1" is n + 14 bytes long.
    QTest::newRow("request line of exactly 8190 bytes")
            << makeHead("GET /" + QByteArray(HttpRequestHead::MaxLineBytes - 14, 'a') + " HTTP/1.1", {})
            << cap << ParseStatus::Complete;
    QTest::newRow("request line of 8191 bytes")
            << makeHead("GET /" + QByteArray(HttpRequestHead::MaxLineBytes - 13, 'a') + " HTTP/1.1", {})
            << cap << ParseStatus::TooLarge;

    const QByteArray small = makeHead(requestLine, {"Host: a"});
    QTest::newRow("head exactly at the cap") << small << int(small.size()) << ParseStatus::Complete;
    QTest::newRow("head one byte over the cap") << small << int(small.size() - 1) << ParseStatus::TooLarge;
    QTest::newRow("head under the cap, trailing bytes over it")
            << small + QByteArray(100, 'x') << int(small.size()) << ParseStatus::Complete;
}

void TestHttpRequestHead::parseStatus()
{
    QFETCH(QByteArray, data);
    QFETCH(int, maxHeadBytes);
    QFETCH(ParseStatus, expected);
    HttpRequestHead head;
    QCOMPARE(head.parse(data, maxHeadBytes), expected);
}

void TestHttpRequestHead::longLineIsTooLargeBeforeItsEnd()
{
    // A 9000-byte header line trickling in: TooLarge as soon as the line passes 8190 bytes, long
    // before its end (and the end of the head) arrives.
    const QByteArray prefix = QByteArrayLiteral("GET / HTTP/1.1\r\nX-Big: ");
    const QByteArray line = prefix + QByteArray(9000 - 7, 'a');
    const int lineStart = 16;
    HttpRequestHead head;
    QCOMPARE(head.parse(line.left(lineStart + HttpRequestHead::MaxLineBytes)), ParseStatus::Incomplete);
    QCOMPARE(head.parse(line.left(lineStart + HttpRequestHead::MaxLineBytes + 1)), ParseStatus::TooLarge);
    QCOMPARE(head.parse(line), ParseStatus::TooLarge);
}

void TestHttpRequestHead::headOverCapIsTooLargeBeforeItsEnd()
{
    // Many short headers and never a blank line (a slowloris): TooLarge once the cap is reached.
    QByteArray data = QByteArrayLiteral("GET / HTTP/1.1\r\n");
    int i = 0;
    while (data.size() < 2 * HttpRequestHead::DefaultMaxHeadBytes)
        data += "X-F" + QByteArray::number(i++ % 50) + ": " + QByteArray(200, 'f') + "\r\n";
    HttpRequestHead head;
    QCOMPARE(head.parse(data.left(HttpRequestHead::DefaultMaxHeadBytes - 1)), ParseStatus::Incomplete);
    QCOMPARE(head.parse(data.left(HttpRequestHead::DefaultMaxHeadBytes)), ParseStatus::TooLarge);
    QCOMPARE(head.parse(data), ParseStatus::TooLarge);
    QCOMPARE(head.parse(data.left(1000), 999), ParseStatus::TooLarge);
}

void TestHttpRequestHead::pathAndQuery_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("itemName");
    QTest::addColumn<QString>("itemValue");
    QTest::addColumn<bool>("itemIsNull");

    QTest::newRow("plain path, no query") << QByteArrayLiteral("/chat") << QStringLiteral("/chat")
                                          << QString() << QStringLiteral("token") << QString() << true;
    QTest::newRow("percent-encoded path and UTF-8 value")
            << QByteArrayLiteral("/chat%20room/%C3%A9?name=J%C3%BCrgen&x=1")
            << QStringLiteral("/chat room/\u00e9") << QStringLiteral("name=J%C3%BCrgen&x=1")
            << QStringLiteral("name") << QStringLiteral("J\u00fcrgen") << false;
    QTest::newRow("second item") << QByteArrayLiteral("/?a=1&b=two") << QStringLiteral("/")
                                 << QStringLiteral("a=1&b=two") << QStringLiteral("b")
                                 << QStringLiteral("two") << false;
    QTest::newRow("first of repeated items") << QByteArrayLiteral("/?a=1&a=2") << QStringLiteral("/")
                                             << QStringLiteral("a=1&a=2") << QStringLiteral("a")
                                             << QStringLiteral("1") << false;
    QTest::newRow("percent-encoded item name")
            << QByteArrayLiteral("/?my%20key=v") << QStringLiteral("/") << QStringLiteral("my%20key=v")
            << QStringLiteral("my key") << QStringLiteral("v") << false;
    QTest::newRow("plus stays plus, %2B is plus")
            << QByteArrayLiteral("/?token=a+b%2Bc%3D") << QStringLiteral("/")
            << QStringLiteral("token=a+b%2Bc%3D") << QStringLiteral("token") << QStringLiteral("a+b+c=")
            << false;
    QTest::newRow("item without value is empty, not null")
            << QByteArrayLiteral("/?flag&x=1") << QStringLiteral("/") << QStringLiteral("flag&x=1")
            << QStringLiteral("flag") << QString() << false;
    QTest::newRow("item with empty value is empty, not null")
            << QByteArrayLiteral("/?flag=") << QStringLiteral("/") << QStringLiteral("flag=")
            << QStringLiteral("flag") << QString() << false;
    QTest::newRow("absent item is null") << QByteArrayLiteral("/?x=1") << QStringLiteral("/")
                                         << QStringLiteral("x=1") << QStringLiteral("token")
                                         << QString() << true;
    QTest::newRow("item name is not a prefix match")
            << QByteArrayLiteral("/?tokens=1") << QStringLiteral("/") << QStringLiteral("tokens=1")
            << QStringLiteral("token") << QString() << true;
    QTest::newRow("empty query after ?") << QByteArrayLiteral("/chat?") << QStringLiteral("/chat")
                                         << QString() << QStringLiteral("token") << QString() << true;
    QTest::newRow("absolute form") << QByteArrayLiteral("http://example.com:8080/chat?x=1")
                                   << QStringLiteral("/chat") << QStringLiteral("x=1")
                                   << QStringLiteral("x") << QStringLiteral("1") << false;
    QTest::newRow("absolute form without path") << QByteArrayLiteral("http://example.com")
                                                << QStringLiteral("/") << QString()
                                                << QStringLiteral("x") << QString() << true;
    QTest::newRow("fragment is not part of the query")
            << QByteArrayLiteral("/chat?x=1#frag") << QStringLiteral("/chat") << QStringLiteral("x=1")
            << QStringLiteral("x") << QStringLiteral("1") << false;
}

void TestHttpRequestHead::pathAndQuery()
{
    QFETCH(QByteArray, target);
    QFETCH(QString, path);
    QFETCH(QString, query);
    QFETCH(QString, itemName);
    QFETCH(QString, itemValue);
    QFETCH(bool, itemIsNull);

    const HttpRequestHead head = parsed(makeHead("GET " + target + " HTTP/1.1", {"Host: a"}));
    QCOMPARE(head.target(), target);
    QCOMPARE(head.path(), path);
    QCOMPARE(head.query(), query);
    const QString value = head.queryItem(itemName);
    QCOMPARE(value.isNull(), itemIsNull);
    QCOMPARE(value, itemValue);
}

void TestHttpRequestHead::queryWithoutCredentials_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("shown");

    QTest::newRow("no query") << QByteArrayLiteral("/chat") << QString();
    QTest::newRow("nothing secret")
        << QByteArrayLiteral("/events?lastEventId=7&room=a") << QStringLiteral("lastEventId=7&room=a");
    QTest::newRow("shared token")
        << QByteArrayLiteral("/?token=s3cret&room=a") << QStringLiteral("token=[redacted]&room=a");
    QTest::newRow("access token among others")
        << QByteArrayLiteral("/events?room=a&access_token=eyJ.x.y&lastEventId=3")
        << QStringLiteral("room=a&access_token=[redacted]&lastEventId=3");
    QTest::newRow("percent-encoded name")
        << QByteArrayLiteral("/?access%5Ftoken=eyJ") << QStringLiteral("access%5Ftoken=[redacted]");
    QTest::newRow("a name that only starts like one") << QByteArrayLiteral("/?tokens=3") << QStringLiteral("tokens=3");
}

void TestHttpRequestHead::queryWithoutCredentials()
{
    QFETCH(QByteArray, target);
    QFETCH(QString, shown);
    HttpRequestHead head;
    QCOMPARE(head.parse("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"), ParseStatus::Complete);
    QCOMPARE(head.queryWithoutCredentials(), shown);
}

void TestHttpRequestHead::headerLookup()
{
    const HttpRequestHead head = parsed(makeHead(
            "GET / HTTP/1.1", {"Host:   example.com  ", "X-Multi: one", "x-multi:two", "X-MULTI: \tthree\t"}));
    QCOMPARE(head.header("host"), QByteArrayLiteral("example.com"));
    QCOMPARE(head.header("X-Multi"), QByteArrayLiteral("one"));
    QCOMPARE(head.headerValues("X-MULTI"),
             QList<QByteArray>({QByteArrayLiteral("one"), QByteArrayLiteral("two"), QByteArrayLiteral("three")}));
    QVERIFY(head.hasHeader("x-MULTI"));
    QVERIFY(head.headerValues("Absent").isEmpty());
    QVERIFY(!head.hasHeader("Absent"));
}

void TestHttpRequestHead::presentedToken_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArrayList>("headers");
    QTest::addColumn<QString>("token");

    QTest::newRow("Authorization Bearer") << QByteArrayLiteral("/") << QByteArrayList{"Authorization: Bearer s3cr3t"}
                                          << QStringLiteral("s3cr3t");
    QTest::newRow("Bearer scheme in any case")
            << QByteArrayLiteral("/") << QByteArrayList{"authorization: bEARER   s3cr3t"} << QStringLiteral("s3cr3t");
    QTest::newRow("query token") << QByteArrayLiteral("/chat?token=q%2Fw") << QByteArrayList{}
                                 << QStringLiteral("q/w");
    QTest::newRow("Bearer wins over query")
            << QByteArrayLiteral("/chat?token=fromquery") << QByteArrayList{"Authorization: Bearer fromheader"}
            << QStringLiteral("fromheader");
    QTest::newRow("Basic scheme falls back to query")
            << QByteArrayLiteral("/chat?token=fromquery") << QByteArrayList{"Authorization: Basic dXNlcjpwYXNz"}
            << QStringLiteral("fromquery");
    QTest::newRow("empty Bearer falls back to query")
            << QByteArrayLiteral("/chat?token=fromquery") << QByteArrayList{"Authorization: Bearer"}
            << QStringLiteral("fromquery");
    QTest::newRow("no token is null") << QByteArrayLiteral("/chat?x=1") << QByteArrayList{} << QString();
    QTest::newRow("empty query token is null") << QByteArrayLiteral("/chat?token=") << QByteArrayList{}
                                               << QString();
}

void TestHttpRequestHead::presentedToken()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArrayList, headers);
    QFETCH(QString, token);
    headers.prepend("Host: a");
    const HttpRequestHead head = parsed(makeHead("GET " + target + " HTTP/1.1", headers));
    const QString presented = head.presentedToken();
    QCOMPARE(presented.isNull(), token.isNull());
    QCOMPARE(presented, token);
}

void TestHttpRequestHead::isWebSocketUpgrade_data()
{
    QTest::addColumn<QByteArrayList>("headers");
    QTest::addColumn<bool>("upgrade");

    QTest::newRow("Upgrade: websocket, Connection: Upgrade")
            << QByteArrayList{"Upgrade: websocket", "Connection: Upgrade"} << true;
    QTest::newRow("Firefox: Connection: keep-alive, Upgrade; Upgrade: WebSocket")
            << QByteArrayList{"Upgrade: WebSocket", "Connection: keep-alive, Upgrade"} << true;
    QTest::newRow("Connection split over two header lines")
            << QByteArrayList{"Upgrade: websocket", "Connection: keep-alive", "Connection: upgrade"} << true;
    QTest::newRow("websocket among several upgrade protocols")
            << QByteArrayList{"Upgrade: h2c, websocket", "Connection: Upgrade"} << true;
    QTest::newRow("Connection keep-alive only")
            << QByteArrayList{"Upgrade: websocket", "Connection: keep-alive"} << false;
    QTest::newRow("no Upgrade header") << QByteArrayList{"Connection: Upgrade"} << false;
    QTest::newRow("no Connection header") << QByteArrayList{"Upgrade: websocket"} << false;
    QTest::newRow("other protocol") << QByteArrayList{"Upgrade: h2c", "Connection: Upgrade"} << false;
    QTest::newRow("token must match whole, not as a substring")
            << QByteArrayList{"Upgrade: websockets", "Connection: upgraded"} << false;
    QTest::newRow("plain GET") << QByteArrayList{} << false;
}

void TestHttpRequestHead::isWebSocketUpgrade()
{
    QFETCH(QByteArrayList, headers);
    QFETCH(bool, upgrade);
    headers.prepend("Host: a");
    QCOMPARE(parsed(makeHead("GET /chat HTTP/1.1", headers)).isWebSocketUpgrade(), upgrade);
}

void TestHttpRequestHead::handshakeProblem_data()
{
    QTest::addColumn<QByteArray>("requestLine");
    QTest::addColumn<QByteArrayList>("headers");
    QTest::addColumn<QString>("problemMentions"); // null: no problem
    QTest::addColumn<bool>("unsupportedVersion");

    const QByteArray get = QByteArrayLiteral("GET /chat HTTP/1.1");
    QTest::newRow("valid handshake") << get << validUpgradeHeaders() << QString() << false;
    QTest::newRow("HTTP/2.0 is later than 1.1")
            << QByteArrayLiteral("GET /chat HTTP/2.0") << validUpgradeHeaders() << QString() << false;
    QTest::newRow("POST") << QByteArrayLiteral("POST /chat HTTP/1.1") << validUpgradeHeaders()
                          << QStringLiteral("GET") << false;
    QTest::newRow("HTTP/1.0") << QByteArrayLiteral("GET /chat HTTP/1.0") << validUpgradeHeaders()
                              << QStringLiteral("HTTP/1.1") << false;
    QTest::newRow("no Host") << get << upgradeHeadersWith("Host", {}) << QStringLiteral("Host") << false;
    QTest::newRow("empty Host") << get << upgradeHeadersWith("Host", "Host:") << QStringLiteral("Host")
                                << false;
    QTest::newRow("two Host headers") << get << (validUpgradeHeaders() << "Host: other.example")
                                      << QStringLiteral("Host") << false;
    QTest::newRow("no key") << get << upgradeHeadersWith("Sec-WebSocket-Key", {})
                            << QStringLiteral("Sec-WebSocket-Key") << false;
    QTest::newRow("two keys") << get << (validUpgradeHeaders() << "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==")
                              << QStringLiteral("Sec-WebSocket-Key") << false;
    QTest::newRow("key not base64")
            << get << upgradeHeadersWith("Sec-WebSocket-Key", "Sec-WebSocket-Key: not*base64*at*all*!!!!")
            << QStringLiteral("Sec-WebSocket-Key") << false;
    QTest::newRow("key of 15 bytes")
            << get << upgradeHeadersWith("Sec-WebSocket-Key", "Sec-WebSocket-Key: " + QByteArray(15, 'k').toBase64())
            << QStringLiteral("Sec-WebSocket-Key") << false;
    QTest::newRow("key of 17 bytes")
            << get << upgradeHeadersWith("Sec-WebSocket-Key", "Sec-WebSocket-Key: " + QByteArray(17, 'k').toBase64())
            << QStringLiteral("Sec-WebSocket-Key") << false;
    QTest::newRow("key without its padding")
            << get << upgradeHeadersWith("Sec-WebSocket-Key", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ")
            << QStringLiteral("Sec-WebSocket-Key") << false;
    QTest::newRow("version 8") << get << upgradeHeadersWith("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8")
                               << QStringLiteral("13") << true;
    QTest::newRow("no version") << get << upgradeHeadersWith("Sec-WebSocket-Version", {})
                                << QStringLiteral("13") << true;
    QTest::newRow("version list") << get
                                  << upgradeHeadersWith("Sec-WebSocket-Version", "Sec-WebSocket-Version: 13, 8")
                                  << QStringLiteral("13") << true;
    QTest::newRow("not an upgrade") << get << upgradeHeadersWith("Upgrade", {})
                                    << QStringLiteral("upgrade") << false;
}

void TestHttpRequestHead::handshakeProblem()
{
    QFETCH(QByteArray, requestLine);
    QFETCH(QByteArrayList, headers);
    QFETCH(QString, problemMentions);
    QFETCH(bool, unsupportedVersion);

    const HttpRequestHead head = parsed(makeHead(requestLine, headers));
    const QString problem = head.handshakeProblem();
    if (problemMentions.isNull()) {
        QCOMPARE(problem, QString());
    } else {
        QVERIFY2(problem.contains(problemMentions, Qt::CaseInsensitive), qPrintable(problem));
        QVERIFY2(problem.endsWith(QLatin1Char('.')), "not a sentence");
    }
    QCOMPARE(head.hasUnsupportedVersion(), unsupportedVersion);
}

void TestHttpRequestHead::formatHttpResponse_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<HeaderPairs>("extraHeaders");
    QTest::addColumn<QByteArray>("statusLine");

    const QByteArray text = QByteArrayLiteral("text/plain; charset=utf-8");
    QTest::newRow("200 metrics")
            << 200 << QByteArrayLiteral("text/plain; version=0.0.4") << QByteArrayLiteral("wsm_up 1\n")
            << HeaderPairs{} << QByteArrayLiteral("HTTP/1.1 200 OK");
    QTest::newRow("400 bad handshake") << 400 << text << QByteArrayLiteral("The Host header is missing.\n")
                                       << HeaderPairs{} << QByteArrayLiteral("HTTP/1.1 400 Bad Request");
    QTest::newRow("401 no token") << 401 << text << QByteArrayLiteral("A token is required.\n")
                                  << HeaderPairs{} << QByteArrayLiteral("HTTP/1.1 401 Unauthorized");
    QTest::newRow("403 banned") << 403 << text << QByteArrayLiteral("Forbidden\n") << HeaderPairs{}
                                << QByteArrayLiteral("HTTP/1.1 403 Forbidden");
    QTest::newRow("404") << 404 << text << QByteArrayLiteral("Not found\n") << HeaderPairs{}
                         << QByteArrayLiteral("HTTP/1.1 404 Not Found");
    QTest::newRow("426 with Sec-WebSocket-Version")
            << 426 << text << QByteArrayLiteral("Upgrade required\n")
            << HeaderPairs{{"Sec-WebSocket-Version", "13"}} << QByteArrayLiteral("HTTP/1.1 426 Upgrade Required");
    QTest::newRow("431") << 431 << text << QByteArray() << HeaderPairs{}
                         << QByteArrayLiteral("HTTP/1.1 431 Request Header Fields Too Large");
    QTest::newRow("503 with Retry-After") << 503 << text << QByteArrayLiteral("Server full\n")
                                          << HeaderPairs{{"Retry-After", "5"}}
                                          << QByteArrayLiteral("HTTP/1.1 503 Service Unavailable");
    QTest::newRow("500") << 500 << text << QByteArrayLiteral("Oops\n") << HeaderPairs{}
                         << QByteArrayLiteral("HTTP/1.1 500 Internal Server Error");
    QTest::newRow("binary body with CRLFs")
            << 200 << QByteArrayLiteral("application/octet-stream") << QByteArray("\r\n\r\n\0x", 6)
            << HeaderPairs{} << QByteArrayLiteral("HTTP/1.1 200 OK");
}

void TestHttpRequestHead::formatHttpResponse()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(HeaderPairs, extraHeaders);
    QFETCH(QByteArray, statusLine);

    const QByteArray response = wsm::formatHttpResponse(status, contentType, body, extraHeaders);
    QByteArrayList lines;
    QByteArray responseBody;
    splitResponse(response, &lines, &responseBody);
    QCOMPARE(lines.first(), statusLine);
    QCOMPARE(responseBody, body);
    QVERIFY(lines.contains("Content-Length: " + QByteArray::number(body.size())));
    QVERIFY(lines.contains("Content-Type: " + contentType));
    QVERIFY(lines.contains(QByteArrayLiteral("Connection: close")));
    for (const auto &field : extraHeaders)
        QVERIFY(lines.contains(field.first + ": " + field.second));
    QCOMPARE(lines.contains(QByteArrayLiteral("WWW-Authenticate: Bearer")), status == 401);
    // Exactly the headers asked for, nothing left over or repeated.
    QCOMPARE(lines.size(), 1 + 3 + int(status == 401) + int(extraHeaders.size()));
}

void TestHttpRequestHead::formatHttpResponseNeutralisesLineBreaksInHeaders()
{
    const QByteArray response = wsm::formatHttpResponse(
            403, QByteArrayLiteral("text/plain"), QByteArrayLiteral("no"),
            {{QByteArrayLiteral("X-Reason"), QByteArrayLiteral("bad\r\nSet-Cookie: a=b")}});
    QVERIFY(!response.contains("\r\nSet-Cookie"));
    QVERIFY(!response.contains("\nSet-Cookie"));
    QVERIFY(response.contains("X-Reason: bad  Set-Cookie: a=b\r\n"));
}

void TestHttpRequestHead::formatHttpResponseKeepsCallersAuthenticateHeader()
{
    const QByteArray response = wsm::formatHttpResponse(
            401, QByteArrayLiteral("text/plain"), QByteArray(),
            {{QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer realm=\"wsmonitor\"")}});
    QCOMPARE(response.count("WWW-Authenticate"), 1);
    QVERIFY(response.contains("WWW-Authenticate: Bearer realm=\"wsmonitor\"\r\n"));
}

QTEST_GUILESS_MAIN(TestHttpRequestHead)
#include "tst_httprequesthead.moc"
