#pragma once

#include <QMap>
#include <QObject>
#include <QTimer>

#include <array>

namespace wsm {

class Session;

// One timer for every session's heartbeat (not one per session). Each interval every open session
// is pinged with the interval's sequence number as payload; the time a ping went out is kept per
// sequence, so the round trip comes from the pong that carries that sequence back (Qt's own pong
// timing only measures from a socket's last ping, which unsolicited or late pongs would falsify).
// A session with no inbound bytes for the timeout is closed as a heartbeat timeout.
class HeartbeatScheduler : public QObject
{
    Q_OBJECT

public:
    explicit HeartbeatScheduler(const QMap<quint64, Session *> *sessions, QObject *parent = nullptr);

    // intervalMs 0 turns heartbeats (and so heartbeat timeouts) off.
    void start(int intervalMs, int timeoutMs);
    void stop();
    bool isActive() const { return m_timer.isActive(); }

    // When the ping with this sequence went out (steady ns), or -1 if it is unknown or too old.
    qint64 pingSentAtNs(quint64 sequence) const;

    static QByteArray payloadFor(quint64 sequence);
    static bool sequenceFromPayload(const QByteArray &payload, quint64 *sequence);

private:
    void tick();

    const QMap<quint64, Session *> *m_sessions;
    QTimer m_timer{this}; // parented: it moves to the server thread with us
    int m_intervalMs = 0;
    int m_timeoutMs = 0;
    qint64 m_nextPingAtMs = 0;
    quint64 m_sequence = 0;
    // Pings further back than this many intervals are not matched: such a pong is only life.
    static constexpr int RememberedPings = 16;
    std::array<qint64, RememberedPings> m_sentAtNs{};
};

} // namespace wsm
