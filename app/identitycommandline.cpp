#include "identitycommandline.h"

#include "jwtverifier.h"

#include <QCoreApplication>

namespace wsm {

namespace {

QString translated(const char *text)
{
    return QCoreApplication::translate("wsm::CommandLine", text);
}

} // namespace

IdentityCommandLineOptions::IdentityCommandLineOptions()
    : identity(QStringLiteral("identity"),
               translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                            "How clients are known: jwt (a JSON Web Token in \"Authorization: Bearer\", "
                                            "?access_token= or the subprotocol access_token.<JWT>, verified; its sub "
                                            "names the client), query:NAME or header:NAME (the query parameter or "
                                            "header NAME, unverified: for development), or none (the default).")),
               QStringLiteral("MODE"))
    , secretFile(QStringLiteral("jwt-secret-file"),
                 translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                              "--identity jwt: tokens are HS256, signed with the secret held in FILE "
                                              "(at least 32 bytes).")),
                 QStringLiteral("FILE"))
    , publicKey(QStringLiteral("jwt-public-key"),
                translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                             "--identity jwt: tokens are RS256 (an RSA key) or ES256 (a P-256 key), "
                                             "verified with the PEM public key in FILE.")),
                QStringLiteral("FILE"))
    , issuer(QStringLiteral("jwt-issuer"),
             translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                          "--identity jwt: a token's iss must be ISSUER; by default not checked.")),
             QStringLiteral("ISSUER"))
    , audience(QStringLiteral("jwt-audience"),
               translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                            "--identity jwt: a token's aud (a string or one of a list) must be "
                                            "AUDIENCE; by default not checked.")),
               QStringLiteral("AUDIENCE"))
{
}

void parseIdentityOptions(const std::function<bool(const QCommandLineOption &, QString *)> &lastValue,
                          const IdentityCommandLineOptions &options, CommandLine *result, QStringList *errors)
{
    IdentityConfig &identity = result->config.identity;
    QString text;
    if (lastValue(options.identity, &text) && !ServerConfig::parseIdentity(text, &identity)) {
        errors->append(translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                                    "--identity takes jwt, query:NAME, header:NAME or none; got '%1'."))
                           .arg(text));
        return;
    }
    // A key from the command line replaces a saved one of the other kind; both on the line is the
    // error validate() gives.
    const bool secretGiven = lastValue(options.secretFile, &text);
    if (secretGiven) {
        identity.jwtSecretFile = text;
        identity.jwtPublicKeyFile.clear();
    }
    if (lastValue(options.publicKey, &text)) {
        identity.jwtPublicKeyFile = text;
        if (!secretGiven)
            identity.jwtSecretFile.clear();
    }
    if (lastValue(options.issuer, &text))
        identity.jwtIssuer = text;
    if (lastValue(options.audience, &text))
        identity.jwtAudience = text;

    // The key is read now too, so that a wrong file is said at once (exit 2), not at the start.
    if (identity.source == IdentitySource::Jwt && identity.jwtSecretFile.isEmpty() != identity.jwtPublicKeyFile.isEmpty()) {
        QString error;
        if (!JwtVerifier::fromConfig(identity, &error))
            errors->append(error);
    }
}

} // namespace wsm
