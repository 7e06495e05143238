#include "stopsignals.h"

#include <csignal>

namespace wsm::bench {

void stopOnSignals(void (*onStop)(int))
{
    struct sigaction action = {};
    action.sa_handler = onStop;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

} // namespace wsm::bench
