#pragma once

// A node that is not the embedded server, for the console suites: it records every call the
// console makes and says only what the test tells it to. No thread, no sockets.

#include "servernode.h"

#include <QStringList>
#include <QTimer>

namespace wsm::test {

class FakeNode : public ServerNode
{
    Q_OBJECT

public:
    struct Kick
    {
        QList<quint64> sessionIds;
        int closeCode = 0;
        QString reason;
        int spreadMs = 0;
        quint64 requestId = 0;
    };

    explicit FakeNode(const QString &listenUrl)
        : m_listenUrl(listenUrl)
    {
    }

    QString displayName() const override { return QStringLiteral("fake"); }
    QString url() const override { return m_url; }
    LinkState linkState() const override { return LinkState::Connected; }
    bool canStartAndStop() const override { return true; }

    // Start and stop answer by themselves, a turn of the event loop later: a node never answers
    // from inside the call.
    quint64 start(const ServerConfig &) override
    {
        const quint64 id = record(QStringLiteral("start"));
        QTimer::singleShot(0, this, [this, id] {
            m_url = m_listenUrl;
            Q_EMIT started(m_url);
            Q_EMIT commandFinished(id, true, m_url);
        });
        return id;
    }
    quint64 stop(StopReason = StopReason::Shutdown) override
    {
        const quint64 id = record(QStringLiteral("stop"));
        QTimer::singleShot(0, this, [this, id] {
            m_url.clear();
            Q_EMIT stopped();
            Q_EMIT commandFinished(id, true, QString());
        });
        return id;
    }
    quint64 kick(const QList<quint64> &sessionIds, int closeCode, const QString &reason, int spreadMs = 0) override
    {
        const quint64 id = record(QStringLiteral("kick"));
        kicks.append({sessionIds, closeCode, reason, spreadMs, id});
        return id;
    }
    quint64 kickAll(int, const QString &, int = 0) override { return record(QStringLiteral("kickAll")); }
    quint64 ban(const QString &, qint64, const QString &) override { return record(QStringLiteral("ban")); }
    quint64 unban(const QString &) override { return record(QStringLiteral("unban")); }
    quint64 send(quint64, const OutgoingMessage &) override { return record(QStringLiteral("send")); }
    quint64 broadcast(const OutgoingMessage &) override { return record(QStringLiteral("broadcast")); }
    quint64 requestClientDetails(quint64) override { return record(QStringLiteral("requestClientDetails")); }

    // What the test makes the node say.
    void publish(const Snapshot &snapshot, const QList<ConnectionEvent> &events = {})
    {
        Q_EMIT snapshotReady(snapshot, events);
    }
    void finish(quint64 requestId, bool ok, const QString &message) { Q_EMIT commandFinished(requestId, ok, message); }

    QStringList calls; // the name of every call, in order
    QList<Kick> kicks;

private:
    quint64 record(const QString &call)
    {
        calls.append(call);
        return ++m_lastRequestId;
    }

    QString m_listenUrl;
    QString m_url;
    quint64 m_lastRequestId = 0;
};

} // namespace wsm::test
