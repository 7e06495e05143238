#pragma once

#include <QList>

#include <utility>

namespace wsm {

// A session's histories (its last messages, its last round-trip times) are rings of at most a
// fixed number of entries, kept in a QList that grows as used and then wraps at `next`.

// Appends to a ring of at most capacity entries, overwriting the oldest once full.
template<typename T>
void appendToRing(QList<T> &ring, int &next, int capacity, T &&value)
{
    if (ring.size() < capacity) {
        // Grows as used: a client that sent one message does not pay for a hundred.
        ring.append(std::move(value));
        return;
    }
    ring[next] = std::move(value);
    next = (next + 1) % capacity;
}

// The ring's entries oldest first.
template<typename T>
QList<T> ringInOrder(const QList<T> &ring, int next)
{
    if (next == 0)
        return ring;
    return ring.mid(next) + ring.mid(0, next);
}

} // namespace wsm
