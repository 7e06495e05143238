// wsm_adminwatch: what a console attached to a node's admin channel costs and sees, for
// bench/run-remote.sh. It attaches as a console does (hello, subscribe to snapshots and events,
// rebuild the table with SnapshotDecoder) and prints one key=value line:
//
//   bytes     the admin link's bytes per second (text payloads): the median and the mean of the
//             whole seconds measured (a heartbeat round is a burst: the mean counts it, the median
//             shows the quiet seconds), and the first (whole) snapshot's size
//   latency   with --public URL: --clients plain WebSocket clients connect one after another; for
//             each, the time from its upgrade to its row in the rebuilt table (matched by its
//             local port), median and worst
//
// Loopback only (127.0.0.0/8, ::1, localhost), and every wait is bounded by --timeout.

#include "adminprotocol.h"
#include "secretfile.h"
#include "snapshotdelta.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

namespace {

bool isLoopback(const QUrl &url)
{
    const QString host = url.host();
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

double mean(const std::vector<double> &values)
{
    if (values.empty())
        return -1;
    double sum = 0;
    for (double value : values)
        sum += value;
    return sum / double(values.size());
}

double median(std::vector<double> values)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    const size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

[[noreturn]] void usage(const char *problem)
{
    if (problem)
        std::fprintf(stderr, "wsm_adminwatch: %s\n", problem);
    std::fprintf(stderr,
                 "Usage: wsm_adminwatch --admin URL [--token-file FILE] [--duration S] [--timeout S]\n"
                 "                      [--public URL --clients N]\n");
    std::exit(2);
}

class Watch : public QObject
{
public:
    Watch(const QUrl &admin, const QByteArray &token, int durationS, const QUrl &publicUrl, int clients)
        : m_publicUrl(publicUrl), m_durationS(durationS), m_clientsWanted(clients)
    {
        QNetworkRequest request(admin);
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        connect(&m_admin, &QWebSocket::textMessageReceived, this, &Watch::onMessage);
        connect(&m_admin, &QWebSocket::disconnected, this, [this] {
            finish(QStringLiteral("the admin link closed: %1").arg(m_admin.closeReason()));
        });
        m_admin.open(request);
        m_second.setInterval(1000);
        connect(&m_second, &QTimer::timeout, this, &Watch::onSecond);
    }

private:
    void onMessage(const QString &text)
    {
        const qint64 bytes = text.toUtf8().size();
        m_bytesThisSecond += bytes;
        const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
        const QString type = message.value(QLatin1String("type")).toString();
        if (type == wsm::admin::Hello) {
            m_admin.sendTextMessage(QStringLiteral(R"({"type":"subscribe","snapshots":true,"events":true})"));
            return;
        }
        if (type != wsm::admin::Snapshot)
            return;
        if (m_decoder.apply(message) != wsm::SnapshotDecoder::Result::Applied) {
            m_admin.sendTextMessage(QStringLiteral(R"({"type":"resync"})"));
            return;
        }
        if (m_wholeBytes < 0) {
            m_wholeBytes = bytes;
            m_bytesThisSecond = 0; // the whole table is reported on its own, not as a second's traffic
            m_second.start();
            m_run.start();
            if (m_publicUrl.isValid())
                connectNextClient();
        }
        if (m_waitingForPort != 0) {
            for (const wsm::SessionRow &row : m_decoder.snapshot().sessions) {
                if (row.peerPort == m_waitingForPort) {
                    m_latenciesMs.push_back(double(m_sinceUpgrade.nsecsElapsed()) / 1e6);
                    m_waitingForPort = 0;
                    connectNextClient();
                    break;
                }
            }
        }
    }

    void connectNextClient()
    {
        if (int(m_latenciesMs.size()) >= m_clientsWanted)
            return;
        auto client = std::make_unique<QWebSocket>();
        QWebSocket *socket = client.get();
        connect(socket, &QWebSocket::connected, this, [this, socket] {
            m_sinceUpgrade.start();
            m_waitingForPort = socket->localPort();
        });
        socket->open(m_publicUrl);
        m_clients.push_back(std::move(client));
    }

    void onSecond()
    {
        m_perSecond.push_back(double(m_bytesThisSecond));
        m_bytesThisSecond = 0;
        const bool latencyDone = !m_publicUrl.isValid() || int(m_latenciesMs.size()) >= m_clientsWanted;
        if (int(m_perSecond.size()) >= m_durationS && latencyDone)
            finish({});
    }

public:
    void finish(const QString &problem)
    {
        if (m_finished)
            return;
        m_finished = true;
        std::vector<double> latencies = m_latenciesMs;
        std::printf("mode=adminwatch seconds=%zu whole_bytes=%lld bytes_per_s_median=%.0f bytes_per_s_mean=%.0f rows=%lld "
                    "latency_clients=%zu latency_ms_p50=%.1f latency_ms_max=%.1f\n",
                    m_perSecond.size(), m_wholeBytes, median(m_perSecond), mean(m_perSecond),
                    qint64(m_decoder.snapshot().sessions.size()), latencies.size(), median(latencies),
                    latencies.empty() ? -1.0 : *std::max_element(latencies.begin(), latencies.end()));
        if (!problem.isEmpty())
            std::fprintf(stderr, "wsm_adminwatch: %s\n", qUtf8Printable(problem));
        std::fflush(stdout);
        for (auto &client : m_clients)
            client->abort();
        m_admin.abort();
        QCoreApplication::exit(problem.isEmpty() ? 0 : 1);
    }

private:
    QWebSocket m_admin;
    QUrl m_publicUrl;
    int m_durationS;
    int m_clientsWanted;
    wsm::SnapshotDecoder m_decoder;
    QTimer m_second;
    QElapsedTimer m_run;
    QElapsedTimer m_sinceUpgrade;
    quint16 m_waitingForPort = 0;
    qint64 m_bytesThisSecond = 0;
    qint64 m_wholeBytes = -1;
    std::vector<double> m_perSecond;
    std::vector<double> m_latenciesMs;
    std::vector<std::unique_ptr<QWebSocket>> m_clients;
    bool m_finished = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    QUrl admin;
    QUrl publicUrl;
    QString tokenFile;
    int duration = 10;
    int timeout = 120;
    int clients = 20;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &name = arguments.at(i);
        if (i + 1 >= arguments.size())
            usage("every option takes a value");
        const QString value = arguments.at(++i);
        bool ok = true;
        if (name == QLatin1String("--admin"))
            admin = QUrl(value);
        else if (name == QLatin1String("--public"))
            publicUrl = QUrl(value);
        else if (name == QLatin1String("--token-file"))
            tokenFile = value;
        else if (name == QLatin1String("--duration"))
            duration = value.toInt(&ok);
        else if (name == QLatin1String("--timeout"))
            timeout = value.toInt(&ok);
        else if (name == QLatin1String("--clients"))
            clients = value.toInt(&ok);
        else
            usage("unknown option");
        if (!ok)
            usage("a number was expected");
    }
    if (!admin.isValid() || !isLoopback(admin) || (publicUrl.isValid() && !isLoopback(publicUrl)))
        usage("--admin (and --public) must be ws:// URLs on a loopback address");
    if (duration < 1 || duration > 3600 || timeout < 1 || timeout > 3600 || clients < 1 || clients > 1000)
        usage("--duration and --timeout are 1-3600, --clients 1-1000");
    QString token;
    if (!tokenFile.isEmpty()) {
        QString error;
        if (!wsm::readSecretFile(tokenFile, &token, &error))
            usage(qPrintable(error));
    }
    Watch watch(admin, token.toUtf8(), duration, publicUrl, clients);
    QTimer::singleShot(timeout * 1000, &app, [&watch] { watch.finish(QStringLiteral("--timeout passed")); });
    return QCoreApplication::exec();
}
