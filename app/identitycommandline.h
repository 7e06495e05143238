#pragma once

#include "commandline.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace wsm {

// The identity options (--identity, --jwt-secret-file, --jwt-public-key, --jwt-issuer,
// --jwt-audience), parsed into CommandLine::config.identity.
struct IdentityCommandLineOptions
{
    QCommandLineOption identity;
    QCommandLineOption secretFile;
    QCommandLineOption publicKey;
    QCommandLineOption issuer;
    QCommandLineOption audience;

    IdentityCommandLineOptions();
    QList<QCommandLineOption> all() const { return {identity, secretFile, publicKey, issuer, audience}; }
};

// lastValue: the option's last value on the command line, false when it is not there. Each problem
// is one sentence in *errors; a key file that cannot be read or used is one too (the server reads
// it again at each start). The rules across options are ServerConfig::validate()'s.
void parseIdentityOptions(const std::function<bool(const QCommandLineOption &, QString *)> &lastValue,
                          const IdentityCommandLineOptions &options, CommandLine *result, QStringList *errors);

} // namespace wsm
