#pragma once

#include <QObject>

#include <functional>
#include <mutex>
#include <vector>

namespace wsm {

// Hands calls, with the values they carry, from any thread to the thread of one receiving object.
//
// Why not a queued signal or QMetaObject::invokeMethod with the values: Qt copies them in the
// sending thread and destroys the copies in the receiving thread, ordered only by the posted-event
// list's QMutex, a futex inside Debian's uninstrumented Qt that ThreadSanitizer cannot see. Every
// hand-off of a Snapshot then looked like a race, and whether TSan reported it was a matter of
// chance. Here the values cross under a std::mutex, which TSan sees: a real race on them (or in
// the code that builds or reads them) is still reported, and none appears by chance. Qt's queue
// carries only the wake-up, which holds no value of ours.
class ThreadMailbox
{
public:
    // The calls run in receiver's thread, in the order they were posted. The receiver outlives
    // the mailbox's use: a wake-up for a deleted receiver is dropped by Qt, and so are its calls.
    explicit ThreadMailbox(QObject *receiver)
        : m_receiver(receiver)
    {
    }
    ThreadMailbox(const ThreadMailbox &) = delete;
    ThreadMailbox &operator=(const ThreadMailbox &) = delete;

    // From any thread.
    void post(std::function<void()> call)
    {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_calls.push_back(std::move(call));
            if (m_wakeUpPosted)
                return; // the receiver has not emptied the box yet: this call goes with the others
            m_wakeUpPosted = true;
        }
        QMetaObject::invokeMethod(m_receiver, [this] { deliver(); }, Qt::QueuedConnection);
    }

private:
    // In the receiver's thread.
    void deliver()
    {
        std::vector<std::function<void()>> calls;
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            calls.swap(m_calls);
            m_wakeUpPosted = false;
        }
        for (const std::function<void()> &call : calls)
            call();
        // The calls and their values are destroyed here, in this thread, after the lock ordered them.
    }

    QObject *m_receiver;
    std::mutex m_mutex;
    std::vector<std::function<void()>> m_calls;
    bool m_wakeUpPosted = false;
};

} // namespace wsm
