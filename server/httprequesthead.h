#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace wsm {

// The head of the HTTP request a client sends first on a new TCP connection, parsed from peeked
// bytes before the socket is handed to QWebSocketServer, so plain HTTP (/metrics, /healthz) and
// refused upgrades can be answered with an HTTP status. A plain value; not tied to any thread.
class HttpRequestHead
{
public:
    enum class ParseStatus { Incomplete, Complete, Malformed, TooLarge };

    // Defensive caps from Apache's defaults (LimitRequestFieldSize 8190, LimitRequestFields 100).
    // The whole head (request line + headers + blank line) may be at most maxHeadBytes; a single
    // line longer than MaxLineBytes (line ending excluded) is TooLarge too. TooLarge is reported as
    // soon as the data seen is certain to exceed a cap, without waiting for the end of the head, so
    // a slowloris client cannot grow it.
    static constexpr int DefaultMaxHeadBytes = 16 * 1024;
    static constexpr int MaxLineBytes = 8190;
    static constexpr int MaxHeaderCount = 100;

    // Parses data that starts at the first byte the client sent; every call starts afresh, so pass
    // everything peeked so far. Complete once "\r\n\r\n" is seen (bare "\n" line ends are accepted
    // too); bytes after the head are ignored. Malformed: request line not "METHOD SP TARGET SP
    // HTTP/x.y", a header line without ':', a header name with spaces or control characters,
    // control bytes (other than TAB) anywhere. Malformed and TooLarge are reported as early as the
    // data allows. The accessors below are meaningful only after Complete.
    ParseStatus parse(const QByteArray &data, int maxHeadBytes = DefaultMaxHeadBytes);

    int headBytes() const;      // bytes of the head including the blank line (after Complete)
    QByteArray method() const;  // "GET"
    QByteArray target() const;  // raw request target "/chat?token=x"
    QByteArray version() const; // "HTTP/1.1"
    QString path() const;       // percent-decoded path part of target, e.g. "/chat"
    QString query() const;      // raw query after '?', without the '?', empty if none
    // query() with the value of every credential a client may put there (token, access_token)
    // replaced by "[redacted]": what rows, the inspector and the logs may show of the query.
    QString queryWithoutCredentials() const;
    // Percent-decoded value of the first name=value in the query; '+' stays '+' (as in QUrlQuery),
    // so a base64 token pasted into a URL still matches. Null when the name is absent, empty (not
    // null) when present without a value.
    QString queryItem(const QString &name) const;

    // Header names are case-insensitive; values trimmed of surrounding whitespace. header() returns
    // the first occurrence (null when absent); headerValues() all of them in order.
    QByteArray header(const QByteArray &name) const;
    QList<QByteArray> headerValues(const QByteArray &name) const;
    bool hasHeader(const QByteArray &name) const;

    // True when the request asks for a WebSocket upgrade at all: Upgrade contains the token
    // "websocket" and Connection contains the token "upgrade" (case-insensitive, comma-separated).
    bool isWebSocketUpgrade() const;
    // Empty when the request is a valid RFC 6455 client handshake (an upgrade as above, method GET,
    // HTTP/1.1 or later, exactly one Host, exactly one Sec-WebSocket-Key that decodes from base64
    // to 16 bytes, Sec-WebSocket-Version 13); else one short English sentence saying what is wrong
    // (becomes the 400 body and the event text).
    QString handshakeProblem() const;
    // Sec-WebSocket-Version absent, repeated or not "13": answer 426 + "Sec-WebSocket-Version: 13".
    bool hasUnsupportedVersion() const;
    // The token presented as "Authorization: Bearer T" (scheme case-insensitive) or, failing that,
    // "?token=T"; a null QString when none (or only an empty one) was presented.
    QString presentedToken() const;

private:
    void clear();

    QByteArray m_method;
    QByteArray m_target;
    QByteArray m_version;
    QList<QPair<QByteArray, QByteArray>> m_headers; // names lower-cased, values trimmed
    int m_headBytes = 0;
};

// A complete HTTP/1.1 response that ends the connection: status line with the standard reason
// phrase (200 OK, 400 Bad Request, 401 Unauthorized, 403 Forbidden, 404 Not Found, 426 Upgrade
// Required, 431 Request Header Fields Too Large, 503 Service Unavailable, 500 Internal Server
// Error, ...), Content-Type (omitted when empty), Content-Length, "Connection: close", the extra
// headers, then the body. For 401 "WWW-Authenticate: Bearer" is added unless extraHeaders has one.
QByteArray formatHttpResponse(int status, const QByteArray &contentType, const QByteArray &body,
                              const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});

} // namespace wsm
