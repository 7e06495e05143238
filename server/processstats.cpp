#include "processstats.h"

#include <QCoreApplication>

#if defined(Q_OS_UNIX)
#  include <cerrno>
#  include <cstdlib>
#  include <cstring>
#  include <dirent.h>
#  include <fcntl.h>
#  include <sys/resource.h>
#  include <unistd.h>
#endif

#if defined(__GLIBC__)
#  include <malloc.h>
#endif

#include <algorithm>
#include <limits>

namespace wsm {

qint64 ProcessStats::heapBytes()
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    // Small blocks in use plus blocks mmap'd for large allocations.
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd);
#else
    return -1;
#endif
}

bool FreedMemoryReturner::noteHeapInUse(qint64 heapInUse)
{
    if (heapInUse < 0)
        return false;
    m_highest = std::max(m_highest, heapInUse);
    if (m_highest - heapInUse < ReturnAfterBytes)
        return false;
    m_trim();
    m_highest = heapInUse;
    return true;
}

void FreedMemoryReturner::trimHeap()
{
#if defined(__GLIBC__)
    // Also releases free pages inside the arenas (MADV_DONTNEED), not only the top of the main one.
    malloc_trim(0);
#endif
}

qint64 ProcessStats::residentBytes()
{
#if defined(Q_OS_LINUX)
    // statm is one short line ("size resident shared ..." in pages): a read() of it is far
    // cheaper than QFile or /proc/self/status, and this runs on every snapshot.
    const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char buffer[128];
    const ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
    ::close(fd);
    if (n <= 0)
        return -1;
    buffer[n] = '\0';
    const char *p = buffer;
    while (*p && *p != ' ') // skip the total size
        ++p;
    if (*p != ' ')
        return -1;
    ++p;
    qint64 pages = 0;
    bool any = false;
    for (; *p >= '0' && *p <= '9'; ++p) {
        pages = pages * 10 + (*p - '0');
        any = true;
    }
    if (!any)
        return -1;
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    return pageSize > 0 ? pages * pageSize : -1;
#else
    return -1;
#endif
}

int ProcessStats::openFileDescriptors()
{
#if defined(Q_OS_LINUX)
    // readdir, not QDir: no QString or QFileInfo per entry with 10,000 sockets open.
    DIR *dir = ::opendir("/proc/self/fd");
    if (!dir)
        return -1;
    int count = 0;
    while (const dirent *entry = ::readdir(dir)) {
        if (entry->d_name[0] != '.')
            ++count;
    }
    ::closedir(dir);
    // The directory stream held one descriptor of its own while we counted.
    return count > 0 ? count - 1 : 0;
#else
    return -1;
#endif
}

qint64 ProcessStats::raiseOpenFileLimit(QString *error)
{
#if defined(Q_OS_UNIX)
    auto fail = [error](const char *call) -> qint64 {
        if (error) {
            *error = QCoreApplication::translate("wsm::ProcessStats", "%1 failed: %2")
                         .arg(QLatin1String(call), QString::fromLocal8Bit(std::strerror(errno)));
        }
        return -1;
    };
    auto asInt64 = [](rlim_t value) -> qint64 {
        if (value == RLIM_INFINITY || value > rlim_t(std::numeric_limits<qint64>::max()))
            return std::numeric_limits<qint64>::max();
        return qint64(value);
    };

    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return fail("getrlimit(RLIMIT_NOFILE)");
    if (limit.rlim_cur == limit.rlim_max)
        return asInt64(limit.rlim_cur);

    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
        return asInt64(raised.rlim_cur);

    // An unlimited hard limit is not a valid soft limit on Linux (capped by fs.nr_open) or macOS
    // (capped by OPEN_MAX): settle for the largest the kernel takes.
    const int savedErrno = errno;
    qint64 cap = -1;
#  if defined(Q_OS_LINUX)
    const int fd = ::open("/proc/sys/fs/nr_open", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        char buffer[32] = {};
        const ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
        ::close(fd);
        if (n > 0)
            cap = std::strtoll(buffer, nullptr, 10);
    }
#  elif defined(OPEN_MAX)
    cap = OPEN_MAX;
#  endif
    if (cap > 0 && rlim_t(cap) > limit.rlim_cur && rlim_t(cap) < limit.rlim_max) {
        raised.rlim_cur = rlim_t(cap);
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            return asInt64(raised.rlim_cur);
    } else {
        errno = savedErrno;
    }
    return fail("setrlimit(RLIMIT_NOFILE)");
#else
    if (error)
        *error = QCoreApplication::translate("wsm::ProcessStats", "Raising the open file limit is not supported here.");
    return -1;
#endif
}

} // namespace wsm
