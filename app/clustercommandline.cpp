#include "clustercommandline.h"

#include "secretfile.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QRegularExpression>

namespace wsm {

namespace {

QString translated(const char *text)
{
    return QCoreApplication::translate("wsm::CommandLine", text);
}

constexpr int MaxRedisDatabase = 15; // Redis's default of 16 databases

} // namespace

ClusterCommandLineOptions::ClusterCommandLineOptions()
    : cluster(QStringLiteral("cluster"),
              translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                           "Join the cluster whose nodes share the Redis at URL, redis://HOST:PORT[/DB] "
                                           "(DB 0-15, default 0): broadcasts, bans and the list of nodes are shared "
                                           "through it. Off by default.")),
              QStringLiteral("URL"))
    , passwordFile(QStringLiteral("cluster-password-file"),
                   translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                                "The password of --cluster's Redis (AUTH), held in FILE; by default "
                                                "none.")),
                   QStringLiteral("FILE"))
{
}

bool parseClusterUrl(const QString &text, ClusterConfig *cluster, QString *error)
{
    const QString form = translated(QT_TRANSLATE_NOOP(
        "wsm::CommandLine", "--cluster takes redis://HOST:PORT[/DB], e.g. redis://127.0.0.1:6379/0; port 1-65535, "
                            "DB 0-15; got '%1'."));
    // The password part is looked for before anything else: whatever else is wrong, it must not
    // be on a command line.
    static const QRegularExpression userInfo(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*://[^/]*@"));
    if (userInfo.match(text).hasMatch()) {
        *error = translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                              "--cluster must not hold a password (every user of this machine can "
                                              "read the command line): put it in a file and give "
                                              "--cluster-password-file FILE."));
        return false;
    }
    // HOST is a name, an IPv4 address or a bracketed IPv6 address; the port is required, so that
    // nodes never guess different defaults.
    static const QRegularExpression url(
        QStringLiteral("^redis://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):([0-9]{1,5})(?:/([0-9]{1,2}))?/?$"));
    const QRegularExpressionMatch match = url.match(text);
    if (!match.hasMatch()) {
        *error = form.arg(text);
        return false;
    }
    const int port = match.captured(2).toInt();
    const QString database = match.captured(3);
    const int db = database.isEmpty() ? 0 : database.toInt();
    if (port < 1 || port > 65535 || db < 0 || db > MaxRedisDatabase) {
        *error = form.arg(text);
        return false;
    }
    QString host = match.captured(1);
    if (host.startsWith(QLatin1Char('[')))
        host = host.mid(1, host.size() - 2);
    cluster->redisHost = host;
    cluster->redisPort = quint16(port);
    cluster->redisDatabase = db;
    return true;
}

void parseClusterOptions(const std::function<bool(const QCommandLineOption &, QString *)> &lastValue,
                         const ClusterCommandLineOptions &options, CommandLine *result, QStringList *errors)
{
    ClusterConfig &cluster = result->config.cluster;
    QString text;
    const bool clusterGiven = lastValue(options.cluster, &text);
    if (clusterGiven) {
        QString error;
        if (!parseClusterUrl(text, &cluster, &error))
            errors->append(error);
    }
    if (lastValue(options.passwordFile, &text)) {
        cluster.passwordFile = text;
        QString error;
        if (!readSecretFile(text, &cluster.password, &error))
            errors->append(QStringLiteral("--cluster-password-file: %1").arg(error));
        else if (!clusterGiven && !cluster.enabled())
            errors->append(translated(QT_TRANSLATE_NOOP("wsm::CommandLine",
                                                        "--cluster-password-file needs --cluster.")));
    }
    if (!cluster.enabled())
        return;
    // The same name the admin channel gives; with port 0 the server fills in the port it takes.
    cluster.nodeName = result->admin.nodeName;
    if (cluster.nodeName.isEmpty() && result->config.port != 0)
        cluster.nodeName = QHostInfo::localHostName() + QLatin1Char(':') + QString::number(result->config.port);
}

} // namespace wsm
