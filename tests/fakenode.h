#pragma once

// A node that is not the embedded server, for the console suites: it records every call the
// console makes and says only what the test tells it to. No thread, no sockets.

#include "servernode.h"

#include <QStringList>
#include <QUrl>
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

    explicit FakeNode(const QString &listenUrl, QObject *parent = nullptr)
        : ServerNode(parent)
        , m_listenUrl(listenUrl)
    {
    }

    QString displayName() const override { return m_displayName; }
    QString url() const override { return m_url; }
    LinkState linkState() const override { return m_linkState; }
    QString version() const override { return m_version; }
    bool canStartAndStop() const override { return m_canStartAndStop; }

    // A node elsewhere, as RemoteNode will be: reached at adminUrl, Connected, not started from here.
    static FakeNode *remote(const QUrl &adminUrl, const QString &name, QObject *parent = nullptr)
    {
        auto *node = new FakeNode(QString(), parent);
        node->m_url = adminUrl.toString();
        node->m_displayName = name;
        node->m_canStartAndStop = false;
        return node;
    }
    void setDisplayName(const QString &name) { m_displayName = name; }
    void setVersion(const QString &version) { m_version = version; }
    // Says so at once, as a remote node's link does when it drops or comes back.
    void setLinkState(LinkState state)
    {
        m_linkState = state;
        Q_EMIT linkStateChanged(state);
    }

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
    quint64 kickAll(int closeCode, const QString &reason, int spreadMs = 0) override
    {
        const quint64 id = record(QStringLiteral("kickAll"));
        kickAlls.append({{}, closeCode, reason, spreadMs, id});
        return id;
    }
    quint64 ban(const QString &target, qint64, const QString &) override
    {
        bans.append(target);
        return record(QStringLiteral("ban"));
    }
    quint64 unban(const QString &target) override
    {
        unbans.append(target);
        return record(QStringLiteral("unban"));
    }
    quint64 send(quint64 sessionId, const OutgoingMessage &) override
    {
        sends.append(sessionId);
        return record(QStringLiteral("send"));
    }
    quint64 broadcast(const OutgoingMessage &) override { return record(QStringLiteral("broadcast")); }
    quint64 requestClientDetails(quint64 sessionId) override
    {
        detailsRequests.append(sessionId);
        return record(QStringLiteral("requestClientDetails"));
    }
    quint64 kickOnNode(const QString &node, const QList<quint64> &sessionIds, int closeCode,
                       const QString &reason) override
    {
        const quint64 id = record(QStringLiteral("kickOnNode"));
        kicks.append({sessionIds, closeCode, reason, 0, id});
        nodesNamed.append(node);
        return id;
    }
    quint64 sendOnNode(const QString &node, quint64 sessionId, const OutgoingMessage &) override
    {
        sends.append(sessionId);
        nodesNamed.append(node);
        return record(QStringLiteral("sendOnNode"));
    }
    quint64 requestClientDetailsOnNode(const QString &node, quint64 sessionId) override
    {
        detailsRequests.append(sessionId);
        nodesNamed.append(node);
        return record(QStringLiteral("requestClientDetailsOnNode"));
    }

    // What the test makes the node say.
    void publish(const Snapshot &snapshot, const QList<ConnectionEvent> &events = {})
    {
        Q_EMIT snapshotReady(snapshot, events);
    }
    void finish(quint64 requestId, bool ok, const QString &message) { Q_EMIT commandFinished(requestId, ok, message); }

    QStringList calls; // the name of every call, in order
    QList<Kick> kicks;
    QList<Kick> kickAlls;          // sessionIds empty
    QStringList bans;              // the targets banned, in order
    QStringList unbans;
    QList<quint64> sends;          // the session id of each send()
    QList<quint64> detailsRequests; // the session id of each requestClientDetails()
    QStringList nodesNamed;        // the node of each ...OnNode() call, in order

private:
    quint64 record(const QString &call)
    {
        calls.append(call);
        return ++m_lastRequestId;
    }

    QString m_listenUrl;
    QString m_url;
    QString m_displayName = QStringLiteral("fake");
    QString m_version = QStringLiteral("0.0.0-fake");
    LinkState m_linkState = LinkState::Connected;
    bool m_canStartAndStop = true;
    quint64 m_lastRequestId = 0;
};

} // namespace wsm::test
