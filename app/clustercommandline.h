#pragma once

#include "commandline.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace wsm {

// The cluster's command-line options (--cluster, --cluster-password-file), parsed into
// CommandLine::config.cluster. --node-name is the admin channel's option: the cluster takes its
// value (AdminConfig::nodeName), else the host name and the public port.
struct ClusterCommandLineOptions
{
    QCommandLineOption cluster;
    QCommandLineOption passwordFile;

    ClusterCommandLineOptions();
    QList<QCommandLineOption> all() const { return {cluster, passwordFile}; }
};

// lastValue: the option's last value on the command line, false when it is not there. Call after
// the admin options are parsed (for --node-name). Each problem is one sentence in *errors.
void parseClusterOptions(const std::function<bool(const QCommandLineOption &, QString *)> &lastValue,
                         const ClusterCommandLineOptions &options, CommandLine *result, QStringList *errors);

// redis://HOST:PORT[/DB] into host, port and database; false with *error (a sentence naming
// --cluster and the allowed form) otherwise. A password in the URL is refused: it would be on the
// command line, readable by every user of the machine.
bool parseClusterUrl(const QString &text, ClusterConfig *cluster, QString *error);

} // namespace wsm
