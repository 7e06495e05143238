#pragma once

#include <QString>
#include <QtGlobal>

namespace wsm {

// What the process costs the machine, read cheaply enough for every snapshot (4 Hz).
class ProcessStats
{
public:
    // Resident set size in bytes; -1 where unsupported (non-Linux) or unreadable.
    static qint64 residentBytes();
    // Bytes handed out by malloc and not yet freed (glibc mallinfo2); -1 elsewhere. Unlike RSS it
    // does not include memory the allocator keeps cached, so it shows a leak sooner.
    static qint64 heapBytes();
    // Open file descriptors of this process; -1 where unsupported or unreadable.
    static int openFileDescriptors();
    // Raises the RLIMIT_NOFILE soft limit to the hard limit (10,000 clients need 10,000 fds; the
    // usual soft default is 1024). Returns the new soft limit, or -1 and *error on failure.
    static qint64 raiseOpenFileLimit(QString *error = nullptr);
};

// glibc keeps freed blocks in its arenas for reuse and gives little of it back by itself: once
// 2,000 stalled clients had been closed, RSS stayed at 600-750 MB with about 1 MiB in use. Fed
// the heap in use now and then, this hands what was freed back to the system (malloc_trim) once
// the heap in use has fallen by ReturnAfterBytes from its highest since the last time.
class FreedMemoryReturner
{
public:
    static constexpr qint64 ReturnAfterBytes = 64 * 1024 * 1024;
    using Trim = void (*)();

    explicit FreedMemoryReturner(Trim trim = &trimHeap)
        : m_trim(trim)
    {
    }

    // heapInUse as ProcessStats::heapBytes() tells it (-1: unknown, nothing is done). True if it
    // handed memory back.
    bool noteHeapInUse(qint64 heapInUse);

    // malloc_trim(0) where glibc has it; nothing elsewhere.
    static void trimHeap();

private:
    Trim m_trim;
    qint64 m_highest = 0;
};

} // namespace wsm
