#include "fdlimit.h"

#include <cerrno>
#include <cstring>

#include <sys/resource.h>

namespace wsm::bench {

bool raiseOpenFileLimit(std::uint64_t needed, std::string *error)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        *error = std::string("getrlimit(RLIMIT_NOFILE): ") + std::strerror(errno);
        return false;
    }
    if (limit.rlim_cur != limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
        *error = "needs " + std::to_string(needed) + " file descriptors but the limit is "
            + std::to_string(limit.rlim_cur) + " (hard limit " + std::to_string(limit.rlim_max)
            + "); use fewer clients or raise the hard limit (ulimit -Hn).";
        return false;
    }
    return true;
}

} // namespace wsm::bench
