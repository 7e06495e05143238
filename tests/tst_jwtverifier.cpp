// JwtVerifier alone: every refusal with its reason, the three algorithms, the claims it checks, and
// the keys it will not take.

#include "jwtmaker.h"
#include "jwtverifier.h"

#include <QJsonArray>
#include <QTest>

using namespace wsm;
using namespace wsm::test;

class tst_JwtVerifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void refusals_data();
    void refusals();
    void validTokens_data();
    void validTokens();
    void audienceInAList();
    void clockSkewAllowsALittle_data();
    void clockSkewAllowsALittle();
    void keysItWillNotTake_data();
    void keysItWillNotTake();

private:
    std::unique_ptr<JwtVerifier> hs256() const;
    std::unique_ptr<JwtVerifier> rs256() const;
    std::unique_ptr<JwtVerifier> es256() const;

    std::unique_ptr<JwtMaker> m_rsa;
    std::unique_ptr<JwtMaker> m_ec;
};

void tst_JwtVerifier::initTestCase()
{
    m_rsa = std::make_unique<JwtMaker>(JwtMaker::Key::Rsa);
    m_ec = std::make_unique<JwtMaker>(JwtMaker::Key::Ec);
    QVERIFY(m_rsa->isValid());
    QVERIFY(m_ec->isValid());
}

std::unique_ptr<JwtVerifier> tst_JwtVerifier::hs256() const
{
    QString error;
    auto verifier = JwtVerifier::fromSecret(TestSecret, &error);
    if (verifier) {
        verifier->setIssuer(QStringLiteral("https://issuer.test"));
        verifier->setAudience(QStringLiteral("wsmonitor"));
    }
    return verifier;
}

std::unique_ptr<JwtVerifier> tst_JwtVerifier::rs256() const
{
    QString error;
    return JwtVerifier::fromPublicKeyPem(m_rsa->publicKeyPem(), &error);
}

std::unique_ptr<JwtVerifier> tst_JwtVerifier::es256() const
{
    QString error;
    return JwtVerifier::fromPublicKeyPem(m_ec->publicKeyPem(), &error);
}

// Claims that pass the HS256 verifier's issuer and audience checks.
static QJsonObject goodClaims()
{
    QJsonObject claims = JwtMaker::claims();
    claims.insert(QStringLiteral("iss"), QStringLiteral("https://issuer.test"));
    claims.insert(QStringLiteral("aud"), QStringLiteral("wsmonitor"));
    return claims;
}

static QJsonObject with(QJsonObject claims, const QString &name, const QJsonValue &value)
{
    if (value.isUndefined())
        claims.remove(name);
    else
        claims.insert(name, value);
    return claims;
}

void tst_JwtVerifier::refusals_data()
{
    QTest::addColumn<QString>("verifierKind"); // hs256, rs256, es256
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("refusal");
    QTest::addColumn<QString>("reason");

    const double now = double(QDateTime::currentSecsSinceEpoch());
    const QByteArray good = JwtMaker::signHs256(goodClaims());
    QByteArray tampered = good;
    tampered[good.indexOf('.') + 3] = tampered.at(good.indexOf('.') + 3) == 'A' ? 'B' : 'A';
    const auto hs = [](const QJsonObject &claims) { return JwtMaker::signHs256(claims); };
    const auto row = [](const char *name, const char *kind, const QByteArray &token, JwtRefusal refusal,
                        const char *reason) {
        QTest::newRow(name) << QString::fromLatin1(kind) << token << int(refusal) << QString::fromUtf8(reason);
    };

    row("not three parts", "hs256", "abc.def", JwtRefusal::Malformed, "malformed token: not three parts");
    row("header not JSON", "hs256", base64Url("nope") + ".e30.sig", JwtRefusal::Malformed,
        "malformed token: the header is not base64url JSON");
    row("padding is not base64url", "hs256", good + "=", JwtRefusal::Malformed,
        "malformed token: the signature is not base64url");
    row("claims not JSON", "hs256",
        []() -> QByteArray {
            const QByteArray input = JwtMaker::signingInput("HS256", {}).split('.').at(0) + '.' + base64Url("[1,");
            unsigned char mac[EVP_MAX_MD_SIZE];
            unsigned int length = 0;
            HMAC(EVP_sha256(), TestSecret.constData(), int(TestSecret.size()),
                 reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()), mac, &length);
            return input + '.' + base64Url(QByteArray(reinterpret_cast<const char *>(mac), int(length)));
        }(),
        JwtRefusal::Malformed, "malformed token: the claims are not base64url JSON");
    row("bad signature", "hs256", tampered, JwtRefusal::BadSignature, "bad signature");
    row("signed with another secret", "hs256", JwtMaker::signHs256(goodClaims(), "another-secret-that-is-also-32-bytes!!"),
        JwtRefusal::BadSignature, "bad signature");
    row("alg none", "hs256", JwtMaker::unsigned_(goodClaims()), JwtRefusal::AlgNone, "unsigned token (alg none)");
    row("alg None, any case", "rs256", JwtMaker::signingInput("None", goodClaims()) + '.', JwtRefusal::AlgNone,
        "unsigned token (alg none)");
    row("RS256 token against an HS256 secret", "hs256", m_rsa->sign(goodClaims()), JwtRefusal::WrongAlgorithm,
        "algorithm RS256 not accepted; this server takes HS256");
    // The classic confusion: the public key, which anyone has, used as an HMAC secret.
    row("HS256 signed with the RSA public key as its secret", "rs256",
        JwtMaker::signHs256(goodClaims(), m_rsa->publicKeyPem()), JwtRefusal::WrongAlgorithm,
        "algorithm HS256 not accepted; this server takes RS256");
    row("HS256 signed with the EC public key as its secret", "es256",
        JwtMaker::signHs256(goodClaims(), m_ec->publicKeyPem()), JwtRefusal::WrongAlgorithm,
        "algorithm HS256 not accepted; this server takes ES256");
    row("ES256 token against an RS256 key", "rs256", m_ec->sign(goodClaims()), JwtRefusal::WrongAlgorithm,
        "algorithm ES256 not accepted; this server takes RS256");
    row("RS256 signed by another key", "rs256", JwtMaker(JwtMaker::Key::Rsa).sign(goodClaims()),
        JwtRefusal::BadSignature, "bad signature");
    row("ES256 signed by another key", "es256", JwtMaker(JwtMaker::Key::Ec).sign(goodClaims()),
        JwtRefusal::BadSignature, "bad signature");
    {
        // A DER signature where JWS wants r || s: refused for its length, whatever it says.
        const QByteArray es = m_ec->sign(goodClaims());
        row("ES256 signature of the wrong length", "es256", es + "AAAA", JwtRefusal::BadSignature, "bad signature");
    }
    row("expired", "hs256", hs(with(goodClaims(), QStringLiteral("exp"), now - 3600)), JwtRefusal::Expired,
        "token expired");
    row("not yet valid", "hs256", hs(with(goodClaims(), QStringLiteral("nbf"), now + 3600)), JwtRefusal::NotYetValid,
        "token not yet valid (nbf)");
    row("exp not a number", "hs256", hs(with(goodClaims(), QStringLiteral("exp"), QStringLiteral("soon"))),
        JwtRefusal::Malformed, "malformed token: exp or nbf is not a number");
    row("wrong issuer", "hs256", hs(with(goodClaims(), QStringLiteral("iss"), QStringLiteral("https://evil.test"))),
        JwtRefusal::WrongIssuer, "wrong issuer");
    row("no issuer", "hs256", hs(with(goodClaims(), QStringLiteral("iss"), QJsonValue::Undefined)),
        JwtRefusal::WrongIssuer, "wrong issuer");
    row("wrong audience", "hs256", hs(with(goodClaims(), QStringLiteral("aud"), QStringLiteral("other"))),
        JwtRefusal::WrongAudience, "wrong audience");
    row("audience list without ours", "hs256",
        hs(with(goodClaims(), QStringLiteral("aud"), QJsonArray{QStringLiteral("a"), QStringLiteral("b")})),
        JwtRefusal::WrongAudience, "wrong audience");
    row("no sub", "hs256", hs(with(goodClaims(), QStringLiteral("sub"), QJsonValue::Undefined)),
        JwtRefusal::MissingSubject, "token without sub");
    row("sub not a string", "hs256", hs(with(goodClaims(), QStringLiteral("sub"), 42)), JwtRefusal::MissingSubject,
        "token without sub");
}

void tst_JwtVerifier::refusals()
{
    QFETCH(QString, verifierKind);
    QFETCH(QByteArray, token);
    QFETCH(int, refusal);
    QFETCH(QString, reason);

    const auto verifier = verifierKind == QLatin1String("hs256") ? hs256()
        : verifierKind == QLatin1String("rs256")                 ? rs256()
                                                                 : es256();
    QVERIFY(verifier);
    const JwtResult result = verifier->verify(token, QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(JwtVerifier::refusalId(result.refusal), JwtVerifier::refusalId(JwtRefusal(refusal)));
    QCOMPARE(result.reason, reason);
    QVERIFY(result.subject.isEmpty());
}

void tst_JwtVerifier::validTokens_data()
{
    QTest::addColumn<QString>("verifierKind");
    QTest::addColumn<QByteArray>("token");

    QTest::newRow("HS256") << QStringLiteral("hs256") << JwtMaker::signHs256(goodClaims());
    QTest::newRow("RS256") << QStringLiteral("rs256") << m_rsa->sign(goodClaims());
    QTest::newRow("ES256") << QStringLiteral("es256") << m_ec->sign(goodClaims());
}

void tst_JwtVerifier::validTokens()
{
    QFETCH(QString, verifierKind);
    QFETCH(QByteArray, token);

    const auto verifier = verifierKind == QLatin1String("hs256") ? hs256()
        : verifierKind == QLatin1String("rs256")                 ? rs256()
                                                                 : es256();
    QVERIFY(verifier);
    const JwtResult result = verifier->verify(token, QDateTime::currentMSecsSinceEpoch());
    QVERIFY2(result.ok(), qPrintable(result.reason));
    QCOMPARE(result.subject, QStringLiteral("alice"));
    QCOMPARE(result.name, QStringLiteral("Alice"));
    const qint64 exp = qint64(goodClaims().value(QStringLiteral("exp")).toDouble()) * 1000;
    QVERIFY(qAbs(result.expiresAtMs - exp) <= 2000);
}

void tst_JwtVerifier::audienceInAList()
{
    const auto verifier = hs256();
    QVERIFY(verifier);
    const QByteArray token = JwtMaker::signHs256(
        with(goodClaims(), QStringLiteral("aud"), QJsonArray{QStringLiteral("other"), QStringLiteral("wsmonitor")}));
    QVERIFY(verifier->verify(token, QDateTime::currentMSecsSinceEpoch()).ok());
}

void tst_JwtVerifier::clockSkewAllowsALittle_data()
{
    QTest::addColumn<QString>("claim");
    QTest::addColumn<int>("offsetSeconds"); // from now
    QTest::addColumn<bool>("ok");

    // The default skew is 30 s either way.
    QTest::newRow("expired 10 s ago: within the skew") << QStringLiteral("exp") << -10 << true;
    QTest::newRow("expired 60 s ago: beyond it") << QStringLiteral("exp") << -60 << false;
    QTest::newRow("valid from 10 s ahead: within the skew") << QStringLiteral("nbf") << 10 << true;
    QTest::newRow("valid from 60 s ahead: beyond it") << QStringLiteral("nbf") << 60 << false;
}

void tst_JwtVerifier::clockSkewAllowsALittle()
{
    QFETCH(QString, claim);
    QFETCH(int, offsetSeconds);
    QFETCH(bool, ok);

    const auto verifier = hs256();
    QVERIFY(verifier);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QByteArray token = JwtMaker::signHs256(with(goodClaims(), claim, double(now / 1000 + offsetSeconds)));
    QCOMPARE(verifier->verify(token, now).ok(), ok);
}

void tst_JwtVerifier::keysItWillNotTake_data()
{
    QTest::addColumn<QByteArray>("secret"); // null: a PEM key instead
    QTest::addColumn<QByteArray>("pem");
    QTest::addColumn<QString>("errorSays");

    QTest::newRow("HS256 secret under 32 bytes") << QByteArray("short") << QByteArray()
                                                 << QStringLiteral("at least 32 bytes");
    QTest::newRow("not PEM") << QByteArray() << QByteArray("hello") << QStringLiteral("not a PEM public key");
    QTest::newRow("a private key is not a public key")
        << QByteArray() << QByteArray("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n")
        << QStringLiteral("not a PEM public key");
    EVP_PKEY *small = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(1024));
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, small);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QTest::newRow("RSA under 2048 bits") << QByteArray() << QByteArray(data, int(size))
                                         << QStringLiteral("RS256 needs at least 2048");
    BIO_free(bio);
    EVP_PKEY_free(small);
    EVP_PKEY *p384 = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
    bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, p384);
    const long p384Size = BIO_get_mem_data(bio, &data);
    QTest::newRow("EC on another curve") << QByteArray() << QByteArray(data, int(p384Size))
                                         << QStringLiteral("P-256");
    BIO_free(bio);
    EVP_PKEY_free(p384);
}

void tst_JwtVerifier::keysItWillNotTake()
{
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, pem);
    QFETCH(QString, errorSays);

    QString error;
    const auto verifier = secret.isNull() ? JwtVerifier::fromPublicKeyPem(pem, &error)
                                          : JwtVerifier::fromSecret(secret, &error);
    QVERIFY(!verifier);
    QVERIFY2(error.contains(errorSays), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_JwtVerifier)
#include "tst_jwtverifier.moc"
