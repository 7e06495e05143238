#include "tlscredentials.h"

#include <QCoreApplication>
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

namespace wsm {

namespace {

QString translated(const char *text)
{
    return QCoreApplication::translate("wsm::TlsCredentials", text);
}

// A certificate or key file is small; a bigger one is a mistake (a wrong path), not a certificate.
constexpr qint64 MaxFileBytes = 1024 * 1024;

bool readSmallFile(const QString &path, QByteArray *data, QString *why)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *why = file.errorString();
        return false;
    }
    if (file.size() > MaxFileBytes) {
        *why = translated(QT_TRANSLATE_NOOP("wsm::TlsCredentials", "the file is larger than 1 MiB"));
        return false;
    }
    *data = file.readAll();
    return true;
}

QSslKey readKey(const QByteArray &data)
{
    // A key file does not say its algorithm outside PEM's BEGIN line: try the common ones.
    for (const QSsl::EncodingFormat format : {QSsl::Pem, QSsl::Der}) {
        for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
            QSslKey key(data, algorithm, format, QSsl::PrivateKey);
            if (!key.isNull())
                return key;
        }
    }
    return {};
}

// One DER element at `pos` (tag, then short or long form length): its tag and contents; false when
// the bytes end too soon.
bool readDer(const QByteArray &der, qsizetype &pos, quint8 *tag, QByteArray *contents)
{
    if (pos + 2 > der.size())
        return false;
    *tag = quint8(der.at(pos++));
    qsizetype length = quint8(der.at(pos++));
    if (length & 0x80) {
        const int lengthBytes = length & 0x7f;
        if (lengthBytes == 0 || lengthBytes > 4 || pos + lengthBytes > der.size())
            return false;
        length = 0;
        for (int i = 0; i < lengthBytes; ++i)
            length = (length << 8) | quint8(der.at(pos++));
    }
    if (length > der.size() - pos)
        return false;
    *contents = der.mid(pos, length);
    pos += length;
    return true;
}

// The modulus of an RSA public key (SubjectPublicKeyInfo DER); empty when it is not one.
QByteArray rsaModulus(const QByteArray &publicKeyDer)
{
    quint8 tag = 0;
    QByteArray info, algorithm, bits, sequence, modulus;
    qsizetype pos = 0;
    if (!readDer(publicKeyDer, pos, &tag, &info) || tag != 0x30)
        return {};
    pos = 0;
    if (!readDer(info, pos, &tag, &algorithm) || tag != 0x30 || !readDer(info, pos, &tag, &bits) || tag != 0x03
        || bits.isEmpty())
        return {};
    const QByteArray key = bits.mid(1); // after the count of unused bits
    pos = 0;
    if (!readDer(key, pos, &tag, &sequence) || tag != 0x30)
        return {};
    pos = 0;
    if (!readDer(sequence, pos, &tag, &modulus) || tag != 0x02)
        return {};
    return modulus;
}

} // namespace

bool TlsCredentials::load(const QString &certificatePath, const QString &keyPath, TlsCredentials *credentials,
                          QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (!QSslSocket::supportsSsl()) {
        return fail(translated(QT_TRANSLATE_NOOP(
            "wsm::TlsCredentials",
            "TLS is not available: Qt found no TLS backend (on Debian, libqt6network6's OpenSSL plugin "
            "needs libssl3). Start without --tls-cert and --tls-key to serve plain ws://.")));
    }

    QByteArray data;
    QString why;
    if (!readSmallFile(certificatePath, &data, &why)) {
        return fail(translated(QT_TRANSLATE_NOOP("wsm::TlsCredentials", "Cannot read TLS certificate %1: %2"))
                        .arg(certificatePath, why));
    }
    QList<QSslCertificate> certificates = QSslCertificate::fromData(data, QSsl::Pem);
    if (certificates.isEmpty())
        certificates = QSslCertificate::fromData(data, QSsl::Der);
    if (certificates.isEmpty() || certificates.constFirst().isNull()) {
        return fail(translated(QT_TRANSLATE_NOOP("wsm::TlsCredentials", "Cannot read TLS certificate %1: %2"))
                        .arg(certificatePath,
                             translated(QT_TRANSLATE_NOOP("wsm::TlsCredentials",
                                                          "no certificate in PEM or DER format in it"))));
    }

    if (!readSmallFile(keyPath, &data, &why)) {
        return fail(translated(QT_TRANSLATE_NOOP("wsm::TlsCredentials", "Cannot read TLS key %1: %2"))
                        .arg(keyPath, why));
    }
    const QSslKey key = readKey(data);
    if (key.isNull()) {
        return fail(translated(QT_TRANSLATE_NOOP("wsm::TlsCredentials", "Cannot read TLS key %1: %2"))
                        .arg(keyPath, translated(QT_TRANSLATE_NOOP(
                                          "wsm::TlsCredentials",
                                          "no unencrypted RSA or EC private key in PEM or DER format in it"))));
    }

    // Qt has no call that pairs a key with a certificate, and OpenSSL would only refuse a mismatch
    // at the first client. Algorithm and size catch most mix-ups; for RSA, the commonest, the
    // certificate's modulus must also be the key's (a private key's DER holds its modulus as is).
    const QSslCertificate &leaf = certificates.constFirst();
    const QSslKey publicKey = leaf.publicKey();
    const QByteArray modulus = key.algorithm() == QSsl::Rsa ? rsaModulus(publicKey.toDer()) : QByteArray();
    if (publicKey.algorithm() != key.algorithm() || publicKey.length() != key.length()
        || (!modulus.isEmpty() && !key.toDer().contains(modulus))) {
        return fail(translated(QT_TRANSLATE_NOOP("wsm::TlsCredentials",
                                                 "Cannot read TLS key %1: it is not the key of the certificate in %2"))
                        .arg(keyPath, certificatePath));
    }

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(certificates);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients show no certificates
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    if (credentials)
        credentials->m_configuration = configuration;
    return true;
}

} // namespace wsm
