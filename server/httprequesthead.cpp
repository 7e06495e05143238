#include "httprequesthead.h"

#include <QByteArrayView>

namespace wsm {

namespace {

// RFC 9110 section 5.6.2: the characters a method or a header name may contain.
bool isTokenChar(uchar c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(uchar(c)))
            return false;
    }
    return true;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// "HTTP/" DIGIT "." DIGIT (RFC 9112 section 2.3).
bool isHttpVersion(QByteArrayView text)
{
    return text.size() == 8 && text.startsWith("HTTP/") && isDigit(text[5]) && text[6] == '.'
            && isDigit(text[7]);
}

// The target without a fragment (clients should not send one, but it is never part of the query).
QByteArray targetWithoutFragment(const QByteArray &target)
{
    const int hash = target.indexOf('#');
    return hash < 0 ? target : target.left(hash);
}

QString decodeComponent(const QByteArray &encoded)
{
    return QString::fromUtf8(QByteArray::fromPercentEncoding(encoded));
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return QByteArrayLiteral("OK");
    case 204: return QByteArrayLiteral("No Content");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 406: return QByteArrayLiteral("Not Acceptable");
    case 408: return QByteArrayLiteral("Request Timeout");
    case 413: return QByteArrayLiteral("Content Too Large");
    case 426: return QByteArrayLiteral("Upgrade Required");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 501: return QByteArrayLiteral("Not Implemented");
    case 503: return QByteArrayLiteral("Service Unavailable");
    default: return QByteArray(); // RFC 9112 allows an empty reason phrase
    }
}

// Header text must not be able to end the header line early (response splitting), even when it
// comes from configuration.
QByteArray headerSafe(QByteArray text)
{
    for (char &c : text) {
        const uchar u = uchar(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            c = ' ';
    }
    return text;
}

} // namespace

void HttpRequestHead::clear()
{
    m_method.clear();
    m_target.clear();
    m_version.clear();
    m_headers.clear();
    m_headBytes = 0;
}

HttpRequestHead::ParseStatus HttpRequestHead::parse(const QByteArray &data, int maxHeadBytes)
{
    clear();
    const char *bytes = data.constData();
    const int size = int(data.size());
    int lineStart = 0;
    bool requestLineSeen = false;

    for (int i = 0; i < size; ++i) {
        // i bytes were seen without the end of the head, so the head is at least i + 1 bytes.
        if (i >= maxHeadBytes)
            return ParseStatus::TooLarge;
        const uchar c = uchar(bytes[i]);
        if (c == '\r') {
            // CR only as part of CRLF; at the very end of the data its LF may still be coming.
            if (i + 1 < size && bytes[i + 1] != '\n')
                return ParseStatus::Malformed;
            continue;
        }
        if (c != '\n') {
            if ((c < 0x20 && c != '\t') || c == 0x7f)
                return ParseStatus::Malformed;
            if (i - lineStart + 1 > MaxLineBytes)
                return ParseStatus::TooLarge;
            // A line starting after the last allowed header is one too many, whatever it holds.
            if (i == lineStart && requestLineSeen && m_headers.size() >= MaxHeaderCount)
                return ParseStatus::TooLarge;
            continue;
        }

        int lineEnd = i;
        if (lineEnd > lineStart && bytes[lineEnd - 1] == '\r')
            --lineEnd;
        const QByteArrayView line(bytes + lineStart, lineEnd - lineStart);
        lineStart = i + 1;

        if (line.isEmpty()) {
            // A blank line first is not a request; Qt's handshake parser would not accept it either.
            if (!requestLineSeen)
                return ParseStatus::Malformed;
            m_headBytes = i + 1;
            return ParseStatus::Complete;
        }

        if (!requestLineSeen) {
            const qsizetype firstSpace = line.indexOf(' ');
            const qsizetype secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
            if (secondSpace < 0)
                return ParseStatus::Malformed;
            const QByteArrayView method = line.first(firstSpace);
            const QByteArrayView target = line.sliced(firstSpace + 1, secondSpace - firstSpace - 1);
            const QByteArrayView version = line.sliced(secondSpace + 1);
            if (!isToken(method) || target.isEmpty() || target.contains('\t')
                    || !isHttpVersion(version)) {
                return ParseStatus::Malformed;
            }
            m_method = method.toByteArray();
            m_target = target.toByteArray();
            m_version = version.toByteArray();
            requestLineSeen = true;
            continue;
        }

        const qsizetype colon = line.indexOf(':');
        // No whitespace before the colon and no obsolete line folding (RFC 9112 section 5).
        if (colon < 0 || !isToken(line.first(colon)))
            return ParseStatus::Malformed;
        m_headers.append({line.first(colon).toByteArray().toLower(),
                          line.sliced(colon + 1).toByteArray().trimmed()});
    }

    // Not complete: the head needs at least one more byte.
    if (size >= maxHeadBytes)
        return ParseStatus::TooLarge;
    return ParseStatus::Incomplete;
}

int HttpRequestHead::headBytes() const
{
    return m_headBytes;
}

QByteArray HttpRequestHead::method() const
{
    return m_method;
}

QByteArray HttpRequestHead::target() const
{
    return m_target;
}

QByteArray HttpRequestHead::version() const
{
    return m_version;
}

QString HttpRequestHead::path() const
{
    QByteArray part = targetWithoutFragment(m_target);
    const int question = part.indexOf('?');
    if (question >= 0)
        part.truncate(question);
    // Absolute form ("http://host/chat", RFC 9112 section 3.2.2): the path starts after the authority.
    if (!part.startsWith('/')) {
        const int scheme = part.indexOf("://");
        if (scheme > 0) {
            const int slash = part.indexOf('/', scheme + 3);
            part = slash < 0 ? QByteArrayLiteral("/") : part.mid(slash);
        }
    }
    return decodeComponent(part);
}

QString HttpRequestHead::query() const
{
    const QByteArray part = targetWithoutFragment(m_target);
    const int question = part.indexOf('?');
    return question < 0 ? QString() : QString::fromUtf8(part.mid(question + 1));
}

QString HttpRequestHead::queryWithoutCredentials() const
{
    const QString raw = query();
    if (raw.isEmpty())
        return raw;
    QStringList items = raw.split(QLatin1Char('&'));
    for (QString &item : items) {
        const qsizetype equals = item.indexOf(QLatin1Char('='));
        if (equals < 0)
            continue;
        const QString name = decodeComponent(item.left(equals).toUtf8());
        if (name == QLatin1String("token") || name == QLatin1String("access_token"))
            item = item.left(equals + 1) + QStringLiteral("[redacted]");
    }
    return items.join(QLatin1Char('&'));
}

QString HttpRequestHead::queryItem(const QString &name) const
{
    const QByteArray part = targetWithoutFragment(m_target);
    const int question = part.indexOf('?');
    if (question < 0)
        return QString();
    const QList<QByteArray> items = part.mid(question + 1).split('&');
    for (const QByteArray &item : items) {
        const int equals = item.indexOf('=');
        const QByteArray itemName = equals < 0 ? item : item.left(equals);
        if (decodeComponent(itemName) != name)
            continue;
        const QString value = equals < 0 ? QString() : decodeComponent(item.mid(equals + 1));
        // Present without a value is empty, not null: null means absent.
        return value.isNull() ? QString(QLatin1String("")) : value;
    }
    return QString();
}

QByteArray HttpRequestHead::header(const QByteArray &name) const
{
    const QByteArray key = name.toLower();
    for (const auto &field : m_headers) {
        if (field.first == key)
            return field.second;
    }
    return QByteArray();
}

QList<QByteArray> HttpRequestHead::headerValues(const QByteArray &name) const
{
    const QByteArray key = name.toLower();
    QList<QByteArray> values;
    for (const auto &field : m_headers) {
        if (field.first == key)
            values.append(field.second);
    }
    return values;
}

bool HttpRequestHead::hasHeader(const QByteArray &name) const
{
    const QByteArray key = name.toLower();
    for (const auto &field : m_headers) {
        if (field.first == key)
            return true;
    }
    return false;
}

bool HttpRequestHead::isWebSocketUpgrade() const
{
    // Both headers are comma-separated lists and may be repeated (RFC 9110 section 5.3).
    const auto hasToken = [this](const QByteArray &headerName, QByteArrayView token) {
        const QList<QByteArray> values = headerValues(headerName);
        for (const QByteArray &value : values) {
            const QList<QByteArray> tokens = value.split(',');
            for (const QByteArray &candidate : tokens) {
                if (candidate.trimmed().compare(token, Qt::CaseInsensitive) == 0)
                    return true;
            }
        }
        return false;
    };
    return hasToken(QByteArrayLiteral("upgrade"), "websocket")
            && hasToken(QByteArrayLiteral("connection"), "upgrade");
}

QString HttpRequestHead::handshakeProblem() const
{
    // The checks of RFC 6455 section 4.2.1, in its order. Only parsed, validated bytes (a method
    // token, an HTTP version) are echoed, so the sentence is safe to send back as a body.
    if (!isWebSocketUpgrade())
        return QStringLiteral("The request does not ask for a WebSocket upgrade.");
    if (m_method != "GET") {
        return QStringLiteral("A WebSocket handshake must use GET, not %1.")
                .arg(QString::fromLatin1(m_method));
    }
    const bool http11OrLater = m_version.size() == 8
            && (m_version.at(5) > '1' || (m_version.at(5) == '1' && m_version.at(7) >= '1'));
    if (!http11OrLater) {
        return QStringLiteral("A WebSocket handshake needs HTTP/1.1 or later, not %1.")
                .arg(QString::fromLatin1(m_version));
    }
    const QList<QByteArray> hosts = headerValues(QByteArrayLiteral("host"));
    if (hosts.isEmpty() || hosts.first().isEmpty())
        return QStringLiteral("The Host header is missing or empty.");
    if (hosts.size() > 1)
        return QStringLiteral("The Host header appears more than once.");
    const QList<QByteArray> keys = headerValues(QByteArrayLiteral("sec-websocket-key"));
    if (keys.isEmpty())
        return QStringLiteral("The Sec-WebSocket-Key header is missing.");
    if (keys.size() > 1)
        return QStringLiteral("The Sec-WebSocket-Key header appears more than once.");
    // 16 bytes in base64 are always 22 characters plus "==" padding.
    const auto decoded = QByteArray::fromBase64Encoding(keys.first(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (keys.first().size() != 24 || !decoded || decoded.decoded.size() != 16)
        return QStringLiteral("The Sec-WebSocket-Key header is not 16 bytes in base64.");
    if (hasUnsupportedVersion())
        return QStringLiteral("The Sec-WebSocket-Version header must be 13.");
    return QString();
}

bool HttpRequestHead::hasUnsupportedVersion() const
{
    const QList<QByteArray> versions = headerValues(QByteArrayLiteral("sec-websocket-version"));
    return versions.size() != 1 || versions.first() != "13";
}

QString HttpRequestHead::presentedToken() const
{
    const QList<QByteArray> authorizations = headerValues(QByteArrayLiteral("authorization"));
    for (const QByteArray &authorization : authorizations) {
        const QByteArray simplified = authorization.simplified();
        const int space = simplified.indexOf(' ');
        if (space < 0)
            continue;
        if (simplified.left(space).compare("bearer", Qt::CaseInsensitive) != 0)
            continue;
        // simplified() left no trailing space, so the token is not empty.
        return QString::fromUtf8(simplified.mid(space + 1));
    }
    // Browsers cannot set headers on a WebSocket, so the query is the fallback.
    const QString fromQuery = queryItem(QStringLiteral("token"));
    return fromQuery.isEmpty() ? QString() : fromQuery;
}

QByteArray formatHttpResponse(int status, const QByteArray &contentType, const QByteArray &body,
                              const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    // A status line needs a three-digit code; anything else is a bug in the caller.
    Q_ASSERT(status >= 100 && status <= 599);
    if (status < 100 || status > 599)
        status = 500;

    bool hasAuthenticate = false;
    for (const auto &field : extraHeaders) {
        if (field.first.compare("www-authenticate", Qt::CaseInsensitive) == 0)
            hasAuthenticate = true;
    }

    QByteArray out;
    out.reserve(160 + body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + headerSafe(contentType) + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "Connection: close\r\n";
    // RFC 9110 section 15.5.2: a 401 must say which authentication scheme would be accepted.
    if (status == 401 && !hasAuthenticate)
        out += "WWW-Authenticate: Bearer\r\n";
    for (const auto &field : extraHeaders)
        out += headerSafe(field.first) + ": " + headerSafe(field.second) + "\r\n";
    out += "\r\n";
    out += body;
    return out;
}

} // namespace wsm
