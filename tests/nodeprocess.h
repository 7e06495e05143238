#pragma once

// A wsmonitor node as a child process (`wsmonitor --headless --admin-listen`, both on port 0, as an
// operator or a service runs it), `wsmonitor ctl` run as a script runs it, and real clients of the
// node's public port: for the suites that run the real binary (tst_ctlnode, tst_clustercontrol).
// WSMONITOR_BIN is the binary, given by the suite's CMake target.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <functional>

namespace wsm::test {

inline constexpr int WaitMs = 15000;

inline QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "WSMONITOR_ADMIN",
                             "WSMONITOR_ADMIN_TOKEN_FILE"})
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    environment.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
    return environment;
}

inline QStringList words(const char *text)
{
    return QString::fromUtf8(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

// The node: wsmonitor --headless with its admin channel, both on port 0.
class Node
{
public:
    QTemporaryDir dir;
    QProcess process;
    QUrl url;      // the public WebSocket URL
    QUrl adminUrl;
    QByteArray out;

    QString writeFile(const QString &name, const QByteArray &contents)
    {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(contents);
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        return file.fileName();
    }

    // False when the node did not print both lines in time (or has no admin channel: it exits 2).
    bool start(const QStringList &extra = {})
    {
        QProcessEnvironment environment = cleanEnvironment();
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
        process.setProcessEnvironment(environment);
        process.start(QString::fromUtf8(WSMONITOR_BIN),
                      QStringList{QStringLiteral("--headless"), QStringLiteral("--quiet"), QStringLiteral("--listen"),
                                  QStringLiteral("127.0.0.1:0"), QStringLiteral("--admin-listen"),
                                  QStringLiteral("127.0.0.1:0")}
                          + extra);
        if (!process.waitForStarted(WaitMs))
            return false;
        static const QRegularExpression listening(QStringLiteral("(?:^|\\n)listening on (\\S+)\\n"));
        static const QRegularExpression admin(QStringLiteral("(?:^|\\n)admin listening on (\\S+)\\n"));
        const bool ended = QTest::qWaitFor([&] {
            out += process.readAllStandardOutput();
            return (listening.match(QString::fromUtf8(out)).hasMatch() && admin.match(QString::fromUtf8(out)).hasMatch())
                || process.state() == QProcess::NotRunning;
        }, WaitMs);
        Q_UNUSED(ended) // judged by the lines below
        const QString text = QString::fromUtf8(out);
        if (!listening.match(text).hasMatch() || !admin.match(text).hasMatch()) {
            qWarning("node did not start: %s %s", out.constData(), process.readAllStandardError().constData());
            return false;
        }
        url = QUrl(listening.match(text).captured(1));
        adminUrl = QUrl(admin.match(text).captured(1));
        return true;
    }

    ~Node()
    {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            if (!process.waitForFinished(WaitMs))
                process.kill();
        }
    }
};

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out.toUtf8()); }
};

// One run of `wsmonitor ARGS...` to its end (killed past WaitMs: exit code -1), while this event
// loop keeps serving whatever the run talks to.
inline Result runWsmonitor(const QStringList &arguments, const QProcessEnvironment &environment = cleanEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QString::fromUtf8(WSMONITOR_BIN), arguments);
    Result result;
    if (!process.waitForStarted(WaitMs))
        return result;
    if (!QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; }, WaitMs)) {
        process.kill();
        process.waitForFinished(WaitMs);
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

// One `wsmonitor ctl --connect ADMIN ARGS...`, while this event loop keeps the clients alive.
inline Result ctl(const QUrl &adminUrl, const QStringList &arguments, const QString &tokenFile = {})
{
    QStringList all{QStringLiteral("ctl"), QStringLiteral("--connect"), adminUrl.toString()};
    if (!tokenFile.isEmpty())
        all += QStringList{QStringLiteral("--token-file"), tokenFile};
    return runWsmonitor(all + arguments);
}

// A client of the node's public port, with what it received.
class Client : public QObject
{
public:
    QWebSocket socket;
    QStringList received;
    bool closed = false;

    Client()
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) { received.append(text); });
        connect(&socket, &QWebSocket::disconnected, this, [this] { closed = true; });
    }
    bool open(const QUrl &url)
    {
        socket.open(url);
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; }, WaitMs);
    }
    QString peer() const { return QStringLiteral("127.0.0.1:%1").arg(socket.localPort()); }
};

// The row of `ctl clients --json` whose peer is this client, once the node's snapshot lists it.
inline QJsonObject rowOf(const QUrl &adminUrl, const Client &client, const std::function<bool(const QJsonObject &)> &until = {})
{
    QJsonObject found;
    const bool listed = QTest::qWaitFor([&] {
        const Result result = ctl(adminUrl, words("--json clients"));
        for (const QJsonValue &value : result.json().array()) {
            const QJsonObject row = value.toObject();
            if (row.value(QLatin1String("peer")).toString() == client.peer() && (!until || until(row))) {
                found = row;
                return true;
            }
        }
        return false;
    }, WaitMs);
    return listed ? found : QJsonObject();
}

} // namespace wsm::test
