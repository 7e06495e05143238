#pragma once

// Makes JSON Web Tokens for the identity suites: keys generated with OpenSSL in the test (RSA 2048
// and EC P-256), tokens signed with HS256, RS256 and ES256 as an issuer would, and broken ones.

#include <QByteArray>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <memory>

namespace wsm::test {

inline QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// A secret of the length HS256 asks for (32 bytes or more).
inline const QByteArray TestSecret = QByteArrayLiteral("an-hs256-test-secret-of-40-bytes-long!!");

class JwtMaker
{
public:
    enum class Key { Rsa, Ec };

    explicit JwtMaker(Key type)
        : m_key(type == Key::Rsa ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048))
                                 : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"),
                &EVP_PKEY_free)
        , m_type(type)
    {
    }

    bool isValid() const { return m_key != nullptr; }

    // The public key as --jwt-public-key reads it.
    QByteArray publicKeyPem() const
    {
        BIO *bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PUBKEY(bio, m_key.get());
        char *data = nullptr;
        const long size = BIO_get_mem_data(bio, &data);
        const QByteArray pem(data, int(size));
        BIO_free(bio);
        return pem;
    }

    // A token signed with this key (RS256 or ES256 by its type), header alg as given.
    QByteArray sign(const QJsonObject &claims, const QByteArray &alg = {}) const
    {
        const QByteArray algorithm = alg.isEmpty() ? (m_type == Key::Rsa ? "RS256" : "ES256") : alg;
        const QByteArray input = signingInput(algorithm, claims);
        EVP_MD_CTX *context = EVP_MD_CTX_new();
        size_t length = 0;
        EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, m_key.get());
        EVP_DigestSign(context, nullptr, &length, reinterpret_cast<const unsigned char *>(input.constData()),
                       size_t(input.size()));
        QByteArray signature(int(length), '\0');
        EVP_DigestSign(context, reinterpret_cast<unsigned char *>(signature.data()), &length,
                       reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()));
        EVP_MD_CTX_free(context);
        signature.resize(int(length));
        if (m_type == Key::Ec)
            signature = rawEcdsa(signature);
        return input + '.' + base64Url(signature);
    }

    static QByteArray signHs256(const QJsonObject &claims, const QByteArray &secret = TestSecret,
                                const QByteArray &alg = "HS256")
    {
        const QByteArray input = signingInput(alg, claims);
        unsigned char mac[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        HMAC(EVP_sha256(), secret.constData(), int(secret.size()),
             reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()), mac, &length);
        return input + '.' + base64Url(QByteArray(reinterpret_cast<const char *>(mac), int(length)));
    }

    static QByteArray unsigned_(const QJsonObject &claims)
    {
        return signingInput("none", claims) + '.';
    }

    static QByteArray signingInput(const QByteArray &alg, const QJsonObject &claims)
    {
        const QJsonObject header{{QStringLiteral("alg"), QString::fromLatin1(alg)}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
        return base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
                + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    }

    // Claims with sub and name, valid for an hour from now.
    static QJsonObject claims(const QString &sub = QStringLiteral("alice"), const QString &name = QStringLiteral("Alice"))
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QJsonObject object{{QStringLiteral("sub"), sub}, {QStringLiteral("iat"), double(now)},
                           {QStringLiteral("exp"), double(now + 3600)}};
        if (!name.isEmpty())
            object.insert(QStringLiteral("name"), name);
        return object;
    }

private:
    // DER ECDSA-Sig-Value to JWS's r || s, each 32 bytes.
    static QByteArray rawEcdsa(const QByteArray &der)
    {
        const auto *bytes = reinterpret_cast<const unsigned char *>(der.constData());
        ECDSA_SIG *sig = d2i_ECDSA_SIG(nullptr, &bytes, long(der.size()));
        QByteArray raw(64, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char *>(raw.data()), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char *>(raw.data()) + 32, 32);
        ECDSA_SIG_free(sig);
        return raw;
    }

    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> m_key;
    Key m_type;
};

} // namespace wsm::test
