// The epoll event dispatcher against Qt's contracts. It runs the main thread of this suite (installed
// before QCoreApplication exists), so every wait, signal spy and nested loop below runs on it; worker
// threads get one of their own, as the server thread does.

#include "epolleventdispatcher.h"
#include "threadmailbox.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <functional>
#include <atomic>
#include <functional>
#include <memory>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace wsm;

namespace {

// Generous: these bound a wait, they assert nothing about time.
constexpr int WaitMs = 15000;

// A connected pair of local stream sockets, both ends non-blocking.
class SocketPair
{
public:
    SocketPair() { ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds); }
    ~SocketPair()
    {
        closeEnd(0);
        closeEnd(1);
    }
    Q_DISABLE_COPY_MOVE(SocketPair)

    bool isValid() const { return fds[0] >= 0 && fds[1] >= 0; }
    bool send(int end, const QByteArray &bytes) const
    {
        return ::write(fds[end], bytes.constData(), size_t(bytes.size())) == bytes.size();
    }
    QByteArray drain(int end) const
    {
        QByteArray bytes;
        char buffer[4096];
        ssize_t got;
        while ((got = ::read(fds[end], buffer, sizeof buffer)) > 0)
            bytes.append(buffer, got);
        return bytes;
    }
    void closeEnd(int end)
    {
        if (fds[end] >= 0)
            ::close(fds[end]);
        fds[end] = -1;
    }

    int fds[2] = {-1, -1};
};

// A connected pair of TCP sockets on 127.0.0.1: urgent (out-of-band) data exists only on TCP.
class TcpPair
{
public:
    TcpPair()
    {
        const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (listener >= 0 && ::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
            && ::listen(listener, 1) == 0
            && ::getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length) == 0) {
            fds[1] = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fds[1] >= 0 && ::connect(fds[1], reinterpret_cast<sockaddr *>(&address), sizeof address) == 0)
                fds[0] = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        }
        if (listener >= 0)
            ::close(listener);
    }
    ~TcpPair()
    {
        for (const int fd : fds) {
            if (fd >= 0)
                ::close(fd);
        }
    }
    Q_DISABLE_COPY_MOVE(TcpPair)

    bool isValid() const { return fds[0] >= 0 && fds[1] >= 0; }

    int fds[2] = {-1, -1};
};

// Records the timer events it receives, and lets a test act inside them.
class TimerRecorder : public QObject
{
public:
    QList<int> fired;
    std::function<void(int timerId)> onTimer;

protected:
    void timerEvent(QTimerEvent *event) override
    {
        fired.append(event->timerId());
        if (onTimer)
            onTimer(event->timerId());
    }
};

const QEvent::Type PingEvent = QEvent::Type(QEvent::registerEventType());

// Counts the posted PingEvents it receives.
class PingReceiver : public QObject
{
public:
    int received = 0;
    std::function<void()> onPing;

protected:
    bool event(QEvent *event) override
    {
        if (event->type() != PingEvent)
            return QObject::event(event);
        ++received;
        if (onPing)
            onPing();
        return true;
    }
};

// Runs a loop until it is quit; false when the guard had to end it.
bool runLoop(QEventLoop &loop)
{
    QTimer guard;
    guard.setSingleShot(true);
    QObject::connect(&guard, &QTimer::timeout, &loop, [&loop] { loop.exit(1); });
    guard.start(WaitMs);
    return loop.exec() == 0;
}

// Runs the event loop for this many complete iterations (a zero timer fires once in each).
bool runIterations(int iterations)
{
    QEventLoop loop;
    int ticks = 0;
    QTimer ticker;
    ticker.setInterval(0);
    QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
        if (++ticks == iterations)
            loop.quit();
    });
    ticker.start();
    return runLoop(loop);
}

// Starts the thread on a dispatcher of its own, as the server thread is started.
bool startThreadOnEpoll(QThread &thread)
{
    QAbstractEventDispatcher *dispatcher = EpollEventDispatcher::create();
    if (!dispatcher)
        return false;
    thread.setEventDispatcher(dispatcher);
    thread.start();
    return true;
}

// Ends what a worker thread does for a test, then joins it, in a way ThreadSanitizer can follow.
// QThread::wait() returns through a futex inside Qt that TSan cannot see: a timer or notifier in
// the thread that touched this test's variables just before quit() would seem to race with the next
// test reusing that stack. `stop` runs in the thread (through the mailbox, a child of an object
// there); the flag it then sets (release) is read here (acquire) before the thread is joined.
bool stopInThreadAndJoin(QThread &thread, ThreadMailbox *mailbox, const std::function<void()> &stop)
{
    std::atomic<bool> stopped{false};
    mailbox->post([&stopped, stop] {
        stop();
        stopped.store(true, std::memory_order_release);
    });
    if (!QTest::qWaitFor([&] { return stopped.load(std::memory_order_acquire); }, WaitMs))
        return false;
    thread.quit();
    return thread.wait(WaitMs);
}

// Echoes every byte back; closes a connection itself once it has echoed closeAfterBytes (0: never).
class EchoServer : public QObject
{
public:
    explicit EchoServer(qint64 closeAfterBytes)
        : m_closeAfterBytes(closeAfterBytes)
    {
    }

    void listen()
    {
        auto *server = new QTcpServer(this);
        connect(server, &QTcpServer::newConnection, this, [this, server] {
            while (QTcpSocket *socket = server->nextPendingConnection())
                serve(socket);
        });
        port = server->listen(QHostAddress::LocalHost, 0) ? int(server->serverPort()) : -1;
    }

    std::atomic<int> port{0};
    std::atomic<int> disconnects{0};

private:
    void serve(QTcpSocket *socket)
    {
        auto echoed = std::make_shared<qint64>(0);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, echoed] {
            const QByteArray bytes = socket->readAll();
            socket->write(bytes);
            *echoed += bytes.size();
            if (m_closeAfterBytes > 0 && *echoed >= m_closeAfterBytes)
                socket->disconnectFromHost();
        });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            ++disconnects;
            socket->deleteLater();
        });
    }

    const qint64 m_closeAfterBytes;
};

} // namespace

class TestEpollEventDispatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsThisSuite();

    void readNotifierFiresWhenDataArrives();
    void writeNotifierFiresWhenWritable();
    void hangUpOrErrorActivates_data();
    void hangUpOrErrorActivates();
    void exceptionNotifierFiresOnUrgentData();
    void readAndWriteNotifiersShareOneSocket();
    void notifierKeepsFiringWhileDataIsUnread();
    void disabledNotifierStaysQuietUntilEnabled();
    void notifierRemovedByAnotherOfTheSameBatch_data();
    void notifierRemovedByAnotherOfTheSameBatch();
    void notifierDeletedInsideItsOwnActivation();
    void socketNumberReusedWhileStillWatched();
    void refusedConnectionIsReported();
    void excludedSocketNotifiersWait();

    void singleShotTimerFiresOnce_data();
    void singleShotTimerFiresOnce();
    void repeatingTimerKeepsFiring_data();
    void repeatingTimerKeepsFiring();
    void timersFireInDeadlineOrder();
    void zeroTimerFiresEveryIterationWithoutStarvingOthers();
    void excludedTimersWait();
    void timerStoppedInsideItsOwnCallback();
    void timerKilledByAnotherOfTheSameBatch();
    void remainingTimeCountsDown_data();
    void remainingTimeCountsDown();
    void registeredTimersListsWhatRuns();
    void lateTimerSkipsMissedIntervals();
    void nestedLoopInsideATimerCallback();
    void timerMovesWithItsObjectToAnotherThread();

    void postedEventIsDelivered();
    void eventPostedFromAnotherThreadEndsTheWait();
    void waitEndsFromAnotherThread_data();
    void waitEndsFromAnotherThread();
    void interruptInsideAPostedEventSkipsTheWait();
    void deleteLaterRunsWhenControlReturnsToTheLoop();
    void deferredDeleteWaitsForTheLoopThatPostedIt();
    void deferredDeleteRunsInTheNestedLoopThatPostedIt();

    void tcpEchoAcrossThreads_data();
    void tcpEchoAcrossThreads();
    void worksWithoutDescriptors();
};

void TestEpollEventDispatcher::runsThisSuite()
{
    QVERIFY(qobject_cast<EpollEventDispatcher *>(QCoreApplication::eventDispatcher()));
}

// Socket notifiers

void TestEpollEventDispatcher::readNotifierFiresWhenDataArrives()
{
    SocketPair pair;
    QVERIFY(pair.isValid());
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    int activations = 0;
    QSocketDescriptor seenSocket;
    QSocketNotifier::Type seenType = QSocketNotifier::Exception;
    connect(&notifier, &QSocketNotifier::activated, this,
            [&](QSocketDescriptor socket, QSocketNotifier::Type type) {
                ++activations;
                seenSocket = socket;
                seenType = type;
                pair.drain(0);
            });

    QVERIFY(runIterations(5));
    QCOMPARE(activations, 0);

    QVERIFY(pair.send(1, "hello"));
    QTRY_COMPARE_WITH_TIMEOUT(activations, 1, WaitMs);
    QCOMPARE(qintptr(seenSocket), qintptr(pair.fds[0]));
    QCOMPARE(seenType, QSocketNotifier::Read);
}

void TestEpollEventDispatcher::writeNotifierFiresWhenWritable()
{
    SocketPair pair;
    QVERIFY(pair.isValid());
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Write);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        ++activations;
        notifier.setEnabled(false);
    });
    QTRY_COMPARE_WITH_TIMEOUT(activations, 1, WaitMs);
}

void TestEpollEventDispatcher::hangUpOrErrorActivates_data()
{
    QTest::addColumn<bool>("usePipe");
    QTest::addColumn<bool>("watchWriter");
    QTest::newRow("reader, socket peer closed") << false << false;
    QTest::newRow("reader, pipe writer closed (a hang-up alone)") << true << false;
    QTest::newRow("writer of a full pipe, reader closed (an error alone)") << true << true;
}

void TestEpollEventDispatcher::hangUpOrErrorActivates()
{
    QFETCH(bool, usePipe);
    QFETCH(bool, watchWriter);
    int fds[2] = {-1, -1};
    const auto closeBoth = qScopeGuard([&] {
        for (const int fd : fds) {
            if (fd >= 0)
                ::close(fd);
        }
    });
    if (usePipe)
        QCOMPARE(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
    else
        QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
    // A pipe reads at [0] and writes at [1]; the end not watched is the one that closes.
    const int watched = watchWriter ? 1 : 0;
    if (watchWriter) {
        const char filler[4096] = {};
        while (::write(fds[watched], filler, sizeof filler) > 0) {
        }
    }
    QSocketNotifier notifier(fds[watched], watchWriter ? QSocketNotifier::Write : QSocketNotifier::Read);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        ++activations;
        notifier.setEnabled(false);
    });
    QVERIFY(runIterations(5));
    QCOMPARE(activations, 0);

    ::close(fds[1 - watched]);
    fds[1 - watched] = -1;
    QTRY_COMPARE_WITH_TIMEOUT(activations, 1, WaitMs);
}

void TestEpollEventDispatcher::exceptionNotifierFiresOnUrgentData()
{
    TcpPair pair;
    QVERIFY(pair.isValid());
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Exception);
    char urgent = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        if (::recv(pair.fds[0], &urgent, 1, MSG_OOB) == 1)
            notifier.setEnabled(false);
    });

    QVERIFY(runIterations(5));
    QCOMPARE(urgent, 0);
    QCOMPARE(::send(pair.fds[1], "!", 1, MSG_OOB), ssize_t(1));
    QTRY_COMPARE_WITH_TIMEOUT(urgent, '!', WaitMs);
}

void TestEpollEventDispatcher::readAndWriteNotifiersShareOneSocket()
{
    SocketPair pair;
    QVERIFY(pair.isValid());
    QSocketNotifier reader(pair.fds[0], QSocketNotifier::Read);
    QSocketNotifier writer(pair.fds[0], QSocketNotifier::Write);
    int reads = 0;
    int writes = 0;
    connect(&reader, &QSocketNotifier::activated, this, [&] {
        ++reads;
        pair.drain(0);
    });
    connect(&writer, &QSocketNotifier::activated, this, [&] {
        ++writes;
        writer.setEnabled(false);
    });

    QTRY_COMPARE_WITH_TIMEOUT(writes, 1, WaitMs);
    QCOMPARE(reads, 0);

    // Disabling the writer left the reader watching.
    QVERIFY(pair.send(1, "x"));
    QTRY_COMPARE_WITH_TIMEOUT(reads, 1, WaitMs);

    // And the other way round.
    reader.setEnabled(false);
    writer.setEnabled(true);
    QVERIFY(pair.send(1, "y"));
    QTRY_COMPARE_WITH_TIMEOUT(writes, 2, WaitMs);
    QCOMPARE(reads, 1);
}

void TestEpollEventDispatcher::notifierKeepsFiringWhileDataIsUnread()
{
    SocketPair pair;
    QVERIFY(pair.isValid());
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] { ++activations; });

    QVERIFY(pair.send(1, "never read"));
    QTRY_VERIFY_WITH_TIMEOUT(activations >= 3, WaitMs);
}

void TestEpollEventDispatcher::disabledNotifierStaysQuietUntilEnabled()
{
    SocketPair quiet;
    SocketPair witness;
    QVERIFY(quiet.isValid() && witness.isValid());
    QSocketNotifier disabled(quiet.fds[0], QSocketNotifier::Read);
    QSocketNotifier watching(witness.fds[0], QSocketNotifier::Read);
    disabled.setEnabled(false);
    int disabledActivations = 0;
    int witnessActivations = 0;
    connect(&disabled, &QSocketNotifier::activated, this, [&] {
        ++disabledActivations;
        quiet.drain(0);
    });
    connect(&watching, &QSocketNotifier::activated, this, [&] {
        ++witnessActivations;
        witness.drain(0);
    });

    // Both sockets became readable at once: the wait that reported the one reported the other.
    QVERIFY(quiet.send(1, "x"));
    QVERIFY(witness.send(1, "x"));
    QTRY_COMPARE_WITH_TIMEOUT(witnessActivations, 1, WaitMs);
    QVERIFY(runIterations(5));
    QCOMPARE(disabledActivations, 0);

    disabled.setEnabled(true);
    QTRY_COMPARE_WITH_TIMEOUT(disabledActivations, 1, WaitMs);
}

void TestEpollEventDispatcher::notifierRemovedByAnotherOfTheSameBatch_data()
{
    QTest::addColumn<bool>("deleteIt");
    QTest::addColumn<bool>("sameSocket");
    QTest::newRow("deleted, another socket") << true << false;
    QTest::newRow("disabled, another socket") << false << false;
    QTest::newRow("deleted, the same socket") << true << true;
    QTest::newRow("disabled, the same socket") << false << true;
}

void TestEpollEventDispatcher::notifierRemovedByAnotherOfTheSameBatch()
{
    QFETCH(bool, deleteIt);
    QFETCH(bool, sameSocket);
    SocketPair first;
    SocketPair second;
    QVERIFY(first.isValid() && second.isValid());
    // On the same socket: a reader and a writer, the socket both readable and writable. Otherwise two
    // readers of two sockets that are both readable.
    QPointer<QSocketNotifier> notifiers[2] = {
        new QSocketNotifier(first.fds[0], QSocketNotifier::Read, this),
        sameSocket ? new QSocketNotifier(first.fds[0], QSocketNotifier::Write, this)
                   : new QSocketNotifier(second.fds[0], QSocketNotifier::Read, this)};
    int activations[2] = {0, 0};
    for (int i = 0; i < 2; ++i) {
        // Whichever comes first removes the other, whose readiness is already in the same batch.
        connect(notifiers[i].data(), &QSocketNotifier::activated, this, [&, i] {
            ++activations[i];
            QSocketNotifier *other = notifiers[1 - i];
            if (!other)
                return;
            if (deleteIt)
                delete other;
            else
                other->setEnabled(false);
        });
    }

    QVERIFY(first.send(1, "x"));
    QVERIFY(second.send(1, "x"));
    QTRY_VERIFY_WITH_TIMEOUT(activations[0] + activations[1] > 0, WaitMs);
    const int survivor = activations[0] > 0 ? 0 : 1;
    if (notifiers[survivor])
        notifiers[survivor]->setEnabled(false); // a writer would fire on every iteration
    QVERIFY(runIterations(5));
    QCOMPARE(activations[1 - survivor], 0);
    QCOMPARE(notifiers[1 - survivor].isNull(), deleteIt);
    delete notifiers[0];
    delete notifiers[1];
}

void TestEpollEventDispatcher::notifierDeletedInsideItsOwnActivation()
{
    SocketPair pair;
    QVERIFY(pair.isValid());
    QPointer<QSocketNotifier> reader = new QSocketNotifier(pair.fds[0], QSocketNotifier::Read, this);
    QPointer<QSocketNotifier> writer = new QSocketNotifier(pair.fds[0], QSocketNotifier::Write, this);
    int activations = 0;
    // Readable and writable at once: both are in one batch, and each deletes both.
    const auto deleteBoth = [&] {
        ++activations;
        delete reader;
        delete writer;
    };
    connect(reader.data(), &QSocketNotifier::activated, this, deleteBoth);
    connect(writer.data(), &QSocketNotifier::activated, this, deleteBoth);

    QVERIFY(pair.send(1, "x"));
    QTRY_VERIFY_WITH_TIMEOUT(reader.isNull() && writer.isNull(), WaitMs);
    QVERIFY(runIterations(5));
    QCOMPARE(activations, 1);
}

void TestEpollEventDispatcher::socketNumberReusedWhileStillWatched()
{
    // Given: a socket closed while its notifier still watches it (the kernel drops it from the epoll
    // set by itself), and a new socket that gets the same number.
    auto stale = std::make_unique<SocketPair>();
    QVERIFY(stale->isValid());
    const int number = stale->fds[0];
    QSocketNotifier staleReader(number, QSocketNotifier::Read);
    stale.reset();
    SocketPair fresh;
    QVERIFY(fresh.isValid());
    if (fresh.fds[0] != number && fresh.fds[1] != number)
        QSKIP("the kernel handed out another descriptor number");

    // When: the new socket is watched for writing under that number.
    QSocketNotifier writer(number, QSocketNotifier::Write);
    int writes = 0;
    connect(&writer, &QSocketNotifier::activated, this, [&] {
        ++writes;
        writer.setEnabled(false);
    });

    // Then: it is watched, though the dispatcher believed that number to be in the set already.
    QTRY_COMPARE_WITH_TIMEOUT(writes, 1, WaitMs);
    staleReader.setEnabled(false);
}

void TestEpollEventDispatcher::refusedConnectionIsReported()
{
    // A connecting socket watches only for writing; the refusal arrives as an error, which must
    // activate that notifier.
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    QTcpSocket socket;
    QAbstractSocket::SocketError error = QAbstractSocket::UnknownSocketError;
    connect(&socket, &QTcpSocket::errorOccurred, this, [&](QAbstractSocket::SocketError what) { error = what; });
    socket.connectToHost(QHostAddress::LocalHost, closedPort);
    QTRY_COMPARE_WITH_TIMEOUT(error, QAbstractSocket::ConnectionRefusedError, WaitMs);
}

void TestEpollEventDispatcher::excludedSocketNotifiersWait()
{
    SocketPair pair;
    QVERIFY(pair.isValid());
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        ++activations;
        pair.drain(0);
    });
    QVERIFY(pair.send(1, "x"));

    for (int i = 0; i < 5; ++i)
        QCoreApplication::processEvents(QEventLoop::ExcludeSocketNotifiers);
    QCOMPARE(activations, 0);

    QTRY_COMPARE_WITH_TIMEOUT(activations, 1, WaitMs);
}

// Timers

void TestEpollEventDispatcher::singleShotTimerFiresOnce_data()
{
    QTest::addColumn<Qt::TimerType>("type");
    QTest::addColumn<int>("intervalMs");
    QTest::newRow("precise") << Qt::PreciseTimer << 30;
    QTest::newRow("coarse") << Qt::CoarseTimer << 30;
    QTest::newRow("coarse, long enough to be rounded") << Qt::CoarseTimer << 300;
    QTest::newRow("very coarse") << Qt::VeryCoarseTimer << 30;
    QTest::newRow("zero interval") << Qt::CoarseTimer << 0;
}

void TestEpollEventDispatcher::singleShotTimerFiresOnce()
{
    QFETCH(Qt::TimerType, type);
    QFETCH(int, intervalMs);
    QTimer timer;
    timer.setSingleShot(true);
    timer.setTimerType(type);
    int fired = 0;
    connect(&timer, &QTimer::timeout, this, [&] { ++fired; });
    timer.start(intervalMs);

    QTRY_COMPARE_WITH_TIMEOUT(fired, 1, WaitMs);
    QVERIFY(!timer.isActive());
    QVERIFY(QCoreApplication::eventDispatcher()->registeredTimers(&timer).isEmpty());
    QVERIFY(runIterations(5));
    QCOMPARE(fired, 1);
}

void TestEpollEventDispatcher::repeatingTimerKeepsFiring_data()
{
    QTest::addColumn<Qt::TimerType>("type");
    QTest::addColumn<int>("intervalMs");
    QTest::addColumn<int>("times");
    QTest::newRow("precise") << Qt::PreciseTimer << 10 << 5;
    QTest::newRow("coarse") << Qt::CoarseTimer << 25 << 5;
    QTest::newRow("very coarse (whole seconds)") << Qt::VeryCoarseTimer << 10 << 2;
}

void TestEpollEventDispatcher::repeatingTimerKeepsFiring()
{
    QFETCH(Qt::TimerType, type);
    QFETCH(int, intervalMs);
    QFETCH(int, times);
    QTimer timer;
    timer.setTimerType(type);
    int fired = 0;
    connect(&timer, &QTimer::timeout, this, [&] {
        if (++fired == times)
            timer.stop();
    });
    timer.start(intervalMs);
    QTRY_COMPARE_WITH_TIMEOUT(fired, times, WaitMs);
}

void TestEpollEventDispatcher::timersFireInDeadlineOrder()
{
    TimerRecorder recorder;
    recorder.onTimer = [&](int timerId) { recorder.killTimer(timerId); };
    const int late = recorder.startTimer(60, Qt::PreciseTimer);
    const int early = recorder.startTimer(20, Qt::PreciseTimer);
    const int middle = recorder.startTimer(40, Qt::PreciseTimer);
    // Equal deadlines keep the order of starting.
    const int firstZero = recorder.startTimer(0);
    const int secondZero = recorder.startTimer(0);

    QTRY_COMPARE_WITH_TIMEOUT(recorder.fired.size(), 5, WaitMs);
    QCOMPARE(recorder.fired, QList<int>({firstZero, secondZero, early, middle, late}));
}

void TestEpollEventDispatcher::zeroTimerFiresEveryIterationWithoutStarvingOthers()
{
    QTimer zero;
    zero.setInterval(0);
    int zeroTicks = 0;
    connect(&zero, &QTimer::timeout, this, [&] { ++zeroTicks; });
    zero.start();

    SocketPair pair;
    QVERIFY(pair.isValid());
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    int reads = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        ++reads;
        pair.drain(0);
    });
    PingReceiver receiver;
    QTimer precise;
    precise.setTimerType(Qt::PreciseTimer);
    int preciseTicks = 0;
    connect(&precise, &QTimer::timeout, this, [&] { ++preciseTicks; });

    QVERIFY(runIterations(3));
    QVERIFY(zeroTicks >= 3);
    precise.start(5);
    QVERIFY(pair.send(1, "x"));
    QCoreApplication::postEvent(&receiver, new QEvent(PingEvent));

    QEventLoop loop;
    QTimer check;
    check.setInterval(0);
    connect(&check, &QTimer::timeout, &loop, [&] {
        if (reads > 0 && receiver.received > 0 && preciseTicks >= 3)
            loop.quit();
    });
    check.start();
    QVERIFY(runLoop(loop));
    QVERIFY(zeroTicks > 3);
}

void TestEpollEventDispatcher::excludedTimersWait()
{
    TimerRecorder recorder;
    recorder.startTimer(0);
    for (int i = 0; i < 5; ++i)
        QCoreApplication::processEvents(QEventLoop::X11ExcludeTimers);
    QVERIFY(recorder.fired.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.fired.isEmpty(), WaitMs);
}

void TestEpollEventDispatcher::timerStoppedInsideItsOwnCallback()
{
    QTimer once;
    once.setInterval(0);
    int fired = 0;
    connect(&once, &QTimer::timeout, this, [&] {
        ++fired;
        once.stop();
    });
    once.start();
    QTRY_COMPARE_WITH_TIMEOUT(fired, 1, WaitMs);
    QVERIFY(runIterations(10));
    QCOMPARE(fired, 1);
}

void TestEpollEventDispatcher::timerKilledByAnotherOfTheSameBatch()
{
    // Two zero timers are due in the same pass; whichever fires first kills the other.
    TimerRecorder recorder;
    int timers[2] = {0, 0};
    recorder.onTimer = [&](int timerId) {
        const int other = timerId == timers[0] ? timers[1] : timers[0];
        if (other != 0) {
            recorder.killTimer(other);
            timers[timerId == timers[0] ? 1 : 0] = 0;
        }
    };
    timers[0] = recorder.startTimer(0);
    timers[1] = recorder.startTimer(0);

    QVERIFY(runIterations(10));
    QVERIFY(recorder.fired.size() >= 9);
    const int survivor = recorder.fired.first();
    QCOMPARE(recorder.fired.count(survivor), recorder.fired.size());
    recorder.killTimer(survivor);
}

void TestEpollEventDispatcher::remainingTimeCountsDown_data()
{
    QTest::addColumn<Qt::TimerType>("type");
    QTest::addColumn<int>("upToMs");
    QTest::newRow("precise") << Qt::PreciseTimer << 10000;
    QTest::newRow("coarse (5% either way)") << Qt::CoarseTimer << 10500;
    QTest::newRow("very coarse (to the nearest second)") << Qt::VeryCoarseTimer << 10500;
}

void TestEpollEventDispatcher::remainingTimeCountsDown()
{
    QFETCH(Qt::TimerType, type);
    QFETCH(int, upToMs);
    QTimer timer;
    timer.setTimerType(type);
    timer.start(10000);

    // Bounds that only a thread stalled for seconds could miss; the point is the order of magnitude.
    const int remaining = timer.remainingTime();
    QVERIFY2(remaining > 5000 && remaining <= upToMs, qPrintable(QString::number(remaining)));

    const int timerId = timer.timerId();
    const int remainingNow = QCoreApplication::eventDispatcher()->remainingTime(timerId);
    QVERIFY(remainingNow > 5000 && remainingNow <= remaining);
    timer.stop();
    QCOMPARE(timer.remainingTime(), -1);
    QCOMPARE(QCoreApplication::eventDispatcher()->remainingTime(timerId), -1);
}

void TestEpollEventDispatcher::registeredTimersListsWhatRuns()
{
    QAbstractEventDispatcher *dispatcher = QCoreApplication::eventDispatcher();
    TimerRecorder recorder;
    const int coarse = recorder.startTimer(250, Qt::CoarseTimer);
    const int veryCoarse = recorder.startTimer(1500, Qt::VeryCoarseTimer);

    QList<QAbstractEventDispatcher::TimerInfo> timers = dispatcher->registeredTimers(&recorder);
    QCOMPARE(timers.size(), 2);
    std::sort(timers.begin(), timers.end(),
              [](const auto &a, const auto &b) { return a.timerId < b.timerId; });
    const int lower = std::min(coarse, veryCoarse);
    QCOMPARE(timers.at(0).timerId, lower);
    QCOMPARE(timers.at(0).interval, lower == coarse ? 250 : 1500);
    QCOMPARE(timers.at(0).timerType, lower == coarse ? Qt::CoarseTimer : Qt::VeryCoarseTimer);
    QCOMPARE(timers.at(1).interval, lower == coarse ? 1500 : 250);

    recorder.killTimer(coarse);
    timers = dispatcher->registeredTimers(&recorder);
    QCOMPARE(timers.size(), 1);
    QCOMPARE(timers.at(0).timerId, veryCoarse);

    QVERIFY(dispatcher->unregisterTimers(&recorder));
    QVERIFY(dispatcher->registeredTimers(&recorder).isEmpty());
    QVERIFY(!dispatcher->unregisterTimers(&recorder));
}

void TestEpollEventDispatcher::lateTimerSkipsMissedIntervals()
{
    // A callback that blocks the thread for several intervals makes the next firing late. That one
    // fires at once; after it the timer counts a whole interval from then, instead of firing again
    // at once for every interval it missed.
    // What tells the two apart is not a margin of time: a timer that catches up is overdue when
    // it fires (no time remains), one that skips has most of an interval left. Only a stall of a
    // whole interval between its firing and the check below could blur them, so the interval is long.
    constexpr int IntervalMs = 250;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    int fired = 0;
    int remainingAfterLateFiring = -1;
    connect(&timer, &QTimer::timeout, this, [&] {
        if (++fired == 1) {
            QThread::msleep(4 * IntervalMs);
        } else if (fired == 2) {
            remainingAfterLateFiring = timer.remainingTime();
            timer.stop();
        }
    });
    timer.start(IntervalMs);
    QTRY_COMPARE_WITH_TIMEOUT(fired, 2, WaitMs);
    QVERIFY2(remainingAfterLateFiring > 0, qPrintable(QString::number(remainingAfterLateFiring)));
}

void TestEpollEventDispatcher::nestedLoopInsideATimerCallback()
{
    QTimer outer;
    outer.setInterval(0);
    int outerFired = 0;
    int depth = 0;
    int deepest = 0;
    int nestedTicks = 0;
    bool nestedQuitByTimer = false;
    PingReceiver receiver;
    connect(&outer, &QTimer::timeout, this, [&] {
        ++outerFired;
        deepest = std::max(deepest, ++depth);
        if (outerFired == 1) {
            // The nested loop serves posted events and other timers, not this timer again; another
            // timer quits it.
            QEventLoop nested;
            QTimer ticker;
            ticker.setInterval(0);
            connect(&ticker, &QTimer::timeout, &nested, [&] {
                if (++nestedTicks >= 20 && receiver.received == 1) {
                    nestedQuitByTimer = true;
                    nested.quit();
                }
            });
            ticker.start();
            QCoreApplication::postEvent(&receiver, new QEvent(PingEvent));
            runLoop(nested);
        }
        --depth;
    });
    outer.start();

    QTRY_VERIFY_WITH_TIMEOUT(outerFired >= 3, WaitMs);
    outer.stop();
    QVERIFY(nestedQuitByTimer);
    QCOMPARE(deepest, 1);
}

void TestEpollEventDispatcher::timerMovesWithItsObjectToAnotherThread()
{
    QThread thread;
    QVERIFY(startThreadOnEpoll(thread));
    auto *timer = new QTimer;
    auto *timerMailbox = new ThreadMailbox(timer); // moves with it
    connect(&thread, &QThread::finished, timer, &QObject::deleteLater);
    std::atomic<int> ticks{0};
    std::atomic<QThread *> firedIn{nullptr};
    connect(timer, &QTimer::timeout, timer, [&] {
        ++ticks;
        firedIn = QThread::currentThread();
    });
    timer->start(5);
    QTRY_VERIFY_WITH_TIMEOUT(ticks > 0, WaitMs);
    QCOMPARE(firedIn.load(), QThread::currentThread());

    // Qt moves the timer by asking this dispatcher for it, unregistering it, and registering it
    // with the other thread's.
    timer->moveToThread(&thread);
    QVERIFY(QCoreApplication::eventDispatcher()->registeredTimers(timer).isEmpty());
    const int before = ticks;
    QTRY_VERIFY_WITH_TIMEOUT(firedIn == &thread && ticks > before + 2, WaitMs);

    QVERIFY(stopInThreadAndJoin(thread, timerMailbox, [timer] { timer->stop(); }));
}

// Posted events, wake-ups, deferred deletes

void TestEpollEventDispatcher::postedEventIsDelivered()
{
    PingReceiver receiver;
    QCoreApplication::postEvent(&receiver, new QEvent(PingEvent));
    QCOMPARE(receiver.received, 0);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.received, 1, WaitMs);
}

void TestEpollEventDispatcher::eventPostedFromAnotherThreadEndsTheWait()
{
    PingReceiver receiver;
    QEventLoop loop;
    receiver.onPing = [&] { loop.quit(); };
    QSemaphore blocking;
    const auto connection = connect(QCoreApplication::eventDispatcher(), &QAbstractEventDispatcher::aboutToBlock,
                                    this, [&] { blocking.release(); });
    std::thread poster([&] {
        blocking.acquire();
        QCoreApplication::postEvent(&receiver, new QEvent(PingEvent));
    });
    const bool quit = runLoop(loop);
    poster.join();
    disconnect(connection);
    QVERIFY(quit);
    QCOMPARE(receiver.received, 1);
}

void TestEpollEventDispatcher::waitEndsFromAnotherThread_data()
{
    QTest::addColumn<bool>("interrupt");
    QTest::newRow("wakeUp") << false;
    QTest::newRow("interrupt") << true;
}

void TestEpollEventDispatcher::waitEndsFromAnotherThread()
{
    QFETCH(bool, interrupt);
    // A dispatcher of its own, with nothing to wait for but a far-off guard timer: only the other
    // thread can end its wait.
    EpollEventDispatcher dispatcher;
    TimerRecorder guard;
    dispatcher.registerTimer(1, WaitMs, Qt::PreciseTimer, &guard);
    QSemaphore blocking;
    connect(&dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, [&] { blocking.release(); });
    std::thread other([&] {
        blocking.acquire();
        if (interrupt)
            dispatcher.interrupt();
        else
            dispatcher.wakeUp();
    });

    const bool processed = dispatcher.processEvents(QEventLoop::WaitForMoreEvents);
    other.join();
    // An interrupt may land before the wait and end processEvents() without one; a wake-up counts.
    if (!interrupt)
        QVERIFY(processed);
    QVERIFY(guard.fired.isEmpty());
    QVERIFY(dispatcher.unregisterTimer(1));
}

void TestEpollEventDispatcher::interruptInsideAPostedEventSkipsTheWait()
{
    EpollEventDispatcher dispatcher;
    TimerRecorder guard;
    dispatcher.registerTimer(1, WaitMs, Qt::PreciseTimer, &guard);
    PingReceiver receiver;
    receiver.onPing = [&] { dispatcher.interrupt(); };
    QCoreApplication::postEvent(&receiver, new QEvent(PingEvent));

    QVERIFY(!dispatcher.processEvents(QEventLoop::WaitForMoreEvents));
    QCOMPARE(receiver.received, 1);
    QVERIFY(guard.fired.isEmpty());
    QVERIFY(dispatcher.unregisterTimer(1));
}

void TestEpollEventDispatcher::deleteLaterRunsWhenControlReturnsToTheLoop()
{
    QPointer<QObject> victim = new QObject;
    victim->deleteLater(); // before any loop runs: the first one to run deletes it
    QVERIFY(victim);
    QEventLoop loop;
    connect(victim.data(), &QObject::destroyed, &loop, &QEventLoop::quit);
    QVERIFY(runLoop(loop));
    QVERIFY(victim.isNull());
}

void TestEpollEventDispatcher::deferredDeleteWaitsForTheLoopThatPostedIt()
{
    // Qt: "entering and leaving a new event loop will not perform the deferred deletion; for the
    // object to be deleted, the control must return to the event loop from which deleteLater() was
    // called".
    QEventLoop outer;
    QPointer<QObject> victim = new QObject;
    connect(victim.data(), &QObject::destroyed, &outer, &QEventLoop::quit);
    bool aliveAfterNestedLoop = false;
    int nestedTicks = 0;
    QTimer start;
    start.setSingleShot(true);
    connect(&start, &QTimer::timeout, &outer, [&] {
        victim->deleteLater();
        QEventLoop nested;
        QTimer ticker;
        ticker.setInterval(0);
        connect(&ticker, &QTimer::timeout, &nested, [&] {
            if (++nestedTicks == 20)
                nested.quit();
        });
        ticker.start();
        runLoop(nested);
        aliveAfterNestedLoop = !victim.isNull();
    });
    start.start(0);

    QVERIFY(runLoop(outer));
    QCOMPARE(nestedTicks, 20);
    QVERIFY(aliveAfterNestedLoop);
    QVERIFY(victim.isNull());
}

void TestEpollEventDispatcher::deferredDeleteRunsInTheNestedLoopThatPostedIt()
{
    QEventLoop outer;
    QPointer<QObject> victim = new QObject;
    bool deletedWhileNestedRan = false;
    QTimer start;
    start.setSingleShot(true);
    connect(&start, &QTimer::timeout, &outer, [&] {
        QEventLoop nested;
        connect(victim.data(), &QObject::destroyed, &nested, [&] {
            deletedWhileNestedRan = nested.isRunning();
            nested.quit();
        });
        QTimer ticker;
        ticker.setInterval(0);
        int ticks = 0;
        connect(&ticker, &QTimer::timeout, &nested, [&] {
            if (++ticks == 5)
                victim->deleteLater(); // called from the nested loop
        });
        ticker.start();
        runLoop(nested);
        outer.quit();
    });
    start.start(0);

    QVERIFY(runLoop(outer));
    QVERIFY(deletedWhileNestedRan);
    QVERIFY(victim.isNull());
}

// Real sockets

void TestEpollEventDispatcher::tcpEchoAcrossThreads_data()
{
    QTest::addColumn<bool>("serverCloses");
    QTest::newRow("client closes") << false;
    QTest::newRow("server closes") << true;
}

void TestEpollEventDispatcher::tcpEchoAcrossThreads()
{
    QFETCH(bool, serverCloses);
    // Large enough to fill the socket buffers, so both sides wait for their write notifiers.
    QByteArray payload(4 << 20, Qt::Uninitialized);
    QRandomGenerator generator(20240601);
    for (char &byte : payload)
        byte = char(generator.bounded(256));

    QThread thread;
    auto *server = new EchoServer(serverCloses ? payload.size() : 0);
    // Calls into the thread go through a mailbox, which ThreadSanitizer can follow (see ThreadMailbox).
    auto *serverMailbox = new ThreadMailbox(server);
    server->moveToThread(&thread);
    connect(&thread, &QThread::finished, server, &QObject::deleteLater);
    QVERIFY(startThreadOnEpoll(thread));
    serverMailbox->post([server] { server->listen(); });
    QTRY_VERIFY_WITH_TIMEOUT(server->port != 0, WaitMs);
    QVERIFY(server->port > 0);

    QTcpSocket client;
    QByteArray received;
    bool clientDisconnected = false;
    connect(&client, &QTcpSocket::readyRead, this, [&] { received += client.readAll(); });
    connect(&client, &QTcpSocket::disconnected, this, [&] { clientDisconnected = true; });
    client.connectToHost(QHostAddress::LocalHost, quint16(server->port.load()));
    client.write(payload);

    QTRY_COMPARE_WITH_TIMEOUT(received.size(), payload.size(), WaitMs);
    QVERIFY(received == payload);
    if (!serverCloses)
        client.disconnectFromHost();
    QTRY_VERIFY_WITH_TIMEOUT(clientDisconnected, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(server->disconnects.load(), 1, WaitMs);

    // QThread::quit() interrupts the thread's wait from this thread.
    thread.quit();
    QVERIFY(thread.wait(WaitMs));
}

void TestEpollEventDispatcher::worksWithoutDescriptors()
{
    // Given: a process out of descriptors when the dispatcher is made (the limit is set to the
    // lowest free descriptor number, so no new descriptor can be opened).
    rlimit saved{};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &saved), 0);
    SocketPair pair;
    QVERIFY(pair.isValid());
    const int lowestFree = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    QVERIFY(lowestFree >= 0);
    ::close(lowestFree);
    rlimit exhausted = saved;
    exhausted.rlim_cur = rlim_t(lowestFree);
    for (int i = 0; i < 2; ++i) {
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^EpollEventDispatcher: no eventfd")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^EpollEventDispatcher: no epoll")));
    }
    QCOMPARE(::setrlimit(RLIMIT_NOFILE, &exhausted), 0);
    auto *degraded = new EpollEventDispatcher;
    QAbstractEventDispatcher *refused = EpollEventDispatcher::create();
    ::setrlimit(RLIMIT_NOFILE, &saved);
    QCOMPARE(refused, nullptr);

    // When: a thread runs on it anyway.
    QThread thread;
    thread.setEventDispatcher(degraded);
    auto *worker = new QObject;
    auto *workerMailbox = new ThreadMailbox(worker);
    worker->moveToThread(&thread);
    connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    thread.start();

    // Then: events posted from here arrive (no eventfd to wake it: its waits are short instead),
    // timers fire, and sockets are watched with poll().
    std::atomic<bool> invoked{false};
    workerMailbox->post([&] { invoked = true; });
    QTRY_VERIFY_WITH_TIMEOUT(invoked, WaitMs);

    std::atomic<int> ticks{0};
    std::atomic<int> reads{0};
    workerMailbox->post([&, worker] {
        auto *timer = new QTimer(worker);
        connect(timer, &QTimer::timeout, timer, [&] { ++ticks; });
        timer->start(5);
        auto *notifier = new QSocketNotifier(pair.fds[0], QSocketNotifier::Read, worker);
        connect(notifier, &QSocketNotifier::activated, notifier, [&] {
            ++reads;
            pair.drain(0);
        });
    });
    QTRY_VERIFY_WITH_TIMEOUT(ticks >= 3, WaitMs);
    QVERIFY(pair.send(1, "x"));
    QTRY_COMPARE_WITH_TIMEOUT(reads.load(), 1, WaitMs);

    // The timer and the notifier go before the thread does: they touch this test's variables.
    QVERIFY(stopInThreadAndJoin(thread, workerMailbox, [worker, workerMailbox] {
        const QObjectList children = worker->children();
        for (QObject *child : children) {
            if (child != workerMailbox)
                delete child;
        }
    }));
}

int main(int argc, char *argv[])
{
    // Before QCoreApplication exists, so that the main thread runs on it from the start.
    QAbstractEventDispatcher *dispatcher = EpollEventDispatcher::create();
    if (!dispatcher) {
        qCritical("No epoll event dispatcher on this system.");
        return 1;
    }
    QCoreApplication::setEventDispatcher(dispatcher);
    QCoreApplication app(argc, argv);
    TestEpollEventDispatcher test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolleventdispatcher.moc"
