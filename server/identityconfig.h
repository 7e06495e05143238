#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace wsm {

// How the server learns who a client is (--identity). A plain value inside ServerConfig.
enum class IdentitySource : quint8 {
    None,   // clients are known by address and user agent only
    Jwt,    // a JSON Web Token, verified: its `sub` (and `name`) name the client
    Query,  // --identity query:NAME: the query parameter NAME, unverified (development)
    Header, // --identity header:NAME: the request header NAME, unverified (development)
};

struct IdentityConfig
{
    IdentitySource source = IdentitySource::None;
    QString parameterName;          // Query and Header: the parameter or header to read
    // Jwt: HS256 with a shared secret, or RS256/ES256 with a PEM public key; exactly one of them.
    // The files are read at each start (readSecretFile() for the secret), never from argv.
    QString jwtSecretFile;
    QString jwtPublicKeyFile;
    QByteArray jwtSecret;           // as read at start
    QByteArray jwtPublicKeyPem;     // as read at start
    QString jwtIssuer;              // empty: `iss` not checked
    QString jwtAudience;            // empty: `aud` not checked
    int clockSkewMs = 30000;        // allowed for `exp` and `nbf` against this machine's clock

    bool enabled() const { return source != IdentitySource::None; }
};

} // namespace wsm
