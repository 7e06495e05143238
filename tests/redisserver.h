#pragma once

// Shared by the cluster suites: a real redis-server (Debian package redis-server) as a child process
// on 127.0.0.1, on a port of its own, with nothing written to disk that outlives the test.
//
//     RedisServerProcess redis;
//     QVERIFY2(redis.start(), qPrintable(redis.errorString()));
//     options.host = QStringLiteral("127.0.0.1");
//     options.port = redis.port();
//     redis.kill(); // or stop(), freeze() / thaw(), restart() on the same port
//
// Every wait is bounded; a step that fails returns false and says why in errorString().

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>
#include <sys/prctl.h>
#include <sys/types.h>

namespace wsm::test {

class RedisServerProcess
{
public:
    // Bounds on the waits: generous, because CI shares two cores with sanitizer builds.
    static constexpr int ReadyWaitMs = 15000;
    static constexpr int ExitWaitMs = 15000;
    static constexpr int PortAttempts = 5;     // a free port taken by another process meanwhile
    static constexpr int RebindAttempts = 50;  // restart(): the old socket still closing
    static constexpr int RebindPauseMs = 100;

    RedisServerProcess() = default;
    RedisServerProcess(const RedisServerProcess &) = delete;
    RedisServerProcess &operator=(const RedisServerProcess &) = delete;
    ~RedisServerProcess() { kill(); }

    static QString binary()
    {
        const QString found = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
        return found.isEmpty() ? QStringLiteral("/usr/bin/redis-server") : found;
    }

    // Starts Redis on a free port of 127.0.0.1, with AUTH required when password is not empty.
    bool start(const QString &password = {})
    {
        kill();
        m_password = password;
        for (int attempt = 0; attempt < PortAttempts; ++attempt) {
            const quint16 port = freePort();
            if (port == 0)
                return false;
            m_port = port;
            if (launch())
                return true;
            if (!m_portTaken)
                return false;
        }
        m_error = QStringLiteral("redis-server found no free port in %1 attempts: %2").arg(PortAttempts).arg(m_error);
        return false;
    }

    quint16 port() const { return m_port; }
    const QString &password() const { return m_password; }
    QString errorString() const { return m_error; }
    bool isRunning() const { return m_process && m_process->state() != QProcess::NotRunning; }
    // What redis-server printed: its log, for a failure message.
    QString output() const { return QString::fromLocal8Bit(m_output); }

    // SIGTERM, as a service manager stops it; waits until it has exited.
    bool stop()
    {
        if (!isRunning())
            return true;
        thaw(); // a stopped process handles SIGTERM only once it runs again
        m_process->terminate();
        return waitForExit(QStringLiteral("SIGTERM"));
    }

    // SIGKILL: Redis gone at once, its sockets closed by the kernel.
    bool kill()
    {
        if (!isRunning())
            return true;
        m_process->kill();
        return waitForExit(QStringLiteral("SIGKILL"));
    }

    // Starts it again on the same port (after stop() or kill()), with the same password.
    bool restart()
    {
        if (!kill())
            return false;
        for (int attempt = 0; attempt < RebindAttempts; ++attempt) {
            if (launch())
                return true;
            if (!m_portTaken)
                return false;
            QTest::qWait(RebindPauseMs); // the old listening socket is still going away
        }
        m_error = QStringLiteral("redis-server could not listen on port %1 again: %2").arg(m_port).arg(m_error);
        return false;
    }

    // SIGSTOP: the kernel still accepts connections and takes bytes, but nothing answers: the Redis
    // that takes the connection and never replies. thaw() (SIGCONT) lets it run on.
    bool freeze() { return sendSignal(SIGSTOP); }
    bool thaw() { return sendSignal(SIGCONT); }

private:
    bool sendSignal(int number)
    {
        if (!isRunning()) {
            m_error = QStringLiteral("redis-server is not running");
            return false;
        }
        if (::kill(pid_t(m_process->processId()), number) != 0) {
            m_error = QStringLiteral("cannot signal redis-server: %1").arg(QString::fromLocal8Bit(strerror(errno)));
            return false;
        }
        return true;
    }

    // A free port below the kernel's ephemeral range (ip_local_port_range), which only a process
    // that asks for it by number can take. A port the kernel gave out itself would be in that range:
    // once Redis is killed for a restart, any outgoing connection of the machine (the other suites
    // run beside this one) may get it as its local port, and Redis could not listen on it again.
    // Redis may still lose it to another process, which start() notices ("Address already in use")
    // and answers with another port.
    quint16 freePort()
    {
        int ephemeralLow = 32768;
        QFile range(QStringLiteral("/proc/sys/net/ipv4/ip_local_port_range"));
        if (range.open(QIODevice::ReadOnly)) {
            const QList<QByteArray> bounds = range.readAll().simplified().split(' ');
            if (!bounds.isEmpty() && bounds.first().toInt() > 0)
                ephemeralLow = bounds.first().toInt();
        }
        constexpr int Lowest = 20000;
        constexpr int Tries = 64;
        if (ephemeralLow > Lowest + 1000) {
            for (int attempt = 0; attempt < Tries; ++attempt) {
                const auto port = quint16(Lowest + QRandomGenerator::global()->bounded(ephemeralLow - Lowest));
                QTcpServer probe;
                if (probe.listen(QHostAddress::LocalHost, port))
                    return port;
            }
        }
        // No room below the ephemeral range: a port the kernel gives out.
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0)) {
            m_error = QStringLiteral("no free port on 127.0.0.1: %1").arg(probe.errorString());
            return 0;
        }
        return probe.serverPort();
    }

    bool waitForExit(const QString &how)
    {
        if (m_process->waitForFinished(ExitWaitMs) || m_process->state() == QProcess::NotRunning)
            return true;
        m_error = QStringLiteral("redis-server did not exit within %1 ms of %2").arg(ExitWaitMs).arg(how);
        return false;
    }

    // One redis-server on m_port; true once it says it accepts connections.
    bool launch()
    {
        m_portTaken = false;
        const QString program = binary();
        if (!QFileInfo(program).isExecutable()) {
            m_error = QStringLiteral("%1 is missing: install the Debian package redis-server "
                                     "(apt-get install redis-server)").arg(program);
            return false;
        }
        if (!m_dir) {
            m_dir = std::make_unique<QTemporaryDir>();
            if (!m_dir->isValid()) {
                m_error = QStringLiteral("no temporary directory for redis-server: %1").arg(m_dir->errorString());
                return false;
            }
        }
        QStringList arguments{
            QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
            QStringLiteral("--port"), QString::number(m_port),
            QStringLiteral("--dir"), m_dir->path(),
            // Nothing on disk: no snapshots, no append-only file.
            QStringLiteral("--save"), QString(),
            QStringLiteral("--appendonly"), QStringLiteral("no"),
            QStringLiteral("--daemonize"), QStringLiteral("no"),
            QStringLiteral("--logfile"), QString(), // the log on stdout, where "Ready" is read
            QStringLiteral("--loglevel"), QStringLiteral("notice"),
        };
        if (!m_password.isEmpty())
            arguments << QStringLiteral("--requirepass") << m_password;

        m_output.clear();
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->setProgram(program);
        m_process->setArguments(arguments);
        // Redis goes with the test even when the test crashes or is killed.
        m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        QObject::connect(m_process.get(), &QProcess::readyRead, m_process.get(),
                         [this] { m_output += m_process->readAll(); });
        m_process->start();
        if (!m_process->waitForStarted(ReadyWaitMs)) {
            m_error = QStringLiteral("cannot run %1: %2").arg(program, m_process->errorString());
            return false;
        }
        const auto isReady = [this] { return m_output.contains("Ready to accept connections"); };
        (void)QTest::qWaitFor([&] { return isReady() || m_process->state() == QProcess::NotRunning; }, ReadyWaitMs);
        m_output += m_process->readAll();
        if (isReady() && m_process->state() == QProcess::Running)
            return true;
        m_portTaken = m_output.contains("Address already in use");
        if (m_process->state() == QProcess::NotRunning) {
            m_error = QStringLiteral("redis-server on port %1 exited (code %2): %3")
                          .arg(m_port)
                          .arg(m_process->exitCode())
                          .arg(output().trimmed());
        } else {
            m_error = QStringLiteral("redis-server on port %1 was not ready within %2 ms: %3")
                          .arg(m_port)
                          .arg(ReadyWaitMs)
                          .arg(output().trimmed());
            kill();
        }
        return false;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_output;
    QString m_password;
    QString m_error;
    quint16 m_port = 0;
    bool m_portTaken = false;
};

} // namespace wsm::test
