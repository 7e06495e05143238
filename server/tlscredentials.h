#pragma once

#include <QSslConfiguration>
#include <QString>

namespace wsm {

// The certificate and key of a wss:// server, read from the files of --tls-cert and --tls-key.
class TlsCredentials
{
public:
    // Reads both files: a certificate (PEM or DER; a PEM file may carry its chain after it) and an
    // unencrypted RSA or EC private key (PEM or DER). False with a sentence naming the file and what
    // is wrong with it, also when the key is not the certificate's or Qt has no TLS backend.
    static bool load(const QString &certificatePath, const QString &keyPath, TlsCredentials *credentials,
                     QString *error);

    // A server configuration: our certificate and key, no client certificates asked for.
    QSslConfiguration serverConfiguration() const { return m_configuration; }

private:
    QSslConfiguration m_configuration;
};

} // namespace wsm
