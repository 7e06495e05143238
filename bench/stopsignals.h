#pragma once

namespace wsm::bench {

// The load tools stop cleanly (and still print their figures) on SIGINT and SIGTERM: onStop runs
// in the signal handler, so it may only set an atomic flag. SIGPIPE is ignored, so that a server
// that closes a connection under a write ends that connection, not the tool.
void stopOnSignals(void (*onStop)(int));

} // namespace wsm::bench
