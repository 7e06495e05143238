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

} // namespace wsm
