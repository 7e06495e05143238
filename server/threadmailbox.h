#pragma once

#include <QObject>

#include <functional>
#include <mutex>
#include <vector>

namespace wsm {

// Hands calls, with the values they carry, from any thread to the thread this object lives in (it
// is the child of the object whose thread it serves, and moves with it).
//
// Why not a queued signal or QMetaObject::invokeMethod with a functor: Qt copies the values (and
// the functor) in the sending thread and reads and destroys them in the receiving one, ordered only
// by the posted-event list's QMutex, a futex inside Debian's uninstrumented Qt that ThreadSanitizer
// cannot see. Every hand-off then looked like a race, and whether TSan reported it was chance; the
// only cure was a suppression on Qt's event delivery, which blinded TSan to all the code it runs.
// Here the values cross under a std::mutex, which TSan sees, and Qt's queue carries only a wake-up
// by method name that holds nothing of ours: the code the calls run, and the values, stay checked.
class ThreadMailbox : public QObject
{
    Q_OBJECT

public:
    explicit ThreadMailbox(QObject *parent)
        : QObject(parent)
    {
    }

    // From any thread. The calls run in this object's thread, in the order they were posted; if
    // the object is deleted first, they never run.
    void post(std::function<void()> call)
    {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_calls.push_back(std::move(call));
            if (m_wakeUpPosted)
                return; // the box has not been emptied yet: this call goes with the others
            m_wakeUpPosted = true;
        }
        // By name: a pointer-to-member or functor would be a slot object that Qt builds here and
        // reads over there, unseen by TSan (see above).
        QMetaObject::invokeMethod(this, "deliver", Qt::QueuedConnection);
    }

private Q_SLOTS:
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
        // The calls and their values are destroyed here, in this thread, ordered by the lock.
    }

private:
    std::mutex m_mutex;
    std::vector<std::function<void()>> m_calls;
    bool m_wakeUpPosted = false;
};

} // namespace wsm
