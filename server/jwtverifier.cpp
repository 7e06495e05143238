#include "jwtverifier.h"

#include "secretfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace wsm {

namespace {

QString translated(const char *text)
{
    return QCoreApplication::translate("wsm::JwtVerifier", text);
}

// A public key is a few hundred bytes of PEM; anything far longer is the wrong file.
constexpr qint64 MaxPublicKeyFileBytes = 64 * 1024;
constexpr int MinSecretBytes = 32;   // RFC 7518 3.2: a key as long as the hash output
constexpr int MinRsaBits = 2048;     // RFC 7518 3.3
constexpr int Es256SignatureBytes = 64; // JWS: r || s, 32 bytes each (RFC 7518 3.4)

// Strict base64url (RFC 7515 2): the URL alphabet, no padding, no white space, and the
// canonical encoding only (no stray low bits), so that one token has one spelling.
std::optional<QByteArray> decodeBase64Url(const QByteArray &text)
{
    for (const char c : text) {
        const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_';
        if (!allowed)
            return std::nullopt;
    }
    if (text.size() % 4 == 1)
        return std::nullopt;
    const QByteArray decoded = QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding);
    if (decoded.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals) != text)
        return std::nullopt;
    return decoded;
}

std::optional<QJsonObject> decodeJsonObject(const QByteArray &part)
{
    const std::optional<QByteArray> bytes = decodeBase64Url(part);
    if (!bytes)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

JwtResult refused(JwtRefusal refusal, const QString &reason)
{
    JwtResult result;
    result.refusal = refusal;
    result.reason = reason;
    return result;
}

// A NumericDate (RFC 7519 2): seconds since the epoch, fractions allowed. Null when absent;
// *malformed when present but not a finite number.
std::optional<double> numericDate(const QJsonObject &claims, const QString &name, bool *malformed)
{
    const QJsonValue value = claims.value(name);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isDouble() || !std::isfinite(value.toDouble())) {
        *malformed = true;
        return std::nullopt;
    }
    return value.toDouble();
}

// JWS carries an ECDSA signature as r || s; OpenSSL verifies the DER form of ECDSA-Sig-Value.
std::optional<QByteArray> ecdsaDerSignature(const QByteArray &raw)
{
    if (raw.size() != Es256SignatureBytes)
        return std::nullopt;
    const auto *bytes = reinterpret_cast<const unsigned char *>(raw.constData());
    BIGNUM *r = BN_bin2bn(bytes, Es256SignatureBytes / 2, nullptr);
    BIGNUM *s = BN_bin2bn(bytes + Es256SignatureBytes / 2, Es256SignatureBytes / 2, nullptr);
    ECDSA_SIG *sig = ECDSA_SIG_new();
    if (!r || !s || !sig) {
        BN_free(r);
        BN_free(s);
        ECDSA_SIG_free(sig);
        return std::nullopt;
    }
    ECDSA_SIG_set0(sig, r, s); // sig owns r and s from here
    unsigned char *der = nullptr;
    const int length = i2d_ECDSA_SIG(sig, &der);
    ECDSA_SIG_free(sig);
    if (length <= 0)
        return std::nullopt;
    QByteArray result(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return result;
}

} // namespace

JwtVerifier::~JwtVerifier() = default;

void JwtVerifier::KeyDeleter::operator()(void *key) const
{
    EVP_PKEY_free(static_cast<EVP_PKEY *>(key));
}

std::unique_ptr<JwtVerifier> JwtVerifier::fromSecret(const QByteArray &secret, QString *error)
{
    if (secret.size() < MinSecretBytes) {
        *error = translated(QT_TRANSLATE_NOOP("wsm::JwtVerifier",
                                              "The HS256 secret is %1 bytes long; it must be at least %2 bytes "
                                              "(as long as the SHA-256 hash)."))
                     .arg(secret.size())
                     .arg(MinSecretBytes);
        return nullptr;
    }
    std::unique_ptr<JwtVerifier> verifier(new JwtVerifier);
    verifier->m_algorithm = Algorithm::HS256;
    verifier->m_secret = secret;
    return verifier;
}

std::unique_ptr<JwtVerifier> JwtVerifier::fromPublicKeyPem(const QByteArray &pem, QString *error)
{
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY *key = bio ? PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr) : nullptr;
    BIO_free(bio);
    if (!key) {
        *error = translated(QT_TRANSLATE_NOOP("wsm::JwtVerifier",
                                              "The key is not a PEM public key (-----BEGIN PUBLIC KEY-----, as "
                                              "'openssl pkey -pubout' writes it)."));
        return nullptr;
    }
    std::unique_ptr<JwtVerifier> verifier(new JwtVerifier);
    verifier->m_key.reset(key);
    if (EVP_PKEY_is_a(key, "RSA")) {
        if (EVP_PKEY_get_bits(key) < MinRsaBits) {
            *error = translated(QT_TRANSLATE_NOOP("wsm::JwtVerifier",
                                                  "The RSA key has %1 bits; RS256 needs at least %2."))
                         .arg(EVP_PKEY_get_bits(key))
                         .arg(MinRsaBits);
            return nullptr;
        }
        verifier->m_algorithm = Algorithm::RS256;
        return verifier;
    }
    char group[64] = {};
    size_t groupLength = 0;
    if (EVP_PKEY_is_a(key, "EC") && EVP_PKEY_get_group_name(key, group, sizeof group, &groupLength) == 1
        && (qstrcmp(group, "prime256v1") == 0 || qstrcmp(group, "P-256") == 0)) {
        verifier->m_algorithm = Algorithm::ES256;
        return verifier;
    }
    *error = translated(QT_TRANSLATE_NOOP("wsm::JwtVerifier",
                                          "The public key is neither RSA (for RS256) nor EC on the P-256 curve "
                                          "(for ES256)."));
    return nullptr;
}

std::unique_ptr<JwtVerifier> JwtVerifier::fromConfig(const IdentityConfig &config, QString *error)
{
    std::unique_ptr<JwtVerifier> verifier;
    QString problem;
    if (!config.jwtSecretFile.isEmpty()) {
        QString secret;
        if (!readSecretFile(config.jwtSecretFile, &secret, &problem)) {
            *error = QStringLiteral("--jwt-secret-file: %1").arg(problem);
            return nullptr;
        }
        verifier = fromSecret(secret.toUtf8(), &problem);
        if (!verifier) {
            *error = QStringLiteral("--jwt-secret-file %1: %2").arg(config.jwtSecretFile, problem);
            return nullptr;
        }
    } else if (!config.jwtPublicKeyFile.isEmpty()) {
        QFile file(config.jwtPublicKeyFile);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = translated(QT_TRANSLATE_NOOP("wsm::JwtVerifier", "--jwt-public-key: cannot read %1: %2."))
                         .arg(config.jwtPublicKeyFile, file.errorString());
            return nullptr;
        }
        verifier = fromPublicKeyPem(file.read(MaxPublicKeyFileBytes), &problem);
        if (!verifier) {
            *error = QStringLiteral("--jwt-public-key %1: %2").arg(config.jwtPublicKeyFile, problem);
            return nullptr;
        }
    } else {
        *error = translated(QT_TRANSLATE_NOOP("wsm::JwtVerifier",
                                              "--identity jwt needs a key: --jwt-secret-file FILE (HS256) or "
                                              "--jwt-public-key FILE (RS256, ES256)."));
        return nullptr;
    }
    verifier->setIssuer(config.jwtIssuer);
    verifier->setAudience(config.jwtAudience);
    verifier->setClockSkewMs(config.clockSkewMs);
    return verifier;
}

QString JwtVerifier::algorithmName(Algorithm algorithm)
{
    switch (algorithm) {
    case Algorithm::HS256: return QStringLiteral("HS256");
    case Algorithm::RS256: return QStringLiteral("RS256");
    case Algorithm::ES256: return QStringLiteral("ES256");
    }
    return {};
}

QString JwtVerifier::refusalId(JwtRefusal refusal)
{
    switch (refusal) {
    case JwtRefusal::None: return QStringLiteral("none");
    case JwtRefusal::Malformed: return QStringLiteral("malformed");
    case JwtRefusal::AlgNone: return QStringLiteral("alg_none");
    case JwtRefusal::WrongAlgorithm: return QStringLiteral("wrong_algorithm");
    case JwtRefusal::BadSignature: return QStringLiteral("bad_signature");
    case JwtRefusal::Expired: return QStringLiteral("expired");
    case JwtRefusal::NotYetValid: return QStringLiteral("not_yet_valid");
    case JwtRefusal::WrongIssuer: return QStringLiteral("wrong_issuer");
    case JwtRefusal::WrongAudience: return QStringLiteral("wrong_audience");
    case JwtRefusal::MissingSubject: return QStringLiteral("missing_sub");
    }
    return {};
}

bool JwtVerifier::signatureMatches(const QByteArray &signingInput, const QByteArray &signature) const
{
    const auto *input = reinterpret_cast<const unsigned char *>(signingInput.constData());
    if (m_algorithm == Algorithm::HS256) {
        unsigned char mac[EVP_MAX_MD_SIZE];
        unsigned int macLength = 0;
        if (!HMAC(EVP_sha256(), m_secret.constData(), int(m_secret.size()), input, size_t(signingInput.size()), mac,
                  &macLength))
            return false;
        // In constant time: where a forged MAC first differs must not show in the answer's timing.
        return signature.size() == int(macLength) && CRYPTO_memcmp(mac, signature.constData(), macLength) == 0;
    }
    QByteArray der = signature;
    if (m_algorithm == Algorithm::ES256) {
        const std::optional<QByteArray> converted = ecdsaDerSignature(signature);
        if (!converted)
            return false;
        der = *converted;
    }
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (!context)
        return false;
    // RSA keys verify PKCS#1 v1.5 by default: RS256 (RFC 7518 3.3).
    const bool ok = EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, static_cast<EVP_PKEY *>(m_key.get())) == 1
            && EVP_DigestVerify(context, reinterpret_cast<const unsigned char *>(der.constData()), size_t(der.size()),
                                input, size_t(signingInput.size())) == 1;
    EVP_MD_CTX_free(context);
    return ok;
}

JwtResult JwtVerifier::verify(const QByteArray &token, qint64 nowEpochMs) const
{
    if (token.size() > MaxTokenBytes)
        return refused(JwtRefusal::Malformed, QStringLiteral("malformed token: over %1 bytes").arg(MaxTokenBytes));
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return refused(JwtRefusal::Malformed, QStringLiteral("malformed token: not three parts"));
    const std::optional<QJsonObject> header = decodeJsonObject(parts.at(0));
    if (!header)
        return refused(JwtRefusal::Malformed, QStringLiteral("malformed token: the header is not base64url JSON"));
    const QJsonValue alg = header->value(QStringLiteral("alg"));
    if (!alg.isString())
        return refused(JwtRefusal::Malformed, QStringLiteral("malformed token: no alg"));
    if (alg.toString().compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return refused(JwtRefusal::AlgNone, QStringLiteral("unsigned token (alg none)"));
    const QString expected = algorithmName(m_algorithm);
    if (alg.toString() != expected) {
        return refused(JwtRefusal::WrongAlgorithm,
                       QStringLiteral("algorithm %1 not accepted; this server takes %2").arg(alg.toString().left(16), expected));
    }
    // RFC 7515 4.1.11: a critical extension we do not know means we may not accept the token.
    if (header->contains(QStringLiteral("crit")))
        return refused(JwtRefusal::Malformed, QStringLiteral("malformed token: unsupported crit header"));
    const std::optional<QByteArray> signature = decodeBase64Url(parts.at(2));
    if (!signature)
        return refused(JwtRefusal::Malformed, QStringLiteral("malformed token: the signature is not base64url"));
    // The signature before the claims: nothing an unverified token claims is looked at.
    const QByteArray signingInput = token.left(parts.at(0).size() + 1 + parts.at(1).size());
    if (!signatureMatches(signingInput, *signature))
        return refused(JwtRefusal::BadSignature, QStringLiteral("bad signature"));

    const std::optional<QJsonObject> claims = decodeJsonObject(parts.at(1));
    if (!claims)
        return refused(JwtRefusal::Malformed, QStringLiteral("malformed token: the claims are not base64url JSON"));
    bool badDate = false;
    const std::optional<double> exp = numericDate(*claims, QStringLiteral("exp"), &badDate);
    const std::optional<double> nbf = numericDate(*claims, QStringLiteral("nbf"), &badDate);
    if (badDate)
        return refused(JwtRefusal::Malformed, QStringLiteral("malformed token: exp or nbf is not a number"));
    if (exp && double(nowEpochMs) >= *exp * 1000.0 + m_clockSkewMs)
        return refused(JwtRefusal::Expired, QStringLiteral("token expired"));
    if (nbf && double(nowEpochMs) + m_clockSkewMs < *nbf * 1000.0)
        return refused(JwtRefusal::NotYetValid, QStringLiteral("token not yet valid (nbf)"));
    if (!m_issuer.isEmpty() && claims->value(QStringLiteral("iss")).toString() != m_issuer)
        return refused(JwtRefusal::WrongIssuer, QStringLiteral("wrong issuer"));
    if (!m_audience.isEmpty()) {
        // RFC 7519 4.1.3: one string, or an array of them of which one must be ours.
        const QJsonValue aud = claims->value(QStringLiteral("aud"));
        bool matches = aud.isString() && aud.toString() == m_audience;
        if (aud.isArray()) {
            const QJsonArray audiences = aud.toArray();
            for (const QJsonValue &audience : audiences)
                matches = matches || (audience.isString() && audience.toString() == m_audience);
        }
        if (!matches)
            return refused(JwtRefusal::WrongAudience, QStringLiteral("wrong audience"));
    }
    const QJsonValue sub = claims->value(QStringLiteral("sub"));
    if (!sub.isString() || sub.toString().trimmed().isEmpty())
        return refused(JwtRefusal::MissingSubject, QStringLiteral("token without sub"));

    JwtResult result;
    result.subject = sub.toString();
    result.name = claims->value(QStringLiteral("name")).toString();
    if (exp) {
        // Saturate: an exp far in the future must not wrap.
        const double ms = *exp * 1000.0;
        result.expiresAtMs = ms >= 9.0e18 ? std::numeric_limits<qint64>::max() : qint64(std::max(1.0, ms));
    }
    return result;
}

} // namespace wsm
