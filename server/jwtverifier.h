#pragma once

#include "identityconfig.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace wsm {

// Browsers cannot set headers on a WebSocket: they present the token as a subprotocol,
// "access_token.<JWT>", beside "access_token", which is what the server answers (never the token).
inline constexpr char IdentityTokenProtocol[] = "access_token";
inline constexpr char IdentityTokenProtocolPrefix[] = "access_token.";

// Why a token was refused: each has its own machine id and sentence (the refusal's closeReason).
enum class JwtRefusal : quint8 {
    None,
    Malformed,       // not three base64url parts of a JSON header and claims
    AlgNone,         // "alg": "none": an unsigned token
    WrongAlgorithm,  // any alg but the one the configured key is for
    BadSignature,
    Expired,         // `exp` passed (beyond the clock skew)
    NotYetValid,     // `nbf` still ahead (beyond the clock skew)
    WrongIssuer,
    WrongAudience,
    MissingSubject,  // no `sub`, or not a non-empty string
};

// What verify() found: ok with the claims that name the client, or the refusal and its sentence.
struct JwtResult
{
    JwtRefusal refusal = JwtRefusal::None;
    QString reason;        // one English sentence: why it was refused; empty when ok
    QString subject;       // `sub`
    QString name;          // `name`, when present
    qint64 expiresAtMs = 0; // `exp` in ms since the epoch; 0: the token has none

    bool ok() const { return refusal == JwtRefusal::None; }
};

// Verifies JSON Web Tokens (RFC 7519, compact JWS) for --identity jwt. OpenSSL does every
// signature (HMAC-SHA256, RSA PKCS#1 v1.5 SHA-256, ECDSA P-256 SHA-256); Qt's JSON reads the
// header and the claims. The algorithm is the configured key's, never the token's: a secret
// accepts HS256 only, an RSA public key RS256 only, a P-256 key ES256 only (so an HS256 token
// "signed" with the public key's PEM as its secret is refused, the classic confusion attack).
// Immutable once made; verify() may be called from any thread.
class JwtVerifier
{
public:
    enum class Algorithm : quint8 { HS256, RS256, ES256 };

    ~JwtVerifier();
    JwtVerifier(const JwtVerifier &) = delete;
    JwtVerifier &operator=(const JwtVerifier &) = delete;

    // HS256: a shared secret of at least 32 bytes (RFC 7518 3.2: no shorter than the hash).
    static std::unique_ptr<JwtVerifier> fromSecret(const QByteArray &secret, QString *error);
    // RS256 (an RSA key of 2048 bits or more) or ES256 (a P-256 key), by the key's type: a PEM
    // "PUBLIC KEY" as `openssl pkey -pubout` writes it.
    static std::unique_ptr<JwtVerifier> fromPublicKeyPem(const QByteArray &pem, QString *error);
    // Reads the identity's key file (the secret with readSecretFile()) and makes the verifier with
    // the issuer, audience and clock skew of the config; null with *error (a sentence naming the
    // option and the file) when a file cannot be read or its key is not usable.
    static std::unique_ptr<JwtVerifier> fromConfig(const IdentityConfig &config, QString *error);

    void setIssuer(const QString &issuer) { m_issuer = issuer; }
    void setAudience(const QString &audience) { m_audience = audience; }
    void setClockSkewMs(int ms) { m_clockSkewMs = ms; }
    Algorithm algorithm() const { return m_algorithm; }
    static QString algorithmName(Algorithm algorithm); // "HS256", ...

    JwtResult verify(const QByteArray &token, qint64 nowEpochMs) const;

    // Stable machine names of the refusals ("bad_signature", ...), for logs and tests.
    static QString refusalId(JwtRefusal refusal);

    // Longer than this is not a token we accept (a request head holds 16 KiB at most anyway).
    static constexpr int MaxTokenBytes = 8192;

private:
    JwtVerifier() = default;
    bool signatureMatches(const QByteArray &signingInput, const QByteArray &signature) const;

    Algorithm m_algorithm = Algorithm::HS256;
    QByteArray m_secret;                 // HS256
    struct KeyDeleter { void operator()(void *key) const; };
    std::unique_ptr<void, KeyDeleter> m_key; // RS256, ES256: an EVP_PKEY
    QString m_issuer;
    QString m_audience;
    int m_clockSkewMs = 30000;
};

} // namespace wsm
