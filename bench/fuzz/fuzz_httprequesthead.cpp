// Fuzzes what the server parses on the shared port before the hand-over to QWebSocketServer:
// HttpRequestHead::parse on the peeked bytes, every accessor WebSocketServer::route() calls, and the
// HTTP answer formatHttpResponse builds from what the client sent. Checks what the header promises,
// not only that nothing crashes.

#include "fuzzcheck.h"
#include "httprequesthead.h"

#include <QList>
#include <QPair>

#include <cstddef>
#include <cstdint>

using wsm::HttpRequestHead;
using wsm::fuzz::escaped;
using Status = HttpRequestHead::ParseStatus;

namespace {

bool isControl(uchar c)
{
    return (c < 0x20 && c != '\t') || c == 0x7f;
}

// The header lines of a complete head as the client wrote them: (name as typed, raw value).
QList<QPair<QByteArray, QByteArray>> rawHeaders(const QByteArray &head)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    QList<QByteArray> lines = head.split('\n');
    for (int i = 1; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            break;
        const int colon = line.indexOf(':');
        headers.append({line.left(colon), line.mid(colon + 1)});
    }
    return headers;
}

// An HTTP answer as formatHttpResponse promises it: a status line, header lines without stray CR
// or LF (no response splitting, whatever the caller passed), a blank line, then exactly the body,
// whose length Content-Length gives.
void checkResponse(const QByteArray &response, int status, const QByteArray &body, int extraHeaderCount)
{
    const int headEnd = response.indexOf("\r\n\r\n");
    FUZZ_CHECK(headEnd > 0, escaped(response));
    FUZZ_CHECK(response.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status) + ' ')), escaped(response.left(40)));
    FUZZ_CHECK(response.mid(headEnd + 4) == body, escaped(response));
    const QByteArray head = response.left(headEnd);
    for (const char c : head)
        FUZZ_CHECK(!isControl(uchar(c)) || c == '\r' || c == '\n', escaped(head));
    const QList<QByteArray> lines = head.split('\n');
    for (int i = 0; i + 1 < lines.size(); ++i)
        FUZZ_CHECK(lines.at(i).endsWith('\r') && lines.at(i).count('\r') == 1, escaped(head));
    FUZZ_CHECK(!head.contains('\r') || head.count('\r') == head.count('\n'), escaped(head));
    // Status line, Content-Type, Content-Length, Connection, WWW-Authenticate for 401, the extras.
    const int expectedLines = 4 + (status == 401 ? 1 : 0) + extraHeaderCount;
    FUZZ_CHECK(lines.size() == expectedLines, QStringLiteral("%1 lines, expected %2: %3")
                                                  .arg(lines.size()).arg(expectedLines).arg(escaped(head)));
    FUZZ_CHECK(head.contains(QByteArray("\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n")), escaped(head));
}

void checkComplete(const HttpRequestHead &head, const QByteArray &data)
{
    const int headBytes = head.headBytes();
    FUZZ_CHECK(headBytes > 0 && headBytes <= data.size() && headBytes <= HttpRequestHead::DefaultMaxHeadBytes,
               QString::number(headBytes));
    FUZZ_CHECK(data.at(headBytes - 1) == '\n', escaped(data.left(headBytes)));

    // The request line: a method token, a target without whitespace or control bytes, HTTP/d.d.
    const QByteArray method = head.method();
    FUZZ_CHECK(!method.isEmpty() && !method.contains(' ') && !method.contains(':'), escaped(method));
    const QByteArray target = head.target();
    FUZZ_CHECK(!target.isEmpty() && !target.contains(' ') && !target.contains('\t'), escaped(target));
    for (const char c : target)
        FUZZ_CHECK(!isControl(uchar(c)), escaped(target));
    const QByteArray version = head.version();
    FUZZ_CHECK(version.size() == 8 && version.startsWith("HTTP/") && version.at(6) == '.', escaped(version));
    FUZZ_CHECK(data.startsWith(QByteArray(method + ' ' + target + ' ' + version)), escaped(data.left(80)));

    // What route() reads. An origin-form target's path is a path; the query never holds the '?'.
    const QString path = head.path();
    if (target.startsWith('/'))
        FUZZ_CHECK(path.startsWith(QLatin1Char('/')), escaped(path));
    const QByteArray beforeFragment = target.left(target.indexOf('#') < 0 ? target.size() : target.indexOf('#'));
    if (!beforeFragment.contains('?'))
        FUZZ_CHECK(head.query().isEmpty() && head.queryItem(QStringLiteral("token")).isNull(), escaped(target));
    else
        FUZZ_CHECK(!path.contains(QLatin1Char('?')) || beforeFragment.left(beforeFragment.indexOf('?')).contains('%'),
                   escaped(target));
    (void)head.queryItem(QStringLiteral("token"));
    const QString token = head.presentedToken();
    FUZZ_CHECK(token.isNull() || !token.isEmpty(), escaped(target));

    // Header names are case-insensitive; values are trimmed, and the first occurrence is header().
    const QList<QPair<QByteArray, QByteArray>> raw = rawHeaders(data.left(headBytes));
    for (const auto &[name, rawValue] : raw) {
        FUZZ_CHECK(head.hasHeader(name) && head.hasHeader(name.toUpper()) && head.hasHeader(name.toLower()),
                   escaped(name));
        const QList<QByteArray> values = head.headerValues(name);
        FUZZ_CHECK(!values.isEmpty() && values.first() == head.header(name.toUpper()), escaped(name));
        FUZZ_CHECK(values == head.headerValues(name.toLower()), escaped(name));
        FUZZ_CHECK(values.contains(rawValue.trimmed()), escaped(rawValue));
        for (const QByteArray &value : values) {
            FUZZ_CHECK(value == value.trimmed(), escaped(value));
            FUZZ_CHECK(!value.contains('\r') && !value.contains('\n'), escaped(value));
        }
    }
    FUZZ_CHECK(raw.size() <= HttpRequestHead::MaxHeaderCount, QString::number(raw.size()));

    // route()'s decisions hang together: a valid handshake is an upgrade with GET and version 13;
    // a request that is no upgrade always names the reason first.
    const bool upgrade = head.isWebSocketUpgrade();
    const QString problem = head.handshakeProblem();
    if (problem.isEmpty()) {
        FUZZ_CHECK(upgrade && method == "GET" && !head.hasUnsupportedVersion()
                       && head.headerValues("host").size() == 1 && head.headerValues("sec-websocket-key").size() == 1,
                   escaped(data.left(headBytes)));
    }
    if (!upgrade)
        FUZZ_CHECK(!problem.isEmpty(), escaped(data.left(headBytes)));

    // The answers route() sends for what it read: a 404 echoes the decoded path in its body.
    const QByteArray body = QStringLiteral("no WebSocket endpoint at %1").arg(path).toUtf8() + '\n';
    checkResponse(wsm::formatHttpResponse(404, QByteArrayLiteral("text/plain; charset=utf-8"), body), 404, body, 0);
    const QByteArray problemBody = problem.toUtf8() + '\n';
    checkResponse(wsm::formatHttpResponse(400, QByteArrayLiteral("text/plain; charset=utf-8"), problemBody), 400,
                  problemBody, 0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *bytes, std::size_t size)
{
    if (size > 64 * 1024)
        return 0;
    const QByteArray data(reinterpret_cast<const char *>(bytes), qsizetype(size));

    HttpRequestHead head;
    const Status status = head.parse(data);

    // Parsing starts afresh: the same bytes give the same answer.
    HttpRequestHead again;
    FUZZ_CHECK(again.parse(data) == status, escaped(data.left(200)));

    // Malformed and TooLarge come as early as the data allows and never change with more data;
    // Complete does not either, and what follows the head does not matter.
    const QByteArray more = data + QByteArrayLiteral("X-More: 1\r\n\r\n");
    HttpRequestHead longer;
    const Status longerStatus = longer.parse(more);
    if (status != Status::Incomplete)
        FUZZ_CHECK(longerStatus == status, QStringLiteral("%1 then %2: %3")
                                               .arg(int(status)).arg(int(longerStatus)).arg(escaped(data.left(200))));
    // A prefix that is already Malformed or TooLarge stays so.
    HttpRequestHead prefix;
    const Status prefixStatus = prefix.parse(data.left(data.size() / 2));
    if (prefixStatus == Status::Malformed || prefixStatus == Status::TooLarge)
        FUZZ_CHECK(status == prefixStatus, escaped(data.left(200)));
    if (prefixStatus == Status::Complete)
        FUZZ_CHECK(status == Status::Complete && prefix.headBytes() == head.headBytes(), escaped(data.left(200)));

    if (status == Status::Complete) {
        checkComplete(head, data);
        FUZZ_CHECK(longer.headBytes() == head.headBytes() && longer.target() == head.target(), escaped(data.left(200)));
        // The head alone parses the same.
        HttpRequestHead alone;
        FUZZ_CHECK(alone.parse(data.left(head.headBytes())) == Status::Complete && alone.method() == head.method(),
                   escaped(data.left(200)));
    } else if (status == Status::TooLarge) {
        // Only past a cap: the whole head or one line.
        FUZZ_CHECK(data.size() >= HttpRequestHead::MaxLineBytes || data.count('\n') >= HttpRequestHead::MaxHeaderCount,
                   QString::number(data.size()));
    }

    // A smaller cap (the parse() argument) never lets more through.
    HttpRequestHead capped;
    const Status cappedStatus = capped.parse(data, 64);
    if (cappedStatus == Status::Complete)
        FUZZ_CHECK(status == Status::Complete && capped.headBytes() <= 64, escaped(data.left(200)));

    // Whatever the caller hands formatHttpResponse as header text cannot split the response.
    const int split = int(data.size() / 3);
    const QByteArray contentType = data.left(split);
    const QByteArray extraName = data.mid(split, split);
    const QByteArray extraValue = data.mid(2 * split);
    static const int statuses[] = {200, 204, 400, 401, 403, 404, 426, 431, 503, 299};
    const int code = statuses[size % (sizeof statuses / sizeof statuses[0])];
    const QByteArray response =
        wsm::formatHttpResponse(code, contentType.isEmpty() ? QByteArrayLiteral("text/plain") : contentType, data,
                                {{extraName.isEmpty() ? QByteArrayLiteral("X") : extraName, extraValue}});
    // A 401 whose extra header is already WWW-Authenticate gets no second one.
    const bool ownAuthenticate = extraName.compare("www-authenticate", Qt::CaseInsensitive) == 0;
    checkResponse(response, code, data, ownAuthenticate && code == 401 ? 0 : 1);
    return 0;
}
